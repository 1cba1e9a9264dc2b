#!/usr/bin/env bash
# bench/format.sh: zero-shot formatting throughput of `flanmix format` on one core.
# Prints "format zs_opt: X MB/s of examples (N examples, B bytes uncompressed, T s)".
# Target: >= 200 MB/s of output (uncompressed example lines, zstd writing included).
# Env: FM_BENCH_RECORDS (default 200000), FM_BIN (default <repo>/bin), FM_ZSTD_LEVEL (format's
# --zstd-level; default: format's own default).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${FM_BIN:-$ROOT/bin}
N=${FM_BENCH_RECORDS:-200000}
W=$(mktemp -d "${TMPDIR:-/tmp}/fm-bench-format.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/templates" "$W/in/records/bench"
cat >"$W/templates/bench.tpl" <<'EOT'
zero_shot
    inputs  "{premise}\n\nQuestion: does this imply that \"{hypothesis}\"?\n\n{options_}"
    targets "{answer}"
zero_shot
    inputs  "Passage: {premise}\nStatement: {hypothesis}\nTrue or not?\n{options_}"
    targets "{answer}"
EOT
cp "$ROOT/templates/option_styles.json" "$W/templates/" 2>/dev/null || true
echo '{"task":"bench","templates":"bench","kind":"flan","fields":["premise","hypothesis","options","answer"],"options_field":"options","answer_field":"answer"}' \
    >"$W/in/records/bench/meta.json"
python3 - "$N" >"$W/in/records/bench/part-00000.jsonl" <<'EOT'
import json, random, sys
random.seed(1)
words = "the a river city model data small large quick report under over with number".split()
for i in range(int(sys.argv[1])):
    p = " ".join(random.choice(words) for _ in range(90))
    h = " ".join(random.choice(words) for _ in range(12))
    print(json.dumps({"id": f"bench:b.jsonl:{i+1}", "task": "bench", "hash": "0",
                      "fields": {"premise": p, "hypothesis": h, "options": ["yes", "no"],
                                 "answer": random.choice(["yes", "no"])}}))
EOT
zstd -q --rm "$W/in/records/bench/part-00000.jsonl"
# An ingest-style manifest.json listing the part file, as real ingest output has: format takes
# the record count from it (size and XXH3 checked) instead of decompressing the file twice.
PART="$W/in/records/bench/part-00000.jsonl.zst"
if command -v xxhsum >/dev/null; then
    H=$(xxhsum -H3 "$PART" | sed 's/.*= //')
    printf '{"flanmix_manifest":1,"stage":"ingest","settings":{},"inputs":[],"outputs":[{"path":"records/bench/part-00000.jsonl.zst","bytes":%s,"xxh3":"%s","records":%s}],"counts":{}}\n' \
        "$(stat -c %s "$PART")" "$H" "$N" >"$W/in/manifest.json"
fi
LEVEL=()
[ -n "${FM_ZSTD_LEVEL:-}" ] && LEVEL=(--zstd-level "$FM_ZSTD_LEVEL")
for opt in deterministic random; do
    # wall time, and CPU time of the child (user + sys) from bash's `times` delta
    t0=$(date +%s.%N)
    cpu=$(python3 - "$BIN/flanmix-format" -q -j 1 --templates "$W/templates" --formats zs_opt --options $opt "${LEVEL[@]}" -o "$W/out-$opt" "$W/in" <<'EOP'
import os, subprocess, sys
# a delta: the children counted before this point are not format (e.g. a pyenv shim's own
# helper processes, run before it exec'd this python, count as children of this pid)
t0 = os.times()
subprocess.run(sys.argv[1:], check=True)
t = os.times()
print(t.children_user + t.children_system - t0.children_user - t0.children_system)
EOP
)
    t1=$(date +%s.%N)
    bytes=$(zstd -dcq "$W/out-$opt"/examples/bench/zs_opt/*.zst | wc -c)
    n=$(jq '.counts.formatted' "$W/out-$opt/manifest.json")
    awk -v b="$bytes" -v t0="$t0" -v t1="$t1" -v n="$n" -v o="$opt" -v c="$cpu" \
        'BEGIN { t = t1 - t0; printf "format zs_opt (%s options): %.1f MB/s of examples per CPU second, %.1f MB/s wall (%d examples, %d bytes uncompressed, %.2f s CPU, %.2f s wall incl. fsync)\n", o, b / c / 1e6, b / t / 1e6, n, b, c, t }'
done
