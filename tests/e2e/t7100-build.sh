#!/usr/bin/env bash
# The driver: flanmix demo, flanmix build (determinism, resume after kill -9, full disk,
# unwritable output), and scale-out to N parts (one host, Slurm and Kubernetes recipes run
# as local processes) merging byte for byte into a single-process build.
. "$(dirname "$0")/../lib.sh"

ROOT=$FM_ROOT
demo_model() { # train the demo model once per script into $TRASH/model
    [ -f "$TRASH/m/model/demo.model" ] || flanmix demo -q -o "$TRASH/m" >/dev/null
    echo "$TRASH/m/model/demo.model"
}
build() { (exec_build "$@"); }
exec_build() { # as build, but the process becomes flanmix-build itself (exec), so that a
    # background call's $! is the driver's pid and kill -9 hits the driver
    local out=$1; shift
    exec flanmix build "$ROOT/mixtures/demo.json" -o "$out" --tasks "$ROOT/tasks/demo" \
        --model "$(demo_model)" --count 400 --inputs-len 1024 --targets-len 256 -q "$@"
}
# Every file of a build, with its checksum, for byte-for-byte comparison.
snapshot() { (cd "$1" && find . -type f ! -name '*.log' ! -path './model/*' ! -name report.html | LC_ALL=C sort | xargs xxhsum -H3); }

test_expect_success 'flanmix demo builds, shows examples and verifies' '
    flanmix demo -o out >log 2>&1 &&
    grep -q "formatted examples" log && grep -q "0 faults" log &&
    test -f out/manifest.json && ls out/shards/*/shard.*.mds.zstd >/dev/null &&
    flanmix verify out
'

# Every packed segment, decoded by flanmix inspect, against the examples that went in.
test_expect_success 'the demo shards decode back (flanmix inspect) to exactly the mixed examples' '
    flanmix demo -q -o out >/dev/null &&
    flanmix inspect -n 100000 --model out/model/demo.model out/shards >decoded &&
    zstd -dc out/mix/mixed/block-*.jsonl.zst >mixed.jsonl &&
    /usr/bin/python3 - decoded mixed.jsonl <<-\EOF
	import json, sys
	from collections import Counter
	dec, mixed = sys.argv[1], sys.argv[2]
	esc = lambda t: t.replace("\n", "\\n").replace("\t", "\\t")
	want = Counter((esc(e["inputs"]), esc(e["targets"])) for e in map(json.loads, open(mixed, encoding="utf-8")))
	got, enc = Counter(), None
	for line in open(dec, encoding="utf-8"):
	    line = line.rstrip("\n")
	    if line.startswith("   enc    | "):
	        enc = line[len("   enc    | "):]
	    elif line.startswith("   loss 1 | "):
	        tg = line[len("   loss 1 | "):]
	        assert enc.endswith(" </s>") and tg.endswith(" </s>"), (enc, tg)
	        got[(enc[:-5], tg[:-5])] += 1
	        enc = None
	assert sum(want.values()) == 600, sum(want.values())
	missing, extra = want - got, got - want
	assert not missing and not extra, (list(missing.items())[:2], list(extra.items())[:2])
	print("all", sum(got.values()), "segments decode to their examples")
	EOF
'

test_expect_success 'same inputs and seed: byte-identical output whatever -j' '
    build b -j 1 && snapshot b >one && rm -rf b &&
    build b -j 2 && snapshot b >two &&
    test_cmp one two
'

test_expect_success 'a different seed changes the output' '
    build b --seed 1 && snapshot b >one && rm -rf b &&
    build b --seed 2 && snapshot b >two &&
    ! cmp -s one two
'

test_expect_success 'killed with SIGKILL at several moments, the build resumes to identical bytes' '
    build b && snapshot b >clean && rm -rf b &&
    for delay in 0.05 0.2 0.4 0.7 1.0 1.5; do
        exec_build b & pid=$!
        sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
        build b && snapshot b >resumed && test_cmp clean resumed || exit 1
        ! find b -name "*.tmp-*" | grep -q . || exit 1
        rm -rf b
    done
'

test_expect_success 'a corrupted finished stage is detected by checksum and rebuilt' '
    build b && snapshot b >clean &&
    f=$(ls b/format/examples/demo_nli/zs_opt/part-*.jsonl.zst | head -1) &&
    printf "x" >>"$f" &&
    build b 2>err && snapshot b >after && test_cmp clean after
'

test_expect_success 'an unwritable output location is a clear error' '
    test_must_fail build /dev/null/out 2>err &&
    grep -q "cannot create directory" err
'

SMALL=$TRASH/small
if mkdir -p "$SMALL" && mount -t tmpfs -o size=24k tmpfs "$SMALL" 2>/dev/null; then
test_expect_success 'a full disk is a clear error and leaves no file under a final name half-written' '
    test_must_fail build "$SMALL/b" 2>err &&
    grep -Eq "No space left on device" err &&
    ! find "$SMALL" -name "*.tmp-*" | grep -q . &&
    for m in $(find "$SMALL" -name manifest.json); do flanmix verify "$(dirname "$m")" >/dev/null || exit 1; done
'
umount "$SMALL" 2>/dev/null
else
test_skip 'a full disk is a clear error' 'cannot mount a small tmpfs here (needs root)'
fi

test_expect_success 'N parts per stage (GNU parallel or xargs) merge into the single-process bytes' '
    build b && snapshot b >single && rm -rf b &&
    FLANMIX=flanmix "$ROOT/tools/cluster/run-parts.sh" 3 b "$ROOT/mixtures/demo.json" \
        --tasks "$ROOT/tasks/demo" --model "$(demo_model)" --count 400 --inputs-len 1024 --targets-len 256 &&
    snapshot b | grep -Ev "\.part-[0-9]+-of-[0-9]+\." >parts && grep -Ev "\.part-[0-9]+-of-[0-9]+\." single >single2 &&
    test_cmp single2 parts
'

test_expect_success 'the Slurm recipe: its array and merge commands, run locally, give the same bytes' '
    build "$PWD/b" && snapshot b >single && rm -rf b &&
    SLURM_DRY_RUN=1 FLANMIX=flanmix "$ROOT/tools/cluster/slurm.sh" 2 "$PWD/b" "$ROOT/mixtures/demo.json" \
        --tasks "$ROOT/tasks/demo" --model "$(demo_model)" --count 400 --inputs-len 1024 --targets-len 256 >jobs &&
    test "$(grep -c "^SLURM_ARRAY_TASK_ID=" jobs)" -eq 10 &&
    while read -r line; do
        case "$line" in
            SLURM_ARRAY_TASK_ID=*)   # one array task: its id in the environment, then its command
                export SLURM_ARRAY_TASK_ID=${line%% *}; SLURM_ARRAY_TASK_ID=${SLURM_ARRAY_TASK_ID#*=}
                eval "${line#* }" ;;
            *) eval "$line" ;;
        esac || exit 1
    done <jobs &&
    snapshot b | grep -Ev "\.part-[0-9]+-of-[0-9]+\." >parts && grep -Ev "\.part-[0-9]+-of-[0-9]+\." single >single2 &&
    test_cmp single2 parts
'

test_expect_success 'the Kubernetes Indexed Job command, run as N local pods, gives the same bytes' '
    mkdir -p vol && cp "$ROOT/mixtures/demo.json" vol/mixture.json && cp -r "$ROOT/tasks/demo" vol/tasks &&
    cp "$(demo_model)" vol/spiece.model &&
    flanmix build "$PWD/vol/mixture.json" -o "$PWD/vol/out" --tasks "$PWD/vol/tasks" --model "$PWD/vol/spiece.model" -q &&
    snapshot vol/out >single && rm -rf vol/out &&
    "$ROOT/tools/cluster/k8s-local.sh" 3 vol &&
    snapshot vol/out | grep -Ev "\.part-[0-9]+-of-[0-9]+\." >parts && grep -Ev "\.part-[0-9]+-of-[0-9]+\." single >single2 &&
    test_cmp single2 parts
'
test_expect_success 'build --zstd-level reaches ingest and format (settings), and changes no shard byte' '
    build z1 -j 1 && build z3 -j 1 --zstd-level -3 &&
    test "$(jq .settings.zstd_level z3/ingest/manifest.json)" = -3 &&
    test "$(jq .settings.zstd_level z3/format/manifest.json)" = -3 &&
    test "$(jq .settings.zstd_level z3/manifest.json)" = -3 &&
    test "$(jq .settings.zstd_level z1/format/manifest.json)" = 1 &&
    (cd z1/shards && find . -type f ! -name manifest.json | LC_ALL=C sort | xargs xxhsum -H3) >s1 &&
    (cd z3/shards && find . -type f ! -name manifest.json | LC_ALL=C sort | xargs xxhsum -H3) >s3 &&
    test_cmp s1 s3
'
test_done
