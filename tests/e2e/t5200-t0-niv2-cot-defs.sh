#!/usr/bin/env bash
# t5200: the T0-SF, NIV2 and CoT task definitions load and validate against their template
# sets (tools/check_templates_t0.py until the C loaders exist), the sets have the shape the
# FLAN v2 spec gives (counts worked out by hand in tests/cases/t5200/expected-summary.txt),
# the checker rejects broken sets, and the task lists agree with the FLAN v2 rates table.
. "$(dirname "$0")/../lib.sh"

CASES=$FM_ROOT/tests/cases/t5200
# A version manager's python3 shim can take seconds to start; prefer the system interpreter.
PY=python3
for p in /usr/bin/python3 /usr/local/bin/python3; do [ -x "$p" ] && { PY=$p; break; }; done
CHECK="$PY $FM_ROOT/tools/check_templates_t0.py --templates $FM_ROOT/templates"
DEFS="$FM_ROOT/tasks/t0/t0_sf.json $FM_ROOT/tasks/niv2/niv2.json $FM_ROOT/tasks/cot/*.json"

test_expect_success 'every T0-SF, NIV2 and CoT definition validates against its template set' '
    $CHECK --summary $DEFS >summary &&
    test_cmp "$CASES/expected-summary.txt" summary &&
    $CHECK "$FM_ROOT/tasks/t0/samples/t0_sf_samples.json"
'

test_expect_success 'the checker rejects each broken template set with the reason' '
    for tpl in "$CASES"/bad/*.tpl; do
        name=$(basename "$tpl" .tpl) &&
        mkdir -p "tpl-$name" &&
        cp "$tpl" "tpl-$name/$name.tpl" &&
        sed "s/\"SET\"/\"$name\"/" "$CASES/bad/task.json" >"task-$name.json" &&
        expect=$(sed -n "1s/^# expect: //p" "$tpl") &&
        if $PY "$FM_ROOT/tools/check_templates_t0.py" --templates "tpl-$name" "task-$name.json" 2>err; then
            echo "accepted: $name"; exit 1
        fi &&
        if ! grep -F -- "$expect" err >/dev/null; then
            echo "case $name: expected \"$expect\", got:"; cat err; exit 1
        fi
    done
'

test_expect_success 'T0-SF: 193 tasks, 104 question-answer + 70 multiple-choice on t0_question_answer, 19 with separated options' '
    $PY - "$FM_ROOT/tasks/t0/t0_sf.json" >counts <<-\PY &&
	import json, sys
	ts = json.load(open(sys.argv[1]))["tasks"]
	qa = sum(1 for t in ts if t["templates"] == "t0_question_answer" and "options" not in t["fields"])
	mc = sum(1 for t in ts if t["templates"] == "t0_question_answer" and "options" in t["fields"])
	so = sum(1 for t in ts if t["templates"] == "t0_multiple_choice_separated_options" and t.get("options_field") == "options")
	# multiple-choice prompts already show their choices: options are data, not {options_}
	assert all(t["options_field"] is None for t in ts if t["templates"] == "t0_question_answer" and "options" in t["fields"])
	bad = [t["name"] for t in ts if t["kind"] != "t0" or t["submixture"] != "t0" or t["source"]["format"] != "p3"
	       or t["source"]["files"] != ["t0/%s/train*.jsonl*" % t["name"]]]
	print(len(ts), qa, mc, so, len(bad))
	PY
    echo "193 104 70 19 0" >expect &&
    test_cmp expect counts
'

test_expect_success 'T0 sample tasks are the main definitions with local files' '
    $PY - "$FM_ROOT/tasks/t0/t0_sf.json" "$FM_ROOT/tasks/t0/samples/t0_sf_samples.json" "$FM_ROOT/tasks/t0/samples" <<-\PY
	import json, os, sys
	main = {t["name"]: t for t in json.load(open(sys.argv[1]))["tasks"]}
	samples = json.load(open(sys.argv[2]))["tasks"]
	assert 4 <= len(samples) <= 8, len(samples)
	for s in samples:
	    m = main[s["name"]]
	    for k in ("kind", "submixture", "templates", "fields", "substitutions", "options_field", "answer_field"):
	        assert s.get(k) == m.get(k), (s["name"], k)
	    assert s["source"]["files"] == [s["name"] + "/train.jsonl"], s["name"]
	    rows = [json.loads(l) for l in open(os.path.join(sys.argv[3], s["name"], "train.jsonl"))]
	    assert 20 <= len(rows) <= 40, (s["name"], len(rows))
	    for r in rows:
	        assert isinstance(r["inputs_pretokenized"], str) and isinstance(r["targets_pretokenized"], str)
	        if "options" in s["fields"]:
	            ch = [c.replace("\n", "").strip() for c in r["answer_choices"]]
	            assert r["targets_pretokenized"].replace("\n", "").strip() in ch, (s["name"], r)
	PY
'

test_expect_success 'CoT: 9 datasets and 9 inversion tasks with FLAN names' '
    ls "$FM_ROOT"/tasks/cot/ | sed "s/\.json$//" >names &&
    cat >expect <<-\EOF &&
	cot_creak
	cot_ecqa
	cot_esnli
	cot_gsm8k
	cot_input_inversion_creak
	cot_input_inversion_ecqa
	cot_input_inversion_esnli
	cot_input_inversion_gsm8k
	cot_input_inversion_qasc
	cot_input_inversion_sensemaking
	cot_input_inversion_strategyqa
	cot_qasc
	cot_sensemaking
	cot_strategyqa
	stream_aqua
	stream_input_inversion_aqua
	stream_input_inversion_qed
	stream_qed
	EOF
    test_cmp expect names
'

have_stages() { [ -x "$FM_BIN/flanmix-ingest" ] && [ -x "$FM_BIN/flanmix-format" ]; }
# formatted count of TASK/FORMAT in a format manifest
fmt_count() {
    $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["per_task"][sys.argv[2]][sys.argv[3]]["formatted"])' "$@"
}
# every "task format formatted" triple of a format manifest
fmt_counts() {
    $PY -c 'import json,sys
for t, v in sorted(json.load(open(sys.argv[1]))["counts"]["per_task"].items()):
    for f, c in sorted(v.items()):
        if isinstance(c, dict): print(t, f, c["formatted"])' "$1"
}
# inputs/targets of line N of an examples file
example() {
    zstdcat "$1" | sed -n "$2p" | $PY -c 'import json,sys; d=json.loads(sys.stdin.read()); sys.stdout.write(d["inputs"] + "\n=>\n" + d["targets"] + "\n")'
}

if have_stages; then
test_expect_success 'T0 samples ingest with FLAN cleaning and format (zs_opt, zs_noopt, fs_x, fs_mix)' '
    S=$FM_ROOT/tasks/t0/samples &&
    flanmix ingest -q -o ing "$S/t0_sf_samples.json" &&
    test ! -s ing/rejects.jsonl &&
    for t in web_questions_question_answer amazon_polarity_Is_this_product_review_positive quarel_choose_between sciq_Direct_Question wiqa_what_might_be_the_first_step_of_the_process; do
        test "$(zstdcat ing/records/$t/part-00000.jsonl.zst | wc -l)" = "$(wc -l <"$S/$t/train.jsonl")" || exit 1
    done &&
    flanmix format -q --options deterministic --formats zs_opt,zs_noopt,fs_x,fs_mix -o fmt ing &&
    # 22 and 21 records, 10 templates: the last 2 or 1 are dropped (position mod 10, as FLAN)
    test "$(fmt_count fmt/manifest.json web_questions_question_answer zs_opt)" = 20 &&
    test "$(fmt_count fmt/manifest.json sciq_Direct_Question zs_opt)" = 20 &&
    # record 3 of web_questions, template 2; its two newlines became two spaces
    example fmt/examples/web_questions_question_answer/zs_opt/part-00000.jsonl.zst 3 >got &&
    printf "%s\n" "Respond to the prompt below." "" "Here is a general knowledge question.  who wrote the novel pride and prejudice?" "=>" "Jane Austen" >expect &&
    test_cmp expect got &&
    # record 5: the prompt newline became a space and the target "Mars\n" lost its newline
    example fmt/examples/web_questions_question_answer/zs_opt/part-00000.jsonl.zst 5 >got &&
    printf "%s\n" "Here is a task for you: Question: which planet is known as the red planet? Short answer:" "=>" "Mars" >expect &&
    test_cmp expect got &&
    # separated options: template 0 shows the choices; the no-options form drops them
    example fmt/examples/sciq_Direct_Question/zs_opt/part-00000.jsonl.zst 1 >got &&
    printf "%s\n" "Plants take in carbon dioxide and release oxygen during photosynthesis.  Using the sentence above, answer: Which gas do plants release during photosynthesis?" "" "OPTIONS:" "- nitrogen" "- oxygen" "- helium" "- methane" "=>" "oxygen" >expect &&
    test_cmp expect got &&
    example fmt/examples/sciq_Direct_Question/zs_noopt/part-00000.jsonl.zst 1 >got &&
    printf "%s\n" "Plants take in carbon dioxide and release oxygen during photosynthesis.  Using the sentence above, answer: Which gas do plants release during photosynthesis?" "=>" "oxygen" >expect &&
    test_cmp expect got &&
    # record 3 of sciq: the target "heart " was stripped
    example fmt/examples/sciq_Direct_Question/zs_noopt/part-00000.jsonl.zst 3 | tail -n 1 >got &&
    echo heart >expect && test_cmp expect got &&
    # multiple choice without separated options: the prompt already has them, no OPTIONS block
    ! zstdcat fmt/examples/quarel_choose_between/zs_opt/part-00000.jsonl.zst | grep -q OPTIONS
'
else
    test_skip 'T0 samples ingest and format' 'flanmix-ingest or flanmix-format not built yet'
fi

require_shared 'T0/CoT/NIV2 names against the FLAN v2 rates table and the shared data' 3

RATES=$FM_SHARED/docs/reference/flan_v2_mixture_rates.tsv

test_expect_success 'T0-SF task names are exactly the t0_zsopt rows of the rates table' '
    grep "	t0_zsopt	" "$RATES" | cut -f3 | sed -e "s/^t0_task_adaptation://" -e "s/_template_0to10_.*$//" | sort >expect &&
    $PY -c "import json,sys; [print(t[\"name\"]) for t in json.load(open(sys.argv[1]))[\"tasks\"]]" \
        "$FM_ROOT/tasks/t0/t0_sf.json" | sort >names &&
    test_cmp expect names &&
    grep "	t0_zsopt	.*non_deter_opt" "$RATES" | cut -f3 | sed -e "s/^t0_task_adaptation://" -e "s/_template_0to10_.*$//" | sort >expect-sep &&
    $PY -c "import json,sys; [print(t[\"name\"]) for t in json.load(open(sys.argv[1]))[\"tasks\"] if t[\"templates\"]==\"t0_multiple_choice_separated_options\"]" \
        "$FM_ROOT/tasks/t0/t0_sf.json" | sort >sep &&
    test_cmp expect-sep sep
'

test_expect_success 'CoT task names are the cot and cot-ii zero-shot rows of the rates table; 7 data files exist' '
    grep -E "	(cot|cot-ii)_zsopt	" "$RATES" | cut -f3 | sed "s/_template_0to10_.*$//" | sort >expect &&
    ls "$FM_ROOT"/tasks/cot/ | sed "s/\.json$//" | sort >names &&
    test_cmp expect names &&
    for ds in gsm8k strategyqa creak qasc ecqa sensemaking aqua; do
        test -s "$FM_SHARED/data/cot/${ds}_train.tsv" || exit 1
    done
'

test_expect_success 'NIV2 definition names the default train split list, which exists in the shared data' '
    $PY -c "import json,sys; d=json.load(open(sys.argv[1])); s=d[\"source\"]; print(d[\"name\"], s[\"split_list\"], s[\"exclude_mmlu\"], s[\"files\"][0])" \
        "$FM_ROOT/tasks/niv2/niv2.json" >got &&
    echo "{stem} niv2/splits/default_train_tasks.txt True niv2/tasks/*.json" >expect &&
    test_cmp expect got &&
    test -s "$FM_SHARED/data/niv2/splits/default_train_tasks.txt"
'

# cot_<ds> datasets ingested and formatted (plus stream_aqua); fewer under ASan to stay fast
COTS="gsm8k strategyqa creak qasc ecqa sensemaking"
[ "$FM_VARIANT" = san ] && COTS="qasc sensemaking"
if have_stages; then
test_expect_success 'CoT from the shared data: ingest and format; counts equal the rates table (position mod N, tail dropped)' '
    defs= &&
    for ds in $COTS; do defs="$defs $FM_ROOT/tasks/cot/cot_$ds.json $FM_ROOT/tasks/cot/cot_input_inversion_$ds.json"; done &&
    defs="$defs $FM_ROOT/tasks/cot/stream_aqua.json $FM_ROOT/tasks/cot/stream_input_inversion_aqua.json" &&
    flanmix ingest -q --data-dir "$FM_SHARED/data" -o ing $defs &&
    test ! -s ing/rejects.jsonl &&
    test "$(ls ing/records | wc -l)" = $(( $(echo $COTS | wc -w) * 2 + 2 )) &&
    flanmix format -q --options deterministic --formats zs_opt,fs_x,fs_mix -o fmt ing &&
    fmt_counts fmt/manifest.json >counts &&
    for t in $(for ds in $COTS; do echo cot_$ds; done) stream_aqua; do
        for f in zs_opt:template_0to10_zero_shot fs_x:template_0to10_x_shot fs_mix:template_mix_five_shot; do
            echo "$t ${f%%:*} $(grep -P "\t${t}_${f#*:}\t" "$RATES" | cut -f4)"
        done
    done | sort >expect &&
    grep -E "^(cot|stream)_[a-z0-9]+ " counts >got &&
    test_cmp expect got &&
    # inversion: 18 templates, so 2728 - 2728 mod 18 = 2718 and 6070 - 6070 mod 18 = 6066
    # (the rates table copies the CoT numbers instead)
    grep -x "stream_input_inversion_aqua zs_opt 2718" counts &&
    grep -x "cot_input_inversion_sensemaking zs_opt 6066" counts &&
    # sensemaking row 1 with template 0: the question ends with a newline, the trigger follows it
    example fmt/examples/cot_sensemaking/zs_opt/part-00000.jsonl.zst 1 >got &&
    printf "%s\n" "Of the following two sentences, which one is against common sense?" "Options:" "- Sentence A: \"He poured orange juice on his cereal.\"" "- Sentence B: \"He poured milk on his cereal.\"" "Explain your choice, then give it." "=>" "Orange juice does not taste good on cereal." "In conclusion, the answer is Sentence A." >expect &&
    test_cmp expect got &&
    # inversion row 2 of qasc, template 1: the question is the target
    example fmt/examples/cot_input_inversion_qasc/zs_opt/part-00000.jsonl.zst 2 >got &&
    printf "%s\n" "Reconstruct the question from this explanation and answer." "Reproduction is the process by which living things give rise to offspring. Most people want to have children who are the biological offspring of both parents. Reproduction is the process by which living things produce children." "Answer: (H)" "=>" "Question: What comes from reproduction?" "Options:" "- (A) babies" "- (B) protein" "- (C) pollution" "- (D) dead cells" "- (E) Energy" "- (F) seeds" "- (G) Most plants" "- (H) children" >expect &&
    test_cmp expect got
'

test_expect_success 'CoT esnli and qed: missing data files are reported by name' '
    for ds in cot_esnli stream_qed; do
        test_must_fail flanmix ingest -q --data-dir "$FM_SHARED/data" -o "ing-$ds" "$FM_ROOT/tasks/cot/$ds.json" 2>err &&
        grep -F "_train.tsv" err && grep -F "$ds" err || exit 1
    done
'

test_expect_success 'NIV2 from the shared data: one task per default-train file, MMLU tasks left out, formats' '
    flanmix ingest -q --data-dir "$FM_SHARED/data" -o ing "$FM_ROOT/tasks/niv2/niv2.json" &&
    test "$(ls ing/records | wc -l)" = 40 &&
    test "$(zstdcat ing/records/*/part-*.jsonl.zst | wc -l)" = 10928 &&
    flanmix format -q --options deterministic --formats zs_opt,fs_mix,fs_x -o fmt ing &&
    $PY - "$FM_SHARED/data/niv2/tasks/task1146_country_capital.json" >expect <<-\PY &&
	import json, sys
	t = json.load(open(sys.argv[1]))
	d, ex, inst = t["Definition"][0], t["Positive Examples"][0], t["Instances"][0]
	print("Instructions: " + d + "\n\n" + inst["input"] + "\n=>\n" + inst["output"][0])
	print(d + "\n\nSolved example:\nInput: " + ex["input"] + "\nOutput: " + ex["output"]
	      + "\nReason: " + ex["explanation"] + "\n\nNow you try:\nInput: " + inst["input"] + "\nOutput:\n=>\n" + inst["output"][0])
	PY
    { example fmt/examples/task1146_country_capital/zs_opt/part-00000.jsonl.zst 1 &&
      example fmt/examples/task1146_country_capital/fs_mix/part-00000.jsonl.zst 1; } >got &&
    test_cmp expect got &&
    # a split list and the MMLU range: only the listed, non-MMLU file becomes a task
    mkdir -p dd/niv2/tasks dd/niv2/splits &&
    cp "$FM_SHARED/data/niv2/tasks/task1146_country_capital.json" dd/niv2/tasks/ &&
    cp "$FM_SHARED/data/niv2/tasks/task1146_country_capital.json" dd/niv2/tasks/task700_mmlu_like.json &&
    cp "$FM_SHARED/data/niv2/tasks/task1146_country_capital.json" dd/niv2/tasks/task9999_not_listed.json &&
    printf "task1146_country_capital\ntask700_mmlu_like\n" >dd/niv2/splits/default_train_tasks.txt &&
    flanmix ingest -q --data-dir dd -o ing2 "$FM_ROOT/tasks/niv2/niv2.json" &&
    ls ing2/records >got && echo task1146_country_capital >expect && test_cmp expect got
'
else
    test_skip 'CoT and NIV2 ingest and format from the shared data' 'flanmix-ingest or flanmix-format not built yet'
fi

test_done
