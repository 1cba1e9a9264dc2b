#!/usr/bin/env bash
# Fuzz targets for every parser of untrusted input (tests/fuzz/fuzz_*.c), libFuzzer + ASan.
# Release pass: fuzz each target for a bounded time ($FUZZ_SECONDS, default 10 s).
# Sanitizer pass: replay the seed corpus and every saved crash (regression cases).
. "$(dirname "$0")/../lib.sh"

for b in "$FM_ROOT"/build/fuzz/fuzz_*; do
    [ -x "$b" ] || continue
    t=$(basename "$b")
    if [ "$FM_VARIANT" = san ]; then
        test_expect_success "fuzz corpus and crash regressions replay clean: $t" '
            "$FM_ROOT"/tests/fuzz/run --replay '"$t"'
        '
    else
        test_expect_success "fuzz $t for a bounded time without a crash" '
            FUZZ_SECONDS=${FUZZ_SECONDS:-10} "$FM_ROOT"/tests/fuzz/run '"$t"'
        '
    fi
done
test_expect_success 'every fuzz source has a built target' '
    for s in "$FM_ROOT"/tests/fuzz/fuzz_*.c; do test -x "$FM_ROOT/build/fuzz/$(basename "$s" .c)"; done
'
test_done
