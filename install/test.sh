#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs every test suite through CTest, then the
# AddressSanitizer + UBSan build of the unit and registry suites (tests/sanitize.sh ci, its
# own build folder build-asan/; COMMITTEE_REPORT_SANITIZE=0 leaves it out).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${COMMITTEE_REPORT_BUILD_DIR:-$root/build}"
bash "$root/install/setup.sh"
cd "$build"
ctest --output-on-failure --timeout 900 -j2
if [[ "${COMMITTEE_REPORT_SANITIZE:-1}" != 0 ]]; then
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" bash "$root/tests/sanitize.sh" ci
fi
