#!/usr/bin/env bash
# Sanitizer builds in their own build folders, each running the suites that concern it:
#
#   tests/sanitize.sh asan   AddressSanitizer + UBSan (build-asan/): labels unit, registry,
#                            plugin, cli, workflow
#   tests/sanitize.sh ci     the same build folder, only the targets of labels unit and
#                            registry, and only those labels (what CI runs)
#   tests/sanitize.sh tsan   ThreadSanitizer (build-tsan/): the office engine's concurrency
#                            suites (label office, tests/integration/office)
#
# Any finding fails the run, in a test or in a child process it starts (the reference
# registry, the host): reports are written to <build>/sanitizer-reports/ (log_path), where a
# child's report cannot be lost with its stderr, and the run fails when that folder is not
# empty afterwards or the tests' output holds a report (see run_tests). The office (soffice) is not instrumented and gets none of these variables
# (plugin/office/office_process.cpp passes it a fixed list). Suppressions are only for
# LibreOffice's own libraries, each explained in tests/sanitizers/*.supp. Compiler: g++ (the
# normal one); the sanitizer runtimes come with it (libasan8, libubsan1, libtsan2).
#
# Environment: SANITIZE_BUILD_DIR (build folder), CMAKE_BUILD_PARALLEL_LEVEL (default 2).
# The last lines printed are the run's figures (build and test seconds, tests, findings).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-asan}"
supp="$root/tests/sanitizers"
jobs="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

configure() {  # build-dir flags
    local build="$1" flags="$2"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
}

# The executables (= target names) of the tests carrying one of the labels, read from the
# CTestTestfile.cmake files (ctest's JSON leaves out a command not built yet).
targets_of() {  # build-dir label-regex
    local names
    names="$( (cd "$1" && ctest -N -L "$2") | sed -n 's/^ *Test *#[0-9]*: //p' | sort)"
    find "$1" -name CTestTestfile.cmake -exec grep -h '^add_test(' {} + |
        sed -n 's/^add_test(\[=\[\([^]]*\)\]=\] "\([^"]*\)".*/\1 \2/p' | sort |
        join <(echo "$names") - | awk '{print $2}' | xargs -n1 basename | sort -u
}

# Runs the labels' tests; fails on a failed test or on any sanitizer report.
run_tests() {  # build-dir label-regex
    local build="$1" labels="$2" reports="$1/sanitizer-reports" status=0
    rm -rf "$reports"
    mkdir -p "$reports"
    local start=$SECONDS
    (cd "$build" && ctest --output-on-failure --timeout 1800 -j2 -L "$labels") 2>&1 |
        tee "$build/sanitize-ctest.log" || status=$?
    test_seconds=$((SECONDS - start))
    test_count=$( (cd "$build" && ctest -N -L "$labels") | sed -n 's/^Total Tests: //p')
    # UBSan, loaded into an ASan process, prints to stderr whatever log_path says: its
    # reports are counted in the tests' output (a failing test's output is shown).
    local printed
    printed=$(grep -c -E 'runtime error:|ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer' \
        "$build/sanitize-ctest.log" || true)
    findings=$(($(find "$reports" -type f | wc -l) + printed))
    if [[ $findings -gt 0 ]]; then
        echo "== sanitizer reports (also in $reports):" >&2
        for report in "$reports"/*; do
            echo "-- $report" >&2
            cat "$report" >&2
        done
        status=1
    fi
    return $status
}

build_seconds=0 test_seconds=0 test_count=0 findings=0 status=0
case "$mode" in
    asan | ci)
        build="${SANITIZE_BUILD_DIR:-$root/build-asan}"
        labels='^(unit|registry|plugin|cli|workflow)$'
        [[ "$mode" == ci ]] && labels='^(unit|registry)$'
        start=$SECONDS
        configure "$build" "-fsanitize=address,undefined -fno-sanitize-recover=undefined"
        if [[ "$mode" == ci ]]; then
            # Only what the unit and registry tests need (their dependencies, such as the
            # reference registry, come with them): about half the full build.
            mapfile -t targets < <(targets_of "$build" "$labels")
            cmake --build "$build" -j "$jobs" --target "${targets[@]}"
        else
            cmake --build "$build" -j "$jobs"
        fi
        build_seconds=$((SECONDS - start))
        # Leaks are checked; LibreOffice's UNO runtime keeps its bootstrap context for the
        # process's lifetime on purpose (plugin/office/uno_support.cpp), see lsan.supp.
        reports="$build/sanitizer-reports"
        export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$reports/asan"
        export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
        export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp:log_path=$reports/ubsan"
        run_tests "$build" "$labels" || status=$?
        ;;
    tsan)
        build="${SANITIZE_BUILD_DIR:-$root/build-tsan}"
        start=$SECONDS
        configure "$build" "-fsanitize=thread"
        mapfile -t targets < <(targets_of "$build" '^office$')
        cmake --build "$build" -j "$jobs" --target "${targets[@]}"
        build_seconds=$((SECONDS - start))
        reports="$build/sanitizer-reports"
        export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp:log_path=$reports/tsan"
        run_tests "$build" '^office$' || status=$?
        ;;
    *)
        echo "usage: $0 asan|ci|tsan" >&2
        exit 2
        ;;
esac
echo "sanitize $mode: build ${build_seconds} s, tests ${test_seconds} s ($test_count tests), sanitizer reports: $findings, $([[ $status -eq 0 ]] && echo passed || echo FAILED)"
exit $status
