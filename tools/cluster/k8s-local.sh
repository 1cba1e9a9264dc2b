#!/usr/bin/env bash
# k8s-local.sh: run the container command of k8s-indexed-job.yaml for every index in
# local processes (as Kubernetes would in N pods), stage by stage with the merge between,
# against a local directory standing in for the /data volume.
#
#   tools/cluster/k8s-local.sh N DATA_DIR
# DATA_DIR must hold mixture.json, tasks/ and spiece.model, like the volume; output goes
# to DATA_DIR/out.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 N DATA_DIR" >&2; exit 2; }
N=$1 DATA=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
stage_dir() { case $1 in tokenize) echo tokens ;; pack) echo shards ;; *) echo "$1" ;; esac; }
for stage in ingest format mix tokenize pack; do
    # the Job's container args, with @STAGE@/@N@ substituted and /data mapped to DATA
    cmd=$(sed -n '/^            - >-/,/^          volumeMounts/p' "$here/k8s-indexed-job.yaml" | sed '1d;$d' |
          tr -s ' \n' ' ' | sed -e "s/@STAGE@/$stage/g" -e "s/@N@/$N/g" -e "s#/data#$DATA#g")
    pids=()
    for i in $(seq 0 $((N - 1))); do
        JOB_COMPLETION_INDEX=$i sh -c "$cmd" & pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    flanmix merge "$DATA/out/$(stage_dir "$stage")"
done
flanmix build "$DATA/mixture.json" -o "$DATA/out" --tasks "$DATA/tasks" --model "$DATA/spiece.model" -q
