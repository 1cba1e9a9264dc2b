#!/usr/bin/env bash
# Large input: a single record of 50 MB works in every streaming reader, and memory does not
# grow with the number of records (peak RSS of a 10x bigger file stays about the same).
. "$(dirname "$0")/../lib.sh"

# A 50 MB record in JSON Lines (zstd), 5 MB in the other readers (the same code paths; the
# disk writes stay small). The sanitizer build uses 12 MB and 2 MB.
MB=50 MB2=5
[ "$FM_VARIANT" = san ] && MB=12 MB2=2

test_expect_success "one record of $MB MB in jsonl, $MB2 MB in json, niv2, csv" '
    python3 - $MB $MB2 <<PY
import json, sys, subprocess
n = int(sys.argv[1]) * 1000 * 1000
big = ("abc\u00e9\"\\\\ " * (n // 8))[:n]
text = json.dumps({"a": big}, ensure_ascii=False) + "\n" + json.dumps({"a": "small"}) + "\n"
subprocess.run(["zstd", "-q", "-1", "-o", "big.jsonl.zst"], input=text.encode("utf-8"), check=True)
open("expect.len1", "w").write(str(len(big)))
big = big[:int(sys.argv[2]) * 1000 * 1000]
open("big.json", "w").write(json.dumps([{"a": "small"}, {"a": big}], ensure_ascii=False))
json.dump({"Definition": ["d"], "Instances": [{"id": "x", "input": big, "output": [big[:1000]]}]},
          open("task001_big.json", "w"), ensure_ascii=False, indent=4)
open("big.csv", "w").write("a\n\"" + big.replace("\"", "\"\"") + "\"\n")
open("expect.len", "w").write(str(len(big)))
PY
    cat >tasks.json <<JSON &&
{"tasks": [
 {"name": "j", "templates": "x", "source": {"format": "jsonl", "files": ["big.jsonl.zst"]}, "fields": {"a": "a"}},
 {"name": "r", "templates": "x", "source": {"format": "json", "files": ["big.json"]}, "fields": {"a": "a"}},
 {"name": "c", "templates": "x", "source": {"format": "csv", "files": ["big.csv"]}, "fields": {"a": "a"}},
 {"name": "{stem}", "templates": "x", "source": {"format": "niv2", "files": ["task001_big.json"]}}
]}
JSON
    flanmix ingest -q -o out tasks.json &&
    python3 - <<PY
import json, subprocess
n1 = int(open("expect.len1").read())
n = int(open("expect.len").read())
def recs(t):
    d = subprocess.run(["zstd", "-dcq", "out/records/%s/part-00000.jsonl.zst" % t], capture_output=True, check=True).stdout
    return [json.loads(l) for l in d.decode("utf-8").splitlines()]
j, r, c, v = recs("j"), recs("r"), recs("c"), recs("task001_big")
assert len(j) == 2 and len(j[0]["fields"]["a"]) == n1 and j[1]["fields"]["a"] == "small"
assert len(r) == 2 and len(r[1]["fields"]["a"]) == n and r[1]["id"] == "r:big.json:1"
assert len(c) == 1 and len(c[0]["fields"]["a"]) == n
assert len(v) == 1 and len(v[0]["fields"]["input"]) == n and len(v[0]["fields"]["output"][0]) == 1000
assert j[0]["fields"]["a"][:n] == r[1]["fields"]["a"] == c[0]["fields"]["a"] == v[0]["fields"]["input"]
print("ok")
PY
'

if [ "$FM_VARIANT" = san ]; then
    test_skip 'peak memory does not grow with input size' 'RSS is not meaningful under ASan'
else
test_expect_success 'peak memory does not grow with input size' '
    python3 - <<PY &&
import json
line = json.dumps({"q": "x" * 80, "l": 1}) + "\n"
open("small.jsonl", "w").write(line * 40000)
open("large.jsonl", "w").write(line * 400000)
for name in ("small", "large"):
    json.dump({"name": name, "templates": "x", "source": {"format": "jsonl", "files": [name + ".jsonl"]},
               "fields": {"q": "q", "l": "l"}}, open(name + ".task.json", "w"))
PY
    python3 - <<PY
import resource, subprocess
def peak(name):
    subprocess.run(["flanmix-ingest", "-q", "-j", "1", "-o", "out-" + name, name + ".task.json"], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
small = peak("small")   # KiB, max over children so far
large = peak("large")
print("peak RSS KiB: small", small, "large (max so far)", large)
assert large < small + 16 * 1024, (small, large)
PY
'
fi
test_done
