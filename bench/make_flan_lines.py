#!/usr/bin/python3
"""Flan-like text lines from ../shared/data for the tokenizer benchmark (bench/tokenize.sh).

    make_flan_lines.py SHARED_DIR OUT.txt

Every NIV2 instance and CoT row becomes a zero-shot and a few-shot style prompt and its
target, the way formatted examples look (instruction wrapper, options, exemplars).
spm_encode reads one text per line, so the prompts' newlines are written as spaces (T5's
normalizer turns newlines into spaces anyway; the cost per byte is the same).
"""
import csv, glob, json, os, sys

shared, out = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 30)
texts = []
for path in sorted(glob.glob(os.path.join(shared, 'data/niv2/tasks/*.json'))):
    t = json.load(open(path, encoding='utf-8'))
    d = ' '.join(t.get('Definition', []))
    pos = t.get('Positive Examples', [])
    for i, inst in enumerate(t.get('Instances', [])):
        o = inst['output'][0] if inst['output'] else ''
        if i % 2 == 0:
            texts.append('%s\n\nInput: %s\nOutput:' % (d, inst['input']))
        else:
            shot = ''.join('Input: %s\nOutput: %s\n\n' % (e['input'], e['output']) for e in pos[:2])
            texts.append('%s\n\n%sInput: %s\nOutput:' % (d, shot, inst['input']))
        texts.append(o)
for path in sorted(glob.glob(os.path.join(shared, 'data/cot/*.tsv'))):
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    for i, r in enumerate(rows):
        if len(r) < 3:
            continue
        q, a, rat = r[0], r[1], r[2]
        texts.append('Question: %s\nLet us think step by step to find the answer.' % q)
        texts.append('%s So the answer is %s.' % (rat, a))
        if i % 3 == 0:
            prev = rows[i - 1] if i else rows[-1]
            texts.append('Q: %s\nA: %s The answer: %s.\n\nQ: %s\nA:' % (prev[0], prev[2], prev[1], q))
with open(out, 'w', encoding='utf-8', newline='\n') as f:
    for s in texts:
        f.write(s.replace('\r', ' ').replace('\n', ' ') + '\n')
