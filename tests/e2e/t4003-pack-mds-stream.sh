#!/usr/bin/env bash
# MDS shards are compressed while they fill (docs/performance.md): every compressed shard
# must be ONE zstd frame carrying its content size, whose content is a well-formed MDS shard
# (count, offsets, config) holding the same samples as the uncompressed run (--zstd-level -1),
# with index.json's samples and byte counts agreeing; for full shards and for the short last
# shard of every block, whatever the shard size (down to one sample per shard) and -j.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
N=900 B=350; [ "$FM_VARIANT" = san ] && N=300 B=100

# Tokenized prefixlm examples with ids in [3, 500), EOS 1, of varying lengths.
cat >"$TRASH/gen.py" <<'PYEOF'
import sys
n = int(sys.argv[1]); x = 12345
for i in range(n):
    x = (x * 1103515245 + 12345) % (1 << 31); a = 2 + x % 23
    x = (x * 1103515245 + 12345) % (1 << 31); b = 2 + x % 17
    ids = []
    for k in range(a + b):
        x = (x * 1103515245 + 12345) % (1 << 31); ids.append(3 + x % 497)
    print('{"inputs": %s, "targets": %s}' % (ids[:a] + [1], ids[a:] + [1]))
PYEOF
$PY "$TRASH/gen.py" $N >"$TRASH/tok.jsonl"
T=$TRASH/tok.jsonl

ARGS="--layout prefixlm --seq-len 64 --format mds --vocab-size 500 --eos-id 1 --pad-id 0"
# One sample: 64 * (1 + 2 + 2 + 2) = 448 bytes (+4 in the running size).
for sb in 1 1500 5000 100000; do
    test_expect_success "shard-bytes $sb: one frame with content size, same samples as uncompressed" '
        flanmix-pack -q -j1 $ARGS --block $B --shard-bytes '$sb' --zstd-level -1 -o raw $T &&
        flanmix-pack -q -j1 $ARGS --block $B --shard-bytes '$sb' -o z1 $T &&
        flanmix-pack -q -j2 $ARGS --block $B --shard-bytes '$sb' -o z2 $T &&
        diff -r z1 z2 &&
        (cd raw && find . -name "shard.*.mds" | sort) >r &&
        (cd z1 && find . -name "shard.*.mds.zstd" | sed "s/\.zstd\$//" | sort) >z &&
        test_cmp r z &&
        test $(wc -l <r) -ge 3 &&
        $PY -c "
import json, struct, zstandard
def parts(b):  # (n, offsets, config, samples) of a raw MDS shard
    n = struct.unpack_from(\"<I\", b, 0)[0]
    off = struct.unpack_from(\"<%dI\" % (n + 1), b, 4)
    return n, off, b[4 + 4 * (n + 1):off[0]], b[off[0]:]
for rel in open(\"r\").read().split():
    raw = open(\"raw/\" + rel, \"rb\").read()
    comp = open(\"z1/\" + rel + \".zstd\", \"rb\").read()
    d = zstandard.ZstdDecompressor().decompress(comp)
    assert zstandard.frame_content_size(comp) == len(d), rel
    n, off, cfg, smp = parts(d)
    rn, roff, rcfg, rsmp = parts(raw)
    assert n == rn and smp == rsmp, rel          # same samples as the uncompressed run
    assert off[-1] == len(d) and all(off[i + 1] - off[i] == 448 for i in range(n)), rel
    assert json.loads(cfg)[\"compression\"] == \"zstd\" and json.loads(rcfg)[\"compression\"] is None
    sub = rel.split(\"/\")[1]
    ent = [e for e in json.load(open(\"z1/\" + sub + \"/index.json\"))[\"shards\"]
           if e[\"raw_data\"][\"basename\"] == rel.split(\"/\")[2]][0]
    assert ent[\"samples\"] == n and ent[\"raw_data\"][\"bytes\"] == len(d), rel
    assert ent[\"zip_data\"][\"bytes\"] == len(comp), rel
"
    '
done

test_expect_success '--zstd-window-log: recorded in the manifest (default 23), same samples whatever the window' '
    flanmix-pack -q -j1 $ARGS --block $B --shard-bytes 5000 -o wd $T &&
    flanmix-pack -q -j1 $ARGS --block $B --shard-bytes 5000 --zstd-window-log 0 -o w0 $T &&
    flanmix-pack -q -j1 $ARGS --block $B --shard-bytes 5000 --zstd-window-log 10 -o w10 $T &&
    $PY -c "
import json, sys
for d, want in ((\"wd\", 23), (\"w0\", 0), (\"w10\", 10)):
    assert json.load(open(d + \"/manifest.json\"))[\"settings\"][\"zstd_window_log\"] == want, d
" &&
    for d in wd w0 w10; do
        (cd $d && for f in $(find . -name "shard.*.mds.zstd" | sort); do echo $f; zstd -qdc $f | od -An -tx1; done) >$d.txt || return 1
    done &&
    test_cmp wd.txt w0.txt && test_cmp wd.txt w10.txt &&
    test_must_fail flanmix-pack -q $ARGS --zstd-window-log 5 -o bad $T 2>err &&
    grep -q "zstd-window-log" err &&
    flanmix-pack -q -j1 $ARGS --format mds --zstd-level -1 -o raw0 $T &&
    ! grep -q zstd_window_log raw0/manifest.json
'

test_done
