#!/usr/bin/env bash
# Installs what the build and the tests need and the machine lacks, idempotently: Maven, a JDK >= 21 when
# none is found, librandomx0 (RandomX for the randomx-cluster plugin, through JNA) and monero (monerod, which
# the randomx-cluster tests tagged "daemon" run in regtest mode), chromium (the dashboard's browser tests) and
# iproute2 (network namespaces for the randomx-cluster broadcast test).
# Node.js with @polkadot/util-crypto and @polkadot/keyring (npm ci from the committed package-lock.json) for the
# subnet-miner's cross-checks and bench.
# Runs apt-get only as root; otherwise it says what is missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=find-java.sh
. "$ROOT/scripts/find-java.sh"

missing=()
command -v mvn >/dev/null || missing+=(maven)
quarry_find_java 21 jdk >/dev/null 2>&1 || missing+=(jdk)
# Debian's package ships only librandomx.so.0, which is the name quarry-native loads.
if command -v dpkg >/dev/null && ! dpkg -s librandomx0 >/dev/null 2>&1; then
  missing+=(librandomx0)
fi
# ISA-L's Reed-Solomon for the storage-miner plugin, through JNA; Debian ships libisal.so.2.
if command -v dpkg >/dev/null && ! dpkg -s libisal2 >/dev/null 2>&1; then
  missing+=(libisal2)
fi
# monerod for the solo-mining tests; Debian bookworm ships 0.18.0.0.
command -v monerod >/dev/null || missing+=(monero)
# Headless Chromium for the dashboard's browser tests (HeadlessChromium in platform-core/test-support).
command -v chromium >/dev/null || missing+=(chromium)
# Node.js for the subnet-miner's reference signer (@polkadot/util-crypto, installed below with npm).
command -v npm >/dev/null || missing+=(npm)
# iproute2 (`ip netns`) for the randomx-cluster test that runs nodes in network namespaces on a bridge.
command -v ip >/dev/null || missing+=(iproute2)

# npm ci is idempotent: it installs exactly the lock file's versions, and is skipped when they are in place.
install_node_deps() {
  local dir="$ROOT/plugins/subnet-miner/src/test/node"
  if [ -f "$dir/package-lock.json" ] && command -v npm >/dev/null \
      && ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
      && cp package-lock.json node_modules/.package-lock.json.installed)
  fi
}

install_node_deps
# Debian's arm64 package index, so the build can carry librandomx and ISA-L for aarch64 too (native/fetch-natives.sh).
if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null && [ "$(dpkg --print-architecture)" = amd64 ] \
    && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  missing+=(arm64-index)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "install-test-deps: missing ${missing[*]}; run as root to install them, or install them yourself" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
case " ${missing[*]} " in *" arm64-index "*) dpkg --add-architecture arm64 ;; esac
apt-get update -qq
for m in "${missing[@]}"; do
  case $m in
    maven) apt-get install -y -qq maven >/dev/null ;;
    librandomx0) apt-get install -y -qq librandomx0 >/dev/null ;;
    libisal2) apt-get install -y -qq libisal2 >/dev/null ;;
    monero) apt-get install -y -qq monero >/dev/null ;;
    chromium) apt-get install -y -qq chromium >/dev/null ;;
    npm) apt-get install -y -qq nodejs npm >/dev/null ;;
    iproute2) apt-get install -y -qq iproute2 >/dev/null ;;
    arm64-index) ;;
    jdk)
      # Package names differ by release; take the first that exists.
      apt-get install -y -qq openjdk-21-jdk-headless >/dev/null 2>&1 \
        || apt-get install -y -qq openjdk-25-jdk-headless >/dev/null 2>&1 \
        || apt-get install -y -qq temurin-21-jdk >/dev/null 2>&1 \
        || { quarry_find_java 21 jdk >/dev/null; exit 1; } ;;
  esac
done
install_node_deps
