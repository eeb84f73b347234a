#!/usr/bin/env bash
# Fleet deploy benchmark: one controller and one worker in one JVM over the real transport; the controller
# deploys a bundle of N MiB (streamed, chunk-encrypted) and the worker installs it; prints the time and MiB/s.
# Builds the modules it needs (package only, nothing installed), then runs io.quarry.bench.FleetDeployBench
# with a heap (128 MiB) smaller than the default bundle (256 MiB).
# Usage: bench/fleet-deploy.sh [MiB] [rounds]
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
echo "command: bench/fleet-deploy.sh $*"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -Xmx128m -cp "$CP" io.quarry.bench.FleetDeployBench "$@"
