#!/usr/bin/env bash
# Compares the built libcommittee-report.so.1 with the committed ABI baseline
# (tests/abi/libcommittee-report.abi) using abidiff from Debian's abigail-tools.
# Passes when nothing changed or functions were only added; fails on anything
# else (a function removed, a signature or a public type changed), until the
# baseline is regenerated on purpose with update-baseline.sh — which for a
# removal or change also means raising the SONAME (libcommittee-report.so.2).
#
#   check-abi.sh LIBRARY BASELINE HEADERS_DIR
set -uo pipefail
library="$1" baseline="$2" headers="$3"

# Without DWARF abidiff compares symbol names only and would miss a changed signature.
if ! readelf -S --wide "$library" | grep -q '\.debug_info'; then
  echo "abi: $library has no debug information; build with -g (CMAKE_BUILD_TYPE=RelWithDebInfo,"
  echo "as install/setup.sh does) so that signatures and types can be compared"
  exit 1
fi
options=(--headers-dir2 "$headers" --drop-private-types --exported-interfaces-only)
report="$(abidiff "${options[@]}" "$baseline" "$library" 2>&1)"
code=$?
if ((code == 0)); then
  echo "abi: no change against the baseline"
  exit 0
fi
if ((code & 3)); then  # 1: abidiff failed; 2: usage error
  echo "abi: abidiff could not compare (exit $code):"
  echo "$report"
  exit 1
fi
if ((code & 8)); then  # an incompatible change: a symbol gone, a signature changed
  echo "abi: INCOMPATIBLE change to the C interface; keep the old functions, or raise the"
  echo "SONAME and regenerate the baseline (tests/abi/update-baseline.sh) on purpose:"
  echo "$report"
  exit 1
fi
# An ABI change (exit 4): acceptable only if all of it is added functions.
without_added="$(abidiff --no-added-syms "${options[@]}" "$baseline" "$library" 2>&1)"
if [ $? -ne 0 ]; then
  echo "abi: the C interface changed (not only additions); keep the old functions as they"
  echo "were, or raise the SONAME and regenerate the baseline on purpose:"
  echo "$without_added"
  exit 1
fi
echo "abi: functions added, nothing changed or removed (regenerate the baseline when released):"
echo "$report"
exit 0
