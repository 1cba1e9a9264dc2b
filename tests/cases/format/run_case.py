#!/usr/bin/env python3
"""Run one data-driven format case (tests/cases/format/*.case; README.md there).

Usage: run_case.py CASE WORKDIR. Exits 0 if the case holds, else prints why and exits 1.
The case's expectations are hand-written; this script only sets files up, runs
`flanmix format`, decompresses with `zstd -dc` and compares."""
import json, os, shlex, subprocess, sys


def parse(path):
    sections, cur, buf = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("=== "):
                if cur is not None:
                    sections.append((cur, "".join(buf)))
                cur, buf = line[4:].rstrip("\n"), []
            elif cur is not None:
                buf.append(line)
    if cur is not None:
        sections.append((cur, "".join(buf)))
    return sections


def main():
    case, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    args, expects, expect_error, counts, expects_some = None, {}, None, None, {}
    for head, body in parse(case):
        kind, _, rest = head.partition(" ")
        if kind == "file":
            p = os.path.join(work, rest)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(body)
        elif kind == "run":
            args = shlex.split(body.strip())
        elif kind == "expect":
            expects[rest] = [json.loads(l) for l in body.splitlines() if l.strip() and not l.startswith("#")]
        elif kind == "expect-some":
            some = expects_some.setdefault(rest, [])
            some += [json.loads(l) for l in body.splitlines() if l.strip() and not l.startswith("#")]
        elif kind == "expect-error":
            expect_error = body.strip()
        elif kind == "counts":
            counts = json.loads(body)
        elif kind == "note":
            pass
        else:
            sys.exit(f"{case}: unknown section '{head}'")
    if args is None:
        sys.exit(f"{case}: no '=== run' section")
    cmd = ["flanmix", "format", "-q", "--templates", os.path.join(work, "templates"),
           "-o", os.path.join(work, "out")] + args + [os.path.join(work, "in")]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode >= 99:
        print(f"crashed (exit {p.returncode}):\n{p.stderr}")
        return 1
    if expect_error is not None:
        if p.returncode == 0:
            print(f"expected an error containing {expect_error!r}, got success")
            return 1
        if expect_error not in p.stderr:
            print(f"error message {p.stderr.strip()!r} does not contain {expect_error!r}")
            return 1
        return 0
    if p.returncode != 0:
        print(f"flanmix format failed (exit {p.returncode}): {p.stderr.strip()}")
        return 1
    bad = 0
    for where, exp in expects.items():
        d = os.path.join(work, "out", "examples", where)
        lines = []
        for name in sorted(os.listdir(d)):
            out = subprocess.run(["zstd", "-dcq", os.path.join(d, name)], capture_output=True, check=True).stdout
            lines += [json.loads(l) for l in out.decode("utf-8").splitlines()]
        if len(lines) != len(exp):
            print(f"{where}: {len(lines)} examples, expected {len(exp)}")
            for l in lines:
                print("   got:", json.dumps(l, ensure_ascii=False))
            bad = 1
            continue
        for i, (got, want) in enumerate(zip(lines, exp)):
            sub = {k: got.get(k) for k in want}
            if sub != want:
                print(f"{where}: example {i} differs")
                print("   want:", json.dumps(want, ensure_ascii=False))
                print("   got: ", json.dumps(sub, ensure_ascii=False))
                bad = 1
    for where, exp in expects_some.items():
        d = os.path.join(work, "out", "examples", where)
        by_record = {}
        for name in sorted(os.listdir(d)):
            out = subprocess.run(["zstd", "-dcq", os.path.join(d, name)], capture_output=True, check=True).stdout
            for l in out.decode("utf-8").splitlines():
                ex = json.loads(l)
                by_record[ex["record"]] = ex
        for want in exp:
            got = by_record.get(want["record"])
            if got is None:
                print(f"{where}: no example for record {want['record']}")
                bad = 1
                continue
            sub = {k: got.get(k) for k in want}
            if sub != want:
                print(f"{where}: example of record {want['record']} differs")
                print("   want:", json.dumps(want, ensure_ascii=False))
                print("   got: ", json.dumps(sub, ensure_ascii=False))
                bad = 1
    if counts is not None:
        man = json.load(open(os.path.join(work, "out", "manifest.json")))
        for path, want in counts.items():
            node = man["counts"]
            for k in path.split("/"):
                node = node[k] if isinstance(node, dict) and k in node else None
            if node != want:
                print(f"manifest counts {path}: {node!r}, expected {want!r}")
                bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
