#!/usr/bin/env bash
# Regenerates the ABI baseline from a built library, on purpose only: after adding
# functions in a release, or together with a new SONAME after an incompatible change.
#
#   tests/abi/update-baseline.sh [BUILD_DIR]     (default: build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
abidw --headers-dir "$root/plugin/entry/committee_report" --drop-private-types --exported-interfaces-only --no-show-locs \
  --no-corpus-path --no-comp-dir-path \
  --out-file "$root/tests/abi/libcommittee-report.abi" \
  "$build/plugin/entry/libcommittee-report.so.1"
echo "wrote tests/abi/libcommittee-report.abi"
