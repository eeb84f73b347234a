#!/usr/bin/env bash
# FetchBlob throughput: 1 MiB shards at 64-way concurrency over loopback, served by the storage-miner's
# MinerService on the kernel transport, against a bare download protocol on the same transport streaming the same
# bytes from memory (io.quarry.bench.StorageFetchBench). Rounds alternate; prints each round and the medians.
# Usage: bench/storage-fetch.sh [rounds] [secondsPerRound] [concurrency] [shards]   (defaults 6 5 64 64)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
bench_package plugins/storage-miner native platform-core/kernel platform-core/api
bench_machine
bench_load before
"$JAVA" -Xms1g -Xmx1g --add-modules jdk.incubator.vector -cp "$CP" io.quarry.bench.StorageFetchBench "$@" 2>/dev/null
bench_load after
