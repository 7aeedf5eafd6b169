#!/usr/bin/env bash
# Builds the C host as a DMS vendor would against the installed package: the
# project installed into a scratch root, `pkg-config --cflags --libs committee-report`
# (with that root as sysroot), C11 with warnings as errors. The host must then load
# the installed libcommittee-report.so.1 and get cr_open's error JSON for a broken
# configuration (exit 2, status "invalid").
#
#   pkg_config_host.sh BUILD_DIR HOST_SOURCE
set -euo pipefail
build="$1" source="$2"
scratch="$(mktemp -d -t committee-report-pkgconfig.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

DESTDIR="$scratch/root" cmake --install "$build" >"$scratch/install.log" 2>&1 \
  || { cat "$scratch/install.log"; exit 1; }
pc="$(find "$scratch/root" -name committee-report.pc)"
[ -n "$pc" ] || { echo "no committee-report.pc installed"; exit 1; }
export PKG_CONFIG_SYSROOT_DIR="$scratch/root" PKG_CONFIG_LIBDIR="$(dirname "$pc")"
flags="$(pkg-config --cflags --libs committee-report)"
echo "pkg-config: $flags"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror -pedantic "$source" $flags -o "$scratch/host"

printf '<configuration>\n  <x/>\n' >"$scratch/broken.xml"
libdir="$(dirname "$(dirname "$pc")")"
set +e
output="$(LD_LIBRARY_PATH="$libdir" "$scratch/host" "$scratch/broken.xml" '{}' 2>&1)"
code=$?
set -e
echo "$output"
ldd_line="$(LD_LIBRARY_PATH="$libdir" ldd "$scratch/host" | grep committee-report)"
echo "loaded: $ldd_line"
[[ "$ldd_line" == *"$scratch/root"* ]] || { echo "the host did not load the installed library"; exit 1; }
[ "$code" -eq 2 ] || { echo "expected exit 2 (invalid configuration), got $code"; exit 1; }
[[ "$output" == *'open-error {"status":"invalid"'* ]] || { echo "no error JSON from cr_open"; exit 1; }
[[ "$output" == *'Konfigurationen kan inte användas'* ]] || { echo "no Swedish message"; exit 1; }
echo "pkg-config host: built and ran against the installed library"
