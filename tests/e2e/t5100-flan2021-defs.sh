#!/usr/bin/env bash
# t5100: the Flan 2021 ("Muffin") task definitions and template sets.
#  - the committed tasks/flan2021/*.json and templates/*.tpl match their generators;
#  - every one of the 71 tasks loads and validates against its template set
#    (tools/check_templates.py, an independent reading of docs/tasks.md and docs/templates.md);
#  - hand-worked mapping cases (tests/e2e/t5100-cases/NAME.{task,in.jsonl,out.jsonl}: raw export
#    rows in, the mapped fields expected out, "filtered" for a dropped row);
#  - the checker itself rejects broken sets;
#  - with the C stages present: the sample exports ingest and format end to end.
. "$(dirname "$0")/../lib.sh"

R=$FM_ROOT
CASES=$R/tests/e2e/t5100-cases
SAMPLES="rte anli_r1 bool_q squad_v1 ag_news_subset common_gen trec copa"

test_expect_success 'there are 71 Flan 2021 task definitions, one per flan_zsopt row of the rates table' '
	ls "$R"/tasks/flan2021/*.json | wc -l >n && echo 71 >expect && test_cmp expect n &&
	for t in bool_q rte wsc wic natural_questions record trivia_qa arc_challenge arc_easy math_dataset \
		aeslc cnn_dailymail gigaword multi_news newsroom opinion_abstracts_rotten_tomatoes \
		opinion_abstracts_idebate coqa samsum xsum squad_v1 squad_v2 drop quac multirc ag_news_subset \
		anli_r1 anli_r2 anli_r3 sentiment140 story_cloze imdb_reviews paws_wiki definite_pronoun_resolution \
		glue_mrpc glue_qqp copa winogrande yelp_polarity_reviews cosmos_qa para_crawl_enes wmt14_enfr \
		wmt16_translate_deen wmt16_translate_tren wmt16_translate_csen wmt16_translate_fien \
		wmt16_translate_roen wmt16_translate_ruen common_gen dart e2e_nlg web_nlg_en wiki_lingua_english_en \
		true_case fix_punct word_segment cb cola sst2 mnli_matched mnli_mismatched qnli wnli snli trec stsb \
		piqa openbookqa hellaswag lambada unified_qa_science_inst; do
		test -f "$R/tasks/flan2021/$t.json" || { echo "missing $t"; exit 1; }
	done
'

test_expect_success 'committed task files and template sets match their generators' '
	python3 "$R/tools/gen_flan2021_tasks.py" --check &&
	python3 "$R/tools/gen_flan2021_templates.py" --check
'

test_expect_success 'every task validates against its template set; samples map and render' '
	python3 "$R/tools/check_templates.py" --templates "$R/templates" --samples "$R"/tasks/flan2021/*.json >out &&
	tail -n 1 out >last &&
	echo "checked 71 tasks, 62 template sets: 0 problems" >expect &&
	test_cmp expect last
'

test_expect_success 'the 36 option tasks (spec section 9) and only they have an options field with {options_}' '
	for f in "$R"/tasks/flan2021/*.json; do
		python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[\"name\"]) if d.get(\"options_field\") else None" "$f"
	done | sort >have &&
	printf "%s\n" bool_q rte wsc wic arc_challenge arc_easy multirc ag_news_subset anli_r1 anli_r2 anli_r3 \
		sentiment140 story_cloze imdb_reviews paws_wiki definite_pronoun_resolution glue_mrpc glue_qqp copa \
		winogrande yelp_polarity_reviews cosmos_qa cb cola sst2 mnli_matched mnli_mismatched qnli wnli snli \
		trec stsb piqa openbookqa hellaswag unified_qa_science_inst | sort >expect &&
	test_cmp expect have
'

test_expect_success 'hand-worked field mappings of raw export rows' '
	for t in "$CASES"/*.task; do
		b=${t%.task}
		python3 "$R/tools/check_templates.py" --dump "$R/$(cat "$t")" "$b.in.jsonl" >"$(basename "$b").out" &&
		test_cmp "$b.out.jsonl" "$(basename "$b").out" || exit 1
	done
'

test_expect_success 'template depth: each Flan 2021 set has 9+ zero-shot and 4+ few-shot templates, none repeated' '
	# read the committed .tpl files (not the generator); "repeated" means the same text once
	# every {placeholder} is removed, so a copy with one field swapped counts as a repeat
	python3 - "$R" >out <<-\PY &&
	import json, glob, os, re, sys
	sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
	from check_templates import parse_tpl
	sets = sorted({json.load(open(f))["templates"] for f in glob.glob(sys.argv[1] + "/tasks/flan2021/*.json")})
	strip = lambda s: re.sub(r"\{[A-Za-z0-9_]+\}", "", s)
	bad = 0
	for s in sets:
	    temps = parse_tpl(os.path.join(sys.argv[1], "templates", s + ".tpl"))
	    for kind, least in (("zero_shot", 9), ("few_shot", 4)):
	        ts = [t for t in temps if t["kind"] == kind]
	        if len(ts) < least:
	            print(s, kind, len(ts), "<", least); bad += 1
	    for kind in ("zero_shot", "zero_shot_no_options", "few_shot"):
	        seen = set()
	        for t in temps:
	            if t["kind"] != kind:
	                continue
	            key = (strip(t["inputs"]), strip(t["targets"]), t.get("inputs_prefix"), t.get("targets_prefix"))
	            if key in seen:
	                print(s, kind, "line", t["line"], "repeats an earlier template"); bad += 1
	            seen.add(key)
	print(len(sets), "sets,", bad, "problems")
	PY
	echo "62 sets, 0 problems" >expect && test_cmp expect out
'

test_expect_success 'inverted zero-shot prompts (target written from the answer) in the generation and sentiment sets' '
	# an inverted template asks for a field that the ordinary templates give in the prompt
	for s in aeslc cnn_dailymail gigaword multi_news newsroom samsum xsum wiki_lingua_english_en \
		opinion_abstracts_idebate opinion_abstracts_rotten_tomatoes common_gen dart e2e_nlg web_nlg_en \
		true_case fix_punct word_segment imdb_reviews sentiment140 yelp_polarity_reviews sst2; do
		n=$(grep -A2 "^zero_shot\$" "$R/templates/$s.tpl" | grep "^    targets" | sort | uniq -c | sort -n | head -n 1 | awk "{print \$1}") &&
		k=$(grep -A2 "^zero_shot\$" "$R/templates/$s.tpl" | grep "^    targets" | sort -u | wc -l) &&
		{ test "$k" -ge 2 && test "$n" -ge 1 && test "$n" -le 3; } || { echo "$s: $k distinct targets, rarest $n"; exit 1; }
	done
'

test_expect_success 'option sets among the single-sentence classifiers have their own no-options wordings' '
	for s in cola sst2 trec imdb_reviews sentiment140 yelp_polarity_reviews ag_news_subset; do
		n=$(grep -c "^zero_shot_no_options\$" "$R/templates/$s.tpl") &&
		test "$n" -ge 4 || { echo "$s: $n zero_shot_no_options"; exit 1; }
		! grep -A1 "^zero_shot_no_options\$" "$R/templates/$s.tpl" | grep -F "{options_}" || exit 1
	done
'

test_expect_success 'the checker rejects an unbalanced brace, an unknown field, a bad kind, a missing {options_}' '
	mkdir tpl &&
	cp "$R/tasks/flan2021/rte.json" rte.json &&
	printf "zero_shot\n    inputs  \"{premise} {{ok}} {hypothesis\"\n    targets \"{answer}\"\n" >tpl/rte.tpl &&
	test_must_fail python3 "$R/tools/check_templates.py" --templates tpl rte.json >o1 &&
	grep "tpl/rte.tpl:2: unbalanced brace at character 18" o1 &&
	printf "zero_shot\n    inputs  \"{premise} {context}\\\\n{options_}\"\n    targets \"{answer}\"\nfew_shot\n    inputs \"{premise}\\\\n{options_}\"\n    targets \"{answer}\"\n" >tpl/rte.tpl &&
	test_must_fail python3 "$R/tools/check_templates.py" --templates tpl rte.json >o2 &&
	grep "placeholder {context} is not a field" o2 &&
	printf "zero_shots\n    inputs  \"x\"\n    targets \"y\"\n" >tpl/rte.tpl &&
	test_must_fail python3 "$R/tools/check_templates.py" --templates tpl rte.json >o3 &&
	grep "tpl/rte.tpl:1: unknown kind" o3 &&
	printf "zero_shot\n    inputs  \"{premise} {hypothesis}\"\n    targets \"{answer}\"\nfew_shot\n    inputs \"{premise}\\\\n{options_}\"\n    targets \"{answer}\"\n" >tpl/rte.tpl &&
	test_must_fail python3 "$R/tools/check_templates.py" --templates tpl rte.json >o4 &&
	grep "inputs lack {options_}" o4
'

# ---- the C stages, once they exist on main ------------------------------------------------
if [ -x "$FM_BIN/flanmix-ingest" ]; then
test_expect_success 'the sample exports ingest with --data-dir tasks/flan2021/samples' '
	args= &&
	for t in $SAMPLES; do args="$args $R/tasks/flan2021/$t.json"; done &&
	flanmix ingest -q --data-dir "$R/tasks/flan2021/samples" -o ing $args &&
	for t in $SAMPLES; do
		test -f ing/records/$t/meta.json || { echo "no records for $t"; exit 1; }
	done
'
else
	test_skip 'sample exports ingest' 'flanmix-ingest not built yet'
fi
if [ -x "$FM_BIN/flanmix-ingest" ]; then
test_expect_success 'flanmix ingest maps the hand-worked rows exactly as expected' '
	for t in "$CASES"/*.task; do
		b=${t%.task}; def=$R/$(cat "$t"); name=$(basename "$def" .json)
		rm -rf d o && mkdir -p d/flan2021/$name &&
		cp "$b.in.jsonl" d/flan2021/$name/train.jsonl &&
		flanmix ingest -q --data-dir d -o o "$def" &&
		zstd -dcq o/records/$name/part-*.jsonl.zst >got.jsonl &&
		python3 - "$b.out.jsonl" got.jsonl <<-\PY || exit 1
		import json, sys
		want = [json.loads(l) for l in open(sys.argv[1]) if l.strip() != "filtered"]
		got = [json.loads(l)["fields"] for l in open(sys.argv[2])]
		# key order matters too: records keep the definition order
		if [list(w.items()) for w in want] != [list(g.items()) for g in got]:
		    print("want", want); print("got ", got); sys.exit(1)
		PY
	done
'
else
	test_skip 'flanmix ingest maps the hand-worked rows' 'flanmix-ingest not built yet'
fi
if [ -x "$FM_BIN/flanmix-ingest" ]; then
test_expect_success 'flanmix ingest loads all 71 definitions and maps a row shaped after each' '
	python3 "$R/tools/flan2021/synth_rows.py" --rows 12 syn "$R"/tasks/flan2021/*.json &&
	flanmix ingest -q --data-dir syn -o ing "$R"/tasks/flan2021/*.json &&
	python3 -c "import json; c=json.load(open(\"ing/manifest.json\"))[\"counts\"]; print(c[\"tasks\"], c[\"written\"], c[\"rejected\"])" >got &&
	echo "71 852 0" >expect && test_cmp expect got
'
fi
if [ -x "$FM_BIN/flanmix-ingest" ] && [ -x "$FM_BIN/flanmix-format" ] && [ -f "$R/templates/option_styles.json" ]; then
test_expect_success 'flanmix format loads all 62 template sets against their tasks, all six formats' '
	python3 "$R/tools/flan2021/synth_rows.py" --rows 12 syn "$R"/tasks/flan2021/*.json &&
	flanmix ingest -q --data-dir syn -o ing "$R"/tasks/flan2021/*.json &&
	flanmix format -q --templates "$R/templates" \
		--formats zs_opt,zs_noopt,fs_x,fs_x_noopt,fs_mix,fs_mix_noopt -o fmt ing &&
	ls fmt/examples | wc -l >n && echo 71 >expect && test_cmp expect n
'
test_expect_success 'the sample tasks format end to end with the Flan 2021 template sets' '
	args= &&
	for t in $SAMPLES; do args="$args $R/tasks/flan2021/$t.json"; done &&
	flanmix ingest -q --data-dir "$R/tasks/flan2021/samples" -o ing $args &&
	flanmix format -q --templates "$R/templates" --formats zs_opt,zs_noopt,fs_x,fs_mix -o fmt ing &&
	for t in $SAMPLES; do
		test -d fmt/examples/$t/zs_noopt || { echo "no examples for $t"; exit 1; }
	done
'
else
	test_skip 'format of the Flan 2021 sets' 'flanmix-format or templates/option_styles.json not on main yet'
fi

test_done
