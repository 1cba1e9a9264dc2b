#!/usr/bin/env bash
# flanmix pack --model: text examples tokenized in-process give exactly the ids of
# spm_encode (the SentencePiece CLI, independent of flanmix) + EOS, and the same shards as
# packing pre-tokenized input; output does not depend on -j.
. "$(dirname "$0")/../lib.sh"
require_shared 'pack --model tests need the T5 model and CoT data' 3
PY=/usr/bin/python3
RD=$FM_ROOT/tests/e2e/pack
MODEL=$FM_SHARED/models/t5/spiece.model
N=40; [ "$FM_VARIANT" = san ] && N=10

test_expect_success 'text examples with --model == spm_encode ids + EOS, packed the same' '
    $PY $RD/cot_examples.py $FM_SHARED/data/cot $N | grep -v "\\\\" >fmt.jsonl &&
    test $(wc -l <fmt.jsonl) -gt $N &&
    $PY -c "import json,sys
for l in open(sys.argv[1]): e = json.loads(l); print(e[\"inputs\"].replace(\"\\n\", \" \"))" fmt.jsonl >in.txt &&
    $PY -c "import json,sys
for l in open(sys.argv[1]): e = json.loads(l); print(e[\"targets\"].replace(\"\\n\", \" \"))" fmt.jsonl >tg.txt &&
    spm_encode --model=$MODEL --output_format=id <in.txt >in.ids &&
    spm_encode --model=$MODEL --output_format=id <tg.txt >tg.ids &&
    paste -d "\t" in.ids tg.ids | $PY -c "import sys
for l in sys.stdin:
    a, b = l.rstrip(\"\\n\").split(\"\\t\")
    a = [int(x) for x in a.split()][:2047] + [1]; b = [int(x) for x in b.split()][:511] + [1]
    print(\"{\\\"inputs\\\":%s,\\\"targets\\\":%s}\" % (a, b))" >tok.jsonl &&
    flanmix-pack -q --layout encdec --format mds --inputs-len 512 --targets-len 128 --model $MODEL -o a fmt.jsonl &&
    flanmix-pack -q --layout encdec --format mds --inputs-len 512 --targets-len 128 --vocab-size 32100 --eos-id 1 --pad-id 0 -o b tok.jsonl &&
    (cd a && find . -path "./block-*" -type f | sort) >fa && (cd b && find . -path "./block-*" -type f | sort) >fb &&
    test_cmp fa fb &&
    for f in $(cat fa); do cmp a/$f b/$f || return 1; done &&
    cmp a/index.json b/index.json
'

test_expect_success 'tokenizing in-process: -j1 and -j4 give identical shards and manifest' '
    $PY $RD/cot_examples.py $FM_SHARED/data/cot $((N * 5)) >fmt.jsonl &&
    flanmix-pack -q -j1 --layout prefixlm --format jsonl --seq-len 1024 --model $MODEL --window 300 --block 700 -o j1 fmt.jsonl &&
    flanmix-pack -q -j4 --layout prefixlm --format jsonl --seq-len 1024 --model $MODEL --window 300 --block 700 -o j4 fmt.jsonl &&
    diff -r j1 j4
'

test_expect_success 'a model that is missing or not SentencePiece is a clear error' '
    echo "{\"inputs\":\"a\",\"targets\":\"b\"}" >fmt.jsonl &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 64 --model nope.model -o o fmt.jsonl 2>e1 &&
    grep -q "nope.model" e1 &&
    echo "not a model" >bad.model &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 64 --model bad.model -o o fmt.jsonl 2>e2 &&
    grep -q "bad.model" e2 &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 64 --vocab-size 32100 --eos-id 1 --pad-id 0 -o o fmt.jsonl 2>e3 &&
    grep -q "give --model" e3
'
test_done
