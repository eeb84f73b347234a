# shellcheck shell=bash
# Finds a Java >= the wanted major version: JAVA_HOME first, then `java` on the PATH, then the usual install
# locations (highest version wins). Prints the java binary; on failure says what to install and returns 1.
# Usage: quarry_find_java MIN_MAJOR [jdk]   ("jdk" also requires javac, for building)

quarry_java_major() {
  # `java -version` prints e.g. 'openjdk version "25.0.1" ...' or 'version "1.8.0_392"' on stderr.
  local v
  v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

quarry_java_ok() {
  local java=$1 min=$2 kind=$3 major
  [ -x "$java" ] || return 1
  major=$(quarry_java_major "$java" 2>/dev/null) || return 1
  [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge "$min" ] || return 1
  if [ "$kind" = jdk ]; then [ -x "$(dirname "$java")/javac" ] || return 1; fi
  return 0
}

quarry_find_java() {
  local min=${1:-21} kind=${2:-jre} candidate best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ] && quarry_java_ok "$JAVA_HOME/bin/java" "$min" "$kind"; then
    echo "$JAVA_HOME/bin/java"; return 0
  fi
  candidate=$(command -v java 2>/dev/null || true)
  if [ -n "$candidate" ]; then
    candidate=$(readlink -f "$candidate")
    if quarry_java_ok "$candidate" "$min" "$kind"; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*jdk*/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    quarry_java_ok "$candidate" "$min" "$kind" || continue
    major=$(quarry_java_major "$candidate")
    if [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  local what="Java runtime"; [ "$kind" = jdk ] && what="JDK (with javac)"
  {
    echo "quarry: no $what >= $min found."
    echo "  looked at: JAVA_HOME=${JAVA_HOME:-<unset>}, 'java' on PATH, /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks"
    [ -n "$(command -v java 2>/dev/null)" ] && echo "  'java' on PATH is version $(quarry_java_major "$(command -v java)")"
    echo "  install one, for example:"
    echo "    Debian 13 / Ubuntu 24.04:  sudo apt-get install openjdk-21-jdk-headless"
    echo "    Debian 12 and others:      Eclipse Temurin 21 (package temurin-21-jdk from the Adoptium repository)"
    echo "  or point JAVA_HOME at an existing JDK >= $min."
  } >&2
  return 1
}

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it quietly.
quarry_maven_opts() {
  local java=$1
  if [ "$(quarry_java_major "$java")" -ge 24 ]; then
    echo "${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  else
    echo "${MAVEN_OPTS:-}"
  fi
}

# Prints "--add-modules jdk.incubator.vector" when the Java runtime JAVA has that module (every standard JDK and
# JRE image does; a jlinked runtime may not), else nothing: the PoIES scanner then runs its scalar kernel rather
# than the JVM refusing to start. Reads the image's `release` file; asks the runtime only when there is none.
# Usage: quarry_vector_flag JAVA
quarry_vector_flag() {
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ] && grep -q '^MODULES=' "$release"; then
    grep -q 'jdk\.incubator\.vector' "$release" && echo "--add-modules jdk.incubator.vector"
  elif "$1" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
    echo "--add-modules jdk.incubator.vector"
  fi
  return 0
}
