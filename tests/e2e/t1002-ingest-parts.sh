#!/usr/bin/env bash
# Parts and threads: N parts (into one directory) plus `--merge` equal a single run byte for
# byte (record files, meta, rejects, manifest); -j does not change a byte; 100,000 records
# per part file.
. "$(dirname "$0")/../lib.sh"

make_sources() {
    mkdir -p src/niv2
    python3 - <<'PY'
import json
with open("src/a.jsonl", "w") as f:
    for i in range(500):
        f.write('{"q":"question %d","l":%d}\n' % (i, i % 2) if i != 77 else "{broken\n")
with open("src/b.csv", "w") as f:
    f.write("text,label\n")
    for i in range(300):
        f.write('"row %d, quoted",%s\n' % (i, "yes" if i % 3 else "no"))
    f.write("short\n")
json.dump([{"x": "e%d" % i} for i in range(250)], open("src/c.json", "w"))
for k in (1, 2, 3):
    json.dump({"Definition": ["def %d" % k], "Positive Examples": [], "Negative Examples": [],
               "Instances": [{"id": "i%d" % j, "input": "in %d" % j, "output": ["o"] if j % 50 else []}
                             for j in range(120 * k)]},
              open("src/niv2/task00%d_t.json" % k, "w"), indent=4)
with open("src/d.tsv", "w") as f:
    for i in range(400):
        f.write("q %d\\nmore\t%d\tbecause %d\n" % (i, i, i))
PY
    cat >tasks.json <<'JSON'
{"tasks": [
 {"name": "a_jsonl", "templates": "x", "source": {"format": "jsonl", "files": ["a.jsonl"]},
  "fields": {"q": "q", "answer": {"path": "l", "labels": ["no", "yes"]}}},
 {"name": "b_csv", "templates": "x", "dedup": true, "source": {"format": "csv", "files": ["b.csv"]},
  "fields": {"text": "text", "answer": "label"}},
 {"name": "c_json", "templates": "x", "source": {"format": "json", "files": ["c.json"]},
  "fields": {"x": "x"}, "filters": [{"field": "x", "regex": "7", "keep": false}]},
 {"name": "d_cot", "templates": "x", "source": {"format": "cot_tsv", "files": ["d.tsv"]}},
 {"name": "{stem}", "templates": "niv2", "source": {"format": "niv2", "files": ["niv2/*.json"]}}
]}
JSON
}

test_expect_success 'N parts + merge equal one run, byte for byte' '
    make_sources &&
    flanmix ingest -q -j 1 --on-error skip --data-dir src -o one tasks.json &&
    for i in 0 1 2; do
        flanmix ingest -q -j 2 --on-error skip --data-dir src --part $i/3 -o parts tasks.json || return 1
    done &&
    test -f parts/manifest.part-0-of-3.json && test ! -f parts/manifest.json &&
    flanmix ingest --merge parts &&
    (cd one && find . -type f | LC_ALL=C sort) >one.list &&
    (cd parts && find . -type f ! -name "*.part-*" | LC_ALL=C sort) >parts.list &&
    test_cmp one.list parts.list &&
    while read -r f; do cmp "one/$f" "parts/$f" || return 1; done <one.list &&
    grep -q "\"rejected\":" one/manifest.json &&
    test "$(wc -l <one/rejects.jsonl)" -gt 3
'

test_expect_success 'parts own tasks by index mod N in name order' '
    make_sources &&
    flanmix ingest -q --on-error skip --data-dir src --part 1/3 -o p tasks.json &&
    ls p/records | LC_ALL=C sort >got &&
    printf "%s\n" b_csv task001_t >want &&
    test_cmp want got
'

test_expect_success '-j 1 and -j 4 give identical output' '
    make_sources &&
    flanmix ingest -q -j 1 --on-error skip --data-dir src -o j1 tasks.json &&
    flanmix ingest -q -j 4 --on-error skip --data-dir src -o j4 tasks.json &&
    diff -r j1 j4
'

test_expect_success 'merge refuses an incomplete set of parts' '
    make_sources &&
    flanmix ingest -q --on-error skip --data-dir src --part 0/2 -o p tasks.json &&
    test_must_fail flanmix ingest --merge p 2>err &&
    grep "part 1 of 2 is missing" err
'

test_expect_success '100,000 records per part file, ids continue across files' '
    python3 -c "
with open(\"big.jsonl\", \"w\") as f:
    for i in range(210000): f.write(\"{\\\"a\\\":\\\"%d\\\"}\\n\" % i)
" &&
    echo "{\"name\": \"big\", \"templates\": \"x\", \"source\": {\"format\": \"jsonl\", \"files\": [\"big.jsonl\"]}, \"fields\": {\"a\": \"a\"}}" >big.json &&
    flanmix ingest -q -o out big.json &&
    test "$(zstd -dcq out/records/big/part-00000.jsonl.zst | wc -l)" -eq 100000 &&
    test "$(zstd -dcq out/records/big/part-00001.jsonl.zst | wc -l)" -eq 100000 &&
    test "$(zstd -dcq out/records/big/part-00002.jsonl.zst | wc -l)" -eq 10000 &&
    test ! -e out/records/big/part-00003.jsonl.zst &&
    zstd -dcq out/records/big/part-00001.jsonl.zst | head -n 1 | grep -q "\"id\":\"big:big.jsonl:100001\".*\"a\":\"100000\"" &&
    zstd -dcq out/records/big/part-00002.jsonl.zst | tail -n 1 | grep -q "\"id\":\"big:big.jsonl:210000\""
'

test_expect_success 'a rerun replaces old part files of a task' '
    printf "{\"a\":\"1\"}\n" >big.jsonl &&
    mkdir -p out/records/big && echo junk | zstd -q >out/records/big/part-00007.jsonl.zst &&
    echo "{\"name\": \"big\", \"templates\": \"x\", \"source\": {\"format\": \"jsonl\", \"files\": [\"big.jsonl\"]}, \"fields\": {\"a\": \"a\"}}" >big.json &&
    flanmix ingest -q -o out big.json &&
    ls out/records/big >got && printf "meta.json\npart-00000.jsonl.zst\n" >want && test_cmp want got
'
test_done
