#!/usr/bin/env bash
# run-parts.sh: build a mixture in N parts per stage on ONE host, with GNU parallel if it
# is installed (else xargs -P), merging each stage before the next starts.
#
#   tools/cluster/run-parts.sh N OUTDIR MIXTURE.json [flanmix build options...]
#
# The result is byte-identical to `flanmix build MIXTURE.json -o OUTDIR ...` run in one
# process. The same per-stage commands are what the Slurm and Kubernetes recipes run on
# many machines (slurm.sh, k8s-indexed-job.yaml); only the launcher differs.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 N OUTDIR MIXTURE.json [build options...]" >&2; exit 2; }
N=$1 OUT=$2 MIX=$3
shift 3
FLANMIX=${FLANMIX:-flanmix}
stage_dir() { case $1 in tokenize) echo tokens ;; pack) echo shards ;; *) echo "$1" ;; esac; }
for stage in ingest format mix tokenize pack; do
    if command -v parallel >/dev/null 2>&1; then
        seq 0 $((N - 1)) | parallel --halt now,fail=1 "$FLANMIX" build "$MIX" -o "$OUT" "$@" --stage "$stage" --part {}/"$N" -q
    else
        seq 0 $((N - 1)) | xargs -P "$N" -I{} "$FLANMIX" build "$MIX" -o "$OUT" "$@" --stage "$stage" --part {}/"$N" -q
    fi
    "$FLANMIX" merge "$OUT/$(stage_dir "$stage")"
done
# Every stage is complete now: this only verifies them and writes the build manifest.
"$FLANMIX" build "$MIX" -o "$OUT" "$@" -q
