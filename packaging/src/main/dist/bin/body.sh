
QUARRY_HOME=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
JAVA=$(quarry_find_java 21)
# jdk.incubator.vector: the PoIES scanner's and BLAKE3's SIMD kernels (one WARNING line about the incubator module on stderr).
# shellcheck disable=SC2086,SC2046
exec "$JAVA" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED $(quarry_vector_flag "$JAVA") -Dquarry.home="$QUARRY_HOME" \
  -cp "$QUARRY_HOME/lib/*" io.quarry.kernel.Main "$@"
