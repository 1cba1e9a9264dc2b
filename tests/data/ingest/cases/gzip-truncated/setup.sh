python3 -c 'import sys; [print("{\"a\":\"%d %s\"}" % (i, "x"*(i%50))) for i in range(20000)]' | gzip > full.gz
head -c $(( $(stat -c %s full.gz) - 100 )) full.gz > data.jsonl
