#!/usr/bin/env bash
# Data-driven format cases: each tests/cases/format/*.case holds a template set, records,
# the command line and the expected examples worked out by hand from flan_v2_spec.md.
. "$(dirname "$0")/../lib.sh"

for c in "$FM_ROOT"/tests/cases/format/*.case; do
    name=$(basename "$c" .case)
    test_expect_success "case $name" "python3 '$FM_ROOT/tests/cases/format/run_case.py' '$c' work"
done
test_done
