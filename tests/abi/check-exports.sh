#!/usr/bin/env bash
# The plugin library exports the C interface and nothing else of its own: every
# defined dynamic symbol is a cr_ function, or the version node CR_1 of the version
# script (committee-report.map).
#
#   check-exports.sh LIBRARY
set -euo pipefail
symbols="$(nm -D --defined-only "$1" | awk '{print $3}' | sed 's/@.*//' | sort -u)"
unexpected="$(grep -v -E '^(cr_[a-z0-9_]+|CR_[0-9]+)$' <<<"$symbols" || true)"
if [ -n "$unexpected" ]; then
  echo "exports: the library exports symbols outside the C interface:"
  echo "$unexpected" | head -50
  exit 1
fi
count="$(grep -c '^cr_' <<<"$symbols")"
if [ "$count" -lt 7 ]; then
  echo "exports: only $count cr_ functions exported; expected all of committee_report.h"
  exit 1
fi
echo "exports: $count cr_ functions and nothing else"
echo "$symbols"
