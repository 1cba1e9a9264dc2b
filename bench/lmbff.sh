#!/usr/bin/env bash
# bench/lmbff.sh: LM-BFF demonstration selection speed (docs/lmbff.md).
# Builds a synthetic SST-2-like task: a pool of $POOL (default 100,000) labelled sentences
# and $QUERIES (default 20,000) query sentences, words drawn from a Zipf(1.1) vocabulary of
# 30,000 words, 8 to 40 words each (no stop-word removal: the commonest words are in most
# sentences, the hard case for an inverted index). Then runs `flanmix lmbff` with similar
# (BM25) demonstrations, and balanced for comparison, and reports queries per second of the
# selection alone (flanmix-lmbff's timing line, per CPU second so that a busy machine does
# not distort it) and the wall time of the whole command.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${FM_BIN:-$ROOT/bin}
POOL=${POOL:-100000}
QUERIES=${QUERIES:-20000}
W=$(mktemp -d "${TMPDIR:-/tmp}/fm-bench-lmbff.XXXXXX")
trap 'rm -rf "$W"' EXIT

python3 - "$W" "$POOL" "$QUERIES" <<'PY'
import json, os, random, sys, bisect, itertools
w, npool, nq = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(1234)
V = 30000
weights = [1.0 / (r ** 1.1) for r in range(1, V + 1)]
cum = list(itertools.accumulate(weights))
syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "fe"]
vocab = []
for r in range(V):
    n, s = r, ""
    while True:
        s += syll[n % 12]; n //= 12
        if n == 0: break
    vocab.append(s)
def sentence():
    n = rnd.randint(8, 40)
    return " ".join(vocab[bisect.bisect_left(cum, rnd.random() * cum[-1])] for _ in range(n))
for name, n in (("pool", npool), ("queries", nq)):
    d = os.path.join(w, name, "records", "syn")
    os.makedirs(d)
    with open(os.path.join(d, "part-00000.jsonl"), "w") as f:
        for i in range(n):
            lab = "positive" if rnd.random() < 0.5 else "negative"
            f.write(json.dumps({"id": "syn:%s.jsonl:%d" % (name, i + 1), "task": "syn",
                                "hash": "0" * 16,
                                "fields": {"sentence": sentence(), "label": lab}},
                               separators=(",", ":")) + "\n")
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump({"task": "syn", "kind": "plain", "fields": ["sentence", "label"],
                   "options_field": None, "answer_field": "label"}, f)
PY

for mode in similar balanced; do
    printf '%s\n' '{"label_words": {"negative": "terrible", "positive": "great"},' \
        ' "templates": [{"inputs": "{sentence} It was {_mask} .", "targets": "{_label_word}"}],' \
        " \"demos\": {\"mode\": \"$mode\"}}" >"$W/c.json"
    t0=$(date +%s.%N)
    "$BIN/flanmix-lmbff" --config "$W/c.json" --pool "$W/pool" -o "$W/out-$mode" "$W/queries" 2>"$W/log"
    t1=$(date +%s.%N)
    sel=$(sed -nE 's/.*chosen in ([0-9.]+) s wall, ([0-9.]+) s CPU \(([0-9]+) queries per CPU second\).*/\3/p' "$W/log")
    awk -v m="$mode" -v p="$POOL" -v q="$QUERIES" -v s="$sel" -v t0="$t0" -v t1="$t1" 'BEGIN {
        printf "lmbff %-9s pool %d, %d queries: selection %s queries per CPU second; whole command %.2f s (%.0f queries/s with loading, indexing, rendering, zstd)\n", m, p, q, s, t1 - t0, q / (t1 - t0) }'
done
