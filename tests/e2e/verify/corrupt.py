#!/usr/bin/python3
"""Corrupt one row of a `flanmix pack` output precisely, then re-fix every checksum (the
manifest's bytes/xxh3, MDS index.json raw_data/zip_data), so that only flanmix verify's
row invariant checks can notice. Written from the published layouts (docs/formats.md,
mosaicml/streaming MDS v2, Megatron .bin/.idx); shares no code with flanmix.

usage: corrupt.py OUTDIR SHARD ROW COLUMN:POS=VALUE...
  SHARD   path relative to OUTDIR (block-00000/shard.00000.mds.zstd, .../rows-00000.jsonl.zst,
          .../shard-00000.bin)
  ROW     0-based sample / line / sequence
  COLUMN  column name (MDS column, JSON key; "tokens" for Megatron), POS its 0-based index
xxh3: the xxhsum CLI (xxhash), as tests/e2e/t7000-verify.sh uses."""
import json, struct, subprocess, sys
import zstandard

DT = {"uint8": 1, "uint16": 2, "uint32": 4}


def xxh3(data):
    out = subprocess.run(["xxhsum", "-H3", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return out.rsplit(" = ", 1)[1].strip()  # "XXH3 (stdin) = <16 hex>"


def load(path):
    return open(path, "rb").read()


def mds_patch(raw, row, edits):
    n, = struct.unpack_from("<I", raw, 0)
    offs = struct.unpack_from("<%dI" % (n + 1), raw, 4)
    cfg = json.loads(raw[4 + 4 * (n + 1):offs[0]])
    buf = bytearray(raw)
    base = offs[row]
    for name, enc, size in zip(cfg["column_names"], cfg["column_encodings"], cfg["column_sizes"]):
        _, dt, count = enc.split(":")
        w = DT[dt]
        for col, pos, val in edits:
            if col == name:
                assert pos < int(count), (col, pos, count)
                buf[base + pos * w: base + (pos + 1) * w] = val.to_bytes(w, "little")
        base += size
    return bytes(buf)


def main(out, shard, row, specs):
    edits = []
    for s in specs:
        col, rest = s.split(":")
        pos, val = rest.split("=")
        edits.append((col, int(pos), int(val)))
    path = out + "/" + shard
    data = load(path)
    man = json.load(open(out + "/manifest.json"))
    fixed = {shard: None}
    if shard.endswith(".mds.zstd") or shard.endswith(".mds"):
        compressed = shard.endswith(".zstd")
        raw = zstandard.ZstdDecompressor().decompress(data) if compressed else data
        raw = mds_patch(raw, row, edits)
        data = zstandard.ZstdCompressor(level=3).compress(raw) if compressed else raw
        # index.json of the block and of the output: raw_data and zip_data sizes and hashes
        block = shard.rsplit("/", 1)[0]
        base = shard.rsplit("/", 1)[1]
        for ip, prefix in ((out + "/" + block + "/index.json", ""), (out + "/index.json", block + "/")):
            try:
                idx = json.load(open(ip))
            except FileNotFoundError:
                continue
            for e in idx["shards"]:
                names = [e["raw_data"]["basename"]] + ([e["zip_data"]["basename"]] if e.get("zip_data") else [])
                if prefix + base not in names:
                    continue
                e["raw_data"]["bytes"] = len(raw)
                if e["raw_data"].get("hashes"):
                    e["raw_data"]["hashes"]["xxh3_64"] = xxh3(raw)
                if e.get("zip_data"):
                    e["zip_data"]["bytes"] = len(data)
                    if e["zip_data"].get("hashes"):
                        e["zip_data"]["hashes"]["xxh3_64"] = xxh3(data)
            open(ip, "w").write(json.dumps(idx, sort_keys=True))
        fixed[block + "/index.json"] = None
    elif "/rows-" in shard or shard.startswith("rows-"):
        compressed = shard.endswith(".zst")
        text = zstandard.ZstdDecompressor().decompress(data) if compressed else data
        lines = text.decode().split("\n")
        obj = json.loads(lines[row])
        for col, pos, val in edits:
            obj[col][pos] = val
        lines[row] = json.dumps(obj, separators=(",", ":"))
        text = "\n".join(lines).encode()
        data = zstandard.ZstdCompressor(level=3).compress(text) if compressed else text
    elif shard.endswith(".bin"):
        idx = load(path[:-4] + ".idx")
        w = 2 if idx[17] == 8 else 4
        S, = struct.unpack_from("<Q", idx, 18)
        ptr, = struct.unpack_from("<q", idx, 34 + 4 * S + 8 * row)
        buf = bytearray(data)
        for col, pos, val in edits:
            assert col == "tokens"
            buf[ptr + pos * w: ptr + (pos + 1) * w] = val.to_bytes(w, "little")
        data = bytes(buf)
    else:
        sys.exit("unknown shard kind: " + shard)
    open(path, "wb").write(data)
    for e in man["outputs"]:
        if e["path"] in fixed:
            b = load(out + "/" + e["path"])
            e["bytes"] = len(b)
            e["xxh3"] = xxh3(b)
    open(out + "/manifest.json", "w").write(json.dumps(man, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:])
