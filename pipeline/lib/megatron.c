#include "megatron.h"

#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The .bin is streamed to its (temporary) file through a small buffer while the shard fills,
 * so memory does not grow with --shard-bytes: only the documents' lengths are kept (4 bytes
 * per document) for the .idx, written when the shard ends. */
#define BIN_BUF ((size_t)1 << 20)

struct fm_megatron_writer {
    char *dir;
    fm_dtype dtype;
    uint64_t limit;
    fm_writer *binw;       /* the open shard's .bin (NULL: no shard open) */
    fm_strbuf bin;         /* bytes not yet given to binw */
    uint64_t bin_len;      /* the open shard's .bin size so far */
    uint32_t *lens;
    size_t n, cap;
    unsigned shard_no;
    fm_shard_list files;
};

fm_megatron_writer *fm_megatron_writer_open(const char *dir, fm_dtype dtype, uint64_t shard_bytes,
                                            fm_error *err)
{
    if (fm_mkdir_p(dir, err) < 0) return NULL;
    fm_megatron_writer *w = fm_xcalloc(1, sizeof *w);
    w->dir = fm_xstrdup(dir);
    w->dtype = dtype;
    w->limit = shard_bytes;
    return w;
}

static void bin_name(const fm_megatron_writer *w, fm_strbuf *path, char *name, size_t cap, const char *ext)
{
    snprintf(name, cap, "shard-%05u.%s", w->shard_no, ext);
    fm_path_join(path, w->dir, name);
}

static int bin_drain(fm_megatron_writer *w, fm_error *err)
{
    int rc = fm_writer_write(w->binw, w->bin.buf, w->bin.len, err);
    fm_strbuf_reset(&w->bin);
    return rc;
}

static int flush(fm_megatron_writer *w, fm_error *err)
{
    if (w->n == 0) return 0;
    fm_strbuf idx = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    fm_strbuf_add(&idx, "MMIDIDX\0\0", 9);
    fm_put_u64(&idx, 1);
    unsigned char code = w->dtype == FM_DTYPE_U16 ? 8 : 4;
    fm_strbuf_add(&idx, &code, 1);
    fm_put_u64(&idx, w->n);
    fm_put_u64(&idx, w->n + 1);
    for (size_t i = 0; i < w->n; i++) fm_put_u32(&idx, w->lens[i]);
    uint64_t ptr = 0;
    for (size_t i = 0; i < w->n; i++) {
        fm_put_u64(&idx, ptr);
        ptr += (uint64_t)w->lens[i] * w->dtype;
    }
    for (size_t i = 0; i <= w->n; i++) fm_put_u64(&idx, i);
    char name[64];
    uint64_t bytes, h, tokens = w->bin_len / w->dtype;
    bin_name(w, &path, name, sizeof name, "bin");
    int rc = bin_drain(w, err);
    fm_writer *bw = w->binw;
    w->binw = NULL;
    if (rc == 0) rc = fm_writer_commit_info(bw, &bytes, &h, err); /* frees bw */
    else fm_writer_abort(bw);
    if (rc == 0) fm_shard_list_add(&w->files, name, bytes, h, (int64_t)w->n, tokens);
    bin_name(w, &path, name, sizeof name, "idx");
    if (rc == 0) rc = fm_write_shard_file(path.buf, idx.buf, idx.len, -1, &bytes, &h, err);
    if (rc == 0) fm_shard_list_add(&w->files, name, bytes, h, (int64_t)w->n, tokens);
    fm_strbuf_release(&idx);
    fm_strbuf_release(&path);
    w->shard_no++;
    w->n = 0;
    w->bin_len = 0;
    return rc;
}

int fm_megatron_writer_add_parts(fm_megatron_writer *w, const int32_t *const *parts, const uint32_t *lens,
                                 size_t nparts, fm_error *err)
{
    uint64_t n = 0;
    for (size_t k = 0; k < nparts; k++) n += lens[k];
    uint64_t add = n * w->dtype;
    if (w->n > 0 && w->bin_len + add > w->limit && flush(w, err) < 0) return -1;
    for (size_t k = 0; k < nparts; k++)
        for (uint32_t i = 0; i < lens[k]; i++) {
            int32_t id = parts[k][i];
            if (id < 0 || (w->dtype == FM_DTYPE_U16 && id > 65535))
                return fm_error_set(err, FM_EINPUT, NULL, 0, NULL, "token id %d does not fit %s", (int)id,
                                    w->dtype == FM_DTYPE_U16 ? "uint16" : "int32");
        }
    if (!w->binw) {
        char name[64];
        fm_strbuf path = FM_STRBUF_INIT;
        bin_name(w, &path, name, sizeof name, "bin");
        w->binw = fm_writer_open(path.buf, FM_COMP_NONE, 0, err);
        fm_strbuf_release(&path);
        if (!w->binw) return -1;
    }
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 1024;
        w->lens = fm_xrealloc(w->lens, w->cap * sizeof *w->lens);
    }
    fm_strbuf_grow(&w->bin, (size_t)add);
    unsigned char *p = (unsigned char *)w->bin.buf + w->bin.len;
    for (size_t k = 0; k < nparts; k++)
        for (uint32_t i = 0; i < lens[k]; i++) {
            uint32_t v = (uint32_t)parts[k][i];
            p[0] = (unsigned char)v;
            p[1] = (unsigned char)(v >> 8);
            if (w->dtype == FM_DTYPE_U32) {
                p[2] = (unsigned char)(v >> 16);
                p[3] = (unsigned char)(v >> 24);
            }
            p += w->dtype;
        }
    fm_strbuf_setlen(&w->bin, w->bin.len + (size_t)add);
    w->bin_len += add;
    w->lens[w->n++] = (uint32_t)n;
    return w->bin.len >= BIN_BUF ? bin_drain(w, err) : 0;
}

int fm_megatron_writer_add(fm_megatron_writer *w, const int32_t *ids, uint32_t n, fm_error *err)
{
    return fm_megatron_writer_add_parts(w, &ids, &n, 1, err);
}

void fm_megatron_writer_abort(fm_megatron_writer *w)
{
    if (!w) return;
    if (w->binw) fm_writer_abort(w->binw);
    free(w->dir);
    free(w->lens);
    fm_strbuf_release(&w->bin);
    fm_shard_list_release(&w->files);
    free(w);
}

int fm_megatron_writer_finish(fm_megatron_writer *w, fm_shard_list *out, fm_error *err)
{
    int rc = flush(w, err);
    for (size_t i = 0; rc == 0 && i < w->files.n; i++)
        fm_shard_list_add(out, w->files.v[i].rel, w->files.v[i].bytes, w->files.v[i].xxh3,
                          w->files.v[i].rows, w->files.v[i].tokens);
    fm_megatron_writer_abort(w);
    return rc;
}
