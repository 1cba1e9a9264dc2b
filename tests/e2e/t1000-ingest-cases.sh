#!/usr/bin/env bash
# Data-driven ingest cases: each directory under tests/data/ingest/cases/ is one case.
#   task.json        the task definition (sources relative to the case directory)
#   *                input files; setup.sh (optional) makes binary ones (compressed, truncated)
#   args             (optional) extra command-line arguments, one line
#   expect.rc        (optional) expected exit status, default 0
#   expect.stderr    (optional) extended regexes, one per line, that stderr must match
#   expect.records   (optional) all records of all tasks, decompressed, in task/part order
#   expect.counts    (optional) "read written filtered deduplicated rejected" totals
#   expect.rejects   (optional) one line per reject: "file:line id field"
#   expect.meta      (optional) python expression over `meta` (the first task's meta.json)
# Every run that succeeds is also checked for read = written + filtered + deduplicated +
# rejected (per task and per file) and for record counts matching the manifest. A run that
# fails must leave no manifest and no record files behind.
. "$(dirname "$0")/../lib.sh"

CASES="$FM_ROOT/tests/data/ingest/cases"

check_invariants() {
    python3 - "$1" <<'PY'
import json, sys, glob, os, subprocess
out = sys.argv[1]
m = json.load(open(os.path.join(out, "manifest.json")))
c = m["counts"]
def ok(x, what):
    s = x["written"] + x["filtered"] + x["deduplicated"] + x["rejected"]
    assert x["read"] == s, f"{what}: read {x['read']} != {s}"
ok(c, "total")
for t, tc in c["per_task"].items():
    ok(tc, t)
    for f, fc in tc["files"].items():
        ok(fc, f"{t}/{f}")
    n = 0
    for o in m["outputs"]:
        if o["path"].startswith(f"records/{t}/part-"):
            data = subprocess.run(["zstd", "-dcq", os.path.join(out, o["path"])], capture_output=True, check=True).stdout
            assert data.count(b"\n") == o["records"], o["path"]
            n += o["records"]
    assert n == tc["written"], f"{t}: part files hold {n}, written {tc['written']}"
rej = open(os.path.join(out, "rejects.jsonl"), "rb").read().count(b"\n")
assert rej == c["rejected"], f"rejects.jsonl has {rej} lines, counted {c['rejected']}"
PY
}

# hash = XXH3-64 of the fields JSON as written, checked with xxhsum (the xxhash CLI) when it
# is installed; the expected records carry "hash":"*".
check_hashes() {
    command -v xxhsum >/dev/null || { echo "note: xxhsum not installed, hashes not checked"; return 0; }
    head -n 50 "$1" | while IFS= read -r line; do
        want=$(printf '%s' "$line" | sed -E 's/.*"hash":"([0-9a-f]{16})".*/\1/')
        fields=$(printf '%s' "$line" | sed -E 's/^.*"hash":"[0-9a-f]{16}","fields"://; s/}$//')
        got=$(printf '%s' "$fields" | xxhsum -H3 - 2>/dev/null | sed -E 's/.*= //; s/ .*//; s/^XXH3_//')
        case "$got" in *"$want"*) ;; *) echo "hash $want != xxh3 $got of $fields"; return 1;; esac
    done
}

run_case() {
    local case=$1
    cp -r "$CASES/$case/." .
    [ -f setup.sh ] && bash setup.sh
    local args="" want_rc=0 rc=0
    [ -f args ] && args=$(cat args)
    [ -f expect.rc ] && want_rc=$(cat expect.rc)
    # shellcheck disable=SC2086
    flanmix ingest -q -j 2 -o out $args task.json 2>stderr || rc=$?
    cat stderr
    if [ "$rc" -ne "$want_rc" ]; then echo "exit status $rc, expected $want_rc"; return 1; fi
    if [ -f expect.stderr ]; then
        while IFS= read -r pat; do
            [ -z "$pat" ] && continue
            grep -Eq -- "$pat" stderr || { echo "stderr does not match: $pat"; return 1; }
        done <expect.stderr
    fi
    if [ "$rc" -ne 0 ]; then
        [ ! -e out/manifest.json ] || { echo "failed run left a manifest"; return 1; }
        if [ -d out/records ]; then
            left=$(find out/records -name 'part-*' -o -name 'meta.json' | head -n 1)
            [ -z "$left" ] || { echo "failed run left $left"; return 1; }
        fi
        return 0
    fi
    check_invariants out
    if [ -f expect.records ]; then
        : >actual.records
        for f in $(cd out/records && ls -d */part-*.jsonl.zst | LC_ALL=C sort); do
            zstd -dcq "out/records/$f" >>actual.records
        done
        check_hashes actual.records
        sed -i -E 's/"hash":"[0-9a-f]{16}"/"hash":"*"/' actual.records
        test_cmp expect.records actual.records
    fi
    if [ -f expect.counts ]; then
        python3 -c 'import json; c=json.load(open("out/manifest.json"))["counts"]; print(c["read"], c["written"], c["filtered"], c["deduplicated"], c["rejected"])' >actual.counts
        test_cmp expect.counts actual.counts
    fi
    if [ -f expect.rejects ]; then
        python3 -c '
import json
for l in open("out/rejects.jsonl"):
    r = json.loads(l)
    print("%s:%d %s %s" % (r["file"], r["line"], r["id"], r["field"]))' >actual.rejects
        test_cmp expect.rejects actual.rejects
    fi
    if [ -f expect.meta ]; then
        python3 -c '
import json, glob, sys
meta = json.load(open(sorted(glob.glob("out/records/*/meta.json"))[0]))
for line in open("expect.meta"):
    line = line.strip()
    if line and not eval(line):
        sys.exit("meta check failed: " + line)'
    fi
}

for dir in "$CASES"/*/; do
    case=$(basename "$dir")
    test_expect_success "case $case" "run_case $case"
done
test_done
