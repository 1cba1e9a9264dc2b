#include "mds.h"

#include "fileio.h"
#include "hash.h"
#include "hugemem.h"
#include "json.h"
#include "zcctx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_getFrameProgression */
#include <zstd.h>
#include <stdlib.h>
#include <string.h>

#define STAGE_BYTES ((size_t)1 << 18) /* >= zstd's block size (128 KiB) */
#define LAZY_BYTES ((size_t)4 << 20)    /* see "streaming" below */
#define ZOUT_BYTES ((size_t)1 << 20)    /* compressed output buffered before write(2) */

struct fm_mds_writer {
    char *dir;
    size_t ncols;
    fm_mds_column *cols;
    uint64_t size_limit;
    int zstd_level, zstd_window_log, hash_xxh3;
    fm_strbuf config;      /* json.dumps(cfg, sort_keys=True) */
    fm_strbuf samples;     /* this shard's samples, back to back */
    uint32_t *ends;        /* end offset of each sample within `samples` */
    size_t nsamples, cap;
    uint64_t running;      /* MDSWriter's new_shard_size */
    uint64_t tokens;
    unsigned shard_no;
    cJSON *shards;         /* index entries so far */
    fm_shard_list files;
    fm_strbuf sample;      /* scratch */
    /* Streaming (every column fixed-size and compressed): see "streaming" below. */
    int streaming;
    uint64_t sample_len;   /* bytes of one sample */
    size_t full_n;         /* samples of a full shard */
    int open;              /* a shard's frame is being written */
    ZSTD_CCtx *cc;         /* set up for this writer's frames (zc's context) */
    fm_zcctx *zc;          /* borrowed (fm_mds_writer_use_cctx) or own_zc */
    int own_zc;
    fm_hasher *raw_hash;
    fm_strbuf zout;        /* compressed bytes not yet written to zf */
    fm_writer *zf;         /* the open shard's file (written as the frame is produced) */
    fm_strbuf stage, tail; /* samples not yet given to zstd; the chunk given last */
    uint64_t head_full;    /* header bytes of a full shard */
    size_t lazy;           /* stage at most this much of a shard before assuming it full */
    size_t hdr_n;          /* samples announced by the open frame's header */
    uint64_t hdr_len;      /* and that header's bytes */
    int known;             /* fm_mds_writer_expect() said `left` more samples will come */
    uint64_t left;
};

static const char *comp_name(int level, char buf[16])
{
    if (level < 0) return NULL;
    if (level == 3) return "zstd";
    snprintf(buf, 16, "zstd:%d", level);
    return buf;
}

/* The shard config: the index entry without raw_data, samples and zip_data. */
static cJSON *config_json(const fm_mds_writer *w)
{
    char cb[16];
    const char *comp = comp_name(w->zstd_level, cb);
    cJSON *o = cJSON_CreateObject();
    cJSON *enc = cJSON_AddArrayToObject(o, "column_encodings");
    cJSON *names = cJSON_AddArrayToObject(o, "column_names");
    cJSON *sizes = cJSON_AddArrayToObject(o, "column_sizes");
    for (size_t i = 0; i < w->ncols; i++) {
        cJSON_AddItemToArray(enc, cJSON_CreateString(w->cols[i].encoding));
        cJSON_AddItemToArray(names, cJSON_CreateString(w->cols[i].name));
        cJSON_AddItemToArray(sizes, w->cols[i].size ? cJSON_CreateNumber(w->cols[i].size)
                                                    : cJSON_CreateNull());
    }
    if (comp) cJSON_AddStringToObject(o, "compression", comp);
    else cJSON_AddNullToObject(o, "compression");
    cJSON_AddStringToObject(o, "format", "mds");
    cJSON *h = cJSON_AddArrayToObject(o, "hashes");
    if (w->hash_xxh3) cJSON_AddItemToArray(h, cJSON_CreateString("xxh3_64"));
    cJSON_AddNumberToObject(o, "size_limit", (double)w->size_limit);
    cJSON_AddNumberToObject(o, "version", 2);
    return o;
}

fm_mds_writer *fm_mds_writer_open(const char *dir, const fm_mds_column *cols, size_t ncols,
                                  uint64_t size_limit, int zstd_level, int zstd_window_log,
                                  int hash_xxh3, fm_error *err)
{
    if (size_limit < 1 || size_limit >= ((uint64_t)1 << 32)) {
        fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                     "MDS shard size limit %llu: must be in [1, 2^32) (MDS offsets are u32)",
                     (unsigned long long)size_limit);
        return NULL;
    }
    for (size_t i = 1; i < ncols; i++)
        if (strcmp(cols[i - 1].name, cols[i].name) >= 0) {
            fm_error_set(err, FM_EINTERNAL, NULL, 0, cols[i].name, "MDS columns must be sorted and unique");
            return NULL;
        }
    if (fm_mkdir_p(dir, err) < 0) return NULL;
    fm_mds_writer *w = fm_xcalloc(1, sizeof *w);
    w->dir = fm_xstrdup(dir);
    w->ncols = ncols;
    w->cols = fm_xmalloc(ncols * sizeof *w->cols);
    for (size_t i = 0; i < ncols; i++) {
        w->cols[i].name = fm_xstrdup(cols[i].name);
        w->cols[i].encoding = fm_xstrdup(cols[i].encoding);
        w->cols[i].size = cols[i].size;
    }
    w->size_limit = size_limit;
    w->zstd_level = zstd_level;
    w->zstd_window_log = zstd_window_log;
    w->hash_xxh3 = hash_xxh3;
    cJSON *cfg = config_json(w);
    fm_pydump(&w->config, cfg);
    cJSON_Delete(cfg);
    w->running = 8 + w->config.len;
    w->shards = cJSON_CreateArray();
    w->streaming = zstd_level >= 0 && ncols > 0;
    for (size_t i = 0; i < ncols; i++) {
        if (!cols[i].size) w->streaming = 0;
        w->sample_len += cols[i].size;
    }
    if (w->streaming) {
        /* MDSWriter's rule: a sample joins the shard if it is the first or if
         * 8 + len(config) + sum(len(sample) + 4) stays within size_limit. */
        uint64_t add = w->sample_len + 4, base = 8 + w->config.len;
        w->full_n = size_limit >= base + add ? (size_t)((size_limit - base) / add) : 1;
        w->head_full = 4 + 4 * ((uint64_t)w->full_n + 1) + w->config.len;
        if (w->head_full + (uint64_t)w->full_n * w->sample_len >= ((uint64_t)1 << 32)) w->streaming = 0;
        uint64_t full = (uint64_t)w->full_n * w->sample_len;
        w->lazy = full < LAZY_BYTES ? (size_t)full : LAZY_BYTES;
    }
    return w;
}

static cJSON *data_entry(const char *basename, uint64_t bytes, uint64_t h, int with_hash)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "basename", basename);
    cJSON_AddNumberToObject(o, "bytes", (double)bytes);
    cJSON *hs = cJSON_AddObjectToObject(o, "hashes");
    if (with_hash) {
        char hex[17];
        fm_hash_hex(h, hex);
        cJSON_AddStringToObject(hs, "xxh3_64", hex);
    }
    return o;
}

static int flush_shard(fm_mds_writer *w, fm_error *err)
{
    if (w->nsamples == 0) return 0;
    uint64_t head = 4 + 4 * ((uint64_t)w->nsamples + 1) + w->config.len;
    uint64_t total = head + w->samples.len;
    if (total >= ((uint64_t)1 << 32))
        return fm_error_set(err, FM_EINPUT, w->dir, 0, NULL,
                            "MDS shard would be %llu bytes: over the 4 GiB that u32 offsets address",
                            (unsigned long long)total);
    /* The header is built apart and the samples are used in place (no copy of the shard). */
    fm_strbuf head_buf = FM_STRBUF_INIT;
    fm_strbuf_grow(&head_buf, (size_t)head);
    fm_put_u32(&head_buf, (uint32_t)w->nsamples);
    fm_put_u32(&head_buf, (uint32_t)head);
    for (size_t i = 0; i < w->nsamples; i++) fm_put_u32(&head_buf, (uint32_t)(head + w->ends[i]));
    fm_strbuf_add(&head_buf, w->config.buf, w->config.len);
    const void *parts[2] = { head_buf.buf, w->samples.buf };
    size_t lens[2] = { head_buf.len, w->samples.len };

    char base[64], zbase[80];
    snprintf(base, sizeof base, "shard.%05u.mds", w->shard_no);
    snprintf(zbase, sizeof zbase, "%s.zstd", base);
    const char *fname = w->zstd_level >= 0 ? zbase : base;
    fm_strbuf path = FM_STRBUF_INIT;
    fm_path_join(&path, w->dir, fname);
    uint64_t bytes, h;
    int rc = fm_write_shard_parts(path.buf, parts, lens, 2, w->zstd_level, &bytes, &h, err);
    if (rc == 0) {
        fm_hasher *rh = fm_hasher_new();
        fm_hasher_update(rh, head_buf.buf, head_buf.len);
        fm_hasher_update(rh, w->samples.buf, w->samples.len);
        uint64_t raw_hash = fm_hasher_digest(rh);
        fm_hasher_free(rh);
        cJSON *cfg = config_json(w);
        cJSON_AddItemToObject(cfg, "raw_data", data_entry(base, total, raw_hash, w->hash_xxh3));
        cJSON_AddNumberToObject(cfg, "samples", (double)w->nsamples);
        if (w->zstd_level >= 0) cJSON_AddItemToObject(cfg, "zip_data", data_entry(zbase, bytes, h, w->hash_xxh3));
        else cJSON_AddNullToObject(cfg, "zip_data");
        cJSON_AddItemToArray(w->shards, cfg);
        fm_shard_list_add(&w->files, fname, bytes, h, (int64_t)w->nsamples, w->tokens);
    }
    fm_strbuf_release(&path);
    fm_strbuf_release(&head_buf);
    w->shard_no++;
    w->nsamples = 0;
    w->tokens = 0;
    fm_strbuf_reset(&w->samples);
    w->running = 8 + w->config.len;
    return rc;
}


/* ---- streaming ------------------------------------------------------------------------------
 * When every column has a fixed size, every sample has the same size, so a shard that fills
 * up holds exactly full_n samples and its header (sample count and offsets) is known once the
 * shard's sample count is. Such a shard is compressed while it is filled, in memory, as the
 * same single zstd frame (same level, same pledged size, same input bytes: the frame does not
 * depend on how the input is cut into calls), and the raw shard is never held whole.
 *
 * A shard's count is known when it fills up, or once the caller has announced how many
 * samples are still to come (fm_mds_writer_expect(): the packer knows it when it packs the
 * last window of a unit). Until then the shard's first samples are only staged, up to
 * `lazy` bytes; past that the shard is assumed full and its frame is begun. Only if it then
 * ends short is its frame, compressed for a full shard, decompressed again (plus what zstd
 * had not compressed yet, still in `tail`) and recompressed with the right header. */

static void put_header(fm_strbuf *h, const fm_mds_writer *w, size_t n)
{
    uint64_t head = 4 + 4 * ((uint64_t)n + 1) + w->config.len;
    fm_strbuf_reset(h);
    fm_strbuf_grow(h, (size_t)head);
    fm_put_u32(h, (uint32_t)n);
    fm_put_u32(h, (uint32_t)head);
    for (size_t i = 1; i <= n; i++) fm_put_u32(h, (uint32_t)(head + i * w->sample_len));
    fm_strbuf_add(h, w->config.buf, w->config.len);
}

/* Compress in[0..n) into w->zout; end: the last input of the frame. Big inputs are given
 * in slices of at most STAGE_BYTES: libzstd's frame does not depend on how its input is cut
 * into calls while the calls are that small, but a single big call (notably the last, with
 * ZSTD_e_end) can give other bytes. */
static int z_feed1(fm_mds_writer *w, const void *in_p, size_t n, int end, fm_error *err);

/* The shard's file: "shard.NNNNN.mds.zstd" of the current shard number. */
static void zpath(const fm_mds_writer *w, fm_strbuf *path, char *base, char *zbase)
{
    snprintf(base, 64, "shard.%05u.mds", w->shard_no);
    snprintf(zbase, 80, "%s.zstd", base);
    fm_path_join(path, w->dir, zbase);
}

/* Write the compressed bytes so far to the shard's file (the whole frame is never held). */
static int z_drain(fm_mds_writer *w, fm_error *err)
{
    int rc = w->zout.len ? fm_writer_write(w->zf, w->zout.buf, w->zout.len, err) : 0;
    fm_strbuf_reset(&w->zout);
    return rc;
}
static int z_feed(fm_mds_writer *w, const void *in_p, size_t n, int end, fm_error *err)
{
    const char *p = in_p;
    while (n > STAGE_BYTES) {
        if (z_feed1(w, p, STAGE_BYTES, 0, err) < 0) return -1;
        p += STAGE_BYTES;
        n -= STAGE_BYTES;
    }
    return z_feed1(w, p, n, end, err);
}

static int z_feed1(fm_mds_writer *w, const void *in_p, size_t n, int end, fm_error *err)
{
    ZSTD_inBuffer in = { in_p, n, 0 };
    for (;;) {
        /* Room for everything zstd may emit now, so that all it compressed is in zout. */
        size_t room = ZSTD_compressBound(n) + ZSTD_CStreamOutSize();
        fm_strbuf_grow(&w->zout, room);
        ZSTD_outBuffer out = { w->zout.buf + w->zout.len, w->zout.cap - w->zout.len - 1, 0 };
        size_t left = ZSTD_compressStream2(w->cc, &out, &in, end ? ZSTD_e_end : ZSTD_e_continue);
        if (ZSTD_isError(left))
            return fm_error_set(err, FM_EINTERNAL, w->dir, 0, NULL, "zstd compression failed: %s",
                                ZSTD_getErrorName(left));
        w->zout.len += out.pos;
        if (w->zout.len >= ZOUT_BYTES && z_drain(w, err) < 0) return -1;
        if (end ? left == 0 : in.pos == in.size) return 0;
    }
}

static int z_begin(fm_mds_writer *w, uint64_t total, fm_error *err)
{
    if (!w->cc) {
        if (!w->zc) {
            w->zc = fm_zcctx_new();
            w->own_zc = 1;
        }
        w->cc = fm_zcctx_fresh(w->zc);
        ZSTD_CCtx_setParameter(w->cc, ZSTD_c_compressionLevel, w->zstd_level);
        ZSTD_CCtx_setParameter(w->cc, ZSTD_c_contentSizeFlag, 1);
        if (w->zstd_window_log > 0) {
            size_t r = ZSTD_CCtx_setParameter(w->cc, ZSTD_c_windowLog, w->zstd_window_log);
            if (ZSTD_isError(r))
                return fm_error_set(err, FM_EUSAGE, w->dir, 0, NULL, "zstd window log %d: %s",
                                    w->zstd_window_log, ZSTD_getErrorName(r));
        }
    } else {
        ZSTD_CCtx_reset(w->cc, ZSTD_reset_session_only);
    }
    size_t r = ZSTD_CCtx_setPledgedSrcSize(w->cc, total);
    if (ZSTD_isError(r))
        return fm_error_set(err, FM_EINTERNAL, w->dir, 0, NULL, "zstd: %s", ZSTD_getErrorName(r));
    fm_strbuf_reset(&w->zout);
    if (!w->zf) {
        char base[64], zbase[80];
        fm_strbuf path = FM_STRBUF_INIT;
        zpath(w, &path, base, zbase);
        w->zf = fm_writer_open(path.buf, FM_COMP_NONE, 0, err);
        fm_strbuf_release(&path);
        if (!w->zf) return -1;
    }
    return 0;
}

/* Start a shard's frame for n samples (the staged ones are given to zstd later). */
static int stream_open(fm_mds_writer *w, size_t n, fm_error *err)
{
    fm_strbuf h = FM_STRBUF_INIT;
    put_header(&h, w, n);
    int rc = z_begin(w, h.len + (uint64_t)n * w->sample_len, err);
    if (rc == 0) rc = z_feed(w, h.buf, h.len, 0, err);
    if (w->raw_hash) fm_hasher_free(w->raw_hash);
    w->raw_hash = fm_hasher_new();
    fm_hasher_update(w->raw_hash, h.buf, h.len);
    fm_strbuf_reset(&w->tail);
    fm_strbuf_add(&w->tail, h.buf, h.len); /* the chunk given last, so far */
    w->hdr_n = n;
    w->hdr_len = h.len;
    fm_strbuf_release(&h);
    w->open = 1;
    return rc;
}

/* Give the staged samples to zstd (not the frame's end); they become the tail. A big stage
 * (the staged start of a shard) keeps its memory for the next shard: only its last
 * STAGE_BYTES are kept as the tail (zstd holds back less than a block). */
static int stream_push(fm_mds_writer *w, fm_error *err)
{
    if (z_feed(w, w->stage.buf, w->stage.len, 0, err) < 0) return -1;
    fm_hasher_update(w->raw_hash, w->stage.buf, w->stage.len);
    if (w->stage.len > 2 * STAGE_BYTES) {
        fm_strbuf_reset(&w->tail);
        fm_strbuf_add(&w->tail, w->stage.buf + w->stage.len - STAGE_BYTES, STAGE_BYTES);
    } else {
        fm_strbuf t = w->tail;
        w->tail = w->stage;
        w->stage = t;
    }
    fm_strbuf_reset(&w->stage);
    return 0;
}

/* Finish the shard's file (the frame is complete) as shard number shard_no with n samples. */
static int stream_write(fm_mds_writer *w, size_t n, uint64_t raw_total, uint64_t raw_hash, fm_error *err)
{
    char base[64], zbase[80];
    fm_strbuf path = FM_STRBUF_INIT;
    zpath(w, &path, base, zbase);
    fm_strbuf_release(&path);
    uint64_t bytes, h;
    int rc = z_drain(w, err);
    fm_writer *zf = w->zf;
    w->zf = NULL;
    if (rc == 0) rc = fm_writer_commit_info(zf, &bytes, &h, err); /* frees zf */
    else fm_writer_abort(zf);
    if (rc == 0) {
        cJSON *cfg = config_json(w);
        cJSON_AddItemToObject(cfg, "raw_data", data_entry(base, raw_total, raw_hash, w->hash_xxh3));
        cJSON_AddNumberToObject(cfg, "samples", (double)n);
        cJSON_AddItemToObject(cfg, "zip_data", data_entry(zbase, bytes, h, w->hash_xxh3));
        cJSON_AddItemToArray(w->shards, cfg);
        fm_shard_list_add(&w->files, zbase, bytes, h, (int64_t)n, w->tokens);
    }
    w->shard_no++;
    w->nsamples = 0;
    w->tokens = 0;
    w->open = 0;
    fm_strbuf_reset(&w->zout);
    return rc;
}

/* The shard holds the samples its header announced: end its frame with the staged ones. */
static int stream_end(fm_mds_writer *w, fm_error *err)
{
    if (z_feed(w, w->stage.buf, w->stage.len, 1, err) < 0) return -1;
    fm_hasher_update(w->raw_hash, w->stage.buf, w->stage.len);
    fm_strbuf_reset(&w->stage);
    return stream_write(w, w->hdr_n, w->hdr_len + (uint64_t)w->hdr_n * w->sample_len,
                        fm_hasher_digest(w->raw_hash), err);
}

/* Feed raw bytes of the short shard, dropping the first *skip (the old header). */
static int refeed(fm_mds_writer *w, fm_hasher *hh, const char *p, size_t n, uint64_t *skip, fm_error *err)
{
    if (*skip >= n) {
        *skip -= n;
        return 0;
    }
    p += *skip;
    n -= (size_t)*skip;
    *skip = 0;
    fm_hasher_update(hh, p, n);
    return z_feed(w, p, n, 0, err);
}

/* The writer ends with a shard of n samples, but its frame was begun for hdr_n: recompress. */
static int stream_redo(fm_mds_writer *w, fm_error *err)
{
    size_t n = w->nsamples;
    ZSTD_frameProgression fp = ZSTD_getFrameProgression(w->cc);
    uint64_t pending = fp.ingested - fp.consumed; /* given to zstd, not yet in zout */
    if (fp.flushed != fp.produced || pending > w->tail.len)
        return fm_error_set(err, FM_EINTERNAL, w->dir, 0, NULL, "MDS stream: unexpected zstd state (ingested %llu, consumed %llu, produced %llu, flushed %llu, tail %zu)", (unsigned long long)fp.ingested, (unsigned long long)fp.consumed, (unsigned long long)fp.produced, (unsigned long long)fp.flushed, w->tail.len);
    /* The compressed prefix (raw bytes [0, consumed)) is in the shard's temporary file, named
     * as fileio.h documents ("<path>.tmp-<pid>"): read it back through a descriptor of our
     * own, drop that file, and write the new frame to a new one. */
    if (z_drain(w, err) < 0) return -1;
    char base[64], zbase[80];
    fm_strbuf tmp = FM_STRBUF_INIT;
    zpath(w, &tmp, base, zbase);
    fm_strbuf_addf(&tmp, ".tmp-%ld", (long)getpid());
    int oldfd = open(tmp.buf, O_RDONLY | O_CLOEXEC);
    fm_strbuf_release(&tmp);
    fm_writer_abort(w->zf);
    w->zf = NULL;
    if (oldfd < 0) return fm_error_set(err, FM_EIO, w->dir, 0, NULL, "MDS stream: cannot re-read the shard: %s", strerror(errno));
    fm_strbuf h = FM_STRBUF_INIT;
    put_header(&h, w, n);
    uint64_t raw_total = h.len + (uint64_t)n * w->sample_len;
    fm_hasher *hh = fm_hasher_new();
    int rc = z_begin(w, raw_total, err);
    if (rc == 0) rc = z_feed(w, h.buf, h.len, 0, err);
    fm_hasher_update(hh, h.buf, h.len);
    uint64_t skip = w->hdr_len;
    if (rc == 0 && fp.consumed > 0) {
        ZSTD_DCtx *dc = ZSTD_createDCtx();
        size_t cap = ZSTD_DStreamOutSize(), icap = ZSTD_DStreamInSize();
        char *buf = fm_xmalloc(cap), *ibuf = fm_xmalloc(icap);
        ZSTD_inBuffer in = { ibuf, 0, 0 };
        uint64_t got = 0;
        int eof = 0;
        while (rc == 0 && got < fp.consumed) {
            if (in.pos == in.size && !eof) {
                ssize_t k = read(oldfd, ibuf, icap);
                if (k < 0 && errno == EINTR) continue;
                if (k <= 0) eof = 1;
                in = (ZSTD_inBuffer){ ibuf, k > 0 ? (size_t)k : 0, 0 };
            }
            ZSTD_outBuffer out = { buf, cap, 0 };
            size_t r = ZSTD_decompressStream(dc, &out, &in);
            if (ZSTD_isError(r) || (out.pos == 0 && in.pos == in.size && eof)) {
                rc = fm_error_set(err, FM_EINTERNAL, w->dir, 0, NULL, "MDS stream: cannot re-read the shard");
                break;
            }
            if (out.pos > fp.consumed - got) out.pos = (size_t)(fp.consumed - got);
            got += out.pos;
            rc = refeed(w, hh, buf, out.pos, &skip, err);
        }
        free(buf);
        free(ibuf);
        ZSTD_freeDCtx(dc);
    }
    close(oldfd);
    if (rc == 0) rc = refeed(w, hh, w->tail.buf + w->tail.len - pending, (size_t)pending, &skip, err);
    if (rc == 0 && skip) rc = fm_error_set(err, FM_EINTERNAL, w->dir, 0, NULL, "MDS stream: short shard");
    if (rc == 0) {
        fm_hasher_update(hh, w->stage.buf, w->stage.len);
        rc = z_feed(w, w->stage.buf, w->stage.len, 1, err);
    }
    fm_strbuf_reset(&w->stage);
    uint64_t raw_hash = fm_hasher_digest(hh);
    fm_hasher_free(hh);
    fm_strbuf_release(&h);
    if (rc < 0) {
        w->open = 0;
        return -1;
    }
    return stream_write(w, n, raw_total, raw_hash, err);
}

/* After a sample was staged (or the count announced): begin the shard's frame once its count
 * is known (or its staged start has grown past `lazy`), end it when complete, else give
 * zstd the stage when it is big enough. */
static int stream_step(fm_mds_writer *w, fm_error *err)
{
    if (!w->open) {
        size_t n = 0;
        if (w->known) n = w->left < w->full_n - w->nsamples ? w->nsamples + (size_t)w->left : w->full_n;
        else if (w->nsamples == w->full_n || w->stage.len >= w->lazy) n = w->full_n;
        if (n == 0) return 0;
        if (stream_open(w, n, err) < 0) return -1;
    }
    if (w->nsamples == w->hdr_n) return stream_end(w, err);
    if (w->stage.len >= STAGE_BYTES) return stream_push(w, err);
    return 0;
}

/* The writer's last shard. */
static int stream_finish(fm_mds_writer *w, fm_error *err)
{
    if (!w->open) {
        if (w->nsamples == 0) return 0;
        if (stream_open(w, w->nsamples, err) < 0) return -1;
    }
    return w->nsamples == w->hdr_n ? stream_end(w, err) : stream_redo(w, err);
}

void fm_mds_writer_use_cctx(fm_mds_writer *w, fm_zcctx *zc)
{
    if (!w->cc && !w->zc) w->zc = zc;
}

void *fm_mds_writer_reserve(fm_mds_writer *w)
{
    if (!w->streaming) return NULL;
    if (!w->stage.cap) {
        fm_strbuf_grow(&w->stage, w->lazy + (size_t)w->sample_len); /* never moves */
        fm_huge_advise(w->stage.buf, w->stage.cap);                 /* fewer first-touch faults */
    } else fm_strbuf_grow(&w->stage, (size_t)w->sample_len);
    return w->stage.buf + w->stage.len;
}

int fm_mds_writer_commit(fm_mds_writer *w, uint64_t tokens, fm_error *err)
{
    if (w->known) {
        if (w->left == 0)
            return fm_error_set(err, FM_EINTERNAL, w->dir, 0, NULL, "MDS writer: more samples than announced");
        w->left--;
    }
    fm_strbuf_setlen(&w->stage, w->stage.len + (size_t)w->sample_len);
    w->nsamples++;
    w->tokens += tokens;
    return stream_step(w, err);
}

int fm_mds_writer_expect(fm_mds_writer *w, uint64_t more, fm_error *err)
{
    if (!w->streaming) return 0;
    w->known = 1;
    w->left = more;
    return stream_step(w, err);
}

static int stream_add(fm_mds_writer *w, const void *const *data, const uint32_t *len, uint64_t tokens,
                      fm_error *err)
{
    char *p = fm_mds_writer_reserve(w);
    for (size_t i = 0; i < w->ncols; i++) {
        memcpy(p, data[i], len[i]);
        p += len[i];
    }
    return fm_mds_writer_commit(w, tokens, err);
}

int fm_mds_writer_add(fm_mds_writer *w, const void *const *data, const uint32_t *len,
                      uint64_t tokens, fm_error *err)
{
    /* Encode straight into the shard's sample buffer (no intermediate copy). */
    uint64_t slen = 0;
    for (size_t i = 0; i < w->ncols; i++) {
        if (w->cols[i].size && len[i] != w->cols[i].size)
            return fm_error_set(err, FM_EINTERNAL, NULL, 0, w->cols[i].name,
                                "value of %u bytes for a fixed column of %u", len[i], w->cols[i].size);
        slen += len[i] + (w->cols[i].size ? 0 : 4);
    }
    if (w->streaming) return stream_add(w, data, len, tokens, err);
    uint64_t add = slen + 4;
    if (w->size_limit < w->running + add && w->nsamples > 0 && flush_shard(w, err) < 0) return -1;
    if (w->nsamples == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 1024;
        w->ends = fm_xrealloc(w->ends, w->cap * sizeof *w->ends);
    }
    fm_strbuf *s = &w->samples;
    /* Reserve the whole shard once: no realloc copies; untouched pages cost no memory. */
    if (s->cap == 0) fm_strbuf_grow(s, (size_t)w->size_limit + 64);
    for (size_t i = 0; i < w->ncols; i++)
        if (!w->cols[i].size) fm_put_u32(s, len[i]);
    for (size_t i = 0; i < w->ncols; i++) fm_strbuf_add(s, data[i], len[i]);
    w->ends[w->nsamples++] = (uint32_t)s->len;
    w->running += add;
    w->tokens += tokens;
    return 0;
}

void fm_mds_writer_abort(fm_mds_writer *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->ncols; i++) {
        free((char *)w->cols[i].name);
        free((char *)w->cols[i].encoding);
    }
    free(w->cols);
    free(w->dir);
    free(w->ends);
    fm_strbuf_release(&w->config);
    fm_strbuf_release(&w->samples);
    fm_strbuf_release(&w->sample);
    fm_strbuf_release(&w->zout);
    fm_strbuf_release(&w->stage);
    fm_strbuf_release(&w->tail);
    if (w->own_zc) fm_zcctx_free(w->zc);
    if (w->zf) fm_writer_abort(w->zf);
    if (w->raw_hash) fm_hasher_free(w->raw_hash);
    cJSON_Delete(w->shards);
    fm_shard_list_release(&w->files);
    free(w);
}

static int write_index(const char *dir, cJSON *shards, uint64_t *bytes, uint64_t *h, fm_error *err)
{
    cJSON *idx = cJSON_CreateObject();
    cJSON_AddItemReferenceToObject(idx, "shards", shards);
    cJSON_AddNumberToObject(idx, "version", 2);
    fm_strbuf text = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    fm_pydump(&text, idx);
    cJSON_Delete(idx);
    fm_path_join(&path, dir, "index.json");
    int rc = fm_write_shard_file(path.buf, text.buf, text.len, -1, bytes, h, err);
    fm_strbuf_release(&text);
    fm_strbuf_release(&path);
    return rc;
}

int fm_mds_writer_finish(fm_mds_writer *w, fm_shard_list *out, fm_error *err)
{
    uint64_t bytes, h;
    int rc = w->streaming ? stream_finish(w, err) : flush_shard(w, err);
    if (rc == 0) rc = write_index(w->dir, w->shards, &bytes, &h, err);
    if (rc == 0) {
        for (size_t i = 0; i < w->files.n; i++)
            fm_shard_list_add(out, w->files.v[i].rel, w->files.v[i].bytes, w->files.v[i].xxh3,
                              w->files.v[i].rows, w->files.v[i].tokens);
        fm_shard_list_add(out, "index.json", bytes, h, -1, 0);
    }
    fm_mds_writer_abort(w);
    return rc;
}

/* ---- merging unit indexes ---------------------------------------------------------------- */

static void prefix_basename(cJSON *entry, const char *key, const char *sub)
{
    cJSON *d = cJSON_GetObjectItemCaseSensitive(entry, key);
    cJSON *b = d ? cJSON_GetObjectItemCaseSensitive(d, "basename") : NULL;
    if (!b || !cJSON_IsString(b)) return;
    fm_strbuf s = FM_STRBUF_INIT;
    fm_strbuf_addf(&s, "%s/%s", sub, b->valuestring);
    cJSON_SetValuestring(b, s.buf);
    fm_strbuf_release(&s);
}

int fm_mds_merge_index(const char *outdir, const char *const *subdirs, size_t n, fm_error *err)
{
    cJSON *all = cJSON_CreateArray();
    fm_strbuf path = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        fm_strbuf_reset(&path);
        fm_strbuf_addf(&path, "%s/%s/index.json", outdir, subdirs[i]);
        fm_strbuf_reset(&text);
        if (fm_read_file(path.buf, &text, err) < 0) { rc = -1; break; }
        cJSON *idx = fm_json_parse(text.buf, text.len, path.buf, 0, err);
        if (!idx) { rc = -1; break; }
        cJSON *ver = cJSON_GetObjectItemCaseSensitive(idx, "version");
        cJSON *sh = cJSON_GetObjectItemCaseSensitive(idx, "shards");
        if (!cJSON_IsNumber(ver) || ver->valuedouble != 2 || !cJSON_IsArray(sh)) {
            rc = fm_error_set(err, FM_EINPUT, path.buf, 0, NULL, "not an MDS index.json of version 2");
        } else {
            cJSON *e;
            while ((e = cJSON_DetachItemFromArray(sh, 0)) != NULL) {
                prefix_basename(e, "raw_data", subdirs[i]);
                prefix_basename(e, "zip_data", subdirs[i]);
                cJSON_AddItemToArray(all, e);
            }
        }
        cJSON_Delete(idx);
    }
    if (rc == 0) rc = write_index(outdir, all, NULL, NULL, err);
    cJSON_Delete(all);
    fm_strbuf_release(&path);
    fm_strbuf_release(&text);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fm_mds_merge_dir(const char *outdir, fm_error *err)
{
    DIR *d = opendir(outdir);
    if (!d) return fm_error_set(err, FM_EIO, outdir, 0, NULL, "cannot open directory");
    char **subs = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    fm_strbuf p = FM_STRBUF_INIT;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        fm_strbuf_reset(&p);
        fm_strbuf_addf(&p, "%s/%s/index.json", outdir, de->d_name);
        if (!fm_path_exists(p.buf)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            subs = fm_xrealloc(subs, cap * sizeof *subs);
        }
        subs[n++] = fm_xstrdup(de->d_name);
    }
    closedir(d);
    fm_strbuf_release(&p);
    fm_qsort(subs, n, sizeof *subs, cmp_str);
    int rc = fm_mds_merge_index(outdir, (const char *const *)subs, n, err);
    for (size_t i = 0; i < n; i++) free(subs[i]);
    free(subs);
    return rc;
}
