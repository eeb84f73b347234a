# Sourced by the bench scripts (not run): a JDK >= 21 in JAVA and JAVA_HOME, the build directory (BUILD_DIR,
# QUARRY_BUILD_DIR keeps one bench's build apart from others), the Maven command line (MVN; QUARRY_OFFLINE=1 adds
# -o), and the helpers below. Sets ROOT to the repository root.
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=../scripts/find-java.sh
. "$ROOT/scripts/find-java.sh"
JAVA=$(quarry_find_java 21 jdk)
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$JAVA")")
BUILD_DIR=${QUARRY_BUILD_DIR:-target}
MVN=(mvn -B -q -ntp -Dstyle.color=never "-Dquarry.build.dir=$BUILD_DIR")
if [ -n "${QUARRY_OFFLINE:-}" ]; then
  MVN+=(-o)
fi

# Packages the bench module and what it depends on (tests skipped, nothing installed) and sets CP: the bench's
# classes, the classes of each module named (paths from the root, e.g. platform-core/kernel), then the bench's
# dependency jars.
bench_package() {
  "${MVN[@]}" -DskipTests -f "$ROOT/pom.xml" -pl bench -am package >&2
  CP="$ROOT/bench/$BUILD_DIR/classes"
  local module
  for module in "$@"; do
    CP="$CP:$ROOT/$module/$BUILD_DIR/classes"
  done
  CP="$CP:$(cat "$ROOT/bench/$BUILD_DIR/classpath.txt")"
}

# The machine line every result starts with: cores, CPU model, memory, JDK.
bench_machine() {
  echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
}

# "load average before|after: 1m 5m 15m", for the BENCHMARKS.md rows.
bench_load() {
  echo "load average $1: $(cut -d' ' -f1-3 /proc/loadavg)"
}
