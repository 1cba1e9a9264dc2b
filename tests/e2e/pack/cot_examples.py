#!/usr/bin/python3
"""Formatted examples (contracts.md section 2) from the CoT TSVs of ../shared, for tests and
benchmarks: inputs = question, targets = rationale + " So the answer is " + answer.
usage: cot_examples.py COT_DIR [MAX_PER_FILE] [REPEAT]"""
import glob, json, os, sys

d = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
out = sys.stdout
for r in range(repeat):
    for path in sorted(glob.glob(os.path.join(d, "*.tsv"))):
        task = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if limit and i >= limit:
                    break
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 3:
                    continue
                q, a, why = cols[0], cols[1], cols[2]
                ex = {"id": "%s:%d/zs_opt/%d" % (task, i + 1, r), "task": task, "format": "zs_opt", "template": 0,
                      "inputs": q, "targets": "%s So the answer is %s." % (why, a)}
                out.write(json.dumps(ex, ensure_ascii=False) + "\n")
