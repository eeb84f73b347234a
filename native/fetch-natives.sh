#!/usr/bin/env bash
# Puts the native libraries named in natives.list into the jar's resources, as natives/<platform>/<soname>,
# each with its Debian copyright file beside it (<soname>.copyright). The libraries come from Debian's own
# packages, fetched with 'apt-get download' into a cache directory (reused by later builds). Amd64 always;
# arm64 too when dpkg knows the arm64 architecture (dpkg --add-architecture arm64 && apt-get update).
#   fetch-natives.sh LIST OUT_DIR [CACHE_DIR]
# Exit 0 with a warning when apt-get is not there or a download fails, unless QUARRY_NATIVES_REQUIRED=1:
# the jar then relies on the system's libraries, as before.
set -euo pipefail
LIST=$1
OUT=$2
CACHE=${3:-${QUARRY_NATIVES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/natives}}

fail() {
  if [ "${QUARRY_NATIVES_REQUIRED:-}" = 1 ]; then
    echo "fetch-natives: $*" >&2; exit 1
  fi
  echo "fetch-natives: WARNING: $*; quarry.jar will use the system's libraries only" >&2; exit 0
}

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || fail "apt-get and dpkg-deb are needed"

host=$(dpkg --print-architecture)
arches=$host
if [ "$host" = amd64 ] && dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64; then
  arches="$arches arm64"
fi

# Debian architecture -> the platform folder JNA names (com.sun.jna.Platform.RESOURCE_PREFIX).
platform() {
  case $1 in amd64) echo linux-x86-64 ;; arm64) echo linux-aarch64 ;; *) echo "linux-$1" ;; esac
}

grep -v '^#' "$LIST" | while read -r soname package _rest; do
  [ -n "$soname" ] || continue
  for arch in $arches; do
    dir="$CACHE/$arch"
    mkdir -p "$dir"
    deb=$(ls "$dir/${package}"_*_"$arch".deb 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$deb" ]; then
      (cd "$dir" && apt-get download -q "$package:$arch" >/dev/null 2>&1) \
        || { [ "$arch" = "$host" ] && fail "apt-get download $package:$arch failed (try: apt-get update)"; \
             echo "fetch-natives: no $package for $arch; skipped" >&2; continue; }
      deb=$(ls "$dir/${package}"_*_"$arch".deb | sort -V | tail -1)
    fi
    tree=$(mktemp -d)
    dpkg-deb -x "$deb" "$tree"
    lib=$(find "$tree" -name "$soname" | head -1)
    [ -n "$lib" ] || fail "$deb holds no $soname"
    target="$OUT/$(platform "$arch")"
    mkdir -p "$target"
    # The soname is a link to the versioned file: copy what it points to, under the soname.
    cp -L "$lib" "$target/$soname"
    cp "$tree/usr/share/doc/$package/copyright" "$target/$soname.copyright"
    echo "$(basename "$deb")" > "$target/$soname.package"
    rm -rf "$tree"
  done
done
