#!/usr/bin/env bash
# bench/pack.sh: cost of packing + writing on top of tokenization, peak memory as the input
# grows tenfold, and packing efficiency (best-fit vs next-fit) on the demo and CoT data.
#   overhead = (pack+write wall time - tokenize-only wall time) / tokenize-only wall time
# where tokenize-only is the same command with --tokenize-only (read, parse, tokenize, no
# packing, no output). Target: overhead < 10%; peak RSS flat between 1x and 10x input.
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

# wall seconds and peak RSS (KB) of a command: "secs rss"
measure() {
    /usr/bin/time -f "%e %M" -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
    cat "$W/time"
}

ARGS="--layout prefixlm --seq-len 2048 --model $MODEL"
echo
printf "%-8s %-4s %14s %14s %10s\n" input -j "tokenize-only" "pack+write" overhead
for j in 1 2; do
    for x in 1; do
        read -r t0 r0 < <(measure $PACK -j$j $ARGS --format mds --tokenize-only -o "$W/t" "$W/cot$x.jsonl")
        read -r t1 r1 < <(measure $PACK -j$j $ARGS --format mds -o "$W/o" "$W/cot$x.jsonl")
        printf "%-8s %-4s %13ss %13ss %9s%%\n" "${x}x" "$j" "$t0" "$t1" "$(echo "scale=1; 100 * ($t1 - $t0) / $t0" | bc)"
    done
done
for f in jsonl megatron; do
    read -r t0 r0 < <(measure $PACK -j2 $ARGS --format mds --tokenize-only -o "$W/t" "$W/cot1.jsonl")
    read -r t1 r1 < <(measure $PACK -j2 $ARGS --format $f -o "$W/o$f" "$W/cot1.jsonl")
    printf "%-8s %-4s %13ss %13ss %9s%%   (--format %s)\n" 1x 2 "$t0" "$t1" "$(echo "scale=1; 100 * ($t1 - $t0) / $t0" | bc)" "$f"
done

echo
echo "peak RSS (--format mds -j2, /usr/bin/time -v 'Maximum resident set size'):"
for x in 1 10; do
    /usr/bin/time -v $PACK -j2 $ARGS --format mds -o "$W/rss$x" "$W/cot$x.jsonl" 2>"$W/v" >/dev/null
    printf "  %3sx input: %8s KB\n" "$x" "$(grep 'Maximum resident' "$W/v" | awk '{print $NF}')"
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
