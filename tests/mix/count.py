#!/usr/bin/env python3
"""Read OUT/mixed/block-*.jsonl.zst and print "task/format<TAB>count" lines, checking that
draws are 0..N-1 in order and each line's "draw" is its last key."""
import glob, json, subprocess, sys, collections
out = sys.argv[1]
c = collections.Counter()
k = 0
for f in sorted(glob.glob(out + "/mixed/block-*.jsonl.zst")):
    for line in subprocess.run(["zstd", "-q", "-dc", f], stdout=subprocess.PIPE, check=True).stdout.decode().splitlines():
        ex = json.loads(line)
        assert list(ex)[-1] == "draw" and ex["draw"] == k, (f, k, line)
        k += 1
        c[ex["task"] + "/" + ex["format"]] += 1
for t in sorted(c):
    print("%s\t%d" % (t, c[t]))
print("total\t%d" % k)
