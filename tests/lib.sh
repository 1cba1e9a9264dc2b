# tests/lib.sh: git-style end-to-end test library. A test script is
#
#     #!/usr/bin/env bash
#     . "$(dirname "$0")/../lib.sh"
#     test_expect_success 'what it checks' '
#         flanmix ingest ... &&
#         test_cmp expected actual
#     '
#     test_done
#
# Each test body runs in a subshell inside a fresh scratch directory ($TRASH), with the
# build's executables first on PATH. Helpers: test_cmp, test_must_fail, require_shared.
# Environment: FM_BIN (executables), FM_ROOT (repository), FM_SHARED (../shared data),
# FM_VARIANT (release or san).

set -u
FM_ROOT=${FM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
FM_BIN=${FM_BIN:-$FM_ROOT/bin}
# ../shared (real data and models for tests): $FM_SHARED, else ../shared beside the
# repository, else /work/shared (where the project's machines keep it).
if [ -z "${FM_SHARED:-}" ]; then
    for _c in "$FM_ROOT/../shared" /work/shared; do
        if [ -d "$_c/data" ]; then FM_SHARED=$(cd "$_c" && pwd); break; fi
    done
    FM_SHARED=${FM_SHARED:-$FM_ROOT/../shared}
fi
FM_VARIANT=${FM_VARIANT:-release}
export FM_ROOT FM_BIN FM_SHARED FM_VARIANT
export PATH="$FM_BIN:$PATH"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}

_script=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/fm-$_script.XXXXXX")
_passed=0 _failed=0 _skipped=0 _n=0
trap 'rm -rf "$TRASH"' EXIT

say() { printf '%s\n' "$*"; }

test_expect_success() {
    local name=$1 body=$2
    _n=$((_n + 1))
    local dir="$TRASH/t$_n"
    mkdir -p "$dir"
    local log="$dir.log"
    if (cd "$dir" && set -e && eval "$body") >"$log" 2>&1; then
        _passed=$((_passed + 1))
        say "ok   $_script $_n - $name"
    else
        _failed=$((_failed + 1))
        say "FAIL $_script $_n - $name"
        sed 's/^/    | /' "$log" | tail -n 40
    fi
}

# Skip the rest of the script, loudly, when ../shared is missing. Skips are counted and
# reported as skipped, never as passed.
require_shared() {
    local what=${1:-}
    if [ ! -d "$FM_SHARED/data" ]; then
        say "SKIP $_script: ../shared is MISSING ($FM_SHARED): ${what:-these tests need the real data} NOT RUN"
        _skipped=$((_skipped + ${2:-1}))
        test_done
    fi
}

test_skip() {
    _skipped=$((_skipped + 1))
    _n=$((_n + 1))
    say "SKIP $_script $_n - $1 ($2)"
}

test_cmp() {
    if ! cmp -s "$1" "$2"; then
        echo "files differ: $1 $2"
        diff -u "$1" "$2" | head -n 60
        return 1
    fi
}

# test_must_fail CMD...: CMD must exit non-zero, but not crash (signal, sanitizer).
test_must_fail() {
    local rc=0
    "$@" || rc=$?
    if [ "$rc" -eq 0 ]; then echo "expected failure, got success: $*"; return 1; fi
    if [ "$rc" -ge 99 ]; then echo "crashed or sanitizer error (exit $rc): $*"; return 1; fi
    return 0
}

test_done() {
    say "# $_script: $_passed passed, $_failed failed, $_skipped skipped"
    say "e2e: $_passed passed, $_failed failed, $_skipped skipped"
    [ "$_failed" -eq 0 ] && exit 0 || exit 1
}
