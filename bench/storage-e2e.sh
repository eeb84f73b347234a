#!/usr/bin/env bash
# Storage upload and download MB/s end to end through the validator's HTTP routes, with the validator and the
# miners as real nodes in one JVM (io.quarry.bench.StorageEndToEndBench). Every file is checked byte for byte.
# Usage: bench/storage-e2e.sh [rounds] [fileMiB] [families] [minersPerFamily] [dataShards] [parityShards]
#        (defaults 4 32 3 1 2 1)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=../scripts/find-java.sh
. "$ROOT/scripts/find-java.sh"
JAVA=$(quarry_find_java 21 jdk)
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$JAVA")")
BUILD_DIR=${QUARRY_BUILD_DIR:-target}
MVN=(mvn -B -q -ntp -Dstyle.color=never -DskipTests "-Dquarry.build.dir=$BUILD_DIR")
[ -n "${QUARRY_OFFLINE:-}" ] && MVN+=(-o)
"${MVN[@]}" -f "$ROOT/pom.xml" -pl bench -am package >&2
CP="$ROOT/bench/$BUILD_DIR/classes:$ROOT/plugins/storage-miner/$BUILD_DIR/classes:$ROOT/native/$BUILD_DIR/classes"
CP="$CP:$ROOT/platform-core/testkit/$BUILD_DIR/classes:$ROOT/platform-core/kernel/$BUILD_DIR/classes"
CP="$CP:$ROOT/platform-core/api/$BUILD_DIR/classes:$(cat "$ROOT/bench/$BUILD_DIR/classpath.txt")"
echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$CP" \
  io.quarry.bench.StorageEndToEndBench "$@" 2>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
