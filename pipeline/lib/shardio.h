/* shardio.h: what the packed-output writers (MDS, JSON Lines, Megatron) share.
 *
 * A writer produces shards inside one unit directory; each finished shard is recorded as an
 * fm_shard_out (path relative to that directory, size and XXH3-64 of the bytes on disk,
 * rows and non-pad tokens), so the stage can list it in manifest.json.
 */
#ifndef FM_SHARDIO_H
#define FM_SHARDIO_H

#include "error.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fm_shard_out {
    char *rel;        /* relative to the writer's directory */
    uint64_t bytes;   /* on disk */
    uint64_t xxh3;    /* of the bytes on disk */
    int64_t rows;     /* -1: not a data file (an index) */
    uint64_t tokens;  /* non-pad tokens in the shard */
} fm_shard_out;

typedef struct fm_shard_list {
    fm_shard_out *v;
    size_t n, cap;
} fm_shard_list;

void fm_shard_list_add(fm_shard_list *l, const char *rel, uint64_t bytes, uint64_t xxh3,
                       int64_t rows, uint64_t tokens);
void fm_shard_list_release(fm_shard_list *l);

/* Write data[0..n) atomically as ONE zstd frame whose header carries the content size
 * (what python-zstd, used by MosaicML streaming, needs), or plain when level < 0.
 * Returns the size and XXH3-64 of the bytes written. */
int fm_write_shard_file(const char *path, const void *data, size_t n, int zstd_level,
                        uint64_t *bytes, uint64_t *xxh3, fm_error *err);

/* fm_write_shard_file keeping its zstd context and output buffer in z from shard to shard
 * (zero-initialize z; release it with fm_shard_zbuf_release). Same bytes: fresh memory for
 * every shard (a context's workspace, a buffer the size of the compressed shard) costs
 * page faults, and those are dear on a VM (hugemem.h). */
typedef struct fm_shard_zbuf {
    struct fm_zcctx *zc;
    void *buf;
    size_t cap, mapped;
} fm_shard_zbuf;
int fm_write_shard_file_z(const char *path, const void *data, size_t n, int zstd_level, fm_shard_zbuf *z,
                          uint64_t *bytes, uint64_t *xxh3, fm_error *err);
void fm_shard_zbuf_release(fm_shard_zbuf *z);

/* Same for data given in pieces (written as their concatenation), streamed through the
 * compressor with the total size pledged, so no contiguous copy is made. */
int fm_write_shard_parts(const char *path, const void *const *parts, const size_t *lens, size_t nparts,
                         int zstd_level, uint64_t *bytes, uint64_t *xxh3, fm_error *err);

/* Token id column type: 2 (uint16) or 4 (uint32) bytes. */
typedef enum { FM_DTYPE_AUTO = 0, FM_DTYPE_U16 = 2, FM_DTYPE_U32 = 4 } fm_dtype;
/* uint16 when every id of a vocabulary of vocab_size fits (vocab_size <= 65536). */
fm_dtype fm_dtype_for_vocab(uint64_t vocab_size);

/* Append x as little-endian. */
static inline void fm_put_u16(fm_strbuf *sb, uint32_t x)
{
    unsigned char b[2] = { (unsigned char)x, (unsigned char)(x >> 8) };
    fm_strbuf_add(sb, b, 2);
}
static inline void fm_put_u32(fm_strbuf *sb, uint32_t x)
{
    unsigned char b[4] = { (unsigned char)x, (unsigned char)(x >> 8), (unsigned char)(x >> 16),
                           (unsigned char)(x >> 24) };
    fm_strbuf_add(sb, b, 4);
}
static inline void fm_put_u64(fm_strbuf *sb, uint64_t x)
{
    fm_put_u32(sb, (uint32_t)x);
    fm_put_u32(sb, (uint32_t)(x >> 32));
}
static inline uint32_t fm_get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t fm_get_u64(const unsigned char *p)
{
    return (uint64_t)fm_get_u32(p) | (uint64_t)fm_get_u32(p + 4) << 32;
}

/* JSON text exactly as Python's json.dumps(v, sort_keys=True) writes it: separators ", "
 * and ": ", object keys sorted, non-ASCII as \uXXXX (ensure_ascii). Numbers must be
 * integers. This is the byte format of MDS index.json and shard configs. */
void fm_pydump(fm_strbuf *out, const cJSON *v);

#endif
