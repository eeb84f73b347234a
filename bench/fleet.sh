#!/usr/bin/env bash
# Fleet scale benchmark: one controller and N lightweight workers in one JVM over the real transport and the
# real command protocol; prints how long the controller takes to read every worker's miners (remote status).
# Builds the modules it needs (package only, nothing installed), then runs io.quarry.bench.FleetScaleBench.
# Usage: bench/fleet.sh [workers] [rounds]
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others running at the same time.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
bench_package platform-core/kernel platform-core/api plugins/fleet-control
bench_machine
echo "command: bench/fleet.sh $*"
bench_load before
"$JAVA" -Xms512m -Xmx2g -cp "$CP" io.quarry.bench.FleetScaleBench "$@"
