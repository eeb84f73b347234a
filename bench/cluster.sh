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
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
bench_package platform-core/kernel platform-core/api platform-core/testkit plugins/randomx-cluster native
bench_machine
echo "command: bench/cluster.sh $*; light mode except the fast-mode dataset host, huge pages off"
bench_load before
"$JAVA" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR -Xmx3g -cp "$CP" \
    io.quarry.bench.ClusterBench "$@"
bench_load after
