#!/usr/bin/env bash
# subnet-miner: (1) sr25519 verifications per second of the Java verifier against @polkadot/util-crypto in Node
# (its JavaScript sr25519Verify, and @polkadot/wasm-crypto's WASM verifier), taking turns in the same run, one
# thread each (target: Java >= 10x util-crypto); (2) Epistula-verified requests per second through a real
# node's public listener on a trivial signed route. Prints each round and the medians.
# Usage: bench/subnet.sh [rounds] [seconds-per-verify-measurement] [requests-per-round]   (defaults 5 3 4000)
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
ROUNDS=${1:-5}
SECONDS_EACH=${2:-3}
REQUESTS=${3:-4000}
OUT="$ROOT/plugins/subnet-miner/$BUILD_DIR/bench"
mkdir -p "$OUT"

# @polkadot/util-crypto and @polkadot/keyring, as the tests use them (npm ci from the lock file).
NODE_DIR="$ROOT/plugins/subnet-miner/src/test/node"
command -v node >/dev/null || { echo "subnet.sh: Node.js is needed (scripts/install-test-deps.sh)" >&2; exit 1; }
[ -d "$NODE_DIR/node_modules/@polkadot/util-crypto" ] \
  || (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# The bench main lives in the plugin's test sources (io.quarry.subnet.bench.SubnetBench): compile them and write
# the test classpath in the same reactor run, so nothing is installed into ~/.m2.
"${MVN[@]}" -f "$ROOT/pom.xml" -pl plugins/subnet-miner -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test "-Dmdep.outputFile=$OUT/classpath.txt"
CP="$ROOT/plugins/subnet-miner/$BUILD_DIR/test-classes:$ROOT/plugins/subnet-miner/$BUILD_DIR/classes:$(cat "$OUT/classpath.txt")"

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)," \
     "node $(node --version), @polkadot/util-crypto $(node -p "require('$NODE_DIR/node_modules/@polkadot/util-crypto/package.json').version")"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/subnet.sh $ROUNDS $SECONDS_EACH $REQUESTS"
# The node helper is found relative to the module directory, as in the tests.
cd "$ROOT/plugins/subnet-miner"
"$JAVA" -Xms256m -Xmx256m -Dslf4j.internal.verbosity=ERROR "-Dlogback.configurationFile=$ROOT/bench/subnet/logback.xml" \
    "-Dsubnet.bench.log=$OUT/requests.log" -cp "$CP" io.quarry.subnet.bench.SubnetBench \
    "$ROUNDS" "$SECONDS_EACH" "$REQUESTS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
