#!/usr/bin/env bash
# flanmix import-flan on a small templates.py of our own with FLAN's structure
# (tests/data/fake_flan); the expected .tpl files were written by hand.
. "$(dirname "$0")/../lib.sh"
FAKE=$FM_ROOT/tests/data/fake_flan

test_expect_success 'import writes the expected template files' "
    flanmix import-flan '$FAKE' -o tpl 2>log &&
    ls tpl >got && printf '%s\n' demo_qa.tpl natinst_v2.tpl rte.tpl >want && test_cmp want got &&
    for f in rte demo_qa natinst_v2; do test_cmp '$FAKE'/expected/\$f.tpl tpl/\$f.tpl || exit 1; done
"

test_expect_success 'imported sets load and format (no-options from flan_templates_branched)' "
    flanmix import-flan '$FAKE' -o templates 2>log &&
    mkdir -p in/records/rte &&
    echo '{\"task\":\"rte\",\"templates\":\"rte\",\"kind\":\"flan\",\"fields\":[\"premise\",\"hypothesis\",\"options\",\"answer\"],\"options_field\":\"options\",\"answer_field\":\"answer\"}' >in/records/rte/meta.json &&
    echo '{\"id\":\"rte:1\",\"task\":\"rte\",\"hash\":\"0\",\"fields\":{\"premise\":\"P\",\"hypothesis\":\"H\",\"options\":[\"yes\",\"no\"],\"answer\":\"yes\"}}' >in/records/rte/part-00000.jsonl &&
    echo '{\"id\":\"rte:2\",\"task\":\"rte\",\"hash\":\"0\",\"fields\":{\"premise\":\"P2\",\"hypothesis\":\"H2\",\"options\":[\"yes\",\"no\"],\"answer\":\"no\"}}' >>in/records/rte/part-00000.jsonl &&
    flanmix format -q --templates templates --formats zs_opt,zs_noopt --options deterministic -o out in &&
    zstd -dc out/examples/rte/zs_noopt/part-00000.jsonl.zst | jq -r .inputs >got &&
    printf '%s\n' P '' 'Can we say that \"H\"?' 'P2' 'Is \"H2\" true?' >want &&
    test_cmp want got
"

test_expect_success 'without flan_templates_branched.py a stub is used: options removed from PATTERNS' "
    cp -r '$FAKE' fake && rm fake/flan/v2/flan_templates_branched.py &&
    flanmix import-flan fake -o tpl 2>log && grep -q 'empty stub' log &&
    sed -n '/^zero_shot_no_options/,/^\$/p' tpl/rte.tpl >got &&
    test_cmp '$FAKE'/expected/rte-no-branched.noopt got
"

test_expect_success 'a missing checkout is an error' "
    test_must_fail flanmix import-flan nowhere -o tpl 2>err && grep -q 'not found' err
"
test_done
