#!/usr/bin/env bash
# flanmix mix on small fake format outputs: realized proportions, determinism, parts,
# repetition of exhausted tasks, missing data, subtasks.
. "$(dirname "$0")/../lib.sh"

MK="python3 $FM_ROOT/tests/mix/mkexamples.py"
COUNT="python3 $FM_ROOT/tests/mix/count.py"

# The synthetic mixture. Configured weights, by hand:
#   main (weight 3 of 3+1 = 0.75): rates ta min(30000, 50000) = 30000, tb 20000, tc 5000;
#     sum 55000 -> ta 0.75*30/55 = 0.4090909, tb 0.75*20/55 = 0.2727273, tc 0.75*5/55 = 0.0681818
#   side (0.25): td rate "equal" = 1, te rate 3 -> td 0.25/4 = 0.0625, te 0.25*3/4 = 0.1875
# Sum: 1. ta's data is in two part files; td (300 examples) and te (1000) run out and repeat.
mkdata() {
	$MK ex ta/zs_opt=50000:30000 tb/zs_opt=20000 tc/zs_opt=5000 td/fs_x=300 te/fs_x=1000 \
		--no-manifest-for tb/zs_opt &&
	cat >mix.json <<-\EOF
	{"name": "syn", "defaults": {"rate": "examples", "cap": 30000},
	 "members": [
	   {"mixture": {"name": "main", "members": [{"tasks": ["ta", "tb", "tc"], "format": "zs_opt"}]}, "weight": 3},
	   {"mixture": {"name": "side", "members": [{"task": "td", "format": "fs_x", "rate": "equal"},
	                                            {"task": "te", "format": "fs_x", "rate": 3}]}, "weight": 1}]}
	EOF
}

test_expect_success '100,000 draws: proportions within 1% of the configured weights' '
	mkdata &&
	flanmix mix mix.json --examples ex --count 100000 --seed 7 -q -o out &&
	ls out/mixed | grep -c block- | grep -qx 10 &&
	$COUNT out >counts &&
	grep -qx "total	100000" counts &&
	for tw in ta/zs_opt:0.40909090909 tb/zs_opt:0.27272727273 tc/zs_opt:0.06818181818 \
	          td/fs_x:0.0625 te/fs_x:0.1875; do
		t=${tw%%:*} w=${tw#*:}
		n=$(awk -F"\t" -v t=$t "\$1 == t { print \$2 }" counts) &&
		awk -v n=$n -v w=$w "BEGIN { e = w * 100000; d = (n - e) / e; if (d < 0) d = -d;
			printf \"%s %d expected %.1f\n\", \"$t\", n, e; exit d > 0.01 }" || return 1
	done
'

test_expect_success 'the manifest reports expected and drawn counts and epochs' '
	mkdata && flanmix mix mix.json --examples ex --count 100000 --seed 7 -q -o out &&
	$COUNT out >counts &&
	python3 - <<-\EOF
	import json
	m = json.load(open("out/manifest.json"))
	assert m["stage"] == "mix" and m["counts"]["draws"] == 100000
	got = dict(l.split("\t") for l in open("counts").read().split("\n") if l)
	for u in m["counts"]["task_formats"]:
	    assert u["drawn"] == u["drawn_total"] == int(got[u["name"]]), u
	    assert abs(u["expected"] - 100000 * {"ta/zs_opt": 30/55*0.75, "tb/zs_opt": 20/55*0.75,
	        "tc/zs_opt": 5/55*0.75, "td/fs_x": 0.0625, "te/fs_x": 0.1875}[u["name"]]) < 1e-6
	    assert abs(u["epochs"] - u["drawn"] / u["num_examples"]) < 1e-6
	td = [u for u in m["counts"]["task_formats"] if u["name"] == "td/fs_x"][0]
	assert td["num_examples"] == 300 and td["passes"] == 21, td   # 6250 draws / 300 = 20.8
	assert len(m["outputs"]) == 10 and all(o["records"] == 10000 for o in m["outputs"])
	EOF
'

test_expect_success 'a task that runs out repeats from its start, in order' '
	mkdata && flanmix mix mix.json --examples ex --count 30000 -q -o out &&
	for f in out/mixed/block-*; do zstd -q -dc $f; done >all.jsonl &&
	python3 - <<-\EOF
	import json
	rows = [json.loads(l) for l in open("all.jsonl")]
	for task, n in (("td", 300), ("te", 1000), ("tc", 5000)):
	    seq = [int(r["record"].split(":")[-1]) for r in rows if r["task"] == task]
	    assert seq == [k % n for k in range(len(seq))], task
	    assert len(seq) > n or task == "tc", (task, len(seq))
	# ta spans two part files: its draws go on across the file boundary.
	seq = [int(r["record"].split(":")[-1]) for r in rows if r["task"] == "ta"]
	assert seq == list(range(len(seq)))
	EOF
'

test_expect_success 'same seed, same bytes; another seed, another order' '
	mkdata &&
	flanmix mix mix.json --examples ex --count 25000 --seed 3 -q -o a &&
	flanmix mix mix.json --examples ex --count 25000 --seed 3 -q -o b &&
	flanmix mix mix.json --examples ex --count 25000 --seed 4 -q -o c &&
	for f in a/manifest.json a/mixed/*; do test_cmp $f b/${f#a/} || return 1; done &&
	! cmp -s a/mixed/block-00000.jsonl.zst c/mixed/block-00000.jsonl.zst
'

test_expect_success 'parts 0/3, 1/3, 2/3 together give the single run byte for byte' '
	mkdata &&
	flanmix mix mix.json --examples ex --count 45000 --seed 9 -q -o one &&
	for i in 0 1 2; do
		flanmix mix mix.json --examples ex --count 45000 --seed 9 -q --part $i/3 -o parts || return 1
	done &&
	test -f parts/manifest.part-0-of-3.json && test -f parts/manifest.part-2-of-3.json &&
	(cd one/mixed && ls) >l1 && (cd parts/mixed && ls) >l3 && test_cmp l1 l3 &&
	test $(wc -l <l1) = 5 &&
	for f in one/mixed/*; do test_cmp $f parts/mixed/${f#one/mixed/} || return 1; done &&
	# Part 1 of 3 owns blocks 1 and 4 only: 10,000 + the last 5,000 draws.
	python3 -c "import json; m = json.load(open(\"parts/manifest.part-1-of-3.json\")); \
		assert [o[\"path\"] for o in m[\"outputs\"]] == [\"mixed/block-00001.jsonl.zst\", \"mixed/block-00004.jsonl.zst\"]; \
		assert m[\"counts\"][\"drawn_in_part\"] == 15000"
'

test_expect_success 'missing data: an error naming the tasks; --allow-missing goes on' '
	mkdata &&
	cat >miss.json <<-\EOF &&
	{"name": "miss", "members": [{"tasks": ["ta", "tx", "ty"], "format": "zs_opt"}, {"task": "td", "format": "fs_x"}]}
	EOF
	test_must_fail flanmix mix miss.json --examples ex --count 100 -q -o out 2>err &&
	grep "no examples for 2 task-format(s): tx/zs_opt, ty/zs_opt" err &&
	test ! -e out/manifest.json &&
	flanmix mix miss.json --examples ex --count 1000 -q --allow-missing -o out 2>err &&
	grep "warning: no examples for tx/zs_opt" err &&
	python3 -c "import json; m = json.load(open(\"out/manifest.json\")); c = m[\"counts\"]; \
		assert c[\"missing\"] == [\"tx/zs_opt\", \"ty/zs_opt\"], c[\"missing\"]; \
		w = {u[\"name\"]: u[\"weight\"] for u in c[\"task_formats\"]}; \
		assert abs(w[\"ta/zs_opt\"] - 50000/50300) < 1e-12 and abs(w[\"td/fs_x\"] - 300/50300) < 1e-12, w"
'

test_expect_success 'NIV2-style subtasks: one group member, or each its own capped member' '
	$MK ex niv/zs_opt=800 --subtasks niv/zs_opt=task001_a:600,task002_b:200 &&
	cat >g.json <<-\EOF &&
	{"name": "g", "defaults": {"cap": 300}, "members": [{"task": "niv", "format": "zs_opt", "subtasks": "group"}]}
	EOF
	sed "s/group/each/" g.json >e.json &&
	flanmix mix --weights-only g.json --examples ex >wg &&
	# group: one member, rate min(300, 800) = 300
	grep -P "^g\tniv/zs_opt\texamples\t300\t800\t300\t1.0+e\+00$" wg &&
	flanmix mix --weights-only e.json --examples ex >we &&
	# each: rates min(300, 600) = 300 and 200, so 0.6 and 0.4
	grep -P "^g\tniv/zs_opt/task001_a\texamples\t300\t600\t300\t6.0+e-01$" we &&
	grep -P "^g\tniv/zs_opt/task002_b\texamples\t300\t200\t200\t4.0+e-01$" we &&
	# The group draws its subtasks in proportion to size: 3/4 and 1/4 of 4000.
	flanmix mix g.json --examples ex --count 4000 -q -o out &&
	for f in out/mixed/block-*; do zstd -q -dc $f; done | grep -c task001_a >n1 &&
	test $(cat n1) -ge 2995 && test $(cat n1) -le 3005
'

test_expect_success 'a group member: many tasks as one capped member, drawn by size' '
	$MK ex task001_a/zs_opt=600 task002_b/zs_opt=200 other/zs_opt=100 &&
	cat >g.json <<-\EOF &&
	{"name": "g", "defaults": {"cap": 400},
	 "members": [{"tasks": ["task[0-9]*"], "group": "niv", "format": "zs_opt"},
	             {"task": "other", "format": "zs_opt"}]}
	EOF
	flanmix mix --weights-only g.json --examples ex >w &&
	# niv: min(400, 600 + 200) = 400; other 100: weights 0.8 and 0.2.
	grep -P "^g\tniv/zs_opt\texamples\t400\t800\t400\t8.0+e-01$" w &&
	grep -P "^g\tother/zs_opt\texamples\t400\t100\t100\t2.0+e-01$" w &&
	# Inside the group by size: 0.8 * 3/4 = 0.6 and 0.8 * 1/4 = 0.2 of 5000 draws.
	flanmix mix g.json --examples ex --count 5000 -q -o out &&
	python3 -c "import json; d = {u[\"name\"]: u[\"drawn\"] for u in json.load(open(\"out/manifest.json\"))[\"counts\"][\"task_formats\"]}; \
		assert abs(d[\"task001_a/zs_opt\"] - 3000) <= 2 and abs(d[\"task002_b/zs_opt\"] - 1000) <= 2, d" &&
	# FLAN counts name the group as one task: with a counts table it stands for the group.
	printf "task\tformat\tnum_examples\nniv\tzs_opt\t5000000\nother\tzs_opt\t100\n" >n.tsv &&
	flanmix mix --weights-only g.json --num-examples-from n.tsv >w2 &&
	grep -P "^g\tniv/zs_opt\texamples\t400\t5000000\t400\t8.0+e-01$" w2
'

test_expect_success 'mixture file errors name the file and the key' '
	echo "{\"name\": \"x\", \"members\": [{\"task\": \"ta\", \"format\": \"zs_opt\", \"cap\": -1}]}" >bad1.json &&
	test_must_fail flanmix mix --weights-only bad1.json 2>err && grep "bad1.json: field .members\[0\].cap." err &&
	echo "{\"name\": \"x\", \"members\": [{\"mixture\": {\"name\": \"y\", \"members\": [{\"task\": \"a\", \"formt\": \"b\"}]}}]}" >bad2.json &&
	test_must_fail flanmix mix --weights-only bad2.json 2>err && grep "bad2.json: field .members\[0\].mixture.members\[0\].: unknown key .formt." err &&
	echo "{\"name\": \"x\", \"members\": [{\"mixture\": \"bad3.json\"}]}" >bad3.json &&
	test_must_fail flanmix mix --weights-only bad3.json 2>err && grep "includes itself" err
'

test_expect_success '--epochs-of-smallest stops when the first task has been seen once' '
	mkdata &&
	flanmix mix mix.json --examples ex --epochs-of-smallest -q -o out &&
	# td runs out first: 300 / 0.0625 = 4800 draws (te: 1000/0.1875 = 5333). The sampler
	# keeps td within 1 + 5 * 0.0625 draws of 0.0625 R, so it completes 300 within
	# 1.3125 / 0.0625 = 21 draws of 4800.
	python3 -c "import json; c = json.load(open(\"out/manifest.json\"))[\"counts\"]; \
		d = {u[\"name\"]: u[\"drawn\"] for u in c[\"task_formats\"]}; \
		assert abs(c[\"draws\"] - 4800) <= 21 and d[\"td/fs_x\"] == 300 and d[\"te/fs_x\"] < 1000, (c[\"draws\"], d)"
'

test_done
