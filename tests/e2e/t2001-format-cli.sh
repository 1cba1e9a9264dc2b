#!/usr/bin/env bash
# flanmix format as a command (threads, parts, random choice, manifest) and flanmix inspect.
. "$(dirname "$0")/../lib.sh"

# setup: two small tasks (10 records each, 2 zero-shot and 2 few-shot templates)
setup='
mkdir -p templates in/records/a in/records/b &&
cat >templates/s.tpl <<\EOT &&
zero_shot
    inputs  "Q: {q}  "
    targets "{a}"
zero_shot
    inputs  "{q}\n\tthen?"
    targets "{a}"
few_shot
    inputs  "{q}"
    targets "{a}"
few_shot
    inputs  "Ask {q}"
    targets "{a}"
    x_y_delimiter "\n"
EOT
for t in a b; do
  echo "{\"task\":\"$t\",\"templates\":\"s\",\"kind\":\"flan\",\"fields\":[\"q\",\"a\"],\"options_field\":null,\"answer_field\":\"a\"}" >in/records/$t/meta.json
  for i in 0 1 2 3 4 5 6 7 8 9; do
    echo "{\"id\":\"$t:$i\",\"task\":\"$t\",\"hash\":\"0\",\"fields\":{\"q\":\"$t q$i\",\"a\":\"$t a$i\"}}"
  done | zstd -q >in/records/$t/part-00000.jsonl.zst
done'

test_expect_success 'same bytes whatever -j; parts are a split of the single run' "
    $setup &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix -j 1 -o one in &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix -j 4 -o four in &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix --part 0/2 -o parts in &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix --part 1/2 -o parts in &&
    (cd one && find examples -type f | sort) >f1 &&
    (cd parts && find examples -type f | sort) >f2 &&
    test_cmp f1 f2 &&
    for f in \$(cat f1); do cmp one/\$f four/\$f && cmp one/\$f parts/\$f || exit 1; done &&
    cmp one/manifest.json four/manifest.json &&
    test -f parts/manifest.part-0-of-2.json && test -f parts/manifest.part-1-of-2.json
"

test_expect_success 'manifest lists outputs with counts; example lines have the contract keys in order' "
    $setup &&
    flanmix format -q --templates templates --formats zs_opt -o out in &&
    jq -r '.outputs[] | \"\(.path) \(.records)\"' out/manifest.json >got &&
    printf '%s\n' 'examples/a/zs_opt/part-00000.jsonl.zst 10' 'examples/b/zs_opt/part-00000.jsonl.zst 10' >want &&
    test_cmp want got &&
    zstd -dc out/examples/a/zs_opt/part-00000.jsonl.zst | head -n 1 >line &&
    printf '%s\n' '{\"id\":\"a:0/zs_opt\",\"task\":\"a\",\"format\":\"zs_opt\",\"template\":0,\"inputs\":\"Q: a q0  \",\"targets\":\"a a0\",\"record\":\"a:0\",\"exemplars\":[]}' >want &&
    test_cmp want line
"

test_expect_success '--choice random: seeded, templates in range, no tail dropped, exemplars from the block' "
    $setup &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix --choice random --seed 7 -o r1 in &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix --choice random --seed 7 -o r2 in &&
    flanmix format -q --templates templates --formats zs_opt,fs_x,fs_mix --choice random --seed 8 --no-self-exemplar -o r3 in &&
    cmp r1/manifest.json r2/manifest.json &&
    test \$(jq .counts.dropped_tail r1/manifest.json) = 0 &&
    zstd -dc r1/examples/a/zs_opt/*.zst | jq -r .template | sort -u | tr '\n' ' ' >t && test \"\$(cat t)\" = '0 1 ' &&
    zstd -dc r3/examples/a/fs_x/*.zst | jq -c '.record as \$r | select((.exemplars|length) < 2 or (.exemplars|length) > 3 or (.exemplars|index(\$r)) != null)' >bad &&
    test ! -s bad &&
    zstd -dc r3/examples/a/fs_mix/*.zst | jq -r '.exemplars|length' | sort -u >n && echo 5 >want && test_cmp want n
"

test_expect_success 'inspect --show-ws prints examples with visible whitespace' "
    $setup &&
    flanmix format -q --templates templates --formats zs_opt -o out in &&
    flanmix inspect --task a --format zs_opt -n 2 --show-ws out >got &&
    printf '%s\n' '##### a/zs_opt' '' \
      '=== #0 a:0/zs_opt  template 0  exemplars 0' '--- inputs' 'Q:·a·q0··' '--- targets' 'a·a0' '' \
      '=== #1 a:1/zs_opt  template 1  exemplars 0' '--- inputs' 'a·q1↵' '→then?' '--- targets' 'a·a1' '' >want &&
    test_cmp want got
"

test_expect_success 'inspect reads records directories and single files' "
    $setup &&
    flanmix inspect --task b -n 1 in >got &&
    printf '%s\n' '##### b' '' '=== #0 b:0' '--- q' 'b q0' '--- a' 'b a0' '' >want &&
    test_cmp want got &&
    flanmix inspect -n 1 in/records/a/part-00000.jsonl.zst >got2 &&
    grep -q '^=== #0 a:0\$' got2
"

test_expect_success 'bad usage fails cleanly' "
    $setup &&
    test_must_fail flanmix format -q --templates templates --formats zs_bogus -o out in 2>err &&
    grep -q \"unknown format 'zs_bogus'\" err &&
    test_must_fail flanmix format -q --templates templates --tasks nope -o out in 2>err &&
    grep -q \"no task 'nope'\" err &&
    test_must_fail flanmix inspect --task nope out-missing 2>err
"
test_done
