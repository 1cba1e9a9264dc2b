#!/usr/bin/env bash
# flanmix verify: checksums, sizes, record counts, truncated manifests.
. "$(dirname "$0")/../lib.sh"

# A stage output made by hand: two JSONL files (one zstd) and a manifest whose sizes and
# checksums come from xxhsum (the xxhash CLI), independent of flanmix's own code.
make_output() {
    mkdir -p out/records/t &&
    printf '{"a":1}\n{"a":2}\n' >out/records/t/plain.jsonl &&
    printf '{"b":"x"}\n' | zstd -q -c >out/records/t/z.jsonl.zst &&
    entry() { # path records
        local f=out/$1 size h
        size=$(stat -c %s "$f")
        h=$(xxhsum -H3 "$f" | sed -E "s/.* = //")
        printf '{"path":"%s","bytes":%s,"xxh3":"%s","records":%s}' "$1" "$size" "$h" "$2"
    } &&
    printf '{"flanmix_manifest":1,"stage":"ingest","settings":{},"inputs":[],"outputs":[%s,%s],"counts":{}}\n' \
        "$(entry records/t/plain.jsonl 2)" "$(entry records/t/z.jsonl.zst 1)" >out/manifest.json
}

test_expect_success 'a consistent output verifies' '
    make_output &&
    flanmix verify out >log &&
    grep -q "verify: 1 manifests, 2 files, 3 records, 0 faults" log
'

test_expect_success 'a corrupted byte is caught by its checksum' '
    make_output &&
    printf "{\"a\":3}\n{\"a\":2}\n" >out/records/t/plain.jsonl &&
    test_must_fail flanmix verify out >log &&
    grep -q "FAULT out/records/t/plain.jsonl: checksum" log
'

test_expect_success 'a missing file is caught' '
    make_output && rm out/records/t/z.jsonl.zst &&
    test_must_fail flanmix verify out >log &&
    grep -q "FAULT out/records/t/z.jsonl.zst: missing" log
'

test_expect_success 'a truncated manifest is caught' '
    make_output && head -c 40 out/manifest.json >m && mv m out/manifest.json &&
    test_must_fail flanmix verify out >log &&
    grep -q "unreadable manifest" log
'

test_expect_success 'a wrong record count is caught' '
    make_output && sed -i "s/\"records\":2/\"records\":5/" out/manifest.json &&
    test_must_fail flanmix verify out >log &&
    grep -q "2 records, manifest says 5" log
'

test_expect_success 'a directory without manifests is an error' '
    mkdir empty && test_must_fail flanmix verify empty 2>err &&
    grep -q "no manifest.json" err
'
test_done
