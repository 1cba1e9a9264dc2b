#!/usr/bin/env bash
# Acceptance: the 40 real NIV2 DEV files and the 7 FLAN CoT TSVs in ../shared ingest with
# counts equal to the sources (computed independently: python3's json module, wc -l), and the
# NIV2 records hold exactly the instances (input, output list, id) in file order.
. "$(dirname "$0")/../lib.sh"
require_shared "NIV2 and CoT acceptance" 4

TASKS="$FM_ROOT/tests/data/ingest/tasks"

test_expect_success 'all 40 NIV2 files and 7 CoT TSVs ingest' '
    flanmix ingest -q --data-dir "$FM_SHARED/data" -o out "$TASKS/niv2_dev.json" "$TASKS/cot_dev.json" &&
    test -f out/manifest.json &&
    cp -r out "$TRASH/shared-out"
'

test_expect_success 'NIV2: 10,928 instances, per file equal to len(Instances)' '
    python3 - "$FM_SHARED/data/niv2/tasks" "$TRASH/shared-out" <<PY
import json, os, sys, glob
src, out = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(out, "manifest.json")))
per = m["counts"]["per_task"]
files = sorted(glob.glob(os.path.join(src, "*.json")))
assert len(files) == 40, len(files)
total = 0
for f in files:
    stem = os.path.basename(f)[:-5]
    n = len(json.load(open(f, encoding="utf-8"))["Instances"])
    total += n
    c = per[stem]
    assert c["read"] == n and c["written"] == n and c["rejected"] == 0, (stem, c, n)
    assert c["files"]["niv2/tasks/" + stem + ".json"]["written"] == n
assert total == 10928, total
niv2 = sum(per[os.path.basename(f)[:-5]]["written"] for f in files)
assert niv2 == 10928
print("ok", total)
PY
'

test_expect_success 'NIV2: records equal the instances, meta holds the definition' '
    python3 - "$FM_SHARED/data/niv2/tasks" "$TRASH/shared-out" <<PY
import json, os, sys, glob, subprocess
src, out = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(os.path.join(src, "*.json"))):
    stem = os.path.basename(f)[:-5]
    d = json.load(open(f, encoding="utf-8"))
    data = subprocess.run(["zstd", "-dcq", os.path.join(out, "records", stem, "part-00000.jsonl.zst")],
                          capture_output=True, check=True).stdout.decode("utf-8")
    recs = [json.loads(l) for l in data.splitlines()]
    assert len(recs) == len(d["Instances"]), stem
    for i, (r, inst) in enumerate(zip(recs, d["Instances"])):
        assert r["id"] == "%s:niv2/tasks/%s.json:%d" % (stem, stem, i)
        assert r["fields"] == {"input": inst["input"], "output": inst["output"], "instance_id": inst["id"]}, (stem, i)
    meta = json.load(open(os.path.join(out, "records", stem, "meta.json")))
    assert meta["niv2"]["definition"] == d["Definition"][0]
    assert meta["niv2"]["positive_examples"] == d["Positive Examples"]
    assert meta["niv2"]["negative_examples"] == d["Negative Examples"]
    assert meta["niv2"]["categories"] == d["Categories"]
    assert meta["niv2"]["instance_license"] == d["Instance License"]
print("ok")
PY
'

test_expect_success 'CoT: counts equal wc -l, fields follow the backslash-n rule' '
    for f in "$FM_SHARED"/data/cot/*_train.tsv; do
        ds=$(basename "$f" _train.tsv)
        case $ds in aqua|qed) name=stream_$ds ;; *) name=cot_$ds ;; esac
        want=$(wc -l <"$f")
        got=$(python3 -c "import json,sys; print(json.load(open(\"$TRASH/shared-out/manifest.json\"))[\"counts\"][\"per_task\"][\"$name\"][\"written\"])")
        echo "$name: $got of $want"
        test "$got" -eq "$want"
    done &&
    python3 - "$FM_SHARED/data/cot" "$TRASH/shared-out" <<PY
import json, os, sys, glob, subprocess
src, out = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(os.path.join(src, "*_train.tsv"))):
    ds = os.path.basename(f)[:-len("_train.tsv")]
    name = ("stream_" if ds in ("aqua", "qed") else "cot_") + ds
    data = subprocess.run(["zstd", "-dcq", os.path.join(out, "records", name, "part-00000.jsonl.zst")],
                          capture_output=True, check=True).stdout.decode("utf-8")
    recs = [json.loads(l) for l in data.splitlines()]
    lines = open(f, encoding="utf-8", newline="").read().split("\n")[:-1]
    assert len(recs) == len(lines)
    for r, l in zip(recs, lines):
        q, a, c = l.split("\t")[:3]
        assert r["fields"] == {"question": q.replace("\\\\n", "\n"), "answer": a,
                               "chain_of_thought": c.replace("\\\\n", "\n")}
print("ok")
PY
'
test_done
