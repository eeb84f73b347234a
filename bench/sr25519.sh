#!/usr/bin/env bash
# subnet-miner: CPU time per operation of the sr25519 verifier's pieces (field multiplication and squaring, point
# addition and doubling, Ristretto encoding and decoding, the verification equation with and without a key's
# table, whole verifications with a known key and with keys never seen before), one thread, best of N rounds.
# Thread CPU time leaves out the time other processes hold the cores, so the figures move less with the load
# than bench/subnet.sh's wall-clock rates; the comparison with @polkadot's verifiers is bench/subnet.sh's.
# Usage: bench/sr25519.sh [rounds]   (default 7)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
ROUNDS=${1:-7}
OUT="$ROOT/plugins/subnet-miner/$BUILD_DIR/bench"
mkdir -p "$OUT"
"${MVN[@]}" -f "$ROOT/pom.xml" -pl plugins/subnet-miner -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test "-Dmdep.outputFile=$OUT/classpath.txt"
CP="$ROOT/plugins/subnet-miner/$BUILD_DIR/test-classes:$ROOT/plugins/subnet-miner/$BUILD_DIR/classes:$(cat "$OUT/classpath.txt")"
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)," \
     "$("$JAVA" -version 2>&1 | head -1)"
echo "command: bench/sr25519.sh $ROUNDS"
"$JAVA" -Xms256m -Xmx256m -cp "$CP" io.quarry.subnet.crypto.Sr25519MicroBench "$ROUNDS"
