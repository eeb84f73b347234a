#!/usr/bin/env bash
# Start-up to /health: launches `java -jar quarry.jar run` with all five plugins enabled on a fresh data
# directory (first start: identity created, bundled plugins unpacked, RocksDB created) and again on the same
# directory (warm start), and reports milliseconds until /health answers 200 with every plugin STARTED.
# Usage: bench/startup.sh [runs]     (build first: ./run-tests or ./quarry once; QUARRY_JAR=path overrides)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=../scripts/find-java.sh
. "$ROOT/scripts/find-java.sh"
JAVA=$(quarry_find_java 21)
JAR="${QUARRY_JAR:-$ROOT/packaging/target/quarry.jar}"
RUNS=${1:-5}
[ -f "$JAR" ] || { echo "build quarry.jar first (./quarry version)" >&2; exit 1; }

now_ms() { date +%s%3N; }

measure() { # $1 = data dir; prints ms to healthy
  local dir=$1 port=$((20000 + RANDOM % 20000)) start pid code=""
  cat > "$dir.toml" <<TOML
[node]
data_dir = "$dir"
[http]
listen = "127.0.0.1:$port"
[transport]
listen = "127.0.0.1:0"
[plugins]
enabled = ["storage-miner", "poies-miner", "randomx-cluster", "fleet-control", "subnet-miner"]
[log]
file = false
level = "warn"
TOML
  start=$(now_ms)
  "$JAVA" -jar "$JAR" run --config "$dir.toml" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if body=$(curl -sf "http://127.0.0.1:$port/health" 2>/dev/null) \
        && [ "$(grep -o '"state":"STARTED"' <<<"$body" | wc -l)" -eq 5 ]; then
      code=ok; break
    fi
    sleep 0.02
  done
  local elapsed=$(( $(now_ms) - start ))
  kill -TERM "$pid"; wait "$pid" || true
  [ "$code" = ok ] || { echo "node did not become healthy" >&2; exit 1; }
  echo "$elapsed"
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $("$JAVA" -version 2>&1 | head -1)"
cold=(); warm=()
for i in $(seq 1 "$RUNS"); do
  cold+=("$(measure "$tmp/node-$i")")
  warm+=("$(measure "$tmp/node-$i")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "first start (fresh data dir): ${cold[*]} ms; median $(median "${cold[@]}") ms"
echo "warm start (same data dir):   ${warm[*]} ms; median $(median "${warm[@]}") ms"
