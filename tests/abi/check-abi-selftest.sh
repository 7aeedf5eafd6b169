#!/usr/bin/env bash
# Shows that check-abi.sh tells a compatible change from an incompatible one. Builds
# stand-in libraries of the C interface (the real header and version script, stub
# bodies, -g for the types), then compares changed ones with the unchanged one's
# baseline: the same interface and an added function must pass; a removed function,
# a changed parameter list and a changed return type must fail.
#
#   check-abi-selftest.sh SOURCE_DIR
set -euo pipefail
source_dir="$1"
here="$source_dir/tests/abi"
scratch="$(mktemp -d -t committee-report-abi.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

# One stand-in library: the header, its stub definitions and the version script,
# each edited by a sed script (empty: unchanged).
build() {
  local name="$1" header_edit="$2" stub_edit="$3" map_edit="$4"
  local dir="$scratch/$name"
  mkdir -p "$dir/committee_report"
  sed -e "$header_edit" "$source_dir/plugin/entry/committee_report/committee_report.h" \
    >"$dir/committee_report/committee_report.h"
  sed -e "$map_edit" "$source_dir/plugin/entry/committee-report.map" >"$dir/map"
  sed -e "$stub_edit" >"$dir/stub.c" <<'STUB'
#include "committee_report.h"
#include <stdlib.h>
struct cr_plugin { int unused; };
int cr_api_version(void) { return CR_API_VERSION; }
const char *cr_library_version(void) { return "0.0.0"; }
int cr_open(const char *f, cr_plugin **out, char **e) { (void)f; (void)e; *out = NULL; return 1; }
char *cr_actions_json(cr_plugin *p) { (void)p; return NULL; }
int cr_run_json(cr_plugin *p, const char *r, cr_progress_fn f, void *u, char **o) {
  (void)p; (void)r; (void)f; (void)u; (void)o; return 1; }
void cr_free(char *t) { free(t); }
void cr_close(cr_plugin *p) { (void)p; }
STUB
  cc -std=c11 -g -O0 -shared -fPIC -fvisibility=hidden -Wall -Werror -I"$dir/committee_report" \
    -Wl,--version-script="$dir/map" -Wl,-soname,libcommittee-report.so.1 \
    "$dir/stub.c" -o "$dir/libcommittee-report.so.1"
}

build same '' '' ''
abidw --headers-dir "$scratch/same/committee_report" --drop-private-types --exported-interfaces-only \
  --no-corpus-path --no-comp-dir-path --no-show-locs --out-file "$scratch/baseline.abi" \
  "$scratch/same/libcommittee-report.so.1"
build added '/^CR_EXPORT void cr_close/a CR_EXPORT int cr_extra(int x);' \
  '$a int cr_extra(int x) { return x; }' 's/^    cr_close;/    cr_close;\n    cr_extra;/'
build removed '/^CR_EXPORT void cr_close/d' '/^void cr_close/d' '/^    cr_close;/d'
build parameters 's/^CR_EXPORT void cr_free(char \*text);/CR_EXPORT void cr_free(char *text, int flags);/' \
  's/^void cr_free(char \*t) { free(t); }/void cr_free(char *t, int f) { (void)f; free(t); }/' ''
build return 's/^CR_EXPORT int cr_api_version(void);/CR_EXPORT long long cr_api_version(void);/' \
  's/^int cr_api_version(void)/long long cr_api_version(void)/' ''

failures=0
expect() {
  local name="$1" want="$2" got=0
  bash "$here/check-abi.sh" "$scratch/$name/libcommittee-report.so.1" "$scratch/baseline.abi" \
    "$scratch/$name/committee_report" >"$scratch/$name.log" 2>&1 || got=1
  local expected=0
  [ "$want" = fail ] && expected=1
  if [ $got -eq $expected ]; then
    echo "ok    $name: check-abi.sh ${want}ed as it should ($(head -n 1 "$scratch/$name.log"))"
  else
    echo "WRONG $name: check-abi.sh should have ${want}ed:"
    cat "$scratch/$name.log"
    failures=$((failures + 1))
  fi
}
expect same pass
expect added pass
expect removed fail
expect parameters fail
expect return fail
exit $((failures > 0))
