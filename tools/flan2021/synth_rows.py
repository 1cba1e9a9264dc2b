#!/usr/bin/env python3
"""Write one synthetic raw row per task, shaped after the task's own field mappings.

    synth_rows.py [--rows N] DATA_DIR TASKFILE...

For each task, DATA_DIR/<source glob's directory>/train.jsonl gets one JSON object that has
every path the mappings name (a list where a list is expected, a valid label or selector
where one is looked up). t5100 uses it to run every Flan 2021 definition through the real
`flanmix ingest` loader without the real datasets.
"""
import json
import os
import re
import sys


def put(row, path, value):
    keys = re.split(r"(?<!\\)\.", path)
    cur = row
    for k in keys[:-1]:
        cur = cur.setdefault(k.replace("\\.", "."), {})
    last = keys[-1].replace("\\.", ".")
    if last not in cur or not isinstance(value, str):
        cur[last] = value


def label_value(labels):
    if isinstance(labels, list):
        return 0
    k = next(iter(labels))
    if re.fullmatch(r"-?\d+", k):
        return int(k)
    if k in ("true", "false"):
        return k == "true"
    return k


def fill(row, m, fields):
    if isinstance(m, str):
        m = {"path": m}
    if "const" in m:
        return
    if "list" in m:
        for x in m["list"]:
            fill(row, x, fields)
        return
    if "join" in m:
        for p in m["join"]:
            item = ["Alpha", "beta", "Gamma"] if "inner_sep" in m else "Some words, Here."
            put(row, p, [item, item])
        return
    p = m["path"]
    if "choose" in m:
        if "keys" in m:
            put(row, m["keys"], ["A", "B", "C", "D"])
            put(row, p, "B")
        else:
            put(row, p, m.get("base", 0))
        return
    if "labels" in m:
        put(row, p, label_value(m["labels"]))
    elif "index" in m:
        put(row, p, ["First Answer", "second answer"])
    else:
        put(row, p, "Some Text, with words.")


def main():
    args, rows = sys.argv[1:], 1
    if args[0] == "--rows":
        rows, args = int(args[1]), args[2:]
    out, files = args[0], args[1:]
    for f in files:
        t = json.load(open(f, encoding="utf-8"))
        row = {}
        # list-valued paths first (options lists), so that scalar fills do not shadow them
        for name, m in t["fields"].items():
            if isinstance(m, str) and name == t.get("options_field"):
                put(row, m, ["one", "two", "three", "four"])
        for name, m in t["fields"].items():
            fill(row, m, t["fields"])
        d = os.path.join(out, os.path.dirname(t["source"]["files"][0]))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "train.jsonl"), "w", encoding="utf-8") as fh:
            fh.write((json.dumps(row, ensure_ascii=False) + "\n") * rows)


if __name__ == "__main__":
    main()
