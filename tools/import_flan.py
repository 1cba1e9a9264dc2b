#!/usr/bin/env python3
"""flanmix import-flan: convert a FLAN checkout's flan/v2/templates.py into .tpl files.

    import_flan.py FLAN_CHECKOUT -o DIR [--keys k1,k2,...]

templates.py is executed as Python (it is data built by code: PATTERNS_NO_OPTIONS is
PATTERNS updated with flan_templates_branched.PATTERNS, then edited; the few-shot lists are
FewShotPattern objects), so what is written is exactly what FLAN computes. When
flan_templates_branched.py is absent, a stub with an empty PATTERNS is used (then the
no-options prompts are the options prompts with the options removed).

For each key of PATTERNS / FEWSHOT_PATTERNS / INLINE_FS_PATTERNS one DIR/<key>.tpl is
written (docs/templates.md), with every kind spelled out explicitly:
  zero_shot             PATTERNS[key]
  zero_shot_no_options  PATTERNS_NO_OPTIONS[key]
  few_shot              FEWSHOT_PATTERNS[key]
  few_shot_no_options   FEWSHOT_PATTERNS_NO_OPTIONS[key]
  inline_few_shot       INLINE_FS_PATTERNS[key]
FLAN substitutes every {\\w*} and leaves any other brace as it is; flanmix writes the former
as placeholders and doubles the latter ({{ }}), so the text renders the same. An empty
placeholder "{}" (an error in FLAN at run time) is written as a literal "{}", with a warning.
"""
import argparse
import importlib.util
import json
import os
import re
import sys
import types

PLACEHOLDER = re.compile(r"\{\w*\}")


def escape(s, where):
    out, pos = [], 0
    for m in PLACEHOLDER.finditer(s):
        out.append(s[pos:m.start()].replace("{", "{{").replace("}", "}}"))
        if m.group(0) == "{}":
            print(f"import-flan: warning: {where}: empty placeholder '{{}}' written as a literal", file=sys.stderr)
            out.append("{{}}")
        else:
            out.append(m.group(0))
        pos = m.end()
    out.append(s[pos:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def q(s, where):
    return json.dumps(escape(s, where), ensure_ascii=False)


def load_templates(checkout):
    v2 = os.path.join(checkout, "flan", "v2")
    path = os.path.join(v2, "templates.py")
    if not os.path.isfile(path):
        sys.exit(f"import-flan: {path}: not found (is {checkout} a FLAN checkout?)")
    sys.path.insert(0, checkout)
    branched = os.path.join(v2, "flan_templates_branched.py")
    if os.path.isfile(branched):
        spec = importlib.util.spec_from_file_location("flan.v2.flan_templates_branched", branched)
        bmod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bmod)
    else:
        print("import-flan: note: no flan_templates_branched.py; using an empty stub", file=sys.stderr)
        bmod = types.ModuleType("flan.v2.flan_templates_branched")
        bmod.PATTERNS = {}
    # templates.py imports it as "from flan.v2 import flan_templates_branched" (or plainly).
    flan = sys.modules.setdefault("flan", types.ModuleType("flan"))
    flan.__path__ = getattr(flan, "__path__", [])
    fv2 = sys.modules.setdefault("flan.v2", types.ModuleType("flan.v2"))
    fv2.__path__ = getattr(fv2, "__path__", [])
    fv2.flan_templates_branched = bmod
    flan.v2 = fv2
    sys.modules["flan.v2.flan_templates_branched"] = bmod
    sys.modules["flan_templates_branched"] = bmod
    spec = importlib.util.spec_from_file_location("flan_v2_templates", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod, path


def few_shot_block(kind, p, where):
    final_suffix = getattr(p, "final_suffix", "")
    ip = getattr(p, "input_pattern", "{{inputs}}{final_suffix}")
    # FLAN: input_pattern.format(final_suffix=...) gives a format string over {inputs}
    # (and {Definition} for NIV2); flanmix calls the assembled prompt {_prompt}.
    ip = ip.format(final_suffix=final_suffix).replace("{inputs}", "{_prompt}")
    lines = [kind,
             f"    inputs            {q(p.inputs, where)}",
             f"    targets           {q(p.targets, where)}",
             f"    inputs_prefix     {q(p.inputs_prefix, where)}",
             f"    targets_prefix    {q(p.targets_prefix, where)}",
             f"    x_y_delimiter     {q(p.x_y_delimiter, where)}",
             f"    example_separator {q(p.example_separator, where)}",
             f"    in_template_mix   {'true' if p.in_template_mix else 'false'}"]
    if ip != "{_prompt}":
        # the pattern's own text: placeholders are FLAN's, nothing to escape but braces
        lines.append(f"    input_pattern     {json.dumps(ip, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def pair_block(kind, pair, where):
    inputs, targets = pair
    return f"{kind}\n    inputs  {q(inputs, where)}\n    targets {q(targets, where)}\n"


def main():
    ap = argparse.ArgumentParser(prog="flanmix import-flan", description=__doc__.split("\n")[0])
    ap.add_argument("checkout")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--keys", help="only these keys (comma-separated)")
    a = ap.parse_args()
    mod, path = load_templates(a.checkout)
    get = lambda name: getattr(mod, name, {}) or {}
    P, PN = get("PATTERNS"), get("PATTERNS_NO_OPTIONS")
    F, FN = get("FEWSHOT_PATTERNS"), get("FEWSHOT_PATTERNS_NO_OPTIONS")
    I = get("INLINE_FS_PATTERNS")
    keys = sorted(set(P) | set(F) | set(I))
    if a.keys:
        want = a.keys.split(",")
        missing = [k for k in want if k not in keys]
        if missing:
            sys.exit(f"import-flan: {path}: no key {', '.join(missing)}")
        keys = [k for k in keys if k in want]
    os.makedirs(a.output, exist_ok=True)
    for key in keys:
        out = [f"# {key}: imported from FLAN's flan/v2/templates.py by flanmix import-flan\n"]
        sections = [("zero_shot", P.get(key, []), pair_block),
                    ("zero_shot_no_options", PN.get(key, []), pair_block),
                    ("few_shot", F.get(key, []), few_shot_block),
                    ("few_shot_no_options", FN.get(key, []), few_shot_block),
                    ("inline_few_shot", I.get(key, []), pair_block)]
        for kind, items, fn in sections:
            for i, it in enumerate(items):
                out.append("\n" + fn(kind, it, f"{key} {kind} {i}"))
        tmp = os.path.join(a.output, f".{key}.tpl.tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write("".join(out))
        os.replace(tmp, os.path.join(a.output, f"{key}.tpl"))
    print(f"import-flan: wrote {len(keys)} template sets to {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
