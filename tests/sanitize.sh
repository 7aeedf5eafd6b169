#!/usr/bin/env bash
# Sanitizer builds in their own build folders, each running the suites that concern it:
#
#   tests/sanitize.sh asan   AddressSanitizer + UBSan (build-asan/): labels unit, registry,
#                            plugin, cli, workflow
#   tests/sanitize.sh ci     the same build, labels unit and registry only (what CI runs)
#   tests/sanitize.sh tsan   ThreadSanitizer (build-tsan/): the office engine's concurrency
#                            suites (label office, tests/integration/office)
#
# Any finding fails the run (halt_on_error / exitcode). Suppressions are only for
# LibreOffice's own libraries, each explained in tests/sanitizers/*.supp. Compilers: g++
# (the normal one); the sanitizer runtimes come with it (libasan8, libubsan1, libtsan2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-asan}"
supp="$root/tests/sanitizers"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

configure() {  # build-dir flags
    local build="$1" flags="$2"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
}

case "$mode" in
    asan | ci)
        build="${SANITIZE_BUILD_DIR:-$root/build-asan}"
        configure "$build" "-fsanitize=address,undefined -fno-sanitize-recover=undefined"
        cmake --build "$build"
        labels='^(unit|registry|plugin|cli|workflow)$'
        [[ "$mode" == ci ]] && labels='^(unit|registry)$'
        # Leaks are checked; LibreOffice's UNO runtime keeps its bootstrap context for the
        # process's lifetime on purpose (plugin/office/uno_support.cpp), see lsan.supp.
        export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1"
        export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
        export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
        cd "$build"
        ctest --output-on-failure --timeout 1800 -j2 -L "$labels"
        ;;
    tsan)
        build="${SANITIZE_BUILD_DIR:-$root/build-tsan}"
        configure "$build" "-fsanitize=thread"
        cmake --build "$build" --target integration_office_tests
        export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
        cd "$build"
        ctest --output-on-failure --timeout 1800 -L '^office$'
        ;;
    *)
        echo "usage: $0 asan|ci|tsan" >&2
        exit 2
        ;;
esac
