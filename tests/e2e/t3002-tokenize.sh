#!/usr/bin/env bash
# flanmix tokenize: ids + EOS per contracts.md section 4, truncation (append EOS after
# trim), order and bytes independent of -j, directory inputs, and clear errors.
. "$(dirname "$0")/../lib.sh"
require_shared 'flanmix tokenize needs the T5 model' 9
T5=$FM_SHARED/models/t5/spiece.model

# "Hello world" is 8774 296 with T5 (toolchain.md); EOS is 1. "" has no ids.
test_expect_success 'ids with EOS, empty targets, keys in order' "
    printf '%s\n' '{\"id\":\"a:1/zs_opt\",\"task\":\"a\",\"format\":\"zs_opt\",\"inputs\":\"Hello world\",\"targets\":\"\"}' >ex.jsonl &&
    flanmix tokenize -q --model '$T5' -o out ex.jsonl &&
    printf '%s\n' '{\"id\":\"a:1/zs_opt\",\"task\":\"a\",\"inputs\":[8774,296,1],\"targets\":[1],\"inputs_truncated\":0,\"targets_truncated\":0}' >expected &&
    zstd -dc out/tokens/ex.jsonl.zst >actual &&
    test_cmp expected actual &&
    grep -q '\"empty_targets\":1' out/manifest.json &&
    grep -q '\"records\":1' out/manifest.json
"

# inputs-len 2: keep 1 id (8774) then EOS, 1 cut. targets-len 1: only EOS, 2 cut
# ("Hello world" as targets is 2 ids).
test_expect_success 'truncation keeps max_len - 1 ids then EOS and counts the cut' "
    printf '%s\n' '{\"id\":\"a:1\",\"task\":\"a\",\"inputs\":\"Hello world\",\"targets\":\"Hello world\"}' >ex.jsonl &&
    flanmix tokenize -q --model '$T5' --inputs-len 2 --targets-len 1 -o out ex.jsonl &&
    printf '%s\n' '{\"id\":\"a:1\",\"task\":\"a\",\"inputs\":[8774,1],\"targets\":[1],\"inputs_truncated\":1,\"targets_truncated\":2}' >expected &&
    zstd -dc out/tokens/ex.jsonl.zst >actual &&
    test_cmp expected actual &&
    grep -q '\"inputs_truncated_examples\":1' out/manifest.json &&
    grep -q '\"targets_truncated_tokens\":2' out/manifest.json
"

test_expect_success 'same bytes for -j 1, -j 2 and the library path; directory inputs keep their paths' "
    /usr/bin/python3 -c '
import csv, json, sys
csv.field_size_limit(1 << 30)
rows = list(csv.reader(open(sys.argv[1], encoding=\"utf-8\"), delimiter=\"\t\", quoting=csv.QUOTE_NONE))
for i, r in enumerate(rows * 2):
    print(json.dumps({\"id\": \"gsm8k:%d\" % i, \"task\": \"gsm8k\", \"inputs\": r[0] + \"\n\nAnswer step by step.\", \"targets\": r[2] + \" So the answer is \" + r[1] + \".\"}))
' '$FM_SHARED/data/cot/gsm8k_train.tsv' >all.jsonl &&
    mkdir -p in/examples/gsm8k/zs_opt in/examples/other &&
    head -n 5000 all.jsonl | zstd -q >in/examples/gsm8k/zs_opt/part-00000.jsonl.zst &&
    tail -n +5001 all.jsonl >in/examples/other/part-00000.jsonl &&
    flanmix tokenize -q --model '$T5' -j 1 -o o1 in &&
    flanmix tokenize -q --model '$T5' -j 2 -o o2 in &&
    flanmix tokenize -q --model '$T5' -j 2 --no-fast-tokenizer -o o3 in &&
    test -f o1/tokens/examples/gsm8k/zs_opt/part-00000.jsonl.zst &&
    test -f o1/tokens/examples/other/part-00000.jsonl.zst &&
    for f in examples/gsm8k/zs_opt/part-00000.jsonl.zst examples/other/part-00000.jsonl.zst; do
        cmp o1/tokens/\$f o2/tokens/\$f && cmp o1/tokens/\$f o3/tokens/\$f || exit 1
    done &&
    cmp o1/manifest.json o2/manifest.json &&
    test \$(zstd -dc o1/tokens/examples/*/*/part-00000.jsonl.zst o1/tokens/examples/other/*.zst | wc -l) -eq \$(wc -l <all.jsonl)
"

test_expect_success 'output order is input order' "
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
        printf '{\"id\":\"t:%d\",\"task\":\"t\",\"inputs\":\"x %d\",\"targets\":\"y\"}\n' \$i \$i
    done >ex.jsonl &&
    flanmix tokenize -q --model '$T5' -j 3 -o out ex.jsonl &&
    zstd -dc out/tokens/ex.jsonl.zst | sed 's/.*\"id\":\"\\([^\"]*\\)\".*/\\1/' >ids &&
    printf 't:%d\n' 1 2 3 4 5 6 7 8 9 10 11 12 >expected &&
    test_cmp expected ids
"

test_expect_success 'missing model and non-model file are clear errors' "
    echo '{}' >ex.jsonl &&
    test_must_fail flanmix tokenize --model nope.model -o out ex.jsonl 2>err &&
    grep 'nope.model' err && grep 'not found' err &&
    echo 'not a model' >bad.model &&
    test_must_fail flanmix tokenize --model bad.model -o out ex.jsonl 2>err &&
    grep 'bad.model' err && grep 'not a usable SentencePiece model' err &&
    test ! -f out/manifest.json
"

test_expect_success 'bad input lines name file and line' "
    printf '%s\n' '{\"id\":\"a:1\",\"task\":\"a\",\"inputs\":\"x\",\"targets\":\"y\"}' '{\"id\":\"a:2\",\"task\":\"a\",\"inputs\":\"x\"}' >ex.jsonl &&
    test_must_fail flanmix tokenize -q --model '$T5' -o out ex.jsonl 2>err &&
    grep 'ex.jsonl:2' err && grep targets err &&
    printf '%s\n' '{\"id\":\"a:1\",\"task\":\"a\",\"inputs\":\"x\",\"targets\":\"y\"}' 'not json' >ex2.jsonl &&
    test_must_fail flanmix tokenize -q --model '$T5' -o out ex2.jsonl 2>err &&
    grep 'ex2.jsonl:2' err &&
    test ! -f out/manifest.json
"

test_expect_success '--on-error skip writes rejects and counts them' "
    printf '%s\n' '{\"id\":\"a:1\",\"task\":\"a\",\"inputs\":\"x\",\"targets\":\"y\"}' 'broken' '{\"id\":\"a:3\",\"task\":\"a\",\"inputs\":\"x\",\"targets\":\"y\"}' >ex.jsonl &&
    flanmix tokenize -q --on-error skip --model '$T5' -o out ex.jsonl &&
    test \$(zstd -dc out/tokens/ex.jsonl.zst | wc -l) -eq 2 &&
    grep -q '\"line\":2' out/rejects.jsonl &&
    grep -q '\"rejected\":1' out/manifest.json
"

test_expect_success 'a model without EOS needs --eos-id' "
    printf 'hello world\nthe quick brown fox jumps over the lazy dog\n' >small.txt &&
    spm_train --input=small.txt --model_prefix=noeos --vocab_size=30 --eos_id=-1 --bos_id=-1 --hard_vocab_limit=false >/dev/null 2>&1 &&
    printf '%s\n' '{\"id\":\"a:1\",\"task\":\"a\",\"inputs\":\"hello\",\"targets\":\"world\"}' >ex.jsonl &&
    test_must_fail flanmix tokenize -q --model noeos.model -o out ex.jsonl 2>err &&
    grep -- '--eos-id' err &&
    flanmix tokenize -q --model noeos.model --eos-id 0 -o out ex.jsonl &&
    zstd -dc out/tokens/ex.jsonl.zst | grep -q '\"inputs\":\\[.*,0\\]'
"

test_expect_success 'usage errors' "
    test_must_fail flanmix tokenize -o out x.jsonl 2>err && grep -- '--model' err &&
    test_must_fail flanmix tokenize --model '$T5' -o out 2>err &&
    test_must_fail flanmix tokenize --model '$T5' --inputs-len 0 -o out x.jsonl 2>err
"
test_done
