#!/usr/bin/env bash
# flanmix pack writes each window's rows on a thread of its own (pipeline/cmd/pack.c, "the
# window writer") while the packer takes the next window: output and errors must be those of
# the serial order, whatever -j, the window and the block sizes.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
RD=$FM_ROOT/tests/e2e/pack
T5="--vocab-size 32128 --eos-id 1 --pad-id 0"
PACK="flanmix-pack -q --layout prefixlm --format mds --seq-len 12 $T5"

# 300 tokenized examples of 4 tokens: inputs [k, EOS], targets [k+1, EOS].
gen() {
    i=0; while [ $i -lt 300 ]; do
        k=$((i % 50 + 10))
        echo "{\"inputs\":[$k,1],\"targets\":[$((k+1)),1]}"
        i=$((i + 1))
    done
}

# Rows of 12 hold 3 examples. Window 1: a row per example (300). Window 7, blocks of 60:
# 8 windows of 7 (3 rows each) and one of 4 (2 rows) per block, 5 blocks: 130 rows.
test_expect_success 'one window per example or per 7: the same files for -j 1, 2 and 3, nothing lost' '
    gen >ex.jsonl &&
    for w in 1 7; do
        if [ $w = 1 ]; then echo 300; else echo 130; fi >want_rows &&
        for j in 1 2 3; do
            $PACK --window $w --block 60 --shard-bytes 900 -j $j -o out-$w-$j ex.jsonl || return 1
        done &&
        (cd out-$w-1 && find . -type f | sort | xargs sha256sum) >want &&
        for j in 2 3; do
            (cd out-$w-$j && find . -type f | sort | xargs sha256sum) >got && test_cmp want got || return 1
        done &&
        test $(ls -d out-$w-1/block-* | wc -l) = 5 &&
        $PY $RD/mds_read.py out-$w-1 >rows &&
        grep "^  tokens:" rows | tr " " "\n" | grep -c "^[1-9]" >n &&
        echo 1200 >want_n && test_cmp want_n n &&
        grep -c "^sample " rows >nrows && test_cmp want_rows nrows || return 1
    done
'

# pack_blocked J: pack ex.jsonl at -j J into out/, whose block-00001 is a file, so that the
# second block cannot be written; its exit status goes to the file rc, its stderr to err.
pack_blocked() {
    rm -rf out && mkdir out && : >out/block-00001 || return 1
    rc=0; $PACK --block 100 --window 30 -j "$1" -o out ex.jsonl 2>err || rc=$?
    echo $rc >rc
}

test_expect_success 'a block whose shard cannot be written: exit 3 (I/O) naming it, for any -j' '
    gen >ex.jsonl &&
    for j in 1 2; do
        pack_blocked $j && echo 3 >want_rc && test_cmp want_rc rc &&
        grep -q "out/block-00001/shard.00000.mds.zstd: cannot create output file" err &&
        test -f out/block-00000/index.json && test ! -e out/manifest.json || return 1
    done
'

# Line 210 is in the first window of block 2 (lines 201-230): the packer takes it right
# after handing block 1's last window over, while the writer fails on that window.
test_expect_success 'the failing block comes first in input order: its error, not a later bad line' '
    gen | sed "210s/.*/{\"inputs\":[1]}/" >ex.jsonl &&
    for j in 1 2; do
        pack_blocked $j && echo 3 >want_rc && test_cmp want_rc rc &&
        grep -q "block-00001" err && ! grep -q "ex.jsonl:210" err || return 1
    done
'

test_expect_success 'a bad line comes first: its error (exit 1), and the later block is never written' '
    gen | sed "50s/.*/{\"inputs\":[1]}/" >ex.jsonl &&
    for j in 1 2; do
        pack_blocked $j && echo 1 >want_rc && test_cmp want_rc rc &&
        grep -q "ex.jsonl:50: field .targets." err && ! grep -q "block-00001" err || return 1
    done
'

test_done
