#!/usr/bin/env bash
# Builds the fuzz targets as libFuzzer fuzzers (clang, ASan+UBSan) in build-fuzz/ and runs
# each for a chosen time, starting from its seed corpus. New inputs go to build-fuzz/corpus/
# (not the committed seed corpus); a crash leaves build-fuzz/crash-* and fails the script.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, all targets)
#
# Needs clang and libclang-rt-14-dev (Debian 12). A crash found: copy the input into
# tests/fuzz/corpus/<target>/ after the fix, so ctest replays it from then on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
build="$(realpath -m "${FUZZ_BUILD_DIR:-$source_dir/build-fuzz}")"
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(personal_identity_number registry_json xml_loaders odata_filter)

if [[ ! -f "$build/build.ninja" ]]; then
    CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOMMITTEE_REPORT_FUZZ=ON \
        ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER}
fi
cmake --build "$build" --target $(printf 'fuzz_%s ' "${targets[@]}")

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    echo "== $target: ${seconds} s"
    # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: a memory blow-up.
    log="$build/fuzz-$target.log"
    rc=0
    (cd "$build" && "./tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        "$corpus" "$here/corpus/$target") >"$log" 2>&1 || rc=$?
    tail -n 25 "$log"
    if [[ $rc -ne 0 ]]; then
        echo "== $target: FAILED (exit $rc); full output in $log" >&2
        status=1
    fi
done
exit $status
