#!/usr/bin/env python3
"""Write templates/<set>.tpl for the Flan 2021 template sets from tools/flan2021/sets_*.py.

    python3 tools/gen_flan2021_templates.py           # (re)write the .tpl files
    python3 tools/gen_flan2021_templates.py --check   # exit 1 if a .tpl differs
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flan2021 import tpl  # noqa: E402
from flan2021 import sets_nli, sets_qa, sets_cls  # noqa: E402,F401
from flan2021 import sets_more_nli, sets_more_qa, sets_more_gen  # noqa: E402,F401


def main():
    check = "--check" in sys.argv
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    bad = 0
    for name in sorted(tpl.SETS):
        text = tpl.render(name)
        path = os.path.join(root, "templates", name + ".tpl")
        if check:
            try:
                cur = open(path, encoding="utf-8").read()
            except FileNotFoundError:
                cur = None
            if cur != text:
                print("differs:", path)
                bad += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if not check:
        print(f"wrote {len(tpl.SETS)} template sets")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
