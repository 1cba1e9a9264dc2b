#!/usr/bin/env bash
# bench/e2e.sh: end to end, formatted JSON Lines in -> packed zstd shards out, side by side
# on the same input: ../shared/bench/py_baseline.py (what a Python user writes, with
# Debian's python3; one string at a time and its --batch 1000 --threads 2 variant),
# spm_encode (tokenizing only), and flanmix pack --model (MDS shards, best-fit packing)
# with the library tokenizer path and with the fast path, on 1 and 2 threads.
# Also libsentencepiece's own ceiling from C (a bare loop over the shim, tokenizing only).
# One table: MB/s of input, CPU seconds (user+sys) and CPU ns per byte, tokens/s, ratio to
# py_baseline, peak RSS, packing efficiency, and the overhead of packing+writing over
# `pack --tokenize-only` (wall and CPU); medians of RUNS runs. Then peak RSS of flanmix pack
# on 1x, 10x and 20x the input. Targets (issues #5, #7): e2e >= 6x py_baseline and >= 60 MB/s
# on 2 cores, fast path >= 3x the library path on one thread, pack overhead < 10%, peak
# RSS < 300 MB and flat from 1x to 10x.
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

# run_timed CMD...: RUNS runs; prints the medians (each column on its own) of
# "wall_seconds cpu_seconds(user+sys) peak_rss_kb"
run_timed() {
    for _ in $(seq "$RUNS"); do
        rm -rf "$TMP/out"; mkdir -p "$TMP/out"
        /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; return 1; }
        awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$TMP/time"
    done | awk '{w[NR]=$1; c[NR]=$2; m[NR]=$3}
        function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                       return a[int((n + 1) / 2)] }
        END { print med(w, NR), med(c, NR), med(m, NR) }'
}
mb() { echo "$BYTES / 1000000" | bc -l; }

printf 'end-to-end benchmark: %s examples, %.1f MB of formatted JSON Lines (%sx a quarter of the shared NIV2+CoT data in 3 formats),\n' \
    "$LINES" "$(mb)" "$COPIES"
printf '%s tokens with EOS (T5 model); medians of %s runs; %s cores; %s\n' "$TOKENS" "$RUNS" "$(nproc)" "$(uptime | sed 's/.*load/load/')"
printf 'flanmix rows: pack --model --layout prefixlm --seq-len 2048 --format mds (best-fit, zstd-3 MDS shards)\n\n'
HDR='%-42s %7s %7s %11s %8s %8s %8s %7s %14s\n'
printf "$HDR" "pipeline" "MB/s" "CPU s" "tokens/s" "x py" "CPU ns/B" "RSS MB" "fill" "pack overhead"
printf "$HDR" "" "(wall)" "" "(wall)" "(wall)" "" "(peak)" "" "wall / CPU"
PY_BASE=
row() { # name wall cpu rss_kb fill overhead
    local mbs tps ratio
    mbs=$(echo "$BYTES / $2 / 1000000" | bc -l)
    tps=$(echo "$TOKENS / $2" | bc -l)
    [ -z "$PY_BASE" ] && PY_BASE=$2
    ratio=$(echo "$PY_BASE / $2" | bc -l)
    printf '%-42s %7.1f %7.2f %11.0f %8.2f %8.1f %8.1f %7s %14s\n' "$1" "$mbs" "$3" "$tps" "$ratio" \
        "$(echo "$3 * 1000000000 / $BYTES" | bc -l)" "$(echo "$4 / 1024" | bc -l)" "$5" "$6"
}
pct() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%+.0f%%", 100 * ($1 - $2) / $2; else printf "?" }'; }
PY=$SHARED/bench/py_baseline.py
read -r w c m < <(run_timed /usr/bin/python3 "$PY" --model "$MODEL" --out "$TMP/out/py" "$TMP/in.jsonl")
row "py_baseline.py (1 string at a time)" "$w" "$c" "$m" "-" "-"
read -r w c m < <(run_timed /usr/bin/python3 "$PY" --model "$MODEL" --batch 1000 --threads 2 --out "$TMP/out/py" "$TMP/in.jsonl")
row "py_baseline.py --batch 1000 --threads 2" "$w" "$c" "$m" "-" "-"
read -r w c m < <(run_timed sh -c "spm_encode --model='$MODEL' --output_format=id <'$TMP/text.txt' >/dev/null")
row "spm_encode (tokenize only, 1 thread)" "$w" "$c" "$m" "-" "-"
# libsentencepiece's own ceiling from C: a bare loop over the shim on the same texts (no JSON,
# no packing, no output); bench-tokenize reports MB/s of its text, converted here to the
# JSON Lines bytes that carry it.
TEXTB=$(stat -c %s "$TMP/text.txt")
for j in 1 2; do
    read -r _ _ lmb _ < <(flanmix bench-tokenize speed --model "$MODEL" --mode library -j "$j" --runs "$RUNS" "$TMP/text.txt")
    w=$(echo "$TEXTB / ($lmb * 1000000)" | bc -l)
    printf '%-42s %7.1f %7s %11.0f %8.2f %8s %8s %7s %14s\n' "library ceiling: shim loop, -j $j" \
        "$(echo "$BYTES / $w / 1000000" | bc -l)" - "$(echo "$TOKENS / $w" | bc -l)" "$(echo "$PY_BASE / $w" | bc -l)" - - - -
done
fill() { /usr/bin/python3 -c '
import json,sys; c=json.load(open(sys.argv[1]))["counts"]
slots=c.get("decoder_slots",0)+c.get("encoder_slots",0) or c.get("slots",0); toks=c.get("decoder_tokens",0)+c.get("encoder_tokens",0) or c.get("tokens",0)
print("%.1f%%" % (100.0*toks/slots) if slots else "?")' "$TMP/out/p/manifest.json"; }
PACKARGS=(--layout prefixlm --seq-len 2048 --format mds)
for path in library fast; do
    for j in 1 2; do
        extra=(); [ $path = library ] && extra=(--no-fast-tokenizer)
        read -r tw tc _ < <(run_timed flanmix pack -q --model "$MODEL" "${extra[@]}" -j "$j" "${PACKARGS[@]}" \
            --tokenize-only -o "$TMP/out/t" "$TMP/in.jsonl")
        read -r w c m < <(run_timed flanmix pack -q --model "$MODEL" "${extra[@]}" -j "$j" "${PACKARGS[@]}" \
            -o "$TMP/out/p" "$TMP/in.jsonl")
        flanmix pack -q --model "$MODEL" "${extra[@]}" -j "$j" "${PACKARGS[@]}" -o "$TMP/out/p" "$TMP/in.jsonl" >/dev/null 2>&1
        row "flanmix pack, $path tokenizer, -j $j" "$w" "$c" "$m" "$(fill)" "$(pct "$w" "$tw") / $(pct "$c" "$tc")"
    done
done
cat <<'EOF2'

MB/s, tokens/s and x py: of the formatted JSON Lines input, wall clock (x py: against the first row).
CPU s: user+sys seconds of the whole process; CPU ns/B: the same per input byte (steadier than wall
clock on a busy machine). fill: non-pad fraction of the packed rows. pack overhead: the same command
against `flanmix pack --tokenize-only` (read, parse, tokenize; no packing, no output), in wall time /
in CPU time. -j N: N tokenizer threads; reading, packing and writing run on three more threads beside them.
The library-ceiling rows tokenize the bare texts (bench-tokenize speed), rated by the JSON bytes.
EOF2

# ---- memory: 1x, 10x and 20x the input -------------------------------------------------
# The 1x corpus is 3.3 windows long; the pipeline holds up to two windows of ids (one being
# written, one being filled) plus batches parsed ahead, a steady state that longer inputs
# reach: 20x (the 10x file given twice) shows whether memory still grows after 10x.
for _ in $(seq 10); do cat "$TMP/in.jsonl"; done >"$TMP/in10.jsonl"
rss() { /usr/bin/time -f "%M" -o "$TMP/time" flanmix pack -q --model "$MODEL" -j 2 "${PACKARGS[@]}" \
        -o "$TMP/out/r" "$@" >/dev/null 2>&1; rm -rf "$TMP/out/r"; cat "$TMP/time"; }
r1=$(rss "$TMP/in.jsonl"); r10=$(rss "$TMP/in10.jsonl"); r20=$(rss "$TMP/in10.jsonl" "$TMP/in10.jsonl")
printf '\npeak RSS of flanmix pack -j 2 (fast path): %.1f MB on %.0f MB of input, %.1f MB on %.0f MB (10x), %.1f MB on %.0f MB (20x)\n' \
    "$(echo "$r1 / 1024" | bc -l)" "$(mb)" "$(echo "$r10 / 1024" | bc -l)" "$(echo "$BYTES * 10 / 1000000" | bc -l)" \
    "$(echo "$r20 / 1024" | bc -l)" "$(echo "$BYTES * 20 / 1000000" | bc -l)"
