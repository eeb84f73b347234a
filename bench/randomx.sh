#!/usr/bin/env bash
# RandomX hashrate, fast mode on all threads: `quarry randomx bench` (the Java mining loop over JNA) side by side
# with bench/randomx/rxbench.c (the same batched hashing in C) on the same librandomx, in one run.
# The machine is shared, so the two are not timed one after the other: both start (each initialises its dataset
# alone, timed), then take turns of SLOT seconds, the other one held with SIGSTOP, and each program's rate counts
# only the whole seconds it ran (it prints "tick <ms> <hashes>" every second; a tick that spans a pause is
# dropped). Load from elsewhere then falls on both alike. Prints both H/s, the Java/C ratio (target >= 0.97) and
# the dataset initialisation times.
# Usage: bench/randomx.sh [turns] [slot-seconds]     (defaults 10 turns of 6 s each)
#   THREADS=n         threads for both (default: all cores)
#   HUGE_PAGES=use    use the huge pages the system has (default); off: never;
#              reserve: as root, reserve enough for both in vm.nr_hugepages and restore the old value after
#   QUARRY_BUILD_DIR=target-x keeps this build apart from others; QUARRY_OFFLINE=1 builds with mvn -o
#   QUARRY_JAR=path   use this quarry.jar's `randomx bench` (default: packaging/target/quarry.jar when it has the
#                     verb, else the plugin's command run standalone from this tree's classes)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=../scripts/find-java.sh
. "$ROOT/scripts/find-java.sh"
TURNS=${1:-10}
SLOT=${2:-6}
WARMUP=5
THREADS=${THREADS:-$(nproc)}
HUGE_PAGES=${HUGE_PAGES:-use}
BUILD_DIR=${QUARRY_BUILD_DIR:-target}
OUT="$ROOT/bench/randomx/$BUILD_DIR"
mkdir -p "$OUT"

# librandomx0 (the library), librandomx-dev (randomx.h, librandomx.so for the linker) and gcc.
need=()
dpkg -s librandomx0 >/dev/null 2>&1 || need+=(librandomx0)
dpkg -s librandomx-dev >/dev/null 2>&1 || need+=(librandomx-dev)
command -v gcc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "randomx.sh: install ${need[*]} first (apt-get install ${need[*]})" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
gcc -O2 -Wall -Wextra -pthread "$ROOT/bench/randomx/rxbench.c" -lrandomx -o "$OUT/rxbench"

JAVA=$(quarry_find_java 21 jdk)
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$JAVA")")
JAR=${QUARRY_JAR:-$ROOT/packaging/target/quarry.jar}
if [ -f "$JAR" ] && "$JAVA" -jar "$JAR" randomx bench --help >/dev/null 2>&1; then
  JAVA_BENCH=("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" randomx bench)
  JAVA_HOW="quarry randomx bench ($JAR)"
else
  MVN=(mvn -B -q -ntp -Dstyle.color=never -DskipTests "-Dquarry.build.dir=$BUILD_DIR")
  [ -n "${QUARRY_OFFLINE:-}" ] && MVN+=(-o)
  "${MVN[@]}" -f "$ROOT/pom.xml" -pl native,plugins/randomx-cluster -am install
  "${MVN[@]}" -f "$ROOT/pom.xml" -pl plugins/randomx-cluster dependency:build-classpath \
      -Dmdep.includeScope=compile "-Dmdep.outputFile=$OUT/classpath.txt"
  CP="$ROOT/plugins/randomx-cluster/$BUILD_DIR/classes:$ROOT/native/$BUILD_DIR/classes:$(cat "$OUT/classpath.txt")"
  JAVA_BENCH=("$JAVA" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR -cp "$CP"
              io.quarry.randomx.cli.RandomxCommand bench)
  JAVA_HOW="randomx bench, the plugin's command run standalone (io.quarry.randomx.cli.RandomxCommand)"
fi

C_PAGES=on
J_PAGES=use
case $HUGE_PAGES in
  off) C_PAGES=off; J_PAGES=off ;;
  use) ;;
  reserve)
    [ "$(id -u)" = 0 ] || { echo "randomx.sh: HUGE_PAGES=reserve needs root" >&2; exit 1; }
    OLD_PAGES=$(cat /proc/sys/vm/nr_hugepages)
    # Per program: dataset 1040 + cache 128 + a scratchpad page per thread (2 MiB pages); both run at once.
    echo $((OLD_PAGES + 2 * (1168 + THREADS + 2))) > /proc/sys/vm/nr_hugepages ;;
  *) echo "randomx.sh: HUGE_PAGES must be use, off or reserve" >&2; exit 1 ;;
esac

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)," \
     "librandomx0 $(dpkg-query -W -f='${Version}' librandomx0)"
echo "huge pages: $HUGE_PAGES ($(awk '/HugePages_Free/ {print $2}' /proc/meminfo) free of $(awk '/HugePages_Total/ {print $2}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "command: bench/randomx.sh $TURNS $SLOT (THREADS=$THREADS HUGE_PAGES=$HUGE_PAGES); Java: $JAVA_HOW"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; }
restore_pages() { if [ -n "${OLD_PAGES:-}" ]; then echo "$OLD_PAGES" > /proc/sys/vm/nr_hugepages; fi; }
trap 'cleanup; restore_pages' EXIT

# Starts a program in the background, waits until its dataset is built and it has warmed up (first tick), then
# holds it. $1 = output file, rest = command.
start_held() {
  local file=$1; shift
  "$@" > "$file" 2> "$file.err" &
  local pid=$!
  PIDS+=("$pid")
  until grep -q '^tick' "$file"; do
    kill -0 "$pid" 2>/dev/null || { echo "randomx.sh: $* ended early:" >&2; cat "$file" "$file.err" >&2; exit 1; }
    sleep 0.5
  done
  kill -STOP "$pid"
}
RUN_SECONDS=$((TURNS * SLOT * 4 + 60))
start_held "$OUT/c.txt" "$OUT/rxbench" --mode fast --threads "$THREADS" --seconds "$RUN_SECONDS" \
    --warmup "$WARMUP" --large-pages "$C_PAGES" --ticks on
C_PID=${PIDS[0]}
start_held "$OUT/java.txt" "${JAVA_BENCH[@]}" --mode fast --threads "$THREADS" --seconds "$RUN_SECONDS" \
    --warmup "$WARMUP" --huge-pages "$J_PAGES" --ticks
J_PID=${PIDS[1]}
for _ in $(seq 1 "$TURNS"); do
  for pid in "$C_PID" "$J_PID"; do
    kill -CONT "$pid"; sleep "$SLOT"; kill -STOP "$pid"
  done
done
cleanup; wait 2>/dev/null || true

# Rate over the ticks ~1 s after the previous one (not spanning a pause); also the rate of each turn.
rates() {
  awk '/^tick/ { if (n++ && $2 - t > 800 && $2 - t < 1300) { dh += $3 - h; dt += $2 - t; th += $3 - h; tt += $2 - t }
                 else if (tt > 0) { turns = turns sprintf(" %.0f", th * 1000 / tt); th = 0; tt = 0 }
                 t = $2; h = $3 }
       END { if (tt > 0) turns = turns sprintf(" %.0f", th * 1000 / tt);
             printf "%.1f %.0f%s\n", dt ? dh * 1000 / dt : 0, dt / 1000, turns }' "$1"
}
read -r C_RATE C_SECONDS C_TURNS <<< "$(rates "$OUT/c.txt")"
read -r J_RATE J_SECONDS J_TURNS <<< "$(rates "$OUT/java.txt")"
field() { sed -n "s/^$1=//p" "$2" | tail -1; }
echo "C:    $C_RATE H/s over $C_SECONDS s (per turn:$C_TURNS); dataset init $(field dataset_init_ms "$OUT/c.txt") ms"
echo "Java: $J_RATE H/s over $J_SECONDS s (per turn:$J_TURNS); dataset init $(field dataset_init_ms "$OUT/java.txt") ms"
echo "C    $(grep -m1 '^large_pages' "$OUT/c.txt")"
echo "Java $(grep -m1 '^large_pages' "$OUT/java.txt")"
echo "ratio Java/C: $(awk -v j="$J_RATE" -v c="$C_RATE" 'BEGIN { printf "%.3f", j / c }') (target >= 0.97)"
