#!/usr/bin/env bash
# bench/e2e.sh: end to end, formatted JSON Lines in -> packed zstd shards out, side by side
# on the same input: ../shared/bench/py_baseline.py (what a Python user writes, with
# Debian's python3; one string at a time and its --batch 1000 --threads 2 variant),
# spm_encode (tokenizing only), and flanmix pack --model (MDS shards, best-fit packing)
# with the library tokenizer path and with the fast path, on 1 and 2 threads.
# Reports MB/s of input, tokens/s, ratio to py_baseline, peak RSS, packing efficiency;
# medians of RUNS runs. Then peak RSS of flanmix pack on 1x and 10x the input (streaming).
#
#   bench/e2e.sh [--runs N] [--copies K]     (K: how many times the corpus is repeated)
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${FM_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
RUNS=3 COPIES=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --copies) COPIES=$2; shift 2 ;;
        *) echo "usage: bench/e2e.sh [--runs N] [--copies K]" >&2; exit 2 ;;
    esac
done
[ -d "$SHARED/data" ] || { echo "bench/e2e.sh: ../shared is MISSING ($SHARED): NOT RUN" >&2; exit 1; }
MODEL=$SHARED/models/t5/spiece.model
PATH=$ROOT/bin:$PATH
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fm-bench-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ---- a Flan-like corpus: the shared NIV2 and CoT data through flanmix's own formats ----
flanmix ingest -q --data-dir "$SHARED/data" -o "$TMP/ing" tasks/niv2/niv2.json \
    tasks/cot/cot_gsm8k.json tasks/cot/cot_strategyqa.json tasks/cot/cot_creak.json tasks/cot/cot_qasc.json \
    tasks/cot/cot_ecqa.json tasks/cot/cot_sensemaking.json tasks/cot/stream_aqua.json
flanmix format -q --formats zs_opt,fs_mix,fs_x -o "$TMP/fmt" "$TMP/ing"
# Every 4th example (all tasks and formats, a few seconds of work), without the few
# examples whose target is empty (flanmix refuses them; the baseline would train on EOS).
find "$TMP/fmt/examples" -name 'part-*.jsonl.zst' | LC_ALL=C sort | xargs zstd -qdc |
    /usr/bin/python3 -c '
import json, sys
for i, line in enumerate(sys.stdin):
    if i % 4 == 0 and json.loads(line)["targets"].strip():
        sys.stdout.write(line)' >"$TMP/once.jsonl"
for _ in $(seq "$COPIES"); do cat "$TMP/once.jsonl"; done >"$TMP/in.jsonl"
BYTES=$(stat -c %s "$TMP/in.jsonl")
LINES=$(wc -l <"$TMP/in.jsonl")
/usr/bin/python3 -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for line in f:
        e = json.loads(line)
        o.write(e["inputs"].replace("\n", " ") + "\n" + e["targets"].replace("\n", " ") + "\n")
' "$TMP/in.jsonl" "$TMP/text.txt"
TOKENS=$(spm_encode --model="$MODEL" --output_format=id <"$TMP/text.txt" | wc -w)
TOKENS=$((TOKENS + 2 * LINES)) # + EOS after inputs and targets

median() { sort -g | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
# run_timed NAME CMD...: RUNS runs; prints "seconds rss_kb" of the median run
run_timed() {
    local name=$1; shift
    for _ in $(seq "$RUNS"); do
        rm -rf "$TMP/out"; mkdir -p "$TMP/out"
        /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; return 1; }
        cat "$TMP/time"
    done | median
}

printf 'end-to-end benchmark: %s examples, %.1f MB of formatted JSON Lines (%sx a quarter of the shared NIV2+CoT data in 3 formats), %s tokens with EOS (T5 model), median of %s runs, %s cores\n' \
    "$LINES" "$(echo "$BYTES / 1000000" | bc -l)" "$COPIES" "$TOKENS" "$RUNS" "$(nproc)"
printf '%-44s %8s %8s %12s %9s %9s %6s\n' "pipeline" "seconds" "MB/s" "tokens/s" "x python" "RSS MB" "fill"
PY_BASE=
row() { # name seconds rss_kb fill
    local mbs tps ratio
    mbs=$(echo "$BYTES / $2 / 1000000" | bc -l)
    tps=$(echo "$TOKENS / $2" | bc -l)
    [ -z "$PY_BASE" ] && PY_BASE=$2
    ratio=$(echo "$PY_BASE / $2" | bc -l)
    printf '%-44s %8.2f %8.1f %12.0f %9.2f %9.1f %6s\n' "$1" "$2" "$mbs" "$tps" "$ratio" "$(echo "$3 / 1024" | bc -l)" "$4"
}
PY=$SHARED/bench/py_baseline.py
read -r s m < <(run_timed py /usr/bin/python3 "$PY" --model "$MODEL" --out "$TMP/out/py" "$TMP/in.jsonl")
row "py_baseline.py (1 string at a time)" "$s" "$m" "-"
read -r s m < <(run_timed pyb /usr/bin/python3 "$PY" --model "$MODEL" --batch 1000 --threads 2 --out "$TMP/out/py" "$TMP/in.jsonl")
row "py_baseline.py --batch 1000 --threads 2" "$s" "$m" "-"
read -r s m < <(run_timed spm sh -c "spm_encode --model='$MODEL' --output_format=id <'$TMP/text.txt' >/dev/null")
row "spm_encode (tokenize only, 1 thread)" "$s" "$m" "-"
fill() { /usr/bin/python3 -c '
import json,sys; c=json.load(open(sys.argv[1]))["counts"]
slots=c.get("decoder_slots",0)+c.get("encoder_slots",0) or c.get("slots",0); toks=c.get("decoder_tokens",0)+c.get("encoder_tokens",0) or c.get("tokens",0)
print("%.1f%%" % (100.0*toks/slots) if slots else "?")' "$TMP/out/p/manifest.json"; }
for j in 1 2; do
    for path in library fast; do
        extra=(); [ $path = library ] && extra=(--no-fast-tokenizer)
        read -r s m < <(run_timed "fm-$path-$j" flanmix pack -q --model "$MODEL" "${extra[@]}" -j "$j" \
            --layout prefixlm --seq-len 2048 --format mds -o "$TMP/out/p" "$TMP/in.jsonl")
        flanmix pack -q --model "$MODEL" "${extra[@]}" -j "$j" --layout prefixlm --seq-len 2048 --format mds \
            -o "$TMP/out/p" "$TMP/in.jsonl" >/dev/null 2>&1
        row "flanmix pack, $path tokenizer, -j $j" "$s" "$m" "$(fill)"
    done
done

# ---- memory: 1x versus 10x the input ---------------------------------------------------
for _ in $(seq 10); do cat "$TMP/in.jsonl"; done >"$TMP/in10.jsonl"
rss() { /usr/bin/time -f "%M" -o "$TMP/time" flanmix pack -q --model "$MODEL" -j 2 --layout prefixlm \
        --seq-len 2048 --format mds -o "$TMP/out/r" "$1" >/dev/null 2>&1; rm -rf "$TMP/out/r"; cat "$TMP/time"; }
r1=$(rss "$TMP/in.jsonl"); r10=$(rss "$TMP/in10.jsonl")
printf '\npeak RSS of flanmix pack -j 2: %.1f MB on %.0f MB of input, %.1f MB on %.0f MB (10x)\n' \
    "$(echo "$r1 / 1024" | bc -l)" "$(echo "$BYTES / 1000000" | bc -l)" "$(echo "$r10 / 1024" | bc -l)" \
    "$(echo "$BYTES * 10 / 1000000" | bc -l)"
