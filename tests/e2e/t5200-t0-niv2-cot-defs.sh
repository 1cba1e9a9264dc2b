#!/usr/bin/env bash
# t5200: the T0-SF, NIV2 and CoT task definitions load and validate against their template
# sets (tools/check_templates_t0.py until the C loaders exist), the sets have the shape the
# FLAN v2 spec gives (counts worked out by hand in tests/cases/t5200/expected-summary.txt),
# the checker rejects broken sets, and the task lists agree with the FLAN v2 rates table.
. "$(dirname "$0")/../lib.sh"

CASES=$FM_ROOT/tests/cases/t5200
CHECK="python3 $FM_ROOT/tools/check_templates_t0.py --templates $FM_ROOT/templates"
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
        if python3 "$FM_ROOT/tools/check_templates_t0.py" --templates "tpl-$name" "task-$name.json" 2>err; then
            echo "accepted: $name"; exit 1
        fi &&
        if ! grep -F -- "$expect" err >/dev/null; then
            echo "case $name: expected \"$expect\", got:"; cat err; exit 1
        fi
    done
'

test_expect_success 'T0-SF: 193 tasks, 104 question-answer + 70 multiple-choice on t0_question_answer, 19 with separated options' '
    python3 - "$FM_ROOT/tasks/t0/t0_sf.json" >counts <<-\PY &&
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
    python3 - "$FM_ROOT/tasks/t0/t0_sf.json" "$FM_ROOT/tasks/t0/samples/t0_sf_samples.json" "$FM_ROOT/tasks/t0/samples" <<-\PY
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

require_shared 'T0/CoT/NIV2 names against the FLAN v2 rates table and the shared data' 3

RATES=$FM_SHARED/docs/reference/flan_v2_mixture_rates.tsv

test_expect_success 'T0-SF task names are exactly the t0_zsopt rows of the rates table' '
    grep "	t0_zsopt	" "$RATES" | cut -f3 | sed -e "s/^t0_task_adaptation://" -e "s/_template_0to10_.*$//" | sort >expect &&
    python3 -c "import json,sys; [print(t[\"name\"]) for t in json.load(open(sys.argv[1]))[\"tasks\"]]" \
        "$FM_ROOT/tasks/t0/t0_sf.json" | sort >names &&
    test_cmp expect names &&
    grep "	t0_zsopt	.*non_deter_opt" "$RATES" | cut -f3 | sed -e "s/^t0_task_adaptation://" -e "s/_template_0to10_.*$//" | sort >expect-sep &&
    python3 -c "import json,sys; [print(t[\"name\"]) for t in json.load(open(sys.argv[1]))[\"tasks\"] if t[\"templates\"]==\"t0_multiple_choice_separated_options\"]" \
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
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s=d[\"source\"]; print(d[\"name\"], s[\"split_list\"], s[\"exclude_mmlu\"], s[\"files\"][0])" \
        "$FM_ROOT/tasks/niv2/niv2.json" >got &&
    echo "{stem} niv2/splits/default_train_tasks.txt True niv2/tasks/*.json" >expect &&
    test_cmp expect got &&
    test -s "$FM_SHARED/data/niv2/splits/default_train_tasks.txt"
'

test_done
