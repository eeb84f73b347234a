#!/usr/bin/env bash
# Storage upload and download MB/s end to end through the validator's HTTP routes, with the validator and the
# miners as real nodes in one JVM (io.quarry.bench.StorageEndToEndBench). Every file is checked byte for byte.
# Usage: bench/storage-e2e.sh [rounds] [fileMiB] [families] [minersPerFamily] [dataShards] [parityShards]
#        (defaults 4 32 3 1 2 1)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
bench_package plugins/storage-miner native platform-core/testkit platform-core/kernel platform-core/api
bench_machine
bench_load before
"$JAVA" -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$CP" \
  io.quarry.bench.StorageEndToEndBench "$@" 2>/dev/null
bench_load after
