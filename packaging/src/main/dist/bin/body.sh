
QUARRY_HOME=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
JAVA=$(quarry_find_java 21)
# jdk.incubator.vector: the storage-miner's BLAKE3 hashes many chunks at once with it (scalar without it).
# shellcheck disable=SC2086
exec "$JAVA" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Dquarry.home="$QUARRY_HOME" \
  -cp "$QUARRY_HOME/lib/*" io.quarry.kernel.Main "$@"
