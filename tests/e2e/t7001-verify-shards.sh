#!/usr/bin/env bash
# flanmix verify on pack output: the row invariants of every format (docs/formats.md).
# Each corruption is made by tests/e2e/verify/corrupt.py, which then re-fixes every
# checksum (manifest, MDS index.json), so only the invariant checks can catch it. The
# positions corrupted are worked out by hand from the t5x docstring rows (t4000):
#   prefixlm L=15: tokens 7 8 5 1 3 9 1 8 4 9 3 1 4 1 0, loss 0 0 0 0 1 1 1 0 0 0 0 0 1 1 0,
#                  segments 1 1 1 1 1 1 1 2 2 2 2 2 2 2 0, positions 0..6 0..6 0
#   encdec A=10, B=7: decoder_target_tokens 3 9 1 4 1 0 0, decoder_input_tokens 0 3 9 0 4 0 0
#   megatron: sequence 0 = 7 8 5 1 3 9 1, sequence 1 = 8 4 9 3 1 4 1
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
CORRUPT="$PY $FM_ROOT/tests/e2e/verify/corrupt.py"
T5="--vocab-size 32128 --eos-id 1 --pad-id 0"
MDS=block-00000/shard.00000.mds.zstd
ROWS=block-00000/rows-00000.jsonl.zst
BIN=block-00000/shard-00000.bin

docstring_examples() {
    cat <<'X'
{"id":"a","task":"t","inputs":[7,8,5,1],"targets":[3,9,1],"inputs_truncated":0,"targets_truncated":0}
{"id":"b","task":"t","inputs":[8,4,9,3,1],"targets":[4,1],"inputs_truncated":0,"targets_truncated":0}
X
}

pack() { # OUT pack-options...
    local out=$1; shift
    docstring_examples >ex.jsonl && flanmix-pack -q $T5 -o "$out" "$@" ex.jsonl
}
pmds() { pack p --layout prefixlm --format mds --seq-len 15 "$@"; }
emds() { pack e --layout encdec --format mds --inputs-len 10 --targets-len 7 "$@"; }

# expect_fault DIR 'FAULT line (fixed string)': verify fails, prints that line, and every
# FAULT line it prints is about the corrupted shard or the manifest.
expect_fault() {
    test_must_fail flanmix verify "$1" >log &&
    grep -F -- "$2" log &&
    test "$(grep -c "^FAULT" log)" -ge 1
}

test_expect_success 'clean docstring outputs of every layout and format verify' '
    pmds && flanmix verify p >log && grep -q "1 records, 0 faults" log &&
    pack pl --layout prefixlm --format mds --seq-len 15 --loss-on-inputs && flanmix verify pl &&
    emds && flanmix verify e &&
    pack pj --layout prefixlm --format jsonl --seq-len 15 && flanmix verify pj &&
    pack pjl --layout prefixlm --format jsonl --seq-len 15 --labels labels && flanmix verify pjl &&
    pack ej --layout encdec --format jsonl --inputs-len 10 --targets-len 7 && flanmix verify ej &&
    pack m --layout prefixlm --format megatron --seq-len 2048 && flanmix verify m >log &&
    grep -q "2 records, 0 faults" log
'

test_expect_success 'clean multi-block, multi-shard outputs of random examples verify (truncation too)' '
    n=2000; test "$FM_VARIANT" = san && n=400
    $PY -c "
import json, random, sys
r = random.Random(11)
for i in range($n):
    ni, nt = r.randint(1, 60), r.randint(1, 30)
    print(json.dumps({\"id\": str(i), \"task\": \"t\", \"inputs\": [r.randint(2, 32000) for _ in range(ni)] + [1],
                      \"targets\": [r.randint(2, 32000) for _ in range(nt)] + [1],
                      \"inputs_truncated\": 0, \"targets_truncated\": 0}))
" >big.jsonl &&
    O="--block 300 --window 100 --shard-bytes 8000 $T5" &&
    flanmix-pack -q --layout encdec --format mds --inputs-len 48 --targets-len 16 $O -o a big.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 64 --algo nextfit $O -o b big.jsonl &&
    flanmix-pack -q --layout prefixlm --format jsonl --seq-len 64 --loss-on-inputs $O -o c big.jsonl &&
    flanmix-pack -q --layout encdec --format jsonl --inputs-len 48 --targets-len 16 --dtype uint32 --zstd-level -1 $O -o d big.jsonl &&
    flanmix-pack -q --layout prefixlm --format megatron --seq-len 40 $O -o e big.jsonl &&
    grep -q "\"examples_truncated\":[1-9]" e/manifest.json &&
    for d in a b c d e; do flanmix verify $d >log && grep -q " 0 faults" log || exit 1; done
'

test_expect_success 'a flipped segment id is caught (MDS prefixlm)' '
    pmds && $CORRUPT p $MDS 0 segment_ids:2=2 &&
    expect_fault p "FAULT p/$MDS: row 0, column segment_ids: segment id 1 at position 3 follows 2"
'

test_expect_success 'a broken position is caught' '
    pmds && $CORRUPT p $MDS 0 positions:9=5 &&
    expect_fault p "row 0, column positions: position 9 is 5, expected 2"
'

test_expect_success 'a dropped EOS is caught: end of targets, end of inputs' '
    pmds && $CORRUPT p $MDS 0 tokens:13=5 &&
    expect_fault p "row 0, column tokens: segment 2 ends in 5 at position 13, not EOS 1" &&
    pmds && $CORRUPT p $MDS 0 tokens:3=5 &&
    expect_fault p "row 0, column tokens: segment 1: the inputs (loss 0, positions 0-3) end in 5, not EOS 1"
'

test_expect_success 'loss on an input token is caught (MDS loss_mask, JSONL completion_mask and labels)' '
    pmds && $CORRUPT p $MDS 0 loss_mask:1=1 &&
    expect_fault p "row 0, column loss_mask: segment 1 has loss 1 at position 1 but loss 0 at position 2" &&
    pack pj --layout prefixlm --format jsonl --seq-len 15 && $CORRUPT pj $ROWS 0 completion_mask:8=1 &&
    expect_fault pj "row 0, column completion_mask: segment 2 has loss 1 at position 8 but loss 0 at position 9" &&
    pack pjl --layout prefixlm --format jsonl --seq-len 15 --labels labels && $CORRUPT pjl $ROWS 0 labels:1=8 &&
    expect_fault pjl "row 0, column labels: segment 1 has loss 1 at position 1" &&
    pack pjl --layout prefixlm --format jsonl --seq-len 15 --labels labels && $CORRUPT pjl $ROWS 0 labels:4=5 &&
    expect_fault pjl "row 0, column labels: label 5 at position 4 is neither -100 nor the token 3"
'

test_expect_success 'with loss_on_inputs, an input token without loss is caught' '
    pack pl --layout prefixlm --format mds --seq-len 15 --loss-on-inputs && $CORRUPT pl $MDS 0 loss_mask:0=0 &&
    expect_fault pl "row 0, column loss_mask: loss 0 at position 0 in segment 1: loss_on_inputs is set"
'

test_expect_success 'a broken decoder shift is caught (encdec MDS and JSONL)' '
    emds && $CORRUPT e $MDS 0 decoder_input_tokens:1=9 &&
    expect_fault e "row 0, column decoder_input_tokens: position 1 is 9, expected 3" &&
    emds && $CORRUPT e $MDS 0 decoder_input_tokens:3=1 &&
    expect_fault e "row 0, column decoder_input_tokens: position 3 is 1, expected 0" &&
    pack ej --layout encdec --format jsonl --inputs-len 10 --targets-len 7 && $CORRUPT ej $ROWS 0 decoder_loss_weights:5=1 &&
    expect_fault ej "row 0, column decoder_loss_weights: position 5 is 1, expected 0"
'

test_expect_success 'pad in the middle of a row is caught' '
    pmds && $CORRUPT p $MDS 0 tokens:5=0 segment_ids:5=0 positions:5=0 loss_mask:5=0 &&
    expect_fault p "row 0, column segment_ids: segment id 1 at position 6 after padding (segment id 0) at position 5" &&
    pmds && $CORRUPT p $MDS 0 tokens:5=0 &&
    expect_fault p "row 0, column tokens: pad id 0 at position 5 inside segment 1" &&
    emds && $CORRUPT e $MDS 0 encoder_input_tokens:9=5 &&
    expect_fault e "row 0, column encoder_input_tokens: position 9 is padding (segment id 0) but holds 5, not the pad id 0"
'

test_expect_success 'Megatron: a dropped EOS and an id outside the vocabulary are caught' '
    pack m --layout prefixlm --format megatron --seq-len 2048 && $CORRUPT m $BIN 1 tokens:6=5 &&
    expect_fault m "FAULT m/$BIN: row 1, column tokens: the sequence ends in 5 at position 6, not EOS 1" &&
    pack m --layout prefixlm --format megatron --seq-len 2048 && $CORRUPT m $BIN 1 tokens:4=5 &&
    expect_fault m "row 1, column tokens: the sequence holds one EOS" &&
    pack m --layout prefixlm --format megatron --seq-len 2048 && $CORRUPT m $BIN 0 tokens:2=40000 &&
    expect_fault m "row 0, column tokens: id 40000 at position 2 is outside the vocabulary [0, 32128)"
'

test_expect_success 'counts that disagree with the shards are caught' '
    pmds && sed -i "s/\"examples_packed\":2/\"examples_packed\":3/; s/\"tokens\":14/\"tokens\":15/" p/manifest.json &&
    test_must_fail flanmix verify p >log &&
    grep -F "FAULT p/manifest.json: counts.examples_packed is 3, the shards hold 2" log &&
    grep -F "FAULT p/$MDS: 14 non-pad tokens, manifest says 15" log
'

test_expect_success 'settings the rows contradict: every row faults, the first 20 are shown' '
    n=30; test "$FM_VARIANT" = san && n=25
    for i in $(seq 1 $n); do echo "{\"id\":\"$i\",\"task\":\"t\",\"inputs\":[5,1],\"targets\":[6,1]}"; done >ex.jsonl &&
    flanmix-pack -q $T5 --layout prefixlm --format mds --seq-len 4 -o p ex.jsonl &&
    flanmix verify p && sed -i "s/\"pad_id\":0/\"pad_id\":5/" p/manifest.json &&
    test_must_fail flanmix verify p >log &&
    test "$(grep -c "column tokens: pad id 5 at position 0 inside segment 1$" log)" = 20 &&
    grep -F "FAULT p/$MDS: … and $((n - 20)) more faults in this file (only the first 20 are shown)" log &&
    grep -q "verify: 1 manifests, 2 files, $n records, $n faults" log
'

test_expect_success 'an MDS shard that disagrees with its index.json is caught' '
    emds && sed -i "s/\"samples\": 1/\"samples\": 2/" e/block-00000/index.json &&
    h=$(xxhsum -H3 e/block-00000/index.json | sed -E "s/.* = //") && s=$(stat -c %s e/block-00000/index.json) &&
    $PY -c "
import json, sys
m = json.load(open(\"e/manifest.json\"))
for o in m[\"outputs\"]:
    if o[\"path\"] == \"block-00000/index.json\": o[\"xxh3\"], o[\"bytes\"] = sys.argv[1], int(sys.argv[2])
open(\"e/manifest.json\", \"w\").write(json.dumps(m))
" "$h" "$s" &&
    expect_fault e "FAULT e/$MDS: 1 samples, index.json says 2"
'
test_done
