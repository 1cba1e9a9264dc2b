#!/usr/bin/env bash
# --zstd-level of ingest and format: recorded in the manifest, changes the compressed bytes but
# not the content, same bytes whatever -j; out-of-range levels are refused. Format takes record
# counts from the input's manifest only when it lists the part file with the same size and
# XXH3 (else it counts lines): the examples are the same either way.
. "$(dirname "$0")/../lib.sh"

setup='
mkdir -p src templates &&
python3 -c "
import random
random.seed(3)
w = \"alpha beta gamma delta river city model data small large quick report\".split()
with open(\"src/a.jsonl\", \"w\") as f:
    for i in range(3000):
        f.write(\"{\\\"q\\\":\\\"%s\\\",\\\"l\\\":%d}\\n\" % (\" \".join(random.choice(w) for _ in range(30)), i % 2))
" &&
cat >tasks.json <<\EOT &&
{"name": "t", "templates": "s", "source": {"format": "jsonl", "files": ["a.jsonl"]},
 "fields": {"q": "q", "answer": {"path": "l", "labels": ["no", "yes"]}}}
EOT
mv tasks.json src/ &&
cat >templates/s.tpl <<\EOT &&
zero_shot
    inputs  "Q: {q}"
    targets "{answer}"
zero_shot
    inputs  "{q}?"
    targets "{answer}"
EOT
true'

test_expect_success 'ingest: default level 1 and --zstd-level -3 recorded; same records, other bytes' "
    $setup &&
    flanmix ingest -q -j 1 -o i1 src/tasks.json &&
    flanmix ingest -q -j 1 --zstd-level -3 -o i3 src/tasks.json &&
    test \"\$(jq .settings.zstd_level i1/manifest.json)\" = 1 &&
    test \"\$(jq .settings.zstd_level i3/manifest.json)\" = -3 &&
    zstd -dc i1/records/t/part-00000.jsonl.zst >r1 &&
    zstd -dc i3/records/t/part-00000.jsonl.zst >r3 &&
    test \$(wc -l <r1) = 3000 &&
    test_cmp r1 r3 &&
    ! cmp -s i1/records/t/part-00000.jsonl.zst i3/records/t/part-00000.jsonl.zst
"

test_expect_success 'format: default level 1 and --zstd-level -3 recorded; same examples; -j does not matter' "
    $setup &&
    flanmix ingest -q -j 1 -o in src/tasks.json &&
    flanmix format -q -j 1 --templates templates --formats zs_opt,zs_noopt -o f3 in &&
    flanmix format -q -j 1 --templates templates --formats zs_opt,zs_noopt --zstd-level -3 -o fa in &&
    flanmix format -q -j 2 --templates templates --formats zs_opt,zs_noopt --zstd-level -3 -o fb in &&
    test \"\$(jq .settings.zstd_level f3/manifest.json)\" = 1 &&
    test \"\$(jq .settings.zstd_level fa/manifest.json)\" = -3 &&
    cmp fa/manifest.json fb/manifest.json &&
    for f in zs_opt zs_noopt; do
        cmp fa/examples/t/\$f/part-00000.jsonl.zst fb/examples/t/\$f/part-00000.jsonl.zst &&
        zstd -dc f3/examples/t/\$f/part-00000.jsonl.zst >e3 &&
        zstd -dc fa/examples/t/\$f/part-00000.jsonl.zst >ea &&
        test_cmp e3 ea || exit 1
    done
"

test_expect_success 'levels outside zstd range are refused' "
    $setup &&
    test_must_fail flanmix ingest -q --zstd-level 23 -o x src/tasks.json &&
    test_must_fail flanmix format -q --templates templates --zstd-level 23 -o y in &&
    test ! -e x/manifest.json && test ! -e y/manifest.json
"

test_expect_success 'format: counts from a matching manifest, lines counted otherwise; same examples' "
    $setup &&
    flanmix ingest -q -j 1 -o in src/tasks.json &&
    flanmix format -q --templates templates --formats zs_opt -o with in &&
    cp -r in nom && rm nom/manifest.json &&
    flanmix format -q --templates templates --formats zs_opt -o without nom &&
    cmp with/examples/t/zs_opt/part-00000.jsonl.zst without/examples/t/zs_opt/part-00000.jsonl.zst &&
    test \"\$(jq .counts.formatted with/manifest.json)\" = 3000 &&
    # the part file replaced by its first 1001 records: the manifest no longer matches it
    zstd -dc in/records/t/part-00000.jsonl.zst | head -n 1001 >short &&
    zstd -q -f short -o in/records/t/part-00000.jsonl.zst &&
    flanmix format -q --templates templates --formats zs_opt -o stale in &&
    jq -c '[.counts.per_task.t.records, .counts.formatted, .counts.dropped_tail]' stale/manifest.json >got &&
    echo '[1001,1000,1]' >want &&
    test_cmp want got
"

test_done
