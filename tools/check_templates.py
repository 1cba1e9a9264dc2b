#!/usr/bin/env python3
"""Check template sets (docs/templates.md) and task definitions (docs/tasks.md) together.

    tools/check_templates.py [--templates DIR] [--samples] TASKFILE...

For every task: its template set parses; every `{placeholder}` names a field the task maps,
or `options_` when the task has an options_field (or `_prompt` in input_pattern); option
tasks put `{options_}` in their non-inverted zero-shot and few-shot inputs.
With --samples, records of the task's sample export (tasks/flan2021/samples/<task>/) are
mapped the way docs/tasks.md says and every template is rendered with each record; the
answer must be one of the options for option tasks.

This is an independent reading of the two format docs, kept beside the C loaders as a
second opinion. Exit status 0 when everything holds, 1 otherwise (one line per problem).
"""
import glob
import json
import os
import re
import sys

KINDS = {
    "zero_shot": {"inputs", "targets"},
    "zero_shot_no_options": {"inputs", "targets"},
    "few_shot": {"inputs", "targets", "inputs_prefix", "targets_prefix", "x_y_delimiter",
                 "example_separator", "in_template_mix", "input_pattern"},
    "few_shot_no_options": {"inputs", "targets", "inputs_prefix", "targets_prefix", "x_y_delimiter",
                            "example_separator", "in_template_mix", "input_pattern"},
    "inline_few_shot": {"inputs", "targets"},
}
FS_DEFAULTS = {"inputs_prefix": "", "targets_prefix": "", "x_y_delimiter": "\n\n",
               "example_separator": "\n\n\n", "in_template_mix": True, "input_pattern": "{_prompt}"}
STR_PROPS = ("inputs", "targets", "inputs_prefix", "targets_prefix", "x_y_delimiter",
             "example_separator", "input_pattern")


class Bad(Exception):
    pass


def placeholders(s, where):
    """Field names used by template text s; raise Bad on an unbalanced brace."""
    names, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c == "{":
            if i + 1 < n and s[i + 1] == "{":
                i += 2
                continue
            m = re.match(r"\{([A-Za-z0-9_]+)\}", s[i:])
            if not m:
                raise Bad(f"{where}: unbalanced brace at character {i + 1}")
            names.append(m.group(1))
            i += m.end()
        elif c == "}":
            if i + 1 < n and s[i + 1] == "}":
                i += 2
                continue
            raise Bad(f"{where}: unbalanced brace at character {i + 1}")
        else:
            i += 1
    return names


def render(s, rec):
    out, i, n = [], 0, len(s)
    while i < n:
        if s.startswith("{{", i):
            out.append("{"); i += 2
        elif s.startswith("}}", i):
            out.append("}"); i += 2
        elif s[i] == "{":
            j = s.index("}", i)
            name = s[i + 1:j]
            if name not in rec:
                raise Bad(f"field '{name}' missing when rendering")
            out.append(rec[name]); i = j + 1
        else:
            out.append(s[i]); i += 1
    return "".join(out)


def parse_tpl(path):
    """Return a list of templates: dicts with 'kind', 'line' and properties."""
    temps, cur = [], None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, line in enumerate(lines, 1):
        where = f"{path}:{no}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            kind = line.strip()
            if kind not in KINDS:
                raise Bad(f"{where}: unknown kind '{kind}'")
            cur = {"kind": kind, "line": no}
            temps.append(cur)
            continue
        if cur is None:
            raise Bad(f"{where}: property line before any kind line")
        m = re.match(r"\s+([a-z_]+)\s+(.*?)\s*$", line)
        if not m:
            raise Bad(f"{where}: cannot read property line")
        prop, val = m.group(1), m.group(2)
        if prop not in KINDS[cur["kind"]]:
            raise Bad(f"{where}: unknown property '{prop}' for {cur['kind']}")
        if prop in cur:
            raise Bad(f"{where}: repeated property '{prop}'")
        if prop == "in_template_mix":
            if val not in ("true", "false"):
                raise Bad(f"{where}: in_template_mix must be true or false")
            cur[prop] = val == "true"
        else:
            if not (val.startswith('"') and val.endswith('"')):
                raise Bad(f"{where}: value is not a JSON string")
            try:
                v = json.loads(val)
            except json.JSONDecodeError as e:
                raise Bad(f"{where}: value is not a valid JSON string ({e.msg})")
            if not isinstance(v, str):
                raise Bad(f"{where}: value is not a JSON string")
            cur[prop] = v
        cur.setdefault("_lines", {})[prop] = no
    if not temps:
        raise Bad(f"{path}: empty template set")
    for t in temps:
        for req in ("inputs", "targets"):
            if req not in t:
                raise Bad(f"{path}:{t['line']}: {t['kind']} lacks '{req}'")
        if t["kind"].startswith("few_shot"):
            for k, v in FS_DEFAULTS.items():
                t.setdefault(k, v)
        for prop in STR_PROPS:
            if prop in t:
                t.setdefault("_names", {})[prop] = placeholders(
                    t[prop], f"{path}:{t['_lines'].get(prop, t['line'])}")
    return temps


def drop_options(s, few):
    subs = (["\n\n{options_}", "\n{options_}", " | {options_}", " {options_}", " ({options_})", "{options_}"]
            if few else ["\n\n{options_}", "\n{options_}", "{options_}"])
    for x in subs:
        s = s.replace(x, "")
    return s


# ----------------------------------------------------------------- task definitions
MAP_KEYS = {"path", "const", "labels", "index", "join", "sep", "optional", "list", "choose",
            "base", "keys", "numbered", "max_items", "inner_sep", "lower", "regex", "replace"}
TASK_KEYS = {"name", "submixture", "kind", "templates", "source", "fields", "substitutions",
             "filters", "dedup", "options_field", "answer_field", "license", "provenance"}


def check_mapping(m, where, earlier):
    if isinstance(m, str):
        return
    if not isinstance(m, dict):
        raise Bad(f"{where}: mapping must be a string or an object")
    extra = set(m) - MAP_KEYS
    if extra:
        raise Bad(f"{where}: unknown mapping keys {sorted(extra)}")
    forms = [k for k in ("path", "const", "join", "list") if k in m]
    if len(forms) != 1:
        raise Bad(f"{where}: exactly one of path/const/join/list is needed, got {forms}")
    if "choose" in m and m["choose"] not in earlier:
        raise Bad(f"{where}: choose names '{m['choose']}', not an earlier field")
    if "list" in m:
        for i, x in enumerate(m["list"]):
            check_mapping(x, f"{where}.list[{i}]", earlier)
    if ("regex" in m) != ("replace" in m):
        raise Bad(f"{where}: regex and replace go together")


def load_task(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    tasks = d["tasks"] if "tasks" in d else [d]
    for t in tasks:
        extra = set(t) - TASK_KEYS
        if extra:
            raise Bad(f"{path}: task '{t.get('name')}': unknown keys {sorted(extra)}")
        for k in ("name", "kind", "templates", "source", "fields"):
            if k not in t:
                raise Bad(f"{path}: task lacks '{k}'")
        earlier = []
        for name, m in t["fields"].items():
            check_mapping(m, f"{path}: field '{name}'", earlier)
            earlier.append(name)
        for s in t.get("substitutions", []) + t.get("filters", []):
            if s["field"] not in t["fields"]:
                raise Bad(f"{path}: substitution/filter on unknown field '{s['field']}'")
            re.compile(py_regex(s["regex"]))
        of = t.get("options_field")
        if of is not None and of not in t["fields"]:
            raise Bad(f"{path}: options_field '{of}' is not a field")
        if t.get("answer_field", "answer") not in t["fields"]:
            raise Bad(f"{path}: answer_field is not a field")
    return tasks


def py_regex(rx):
    return rx.replace("\\z", "\\Z")


def py_repl(r):
    return re.sub(r"\$(\d+)", r"\\\1", r.replace("\\", "\\\\"))


def get_path(rec, path):
    cur = rec
    for part in re.split(r"(?<!\\)\.", path):
        part = part.replace("\\.", ".")
        if isinstance(cur, list):
            if not part.isdigit() or int(part) >= len(cur):
                raise KeyError(path)
            cur = cur[int(part)]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            raise KeyError(path)
    return cur


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return v


def map_value(m, raw, out):
    if isinstance(m, str):
        m = {"path": m}
    try:
        if "const" in m:
            v = m["const"]
        elif "list" in m:
            v = [map_value(x, raw, out) for x in m["list"]]
        elif "join" in m:
            items = []
            for p in m["join"]:
                x = get_path(raw, p)
                if isinstance(x, list):
                    items += [m.get("inner_sep", " ").join(map(scalar, y)) if isinstance(y, list) else scalar(y) for y in x]
                else:
                    items.append(scalar(x))
            if "max_items" in m:
                items = items[:m["max_items"]]
            if m.get("numbered"):
                items = [f"{i}. {x}" for i, x in enumerate(items, 1)]
            v = m.get("sep", " ").join(items)
        else:
            v = get_path(raw, m["path"])
            if "choose" in m:
                opts = out[m["choose"]]
                if "keys" in m:
                    keys = [scalar(k) for k in get_path(raw, m["keys"])]
                    idx = keys.index(scalar(v))
                else:
                    idx = int(scalar(v)) - m.get("base", 0)
                if not 0 <= idx < len(opts):
                    raise Bad(f"choose index {idx} out of range")
                v = opts[idx]
            elif "index" in m:
                v = v[m["index"]]
            if "labels" in m:
                lab = m["labels"]
                v = lab[int(v)] if isinstance(lab, list) else lab[scalar(v)]
    except (KeyError, IndexError, ValueError):
        if m.get("optional"):
            v = ""
        else:
            raise Bad(f"cannot map {json.dumps(m)}")
    if isinstance(v, list):
        v = [scalar(x) for x in v]
    else:
        v = scalar(v)
    if m.get("lower"):
        # as flanmix ingest: ASCII and Latin-1 capitals only
        v = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" or ("\u00c0" <= c <= "\u00de" and c != "\u00d7") else c
                    for c in v)
    if "regex" in m:
        v = re.sub(py_regex(m["regex"]), py_repl(m["replace"]), v)
    return v


def map_record(task, raw):
    out = {}
    for name, m in task["fields"].items():
        out[name] = map_value(m, raw, out)
    for s in task.get("substitutions", []):
        f = s["field"]
        cnt = 0 if s.get("global", True) else 1
        rx, rp = py_regex(s["regex"]), py_repl(s["replace"])
        if isinstance(out[f], list):
            out[f] = [re.sub(rx, rp, x, count=cnt) for x in out[f]]
        else:
            out[f] = re.sub(rx, rp, out[f], count=cnt)
    for flt in task.get("filters", []):
        hit = re.search(py_regex(flt["regex"]), out[flt["field"]]) is not None
        if hit != flt.get("keep", True):
            return None
    return out


def check_task(task, tpl_dir, samples_root, problems, counts):
    where = f"task {task['name']}"
    path = os.path.join(tpl_dir, task["templates"] + ".tpl")
    if not os.path.exists(path):
        problems.append(f"{where}: template set {path} missing")
        return
    try:
        temps = parse_tpl(path)
    except Bad as e:
        problems.append(str(e))
        return
    fields = set(task["fields"])
    opt = task.get("options_field")
    avail = fields | ({"options_"} if opt else set())
    for t in temps:
        for prop, names in t.get("_names", {}).items():
            ok = avail | ({"_prompt"} if prop == "input_pattern" else set())
            for n in names:
                if n not in ok:
                    problems.append(f"{path}:{t['_lines'].get(prop, t['line'])}: {where}: "
                                    f"placeholder {{{n}}} is not a field of the task")
        if opt and t["kind"] in ("zero_shot", "few_shot") and t["targets"] == "{answer}" \
                and t.get("in_template_mix", True) and "options_" not in t["_names"]["inputs"]:
            problems.append(f"{path}:{t['line']}: option task {task['name']}: {t['kind']} inputs lack {{options_}}")
        # ZS-Opt rewrites the answer to the option's label ("(B).") under enumerating styles,
        # so a zero-shot template of an option task may use {answer} only as its whole target.
        if opt and t["kind"] == "zero_shot" and ("answer" in t["_names"]["inputs"] or
                                                 ("answer" in t["_names"]["targets"] and t["targets"] != "{answer}")):
            problems.append(f"{path}:{t['line']}: option task {task['name']}: zero_shot uses {{answer}} "
                            "inside a text (ZS-Opt may rewrite it to an option label)")
        if t["kind"].endswith("no_options") and "options_" in t["_names"]["inputs"]:
            problems.append(f"{path}:{t['line']}: {t['kind']} uses {{options_}}")
    kinds = {k: sum(1 for t in temps if t["kind"] == k) for k in KINDS}
    if kinds["zero_shot"] == 0 or kinds["few_shot"] == 0:
        problems.append(f"{path}: needs zero_shot and few_shot templates")
    counts[task["templates"]] = kinds
    if samples_root is None:
        return
    files = sorted(glob.glob(os.path.join(samples_root, task["name"], "*.jsonl")))
    if not files:
        return
    n = 0
    for fpath in files:
        with open(fpath, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                try:
                    raw = json.loads(line)
                    rec = map_record(task, raw)
                    if rec is None:
                        continue
                    if opt:
                        opts = rec[opt]
                        if not isinstance(opts, list) or len(opts) < 2:
                            raise Bad("options is not a list of two or more")
                        if rec[task.get("answer_field", "answer")] not in opts:
                            raise Bad(f"answer {rec['answer']!r} is not an option")
                        rec["options_"] = "OPTIONS:\n- " + "\n- ".join(opts)
                    for k, v in rec.items():
                        if isinstance(v, str) and k != "options_" and not v.strip() and k != "title":
                            raise Bad(f"field '{k}' is empty")
                    flat = {k: v for k, v in rec.items() if isinstance(v, str)}
                    for t in temps:
                        for prop in STR_PROPS:
                            if prop in t and prop != "input_pattern":
                                render(t[prop], flat)
                                if t["kind"] == "zero_shot":
                                    render(drop_options(t[prop], False), flat)
                    n += 1
                except (Bad, json.JSONDecodeError) as e:
                    problems.append(f"{fpath}:{ln}: {task['name']}: {e}")
    counts[task["templates"]]["samples:" + task["name"]] = n


def main(argv):
    tpl_dir, samples, files, dump = "templates", False, [], None
    it = iter(argv)
    for a in it:
        if a == "--templates":
            tpl_dir = next(it)
        elif a == "--dump":
            # --dump TASKFILE RAW.jsonl: print each raw row mapped as the task says
            tfile, raw = next(it), next(it)
            try:
                task = load_task(tfile)[0]
                with open(raw, encoding="utf-8") as f:
                    for line in f:
                        rec = map_record(task, json.loads(line))
                        print(json.dumps(rec, ensure_ascii=False) if rec is not None else "filtered")
            except Bad as e:
                print(f"{raw}: {e}")
                return 1
            return 0
        elif a == "--samples":
            samples = True
        elif a == "-v":
            pass
        else:
            files.append(a)
    problems, counts, ntasks = [], {}, 0
    for fpath in files:
        try:
            tasks = load_task(fpath)
        except (Bad, json.JSONDecodeError, KeyError, re.error) as e:
            problems.append(f"{fpath}: {e}")
            continue
        root = os.path.join(os.path.dirname(fpath), "samples") if samples else None
        for t in tasks:
            ntasks += 1
            check_task(t, tpl_dir, root, problems, counts)
    for p in problems:
        print(p)
    if "-v" in argv:
        for k in sorted(counts):
            print(k, counts[k])
    print(f"checked {ntasks} tasks, {len(counts)} template sets: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
