#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#if defined(__x86_64__) || defined(_M_X64)
/* XXH3_64bits* become the _dispatch entry points of Debian's libxxhash, which pick the
 * SSE2/AVX2/AVX512 kernel for the running CPU: same values, but the plain exported
 * XXH3_64bits_update is a generic build that streams at about a quarter of the speed
 * (docs/perf-ingest-format.md, "Fourth pass"). */
#include <xxh_x86dispatch.h>
#endif
#include <zlib.h>
#include <zstd.h>

#define FM_IO_CHUNK (1u << 17)

const char *fm_compression_name(fm_compression c)
{
    switch (c) {
    case FM_COMP_ZSTD: return "zstd";
    case FM_COMP_GZIP: return "gzip";
    default: return "none";
    }
}

/* ===================================================================================== */
/* reader                                                                                */
/* ===================================================================================== */

struct fm_reader {
    char *path;
    int fd;
    int own_fd;
    fm_compression comp;
    uint64_t raw_offset, raw_size;
    /* raw input */
    unsigned char *in;
    size_t in_len, in_pos;
    int in_eof;
    /* decompressed output window */
    unsigned char *out;
    size_t out_len, out_pos;
    int done;            /* no more output will come */
    /* codecs */
    ZSTD_DStream *zd;
    size_t zstd_hint;    /* last ZSTD_decompressStream return: 0 = at a frame boundary */
    int zstd_started;
    z_stream gz;
    int gz_init, gz_member_done;
    long lineno;
    XXH3_state_t *hs;    /* fm_reader_hash_input: XXH3 of the raw bytes read */
};

static int fill_input(fm_reader *r, fm_error *err)
{
    if (r->in_pos < r->in_len || r->in_eof) return 0;
    ssize_t n;
    do {
        n = read(r->fd, r->in, FM_IO_CHUNK);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return fm_error_set(err, FM_EIO, r->path, 0, NULL, "read failed: %s", strerror(errno));
    r->in_len = (size_t)n;
    r->in_pos = 0;
    r->raw_offset += (uint64_t)n;
    if (n == 0) r->in_eof = 1;
    if (r->hs && n > 0) XXH3_64bits_update(r->hs, r->in, (size_t)n);
    return 0;
}

fm_reader *fm_reader_open(const char *path, fm_error *err)
{
    int fd;
    int own = 1;
    if (strcmp(path, "-") == 0) {
        fd = 0;
        own = 0;
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fm_error_set(err, FM_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
            return NULL;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            fm_error_set(err, FM_EIO, path, 0, NULL, "is a directory, not a file");
            return NULL;
        }
    }
    fm_reader *r = fm_xcalloc(1, sizeof *r);
    r->path = fm_xstrdup(path);
    r->fd = fd;
    r->own_fd = own;
    r->in = fm_xmalloc(FM_IO_CHUNK);
    r->out = fm_xmalloc(FM_IO_CHUNK);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) r->raw_size = (uint64_t)st.st_size;

    /* Detect compression from the first bytes; gather up to 4 bytes (pipes may trickle). */
    while (r->in_len < 4 && !r->in_eof) {
        ssize_t n = read(fd, r->in + r->in_len, FM_IO_CHUNK - r->in_len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            fm_error_set(err, FM_EIO, path, 0, NULL, "read failed: %s", strerror(errno));
            fm_reader_close(r);
            return NULL;
        }
        if (n == 0) r->in_eof = 1;
        r->in_len += (size_t)n;
        r->raw_offset += (uint64_t)n;
    }
    const unsigned char *m = r->in;
    if (r->in_len >= 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) {
        r->comp = FM_COMP_ZSTD;
        r->zd = ZSTD_createDStream();
        ZSTD_initDStream(r->zd);
    } else if (r->in_len >= 2 && m[0] == 0x1F && m[1] == 0x8B) {
        r->comp = FM_COMP_GZIP;
        memset(&r->gz, 0, sizeof r->gz);
        if (inflateInit2(&r->gz, 16 + MAX_WBITS) != Z_OK) {
            fm_error_set(err, FM_EINTERNAL, path, 0, NULL, "zlib init failed");
            fm_reader_close(r);
            return NULL;
        }
        r->gz_init = 1;
    } else {
        r->comp = FM_COMP_NONE;
    }
    return r;
}

/* Produce more decompressed bytes into r->out. Sets r->done at the clean end. */
static int refill_output(fm_reader *r, fm_error *err)
{
    r->out_len = r->out_pos = 0;
    while (r->out_len == 0 && !r->done) {
        if (fill_input(r, err) < 0) return -1;
        if (r->comp == FM_COMP_NONE) {
            if (r->in_eof && r->in_pos >= r->in_len) { r->done = 1; break; }
            size_t n = r->in_len - r->in_pos;
            if (r->in_pos == 0) { /* hand the whole chunk over: no copy */
                unsigned char *t = r->out;
                r->out = r->in;
                r->in = t;
                r->in_len = 0;
            } else {
                memcpy(r->out, r->in + r->in_pos, n);
                r->in_pos += n;
            }
            r->out_len = n;
        } else if (r->comp == FM_COMP_ZSTD) {
            if (r->in_eof && r->in_pos >= r->in_len) {
                if (r->zstd_started && r->zstd_hint != 0)
                    return fm_error_set(err, FM_EINPUT, r->path, 0, NULL,
                                        "truncated zstd input: the stream ends inside a frame");
                r->done = 1;
                break;
            }
            ZSTD_inBuffer ib = { r->in, r->in_len, r->in_pos };
            ZSTD_outBuffer ob = { r->out, FM_IO_CHUNK, 0 };
            size_t ret = ZSTD_decompressStream(r->zd, &ob, &ib);
            if (ZSTD_isError(ret))
                return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "corrupt zstd input: %s",
                                    ZSTD_getErrorName(ret));
            r->zstd_started = 1;
            r->zstd_hint = ret;
            r->in_pos = ib.pos;
            r->out_len = ob.pos;
        } else {
            if (r->in_eof && r->in_pos >= r->in_len) {
                if (!r->gz_member_done)
                    return fm_error_set(err, FM_EINPUT, r->path, 0, NULL,
                                        "truncated gzip input: the stream ends inside a member");
                r->done = 1;
                break;
            }
            if (r->gz_member_done) {
                /* Another member follows (concatenated gzip files are one stream). */
                if (inflateReset(&r->gz) != Z_OK)
                    return fm_error_set(err, FM_EINTERNAL, r->path, 0, NULL, "zlib reset failed");
                r->gz_member_done = 0;
            }
            r->gz.next_in = r->in + r->in_pos;
            r->gz.avail_in = (uInt)(r->in_len - r->in_pos);
            r->gz.next_out = r->out;
            r->gz.avail_out = FM_IO_CHUNK;
            int ret = inflate(&r->gz, Z_NO_FLUSH);
            if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
                return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "corrupt gzip input: %s",
                                    r->gz.msg ? r->gz.msg : "inflate failed");
            r->in_pos = r->in_len - r->gz.avail_in;
            r->out_len = FM_IO_CHUNK - r->gz.avail_out;
            if (ret == Z_STREAM_END) r->gz_member_done = 1;
        }
    }
    return 0;
}

long fm_reader_read(fm_reader *r, void *buf, size_t n, fm_error *err)
{
    size_t got = 0;
    while (got < n) {
        if (r->out_pos >= r->out_len) {
            if (r->done) break;
            if (refill_output(r, err) < 0) return -1;
            continue;
        }
        size_t k = r->out_len - r->out_pos;
        if (k > n - got) k = n - got;
        memcpy((char *)buf + got, r->out + r->out_pos, k);
        r->out_pos += k;
        got += k;
    }
    return (long)got;
}

int fm_reader_getline(fm_reader *r, fm_strbuf *line, int *had_cr, fm_error *err)
{
    fm_strbuf_reset(line);
    if (had_cr) *had_cr = 0;
    int any = 0;
    for (;;) {
        if (r->out_pos >= r->out_len) {
            if (r->done) break;
            if (refill_output(r, err) < 0) return -1;
            continue;
        }
        const unsigned char *p = r->out + r->out_pos;
        size_t avail = r->out_len - r->out_pos;
        const unsigned char *nl = memchr(p, '\n', avail);
        any = 1;
        if (nl) {
            size_t k = (size_t)(nl - p);
            fm_strbuf_add(line, p, k);
            r->out_pos += k + 1;
            if (line->len && line->buf[line->len - 1] == '\r') {
                fm_strbuf_setlen(line, line->len - 1);
                if (had_cr) *had_cr = 1;
            }
            r->lineno++;
            return 1;
        }
        fm_strbuf_add(line, p, avail);
        r->out_pos += avail;
    }
    if (!any || (line->len == 0 && any == 0)) return 0;
    if (line->len == 0) return 0;
    r->lineno++;
    return 1;
}

int fm_reader_getline_view(fm_reader *r, const char **line, size_t *len, fm_strbuf *scratch,
                           fm_error *err)
{
    if (r->out_pos < r->out_len) {
        const unsigned char *p = r->out + r->out_pos;
        const unsigned char *nl = memchr(p, '\n', r->out_len - r->out_pos);
        if (nl) { /* the whole line is in the window: as fm_reader_getline, without the copy */
            size_t k = (size_t)(nl - p);
            r->out_pos += k + 1;
            if (k && p[k - 1] == '\r') k--;
            r->lineno++;
            *line = (const char *)p;
            *len = k;
            return 1;
        }
    }
    int rc = fm_reader_getline(r, scratch, NULL, err);
    if (rc == 1) {
        *line = scratch->buf;
        *len = scratch->len;
    }
    return rc;
}

int fm_reader_slurp(fm_reader *r, fm_strbuf *out, fm_error *err)
{
    for (;;) {
        fm_strbuf_grow(out, FM_IO_CHUNK);
        long n = fm_reader_read(r, out->buf + out->len, FM_IO_CHUNK, err);
        if (n < 0) return -1;
        if (n == 0) break;
        out->len += (size_t)n;
        out->buf[out->len] = '\0';
    }
    return 0;
}

long fm_reader_lineno(const fm_reader *r) { return r->lineno; }
uint64_t fm_reader_raw_offset(const fm_reader *r) { return r->raw_offset; }
uint64_t fm_reader_raw_size(const fm_reader *r) { return r->raw_size; }
fm_compression fm_reader_compression(const fm_reader *r) { return r->comp; }
const char *fm_reader_path(const fm_reader *r) { return r->path; }

void fm_reader_hash_input(fm_reader *r)
{
    /* only right after open, when r->in holds every byte read so far */
    if (r->hs || r->raw_offset != r->in_len || r->in_pos) return;
    r->hs = XXH3_createState();
    XXH3_64bits_reset(r->hs);
    if (r->in_len) XXH3_64bits_update(r->hs, r->in, r->in_len);
}

int fm_reader_input_checksum(const fm_reader *r, uint64_t *xxh3, uint64_t *size)
{
    if (!r->hs || !r->in_eof) return -1;
    *xxh3 = XXH3_64bits_digest(r->hs);
    *size = r->raw_offset;
    return 0;
}

void fm_reader_close(fm_reader *r)
{
    if (!r) return;
    if (r->hs) XXH3_freeState(r->hs);
    if (r->own_fd && r->fd >= 0) close(r->fd);
    if (r->zd) ZSTD_freeDStream(r->zd);
    if (r->gz_init) inflateEnd(&r->gz);
    free(r->in);
    free(r->out);
    free(r->path);
    free(r);
}

int fm_read_file(const char *path, fm_strbuf *out, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return -1;
    int rc = fm_reader_slurp(r, out, err);
    fm_reader_close(r);
    return rc;
}

/* ===================================================================================== */
/* writer                                                                                */
/* ===================================================================================== */

struct fm_writer {
    char *path, *tmp;
    int fd;
    fm_compression comp;
    ZSTD_CStream *zc;
    unsigned char *zbuf;
    uint64_t bytes_in, bytes_out;
    XXH3_state_t *hash;
};

static int write_all(fm_writer *w, const void *data, size_t n, fm_error *err)
{
    const char *p = data;
    while (n) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0)
            return fm_error_set(err, FM_EIO, w->path, 0, NULL, "write failed: %s", strerror(errno));
        XXH3_64bits_update(w->hash, p, (size_t)k);
        w->bytes_out += (uint64_t)k;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

fm_writer *fm_writer_open(const char *path, fm_compression comp, int level, fm_error *err)
{
    if (comp == FM_COMP_GZIP) {
        fm_error_set(err, FM_EUSAGE, path, 0, NULL, "gzip output is not supported; use zstd");
        return NULL;
    }
    fm_writer *w = fm_xcalloc(1, sizeof *w);
    w->path = fm_xstrdup(path);
    fm_strbuf t = FM_STRBUF_INIT;
    fm_strbuf_addf(&t, "%s.tmp-%ld", path, (long)getpid());
    w->tmp = fm_strbuf_detach(&t, NULL);
    w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (w->fd < 0) {
        fm_error_set(err, FM_EIO, path, 0, NULL, "cannot create output file: %s", strerror(errno));
        free(w->path);
        free(w->tmp);
        free(w);
        return NULL;
    }
    w->comp = comp;
    w->hash = XXH3_createState();
    XXH3_64bits_reset(w->hash);
    if (comp == FM_COMP_ZSTD) {
        w->zc = ZSTD_createCStream();
        ZSTD_CCtx_setParameter(w->zc, ZSTD_c_compressionLevel, level);
        ZSTD_CCtx_setParameter(w->zc, ZSTD_c_checksumFlag, 1);
        w->zbuf = fm_xmalloc(ZSTD_CStreamOutSize());
    }
    return w;
}

static int zstd_pump(fm_writer *w, const void *data, size_t n, ZSTD_EndDirective mode, fm_error *err)
{
    ZSTD_inBuffer ib = { data, n, 0 };
    size_t cap = ZSTD_CStreamOutSize();
    for (;;) {
        ZSTD_outBuffer ob = { w->zbuf, cap, 0 };
        size_t rem = ZSTD_compressStream2(w->zc, &ob, &ib, mode);
        if (ZSTD_isError(rem))
            return fm_error_set(err, FM_EINTERNAL, w->path, 0, NULL, "zstd compression failed: %s",
                                ZSTD_getErrorName(rem));
        if (ob.pos && write_all(w, w->zbuf, ob.pos, err) < 0) return -1;
        if (mode == ZSTD_e_continue ? ib.pos == ib.size : rem == 0) return 0;
    }
}

int fm_writer_write(fm_writer *w, const void *data, size_t n, fm_error *err)
{
    w->bytes_in += n;
    if (w->comp == FM_COMP_ZSTD) return zstd_pump(w, data, n, ZSTD_e_continue, err);
    return write_all(w, data, n, err);
}

static void writer_free(fm_writer *w)
{
    if (w->zc) ZSTD_freeCStream(w->zc);
    XXH3_freeState(w->hash);
    free(w->zbuf);
    free(w->path);
    free(w->tmp);
    free(w);
}

void fm_writer_abort(fm_writer *w)
{
    if (!w) return;
    if (w->fd >= 0) close(w->fd);
    unlink(w->tmp);
    writer_free(w);
}

static int fsync_dir_of(const char *path)
{
    char *copy = fm_xstrdup(path);
    const char *dir = dirname(copy);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = 0;
    if (fd >= 0) {
        rc = fsync(fd);
        close(fd);
    }
    free(copy);
    return rc;
}

int fm_writer_commit_info(fm_writer *w, uint64_t *bytes_out, uint64_t *xxh3, fm_error *err)
{
    if (w->comp == FM_COMP_ZSTD && zstd_pump(w, NULL, 0, ZSTD_e_end, err) < 0) goto fail;
    if (fsync(w->fd) < 0) {
        fm_error_set(err, FM_EIO, w->path, 0, NULL, "fsync failed: %s", strerror(errno));
        goto fail;
    }
    if (close(w->fd) < 0) {
        w->fd = -1;
        fm_error_set(err, FM_EIO, w->path, 0, NULL, "close failed: %s", strerror(errno));
        goto fail;
    }
    w->fd = -1;
    if (rename(w->tmp, w->path) < 0) {
        fm_error_set(err, FM_EIO, w->path, 0, NULL, "rename failed: %s", strerror(errno));
        goto fail;
    }
    fsync_dir_of(w->path);
    if (bytes_out) *bytes_out = w->bytes_out;
    if (xxh3) *xxh3 = XXH3_64bits_digest(w->hash);
    writer_free(w);
    return 0;
fail:
    fm_writer_abort(w);
    return -1;
}

int fm_writer_commit(fm_writer *w, fm_error *err)
{
    return fm_writer_commit_info(w, NULL, NULL, err);
}

uint64_t fm_writer_bytes_in(const fm_writer *w) { return w->bytes_in; }
uint64_t fm_writer_bytes_out(const fm_writer *w) { return w->bytes_out; }

int fm_write_file_atomic(const char *path, const void *data, size_t n, fm_error *err)
{
    fm_writer *w = fm_writer_open(path, FM_COMP_NONE, 0, err);
    if (!w) return -1;
    if (fm_writer_write(w, data, n, err) < 0) {
        fm_writer_abort(w);
        return -1;
    }
    return fm_writer_commit(w, err);
}

/* ===================================================================================== */
/* paths                                                                                 */
/* ===================================================================================== */

int fm_mkdir_p(const char *path, fm_error *err)
{
    char *p = fm_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST) {
            fm_error_set(err, FM_EIO, p, 0, NULL, "cannot create directory: %s", strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, 0755) < 0 && errno != EEXIST)
        rc = fm_error_set(err, FM_EIO, p, 0, NULL, "cannot create directory: %s", strerror(errno));
    free(p);
    return rc;
}

int fm_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

void fm_path_join(fm_strbuf *out, const char *dir, const char *name)
{
    fm_strbuf_reset(out);
    if (dir && *dir && name[0] != '/') {
        fm_strbuf_addstr(out, dir);
        if (out->buf[out->len - 1] != '/') fm_strbuf_addch(out, '/');
    }
    fm_strbuf_addstr(out, name);
}

int fm_file_checksum(const char *path, uint64_t *xxh3, uint64_t *size, fm_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fm_error_set(err, FM_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    unsigned char *buf = fm_xmalloc(FM_IO_CHUNK);
    uint64_t total = 0;
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, FM_IO_CHUNK);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rc = fm_error_set(err, FM_EIO, path, 0, NULL, "read failed: %s", strerror(errno));
            break;
        }
        if (n == 0) break;
        XXH3_64bits_update(st, buf, (size_t)n);
        total += (uint64_t)n;
    }
    if (rc == 0) {
        if (xxh3) *xxh3 = XXH3_64bits_digest(st);
        if (size) *size = total;
    }
    free(buf);
    XXH3_freeState(st);
    close(fd);
    return rc;
}

/* A temp file is stale when the process named in its "<name>.tmp-<pid>" suffix is gone:
 * parts of one stage may run at once in the same directory, and their live temps must
 * stay. */
static int temp_is_stale(const char *name)
{
    const char *t = strstr(name, ".tmp-");
    if (!t) return 0;
    char *end;
    long pid = strtol(t + 5, &end, 10);
    if (*end || pid <= 0) return 1;
    if (pid == (long)getpid()) return 1;
    return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

int fm_remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    fm_strbuf p = FM_STRBUF_INIT;
    while ((e = readdir(d))) {
        if (!temp_is_stale(e->d_name)) continue;
        fm_path_join(&p, dir, e->d_name);
        if (unlink(p.buf) == 0) n++;
    }
    fm_strbuf_release(&p);
    closedir(d);
    return n;
}
