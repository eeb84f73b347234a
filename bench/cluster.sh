#!/usr/bin/env bash
# RandomX cluster throughput on this machine, in one run: rounds of one node x 2 threads and two nodes x 1 thread as
# master and worker (both light mode), interleaved (odd rounds single first, even rounds pair first) so machine
# noise hits both alike; each round prints both rates and their ratio, the end the median ratio as
# "cluster_vs_single=<ratio>". Then a master in fast mode as the dataset host (2080 MiB dataset; skipped with less
# than 3 GiB available) and a low-RAM worker (ram_mb = 512) that measures its light mode against remote hashing
# (HASH_REQUEST) and lets the plugin's HashingPolicy choose. Real nodes in one JVM over the real transport, with a
# pool stand-in. Builds the modules it needs (package only, nothing installed), then runs io.quarry.bench.ClusterBench.
# Needs librandomx0.
# Usage: bench/cluster.sh [measuring-seconds [rounds [light-only]]]   (defaults 10 and 3: about 3 minutes of
#   rounds; the dataset host adds about 5 minutes, most of it building the dataset on one thread)
#        bench/cluster.sh [measuring-seconds] fast-host   (only the dataset-host phase)
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
CP="$ROOT/bench/$BUILD_DIR/classes:$ROOT/platform-core/kernel/$BUILD_DIR/classes"
CP="$CP:$ROOT/platform-core/api/$BUILD_DIR/classes:$ROOT/platform-core/testkit/$BUILD_DIR/classes"
CP="$CP:$ROOT/plugins/randomx-cluster/$BUILD_DIR/classes:$ROOT/native/$BUILD_DIR/classes"
CP="$CP:$(cat "$ROOT/bench/$BUILD_DIR/classpath.txt")"
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
echo "command: bench/cluster.sh $*; light mode except the fast-mode dataset host, huge pages off"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR -Xmx3g -cp "$CP" \
    io.quarry.bench.ClusterBench "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
