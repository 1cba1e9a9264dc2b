python3 -c 'import sys; [print("{\"a\":\"%d %s\"}" % (i, "x"*(i%50))) for i in range(20000)]' | zstd -q > data.jsonl
python3 -c '
import sys
b = bytearray(open("data.jsonl","rb").read())
for i in range(4, 12): b[i] ^= 0x5a
open("data.jsonl","wb").write(bytes(b))'
