#!/usr/bin/env bash
# flanmix kshot: LM-BFF K-shot train/dev splits per class and seed (docs/lmbff.md).
. "$(dirname "$0")/../lib.sh"

# A task with 3 classes: "a" 20 records, "b" 20, "c" 9 (ids t:train.jsonl:1..49).
# Class of line i (1-based): i <= 20 -> a, i <= 40 -> b, else c.
make_records() {
    mkdir -p in/records/t &&
    python3 - <<'PY'
import json
with open("in/records/t/part-00000.jsonl", "w") as f:
    for i in range(1, 50):
        lab = "a" if i <= 20 else "b" if i <= 40 else "c"
        rec = {"id": "t:train.jsonl:%d" % i, "task": "t", "hash": "%016x" % i,
               "fields": {"text": "sentence %d" % i, "score": str(i / 10), "label": lab}}
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
with open("in/records/t/meta.json", "w") as f:
    json.dump({"task": "t", "kind": "plain", "fields": ["text", "score", "label"],
               "options_field": None, "answer_field": "label"}, f)
PY
}

# check_split DIR SPLIT K: every class has K records in SPLIT, lines are input lines.
check_split() {
    zstdcat "$1/$2/records/t/part-00000.jsonl.zst" >"$2.lines" &&
    python3 - "$2.lines" "$3" "$4" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
k = int(sys.argv[2]); classes = sys.argv[3].split(",")
src = set(open("in/records/t/part-00000.jsonl").read().splitlines())
assert all(l in src for l in lines), "a line differs from its input line"
ids = [json.loads(l)["id"] for l in lines]
pos = [int(i.rsplit(":", 1)[1]) for i in ids]
assert pos == sorted(pos), "not in source order"
from collections import Counter
c = Counter(json.loads(l)["fields"]["label"] for l in lines)
assert c == Counter({x: k for x in classes}), c
PY
}

test_expect_success 'K per class in train and dev for every default seed, disjoint' '
    make_records &&
    flanmix kshot -q -k 4 --label-field label -o out in &&
    for s in 13 21 42 87 100; do
        d=out/t/k4-seed$s &&
        check_split $d train 4 a,b,c && check_split $d dev 4 a,b,c &&
        cat train.lines dev.lines | sort | uniq -d >dup && test ! -s dup &&
        test_cmp in/records/t/meta.json $d/train/records/t/meta.json &&
        test_cmp in/records/t/meta.json $d/dev/records/t/meta.json &&
        test -f $d/train/manifest.json && test -f $d/dev/manifest.json || return 1
    done &&
    test -f out/manifest.json
'

test_expect_success 'sample.json names the seed and the ids of each split' '
    make_records &&
    flanmix kshot -q -k 4 --seeds 42 -o out in &&
    python3 - <<PY
import json, subprocess
s = json.load(open("out/t/k4-seed42/sample.json"))
assert s["seed"] == 42 and s["k"] == 4 and s["dev_k"] == 4 and s["task"] == "t"
assert s["label_field"] == "label" and s["regression"] is None
assert s["classes"] == ["a", "b", "c"] and s["available"] == {"a": 20, "b": 20, "c": 9}
for split in ("train", "dev"):
    lines = subprocess.run(["zstdcat", "out/t/k4-seed42/%s/records/t/part-00000.jsonl.zst" % split],
                           capture_output=True, text=True).stdout.splitlines()
    got = {}
    for l in lines:
        r = json.loads(l); got.setdefault(r["fields"]["label"], []).append(r["id"])
    assert got == s[split], (split, got, s[split])
PY
'

test_expect_success 'same seed, same bytes; different seeds, different samples' '
    make_records &&
    flanmix kshot -q -k 4 -o out1 in && flanmix kshot -q -k 4 -o out2 in &&
    diff -r out1 out2 &&
    python3 - <<PY
import json
seen = set()
for s in (13, 21, 42, 87, 100):
    j = json.load(open("out1/t/k4-seed%d/sample.json" % s))
    key = json.dumps([j["train"], j["dev"]])
    assert key not in seen, "seed %d repeats another seed" % s
    seen.add(key)
PY
'

test_expect_success 'a class with fewer than 2K records is an error naming it' '
    make_records &&
    test_must_fail flanmix kshot -q -k 5 -o out in 2>err &&
    grep -q "class .c. has 9 records, fewer than K + K_dev = 10" err &&
    test ! -f out/manifest.json
'

test_expect_success '--allow-short: train first, dev gets the rest' '
    make_records &&
    flanmix kshot -q -k 5 --seeds 13 --allow-short -o out in &&
    python3 - <<PY
import json
s = json.load(open("out/t/k5-seed13/sample.json"))
assert [len(s["train"][c]) for c in "abc"] == [5, 5, 5]
assert [len(s["dev"][c]) for c in "abc"] == [5, 5, 4]
PY
'

test_expect_success '--dev-k sets the dev size apart from K' '
    make_records &&
    flanmix kshot -q -k 2 --dev-k 3 --seeds 87 -o out in &&
    check_split out/t/k2-seed87 train 2 a,b,c && check_split out/t/k2-seed87 dev 3 a,b,c
'

# Regression: score = i/10 for i = 1..49, median 2.5 (the 25th value): low = i <= 25 (25
# records), high = i > 25 (24 records).
test_expect_success 'regression labels are bucketed at the median' '
    make_records &&
    flanmix kshot -q -k 6 --seeds 21 --label-field score --regression -o out in &&
    python3 - <<PY
import json
s = json.load(open("out/t/k6-seed21/sample.json"))
assert s["regression"]["threshold"] == 2.5, s["regression"]
assert s["classes"] == ["high", "low"] and s["available"] == {"high": 24, "low": 25}
for split in ("train", "dev"):
    for c in ("high", "low"):
        ids = s[split][c]
        assert len(ids) == 6
        for i in ids:
            n = int(i.rsplit(":", 1)[1])
            assert (n <= 25) == (c == "low"), (i, c)
PY
'

test_expect_success 'regression with a given threshold' '
    make_records &&
    flanmix kshot -q -k 3 --seeds 21 --label-field score --regression --threshold 1 -o out in &&
    python3 -c "
import json
s = json.load(open(\"out/t/k3-seed21/sample.json\"))
assert s[\"available\"] == {\"high\": 39, \"low\": 10}, s[\"available\"]
"
'

test_expect_success 'a non-numeric regression label is an error naming the record' '
    make_records &&
    test_must_fail flanmix kshot -q -k 2 --regression -o out in 2>err &&
    grep -q "t:train.jsonl:1: field .label.: a regression label must be a number" err
'

test_expect_success 'the test split is copied whole, once' '
    make_records && mkdir -p test/records/t &&
    printf "%s\n" "{\"id\":\"t:test.jsonl:1\",\"task\":\"t\",\"hash\":\"0000000000000001\",\"fields\":{\"text\":\"x\",\"score\":\"1\",\"label\":\"a\"}}" \
        >test/records/t/part-00000.jsonl &&
    cp in/records/t/meta.json test/records/t/ &&
    flanmix kshot -q -k 2 --seeds 13,21 --test test/records/t -o out in &&
    zstdcat out/t/test/records/t/part-00000.jsonl.zst >got &&
    test_cmp test/records/t/part-00000.jsonl got &&
    test -f out/t/test/manifest.json && ! test -d out/t/k2-seed13/test
'

test_expect_success 'every output is in the manifest and verifies' '
    make_records &&
    flanmix kshot -q -k 2 --seeds 13 -o out in &&
    for f in $(cd out && find . -type f ! -name manifest.json | sed "s|^\./||"); do
        grep -q "\"path\":\"$f\"" out/manifest.json || { echo "not in manifest: $f"; return 1; }
    done &&
    flanmix verify out
'

test_expect_success 'bad usage' '
    make_records &&
    test_must_fail flanmix kshot -o out &&
    test_must_fail flanmix kshot -k 0 -o out in &&
    test_must_fail flanmix kshot --seeds 13,13 -o out in 2>err && grep -q "given twice" err &&
    test_must_fail flanmix kshot --threshold 2 -o out in &&
    test_must_fail flanmix kshot -o out nowhere
'
test_done
