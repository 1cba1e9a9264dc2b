#!/usr/bin/env bash
# The direct path (pipeline/lib/direct.h) changes no byte: every ingest case of
# tests/data/ingest/cases, and a corpus of awkward records under several mappings, give the
# same exit status, stderr, record files (compressed bytes), meta, rejects and manifest with
# and without --no-direct, with -j 1 and -j 2, and split into parts.
. "$(dirname "$0")/../lib.sh"

CASES="$FM_ROOT/tests/data/ingest/cases"

# run_both DIR ARGS...: ingest twice in DIR (direct, then --no-direct) and compare.
run_both() {
    local dir=$1 rc1=0 rc2=0
    shift
    (cd "$dir" && flanmix ingest -q -o out.direct "$@" 2>stderr.direct) || rc1=$?
    (cd "$dir" && flanmix ingest -q --no-direct -o out.tree "$@" 2>stderr.tree) || rc2=$?
    [ "$rc1" -eq "$rc2" ] || { echo "exit status $rc1 (direct) != $rc2"; return 1; }
    sed 's/out\.direct/OUT/g' "$dir/stderr.direct" >"$dir/e1"
    sed 's/out\.tree/OUT/g' "$dir/stderr.tree" >"$dir/e2"
    test_cmp "$dir/e2" "$dir/e1" || return 1
    [ -d "$dir/out.tree" ] || return 0
    (cd "$dir/out.tree" && find . -type f | LC_ALL=C sort) >"$dir/l2"
    (cd "$dir/out.direct" && find . -type f | LC_ALL=C sort) >"$dir/l1"
    test_cmp "$dir/l2" "$dir/l1" || return 1
    while IFS= read -r f; do
        cmp "$dir/out.tree/$f" "$dir/out.direct/$f" || return 1
    done <"$dir/l2"
    rm -rf "$dir/out.direct" "$dir/out.tree"
}

run_case() {
    local case=$1 args=""
    rm -rf "c-$case"
    mkdir "c-$case"
    cp -r "$CASES/$case/." "c-$case/"
    (cd "c-$case" && { [ ! -f setup.sh ] || bash setup.sh; })
    [ -f "c-$case/args" ] && args=$(cat "c-$case/args")
    # shellcheck disable=SC2086
    run_both "c-$case" -j 2 $args task.json
}

for dir in "$CASES"/*/; do
    case=$(basename "$dir")
    test_expect_success "case $case: same bytes with and without the direct path" "run_case $case"
done

make_corpus() {
    mkdir -p corpus/niv2
    python3 - <<'PY'
import json, random
random.seed(3)
pieces = ['plain', 'caf\u00e9', '\u2028', '\u2029', '\x7f', '\x01', '\t', '\n', '"', '\\', '/',
          '\U0001F600', '\u00e9', '<', ' ', 'x' * 40, '\u0000']
def s():
    return ''.join(random.choice(pieces) for _ in range(random.randint(0, 6)))
def val():
    k = random.randint(0, 13)
    if k < 5: return s()
    if k == 5: return random.randint(-3, 3)
    if k == 6: return random.choice([True, False])
    if k == 7: return None
    if k == 8: return [s() for _ in range(random.randint(0, 3))]
    if k == 9: return [random.choice([1, "a", True, None, [1]])]
    if k == 10: return {"n": s()}
    if k == 11: return random.choice([1.5, -0.0, 10**17, 1e3, 0])
    return s()
def dump(o):
    t = json.dumps(o, ensure_ascii=random.random() < 0.5)
    if random.random() < 0.2: t = t.replace('": ', '":\t ')
    return t
raw = [b'{"q": NaN, "l": 1}', b'{"q": "a\xff", "l": 1}', b'{"q": "a", "l": 1', b'["q"]',
       b'{"q": "tab\there", "l": 1}', b'{"q": "\\ud800", "l": 1}', b'{"\\u0071": "k", "l": 1}',
       b'{"q": "a", "q": "b", "l": 2}', b'{"q": "a", "l": 01}', b'  ', b'{"q": "a", "l": "2"} x',
       b'{"q": "a\\u0000", "l": 1}', b'{"q":"\\/\\b\\f\\r\\"","l":0,"o":[],"s":"b"}']
with open("corpus/a.jsonl", "wb") as f:
    f.write(b'\xef\xbb\xbf')
    for i in range(3000):
        if i % 37 == 5:
            f.write(random.choice(raw) + b'\n')
            continue
        rec = {}
        for k in ["q", "l", "o", "s", "z", "m"]:
            if random.random() < 0.93:
                rec[k] = val() if k not in ("l",) or random.random() < 0.3 else random.randint(0, 3)
        if random.random() < 0.3 and "s" in rec: rec["s"] = random.choice(["a", "b", "c", "5", "\u00e9"])
        f.write(dump(rec).encode("utf-8", "surrogatepass") + (b'\r\n' if i % 11 == 0 else b'\n'))
        if i % 53 == 0: f.write(b'\n')
json.dump([{"x": s(), "y": val()} for _ in range(500)], open("corpus/b.json", "w"))
for k in (1, 2):
    json.dump({"Definition": ["d"], "Positive Examples": [], "Negative Examples": [],
               "Instances": [{"id": "i%d" % j, "input": s(), "output": [s() for _ in range(j % 3)]}
                             if j % 41 else {"id": j, "input": None, "output": "o"}
                             for j in range(300)]},
              open("corpus/niv2/task00%d_t.json" % k, "w"), ensure_ascii=k == 1, indent=2)
PY
    cat >corpus/tasks.json <<'JSON'
{"tasks": [
 {"name": "a_copy", "templates": "x", "source": {"format": "jsonl", "files": ["a.jsonl"]},
  "fields": {"q": "q", "o": {"path": "o", "optional": true}, "k": {"const": "c\u2028"},
             "m": {"path": "m", "optional": true}}},
 {"name": "a_labels", "templates": "x", "dedup": true, "source": {"format": "jsonl", "files": ["a.jsonl"]},
  "fields": {"q": {"path": "q", "nonempty": true}, "answer": {"path": "l", "labels": ["no", "yes", ""]},
             "s": {"path": "s", "labels": {"a": "A", "b": "", "5": "five", "\u00e9": "E"}},
             "options": {"const": ["no", "yes"]}}},
 {"name": "a_regex", "templates": "x", "source": {"format": "jsonl", "files": ["a.jsonl"]},
  "fields": {"q": {"path": "q", "regex": "a", "replace": "b"}}},
 {"name": "b_json", "templates": "x", "source": {"format": "json", "files": ["b.json"]},
  "fields": {"x": "x", "y": {"path": "y", "optional": true}}},
 {"name": "{stem}", "templates": "niv2", "source": {"format": "niv2", "files": ["niv2/*.json"]}}
]}
JSON
}

test_expect_success 'awkward records: same bytes with and without the direct path' '
    make_corpus &&
    run_both corpus -j 1 --on-error skip tasks.json &&
    run_both corpus -j 2 --on-error skip --nan null tasks.json &&
    run_both corpus -j 1 --on-error fail tasks.json
'

test_expect_success 'awkward records: the corpus really has rejects and duplicates' '
    make_corpus &&
    (cd corpus && flanmix ingest -q -j 2 --on-error skip -o out tasks.json) &&
    python3 - corpus/out/manifest.json <<-\PY
	import json, sys
	c = json.load(open(sys.argv[1]))["counts"]
	assert c["rejected"] > 50 and c["written"] > 3000 and c["deduplicated"] > 0, c
	assert c["read"] == c["written"] + c["filtered"] + c["deduplicated"] + c["rejected"], c
	PY
'

test_expect_success 'parts: 3 parts with the direct path equal one run without it' '
    make_corpus &&
    (cd corpus && rm -rf p1 &&
     for i in 0 1 2; do flanmix ingest -q --on-error skip --part $i/3 -o p1 tasks.json || exit 1; done &&
     flanmix ingest --merge p1 &&
     flanmix ingest -q --on-error skip --no-direct -o p2 tasks.json &&
     for f in $(cd p2 && find . -type f -name "*.zst" -o -type f -name "meta.json" -o -type f -name rejects.jsonl -o -type f -name manifest.json); do
         cmp "p1/$f" "p2/$f" || exit 1
     done)
'

test_done
