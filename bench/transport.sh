#!/usr/bin/env bash
# Transport benchmark: 1 MiB messages between two NettyTransports in one JVM, side by side with a plain JDK
# TLS 1.3 socket pair (same node certificates, same bytes), plus small request/response round trips.
# Builds the API, kernel and bench modules, then runs io.quarry.bench.TransportBench and prints a Markdown table.
# Usage: bench/transport.sh [rounds] [messagesPerRound] [inFlight] [rttSeconds]
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

if grep -q '<module>bench</module>' "$ROOT/pom.xml"; then
  "${MVN[@]}" -f "$ROOT/pom.xml" -pl bench -am install >&2
else
  # Not yet a reactor module: install what it needs, then build it on its own.
  "${MVN[@]}" -f "$ROOT/pom.xml" -pl platform-core/api,platform-core/kernel install >&2
  "${MVN[@]}" -f "$ROOT/bench/pom.xml" package >&2
fi
# This tree's own classes first: a shared ~/.m2 may hold another checkout's kernel by now.
CP="$ROOT/bench/$BUILD_DIR/classes:$ROOT/platform-core/kernel/$BUILD_DIR/classes"
CP="$CP:$ROOT/platform-core/api/$BUILD_DIR/classes:$(cat "$ROOT/bench/$BUILD_DIR/classpath.txt")"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
echo "command: bench/transport.sh $*"
# Other builds on the machine move the figures; the load average before and after says how much.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
"$JAVA" -Xms1g -Xmx1g -cp "$CP" io.quarry.bench.TransportBench "$@" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
