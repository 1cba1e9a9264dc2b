#!/usr/bin/python3
"""Independent Megatron .idx/.bin reader for the tests, from the published layout
(megatron/core/datasets/indexed_dataset.py _IndexWriter/_IndexReader).
usage: megatron_read.py PREFIX   (PREFIX.idx and PREFIX.bin)"""
import struct, sys
import numpy as np

CODES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64,
         7: np.float32, 8: np.uint16}


def main(prefix):
    idx = open(prefix + ".idx", "rb").read()
    binf = open(prefix + ".bin", "rb").read()
    assert idx[:9] == b"MMIDIDX\x00\x00"
    version, = struct.unpack_from("<Q", idx, 9)
    assert version == 1
    code = idx[17]
    dt = np.dtype(CODES[code]).newbyteorder("<")
    S, D = struct.unpack_from("<QQ", idx, 18)
    lens = np.frombuffer(idx, dtype="<i4", count=S, offset=34)
    ptrs = np.frombuffer(idx, dtype="<i8", count=S, offset=34 + 4 * S)
    docs = np.frombuffer(idx, dtype="<i8", count=D, offset=34 + 12 * S)
    assert len(idx) == 34 + 12 * S + 8 * D, "trailing bytes in .idx"
    assert docs[0] == 0 and docs[-1] == S
    expect = 0
    for i in range(S):
        assert ptrs[i] == expect
        expect += int(lens[i]) * dt.itemsize
    assert expect == len(binf)
    print("dtype_code %d sequences %d documents %d" % (code, S, D - 1))
    print("document_indices " + " ".join(str(int(x)) for x in docs))
    for i in range(S):
        seq = np.frombuffer(binf, dtype=dt, count=int(lens[i]), offset=int(ptrs[i]))
        print("seq %d: %s" % (i, " ".join(str(int(x)) for x in seq)))


if __name__ == "__main__":
    main(sys.argv[1])
