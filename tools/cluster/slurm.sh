#!/usr/bin/env bash
# slurm.sh: submit a flanmix build as Slurm job arrays, one array per stage, each stage's
# merge as a dependent job, chained with afterok.
#
#   tools/cluster/slurm.sh N OUTDIR MIXTURE.json [flanmix build options...]
#
# OUTDIR must be on a file system every node sees. Each array task runs
#   flanmix build MIXTURE -o OUTDIR ... --stage STAGE --part $SLURM_ARRAY_TASK_ID/N
# and the merge job runs `flanmix merge OUTDIR/<stage dir>`. Set SBATCH_OPTS for the
# partition, time and memory of your cluster. With SLURM_DRY_RUN=1 nothing is submitted:
# the commands each job would run are printed (the tests run them in local processes).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 N OUTDIR MIXTURE.json [build options...]" >&2; exit 2; }
N=$1 OUT=$2 MIX=$3
shift 3
FLANMIX=${FLANMIX:-flanmix}
stage_dir() { case $1 in tokenize) echo tokens ;; pack) echo shards ;; *) echo "$1" ;; esac; }
q() { printf '%q ' "$@"; }
dep=
for stage in ingest format mix tokenize pack; do
    part_cmd="$(q "$FLANMIX" build "$MIX" -o "$OUT" "$@" --stage "$stage") --part \$SLURM_ARRAY_TASK_ID/$N -q"
    merge_cmd="$(q "$FLANMIX" merge "$OUT/$(stage_dir "$stage")")"
    if [ "${SLURM_DRY_RUN:-0}" = 1 ]; then
        for i in $(seq 0 $((N - 1))); do echo "SLURM_ARRAY_TASK_ID=$i $part_cmd"; done
        echo "$merge_cmd"
        continue
    fi
    jid=$(sbatch --parsable ${SBATCH_OPTS:-} ${dep:+--dependency=afterok:$dep} --array=0-$((N - 1)) \
          --job-name="flanmix-$stage" --wrap="$part_cmd")
    dep=$(sbatch --parsable ${SBATCH_OPTS:-} --dependency=afterok:"$jid" --job-name="flanmix-merge-$stage" \
          --wrap="$merge_cmd")
    echo "submitted $stage: array $jid, merge $dep"
done
final="$(q "$FLANMIX" build "$MIX" -o "$OUT" "$@") -q"
if [ "${SLURM_DRY_RUN:-0}" = 1 ]; then echo "$final"; else
    sbatch --parsable ${SBATCH_OPTS:-} --dependency=afterok:"$dep" --job-name=flanmix-finish --wrap="$final"
fi
