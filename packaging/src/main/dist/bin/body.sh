
QUARRY_HOME=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# The runtime the tree carries (jlink, see packaging/pom.xml) first; a JDK >= 21 on the host otherwise.
if [ -x "$QUARRY_HOME/runtime/bin/java" ]; then
  JAVA="$QUARRY_HOME/runtime/bin/java"
else
  JAVA=$(quarry_find_java 21)
fi
# jdk.incubator.vector: the PoIES scanner's and BLAKE3's SIMD kernels (one WARNING line about the incubator module on stderr).
# shellcheck disable=SC2086,SC2046
exec "$JAVA" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED $(quarry_vector_flag "$JAVA") -Dquarry.home="$QUARRY_HOME" \
  -cp "$QUARRY_HOME/lib/*" io.quarry.kernel.Main "$@"
