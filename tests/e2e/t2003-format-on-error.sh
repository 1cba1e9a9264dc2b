#!/usr/bin/env bash
# flanmix format --on-error fail|skip: bad records found at format time (a line that is not
# JSON, a record without a field its template needs) stop a fail run with the error; a skip
# run rejects just those examples into OUT/rejects.jsonl, counts them in the manifest, and
# writes the rest unchanged. Expected values are worked out by hand from the inputs below.
. "$(dirname "$0")/../lib.sh"

setup='
mkdir -p templates in/records/a &&
cat >templates/s.tpl <<\EOT &&
zero_shot
    inputs  "Q: {q}"
    targets "{a}"
EOT
echo "{\"task\":\"a\",\"templates\":\"s\",\"kind\":\"flan\",\"fields\":[\"q\",\"a\"],\"options_field\":null,\"answer_field\":\"a\"}" >in/records/a/meta.json &&
{
  echo "{\"id\":\"a:1\",\"task\":\"a\",\"hash\":\"0\",\"fields\":{\"q\":\"one\",\"a\":\"1\"}}"
  echo "{\"id\":\"a:2\",\"task\":\"a\",\"hash\":\"0\",\"fields\":{\"q\":\"two\",\"a\":\"2\"}"
  echo "{\"id\":\"a:3\",\"task\":\"a\",\"hash\":\"0\",\"fields\":{\"q\":\"three\"}}"
  echo "{\"id\":\"a:4\",\"task\":\"a\",\"hash\":\"0\",\"fields\":{\"q\":\"fo\\u00fcr\",\"a\":\"4\"}}"
} | zstd -q >in/records/a/part-00000.jsonl.zst'

test_expect_success 'fail (default): the first bad record ends the run, exit 1' "
    $setup &&
    test_must_fail flanmix format -q --templates templates --formats zs_opt -o out in 2>err &&
    grep -q 'part-00000.jsonl.zst:2: malformed JSON' err &&
    test ! -f out/manifest.json
"

test_expect_success 'skip: bad examples rejected with reasons, the rest written' "
    $setup &&
    flanmix format -q --templates templates --formats zs_opt --on-error skip -o out in &&
    zstd -dcq out/examples/a/zs_opt/part-00000.jsonl.zst >got &&
    cat >want <<\EOT &&
{\"id\":\"a:1/zs_opt\",\"task\":\"a\",\"format\":\"zs_opt\",\"template\":0,\"inputs\":\"Q: one\",\"targets\":\"1\",\"record\":\"a:1\",\"exemplars\":[]}
{\"id\":\"a:4/zs_opt\",\"task\":\"a\",\"format\":\"zs_opt\",\"template\":0,\"inputs\":\"Q: fo\\u00fcr\",\"targets\":\"4\",\"record\":\"a:4\",\"exemplars\":[]}
EOT
    printf '%b\\n' \"\$(cat want)\" >want2 &&
    test_cmp want2 got &&
    python3 - out <<\PY
import json, sys, os
out = sys.argv[1]
rej = [json.loads(l) for l in open(os.path.join(out, 'rejects.jsonl'))]
assert len(rej) == 2, rej
r0, r1 = rej
assert r0['task'] == 'a' and r0['format'] == 'zs_opt' and r0['record'] is None, r0
assert r0['file'].endswith('records/a/part-00000.jsonl.zst') and r0['line'] == 2, r0
assert r0['field'] is None and r0['reason'].startswith('malformed JSON'), r0
assert r1 == {'task': 'a', 'format': 'zs_opt', 'record': 'a:3', 'file': None, 'line': None,
              'field': 'a', 'reason': 'record a:3: the template needs this field and the record does not have it'}, r1
m = json.load(open(os.path.join(out, 'manifest.json')))
assert m['settings']['on_error'] == 'skip'
assert m['counts']['formatted'] == 2 and m['counts']['rejected'] == 2, m['counts']
assert m['counts']['per_task']['a']['zs_opt']['rejected'] == 2
assert m['counts']['per_task']['a']['zs_opt']['formatted'] == 2
outs = {o['path']: o for o in m['outputs']}
assert outs['rejects.jsonl']['records'] == 2, outs
PY
"

test_expect_success 'skip: same bytes whatever -j; a clean input gives an empty rejects file' "
    $setup &&
    flanmix format -q --templates templates --formats zs_opt --on-error skip -j 1 -o one in &&
    flanmix format -q --templates templates --formats zs_opt --on-error skip -j 3 -o three in &&
    cmp one/rejects.jsonl three/rejects.jsonl &&
    cmp one/manifest.json three/manifest.json &&
    mkdir -p clean/records/a && cp in/records/a/meta.json clean/records/a/ &&
    zstd -dcq in/records/a/part-00000.jsonl.zst | sed -n 1p | zstd -q >clean/records/a/part-00000.jsonl.zst &&
    flanmix format -q --templates templates --formats zs_opt --on-error skip -o c clean &&
    test -f c/rejects.jsonl && test ! -s c/rejects.jsonl
"

test_expect_success 'a fail run of clean input writes no rejects file and no on_error setting' "
    $setup &&
    mkdir -p clean/records/a && cp in/records/a/meta.json clean/records/a/ &&
    zstd -dcq in/records/a/part-00000.jsonl.zst | sed -n 1p | zstd -q >clean/records/a/part-00000.jsonl.zst &&
    flanmix format -q --templates templates --formats zs_opt -o c clean &&
    test ! -f c/rejects.jsonl && ! grep -q on_error c/manifest.json
"

test_done
