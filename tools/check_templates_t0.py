#!/usr/bin/env python3
"""Check template sets and task definitions (T0-SF, NIV2, CoT) without the C loaders.

Parses templates/<set>.tpl exactly as docs/templates.md describes and checks every task in
the given task files against its set: each placeholder a template names must be a field the
task provides (declared fields, {options_} when options_field is set, NIV2's definition and
positive-example fields from meta, {_prompt} in input_pattern).

usage: check_templates_t0.py [--templates DIR] [--summary] TASKFILE...
       check_templates_t0.py --templates DIR --sets-only [--summary] [SET...]
Exit 0 if all is well; otherwise one line per problem on stderr ("FILE:LINE: reason"), exit 1.
--summary prints, per set used: "SET zero_shot=N zero_shot_no_options=N few_shot=N mix=N
few_shot_no_options=N inline_few_shot=N" so that a test can compare against hand-made counts.
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
STRING_PROPS = {"inputs", "targets", "inputs_prefix", "targets_prefix", "x_y_delimiter",
                "example_separator", "input_pattern"}
NAME_RE = re.compile(r"[A-Za-z0-9_]+")
NIV2_META_FIELDS = {"Definition", "ex_input", "ex_output", "ex_explanation"}


class CheckError(Exception):
    pass


def placeholders(value, where):
    """Names of the {name} placeholders in value; raises on a lone brace (docs/templates.md)."""
    names = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c == "{":
            if i + 1 < n and value[i + 1] == "{":
                i += 2
                continue
            m = NAME_RE.match(value, i + 1)
            if not m or m.end() >= n or value[m.end()] != "}":
                raise CheckError(f"{where}: unbalanced brace at character {i + 1}")
            names.append(m.group(0))
            i = m.end() + 1
            continue
        if c == "}":
            if i + 1 < n and value[i + 1] == "}":
                i += 2
                continue
            raise CheckError(f"{where}: unbalanced brace at character {i + 1}")
        i += 1
    return names


def parse_set(path):
    """Returns a list of templates: dict(kind, line, props{name: value})."""
    templates = []
    cur = None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for ln, line in enumerate(text.split("\n"), 1):
        where = f"{path}:{ln}"
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not line[0].isspace():
            if s not in KINDS:
                raise CheckError(f"{where}: unknown template kind '{s}'")
            cur = {"kind": s, "line": ln, "props": {}}
            templates.append(cur)
            continue
        if cur is None:
            raise CheckError(f"{where}: property line before any kind line")
        m = re.match(r"([A-Za-z_]+)\s+(.*)$", s)
        if not m:
            raise CheckError(f"{where}: expected 'NAME VALUE'")
        name, raw = m.group(1), m.group(2)
        if name not in KINDS[cur["kind"]]:
            raise CheckError(f"{where}: unknown property '{name}' for kind {cur['kind']}")
        if name in cur["props"]:
            raise CheckError(f"{where}: repeated property '{name}'")
        if name == "in_template_mix":
            if raw not in ("true", "false"):
                raise CheckError(f"{where}: in_template_mix must be true or false")
            value = raw == "true"
        else:
            try:
                value = json.loads(raw)
            except ValueError as e:
                raise CheckError(f"{where}: value is not a valid JSON string ({e})")
            if not isinstance(value, str) or not raw.startswith('"'):
                raise CheckError(f"{where}: value is not a JSON string")
            placeholders(value, f"{where}: property '{name}'")
        cur["props"][name] = value
    if not templates:
        raise CheckError(f"{path}: empty template set")
    for t in templates:
        for req in ("inputs", "targets"):
            if req not in t["props"]:
                raise CheckError(f"{path}:{t['line']}: {t['kind']} lacks required property '{req}'")
    return templates


def summary(name, tpls):
    c = {k: 0 for k in KINDS}
    mix = 0
    for t in tpls:
        c[t["kind"]] += 1
        if t["kind"] == "few_shot" and t["props"].get("in_template_mix", True):
            mix += 1
    return (f"{name} zero_shot={c['zero_shot']} zero_shot_no_options={c['zero_shot_no_options']} "
            f"few_shot={c['few_shot']} mix={mix} few_shot_no_options={c['few_shot_no_options']} "
            f"inline_few_shot={c['inline_few_shot']}")


def provided_fields(task):
    fields = set(task.get("fields", {}).keys())
    if task.get("options_field"):
        fields.add("options_")
    if task.get("kind") == "niv2":
        fields |= NIV2_META_FIELDS
    return fields


def check_task(task, where, tpl_dir, cache):
    for key in ("name", "kind", "templates", "source", "fields"):
        if key not in task:
            raise CheckError(f"{where}: task lacks '{key}'")
    name = task["name"]
    # NIV2 definitions may name one task per task file with {stem} (the file name).
    plain = name.replace("{stem}", "x") if task.get("source", {}).get("format") == "niv2" else name
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", plain):
        raise CheckError(f"{where}: bad task name '{name}'")
    src = task["source"]
    if not isinstance(src.get("files"), list) or not src["files"]:
        raise CheckError(f"{where}: task {name}: source.files must be a non-empty list")
    of = task.get("options_field")
    if of and of not in task["fields"]:
        raise CheckError(f"{where}: task {name}: options_field '{of}' is not a declared field")
    af = task.get("answer_field")
    if af and af not in task["fields"]:
        raise CheckError(f"{where}: task {name}: answer_field '{af}' is not a declared field")
    for sub in task.get("substitutions", []) + task.get("filters", []):
        if sub.get("field") not in task["fields"]:
            raise CheckError(f"{where}: task {name}: substitution/filter on undeclared field '{sub.get('field')}'")
        try:
            re.compile(sub["regex"])
        except (re.error, KeyError) as e:
            raise CheckError(f"{where}: task {name}: bad regex ({e})")
    set_name = task["templates"]
    path = os.path.join(tpl_dir, set_name + ".tpl")
    if set_name not in cache:
        if not os.path.exists(path):
            raise CheckError(f"{where}: task {name}: template set '{set_name}' not found ({path})")
        cache[set_name] = parse_set(path)
    have = provided_fields(task)
    for t in cache[set_name]:
        if t["kind"] == "inline_few_shot" and task["kind"] != "niv2":
            raise CheckError(f"{path}:{t['line']}: inline_few_shot is only for NIV2 tasks (task {name})")
        for prop, value in t["props"].items():
            if prop not in STRING_PROPS:
                continue
            for ph in placeholders(value, f"{path}:{t['line']}"):
                if prop == "input_pattern" and ph == "_prompt":
                    continue
                if ph.startswith("_"):
                    raise CheckError(f"{path}:{t['line']}: reserved placeholder '{{{ph}}}' in {prop}")
                if ph not in have:
                    raise CheckError(f"{path}:{t['line']}: task {name} ({where}) has no field '{ph}' "
                                     f"used in {t['kind']} {prop}")
    return set_name


def load_tasks(path):
    with open(path, encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except ValueError as e:
            raise CheckError(f"{path}: not valid JSON ({e})")
    if isinstance(doc, dict) and "tasks" in doc:
        return doc["tasks"]
    return [doc]


def main(argv):
    tpl_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates")
    args, want_summary, sets_only = [], False, False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--templates":
            tpl_dir = argv[i + 1]
            i += 2
            continue
        if a == "--summary":
            want_summary = True
        elif a == "--sets-only":
            sets_only = True
        else:
            args.append(a)
        i += 1
    bad = 0
    cache = {}
    used = []
    if sets_only:
        names = args or sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(tpl_dir, "*.tpl")))
        for s in names:
            try:
                cache[s] = parse_set(os.path.join(tpl_dir, s + ".tpl"))
                used.append(s)
            except (CheckError, OSError) as e:
                print(str(e), file=sys.stderr)
                bad += 1
    else:
        if not args:
            print("usage: check_templates_t0.py [--templates DIR] [--summary] TASKFILE...", file=sys.stderr)
            return 2
        names = set()
        for path in args:
            try:
                tasks = load_tasks(path)
            except (CheckError, OSError) as e:
                print(str(e), file=sys.stderr)
                bad += 1
                continue
            for k, task in enumerate(tasks):
                try:
                    tn = task.get("name")
                    if tn in names:
                        raise CheckError(f"{path}: task {k}: duplicate task name '{tn}'")
                    names.add(tn)
                    s = check_task(task, f"{path}: task {k}", tpl_dir, cache)
                    if s not in used:
                        used.append(s)
                except CheckError as e:
                    print(str(e), file=sys.stderr)
                    bad += 1
    if want_summary:
        for s in sorted(used):
            print(summary(s, cache[s]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
