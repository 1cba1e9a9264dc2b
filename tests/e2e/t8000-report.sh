#!/usr/bin/env bash
# flanmix report: a self-contained HTML page from a build directory, checked in headless
# Chromium (Debian's chromium). The build directory is made by hand here, so the expected
# numbers are known: 2 tasks, configured weights 0.75 / 0.25, drawn 60 / 40.
# The shards stage packs the three tokenized examples (prefixlm, L = 20, best-fit
# decreasing); worked out by hand: sizes a1 3+2 = 5, a2 16+2 = 18, b1 2+3 = 5. Largest
# first: a2 opens row A (room 2); a1 does not fit A, opens row B (room 15); b1 fits only B.
# Rows come in the order of their first example: row 0 = B = [a1, b1] (2 segments, 10
# tokens, loss on 2 + 3 targets, 10 pad), row 1 = A = [a2] (1 segment, 18 tokens, 2 pad).
# Efficiency 28/40 = 70.00%, pad fraction 30.00%, 2 sequences, 3 examples.
. "$(dirname "$0")/../lib.sh"

make_build() {
    mkdir -p b/mix b/tokens/mixed b/format/examples/alpha/zs_opt b/format/examples/beta/zs_opt \
             b/ingest/records/alpha b/ingest/records/beta &&
    echo '{"flanmix_manifest":1,"stage":"mix","settings":{"seed":7},"inputs":[],"outputs":[],"counts":{"members":{"alpha/zs_opt":{"weight":0.75,"expected":75,"drawn":60},"beta/zs_opt":{"weight":0.25,"expected":25,"drawn":40}}}}' >b/mix/manifest.json &&
    echo '{"flanmix_manifest":1,"stage":"tokenize","settings":{"inputs_len":16,"targets_len":8},"inputs":[],"outputs":[],"counts":{"examples":3}}' >b/tokens/manifest.json &&
    printf '%s\n' '{"id":"a1","task":"alpha","inputs":[5,6,1],"targets":[7,1],"inputs_truncated":0,"targets_truncated":0}' \
        '{"id":"a2","task":"alpha","inputs":[5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,1],"targets":[7,1],"inputs_truncated":4,"targets_truncated":0}' \
        '{"id":"b1","task":"beta","inputs":[5,1],"targets":[9,9,1],"inputs_truncated":0,"targets_truncated":0}' \
        | zstd -q -c >b/tokens/mixed/block-00000.jsonl.zst &&
    flanmix-pack -q --layout prefixlm --format mds --seq-len 20 --vocab-size 32128 --eos-id 1 --pad-id 0 \
        -o b/shards b/tokens/mixed &&
    echo '{"task":"alpha","submixture":"flan2021"}' >b/ingest/records/alpha/meta.json &&
    echo '{"task":"beta","submixture":"cot"}' >b/ingest/records/beta/meta.json &&
    echo '{"flanmix_manifest":1,"stage":"ingest","settings":{},"inputs":[],"outputs":[],"counts":{"alpha":{"read":3,"written":2,"rejected":1}}}' >b/ingest/manifest.json &&
    echo '{"task":"alpha","file":"x.jsonl","line":3,"reason":"field label: expected a number"}' >b/ingest/rejects.jsonl &&
    echo '{"id":"r1/zs_opt","task":"alpha","format":"zs_opt","template":2,"inputs":"Is <b> bold?\n\tyes","targets":"A & B","record":"alpha:x.jsonl:1","exemplars":[]}' \
        | zstd -q -c >b/format/examples/alpha/zs_opt/part-00000.jsonl.zst &&
    echo '{"id":"r2/zs_opt","task":"beta","format":"zs_opt","template":0,"inputs":"q","targets":"t","record":"beta:y.tsv:1","exemplars":[]}' \
        | zstd -q -c >b/format/examples/beta/zs_opt/part-00000.jsonl.zst
}

chrome() { # chrome OUT_OPTION URL
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PWD/chrome-profile-$RANDOM" "$@" 2>/dev/null
}

test_expect_success 'report is written and self-contained' '
    make_build &&
    flanmix report b &&
    test -s b/report.html &&
    ! grep -Eq "<script[^>]+src=|<link[^>]+href=|https?://[^\"'"'"' ]*\.(js|css|woff)" b/report.html &&
    grep -q "<svg" b/report.html
'

test_expect_success 'report shows configured vs drawn, lengths, truncations, samples, rejects' '
    make_build && flanmix report b &&
    grep -q "75.00% / 60.00%" b/report.html &&
    grep -q "25.00% / 40.00%" b/report.html &&
    grep -q "2 examples; mean inputs 9.5, targets 2.0 tokens" b/report.html &&
    grep -q "<b class=trunc>1 inputs</b>" b/report.html &&
    grep -q "inputs limit" b/report.html &&
    grep -qF "Is<span class=ws>·</span>&lt;b&gt;<span class=ws>·</span>bold?<span class=ws>↵</span>" b/report.html &&
    grep -qF "<span class=ws>→</span>yes" b/report.html &&
    grep -qF "A<span class=ws>·</span>&amp;<span class=ws>·</span>B" b/report.html &&
    grep -q "field label: expected a number</td><td>1<" b/report.html &&
    grep -q "alpha:x.jsonl:1" b/report.html
'

test_expect_success 'report --text prints the statistics' '
    make_build && flanmix report --text b >out &&
    grep -q "== mix" out && grep -q "== ingest" out &&
    grep -qx "  efficiency: 70.00% non-pad" out && grep -qx "  padding: 30.00% of 40 positions" out
'

test_expect_success 'report shows packing efficiency, sequences, pad fraction and the first packed rows' '
    make_build && flanmix report b &&
    grep -q "<td id=pack-rows>2</td>" b/report.html &&
    grep -q "<td id=pack-efficiency>70.00%</td>" b/report.html &&
    grep -q "<td id=pack-pad>30.00% of 40 positions</td>" b/report.html &&
    grep -q "3 (1.50 per sequence" b/report.html &&
    grep -q "The first 2 rows of <code>block-00000/shard.00000.mds.zstd</code>" b/report.html &&
    grep -o "<g class=packed-row [^>]*>" b/report.html >rows &&
    printf "%s\n" "<g class=packed-row data-segments='"'"'2'"'"' data-used='"'"'10'"'"' data-len='"'"'20'"'"'>" \
        "<g class=packed-row data-segments='"'"'1'"'"' data-used='"'"'18'"'"' data-len='"'"'20'"'"'>" >want &&
    test_cmp want rows &&
    grep -q "<title>segment 2, loss on positions 7-9</title>" b/report.html &&
    grep -q "<title>padding, positions 18-19</title>" b/report.html
'

test_expect_success 'flanmix inspect --stats prints the same statistics for terminals' '
    make_build && flanmix inspect --stats b/shards >got &&
    cat >want <<-X &&
	format mds, algo bfd
	examples: 3 read, 3 packed, 0 rejected, 0 truncated
	rows: 2 (1.50 examples per row)
	efficiency: 70.00% non-pad
	padding: 30.00% of 40 positions
	X
    test_cmp want got
'

test_expect_success 'report on a directory without manifests fails clearly' '
    mkdir empty && test_must_fail flanmix report empty 2>err && grep -q "no manifests" err
'

if command -v chromium >/dev/null; then
test_expect_success 'the page renders in headless Chromium (screenshot, key elements)' '
    make_build && flanmix report b &&
    chrome --screenshot="$PWD/shot.png" --window-size=1200,1600 "file://$PWD/b/report.html" &&
    test -s shot.png && test "$(head -c 8 shot.png | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a &&
    test "$(stat -c %s shot.png)" -gt 10000 &&
    chrome --dump-dom "file://$PWD/b/report.html" >dom.html &&
    grep -q "id=\"mixture\"" dom.html && grep -q "id=\"lengths\"" dom.html &&
    grep -q "id=\"samples\"" dom.html && grep -q "id=\"filter\"" dom.html &&
    grep -q "id=\"rejects\"" dom.html && grep -q "id=\"settings\"" dom.html
'
test_expect_success 'the packed-rows picture is in the rendered DOM: 2 rows, 3 segments, 3 loss runs, 2 pads' '
    make_build && flanmix report b &&
    chrome --dump-dom "file://$PWD/b/report.html" >dom.html &&
    test "$(grep -o "<g class=\"packed-row\"" dom.html | wc -l)" = 2 &&
    test "$(grep -o "<rect class=\"seg\"" dom.html | wc -l)" = 3 &&
    test "$(grep -o "<rect class=\"loss\"" dom.html | wc -l)" = 3 &&
    test "$(grep -o "<rect class=\"pad\"" dom.html | wc -l)" = 2 &&
    grep -q "data-segments=\"2\" data-used=\"10\" data-len=\"20\"" dom.html &&
    grep -q "data-segments=\"1\" data-used=\"18\" data-len=\"20\"" dom.html &&
    grep -q "<g class=\"legend\">" dom.html && grep -q "id=\"pack-efficiency\">70.00%" dom.html
'
test_expect_success 'the task filter hides the tasks that do not match' '
    make_build && flanmix report b &&
    chrome --dump-dom "file://$PWD/b/report.html#filter=beta" >dom.html &&
    grep -q "data-name=\"alpha\" style=\"display: none;\"" dom.html &&
    ! grep -q "data-name=\"beta\" style=\"display: none;\"" dom.html
'
else
test_expect_success 'chromium is installed for the browser test (make test installs it)' 'false'
fi
test_expect_success 'the mixture chart reads the task_formats list that flanmix mix writes' '
    make_build &&
    echo "{\"flanmix_manifest\":1,\"stage\":\"mix\",\"settings\":{\"seed\":7},\"inputs\":[],\"outputs\":[],\"counts\":{\"draws\":100,\"members\":[{\"path\":\"m/a\",\"name\":\"alpha/zs_opt\",\"weight\":0.75,\"expected\":75}],\"task_formats\":[{\"name\":\"alpha/zs_opt\",\"task\":\"alpha\",\"weight\":0.75,\"expected\":75,\"drawn\":60},{\"name\":\"beta/zs_opt\",\"task\":\"beta\",\"weight\":0.25,\"expected\":25,\"drawn\":40}]}}" >b/mix/manifest.json &&
    flanmix report b &&
    grep -q "<section id=mixture>" b/report.html &&
    grep -q "75.00% / 60.00%" b/report.html &&
    grep -q "25.00% / 40.00%" b/report.html &&
    test $(grep -o "% / [0-9.]*%" b/report.html | wc -l) = 2 &&
    grep -q "class=item data-name=.beta/zs_opt." b/report.html
'

test_expect_success 'a real demo build: one bar per task-format of its mix manifest' '
    flanmix demo -q -o d >/dev/null &&
    flanmix report d &&
    want=$(/usr/bin/python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))[\"counts\"][\"task_formats\"]))" d/mix/manifest.json) &&
    test "$want" -gt 1 &&
    test $(grep -o "% / [0-9.]*%" d/report.html | wc -l) = "$want"
'

test_expect_success 'examples and tokens per task, with each task'"'"'s share of all tokens' '
    make_build && flanmix report b &&
    # alpha: a1 (3 input, 2 target tokens) + a2 (16, 2) = 19 + 4; beta: b1 (2, 3).
    # All tokens 28: alpha 23/28 = 82.14%, beta 5/28 = 17.86%.
    grep -qF "<td>alpha</td><td>flan2021</td><td>2</td><td>19</td><td>4</td><td>82.14%</td>" b/report.html &&
    grep -qF "<td>beta</td><td>cot</td><td>1</td><td>2</td><td>3</td><td>17.86%</td>" b/report.html
'

test_done
