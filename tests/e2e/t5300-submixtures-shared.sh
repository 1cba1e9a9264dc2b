#!/usr/bin/env bash
# t5300: the CoT and NIV2 submixtures built end to end (`flanmix build`: ingest, format, mix,
# tokenize, pack) from the real data in ../shared with the T5 SentencePiece model, as issue 6's
# "done when" asks. Expected values come from the sources (wc -l, NIV2's MANIFEST.tsv, task
# numbers, strings read from the data) and from the mixture files worked by hand, never from
# the code under test.
#
# Bounded: full CoT data and a 3,000-example draw in release; under FM_VARIANT=san the CoT
# build reads the first 1,000 lines of each TSV and draws 1,000 (the full-data ingest counts
# and the 100,000-example draw are checked in both variants).
. "$(dirname "$0")/../lib.sh"
require_shared "CoT and NIV2 submixture builds" 9

R=$FM_ROOT
T5=$FM_SHARED/models/t5/spiece.model
COT_SETS="gsm8k strategyqa creak qasc ecqa sensemaking aqua"
if [ "$FM_VARIANT" = san ]; then COT_COUNT=1000 NIV2_COUNT=1000 COT_LINES=1000
else COT_COUNT=3000 NIV2_COUNT=2000 COT_LINES=; fi

# The flanmix task names of one CoT dataset: the CoT task and its input inversion.
cot_tasks() {
	case $1 in
	aqua) echo "stream_aqua stream_input_inversion_aqua" ;;
	*) echo "cot_$1 cot_input_inversion_$1" ;;
	esac
}

# The data the CoT build reads: ../shared itself, or (san) a copy holding the first lines.
cot_data() {
	if [ -z "$COT_LINES" ]; then echo "$FM_SHARED/data"; return; fi
	mkdir -p "$TRASH/cotdata/cot" &&
	for s in $COT_SETS; do
		head -n "$COT_LINES" "$FM_SHARED/data/cot/${s}_train.tsv" >"$TRASH/cotdata/cot/${s}_train.tsv"
	done &&
	echo "$TRASH/cotdata"
}

# check_draws OUT COUNT: the mix manifest's per-task-format drawn counts add up to COUNT, agree
# with the examples actually in OUT/mix/mixed (counted by tests/mix/count.py) and the shards
# hold COUNT packed examples.
check_draws() {
	python3 "$R/tests/mix/count.py" "$1/mix" >counts &&
	grep -qx "total	$2" counts &&
	python3 - "$1/mix/manifest.json" counts "$2" <<-\PY &&
	import json, sys
	m = json.load(open(sys.argv[1]))["counts"]
	n = int(sys.argv[3])
	got = dict(l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l and not l.startswith("total"))
	assert m["draws"] == n, m["draws"]
	assert sum(u["drawn"] for u in m["task_formats"]) == n
	assert sum(u["drawn_total"] for u in m["task_formats"]) == n
	for u in m["task_formats"]:
	    assert u["drawn"] == int(got.get(u["name"], 0)), u
	print("drawn", n, "over", len(m["task_formats"]), "task-formats")
	PY
	flanmix inspect --stats "$1/shards" >stats &&
	grep -q "^examples: $2 read, $2 packed, 0 rejected" stats
}

# decode OUT: the text of OUT's shards decoded with the T5 model, whitespace runs as one
# space (T5 reads every whitespace run as one space).
decode() { flanmix inspect -n 1000000 --model "$T5" "$1/shards" | sed -n "s/^   \(enc   \|loss 1\) | //p" | tr -s " \n" " " ; }

test_expect_success 'ingest of all the shared data: counts equal the sources' '
	flanmix ingest -q --allow-missing --data-dir "$FM_SHARED/data" -o "$TRASH/ing" "$R"/tasks/cot/*.json "$R/tasks/niv2/niv2.json" &&
	# CoT: each TSV line is one record, read by the task and by its input inversion
	for s in $COT_SETS; do
		n=$(wc -l <"$FM_SHARED/data/cot/${s}_train.tsv") &&
		for t in $(cot_tasks $s); do
			echo "$t $n $n"
		done
	done | sort >expect.cot &&
	# NIV2: the kept instances per file, from the data set'"'"'s own MANIFEST.tsv (10,928 in all)
	awk -F"\t" "NR > 1 { sub(/\\.json\$/, \"\", \$1); print \$1, \$4, \$4 }" \
		"$FM_SHARED/data/niv2/MANIFEST.tsv" | sort >expect.niv2 &&
	awk "{ s += \$2 } END { print s }" expect.niv2 >total && echo 10928 >expect.total && test_cmp expect.total total &&
	test $(wc -l <expect.niv2) = 40 &&
	python3 -c "
import json
c = json.load(open(\"$TRASH/ing/manifest.json\"))[\"counts\"]
for t, u in sorted(c[\"per_task\"].items()):
    print(t, u[\"read\"], u[\"written\"])
" >got &&
	sort expect.cot expect.niv2 >expect && sort got >got.s && test_cmp expect got.s
'

test_expect_success 'ingest --allow-missing: the two CoT datasets without data are listed, not built' '
	flanmix ingest --allow-missing --data-dir "$FM_SHARED/data" -o ing "$R"/tasks/cot/*esnli.json \
		"$R"/tasks/cot/*qed.json "$R"/tasks/cot/*qasc.json 2>err &&
	python3 -c "import json; print(\" \".join(sorted(json.load(open(\"ing/manifest.json\"))[\"counts\"][\"per_task\"])))" >built &&
	echo "cot_input_inversion_qasc cot_qasc" >expect.built && test_cmp expect.built built &&
	python3 -c "import json; print(\"\\n\".join(sorted(json.load(open(\"ing/manifest.json\"))[\"counts\"][\"missing\"])))" >got &&
	printf "%s\n" cot_esnli cot_input_inversion_esnli stream_input_inversion_qed stream_qed >expect &&
	test_cmp expect got &&
	grep -c "warning: no data for task" err >n && echo 4 >four && test_cmp four n &&
	grep -q "cot/esnli_train.tsv" err &&
	# without --allow-missing the missing data is an error naming it
	test_must_fail flanmix ingest -q --data-dir "$FM_SHARED/data" -o ing2 "$R/tasks/cot/stream_qed.json" 2>err2 &&
	grep -q "cot/qed_train.tsv.*matches no file" err2
'

test_expect_success 'NIV2: MMLU-derived task files are left out as FLAN does, and reported' '
	# none of the 40 shared files is MMLU-derived (FLAN: task numbers 664-667, 685-737) ...
	ls "$FM_SHARED/data/niv2/tasks" | sed "s/^task\\([0-9]*\\)_.*/\\1/" |
		awk "(\$1 >= 664 && \$1 <= 667) || (\$1 >= 685 && \$1 <= 737)" >mmlu &&
	test ! -s mmlu &&
	python3 -c "import json; c = json.load(open(\"$TRASH/ing/manifest.json\"))[\"counts\"]; assert \"excluded\" not in c, c[\"excluded\"]" &&
	# ... so add two (copies of a real file under MMLU task names; one also in the split
	# list, as FLAN'"'"'s filter acts whatever the split says) and a file the split list lacks
	mkdir -p d/niv2/tasks d/niv2/splits &&
	for f in "$FM_SHARED"/data/niv2/tasks/*.json; do ln -s "$f" d/niv2/tasks/; done &&
	src=$FM_SHARED/data/niv2/tasks/task1146_country_capital.json &&
	cp "$src" d/niv2/tasks/task690_mmlu_answer_generation_astronomy.json &&
	cp "$src" d/niv2/tasks/task665_mmlu_answer_generation_anatomy.json &&
	cp "$src" d/niv2/tasks/task9999_not_in_the_split.json &&
	{ cat "$FM_SHARED/data/niv2/splits/default_train_tasks.txt"; echo task690_mmlu_answer_generation_astronomy; } \
		>d/niv2/splits/default_train_tasks.txt &&
	flanmix ingest --data-dir d -o ing2 "$R/tasks/niv2/niv2.json" 2>err &&
	python3 -c "
import json
c = json.load(open(\"ing2/manifest.json\"))[\"counts\"]
print(c[\"tasks\"], c[\"read\"])
for k, v in c[\"excluded\"].items(): print(k, v)
" >got &&
	cat >expect <<-\EOF &&
	40 10928
	task665_mmlu_answer_generation_anatomy mmlu
	task690_mmlu_answer_generation_astronomy mmlu
	task9999_not_in_the_split split_list
	EOF
	test_cmp expect got &&
	grep -q "left out 3 NIV2 task files: 2 MMLU-derived (as FLAN), 1 not in the split list; MMLU: task665_mmlu_answer_generation_anatomy, task690_mmlu_answer_generation_astronomy" err &&
	# two parts and a merge write the same manifest, exclusions included
	for i in 0 1; do flanmix ingest -q --data-dir d --part $i/2 -o parts "$R/tasks/niv2/niv2.json" || exit 1; done &&
	flanmix ingest --merge parts && cmp ing2/manifest.json parts/manifest.json
'

test_expect_success "flanmix build: the CoT submixture end to end ($COT_COUNT draws)" '
	data=$(cot_data) &&
	flanmix build "$R/mixtures/cot.json" -o "$TRASH/cot" --tasks "$R/tasks/cot" --data-dir "$data" \
		--model "$T5" --count $COT_COUNT --formats zs_opt,fs_mix,fs_x --allow-missing -q 2>err &&
	flanmix verify "$TRASH/cot" >v && grep -q " 0 faults" v &&
	for d in ingest format mix tokens shards; do test -f "$TRASH/cot/$d/manifest.json" || exit 1; done &&
	ls "$TRASH"/cot/shards/block-*/shard.*.mds.zstd >/dev/null
'

test_expect_success 'CoT: ingest counts equal the TSVs read; the 4 tasks without data are reported' '
	data=$(cot_data) &&
	for s in $COT_SETS; do
		n=$(wc -l <"$data/cot/${s}_train.tsv") &&
		for t in $(cot_tasks $s); do echo "$t $n $n"; done
	done | sort >expect &&
	python3 -c "
import json
c = json.load(open(\"$TRASH/cot/ingest/manifest.json\"))[\"counts\"]
for t, u in sorted(c[\"per_task\"].items()): print(t, u[\"read\"], u[\"written\"])
" | sort >got &&
	test_cmp expect got &&
	python3 -c "
import json
m = json.load(open(\"$TRASH/cot/mix/manifest.json\"))[\"counts\"][\"missing\"]
print(\"\\n\".join(sorted(m)))
" >missing &&
	for t in cot_esnli cot_input_inversion_esnli stream_qed stream_input_inversion_qed; do
		for f in zs_opt fs_mix fs_x; do echo $t/$f; done
	done | sort >expect.missing &&
	test_cmp expect.missing missing
'

test_expect_success 'CoT: drawn counts add up; every dataset of ../shared and its inversion is drawn in every format' '
	check_draws "$TRASH/cot" $COT_COUNT &&
	for s in $COT_SETS; do
		for t in $(cot_tasks $s); do
			for f in zs_opt fs_mix fs_x; do
				n=$(awk -F"\t" -v k=$t/$f "\$1 == k { print \$2 }" counts) &&
				test "${n:-0}" -gt 0 || { echo "$t/$f: no draws"; exit 1; }
			done
		done
	done
'

test_expect_success 'CoT: the decoded shards hold text of every dataset' '
	decode "$TRASH/cot" >text &&
	# two strings read in the data: a creak and a sensemaking question stem
	grep -qF "Yes / no, is the following a verifiable fact?" text &&
	grep -qF "Which of these sentences doesn'"'"'t make sense?" text &&
	# and, for each dataset, at least 3 of its questions appear in the decoded text (each
	# question by its longest run of plain ASCII words, when 30 characters or more)
	data=$(cot_data) &&
	python3 - "$data/cot" text $COT_SETS <<-\PY
	import re, sys
	d, text, sets = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), sys.argv[3:]
	for s in sets:
	    hits = set()
	    for line in open(f"{d}/{s}_train.tsv", encoding="utf-8"):
	        q = " ".join(line.split("\t")[0].replace("\\n", "\n").split())
	        runs = [r.strip() for r in re.findall(r"[A-Za-z0-9 ,.?]+", q)]
	        q = max(runs, key=len, default="")
	        if len(q) >= 30 and q not in hits and q in text:
	            hits.add(q)
	            if len(hits) == 3:
	                break
	    print(s, len(hits))
	    assert len(hits) >= 3, s
	PY
'

test_expect_success "flanmix build: the NIV2 submixture end to end ($NIV2_COUNT draws)" '
	flanmix build "$R/mixtures/niv2.json" -o "$TRASH/niv2" --tasks "$R/tasks/niv2" --data-dir "$FM_SHARED/data" \
		--model "$T5" --count $NIV2_COUNT --formats zs_opt,fs_mix,fs_x -q &&
	flanmix verify "$TRASH/niv2" >v && grep -q " 0 faults" v &&
	python3 -c "
import json
c = json.load(open(\"$TRASH/niv2/ingest/manifest.json\"))[\"counts\"]
print(c[\"tasks\"], c[\"read\"], c[\"written\"], \"excluded\" in c)
" >got && echo "40 10928 10928 False" >expect && test_cmp expect got &&
	check_draws "$TRASH/niv2" $NIV2_COUNT &&
	# one group member per format (FLAN samples NIV2 as one task): zs_opt 1/2, fs_mix and
	# fs_x 1/4 each of the draws, to within 1% (or 5 draws)
	awk -F"\t" -v n=$NIV2_COUNT "
		function near(got, want) { d = got - want; if (d < 0) d = -d; return d <= 5 || d <= want / 100 }
		\$1 ~ /\\/zs_opt\$/ { z += \$2 } \$1 ~ /\\/fs_mix\$/ { m += \$2 } \$1 ~ /\\/fs_x\$/ { x += \$2 }
		END { print z, m, x; exit !(near(z, n / 2) && near(m, n / 4) && near(x, n / 4)) }" counts &&
	# decoded text: each task'"'"'s definition opens with words read from its file
	decode "$TRASH/niv2" >text &&
	for s in "In this task, you are given a country name and you need to return the capital city of the given country" \
		"Given an adjective, generate its antonym. An antonym of a word is a word opposite in meaning to it." \
		"In this task, you are given a country name and you need to return the barcode prefix of the given country."; do
		grep -qF "$s" text || { echo "not found: $s"; exit 1; }
	done
'

test_expect_success '100,000 draws from mixtures/cot.json: within 1% of the weights worked by hand' '
	flanmix mix "$R/mixtures/cot.json" --examples "$TRASH/cot/format" --count 100000 --allow-missing -q -o m 2>/dev/null &&
	# count the drawn lines by task/format (each line starts {"id":…,"task":…,"format":…)
	zstd -q -dc m/mixed/block-*.jsonl.zst |
		sed -n "s/^{\"id\":\"[^\"]*\",\"task\":\"\([^\"]*\)\",\"format\":\"\([^\"]*\)\".*/\1\/\2/p" |
		sort | uniq -c | awk "{ print \$2 \"\t\" \$1; s += \$1 } END { print \"total\t\" s }" >counts &&
	grep -qx "total	100000" counts &&
	python3 - "$TRASH/cot/format/manifest.json" counts <<-\PY
	# cot.json by hand: zero-shot and few-shot halves; in each, the main group 1/1.3 and the
	# input inversions 0.3/1.3; in a group, each task-format its formatted examples (cap
	# 100,000) over the group sum. esnli and qed have no data: left out, siblings renormalized.
	import json, sys
	fm = json.load(open(sys.argv[1]))["counts"]["per_task"]
	got = dict(l.split("\t") for l in open(sys.argv[2]).read().split("\n") if l)
	main = ["cot_gsm8k", "cot_strategyqa", "cot_creak", "cot_qasc", "cot_ecqa", "cot_sensemaking", "stream_aqua"]
	inv = ["cot_input_inversion_" + t[4:] for t in main[:-1]] + ["stream_input_inversion_aqua"]
	w = {}
	for group, gw in ((main, 1 / 1.3), (inv, 0.3 / 1.3)):
	    for fmts in (["zs_opt"], ["fs_mix", "fs_x"]):
	        n = {(t, f): min(100000, fm[t][f]["formatted"]) for t in group for f in fmts}
	        for (t, f), k in n.items():
	            w[t + "/" + f] = 0.5 * gw * k / sum(n.values())
	assert abs(sum(w.values()) - 1) < 1e-12 and len(w) == 42
	assert set(got) - {"total"} == set(w), set(got) ^ set(w)
	big = 0
	for k, x in sorted(w.items()):
	    e, n = 100000 * x, int(got[k])
	    if x > 0.01:
	        big += 1
	        assert abs(n - e) / e <= 0.01, (k, n, e)
	    assert n > 0, k
	print(big, "task-formats above 1% weight, all within 1%")
	assert big >= 20
	PY
'

test_done
