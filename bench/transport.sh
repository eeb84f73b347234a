#!/usr/bin/env bash
# Transport benchmark: 1 MiB messages between two NettyTransports in one JVM, side by side with a plain JDK
# TLS 1.3 socket pair (same node certificates, same bytes) and bare Netty on the same TLS engine; a 512 MiB upload
# stream beside bare Netty sending the same 512 MiB; small request/response round trips. The heap holds the
# upload's body (messagesPerRound MiB) as well.
# Builds the API, kernel and bench modules, then runs io.quarry.bench.TransportBench and prints a Markdown table.
# Usage: bench/transport.sh [rounds] [messagesPerRound] [inFlight] [rttSeconds]
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others running at the same time.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

OUT="$ROOT/bench/$BUILD_DIR"
mkdir -p "$OUT/classes"
# Compile the API and kernel in the reactor and write the kernel's runtime classpath (nothing is installed into
# ~/.m2, which other checkouts share), then compile the bench sources against this tree's own classes.
"${MVN[@]}" -f "$ROOT/pom.xml" -pl platform-core/kernel -am compile dependency:build-classpath \
    -Dmdep.includeScope=runtime "-Dmdep.outputFile=$OUT/classpath.txt" >&2
CP="$ROOT/platform-core/kernel/$BUILD_DIR/classes:$ROOT/platform-core/api/$BUILD_DIR/classes:$(cat "$OUT/classpath.txt")"
# Only the transport bench's sources: the other benches need modules (testkit, plugins) this build leaves out.
SRC="$ROOT/bench/src/main/java/io/quarry/bench"
"$JAVA_HOME/bin/javac" --release 21 -nowarn -d "$OUT/classes" -cp "$CP" \
    "$SRC/TransportBench.java" "$SRC/BenchMessages.java" "$SRC/NettyTlsPair.java" "$SRC/PlainTlsPair.java"
cp -r "$ROOT/bench/src/main/resources/." "$OUT/classes/"
CP="$OUT/classes:$CP"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
echo "command: bench/transport.sh $*"
# Other builds on the machine move the figures; the load average before and after says how much.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
"$JAVA" -Xms2g -Xmx2g -cp "$CP" io.quarry.bench.TransportBench "$@" | tee "$OUT/last-run.txt" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The 1 MiB message ratio against bare Netty on the same TLS engine as the last line, for tail -1.
grep '^transport_vs_bare_netty=' "$OUT/last-run.txt" || status=1
exit "$status"
