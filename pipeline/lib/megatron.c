#include "megatron.h"

#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fm_megatron_writer {
    char *dir;
    fm_dtype dtype;
    uint64_t limit;
    fm_strbuf bin;
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
    uint64_t bytes, h, tokens = w->bin.len / w->dtype;
    snprintf(name, sizeof name, "shard-%05u.bin", w->shard_no);
    fm_path_join(&path, w->dir, name);
    int rc = fm_write_shard_file(path.buf, w->bin.buf, w->bin.len, -1, &bytes, &h, err);
    if (rc == 0) fm_shard_list_add(&w->files, name, bytes, h, (int64_t)w->n, tokens);
    snprintf(name, sizeof name, "shard-%05u.idx", w->shard_no);
    fm_path_join(&path, w->dir, name);
    if (rc == 0) rc = fm_write_shard_file(path.buf, idx.buf, idx.len, -1, &bytes, &h, err);
    if (rc == 0) fm_shard_list_add(&w->files, name, bytes, h, (int64_t)w->n, tokens);
    fm_strbuf_release(&idx);
    fm_strbuf_release(&path);
    w->shard_no++;
    w->n = 0;
    fm_strbuf_reset(&w->bin);
    return rc;
}

int fm_megatron_writer_add(fm_megatron_writer *w, const int32_t *ids, uint32_t n, fm_error *err)
{
    uint64_t add = (uint64_t)n * w->dtype;
    if (w->n > 0 && w->bin.len + add > w->limit && flush(w, err) < 0) return -1;
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 1024;
        w->lens = fm_xrealloc(w->lens, w->cap * sizeof *w->lens);
    }
    for (uint32_t i = 0; i < n; i++) {
        if (ids[i] < 0 || (w->dtype == FM_DTYPE_U16 && ids[i] > 65535))
            return fm_error_set(err, FM_EINPUT, NULL, 0, NULL, "token id %d does not fit %s",
                                (int)ids[i], w->dtype == FM_DTYPE_U16 ? "uint16" : "int32");
        if (w->dtype == FM_DTYPE_U16) fm_put_u16(&w->bin, (uint32_t)ids[i]);
        else fm_put_u32(&w->bin, (uint32_t)ids[i]);
    }
    w->lens[w->n++] = n;
    return 0;
}

void fm_megatron_writer_abort(fm_megatron_writer *w)
{
    if (!w) return;
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
