#!/usr/bin/python3
"""Independent MDS reader for the tests, written from the published layout
(mosaicml/streaming: index.json v2, MDSWriter.encode_joint_shard / encode_sample,
NDArray encodings) -- it shares no code with flanmix's C writer.

usage: mds_read.py DIR            prints every sample, one line per column
Checks, failing with an exception:
  * index.json bytes == json.dumps(obj, sort_keys=True) (default separators, no newline)
  * version 2, closed key set in shard entries, sorted columns and hashes
  * each .mds.zstd is exactly ONE zstd frame whose header carries the content size
  * raw size, sample count, offsets (absolute, u32), config JSON bytes
  * shard rollover is MDSWriter's: no shard could have taken the next shard's first sample
  * xxh3_64 hashes (checked with the xxhsum command, when the index lists them)
"""
import json, os, struct, subprocess, sys
import numpy as np
import zstandard

KEYS = {"column_encodings", "column_names", "column_sizes", "compression", "format", "hashes",
        "raw_data", "samples", "size_limit", "version", "zip_data"}
DTYPES = {"uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "int32": np.int32,
          "int64": np.int64, "uint64": np.uint64, "int8": np.int8, "int16": np.int16}


def xxh3(path):
    out = subprocess.run(["xxhsum", "-H3", path], check=True, capture_output=True, text=True).stdout
    return out.rsplit("=", 1)[1].strip()


def one_frame(data):
    assert data[:4] == b"\x28\xb5\x2f\xfd", "not a zstd frame"
    params = zstandard.get_frame_parameters(data)
    assert params.content_size != zstandard.CONTENTSIZE_UNKNOWN, "frame without content size"
    d = zstandard.ZstdDecompressor().decompressobj()
    raw = d.decompress(data)
    assert d.eof and not d.unused_data, "more than one zstd frame"
    assert len(raw) == params.content_size
    return raw


def decode(enc, size, blob):
    parts = enc.split(":")
    if parts[0] == "ndarray" and len(parts) == 3:
        arr = np.frombuffer(blob, dtype=np.dtype(DTYPES[parts[1]]).newbyteorder("<"))
        assert arr.size == int(parts[2]) and len(blob) == size
        return " ".join(str(int(x)) for x in arr)
    if enc == "int":
        return str(struct.unpack("<q", blob)[0])
    if enc == "str":
        return blob.decode("utf-8")
    raise ValueError("encoding not handled by the test reader: " + enc)


def main(d):
    text = open(os.path.join(d, "index.json"), "rb").read()
    idx = json.loads(text)
    assert text == json.dumps(idx, sort_keys=True).encode(), "index.json is not json.dumps(sort_keys=True)"
    assert idx["version"] == 2
    total = 0
    for si, sh in enumerate(idx["shards"]):
        assert set(sh) == KEYS, "shard keys %s" % sorted(sh)
        assert sh["format"] == "mds" and sh["version"] == 2
        names = sh["column_names"]
        assert names == sorted(names) and len(set(names)) == len(names)
        assert sh["hashes"] == sorted(set(sh["hashes"]))
        assert sh["size_limit"] < 2 ** 32
        raw_name = sh["raw_data"]["basename"]
        if sh["compression"]:
            assert sh["compression"] == "zstd" or sh["compression"].startswith("zstd:")
            zpath = os.path.join(d, sh["zip_data"]["basename"])
            assert sh["zip_data"]["basename"] == raw_name + ".zstd"
            assert not os.path.exists(os.path.join(d, raw_name)), "raw shard kept next to the zstd one"
            zdata = open(zpath, "rb").read()
            assert len(zdata) == sh["zip_data"]["bytes"]
            if "xxh3_64" in sh["hashes"]:
                assert xxh3(zpath) == sh["zip_data"]["hashes"]["xxh3_64"]
            raw = one_frame(zdata)
        else:
            assert sh["zip_data"] is None
            raw = open(os.path.join(d, raw_name), "rb").read()
        assert len(raw) == sh["raw_data"]["bytes"]
        if "xxh3_64" in sh["hashes"]:
            tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "mds_read_raw.%d" % os.getpid())
            open(tmp, "wb").write(raw)
            try:
                assert xxh3(tmp) == sh["raw_data"]["hashes"]["xxh3_64"]
            finally:
                os.unlink(tmp)
        else:
            assert sh["raw_data"]["hashes"] == {}
        n = struct.unpack_from("<I", raw, 0)[0]
        assert n == sh["samples"]
        offs = struct.unpack_from("<%dI" % (n + 1), raw, 4)
        cfg = {k: v for k, v in sh.items() if k not in ("raw_data", "samples", "zip_data")}
        cfg_bytes = json.dumps(cfg, sort_keys=True).encode()
        start = 4 + 4 * (n + 1)
        assert raw[start:start + len(cfg_bytes)] == cfg_bytes, "shard config bytes"
        assert offs[0] == start + len(cfg_bytes) and offs[-1] == len(raw)
        # MDSWriter rollover: size = 8 + len(config) + sum(len(sample) + 4) <= limit,
        # and the next shard's first sample would not have fitted.
        assert len(raw) <= sh["size_limit"] or n == 1
        if si + 1 < len(idx["shards"]):
            nxt = idx["shards"][si + 1]
            first_next = None
            # the next shard's first sample size: its fixed sizes (all our columns are fixed)
            if all(s is not None for s in nxt["column_sizes"]):
                first_next = sum(nxt["column_sizes"])
            if first_next is not None and nxt["size_limit"] == sh["size_limit"] and \
                    os.path.dirname(nxt["raw_data"]["basename"]) == os.path.dirname(raw_name):
                assert len(raw) + first_next + 4 > sh["size_limit"], "shard rolled over too early"
        sizes = sh["column_sizes"]
        for i in range(n):
            s = raw[offs[i]:offs[i + 1]]
            nvar = sum(1 for z in sizes if z is None)
            var = list(struct.unpack_from("<%dI" % nvar, s, 0)) if nvar else []
            p = 4 * nvar
            print("sample %d" % total)
            for name, enc, size in zip(names, sh["column_encodings"], sizes):
                ln = size if size is not None else var.pop(0)
                print("  %s: %s" % (name, decode(enc, ln, s[p:p + ln])))
                p += ln
            assert p == len(s)
            total += 1
    print("samples: %d" % total)


if __name__ == "__main__":
    main(sys.argv[1])
