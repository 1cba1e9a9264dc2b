#!/usr/bin/env bash
# flanmix pack: outputs read back by independent readers (tests/e2e/pack/*.py, written from
# the published MDS and Megatron layouts), expectations worked out by hand from the seqio
# docstrings (docs/reference formats.md 1.2-1.4).
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
RD=$FM_ROOT/tests/e2e/pack
T5="--vocab-size 32128 --eos-id 1 --pad-id 0"

# The two examples of the t5x converter docstrings, tokenized (contracts.md section 4).
docstring_examples() {
    cat <<'X'
{"id":"a","task":"t","inputs":[7,8,5,1],"targets":[3,9,1],"inputs_truncated":0,"targets_truncated":0}
{"id":"b","task":"t","inputs":[8,4,9,3,1],"targets":[4,1],"inputs_truncated":0,"targets_truncated":0}
X
}

test_expect_success 'encdec MDS: EncDecFeatureConverter docstring row, read back independently' '
    docstring_examples >ex.jsonl &&
    flanmix-pack -q --layout encdec --format mds --inputs-len 10 --targets-len 7 $T5 -o out ex.jsonl &&
    $PY $RD/mds_read.py out >got &&
    cat >want <<-X &&
	sample 0
	  decoder_input_tokens: 0 3 9 0 4 0 0
	  decoder_loss_weights: 1 1 1 1 1 0 0
	  decoder_positions: 0 1 2 0 1 0 0
	  decoder_segment_ids: 1 1 1 2 2 0 0
	  decoder_target_tokens: 3 9 1 4 1 0 0
	  encoder_input_tokens: 7 8 5 1 8 4 9 3 1 0
	  encoder_positions: 0 1 2 3 0 1 2 3 4 0
	  encoder_segment_ids: 1 1 1 1 2 2 2 2 2 0
	samples: 1
	X
    test_cmp want got &&
    test -f out/block-00000/shard.00000.mds.zstd && test -f out/block-00000/index.json
'

test_expect_success 'prefixlm MDS: PrefixLMFeatureConverter docstring row (L = 7 + 8)' '
    docstring_examples >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 15 $T5 -o out ex.jsonl &&
    $PY $RD/mds_read.py out >got &&
    cat >want <<-X &&
	sample 0
	  loss_mask: 0 0 0 0 1 1 1 0 0 0 0 0 1 1 0
	  positions: 0 1 2 3 4 5 6 0 1 2 3 4 5 6 0
	  segment_ids: 1 1 1 1 1 1 1 2 2 2 2 2 2 2 0
	  tokens: 7 8 5 1 3 9 1 8 4 9 3 1 4 1 0
	samples: 1
	X
    test_cmp want got
'

test_expect_success 'prefixlm JSONL for TRL: unpadded rows with completion_mask, position_ids, seq_lengths' '
    docstring_examples >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format jsonl --seq-len 15 $T5 -o out ex.jsonl &&
    zstd -dc out/block-00000/rows-00000.jsonl.zst >got &&
    echo "{\"input_ids\":[7,8,5,1,3,9,1,8,4,9,3,1,4,1],\"completion_mask\":[0,0,0,0,1,1,1,0,0,0,0,0,1,1],\"position_ids\":[0,1,2,3,4,5,6,0,1,2,3,4,5,6],\"seq_lengths\":[7,7]}" >want &&
    test_cmp want got &&
    flanmix-pack -q --layout prefixlm --format jsonl --labels labels --seq-len 15 $T5 -o out2 ex.jsonl &&
    zstd -dc out2/block-00000/rows-00000.jsonl.zst >got2 &&
    echo "{\"input_ids\":[7,8,5,1,3,9,1,8,4,9,3,1,4,1],\"labels\":[-100,-100,-100,-100,3,9,1,-100,-100,-100,-100,-100,4,1],\"position_ids\":[0,1,2,3,4,5,6,0,1,2,3,4,5,6],\"seq_lengths\":[7,7]}" >want2 &&
    test_cmp want2 got2 &&
    $PY -c "import zstandard,sys; d=open(sys.argv[1],\"rb\").read(); assert zstandard.get_frame_parameters(d).content_size > 0" out/block-00000/rows-00000.jsonl.zst
'

test_expect_success 'Megatron .bin/.idx: one sequence per example (inputs EOS targets EOS), uint16 code 8' '
    docstring_examples >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format megatron --seq-len 2048 $T5 -o out ex.jsonl &&
    $PY $RD/megatron_read.py out/block-00000/shard-00000 >got &&
    cat >want <<-X &&
	dtype_code 8 sequences 2 documents 2
	document_indices 0 1 2
	seq 0: 7 8 5 1 3 9 1
	seq 1: 8 4 9 3 1 4 1
	X
    test_cmp want got &&
    flanmix-pack -q --layout prefixlm --format megatron --seq-len 2048 --vocab-size 100000 --eos-id 1 --pad-id 0 -o out32 ex.jsonl &&
    $PY $RD/megatron_read.py out32/block-00000/shard-00000 | head -1 >got32 &&
    echo "dtype_code 4 sequences 2 documents 2" >want32 &&
    test_cmp want32 got32
'

# 40 examples of total size 5 (inputs [k, EOS], targets [k+1, k+2, EOS]) in rows of 12:
# 2 per row -> 20 rows. Each MDS sample is 12 + 3*24 = 84 bytes (+4 for its offset).
gen_small() {
    i=0; while [ $i -lt 40 ]; do
        k=$((i % 50 + 10))
        echo "{\"id\":\"e$i\",\"task\":\"t\",\"inputs\":[$k,1],\"targets\":[$((k+1)),$((k+2)),1],\"inputs_truncated\":0,\"targets_truncated\":0}"
        i=$((i + 1))
    done
}

test_expect_success 'MDS shard rollover at --shard-bytes, offsets and hashes checked, nothing lost' '
    gen_small >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 12 $T5 --shard-bytes 600 -o out ex.jsonl &&
    $PY $RD/mds_read.py out >got &&
    grep -c "^sample " got >n && echo 20 >want && test_cmp want n &&
    test $(ls out/block-00000/*.mds.zstd | wc -l) -gt 2 &&
    grep "^  segment_ids:" got | sort -u >segs &&
    echo "  segment_ids: 1 1 1 1 1 2 2 2 2 2 0 0" >want && test_cmp want segs
'

test_expect_success 'manifest lists every shard with checksum, rows and tokens; counts add up' '
    gen_small >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 12 $T5 --shard-bytes 600 -o out ex.jsonl &&
    $PY - out <<-X
	import json, subprocess, sys, os
	d = sys.argv[1]
	m = json.load(open(os.path.join(d, "manifest.json")))
	assert m["stage"] == "pack" and m["settings"]["seq_len"] == 12 and m["settings"]["algo"] == "bfd"
	rows = toks = 0
	for o in m["outputs"]:
	    p = os.path.join(d, o["path"])
	    assert os.path.getsize(p) == o["bytes"]
	    h = subprocess.run(["xxhsum", "-H3", p], capture_output=True, text=True).stdout.rsplit("=", 1)[1].strip()
	    assert h == o["xxh3"], o
	    if o["path"].endswith(".zstd"):
	        rows += o["records"]; toks += o["tokens"]
	c = m["counts"]
	assert rows == c["rows"] == 20 and toks == c["decoder_tokens"] == 200, (rows, toks, c)
	assert c["examples_read"] == c["examples_packed"] == 40 and c["decoder_slots"] == 240
	X
'

# Sizes 8 6 4 3 3 (inputs [EOS], targets [7 ... 7, EOS]) into rows of 12:
# next-fit: [8] [6 4] [3 3]; BFD: 8->A(4 left) 6->B(6) 4->A(0) 3->B(3) 3->B(0): [8 4] [6 3 3].
test_expect_success 'next-fit vs best-fit: 8 6 4 3 3 into rows of 12 (3 rows vs 2)' '
    for s in 8 6 4 3 3; do
        tg=$(yes 7 | head -n $((s - 2)) | paste -sd,)
        echo "{\"inputs\":[1],\"targets\":[$tg,1]}"
    done >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 12 $T5 --algo nextfit -o nf ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 12 $T5 --algo bfd -o bfd ex.jsonl &&
    $PY $RD/mds_read.py nf | grep segment_ids >got_nf &&
    $PY $RD/mds_read.py bfd | grep segment_ids >got_bfd &&
    cat >want_nf <<-X &&
	  segment_ids: 1 1 1 1 1 1 1 1 0 0 0 0
	  segment_ids: 1 1 1 1 1 1 2 2 2 2 0 0
	  segment_ids: 1 1 1 2 2 2 0 0 0 0 0 0
	X
    cat >want_bfd <<-X &&
	  segment_ids: 1 1 1 1 1 1 1 1 2 2 2 2
	  segment_ids: 1 1 1 1 1 1 2 2 2 3 3 3
	X
    test_cmp want_nf got_nf && test_cmp want_bfd got_bfd
'

test_expect_success 'over-long examples: truncated with EOS kept and counted, or an error' '
    echo "{\"inputs\":[5,6,7,8,9,10,11,12,13,1],\"targets\":[20,21,1]}" >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format jsonl --seq-len 8 $T5 -o out ex.jsonl &&
    zstd -dc out/block-00000/rows-00000.jsonl.zst >got &&
    echo "{\"input_ids\":[5,6,7,8,1,20,21,1],\"completion_mask\":[0,0,0,0,0,1,1,1],\"position_ids\":[0,1,2,3,4,5,6,7],\"seq_lengths\":[8]}" >want &&
    test_cmp want got &&
    grep -q "\"examples_truncated\":1,\"inputs_tokens_truncated\":5,\"targets_tokens_truncated\":0" out/manifest.json &&
    test_must_fail flanmix-pack -q --layout prefixlm --format jsonl --seq-len 8 $T5 --on-overlong error -o out2 ex.jsonl 2>err &&
    grep -q "ex.jsonl:1: .*too long" err
'

test_expect_success 'pad id errors: pad == EOS, pad id inside the data, model without pad id' '
    docstring_examples >ex.jsonl &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 16 --vocab-size 100 --eos-id 1 --pad-id 1 -o o1 ex.jsonl 2>err1 &&
    grep -q "pad id equals EOS" err1 &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 16 --vocab-size 100 --eos-id 1 --pad-id 9 -o o2 ex.jsonl 2>err2 &&
    grep -q "ex.jsonl:1: field .targets.: token id 9 .*equals the pad id" err2 &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 1 $T5 -o o3 ex.jsonl 2>err3 &&
    grep -q "seq-len" err3
'

test_expect_success 'ids: outside the vocabulary, overflowing uint16, not ending in EOS, empty targets' '
    echo "{\"inputs\":[70000,1],\"targets\":[5,1]}" >big.jsonl &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 16 $T5 -o o1 big.jsonl 2>e1 &&
    grep -q "outside the vocabulary" e1 &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 16 --vocab-size 100000 --eos-id 1 --pad-id 0 --dtype uint16 -o o2 big.jsonl 2>e2 &&
    grep -q "does not fit uint16" e2 &&
    echo "{\"inputs\":[2,3,4,5,6,7,8,9,10,11,12,13,14,70000,15,16,17,1],\"targets\":[5,1]}" >big8.jsonl &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 32 --vocab-size 100000 --eos-id 1 --pad-id 0 --dtype uint16 -o o2b big8.jsonl 2>e2b &&
    grep -q "does not fit uint16" e2b &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 16 --vocab-size 100000 --eos-id 1 --pad-id 0 -o o3 big.jsonl &&
    $PY $RD/mds_read.py o3 | grep -q "tokens: 70000 1 5 1 0" &&
    grep -q "ndarray:uint32:16" o3/index.json &&
    echo "{\"inputs\":[4,5],\"targets\":[5,1]}" >noeos.jsonl &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 16 $T5 -o o4 noeos.jsonl 2>e4 &&
    grep -q "does not end in EOS" e4 &&
    echo "{\"inputs\":[4,1],\"targets\":[1]}" >empty.jsonl &&
    test_must_fail flanmix-pack -q --layout prefixlm --format mds --seq-len 16 $T5 -o o5 empty.jsonl 2>e5 &&
    grep -q "empty targets" e5
'

test_expect_success '--on-error skip: bad examples go to rejects.jsonl and are counted' '
    { docstring_examples; echo "{\"inputs\":[4,1],\"targets\":[1]}"; echo "not json"; } >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 15 $T5 --on-error skip -o out ex.jsonl &&
    test $(wc -l <out/block-00000/rejects.jsonl) = 2 &&
    grep -q "\"line\":3,\"reason\":\"empty targets" out/block-00000/rejects.jsonl &&
    grep -q "\"examples_read\":4,\"examples_rejected\":2,\"examples_packed\":2" out/manifest.json
'

# A larger stream for determinism and parts: 2500 examples of varied sizes.
gen_many() {
    $PY - <<-X
	import random
	r = random.Random(7)
	for i in range(2500):
	    a = [r.randrange(3, 32000) for _ in range(r.randrange(0, 60))] + [1]
	    b = [r.randrange(3, 32000) for _ in range(r.randrange(1, 20))] + [1]
	    print('{"id":"x%d","task":"t","inputs":%s,"targets":%s,"inputs_truncated":0,"targets_truncated":0}' % (i, a, b))
	X
}

test_expect_success 'deterministic: -j1 and -j4 give byte-identical output (all formats)' '
    gen_many | zstd -q >ex.jsonl.zst &&
    for f in mds jsonl; do
        flanmix-pack -q -j1 --layout encdec --format $f --inputs-len 128 --targets-len 32 $T5 --window 700 --block 1000 -o $f.j1 ex.jsonl.zst &&
        flanmix-pack -q -j4 --layout encdec --format $f --inputs-len 128 --targets-len 32 $T5 --window 700 --block 1000 -o $f.j4 ex.jsonl.zst &&
        diff -r $f.j1 $f.j4 || return 1
    done &&
    flanmix-pack -q -j1 --layout prefixlm --format megatron --seq-len 64 $T5 --block 1000 -o m.j1 ex.jsonl.zst &&
    flanmix-pack -q -j3 --layout prefixlm --format megatron --seq-len 64 $T5 --block 1000 -o m.j3 ex.jsonl.zst &&
    diff -r m.j1 m.j3
'

test_expect_success 'parts: the union of 3 parts is byte-identical to a single run (blocks of 1000)' '
    gen_many >ex.jsonl &&
    args="--layout prefixlm --format mds --seq-len 96 $T5 --window 300 --block 1000 --shard-bytes 20000" &&
    flanmix-pack -q $args -o single ex.jsonl &&
    for i in 0 1 2; do flanmix-pack -q $args --part $i/3 -o parts ex.jsonl || return 1; done &&
    ls parts/manifest.part-0-of-3.json parts/manifest.part-2-of-3.json &&
    (cd single && find . -path "./block-*" -type f | sort) >files_single &&
    (cd parts && find . -path "./block-*" -type f | sort) >files_parts &&
    test_cmp files_single files_parts &&
    for f in $(cat files_single); do cmp single/$f parts/$f || return 1; done &&
    test $(wc -l <files_single) -gt 6 &&
    flanmix merge parts 2>/dev/null &&
    cmp single/manifest.json parts/manifest.json &&
    cmp single/index.json parts/index.json &&
    $PY $RD/mds_read.py parts >/dev/null
'

test_expect_success 'every example is packed exactly once (tokens conserved through MDS)' '
    gen_many >ex.jsonl &&
    flanmix-pack -q --layout encdec --format mds --inputs-len 128 --targets-len 32 $T5 --window 500 -o out ex.jsonl &&
    $PY $RD/mds_read.py out >dump &&
    $PY - ex.jsonl dump <<-X
	import json, sys
	want = sorted((tuple(e["inputs"]), tuple(e["targets"])) for e in map(json.loads, open(sys.argv[1])))
	got, row = [], {}
	def flush():
	    if not row: return
	    enc, es = row["encoder_input_tokens"], row["encoder_segment_ids"]
	    dec, ds = row["decoder_target_tokens"], row["decoder_segment_ids"]
	    for s in range(1, max(es) + 1):
	        got.append((tuple(t for t, g in zip(enc, es) if g == s), tuple(t for t, g in zip(dec, ds) if g == s)))
	for line in open(sys.argv[2]):
	    if line.startswith("sample"): flush(); row.clear()
	    elif line.startswith("  "):
	        k, v = line.strip().split(": ")
	        row[k] = [int(x) for x in v.split()]
	flush()
	assert sorted(got) == want, (len(got), len(want))
	X
'
test_expect_success 'flanmix inspect: statistics, segment boundaries and loss runs of a pack output' '
    docstring_examples >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 15 $T5 -o out ex.jsonl &&
    flanmix inspect --stats out >stats &&
    cat >want_stats <<-X &&
	format mds, algo bfd
	examples: 2 read, 2 packed, 0 rejected, 0 truncated
	rows: 1 (2.00 examples per row)
	efficiency: 93.33% non-pad
	padding: 6.67% of 15 positions
	X
    test_cmp want_stats stats &&
    flanmix inspect out >got &&
    cat >want <<-X &&
	== row 0 (block-00000/shard.00000.mds.zstd #0): 2 segments, 14/15 tokens
	-- segment 1 (7 tokens)
	   loss 0 | 7 8 5 1
	   loss 1 | 3 9 1
	-- segment 2 (7 tokens)
	   loss 0 | 8 4 9 3 1
	   loss 1 | 4 1
	X
    test_cmp want got &&
    flanmix-pack -q --layout encdec --format jsonl --inputs-len 10 --targets-len 7 $T5 -o ed ex.jsonl &&
    flanmix inspect ed/block-00000/rows-00000.jsonl.zst >got2 &&
    grep -q "^   enc    | 8 4 9 3 1$" got2 && grep -q "^   loss 1 | 4 1$" got2
'

test_done
