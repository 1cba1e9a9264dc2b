#include "jsonl_rows.h"

#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>

struct fm_jsonl_writer {
    char *dir;
    uint64_t limit;
    int level;
    fm_strbuf buf;
    uint64_t rows, tokens;
    unsigned shard_no;
    fm_shard_list files;
};

fm_jsonl_writer *fm_jsonl_writer_open(const char *dir, uint64_t shard_bytes, int zstd_level,
                                      fm_error *err)
{
    if (fm_mkdir_p(dir, err) < 0) return NULL;
    fm_jsonl_writer *w = fm_xcalloc(1, sizeof *w);
    w->dir = fm_xstrdup(dir);
    w->limit = shard_bytes;
    w->level = zstd_level;
    return w;
}

static int flush(fm_jsonl_writer *w, fm_error *err)
{
    if (w->rows == 0) return 0;
    char name[64];
    snprintf(name, sizeof name, "rows-%05u.jsonl%s", w->shard_no++, w->level >= 0 ? ".zst" : "");
    fm_strbuf path = FM_STRBUF_INIT;
    fm_path_join(&path, w->dir, name);
    uint64_t bytes, h;
    int rc = fm_write_shard_file(path.buf, w->buf.buf, w->buf.len, w->level, &bytes, &h, err);
    if (rc == 0) fm_shard_list_add(&w->files, name, bytes, h, (int64_t)w->rows, w->tokens);
    fm_strbuf_release(&path);
    fm_strbuf_reset(&w->buf);
    w->rows = w->tokens = 0;
    return rc;
}

int fm_jsonl_writer_add(fm_jsonl_writer *w, const char *line, size_t n, uint64_t tokens, fm_error *err)
{
    if (w->rows > 0 && w->buf.len + n + 1 > w->limit && flush(w, err) < 0) return -1;
    fm_strbuf_add(&w->buf, line, n);
    fm_strbuf_addch(&w->buf, '\n');
    w->rows++;
    w->tokens += tokens;
    return 0;
}

void fm_jsonl_writer_abort(fm_jsonl_writer *w)
{
    if (!w) return;
    free(w->dir);
    fm_strbuf_release(&w->buf);
    fm_shard_list_release(&w->files);
    free(w);
}

int fm_jsonl_writer_finish(fm_jsonl_writer *w, fm_shard_list *out, fm_error *err)
{
    int rc = flush(w, err);
    for (size_t i = 0; rc == 0 && i < w->files.n; i++)
        fm_shard_list_add(out, w->files.v[i].rel, w->files.v[i].bytes, w->files.v[i].xxh3,
                          w->files.v[i].rows, w->files.v[i].tokens);
    fm_jsonl_writer_abort(w);
    return rc;
}
