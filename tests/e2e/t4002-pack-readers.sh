#!/usr/bin/env bash
# The user-facing readers of pack output: tools/examples/read_mds.c (built here with cc and
# libzstd) and tools/read_shards.py, on the PrefixLM docstring rows (expected by hand).
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
T5="--vocab-size 32128 --eos-id 1 --pad-id 0"
examples() {
    echo '{"inputs":[7,8,5,1],"targets":[3,9,1]}'
    echo '{"inputs":[8,4,9,3,1],"targets":[4,1]}'
}

test_expect_success 'tools/examples/read_mds.c builds and reads an MDS output' '
    cc -O2 -Wall -Wextra -Werror -o read_mds "$FM_ROOT/tools/examples/read_mds.c" -lzstd &&
    examples >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 15 $T5 -o out ex.jsonl &&
    ./read_mds out >got &&
    printf "row 0\n  segment 1: 7 8 5 1 3* 9* 1*\n  segment 2: 8 4 9 3 1 4* 1*\n" >want &&
    test_cmp want got
'

test_expect_success 'tools/read_shards.py reads MDS, JSONL rows and Megatron' '
    examples >ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 15 $T5 -o mds ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format jsonl --seq-len 15 $T5 -o jsonl ex.jsonl &&
    flanmix-pack -q --layout prefixlm --format megatron --seq-len 15 $T5 -o meg ex.jsonl &&
    cat >want <<-X &&
	row 0
	  segment 1: 7 tokens
	    tokens: 7 8 5 1 3 9 1
	    loss  : 0 0 0 0 1 1 1
	  segment 2: 7 tokens
	    tokens: 8 4 9 3 1 4 1
	    loss  : 0 0 0 0 0 1 1
	X
    $PY "$FM_ROOT/tools/read_shards.py" mds >got1 && test_cmp want got1 &&
    $PY "$FM_ROOT/tools/read_shards.py" jsonl/block-00000/rows-00000.jsonl.zst >got2 && test_cmp want got2 &&
    $PY "$FM_ROOT/tools/read_shards.py" meg/block-00000/shard-00000 >got3 &&
    printf "sequence 0: 7 8 5 1 3 9 1\nsequence 1: 8 4 9 3 1 4 1\n" >want3 && test_cmp want3 got3
'
test_done
