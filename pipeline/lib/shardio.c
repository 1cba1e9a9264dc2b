#include "shardio.h"

#include "fileio.h"
#include "hugemem.h"
#include "zcctx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

void fm_shard_list_add(fm_shard_list *l, const char *rel, uint64_t bytes, uint64_t xxh3,
                       int64_t rows, uint64_t tokens)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = fm_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (fm_shard_out){ fm_xstrdup(rel), bytes, xxh3, rows, tokens };
}

void fm_shard_list_release(fm_shard_list *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].rel);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int fm_write_shard_file(const char *path, const void *data, size_t n, int zstd_level,
                        uint64_t *bytes, uint64_t *xxh3, fm_error *err)
{
    const void *out = data;
    size_t outn = n;
    void *z = NULL;
    if (zstd_level >= 0) {
        /* One-shot compression: a single frame, content size in the header, no threads
         * (so the bytes depend only on the input, the level and the libzstd version). */
        size_t cap = ZSTD_compressBound(n);
        z = fm_xmalloc(cap);
        ZSTD_CCtx *cc = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, zstd_level);
        ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 1);
        size_t r = ZSTD_compress2(cc, z, cap, data, n);
        ZSTD_freeCCtx(cc);
        if (ZSTD_isError(r)) {
            free(z);
            return fm_error_set(err, FM_EINTERNAL, path, 0, NULL, "zstd compression failed: %s",
                                ZSTD_getErrorName(r));
        }
        out = z;
        outn = r;
    }
    /* The writer hashes what it writes: each byte is hashed once. */
    int rc = -1;
    fm_writer *w = fm_writer_open(path, FM_COMP_NONE, 0, err);
    if (w && fm_writer_write(w, out, outn, err) < 0) fm_writer_abort(w);
    else if (w) rc = fm_writer_commit_info(w, bytes, xxh3, err);
    free(z);
    return rc;
}

int fm_write_shard_file_z(const char *path, const void *data, size_t n, int zstd_level, fm_shard_zbuf *z,
                          uint64_t *bytes, uint64_t *xxh3, fm_error *err)
{
    if (zstd_level < 0) return fm_write_shard_file(path, data, n, zstd_level, bytes, xxh3, err);
    size_t cap = ZSTD_compressBound(n);
    if (cap > z->cap) {
        fm_huge_free(z->buf, z->mapped);
        z->buf = fm_huge_alloc(cap, FM_HUGE_PAGE, &z->mapped);
        z->cap = z->mapped ? z->mapped : cap;
    }
    if (!z->zc) z->zc = fm_zcctx_new();
    /* The same one-shot call as fm_write_shard_file, on a context with the same parameters. */
    ZSTD_CCtx *cc = fm_zcctx_fresh(z->zc);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, zstd_level);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 1);
    size_t r = ZSTD_compress2(cc, z->buf, z->cap, data, n);
    if (ZSTD_isError(r))
        return fm_error_set(err, FM_EINTERNAL, path, 0, NULL, "zstd compression failed: %s",
                            ZSTD_getErrorName(r));
    int rc = -1;
    fm_writer *w = fm_writer_open(path, FM_COMP_NONE, 0, err);
    if (w && fm_writer_write(w, z->buf, r, err) < 0) fm_writer_abort(w);
    else if (w) rc = fm_writer_commit_info(w, bytes, xxh3, err);
    return rc;
}

void fm_shard_zbuf_release(fm_shard_zbuf *z)
{
    fm_zcctx_free(z->zc);
    fm_huge_free(z->buf, z->mapped);
    memset(z, 0, sizeof *z);
}

int fm_write_shard_parts(const char *path, const void *const *parts, const size_t *lens, size_t nparts,
                         int zstd_level, uint64_t *bytes, uint64_t *xxh3, fm_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < nparts; i++) total += lens[i];
    fm_writer *w = fm_writer_open(path, FM_COMP_NONE, 0, err);
    if (!w) return -1;
    if (zstd_level < 0) {
        for (size_t i = 0; i < nparts; i++)
            if (fm_writer_write(w, parts[i], lens[i], err) < 0) goto fail;
        return fm_writer_commit_info(w, bytes, xxh3, err);
    }
    /* One frame; the pledged size puts the content size in the frame header. */
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, zstd_level);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 1);
    ZSTD_CCtx_setPledgedSrcSize(cc, total);
    size_t cap = ZSTD_CStreamOutSize();
    unsigned char *buf = fm_xmalloc(cap);
    int rc = 0;
    for (size_t i = 0; i < nparts && rc == 0; i++) {
        ZSTD_inBuffer in = { parts[i], lens[i], 0 };
        ZSTD_EndDirective mode = i + 1 == nparts ? ZSTD_e_end : ZSTD_e_continue;
        for (;;) {
            ZSTD_outBuffer out = { buf, cap, 0 };
            size_t left = ZSTD_compressStream2(cc, &out, &in, mode);
            if (ZSTD_isError(left)) {
                rc = fm_error_set(err, FM_EINTERNAL, path, 0, NULL, "zstd compression failed: %s",
                                  ZSTD_getErrorName(left));
                break;
            }
            if (out.pos && fm_writer_write(w, buf, out.pos, err) < 0) { rc = -1; break; }
            if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size) break;
        }
    }
    if (nparts == 0 && rc == 0) {
        ZSTD_inBuffer in = { NULL, 0, 0 };
        ZSTD_outBuffer out = { buf, cap, 0 };
        ZSTD_compressStream2(cc, &out, &in, ZSTD_e_end);
        if (fm_writer_write(w, buf, out.pos, err) < 0) rc = -1;
    }
    free(buf);
    ZSTD_freeCCtx(cc);
    if (rc < 0) goto fail;
    return fm_writer_commit_info(w, bytes, xxh3, err);
fail:
    fm_writer_abort(w);
    return -1;
}

fm_dtype fm_dtype_for_vocab(uint64_t vocab_size)
{
    return vocab_size <= 65536 ? FM_DTYPE_U16 : FM_DTYPE_U32;
}

/* ---- Python json.dumps(sort_keys=True) --------------------------------------------------- */

static void py_string(fm_strbuf *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    fm_strbuf_addch(out, '"');
    while (*p) {
        unsigned c = *p;
        uint32_t cp;
        int extra;
        if (c < 0x80) {
            switch (c) {
            case '"': fm_strbuf_addstr(out, "\\\""); break;
            case '\\': fm_strbuf_addstr(out, "\\\\"); break;
            case '\n': fm_strbuf_addstr(out, "\\n"); break;
            case '\r': fm_strbuf_addstr(out, "\\r"); break;
            case '\t': fm_strbuf_addstr(out, "\\t"); break;
            case '\b': fm_strbuf_addstr(out, "\\b"); break;
            case '\f': fm_strbuf_addstr(out, "\\f"); break;
            default:
                if (c < 0x20 || c == 0x7f) fm_strbuf_addf(out, "\\u%04x", c);
                else fm_strbuf_addch(out, (char)c);
            }
            p++;
            continue;
        }
        /* Decode UTF-8 (input was validated by the JSON parser or built by us). */
        if (c >= 0xf0) { cp = c & 0x07; extra = 3; }
        else if (c >= 0xe0) { cp = c & 0x0f; extra = 2; }
        else { cp = c & 0x1f; extra = 1; }
        p++;
        for (int i = 0; i < extra && (*p & 0xc0) == 0x80; i++, p++) cp = cp << 6 | (*p & 0x3f);
        uint32_t units[2];
        int nu = 0;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            units[nu++] = 0xd800 | (cp >> 10);
            units[nu++] = 0xdc00 | (cp & 0x3ff);
        } else {
            units[nu++] = cp;
        }
        for (int i = 0; i < nu; i++) {
            char e[7] = { '\\', 'u', hex[units[i] >> 12 & 15], hex[units[i] >> 8 & 15],
                          hex[units[i] >> 4 & 15], hex[units[i] & 15], 0 };
            fm_strbuf_addstr(out, e);
        }
    }
    fm_strbuf_addch(out, '"');
}

static int by_key(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

void fm_pydump(fm_strbuf *out, const cJSON *v)
{
    if (!v || cJSON_IsNull(v)) {
        fm_strbuf_addstr(out, "null");
    } else if (cJSON_IsString(v)) {
        py_string(out, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        fm_strbuf_addf(out, "%lld", (long long)llround(v->valuedouble));
    } else if (cJSON_IsBool(v)) {
        fm_strbuf_addstr(out, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsArray(v)) {
        fm_strbuf_addch(out, '[');
        for (const cJSON *c = v->child; c; c = c->next) {
            if (c != v->child) fm_strbuf_addstr(out, ", ");
            fm_pydump(out, c);
        }
        fm_strbuf_addch(out, ']');
    } else {
        size_t n = 0;
        for (const cJSON *c = v->child; c; c = c->next) n++;
        const cJSON **kids = fm_xmalloc((n ? n : 1) * sizeof *kids);
        n = 0;
        for (const cJSON *c = v->child; c; c = c->next) kids[n++] = c;
        fm_qsort(kids, n, sizeof *kids, by_key);
        fm_strbuf_addch(out, '{');
        for (size_t i = 0; i < n; i++) {
            if (i) fm_strbuf_addstr(out, ", ");
            py_string(out, kids[i]->string);
            fm_strbuf_addstr(out, ": ");
            fm_pydump(out, kids[i]);
        }
        fm_strbuf_addch(out, '}');
        free(kids);
    }
}
