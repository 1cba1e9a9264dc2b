#!/usr/bin/python3
"""read_shards.py: load the output of `flanmix pack` in Python (numpy + zstandard only).

    /usr/bin/python3 tools/read_shards.py OUT            # MDS directory (index.json)
    /usr/bin/python3 tools/read_shards.py OUT/block-00000/rows-00000.jsonl.zst
    /usr/bin/python3 tools/read_shards.py OUT/block-00000/shard-00000      # Megatron prefix

Prints the first rows with their segments and loss masks. As a library:
    for row in read_mds("OUT"): row["tokens"], row["segment_ids"], row["loss_mask"], ...
    for row in read_jsonl(path): row["input_ids"], row["completion_mask"], row["seq_lengths"]
    for seq in read_megatron(prefix): numpy array of ids
Byte layouts: docs/formats.md.  (For training, use mosaicml-streaming's StreamingDataset
on the MDS directory, datasets.load_dataset("json", ...) on the JSONL, Megatron's
IndexedDataset on the prefix; this reader is for looking and checking.)
"""
import json, os, struct, sys

import numpy as np
import zstandard

_DT = {"uint8": "<u1", "uint16": "<u2", "uint32": "<u4", "int32": "<i4", "int64": "<i8"}


def _raw_shard(d, entry):
    if entry.get("zip_data"):
        data = open(os.path.join(d, entry["zip_data"]["basename"]), "rb").read()
        # one frame with its content size: one-shot decompression works
        return zstandard.ZstdDecompressor().decompress(data)
    return open(os.path.join(d, entry["raw_data"]["basename"]), "rb").read()


def read_mds(d):
    """Yield one dict of numpy arrays per sample of the MDS dataset in directory d."""
    index = json.load(open(os.path.join(d, "index.json")))
    assert index["version"] == 2
    for entry in index["shards"]:
        raw = _raw_shard(d, entry)
        n = struct.unpack_from("<I", raw, 0)[0]
        offs = struct.unpack_from("<%dI" % (n + 1), raw, 4)
        cols = list(zip(entry["column_names"], entry["column_encodings"], entry["column_sizes"]))
        for i in range(n):
            s = memoryview(raw)[offs[i]:offs[i + 1]]
            nvar = sum(1 for c in cols if c[2] is None)
            var = list(struct.unpack_from("<%dI" % nvar, s, 0))
            p, row = 4 * nvar, {}
            for name, enc, size in cols:
                size = size if size is not None else var.pop(0)
                kind = enc.split(":")
                if kind[0] == "ndarray" and len(kind) == 3:
                    row[name] = np.frombuffer(s[p:p + size], dtype=_DT[kind[1]])
                elif enc == "int":
                    row[name] = struct.unpack_from("<q", s, p)[0]
                elif enc == "str":
                    row[name] = bytes(s[p:p + size]).decode()
                else:
                    row[name] = bytes(s[p:p + size])
                p += size
            yield row


def read_jsonl(path):
    """Yield one dict per packed row of a rows-*.jsonl[.zst] file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"\x28\xb5\x2f\xfd":
        data = zstandard.ZstdDecompressor().decompress(data)
    for line in data.decode().splitlines():
        yield json.loads(line)


def read_megatron(prefix):
    """Yield each sequence (numpy array) of PREFIX.bin / PREFIX.idx."""
    idx = open(prefix + ".idx", "rb").read()
    assert idx[:9] == b"MMIDIDX\x00\x00"
    code = idx[17]
    dt = {8: "<u2", 4: "<i4"}[code]
    S = struct.unpack_from("<Q", idx, 18)[0]
    lens = np.frombuffer(idx, "<i4", S, 34)
    ptrs = np.frombuffer(idx, "<i8", S, 34 + 4 * S)
    binf = np.memmap(prefix + ".bin", dtype=np.uint8, mode="r")
    for ln, pt in zip(lens, ptrs):
        yield np.frombuffer(binf, dt, int(ln), int(pt))


def _show(tokens, segs, loss, enc=None, encseg=None):
    for s in range(1, int(segs.max(initial=0)) + 1):
        m = segs == s
        print("  segment %d: %d tokens" % (s, m.sum()))
        if enc is not None:
            print("    enc   : %s" % " ".join(map(str, enc[encseg == s])))
        t, l = tokens[m], loss[m]
        print("    tokens: %s" % " ".join(map(str, t)))
        print("    loss  : %s" % " ".join(map(str, l)))


def main(path, limit=3):
    if os.path.isdir(path):
        for k, row in enumerate(read_mds(path)):
            if k >= limit:
                break
            print("row %d" % k)
            if "tokens" in row:
                _show(row["tokens"], row["segment_ids"], row["loss_mask"])
            else:
                _show(row["decoder_target_tokens"], row["decoder_segment_ids"], row["decoder_loss_weights"],
                      row["encoder_input_tokens"], row["encoder_segment_ids"])
    elif ".jsonl" in os.path.basename(path):
        for k, row in enumerate(read_jsonl(path)):
            if k >= limit:
                break
            print("row %d" % k)
            if "input_ids" in row:
                ids = np.array(row["input_ids"])
                segs = np.repeat(np.arange(1, len(row["seq_lengths"]) + 1), row["seq_lengths"])
                if "completion_mask" in row:
                    loss = np.array(row["completion_mask"])
                else:
                    loss = (np.array(row["labels"]) != -100).astype(int)
                _show(ids, segs, loss)
            else:
                _show(*(np.array(row[k]) for k in ("decoder_target_tokens", "decoder_segment_ids",
                                                   "decoder_loss_weights", "encoder_input_tokens",
                                                   "encoder_segment_ids")))
    else:
        prefix = path[:-4] if path.endswith((".idx", ".bin")) else path
        for k, seq in enumerate(read_megatron(prefix)):
            if k >= limit:
                break
            print("sequence %d: %s" % (k, " ".join(map(str, seq))))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
