#!/usr/bin/python3
"""Build the tokenizer exactness corpus from ../shared/data (tests/e2e/t3001).

    make_corpus.py SHARED_DIR OUTDIR [--every K]

Writes OUTDIR/lines.txt: one text per line, no newlines inside (what spm_encode reads),
and OUTDIR/texts.jsonl: one JSON string per line, texts WITH newlines (Flan-like prompts),
which are compared between flanmix's fast path and the library through the shim.
--every K keeps every K-th data text (for the slow sanitizer build); the adversarial
texts are always all kept. Deterministic: no randomness beyond a fixed-seed generator.
"""
import csv, glob, json, os, random, sys

shared, outdir = sys.argv[1], sys.argv[2]
every = int(sys.argv[sys.argv.index('--every') + 1]) if '--every' in sys.argv else 1
csv.field_size_limit(1 << 30)

data = []      # texts from the data set, single or multi line
prompts = []   # Flan-like formatted prompts (with newlines)

for path in sorted(glob.glob(os.path.join(shared, 'data/niv2/tasks/*.json'))):
    t = json.load(open(path, encoding='utf-8'))
    definition = ' '.join(t.get('Definition', []))
    data.append(definition)
    pos = t.get('Positive Examples', [])
    for ex in pos + t.get('Negative Examples', []):
        for k in ('input', 'output', 'explanation'):
            if isinstance(ex.get(k), str):
                data.append(ex[k])
    for i, inst in enumerate(t.get('Instances', [])):
        data.append(inst['input'])
        outs = inst['output'] if isinstance(inst['output'], list) else [inst['output']]
        data.extend(outs)
        if i % 4:
            continue  # prompts repeat the long definition: a quarter of them is enough
        shot = ''
        if pos:
            shot = 'Example input: %s\nExample output: %s\n\n' % (pos[0]['input'], pos[0]['output'])
        prompts.append('%s\n\n%sNow complete the following example -\nInput: %s\nOutput:'
                       % (definition, shot, inst['input']))
        prompts.append('Definition: %s\n\nInput: %s\n\nOutput: %s\n' % (definition, inst['input'], outs[0] if outs else ''))

for path in sorted(glob.glob(os.path.join(shared, 'data/cot/*.tsv'))):
    with open(path, encoding='utf-8', newline='') as f:
        for row in csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
            data.extend(row)
            if len(row) >= 3:
                q, a, r = row[0], row[1], row[2]
                prompts.append('%s\n\nLet\'s think step by step first.\n' % q)
                prompts.append('Q: %s\nA: %s So the answer is %s.\n\n' % (q, r, a))
                prompts.append('Question: %s\n\nOptions:\n- yes\n- no\n\nAnswer: %s\n\n  ' % (q, a))

# Adversarial texts: ties, digits, scripts, emoji, whitespace, long words, odd characters.
adv = []
for ch in ['m', '4', '0', 'a', 'e', '.', '-', '=', '!', '?', '*', '_', 'x', 'z', '9', 'ö', '中', '😀', 'ー']:
    for n in list(range(1, 40)) + [63, 64, 65, 127, 128, 129, 200, 500, 1000, 3000]:
        adv.append(ch * n)
        adv.append('word ' + ch * n + ' word')
        adv.append('The value is ' + ch * n + ', see ' + ch * (n + 1) + '.')
for n in [1, 2, 3, 10, 100, 2000]:
    adv.append(' ' * n + 'space' + ' ' * n + 'runs' + ' ' * n)
    adv.append('\t' * n + 'tabs\t' * n)
    adv.append('\u00a0' * n + 'nbsp\u00a0' * n + 'x')
    adv.append('\u3000' * n + 'ideographic\u3000space' * n)
    adv.append('zero\u200bwidth\u200b' * n)
for k in range(0, 2000, 7):
    adv.append(' '.join(str(k * j) for j in range(1, 30)))
    adv.append('%d.%d%% of $%d,%03d' % (k, k % 10, k * 13, k % 1000))
adv += [
    'Ünïcödé façade naïve café résumé', 'e\u0301 a\u0308 n\u0303 combining marks',
    'Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３', 'ﬁ ﬂ ﬀ ligatures', 'Ⅻ ½ ² ³ ™ ℃ ㎏', '\ufeffBOM at start',
    'soft\u00adhyphen', 'line\u2028separator\u2029para', 'U+FFFD: \ufffd\ufffd \ufffd x\ufffdy',
    'control \x01\x02\x03\x07\x08\x0b\x0c\x0e\x1f\x7f chars', 'mid\rcarriage\rreturn',
    'العربية نص عربي مع أرقام ١٢٣', 'हिन्दी पाठ यहाँ है', 'ภาษาไทยไม่มีช่องว่าง', '中文文本没有空格分隔符号',
    '日本語のテキストとカタカナ', '한국어 텍스트입니다', 'Русский текст и ёлка', 'Ελληνικά κείμενα',
    'emoji 😀😃😄 👩‍👩‍👧‍👦 👍🏽 ❤️ 🇫🇷 flags', 'mixed中文and English和数字123',
    '\u2581literal lower one eighth block\u2581\u2581 x', '▁▁▁', '   ', '\t', '\u00a0', '\u200b',
    'a' * 20000, ('abc' * 7000), 'x' + '\u0301' * 50, '<unk> </s> <pad> <s>', 'http://example.com/a?b=c&d=e#f',
    'def f(x):\treturn x**2  # code', '{"json": [1, 2, 3]}', 'C:\\path\\to\\file.txt',
]
rng = random.Random(1234)
alphabet = 'aemn40 .,\u00a0\u200b中😀é\t\u3000-'
for _ in range(3000):
    adv.append(''.join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))))

data = data[::every]
prompts = prompts[::every]

def one_line(s):
    # spm_encode reads lines: texts with newlines go to texts.jsonl instead
    return '\n' not in s and not s.endswith('\r')

os.makedirs(outdir, exist_ok=True)
with open(os.path.join(outdir, 'lines.txt'), 'w', encoding='utf-8', newline='\n') as f:
    for s in data + adv:
        if one_line(s):
            f.write(s + '\n')
        else:
            # also give spm_encode each line of a multi-line text on its own
            for part in s.split('\n'):
                if not part.endswith('\r'):
                    f.write(part + '\n')
with open(os.path.join(outdir, 'texts.jsonl'), 'w', encoding='utf-8', newline='\n') as f:
    for s in prompts + [s for s in data if not one_line(s)] + [a + '\n' + b for a, b in zip(adv, adv[1:])][::5]:
        f.write(json.dumps(s, ensure_ascii=False) + '\n')
