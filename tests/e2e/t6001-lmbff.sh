#!/usr/bin/env bash
# flanmix lmbff: label words, mask token and demonstrations (docs/lmbff.md). The expected
# lines were written by hand from the rules in docs/lmbff.md.
. "$(dirname "$0")/../lib.sh"

rec() { # DIR ID SENTENCE ANSWER
    printf '{"id":"%s","task":"s","hash":"0000000000000000","fields":{"sentence":"%s","answer":"%s"}}\n' \
        "$2" "$3" "$4" >>"$1/part-00000.jsonl"
}
make_sets() {
    mkdir -p train/records/s dev/records/s &&
    for d in train dev; do
        printf '{"task":"s","kind":"plain","fields":["sentence","answer"],"options_field":null,"answer_field":"answer"}\n' \
            >$d/records/s/meta.json || return 1
    done &&
    rec train/records/s s:train.jsonl:1 "great fun" positive &&
    rec train/records/s s:train.jsonl:2 "dull plot" negative &&
    rec dev/records/s s:dev.jsonl:1 "so much fun" positive &&
    rec dev/records/s s:dev.jsonl:2 "a dull film" negative
}

# Balanced, one record per class in the pool: the demonstrations are forced, in class order
# (negative < positive bytewise); each demonstration has its label word at the mask.
test_expect_success 'label words and mask: query with <mask>, demonstrations with their words' '
    make_sets &&
    cat >c.json <<-\EOF &&
	{"label_words": {"negative": "terrible", "positive": "great"},
	 "mask_token": "<mask>", "separator": " </s> ",
	 "templates": [{"inputs": "{sentence} It was {_mask} .", "targets": "{_label_word}"}],
	 "demos": {"mode": "balanced"}}
	EOF
    flanmix lmbff -q --config c.json --pool train -o out dev &&
    cat >expect <<-\EOF &&
	{"id":"s:dev.jsonl:1/lmbff","task":"s","format":"lmbff","template":0,"inputs":"so much fun It was <mask> . </s> dull plot It was terrible . </s> great fun It was great .","targets":"great","record":"s:dev.jsonl:1","exemplars":["s:train.jsonl:2","s:train.jsonl:1"],"demos":"balanced","label":"positive","label_word":"great","mask_token":"<mask>"}
	{"id":"s:dev.jsonl:2/lmbff","task":"s","format":"lmbff","template":0,"inputs":"a dull film It was <mask> . </s> dull plot It was terrible . </s> great fun It was great .","targets":"terrible","record":"s:dev.jsonl:2","exemplars":["s:train.jsonl:2","s:train.jsonl:1"],"demos":"balanced","label":"negative","label_word":"terrible","mask_token":"<mask>"}
	EOF
    zstdcat out/examples/s/lmbff/part-00000.jsonl.zst >actual &&
    test_cmp expect actual &&
    grep -q "\"path\":\"examples/s/lmbff/part-00000.jsonl.zst\"" out/manifest.json &&
    flanmix verify out
'

test_expect_success 'no demonstrations, [MASK], text-to-text target from the record' '
    make_sets &&
    cat >c.json <<-\EOF &&
	{"label_words": {"negative": "terrible", "positive": "great"}, "mask_token": "[MASK]",
	 "format": "mlm", "demos": {"mode": "none"},
	 "templates": [{"inputs": "{sentence} It was {_mask}.", "targets": "{answer}"}]}
	EOF
    flanmix lmbff -q --config c.json -o out dev &&
    cat >expect <<-\EOF &&
	{"id":"s:dev.jsonl:1/mlm","task":"s","format":"mlm","template":0,"inputs":"so much fun It was [MASK].","targets":"positive","record":"s:dev.jsonl:1","exemplars":[],"demos":"none","label":"positive","label_word":"great","mask_token":"[MASK]"}
	{"id":"s:dev.jsonl:2/mlm","task":"s","format":"mlm","template":0,"inputs":"a dull film It was [MASK].","targets":"negative","record":"s:dev.jsonl:2","exemplars":[],"demos":"none","label":"negative","label_word":"terrible","mask_token":"[MASK]"}
	EOF
    zstdcat out/examples/s/mlm/part-00000.jsonl.zst >actual &&
    test_cmp expect actual
'

# Similar, the pool is the query set (each query excluded from its own exemplars):
#   1 "great fun" pos, 2 "dull plot" neg, 3 "great acting" pos, 4 "boring story" neg.
# Every class has 1 or 2 candidates, so floor(m * 0.5) clamps to 1: the top-ranked one.
# N = 4, every text has 2 tokens (avgdl 2, so K = k1 = 1.2 and w(1) = 2.2 / 2.2 = 1);
# "great" has df 2: idf = ln(1 + 2.5 / 2.5) = ln 2 = 0.693147; no other word is shared.
#   q1: neg {2, 4} both 0 -> 2 (lower index); pos {3} -> 3, score 0.693147
#   q2: neg {4} -> 4; pos {1, 3} both 0 -> 1
#   q3: neg {2, 4} -> 2; pos {1} -> 1, score 0.693147
#   q4: neg {2} -> 2; pos {1, 3} both 0 -> 1
test_expect_success 'similar demonstrations first, own demo template, query excluded' '
    make_sets &&
    rec train/records/s s:train.jsonl:3 "great acting" positive &&
    rec train/records/s s:train.jsonl:4 "boring story" negative &&
    cat >c.json <<-\EOF &&
	{"label_words": {"negative": "terrible", "positive": "great"}, "mask_token": "[MASK]",
	 "separator": "\n", "demos_first": true, "format": "mlm",
	 "templates": [{"inputs": "{sentence} It was {_mask}.", "demo_inputs": "{sentence} => {_label_word}",
	                "targets": "{answer}"}],
	 "demos": {"mode": "similar"}}
	EOF
    flanmix lmbff -q --config c.json -o out train &&
    cat >expect <<-\EOF &&
	{"id":"s:train.jsonl:1/mlm","task":"s","format":"mlm","template":0,"inputs":"dull plot => terrible\ngreat acting => great\ngreat fun It was [MASK].","targets":"positive","record":"s:train.jsonl:1","exemplars":["s:train.jsonl:2","s:train.jsonl:3"],"demos":"similar","exemplar_scores":[0.000000,0.693147],"label":"positive","label_word":"great","mask_token":"[MASK]"}
	{"id":"s:train.jsonl:2/mlm","task":"s","format":"mlm","template":0,"inputs":"boring story => terrible\ngreat fun => great\ndull plot It was [MASK].","targets":"negative","record":"s:train.jsonl:2","exemplars":["s:train.jsonl:4","s:train.jsonl:1"],"demos":"similar","exemplar_scores":[0.000000,0.000000],"label":"negative","label_word":"terrible","mask_token":"[MASK]"}
	{"id":"s:train.jsonl:3/mlm","task":"s","format":"mlm","template":0,"inputs":"dull plot => terrible\ngreat fun => great\ngreat acting It was [MASK].","targets":"positive","record":"s:train.jsonl:3","exemplars":["s:train.jsonl:2","s:train.jsonl:1"],"demos":"similar","exemplar_scores":[0.000000,0.693147],"label":"positive","label_word":"great","mask_token":"[MASK]"}
	{"id":"s:train.jsonl:4/mlm","task":"s","format":"mlm","template":0,"inputs":"dull plot => terrible\ngreat fun => great\nboring story It was [MASK].","targets":"negative","record":"s:train.jsonl:4","exemplars":["s:train.jsonl:2","s:train.jsonl:1"],"demos":"similar","exemplar_scores":[0.000000,0.000000],"label":"negative","label_word":"terrible","mask_token":"[MASK]"}
	EOF
    zstdcat out/examples/s/mlm/part-00000.jsonl.zst >actual &&
    test_cmp expect actual
'

test_expect_success 'templates from a template set file (docs/templates.md)' '
    make_sets && mkdir -p cfg/tpl &&
    cat >cfg/tpl/sst_lmbff.tpl <<-\EOF &&
	# LM-BFF prompts for a sentiment task
	zero_shot
	    inputs  "{sentence} It was {_mask} ."
	    targets "{_label_word}"
	EOF
    cat >cfg/c.json <<-\EOF &&
	{"label_words": {"negative": "terrible", "positive": "great"}, "separator": " </s> ",
	 "template_file": "tpl/sst_lmbff.tpl", "demos": {"mode": "balanced"}}
	EOF
    flanmix lmbff -q --config cfg/c.json --pool train -o out dev &&
    zstdcat out/examples/s/lmbff/part-00000.jsonl.zst | head -n 1 >actual &&
    cat >expect <<-\EOF &&
	{"id":"s:dev.jsonl:1/lmbff","task":"s","format":"lmbff","template":0,"inputs":"so much fun It was <mask> . </s> dull plot It was terrible . </s> great fun It was great .","targets":"great","record":"s:dev.jsonl:1","exemplars":["s:train.jsonl:2","s:train.jsonl:1"],"demos":"balanced","label":"positive","label_word":"great","mask_token":"<mask>"}
	EOF
    test_cmp expect actual &&
    printf "{\"template_file\": \"tpl/sst_lmbff.tpl\", \"template_kind\": \"few_shot\"}" >cfg/bad.json &&
    test_must_fail flanmix lmbff -q --config cfg/bad.json -o out2 dev 2>err &&
    grep -q "no few_shot templates" err
'

test_expect_success 'a class without a label word is an error naming the class' '
    make_sets &&
    cat >c.json <<-\EOF &&
	{"label_words": {"positive": "great"},
	 "templates": [{"inputs": "{sentence} It was {_mask}.", "targets": "{answer}"}]}
	EOF
    test_must_fail flanmix lmbff -q --config c.json --pool train -o out dev 2>err &&
    grep -q "no label word for class .negative." err
'

test_expect_success 'a template naming a missing field is an error' '
    make_sets &&
    cat >c.json <<-\EOF &&
	{"templates": [{"inputs": "{review}", "targets": "{answer}"}], "demos": {"mode": "none"}}
	EOF
    test_must_fail flanmix lmbff -q --config c.json -o out dev 2>err &&
    grep -q "review" err
'

test_expect_success 'several templates: a seeded choice per query, same seed same bytes' '
    make_sets &&
    cat >c.json <<-\EOF &&
	{"label_words": {"negative": "terrible", "positive": "great"},
	 "templates": [{"inputs": "A {sentence} {_mask}", "targets": "{answer}"},
	               {"inputs": "B {sentence} {_mask}", "targets": "{answer}"}],
	 "demos": {"mode": "random", "k": 1}}
	EOF
    flanmix lmbff -q --config c.json --pool train --seed 5 -o o1 dev &&
    flanmix lmbff -q --config c.json --pool train --seed 5 -o o2 dev &&
    diff -r o1 o2 &&
    zstdcat o1/examples/s/lmbff/part-00000.jsonl.zst | python3 -c "
import json, sys
for l in sys.stdin:
    e = json.loads(l)
    assert e[\"inputs\"].startswith(\"AB\"[e[\"template\"]] + \" \"), e
    assert len(e[\"exemplars\"]) == 1 and e[\"exemplars\"][0].startswith(\"s:train\")
"
'

# kshot --format-demos: demonstrations from the seed's train split for its train, dev, test.
test_expect_success 'kshot --format-demos: one exemplar per class from the K-shot train split' '
    mkdir -p in/records/s &&
    printf "{\"task\":\"s\",\"answer_field\":\"answer\",\"options_field\":null}\n" >in/records/s/meta.json &&
    for i in $(seq 1 30); do
        if [ $((i % 2)) = 0 ]; then l=positive; w="good nice"; else l=negative; w="bad awful"; fi
        rec in/records/s s:train.jsonl:$i "$w film $i" $l || return 1
    done &&
    cat >c.json <<-\EOF &&
	{"label_words": {"negative": "terrible", "positive": "great"},
	 "templates": [{"inputs": "{sentence} It was {_mask} .", "targets": "{_label_word}"}],
	 "demos": {"mode": "similar"}}
	EOF
    flanmix kshot -q -k 4 --seeds 13,42 --format-demos c.json -o out in &&
    for s in 13 42; do
        d=out/s/k4-seed$s &&
        zstdcat $d/train/records/s/part-00000.jsonl.zst >pool &&
        for split in train dev; do
            zstdcat $d/lmbff/$split/examples/s/lmbff/part-00000.jsonl.zst >ex &&
            python3 - $split <<-\PY || return 1
		import json, sys
		pool = {json.loads(l)["id"]: json.loads(l)["fields"]["answer"] for l in open("pool")}
		n = 0
		for l in open("ex"):
		    e = json.loads(l); n += 1
		    assert e["record"] not in e["exemplars"], e
		    assert [pool[x] for x in e["exemplars"]] == ["negative", "positive"], e
		    assert len(e["exemplar_scores"]) == 2
		assert n == 8, n
		PY
        done
    done &&
    grep -q "lmbff/dev/examples/s/lmbff/part-00000.jsonl.zst" out/manifest.json
'
test_done
