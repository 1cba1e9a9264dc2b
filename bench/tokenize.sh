#!/usr/bin/env bash
# bench/tokenize.sh: tokenizer speed, side by side on one Flan-like corpus built from
# ../shared/data: spm_encode (the CLI), the library path (a bare loop over the shim:
# libsentencepiece's own ceiling from C) and flanmix's fast path, on 1 and 2 threads.
# Prints MB/s (of text) and tokens/s, medians of RUNS runs (default 5), and the ratio
# to the library path on the same thread count. Timing only: never part of the tests.
#
#   bench/tokenize.sh [--runs N] [--model PATH]
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${FM_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
RUNS=5
MODEL=$SHARED/models/t5/spiece.model
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --model) MODEL=$2; shift 2 ;;
        *) echo "usage: bench/tokenize.sh [--runs N] [--model PATH]" >&2; exit 2 ;;
    esac
done
if [ ! -d "$SHARED/data" ]; then
    echo "bench/tokenize.sh: ../shared is MISSING ($SHARED): benchmark NOT RUN" >&2
    exit 1
fi
B=$ROOT/bin/flanmix-bench-tokenize
[ -x "$B" ] || make -s all
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fm-bench-tok.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

/usr/bin/python3 "$ROOT/bench/make_flan_lines.py" "$SHARED" "$TMP/corpus.txt"
BYTES=$(wc -c <"$TMP/corpus.txt")
LINES=$(wc -l <"$TMP/corpus.txt")
# Halves for two spm_encode processes.
split -n l/2 -d "$TMP/corpus.txt" "$TMP/half."
TOKENS=$(spm_encode --model="$MODEL" --output_format=id <"$TMP/corpus.txt" | wc -w)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

spm_time() { # threads
    local t0 t1
    for _ in $(seq "$RUNS"); do
        t0=$(now)
        if [ "$1" = 1 ]; then
            spm_encode --model="$MODEL" --output_format=id <"$TMP/corpus.txt" >/dev/null
        else
            spm_encode --model="$MODEL" --output_format=id <"$TMP/half.00" >/dev/null &
            spm_encode --model="$MODEL" --output_format=id <"$TMP/half.01" >/dev/null
            wait
        fi
        t1=$(now)
        echo "$t1 - $t0" | bc -l
    done | median
}

printf 'tokenizer benchmark: %s lines, %.1f MB of Flan-like text, %s tokens (model %s), median of %s runs\n' \
    "$LINES" "$(echo "$BYTES / 1000000" | bc -l)" "$TOKENS" "$(basename "$MODEL")" "$RUNS"
printf '%-28s %7s %9s %12s %10s\n' "path" threads "MB/s" "tokens/s" "x library"
declare -A LIB LIBTOK
for th in 1 2; do
    read -r _ _ lmb ltok < <("$B" speed --model "$MODEL" --mode library -j "$th" --runs "$RUNS" "$TMP/corpus.txt")
    LIB[$th]=$lmb
    LIBTOK[$th]=$ltok
done
for th in 1 2; do
    s=$(spm_time "$th")
    mb=$(echo "$BYTES / $s / 1000000" | bc -l)
    printf '%-28s %7s %9.2f %12.0f %10.2f\n' "spm_encode (CLI)" "$th" "$mb" "$(echo "$TOKENS / $s" | bc -l)" \
        "$(echo "$mb / ${LIB[$th]}" | bc -l)"
done
for th in 1 2; do
    printf '%-28s %7s %9.2f %12.0f %10.2f\n' "library (shim loop)" "$th" "${LIB[$th]}" "${LIBTOK[$th]}" 1
done
for th in 1 2; do
    read -r _ _ mb tok < <("$B" speed --model "$MODEL" --mode fast -j "$th" --runs "$RUNS" "$TMP/corpus.txt")
    printf '%-28s %7s %9.2f %12.0f %10.2f\n' "flanmix fast path" "$th" "$mb" "$tok" "$(echo "$mb / ${LIB[$th]}" | bc -l)"
done
echo "(fast path: cold word cache at the start of every run; x library: against the library row of the same thread count)"
