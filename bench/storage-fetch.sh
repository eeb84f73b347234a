#!/usr/bin/env bash
# FetchBlob throughput: 1 MiB shards at 64-way concurrency over loopback, served by the storage-miner's
# MinerService on the kernel transport, against a bare download protocol on the same transport streaming the same
# bytes from memory (io.quarry.bench.StorageFetchBench). Rounds alternate; prints each round and the medians.
# Usage: bench/storage-fetch.sh [rounds] [secondsPerRound] [concurrency] [shards]   (defaults 6 5 64 64)
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
CP="$CP:$ROOT/platform-core/kernel/$BUILD_DIR/classes:$ROOT/platform-core/api/$BUILD_DIR/classes"
CP="$CP:$(cat "$ROOT/bench/$BUILD_DIR/classpath.txt")"
echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -Xms1g -Xmx1g --add-modules jdk.incubator.vector -cp "$CP" io.quarry.bench.StorageFetchBench "$@" 2>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
