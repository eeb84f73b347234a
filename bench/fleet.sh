#!/usr/bin/env bash
# Fleet scale benchmark: one controller and N lightweight workers in one JVM over the real transport and the
# real command protocol; prints how long the controller takes to read every worker's miners (remote status).
# Builds the modules it needs (package only, nothing installed), then runs io.quarry.bench.FleetScaleBench.
# Usage: bench/fleet.sh [workers] [rounds]
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others running at the same time.
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
CP="$ROOT/bench/$BUILD_DIR/classes:$ROOT/platform-core/kernel/$BUILD_DIR/classes"
CP="$CP:$ROOT/platform-core/api/$BUILD_DIR/classes:$ROOT/plugins/fleet-control/$BUILD_DIR/classes"
CP="$CP:$(cat "$ROOT/bench/$BUILD_DIR/classpath.txt")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
echo "command: bench/fleet.sh $*"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -Xms512m -Xmx2g -cp "$CP" io.quarry.bench.FleetScaleBench "$@"
