#!/usr/bin/env bash
# The driver's progress display and end-of-build summary (docs/progress.md): stage lines
# and a summary whose counts match the stage manifests when stderr is a file; the status
# line redrawn in place under a terminal (script -qc); silence with -q. No timing asserted.
. "$(dirname "$0")/../lib.sh"

ROOT=$FM_ROOT
demo_model() {
    [ -f "$TRASH/m/model/demo.model" ] || flanmix demo -q -o "$TRASH/m" >/dev/null
    echo "$TRASH/m/model/demo.model"
}
# Short lengths so that tokenize cuts some inputs and targets (truncation counts > 0).
build() {
    local out=$1; shift
    flanmix build "$ROOT/mixtures/demo.json" -o "$out" --tasks "$ROOT/tasks/demo" \
        --model "$(demo_model)" --count 400 --inputs-len 64 --targets-len 16 "$@"
}

# The summary lines a build directory's manifests call for, computed here from the
# manifests (sums and groupings the summary must reproduce).
expected_summary() {
    /usr/bin/python3 - "$1" <<-\EOF
	import json, sys
	d = sys.argv[1]
	m = {s: json.load(open(f"{d}/{s}/manifest.json"))["counts"] for s in ("ingest", "format", "mix", "tokens", "shards")}
	i, f, x, t, p = m["ingest"], m["format"], m["mix"], m["tokens"], m["shards"]
	tfs = x["task_formats"]
	print(f"build: ingest: {i['read']} records read, {i['written']} written, {i['filtered']} filtered, "
	      f"{i['deduplicated']} deduplicated, {i['rejected']} rejected ({i['tasks']} tasks)")
	print(f"build: format: {f['formatted']} examples formatted, {f['dropped_tail']} dropped (too few records), "
	      f"{f['dropped_no_exemplars']} without exemplars")
	print(f"build: mix: {x['draws']} examples drawn from {len(tfs)} task-formats")
	sub = {}
	for mem in x["members"]:  # each demo task-format is in one member: its draws are the member's
	    sub[mem["path"]] = sub.get(mem["path"], 0) + sum(u["drawn"] for u in tfs if u["name"] == mem["name"])
	assert sum(sub.values()) == 400
	for path, n in sub.items():
	    print(f"build: submixture {path}: {n} examples ({100 * n / 400:.1f}%)")
	for task, c in i["per_task"].items():
	    drawn = sum(u["drawn"] for u in tfs if u["task"] == task)
	    print(f"build: task {task}: {c['written']} records, {c['rejected']} rejected, {drawn} examples drawn")
	it, tt = t["inputs_tokens"], t["targets_tokens"]
	packed = p["encoder_tokens"] + p["decoder_tokens"]
	print(f"build: tokens: {it} inputs + {tt} targets = {it + tt} (tokenize); {packed} packed in rows")
	eff = 100 * packed / (p["encoder_slots"] + p["decoder_slots"])
	print(f"build: packing: {p['examples_packed']} examples in {p['rows']} rows, efficiency {eff:.2f}% non-pad "
	      f"(encoder {100 * p['encoder_tokens'] / p['encoder_slots']:.2f}%, decoder {100 * p['decoder_tokens'] / p['decoder_slots']:.2f}%)")
	cut = t["inputs_truncated_tokens"] + t["targets_truncated_tokens"]
	assert t["inputs_truncated_examples"] > 0 and t["targets_truncated_examples"] > 0
	print(f"build: truncations: tokenize cut the inputs of {t['inputs_truncated_examples']} examples and the "
	      f"targets of {t['targets_truncated_examples']} ({cut} tokens); pack truncated {p['examples_truncated']} examples")
	print(f"build: rejects: {i['rejected']} at ingest, {t['rejected']} at tokenize, {p['examples_rejected']} at pack")
	EOF
}

test_expect_success 'stderr not a terminal: a line when each stage starts and ends, in order' '
    build b 2>err </dev/null &&
    n=1 && for s in ingest format mix tokenize pack; do
        grep -q "^build: \[$n/5\] $s: flanmix-$s " err || { echo "no start line for $s"; exit 1; }
        grep -q "^build: \[$n/5\] $s: done in [0-9.]*s: [0-9]* records, [0-9.]* MB, [0-9]* rec/s, [0-9.]* MB/s$" err ||
            { echo "no end line for $s"; exit 1; }
        n=$((n + 1))
    done &&
    grep "^build: \[./5\] [a-z]*: \(flanmix-\|done in\)" err | sed "s/^build: \[\(.\)\/5\] \([a-z]*\): \(flanmix\|done\).*/\1 \2 \3/" >order &&
    printf "%s\n" "1 ingest flanmix" "1 ingest done" "2 format flanmix" "2 format done" "3 mix flanmix" "3 mix done" \
        "4 tokenize flanmix" "4 tokenize done" "5 pack flanmix" "5 pack done" >want &&
    test_cmp want order &&
    ! grep -q $(printf "\r") err
'

test_expect_success 'the summary: counts per submixture and task, tokens, efficiency, truncations, rejects, wall time' '
    build b 2>err </dev/null &&
    expected_summary b >want &&
    sed -n "/^build: summary of b$/,\$p" err | grep -v "^build: summary of\|^build: wall time:" >got &&
    test_cmp want got &&
    tail -n 1 err | grep -q "^build: wall time: [0-9.]*s$"
'

test_expect_success 'the mix draws 400 examples in the demo rates: 0.5 / 0.3 / 0.2 of the submixtures' '
    build b 2>err </dev/null &&
    grep "^build: submixture" err | sed "s/.*(\(.*\)%)$/\1/" >pct &&
    awk "{ d = \$1 - (NR == 1 ? 50 : NR == 2 ? 30 : 20); if (d < -8 || d > 8) exit 1 }" pct &&
    test $(wc -l <pct) = 3
'

test_expect_success 'plain periodic lines carry records, rates and ETAs (FM_PROGRESS_INTERVAL)' '
    FM_PROGRESS_INTERVAL=0.001 build b 2>err </dev/null &&
    grep -q "^build: \[[1-5]/5\] [a-z]*: [0-9]* records, [0-9.]* MB, [0-9]* rec/s, [0-9.]* MB/s, stage [0-9%]* *ETA [0-9a-z?]*, build [0-9]*% ETA [0-9a-z?]*$" err
'

test_expect_success 'a resumed build reruns nothing and prints the same summary' '
    build b 2>err1 </dev/null && build b 2>err2 </dev/null &&
    test $(grep -c "complete and verified in .*, not rerun$" err2) = 5 &&
    ! grep -q "done in" err2 &&
    sed -n "/^build: summary/,\$p" err1 | grep -v "wall time" >s1 &&
    sed -n "/^build: summary/,\$p" err2 | grep -v "wall time" >s2 &&
    test_cmp s1 s2
'

test_expect_success '-q: nothing on stderr' '
    build b -q 2>err </dev/null &&
    test_cmp /dev/null err
'

test_expect_success 'under a terminal: the status line is redrawn in place and the summary ends the run' '
    command -v script >/dev/null || { echo "script (util-linux) missing"; exit 1; }
    M=$(demo_model) &&
    script -qec "flanmix build $ROOT/mixtures/demo.json -o b --tasks $ROOT/tasks/demo --model $M --count 400 --inputs-len 64 --targets-len 16" tty.log >/dev/null &&
    tr -d "\r" <tty.log >clean &&
    for s in ingest format mix tokenize pack; do
        grep -q "$(printf "\033")\[K\[[1-5]/5\] $s  [0-9]* rec  [0-9]* rec/s  [0-9.]* MB/s  stage .*ETA .*|  build [0-9]*% ETA " clean ||
            { echo "no status line for $s"; exit 1; }
    done &&
    grep -q "^build: summary of b$" clean &&
    grep "^build: " clean | tail -n 1 | grep -q "^build: wall time: [0-9.]*s$" &&
    expected_summary b >want && grep -q -F -f want clean &&
    test $(grep -c -F -f want clean) = $(wc -l <want)
'

test_done
