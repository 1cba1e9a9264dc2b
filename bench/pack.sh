#!/usr/bin/env bash
# bench/pack.sh: cost of packing + writing on top of tokenization, peak memory as the input
# grows tenfold, and packing efficiency (best-fit vs next-fit) on the demo and CoT data.
#   overhead = (pack+write - tokenize-only) / tokenize-only
# in CPU seconds (user+sys: what the machine pays, and what is stable on a shared machine)
# and in wall seconds, medians of RUNS runs (default 3; env RUNS), where tokenize-only is the
# same command with --tokenize-only (read, parse, tokenize, no packing, no output).
# Target: overhead < 10%; peak RSS flat between 1x and 10x input.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${FM_SHARED:-$ROOT/../shared}
PY=/usr/bin/python3
MODEL=$SHARED/models/t5/spiece.model
W=$(mktemp -d "${TMPDIR:-/tmp}/fm-bench-pack.XXXXXX")
trap 'rm -rf "$W"' EXIT
PACK="$ROOT/bin/flanmix-pack -q"

$PY tests/e2e/pack/cot_examples.py "$SHARED/data/cot" 0 1 >"$W/cot1.jsonl"
$PY tests/e2e/pack/cot_examples.py "$SHARED/data/cot" 0 10 >"$W/cot10.jsonl"
mb1=$(du -m "$W/cot1.jsonl" | cut -f1); mb10=$(du -m "$W/cot10.jsonl" | cut -f1)
echo "input: CoT (all 7 files) as formatted examples: 1x = $(wc -l <"$W/cot1.jsonl") examples (${mb1} MB), 10x = $(wc -l <"$W/cot10.jsonl") (${mb10} MB)"

RUNS=${RUNS:-3}
# median over RUNS runs of: wall seconds, CPU seconds (user+sys), peak RSS (KB): "wall cpu rss"
measure() {
    : >"$W/runs"
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
        cat "$W/time" >>"$W/runs"
    done
    $PY -c '
import statistics as st, sys
r = [list(map(float, l.split())) for l in open(sys.argv[1])]
print("%.2f %.2f %d" % (st.median(x[0] for x in r), st.median(x[1] + x[2] for x in r), max(x[3] for x in r)))' "$W/runs"
}
pct() { echo "scale=1; 100 * ($2 - $1) / $1" | bc; }

ARGS="--layout prefixlm --seq-len 2048 --model $MODEL"
echo "(medians of $RUNS runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
printf "%-6s %-3s %-9s %21s %21s %9s %9s\n" input -j format "tokenize-only s" "pack+write s" "CPU +%" "wall +%"
printf "%-6s %-3s %-9s %10s %10s %10s %10s\n" "" "" "" wall CPU wall CPU
row() { # x j format
    read -r w0 c0 r0 < <(measure $PACK -j$2 $ARGS --format mds --tokenize-only -o "$W/t" "$W/cot$1.jsonl")
    read -r w1 c1 r1 < <(measure $PACK -j$2 $ARGS --format $3 -o "$W/o$3" "$W/cot$1.jsonl")
    printf "%-6s %-3s %-9s %10s %10s %10s %10s %8s%% %8s%%\n" "$1x" "$2" "$3" "$w0" "$c0" "$w1" "$c1" "$(pct $c0 $c1)" "$(pct $w0 $w1)"
}
for j in 1 2; do row 1 $j mds; done
for f in jsonl megatron; do row 1 2 $f; done

echo
echo "peak RSS (-j2, /usr/bin/time -v 'Maximum resident set size', KB):"
printf "  %-9s %10s %10s\n" format 1x 10x
for f in mds jsonl megatron; do
    rss=""
    for x in 1 10; do
        /usr/bin/time -v $PACK -j2 $ARGS --format $f -o "$W/rss$f$x" "$W/cot$x.jsonl" 2>"$W/v" >/dev/null
        rss="$rss $(grep 'Maximum resident' "$W/v" | awk '{print $NF}')"
        rm -rf "$W/rss$f$x"
    done
    printf "  %-9s %10s %10s\n" $f $rss
done

echo
echo "packing efficiency (non-pad fraction), window 10000:"
for algo in bfd nextfit; do
    $PACK -j2 --layout prefixlm --seq-len 2048 --model "$MODEL" --format mds --algo $algo -o "$W/e$algo" "$W/cot1.jsonl"
    printf "  CoT  prefixlm L=2048     %-8s %s\n" "$algo" "$("$ROOT/bin/flanmix" inspect --stats "$W/e$algo" | grep efficiency)"
    $PACK -j2 --layout encdec --inputs-len 2048 --targets-len 512 --model "$MODEL" --format mds --algo $algo -o "$W/f$algo" "$W/cot1.jsonl"
    printf "  CoT  encdec 2048/512     %-8s %s\n" "$algo" "$("$ROOT/bin/flanmix" inspect --stats "$W/f$algo" | grep efficiency)"
done
if "$ROOT/bin/flanmix" demo -q -o "$W/demo" >/dev/null 2>&1; then
    DT=$(ls -d "$W"/demo/tokens 2>/dev/null)
    DM=$(ls "$W"/demo/model/*.model | head -1)
    for algo in bfd nextfit; do
        $PACK --layout prefixlm --seq-len 1024 --model "$DM" --format mds --algo $algo -o "$W/d$algo" "$DT"
        printf "  demo prefixlm L=1024     %-8s %s\n" "$algo" "$("$ROOT/bin/flanmix" inspect --stats "$W/d$algo" | grep efficiency)"
        $PACK --layout encdec --inputs-len 1024 --targets-len 256 --model "$DM" --format mds --algo $algo -o "$W/g$algo" "$DT"
        printf "  demo encdec 1024/256     %-8s %s\n" "$algo" "$("$ROOT/bin/flanmix" inspect --stats "$W/g$algo" | grep efficiency)"
    done
else
    echo "  demo: flanmix demo failed; not measured"
fi
