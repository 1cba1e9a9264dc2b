#include "shardrows.h"

#include "fileio.h"
#include "json.h"
#include "shardio.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fm_shard_reader {
    fm_shard_kind kind;
    char *path;
    uint64_t next;       /* next row number */
    /* MDS: the whole decompressed shard; Megatron: the .bin */
    fm_strbuf data;
    /* MDS */
    uint32_t nsamples;
    size_t ncols;
    struct mcol { int role; char *name; int width; size_t count, size; } *cols;
    int tok_width;
    /* Megatron */
    fm_strbuf idx;
    uint64_t nseq;
    int code;
    /* JSONL */
    fm_reader *rd;
    fm_strbuf line;
};

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

int fm_shard_kind_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (ends_with(base, ".mds") || ends_with(base, ".mds.zstd")) return FM_SHARD_MDS;
    if (!strncmp(base, "rows-", 5) && (ends_with(base, ".jsonl") || ends_with(base, ".jsonl.zst")))
        return FM_SHARD_JSONL;
    if (ends_with(base, ".bin")) return FM_SHARD_MEGATRON;
    return -1;
}

/* Column roles by the names flanmix pack writes (docs/formats.md). */
static int role_of(const char *name)
{
    static const struct { const char *name; int role; } map[] = {
        { "tokens", FM_RC_TOKENS },
        { "decoder_target_tokens", FM_RC_TOKENS },
        { "input_ids", FM_RC_TOKENS },
        { "segment_ids", FM_RC_SEGMENTS },
        { "decoder_segment_ids", FM_RC_SEGMENTS },
        { "positions", FM_RC_POSITIONS },
        { "decoder_positions", FM_RC_POSITIONS },
        { "position_ids", FM_RC_POSITIONS },
        { "loss_mask", FM_RC_LOSS },
        { "decoder_loss_weights", FM_RC_LOSS },
        { "completion_mask", FM_RC_LOSS },
        { "decoder_input_tokens", FM_RC_DEC_INPUTS },
        { "encoder_input_tokens", FM_RC_ENC_TOKENS },
        { "encoder_segment_ids", FM_RC_ENC_SEGMENTS },
        { "encoder_positions", FM_RC_ENC_POSITIONS },
        { "labels", FM_RC_LABELS },
        { "seq_lengths", FM_RC_SEQ_LENGTHS },
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(map[i].name, name)) return map[i].role;
    return -1;
}

static void col_reserve(fm_rowcol *c, size_t n)
{
    if (n > c->cap) {
        c->cap = n;
        c->v = fm_xrealloc(c->v, n * sizeof *c->v);
    }
    c->n = n;
}

static void row_clear(fm_shard_row *row)
{
    for (int i = 0; i < FM_RC_N; i++) {
        row->c[i].present = 0;
        row->c[i].n = 0;
        row->c[i].name = NULL;
    }
}

void fm_shard_row_release(fm_shard_row *row)
{
    for (int i = 0; i < FM_RC_N; i++) free(row->c[i].v);
    memset(row, 0, sizeof *row);
}

/* Whole file, as it is on disk (a Megatron .bin may begin with bytes that look like a
 * zstd frame, so fm_read_file's content sniffing must not be used). */
static int read_plain(const char *path, fm_strbuf *out, fm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return fm_error_set(err, FM_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fm_strbuf_add(out, buf, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? fm_error_set(err, FM_EIO, path, 0, NULL, "read error") : 0;
}

/* ---- MDS ------------------------------------------------------------------------------- */

/* "ndarray:<dtype>:<count>" -> width in bytes and count; 0 if not such an encoding. */
static int parse_encoding(const char *enc, int *width, size_t *count)
{
    if (strncmp(enc, "ndarray:", 8) != 0) return 0;
    const char *t = enc + 8;
    if (!strncmp(t, "uint8:", 6)) *width = 1, t += 6;
    else if (!strncmp(t, "uint16:", 7)) *width = 2, t += 7;
    else if (!strncmp(t, "uint32:", 7)) *width = 4, t += 7;
    else if (!strncmp(t, "int32:", 6)) *width = -4, t += 6;
    else return 0;
    char *end;
    unsigned long long c = strtoull(t, &end, 10);
    if (end == t || *end) return 0;
    *count = (size_t)c;
    return 1;
}

static int mds_open(fm_shard_reader *r, fm_error *err)
{
    if (fm_read_file(r->path, &r->data, err) < 0) return -1;
    const unsigned char *b = (const unsigned char *)r->data.buf;
    size_t len = r->data.len;
    if (len < 8) return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "not an MDS shard (%zu bytes)", len);
    uint32_t n = fm_get_u32(b);
    size_t table_end = 4 + 4 * ((size_t)n + 1);
    if (table_end > len) return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "MDS header: %u samples do not fit", n);
    uint32_t off0 = fm_get_u32(b + 4), offn = fm_get_u32(b + 4 + 4 * (size_t)n);
    if (off0 < table_end || off0 > len)
        return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "MDS header: first sample offset %u out of range", off0);
    if (offn != len)
        return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "MDS header: last offset %u, shard has %zu bytes", offn, len);
    for (uint32_t i = 0; i < n; i++)
        if (fm_get_u32(b + 8 + 4 * (size_t)i) < fm_get_u32(b + 4 + 4 * (size_t)i))
            return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "MDS header: offsets decrease at sample %u", i);
    cJSON *cfg = fm_json_parse((const char *)b + table_end, off0 - table_end, r->path, 0, err);
    if (!cfg) return -1;
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(cfg, "column_names");
    const cJSON *encs = cJSON_GetObjectItemCaseSensitive(cfg, "column_encodings");
    const cJSON *sizes = cJSON_GetObjectItemCaseSensitive(cfg, "column_sizes");
    int nc = cJSON_GetArraySize(names), rc = 0;
    if (!cJSON_IsArray(names) || cJSON_GetArraySize(encs) != nc || cJSON_GetArraySize(sizes) != nc || nc > 8)
        rc = fm_error_set(err, FM_EINPUT, r->path, 0, "column_names", "MDS config: bad column lists");
    r->cols = fm_xcalloc(nc ? (size_t)nc : 1, sizeof *r->cols);
    for (int c = 0; rc == 0 && c < nc; c++) {
        const cJSON *nm = cJSON_GetArrayItem(names, c), *en = cJSON_GetArrayItem(encs, c),
                    *sz = cJSON_GetArrayItem(sizes, c);
        struct mcol *m = &r->cols[c];
        if (!cJSON_IsString(nm) || !cJSON_IsString(en) || !cJSON_IsNumber(sz)) {
            rc = fm_error_set(err, FM_EINPUT, r->path, 0, "column_encodings",
                              "MDS config: column %d is not a fixed-size column", c);
            break;
        }
        m->name = fm_xstrdup(nm->valuestring);
        m->role = role_of(m->name);
        m->size = (size_t)sz->valuedouble;
        if (!parse_encoding(en->valuestring, &m->width, &m->count)) {
            rc = fm_error_set(err, FM_EINPUT, r->path, 0, m->name, "MDS config: encoding '%s' is not ndarray:uintN:COUNT",
                              en->valuestring);
            break;
        }
        int w = m->width < 0 ? -m->width : m->width;
        if ((size_t)w * m->count != m->size) {
            rc = fm_error_set(err, FM_EINPUT, r->path, 0, m->name, "MDS config: size %zu, encoding %s needs %zu", m->size,
                              en->valuestring, (size_t)w * m->count);
            break;
        }
        if (m->role == FM_RC_TOKENS) r->tok_width = w;
        r->ncols++;
    }
    cJSON_Delete(cfg);
    r->nsamples = n;
    return rc;
}

static int mds_next(fm_shard_reader *r, fm_shard_row *row, fm_error *err)
{
    if (r->next >= r->nsamples) return 0;
    const unsigned char *b = (const unsigned char *)r->data.buf;
    size_t i = (size_t)r->next;
    uint32_t beg = fm_get_u32(b + 4 + 4 * i), end = fm_get_u32(b + 8 + 4 * i);
    size_t want = 0;
    for (size_t c = 0; c < r->ncols; c++) want += r->cols[c].size;
    if (end - beg != want)
        return fm_error_set(err, FM_EINPUT, r->path, 0, NULL, "sample %zu has %u bytes, the columns need %zu", i,
                            end - beg, want);
    const unsigned char *p = b + beg;
    for (size_t c = 0; c < r->ncols; c++) {
        struct mcol *m = &r->cols[c];
        if (m->role >= 0 && !row->c[m->role].present) {
            fm_rowcol *col = &row->c[m->role];
            col_reserve(col, m->count);
            col->present = 1;
            col->name = m->name;
            for (size_t k = 0; k < m->count; k++) {
                const unsigned char *q = p + k * (size_t)(m->width < 0 ? -m->width : m->width);
                col->v[k] = m->width == 1 ? q[0] : m->width == 2 ? (int32_t)(q[0] | q[1] << 8) : (int32_t)fm_get_u32(q);
            }
        }
        p += m->size;
    }
    row->index = r->next++;
    return 1;
}

/* ---- JSON Lines ---------------------------------------------------------------------------- */

static int jsonl_next(fm_shard_reader *r, fm_shard_row *row, fm_error *err)
{
    int got = fm_reader_getline(r->rd, &r->line, NULL, err);
    if (got <= 0) return got;
    long lineno = fm_reader_lineno(r->rd);
    cJSON *j = fm_json_parse(r->line.buf, r->line.len, r->path, lineno, err);
    if (!j) return -1;
    int rc = 1, k = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, j) {
        int role = role_of(it->string);
        if (role < 0 || row->c[role].present) continue;
        fm_rowcol *col = &row->c[role];
        if (!cJSON_IsArray(it)) {
            rc = fm_error_set(err, FM_EINPUT, r->path, lineno, it->string, "not an array");
            break;
        }
        col_reserve(col, (size_t)cJSON_GetArraySize(it));
        size_t i = 0;
        const cJSON *x;
        cJSON_ArrayForEach(x, it) {
            if (!cJSON_IsNumber(x) || x->valuedouble != (double)(int32_t)x->valuedouble) {
                rc = fm_error_set(err, FM_EINPUT, r->path, lineno, it->string, "item %zu is not a 32-bit integer", i);
                break;
            }
            col->v[i++] = (int32_t)x->valuedouble;
        }
        if (rc < 0) break;
        snprintf(row->name[k], sizeof row->name[k], "%s", it->string);
        col->name = row->name[k];
        k = (k + 1) % 8;
        col->present = 1;
    }
    cJSON_Delete(j);
    row->index = r->next++;
    return rc;
}

/* ---- Megatron ------------------------------------------------------------------------------ */

static int megatron_open(fm_shard_reader *r, fm_error *err)
{
    if (read_plain(r->path, &r->data, err) < 0) return -1;
    fm_strbuf ip = FM_STRBUF_INIT;
    fm_strbuf_add(&ip, r->path, strlen(r->path) - 4);
    fm_strbuf_addstr(&ip, ".idx");
    int rc = read_plain(ip.buf, &r->idx, err);
    const unsigned char *b = (const unsigned char *)r->idx.buf;
    size_t len = r->idx.len;
    if (rc == 0 && (len < 34 || memcmp(b, "MMIDIDX\0\0", 9) != 0))
        rc = fm_error_set(err, FM_EINPUT, ip.buf, 0, NULL, "not a Megatron .idx (magic)");
    if (rc == 0 && fm_get_u64(b + 9) != 1)
        rc = fm_error_set(err, FM_EINPUT, ip.buf, 0, "version", ".idx version %llu, expected 1",
                          (unsigned long long)fm_get_u64(b + 9));
    if (rc == 0 && b[17] != 8 && b[17] != 4)
        rc = fm_error_set(err, FM_EINPUT, ip.buf, 0, "dtype", ".idx dtype code %d, expected 8 (uint16) or 4 (int32)", b[17]);
    uint64_t S = rc == 0 ? fm_get_u64(b + 18) : 0, D = rc == 0 ? fm_get_u64(b + 26) : 0;
    if (rc == 0 && (S > len / 12 || D != S + 1 || len != 34 + 12 * S + 8 * D))
        rc = fm_error_set(err, FM_EINPUT, ip.buf, 0, NULL, ".idx: %llu sequences and %llu documents do not match its %zu bytes",
                          (unsigned long long)S, (unsigned long long)D, len);
    int w = rc == 0 && b[17] == 8 ? 2 : 4;
    uint64_t off = 0;
    for (uint64_t i = 0; rc == 0 && i < S; i++) {
        uint64_t ptr = fm_get_u64(b + 34 + 4 * S + 8 * i);
        if (ptr != off)
            rc = fm_error_set(err, FM_EINPUT, ip.buf, 0, "pointers", "sequence %llu: byte offset %llu, expected %llu",
                              (unsigned long long)i, (unsigned long long)ptr, (unsigned long long)off);
        off += (uint64_t)fm_get_u32(b + 34 + 4 * i) * (uint64_t)w;
    }
    for (uint64_t i = 0; rc == 0 && i < D; i++)
        if (fm_get_u64(b + 34 + 12 * S + 8 * i) != i)
            rc = fm_error_set(err, FM_EINPUT, ip.buf, 0, "document_indices", "document index %llu is %llu, expected %llu",
                              (unsigned long long)i, (unsigned long long)fm_get_u64(b + 34 + 12 * S + 8 * i),
                              (unsigned long long)i);
    if (rc == 0 && off != r->data.len)
        rc = fm_error_set(err, FM_EINPUT, r->path, 0, NULL, ".bin has %zu bytes, its .idx describes %llu", r->data.len,
                          (unsigned long long)off);
    if (rc == 0) {
        r->nseq = S;
        r->code = b[17];
    }
    fm_strbuf_release(&ip);
    return rc;
}

static int megatron_next(fm_shard_reader *r, fm_shard_row *row)
{
    if (r->next >= r->nseq) return 0;
    const unsigned char *b = (const unsigned char *)r->idx.buf;
    uint64_t i = r->next, S = r->nseq;
    uint32_t n = fm_get_u32(b + 34 + 4 * i);
    uint64_t ptr = fm_get_u64(b + 34 + 4 * S + 8 * i);
    int w = r->code == 8 ? 2 : 4;
    fm_rowcol *col = &row->c[FM_RC_TOKENS];
    col_reserve(col, n);
    for (uint32_t k = 0; k < n; k++) {
        const unsigned char *q = (const unsigned char *)r->data.buf + ptr + (uint64_t)k * (uint64_t)w;
        col->v[k] = w == 2 ? (int32_t)(q[0] | q[1] << 8) : (int32_t)fm_get_u32(q);
    }
    col->present = 1;
    col->name = "tokens";
    row->index = r->next++;
    return 1;
}

/* ---- the reader ------------------------------------------------------------------------------ */

fm_shard_reader *fm_shard_reader_open(const char *path, fm_error *err)
{
    int kind = fm_shard_kind_of(path);
    if (kind < 0) {
        fm_error_set(err, FM_EUSAGE, path, 0, NULL, "not a packed data shard (.mds[.zstd], rows-*.jsonl[.zst], .bin)");
        return NULL;
    }
    fm_shard_reader *r = fm_xcalloc(1, sizeof *r);
    r->kind = (fm_shard_kind)kind;
    r->path = fm_xstrdup(path);
    int rc = 0;
    if (kind == FM_SHARD_MDS) rc = mds_open(r, err);
    else if (kind == FM_SHARD_MEGATRON) rc = megatron_open(r, err);
    else if (!(r->rd = fm_reader_open(path, err))) rc = -1;
    if (rc < 0) {
        fm_shard_reader_close(r);
        return NULL;
    }
    return r;
}

int fm_shard_reader_next(fm_shard_reader *r, fm_shard_row *row, fm_error *err)
{
    row_clear(row);
    if (r->kind == FM_SHARD_MDS) return mds_next(r, row, err);
    if (r->kind == FM_SHARD_MEGATRON) return megatron_next(r, row);
    return jsonl_next(r, row, err);
}

fm_shard_kind fm_shard_reader_kind(const fm_shard_reader *r) { return r->kind; }

int64_t fm_shard_reader_declared_rows(const fm_shard_reader *r)
{
    return r->kind == FM_SHARD_MDS ? (int64_t)r->nsamples : r->kind == FM_SHARD_MEGATRON ? (int64_t)r->nseq : -1;
}

const void *fm_shard_reader_raw(const fm_shard_reader *r, size_t *len)
{
    if (r->kind != FM_SHARD_MDS) return NULL;
    *len = r->data.len;
    return r->data.buf;
}

int fm_shard_reader_dtype(const fm_shard_reader *r)
{
    return r->kind == FM_SHARD_MDS ? r->tok_width : r->kind == FM_SHARD_MEGATRON ? r->code : 0;
}

void fm_shard_reader_close(fm_shard_reader *r)
{
    if (!r) return;
    for (size_t c = 0; c < r->ncols; c++) free(r->cols[c].name);
    free(r->cols);
    fm_strbuf_release(&r->data);
    fm_strbuf_release(&r->idx);
    fm_strbuf_release(&r->line);
    if (r->rd) fm_reader_close(r->rd);
    free(r->path);
    free(r);
}

size_t fm_shard_row_strip(const fm_shard_row *row, uint32_t *seg, uint8_t *loss, size_t len)
{
    const fm_rowcol *t = &row->c[FM_RC_TOKENS], *s = &row->c[FM_RC_SEGMENTS], *l = &row->c[FM_RC_LOSS],
                    *lab = &row->c[FM_RC_LABELS], *sl = &row->c[FM_RC_SEQ_LENGTHS];
    memset(seg, 0, len * sizeof *seg);
    memset(loss, 0, len);
    size_t n = t->present ? t->n : 0;
    if (s->present) {
        for (size_t i = 0; i < len && i < s->n; i++) seg[i] = s->v[i] > 0 ? (uint32_t)s->v[i] : 0;
    } else if (sl->present) {
        size_t pos = 0;
        for (size_t k = 0; k < sl->n; k++)
            for (int32_t q = 0; q < sl->v[k] && pos < len; q++) seg[pos++] = (uint32_t)k + 1;
    } else {
        for (size_t i = 0; i < len && i < n; i++) seg[i] = 1;
    }
    if (l->present) {
        for (size_t i = 0; i < len && i < l->n; i++) loss[i] = l->v[i] != 0;
    } else if (lab->present) {
        for (size_t i = 0; i < len && i < lab->n; i++) loss[i] = lab->v[i] != -100;
    }
    return n;
}
