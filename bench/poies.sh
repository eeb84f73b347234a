#!/usr/bin/env bash
# PoIES nonce scanner: nonces per second of the Java scanner (CpuDevice) over a realistic template, side by side
# in one run with OpenSSL's SHA3-512 (libcrypto EVP, bench/poies/sha3bench.c) in two modes: "full" hashes the whole
# input per nonce (canonical header || nonce || mixSeed, 7 permutations), "midstate" absorbs the header once and
# per nonce copies that context (EVP_MD_CTX_copy_ex) and absorbs only nonce || mixSeed (1 permutation, as the Java
# scanner does: docs/poies-canonical-header.md). SHA3-512 runs the same Keccak-f[1600] permutation as Keccak-512;
# only the padding byte differs.
# The measurements take turns inside one JVM (OpenSSL full, OpenSSL midstate, Java scalar 1 thread, Java with the
# detected kernel - SIMD lanes on the Vector API where the CPU has AVX2/AVX-512 - on 1 and 2 threads, per round),
# so load from elsewhere falls on all alike. Prints each round, the medians, the ratios and last the line
# scanner_vs_openssl_midstate=<ratio> (Java 1 thread over midstate OpenSSL, nonces per CPU-second; target >= 1.5).
# Usage: bench/poies.sh [rounds] [seconds-per-measurement]     (defaults 5 rounds of 5 s)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
ROUNDS=${1:-5}
SECONDS_EACH=${2:-5}
OUT="$ROOT/bench/poies/$BUILD_DIR"
mkdir -p "$OUT"

# libssl-dev (EVP headers and libcrypto.so for the linker) and gcc.
need=()
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
command -v gcc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "poies.sh: install ${need[*]} first (apt-get install ${need[*]})" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
gcc -O2 -Wall -Wextra "$ROOT/bench/poies/sha3bench.c" -lcrypto -o "$OUT/sha3bench"

# The bench main lives in the plugin's test sources (io.quarry.poies.hash.ScannerBench): compile them and write
# the test classpath in the same reactor run, so nothing is installed into ~/.m2.
"${MVN[@]}" -f "$ROOT/pom.xml" -pl plugins/poies-miner -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test "-Dmdep.outputFile=$OUT/classpath.txt"
CP="$ROOT/plugins/poies-miner/$BUILD_DIR/test-classes:$ROOT/plugins/poies-miner/$BUILD_DIR/classes:$(cat "$OUT/classpath.txt")"

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)," \
     "$(openssl version 2>/dev/null || echo "libcrypto $(dpkg-query -W -f='${Version}' libssl-dev)")"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/poies.sh $ROUNDS $SECONDS_EACH"
# The Vector API is an incubator module: the JVM says so in one WARNING line on stderr.
"$JAVA" -Xms256m -Xmx256m --add-modules jdk.incubator.vector -Dslf4j.internal.verbosity=ERROR -cp "$CP" \
    io.quarry.poies.hash.ScannerBench --rounds "$ROUNDS" --seconds "$SECONDS_EACH" --openssl "$OUT/sha3bench" \
    | tee "$OUT/last-run.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The ratio again as the last line, so a reader (or a script) finds it with tail -1.
grep '^scanner_vs_openssl_midstate=' "$OUT/last-run.txt"
