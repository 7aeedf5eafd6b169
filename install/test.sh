#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs every test suite through CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${COMMITTEE_REPORT_BUILD_DIR:-$root/build}"
bash "$root/install/setup.sh"
cd "$build"
ctest --output-on-failure --timeout 900 -j2
