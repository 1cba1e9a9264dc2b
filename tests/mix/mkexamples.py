#!/usr/bin/env python3
"""Write a fake format-stage output directory for mixing tests.

    mkexamples.py OUTDIR TASK/FORMAT=N[:PARTSIZE] ... [--no-manifest-for TASK/FORMAT]
                  [--subtasks TASK/FORMAT=name:n,name:n]

Example i of TASK/FORMAT has id "TASK:train.jsonl:i/FORMAT" (or, with --subtasks,
"TASK:tasks/<name>.json:<j>/FORMAT" with runs in the order given). Files are zstd."""
import json, os, subprocess, sys

out = sys.argv[1]
specs, nomani, subs = [], set(), {}
args = iter(sys.argv[2:])
for a in args:
    if a == "--no-manifest-for":
        nomani.add(next(args))
    elif a == "--subtasks":
        k, v = next(args).split("=")
        subs[k] = [(x.split(":")[0], int(x.split(":")[1])) for x in v.split(",")]
    else:
        specs.append(a)
outputs = []
for s in specs:
    tf, n = s.split("=")
    task, fmt = tf.split("/")
    n, _, ps = n.partition(":")
    n = int(n)
    ps = int(ps) if ps else max(n, 1)
    ids = []
    if tf in subs:
        for name, k in subs[tf]:
            ids += ["%s:tasks/%s.json:%d" % (task, name, j) for j in range(k)]
        assert len(ids) == n
    else:
        ids = ["%s:train.jsonl:%d" % (task, i) for i in range(n)]
    d = os.path.join(out, "examples", task, fmt)
    os.makedirs(d, exist_ok=True)
    for p, start in enumerate(range(0, max(n, 1), ps)):
        lines = []
        for i in range(start, min(n, start + ps)):
            lines.append(json.dumps({"id": ids[i] + "/" + fmt, "task": task, "format": fmt, "template": i % 10,
                                     "inputs": "input %d of %s" % (i, task), "targets": "target %d" % i,
                                     "record": ids[i], "exemplars": []}, separators=(",", ":")) + "\n")
        rel = "examples/%s/%s/part-%05d.jsonl.zst" % (task, fmt, p)
        data = subprocess.run(["zstd", "-q", "-c"], input="".join(lines).encode(), stdout=subprocess.PIPE, check=True).stdout
        open(os.path.join(out, rel), "wb").write(data)
        if tf not in nomani:
            outputs.append({"path": rel, "records": len(lines)})
json.dump({"flanmix_manifest": 1, "stage": "format", "settings": {}, "inputs": [], "outputs": outputs, "counts": {}},
          open(os.path.join(out, "manifest.json"), "w"))
