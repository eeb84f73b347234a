#!/usr/bin/env bash
# Fleet deploy benchmark: one controller and one worker in one JVM over the real transport; the controller
# deploys a bundle of N MiB (streamed, chunk-encrypted) and the worker installs it; prints the time and MiB/s.
# Builds the modules it needs (package only, nothing installed), then runs io.quarry.bench.FleetDeployBench
# with a heap (128 MiB) smaller than the default bundle (256 MiB).
# Usage: bench/fleet-deploy.sh [MiB] [rounds]
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others running at the same time.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
bench_package platform-core/kernel platform-core/api plugins/fleet-control
bench_machine
echo "command: bench/fleet-deploy.sh $*"
bench_load before
"$JAVA" -Xmx128m -cp "$CP" io.quarry.bench.FleetDeployBench "$@"
