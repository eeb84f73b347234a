#!/usr/bin/env bash
# Storage-miner hot loops on one core: this project's BLAKE3 beside b3sum (the BLAKE3 team's Rust tool, Debian
# package b3sum) restricted to one thread, and ISA-L Reed-Solomon encode/decode of 2 MiB stripes.
# b3sum hashes a file of the same size from /dev/shm (page cache, so no disk), best of the rounds; the Java side
# hashes the same number of bytes in memory, best of the rounds after a warm-up. Prints MB/s and the ratio.
# Usage: bench/storage.sh [rounds] [MiB] [dataShards] [parityShards]    (defaults 5 256 10 20)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
ROUNDS=${1:-5}
MIB=${2:-256}
command -v b3sum >/dev/null || { echo "storage.sh: install b3sum first (apt-get install b3sum)" >&2; exit 1; }
dpkg -s libisal2 >/dev/null 2>&1 || { echo "storage.sh: install libisal2 first (apt-get install libisal2)" >&2; exit 1; }

bench_package plugins/storage-miner native

echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $(b3sum --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
FILE=$(mktemp /dev/shm/storage-bench.XXXXXX)
trap 'rm -f "$FILE"' EXIT
head -c "$((MIB << 20))" /dev/urandom > "$FILE"
best=0
for _ in $(seq "$ROUNDS"); do
  start=$(date +%s%N)
  b3sum --num-threads 1 --no-names "$FILE" >/dev/null
  end=$(date +%s%N)
  rate=$(( (MIB << 20) * 1000 / (end - start) ))   # bytes per ns * 1000 = MB/s
  [ "$rate" -gt "$best" ] && best=$rate
done
echo "b3sum-1-thread $best"
OUT=$("$JAVA" -Xms1500m -Xmx1500m --add-modules jdk.incubator.vector -cp "$CP" io.quarry.bench.StorageBench "$ROUNDS" "$MIB" "${3:-10}" "${4:-20}" 2>/dev/null)
echo "$OUT"
java_rate=$(echo "$OUT" | awk '/^blake3-quarry / {print $2}')
echo "blake3 quarry / b3sum per core: $(awk -v a="$java_rate" -v b="$best" 'BEGIN {printf "%.2f", a / b}')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
