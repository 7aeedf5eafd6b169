#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for committee-report: installs every Debian
# package the build, the tests and the demo need, then configures and builds.
# Idempotent and quiet: prints only a one-line summary, or the log of what failed.
#
#   bash install/setup.sh            # as root (or with sudo available)
#   COMMITTEE_REPORT_BUILD_DIR=/x bash install/setup.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${COMMITTEE_REPORT_BUILD_DIR:-$root/build}"
log="$(mktemp -t committee-report-setup.XXXXXX)"
trap 'rm -f "$log"' EXIT

fail() {
  echo "setup: $1 failed; its output:" >&2
  tail -n 80 "$log" >&2
  exit 1
}

packages=(
  # build
  cmake ninja-build g++ pkg-config
  libpoco-dev libxml2-dev libboost-test-dev libsimdjson-dev
  # the linear programmes of the disclosure audit (plugin/core/linear_bounds.cpp)
  coinor-libclp-dev
  # LibreOffice: the UNO SDK (cppumaker, headers, libraries) and the headless Writer that renders
  libreoffice-dev libreoffice-writer-nogui
  # fonts the templates use; embedded in every PDF/A
  fonts-liberation2 fonts-dejavu-core
  # reading what we produce (tests, demo), validating XML
  poppler-utils libxml2-utils unzip
  # fuzzing the fuzz targets for real (tests/fuzz/run.sh: clang with libFuzzer)
  clang libclang-rt-14-dev
  # the reference registry's database tooling and TLS roots
  sqlite3 ca-certificates
  # the package test: dependencies computed by dpkg-shlibdeps, lintian, and a read-only
  # system (bwrap) for the service user
  dpkg-dev lintian bubblewrap
  # ... and its HTTP service part: the unit checked with systemd-analyze, the API called with curl/jq
  systemd curl jq
  # the HTTP service's tests: its OpenAPI checked with jsonschema, its panel in headless Chromium
  python3-jsonschema chromium
  # its TLS tests make a CA and certificates with the openssl command line
  openssl
  # the C interface's hosts in other languages (Java through JNA) and its ABI baseline (abidiff)
  openjdk-17-jdk-headless libjna-java abigail-tools
)

# Node.js with npm for the browser test: Debian's, unless the machine already has one (a
# machine image may ship NodeSource's nodejs, which bundles npm and conflicts with Debian's).
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: installing ${missing[*]} needs root (or sudo)" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq >"$log" 2>&1 || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1 \
    || fail "apt-get install ${missing[*]}"
fi

# puppeteer-core and axe-core for the panel's browser test, exactly as locked
(cd "$root/tests/browser" && npm ci --no-audit --no-fund --silent >"$log" 2>&1) || fail "npm ci (tests/browser)"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$log" 2>&1 || fail "cmake configure"
cmake --build "$build" >"$log" 2>&1 || fail "build"
echo "setup: ${#missing[@]} packages installed, build ready in $build"
