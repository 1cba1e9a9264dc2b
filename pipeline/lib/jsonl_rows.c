#include "jsonl_rows.h"

#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Memory does not grow with the shard size. Uncompressed shards are streamed to their file.
 * A compressed shard must be ONE frame with its content size, compressed in one call exactly
 * as before (libzstd's one-shot frame differs from a streamed one), so its lines go to an
 * unlinked scratch file in the output directory as the shard fills, through a buffer of
 * SPILL_BYTES, and the finished shard is compressed from a read-only mapping of that file
 * (page cache that the kernel can write back and drop, not the process's heap). A shard that
 * never outgrows the buffer is compressed from memory. */
#define SPILL_BYTES ((size_t)4 << 20)

struct fm_jsonl_writer {
    char *dir;
    uint64_t limit;
    int level;
    fm_strbuf buf;         /* the shard's lines not yet in its file / the scratch file */
    uint64_t len;          /* the shard's bytes so far */
    fm_writer *plain;      /* level < 0: the open shard's file */
    int spill_fd;          /* level >= 0: scratch file (-1: none yet) */
    uint64_t spilled;      /* the shard's bytes in it */
    uint64_t rows, tokens;
    unsigned shard_no;
    fm_shard_list files;
    fm_shard_zbuf zb;      /* zstd context and output buffer, kept from shard to shard */
};

fm_jsonl_writer *fm_jsonl_writer_open(const char *dir, uint64_t shard_bytes, int zstd_level,
                                      fm_error *err)
{
    if (fm_mkdir_p(dir, err) < 0) return NULL;
    fm_jsonl_writer *w = fm_xcalloc(1, sizeof *w);
    w->dir = fm_xstrdup(dir);
    w->limit = shard_bytes;
    w->level = zstd_level;
    w->spill_fd = -1;
    return w;
}

static void shard_name(fm_jsonl_writer *w, char *name, size_t cap)
{
    snprintf(name, cap, "rows-%05u.jsonl%s", w->shard_no, w->level >= 0 ? ".zst" : "");
}

static int write_fd(int fd, const char *p, size_t n, const char *what, fm_error *err)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return fm_error_set(err, FM_EIO, what, 0, NULL, "write failed: %s", strerror(errno));
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Move the buffered lines out of memory: to the shard's file, or to the scratch file. */
static int drain(fm_jsonl_writer *w, fm_error *err)
{
    int rc = 0;
    if (w->level < 0) {
        if (!w->plain) {
            char name[64];
            fm_strbuf path = FM_STRBUF_INIT;
            shard_name(w, name, sizeof name);
            fm_path_join(&path, w->dir, name);
            w->plain = fm_writer_open(path.buf, FM_COMP_NONE, 0, err);
            fm_strbuf_release(&path);
            if (!w->plain) return -1;
        }
        rc = fm_writer_write(w->plain, w->buf.buf, w->buf.len, err);
    } else {
        if (w->spill_fd < 0) {
            fm_strbuf t = FM_STRBUF_INIT;
            fm_strbuf_addf(&t, "%s/.rows-spill-XXXXXX", w->dir);
            w->spill_fd = mkstemp(t.buf);
            if (w->spill_fd >= 0) unlink(t.buf); /* gone when closed, whatever happens */
            else rc = fm_error_set(err, FM_EIO, t.buf, 0, NULL, "cannot create a scratch file: %s", strerror(errno));
            fm_strbuf_release(&t);
        }
        if (rc == 0) rc = write_fd(w->spill_fd, w->buf.buf, w->buf.len, w->dir, err);
        if (rc == 0) w->spilled += w->buf.len;
    }
    fm_strbuf_reset(&w->buf);
    return rc;
}

static int flush(fm_jsonl_writer *w, fm_error *err)
{
    if (w->rows == 0) return 0;
    char name[64];
    shard_name(w, name, sizeof name);
    fm_strbuf path = FM_STRBUF_INIT;
    fm_path_join(&path, w->dir, name);
    uint64_t bytes = 0, h = 0;
    int rc = 0;
    if (w->level < 0) {
        if (w->plain || w->buf.len) rc = drain(w, err);
        fm_writer *pw = w->plain;
        w->plain = NULL;
        if (rc == 0) rc = fm_writer_commit_info(pw, &bytes, &h, err);
        else fm_writer_abort(pw);
    } else if (w->spilled == 0) {
        rc = fm_write_shard_file_z(path.buf, w->buf.buf, w->buf.len, w->level, &w->zb, &bytes, &h, err);
    } else {
        rc = drain(w, err);
        void *map = MAP_FAILED;
        if (rc == 0) {
            int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
            flags |= MAP_POPULATE;
#endif
            map = mmap(NULL, (size_t)w->spilled, PROT_READ, flags, w->spill_fd, 0);
            if (map == MAP_FAILED)
                rc = fm_error_set(err, FM_EIO, w->dir, 0, NULL, "cannot map the scratch file: %s", strerror(errno));
        }
        if (rc == 0) rc = fm_write_shard_file_z(path.buf, map, (size_t)w->spilled, w->level, &w->zb, &bytes, &h, err);
        if (map != MAP_FAILED) munmap(map, (size_t)w->spilled);
        if (rc == 0 && (ftruncate(w->spill_fd, 0) < 0 || lseek(w->spill_fd, 0, SEEK_SET) < 0))
            rc = fm_error_set(err, FM_EIO, w->dir, 0, NULL, "cannot reuse the scratch file: %s", strerror(errno));
        w->spilled = 0;
    }
    if (rc == 0) fm_shard_list_add(&w->files, name, bytes, h, (int64_t)w->rows, w->tokens);
    fm_strbuf_release(&path);
    fm_strbuf_reset(&w->buf);
    w->shard_no++;
    w->len = w->rows = w->tokens = 0;
    return rc;
}

int fm_jsonl_writer_add(fm_jsonl_writer *w, const char *line, size_t n, uint64_t tokens, fm_error *err)
{
    if (w->rows > 0 && w->len + n + 1 > w->limit && flush(w, err) < 0) return -1;
    fm_strbuf_add(&w->buf, line, n);
    fm_strbuf_addch(&w->buf, '\n');
    w->len += n + 1;
    w->rows++;
    w->tokens += tokens;
    return w->buf.len >= SPILL_BYTES ? drain(w, err) : 0;
}

void fm_jsonl_writer_abort(fm_jsonl_writer *w)
{
    if (!w) return;
    if (w->plain) fm_writer_abort(w->plain);
    if (w->spill_fd >= 0) close(w->spill_fd);
    free(w->dir);
    fm_strbuf_release(&w->buf);
    fm_shard_list_release(&w->files);
    fm_shard_zbuf_release(&w->zb);
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
