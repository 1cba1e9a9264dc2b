python3 -c 'import sys; [print("{\"a\":\"%d %s\"}" % (i, "x"*(i%50))) for i in range(20000)]' | gzip > data.jsonl
python3 -c '
b = bytearray(open("data.jsonl","rb").read())
for i in range(200, 260): b[i] ^= 0x5a
open("data.jsonl","wb").write(bytes(b))'
