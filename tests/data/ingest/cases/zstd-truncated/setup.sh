python3 -c 'import sys; [print("{\"a\":\"%d %s\"}" % (i, "x"*(i%50))) for i in range(20000)]' | zstd -q > full.zst
head -c $(( $(stat -c %s full.zst) - 100 )) full.zst > data.jsonl
