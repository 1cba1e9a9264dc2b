#include "inspect_shards.h"

#include "fileio.h"
#include "inspect.h"
#include "json.h"
#include "manifest.h"
#include "packstats.h"
#include "relpath.h"
#include "shardio.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zstd.h>

/* One decoded row: decoder (or prefixlm) tokens, segment ids, loss; encoder side optional. */
typedef struct irow {
    int32_t *tok, *seg, *etok, *eseg;
    uint8_t *loss;
    size_t n, en;
} irow;

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

int fm_inspect_shards_match(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, path, "index.json");
        int ok = fm_path_exists(p.buf);
        fm_strbuf_reset(&p);
        fm_path_join(&p, path, "manifest.json");
        if (!ok && fm_path_exists(p.buf)) {
            fm_strbuf m = FM_STRBUF_INIT;
            fm_error e;
            ok = fm_read_file(p.buf, &m, &e) == 0 && strstr(m.buf, "\"stage\":\"pack\"") != NULL;
            fm_strbuf_release(&m);
        }
        fm_strbuf_release(&p);
        return ok;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return !strcmp(base, "index.json") || ends_with(base, ".mds") || ends_with(base, ".mds.zstd") ||
           ends_with(base, ".idx") || ends_with(base, ".bin") || !strncmp(base, "rows-", 5);
}

static void print_ids(FILE *out, const fm_inspect_shards_opts *o, const int32_t *x, size_t n)
{
    if (o->model && !o->show_ids) {
        fm_strbuf t = FM_STRBUF_INIT;
        fm_error e;
        if (fm_spm_model_decode(o->model, x, n, &t, &e) == 0) {
            for (size_t i = 0; i < t.len; i++) {
                char c = t.buf[i];
                if (c == '\n') fputs("\\n", out);
                else if (c == '\t') fputs("\\t", out);
                else fputc(c, out);
            }
            /* EOS does not decode to text: show it. */
            if (n && x[n - 1] == fm_spm_model_eos_id(o->model)) fputs(" </s>", out);
            fm_strbuf_release(&t);
            return;
        }
        fm_strbuf_release(&t);
    }
    for (size_t i = 0; i < n; i++) fprintf(out, i ? " %d" : "%d", (int)x[i]);
}

static void print_row(FILE *out, const fm_inspect_shards_opts *o, const char *where, long k, const irow *r)
{
    size_t used = 0, nseg = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->seg[i]) used++;
        if (r->seg[i] > (int32_t)nseg) nseg = (size_t)r->seg[i];
    }
    fprintf(out, "== row %ld (%s): %zu segments, %zu/%zu tokens", k, where, nseg, used, r->n);
    if (r->etok) {
        size_t eu = 0;
        for (size_t i = 0; i < r->en; i++) eu += r->eseg[i] != 0;
        fprintf(out, ", encoder %zu/%zu", eu, r->en);
    }
    fputc('\n', out);
    /* One block per run of a segment id, in row order (in a valid row: 1, 2, ... nseg).
     * Walking runs, not 1..nseg, keeps a corrupt row with a huge id linear. */
    for (size_t a = 0; a < r->n;) {
        int32_t s = r->seg[a];
        size_t cnt = 0;
        while (a + cnt < r->n && r->seg[a + cnt] == s) cnt++;
        if (s <= 0) {
            a += cnt;
            continue;
        }
        fprintf(out, "-- segment %d (%zu tokens)\n", (int)s, cnt);
        if (r->etok) {
            size_t ea = 0, ec = 0;
            while (ea < r->en && r->eseg[ea] != s) ea++;
            for (size_t i = ea; i < r->en && r->eseg[i] == s; i++) ec++;
            fputs("   enc    | ", out);
            print_ids(out, o, r->etok + ea, ec);
            fputc('\n', out);
        }
        for (size_t i = a; i < a + cnt;) {
            size_t j = i;
            while (j < a + cnt && r->loss[j] == r->loss[i]) j++;
            fprintf(out, "   loss %d | ", (int)r->loss[i]);
            print_ids(out, o, r->tok + i, j - i);
            fputc('\n', out);
            i = j;
        }
        a += cnt;
    }
}

/* ---- MDS --------------------------------------------------------------------------------- */

static int col_width(const char *enc)
{
    return strstr(enc, ":uint8:") ? 1 : strstr(enc, ":uint16:") ? 2 : 4;
}

static void decode_col(const unsigned char *p, int w, size_t n, int32_t *dst)
{
    for (size_t i = 0; i < n; i++, p += w)
        dst[i] = w == 1 ? p[0] : w == 2 ? (int32_t)(p[0] | p[1] << 8) : (int32_t)fm_get_u32(p);
}

/* The shard entry's column lists: three lists of one length, names and encodings strings,
 * sizes whole numbers (flanmix writes fixed-size columns only). A user may hand us any
 * index.json, so nothing is assumed. */
static int mds_columns_ok(const cJSON *names, const cJSON *encs, const cJSON *sizes, const char *path,
                          fm_error *err)
{
    int nc = cJSON_GetArraySize(names);
    if (!cJSON_IsArray(names) || !cJSON_IsArray(encs) || !cJSON_IsArray(sizes) ||
        cJSON_GetArraySize(encs) != nc || cJSON_GetArraySize(sizes) != nc)
        return fm_error_set(err, FM_EINPUT, path, 0, "column_names",
                            "bad MDS index entry: column_names, column_encodings and column_sizes "
                            "must be lists of one length");
    for (int c = 0; c < nc; c++) {
        const cJSON *nm = cJSON_GetArrayItem(names, c), *en = cJSON_GetArrayItem(encs, c);
        const cJSON *sz = cJSON_GetArrayItem(sizes, c);
        if (!cJSON_IsString(nm) || !cJSON_IsString(en))
            return fm_error_set(err, FM_EINPUT, path, 0, "column_names",
                                "bad MDS index entry: column %d has no name or encoding", c);
        if (!cJSON_IsNumber(sz))
            return fm_error_set(err, FM_EINPUT, path, 0, nm->valuestring, "variable column");
        if (!(sz->valuedouble >= 0 && sz->valuedouble <= 4294967295.0) ||
            sz->valuedouble != (double)(uint32_t)sz->valuedouble)
            return fm_error_set(err, FM_EINPUT, path, 0, nm->valuestring, "bad column size");
    }
    return 0;
}

static int mds_shard(const char *dir, const cJSON *sh, const fm_inspect_shards_opts *o, FILE *out,
                     long *k, fm_error *err)
{
    const cJSON *zip = cJSON_GetObjectItemCaseSensitive(sh, "zip_data");
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(sh, "raw_data");
    const cJSON *bn = cJSON_GetObjectItemCaseSensitive(cJSON_IsObject(zip) ? zip : raw, "basename");
    if (!cJSON_IsString(bn)) return fm_error_set(err, FM_EINPUT, dir, 0, "basename", "bad MDS index entry");
    if (!fm_relpath_inside(bn->valuestring))
        return fm_error_set(err, FM_EINPUT, dir, 0, "basename", "shard path '%s' leaves the directory",
                            bn->valuestring);
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(sh, "column_names");
    const cJSON *encs = cJSON_GetObjectItemCaseSensitive(sh, "column_encodings");
    const cJSON *sizes = cJSON_GetObjectItemCaseSensitive(sh, "column_sizes");
    if (mds_columns_ok(names, encs, sizes, dir, err) < 0) return -1;
    fm_strbuf path = FM_STRBUF_INIT, data = FM_STRBUF_INIT;
    fm_path_join(&path, dir, bn->valuestring);
    /* fm_read_file detects the zstd frame by content and decompresses it. */
    int rc = fm_read_file(path.buf, &data, err);
    const unsigned char *b = (const unsigned char *)data.buf;
    if (rc == 0 && data.len < 8) rc = fm_error_set(err, FM_EINPUT, path.buf, 0, NULL, "not an MDS shard");
    uint32_t n = rc == 0 ? fm_get_u32(b) : 0;
    if (rc == 0 && data.len < 4 + 4 * ((size_t)n + 1))
        rc = fm_error_set(err, FM_EINPUT, path.buf, 0, NULL, "truncated MDS shard");
    int nc = cJSON_GetArraySize(names);
    for (uint32_t i = 0; rc == 0 && i < n && (o->max_rows < 0 || *k < o->max_rows); i++) {
        uint32_t beg = fm_get_u32(b + 4 + 4 * i), end = fm_get_u32(b + 8 + 4 * i);
        if (end < beg || end > data.len) {
            rc = fm_error_set(err, FM_EINPUT, path.buf, 0, NULL, "sample %u: offsets out of range", i);
            break;
        }
        irow r = { 0 };
        size_t ntok = 0, nseg = 0, nloss = 0, netok = 0, neseg = 0;
        const unsigned char *p = b + beg;
        size_t left = end - beg;
        for (int c = 0; c < nc; c++) {
            const char *nm = cJSON_GetArrayItem(names, c)->valuestring;
            const char *en = cJSON_GetArrayItem(encs, c)->valuestring;
            size_t sz = (size_t)cJSON_GetArrayItem(sizes, c)->valuedouble;
            if (sz > left) {
                rc = fm_error_set(err, FM_EINPUT, path.buf, 0, nm, "sample %u: columns run past its end", i);
                break;
            }
            int w = col_width(en);
            const char *last = strrchr(en, ':');
            size_t cnt = last ? strtoul(last + 1, NULL, 10) : 0;
            if (cnt > sz / (size_t)w) {
                rc = fm_error_set(err, FM_EINPUT, path.buf, 0, nm, "encoding %s does not fit the column size %zu", en, sz);
                break;
            }
            int32_t **dst = NULL;
            size_t *len = NULL;
            if (!strcmp(nm, "tokens") || !strcmp(nm, "decoder_target_tokens")) dst = &r.tok, len = &ntok;
            else if (!strcmp(nm, "segment_ids") || !strcmp(nm, "decoder_segment_ids")) dst = &r.seg, len = &nseg;
            else if (!strcmp(nm, "encoder_input_tokens")) dst = &r.etok, len = &netok;
            else if (!strcmp(nm, "encoder_segment_ids")) dst = &r.eseg, len = &neseg;
            else if (!strcmp(nm, "loss_mask") || !strcmp(nm, "decoder_loss_weights")) {
                free(r.loss);
                r.loss = fm_xmalloc(cnt ? cnt : 1);
                for (size_t q = 0; q < cnt; q++) r.loss[q] = p[q * (size_t)w]; /* low byte */
                nloss = cnt;
            }
            if (dst) {
                free(*dst);
                *dst = fm_xmalloc((cnt ? cnt : 1) * sizeof **dst);
                decode_col(p, w, cnt, *dst);
                *len = cnt;
            }
            p += sz;
            left -= sz;
        }
        if (rc == 0 && (!r.tok || !r.seg || !r.loss))
            rc = fm_error_set(err, FM_EINPUT, path.buf, 0, NULL, "not a flanmix packed MDS shard (columns)");
        if (rc == 0 && (nseg != ntok || nloss != ntok || !r.etok != !r.eseg || neseg != netok))
            rc = fm_error_set(err, FM_EINPUT, path.buf, 0, NULL, "sample %u: columns of different lengths", i);
        if (rc == 0) {
            r.n = ntok;
            r.en = netok;
            char where[600];
            snprintf(where, sizeof where, "%s #%u", bn->valuestring, i);
            print_row(out, o, where, (*k)++, &r);
        }
        free(r.tok);
        free(r.seg);
        free(r.etok);
        free(r.eseg);
        free(r.loss);
    }
    fm_strbuf_release(&path);
    fm_strbuf_release(&data);
    return rc;
}

static int mds_index(const char *dir, const fm_inspect_shards_opts *o, FILE *out, long *k, fm_error *err)
{
    fm_strbuf p = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    fm_path_join(&p, dir, "index.json");
    int rc = fm_read_file(p.buf, &text, err);
    cJSON *idx = rc == 0 ? fm_json_parse(text.buf, text.len, p.buf, 0, err) : NULL;
    if (!idx) rc = -1;
    const cJSON *sh;
    if (rc == 0)
        cJSON_ArrayForEach(sh, cJSON_GetObjectItemCaseSensitive(idx, "shards")) {
            if (o->max_rows >= 0 && *k >= o->max_rows) break;
            if ((rc = mds_shard(dir, sh, o, out, k, err)) < 0) break;
        }
    cJSON_Delete(idx);
    fm_strbuf_release(&p);
    fm_strbuf_release(&text);
    return rc;
}

/* ---- JSON Lines rows ---------------------------------------------------------------------- */

/* The numbers of a JSON list as int32 (others, and values out of range, as 0), in an array
 * of at least `want` entries (zero-filled past the list), so that columns a corrupt row
 * gives with different lengths can be indexed alike. */
static int32_t *int_array(const cJSON *a, size_t *n, size_t want)
{
    *n = cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0;
    size_t cap = *n > want ? *n : want;
    int32_t *v = fm_xcalloc(cap ? cap : 1, sizeof *v);
    size_t i = 0;
    const cJSON *c;
    if (*n)
        cJSON_ArrayForEach(c, a) {
            double d = cJSON_IsNumber(c) ? c->valuedouble : 0;
            v[i++] = d >= -2147483648.0 && d <= 2147483647.0 ? (int32_t)d : 0;
        }
    return v;
}

static int jsonl_rows(const char *path, const fm_inspect_shards_opts *o, FILE *out, fm_error *err)
{
    fm_reader *rd = fm_reader_open(path, err);
    if (!rd) return -1;
    fm_strbuf line = FM_STRBUF_INIT;
    long k = 0;
    int got = 0, rc = 0;
    while (rc == 0 && (o->max_rows < 0 || k < o->max_rows) && (got = fm_reader_getline(rd, &line, NULL, err)) == 1) {
        cJSON *j = fm_json_parse(line.buf, line.len, path, fm_reader_lineno(rd), err);
        if (!j) { rc = -1; break; }
        irow r = { 0 };
        size_t n2;
        const cJSON *ids = cJSON_GetObjectItemCaseSensitive(j, "input_ids");
        if (ids) {
            r.tok = int_array(ids, &r.n, 0);
            r.seg = fm_xcalloc(r.n ? r.n : 1, sizeof *r.seg);
            r.loss = fm_xcalloc(r.n ? r.n : 1, 1);
            size_t pos = 0, ns;
            int32_t *sl = int_array(cJSON_GetObjectItemCaseSensitive(j, "seq_lengths"), &ns, 0);
            for (size_t s = 0; s < ns; s++)
                for (int32_t q = 0; q < sl[s] && pos < r.n; q++) r.seg[pos++] = (int32_t)s + 1;
            free(sl);
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "completion_mask");
            const cJSON *lab = cJSON_GetObjectItemCaseSensitive(j, "labels");
            int32_t *mv = int_array(m ? m : lab, &n2, 0);
            for (size_t i = 0; i < r.n && i < n2; i++) r.loss[i] = m ? (mv[i] != 0) : (mv[i] != -100);
            free(mv);
        } else {
            r.tok = int_array(cJSON_GetObjectItemCaseSensitive(j, "decoder_target_tokens"), &r.n, 0);
            r.seg = int_array(cJSON_GetObjectItemCaseSensitive(j, "decoder_segment_ids"), &n2, r.n);
            r.etok = int_array(cJSON_GetObjectItemCaseSensitive(j, "encoder_input_tokens"), &r.en, 0);
            r.eseg = int_array(cJSON_GetObjectItemCaseSensitive(j, "encoder_segment_ids"), &n2, r.en);
            int32_t *lw = int_array(cJSON_GetObjectItemCaseSensitive(j, "decoder_loss_weights"), &n2, 0);
            r.loss = fm_xcalloc(r.n ? r.n : 1, 1);
            for (size_t i = 0; i < r.n && i < n2; i++) r.loss[i] = (uint8_t)lw[i];
            free(lw);
        }
        char where[600];
        snprintf(where, sizeof where, "line %ld", fm_reader_lineno(rd));
        print_row(out, o, where, k++, &r);
        free(r.tok);
        free(r.seg);
        free(r.etok);
        free(r.eseg);
        free(r.loss);
        cJSON_Delete(j);
    }
    if (rc == 0 && got < 0) rc = -1;
    fm_strbuf_release(&line);
    fm_reader_close(rd);
    return rc;
}

/* ---- Megatron ------------------------------------------------------------------------------ */

static int megatron(const char *path, const fm_inspect_shards_opts *o, FILE *out, fm_error *err)
{
    fm_strbuf prefix = FM_STRBUF_INIT, p = FM_STRBUF_INIT, idx = FM_STRBUF_INIT, bin = FM_STRBUF_INIT;
    fm_strbuf_add(&prefix, path, strlen(path) - 4);
    int rc = 0;
    fm_strbuf_addf(&p, "%s.idx", prefix.buf);
    if (fm_read_file(p.buf, &idx, err) < 0) rc = -1;
    fm_strbuf_reset(&p);
    fm_strbuf_addf(&p, "%s.bin", prefix.buf);
    if (rc == 0 && fm_read_file(p.buf, &bin, err) < 0) rc = -1;
    const unsigned char *b = (const unsigned char *)idx.buf;
    if (rc == 0 && (idx.len < 34 || memcmp(b, "MMIDIDX\0\0", 9) != 0))
        rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "not a Megatron .idx");
    if (rc == 0) {
        int w = b[17] == 8 ? 2 : 4;
        uint64_t S = fm_get_u64(b + 18);
        if (S > (idx.len - 34) / 12) rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "truncated .idx");
        fprintf(out, "megatron %s: %llu sequences, dtype code %d\n", prefix.buf, (unsigned long long)S, b[17]);
        for (uint64_t i = 0; rc == 0 && i < S && (o->max_rows < 0 || (long)i < o->max_rows); i++) {
            uint32_t len = fm_get_u32(b + 34 + 4 * i);
            uint64_t ptr = fm_get_u64(b + 34 + 4 * S + 8 * i);
            if (ptr > bin.len || (uint64_t)len * w > bin.len - ptr) { rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "sequence past .bin"); break; }
            int32_t *v = fm_xmalloc((len ? len : 1) * sizeof *v);
            for (uint32_t j = 0; j < len; j++) {
                const unsigned char *q = (const unsigned char *)bin.buf + ptr + (uint64_t)j * w;
                v[j] = w == 2 ? (int32_t)(q[0] | q[1] << 8) : (int32_t)fm_get_u32(q);
            }
            fprintf(out, "== sequence %llu (%u tokens)\n   ", (unsigned long long)i, len);
            print_ids(out, o, v, len);
            fputc('\n', out);
            free(v);
        }
    }
    fm_strbuf_release(&prefix);
    fm_strbuf_release(&p);
    fm_strbuf_release(&idx);
    fm_strbuf_release(&bin);
    return rc;
}

/* ---- stats (packstats.h, shared with the build report) ------------------------------------ */

static int stats(const char *dir, FILE *out, fm_error *err)
{
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, dir, "manifest.json");
    cJSON *m = fm_manifest_read(p.buf, err);
    fm_strbuf_release(&p);
    if (!m) return -1;
    fm_packstats st;
    fm_packstats_from_manifest(m, &st);
    fm_strbuf text = FM_STRBUF_INIT;
    fm_packstats_text(&st, &text);
    fwrite(text.buf, 1, text.len, out);
    fm_strbuf_release(&text);
    cJSON_Delete(m);
    return 0;
}

int fm_inspect_shards(const char *path, const fm_inspect_shards_opts *o, FILE *out, fm_error *err)
{
    struct stat st;
    long k = 0;
    if (stat(path, &st) < 0) return fm_error_set(err, FM_EIO, path, 0, NULL, "cannot read");
    if (S_ISDIR(st.st_mode)) {
        if (o->stats) return stats(path, out, err);
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, path, "index.json");
        int has_index = fm_path_exists(p.buf);
        fm_strbuf_release(&p);
        if (has_index) return mds_index(path, o, out, &k, err);
        return fm_error_set(err, FM_EUSAGE, path, 0, NULL,
                            "no index.json here: give a shard file (rows-*.jsonl.zst, *.idx) or use --stats");
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strcmp(base, "index.json")) {
        fm_strbuf d = FM_STRBUF_INIT;
        fm_strbuf_add(&d, path, (size_t)(base - path));
        if (d.len == 0) fm_strbuf_addstr(&d, ".");
        int rc = mds_index(d.buf, o, out, &k, err);
        fm_strbuf_release(&d);
        return rc;
    }
    if (ends_with(base, ".mds") || ends_with(base, ".mds.zstd")) {
        /* A lone shard: its entry is in the index.json beside it. */
        fm_strbuf d = FM_STRBUF_INIT, p = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
        fm_strbuf_add(&d, path, (size_t)(base - path));
        if (d.len == 0) fm_strbuf_addstr(&d, ".");
        fm_path_join(&p, d.buf, "index.json");
        int rc = fm_read_file(p.buf, &text, err);
        cJSON *idx = rc == 0 ? fm_json_parse(text.buf, text.len, p.buf, 0, err) : NULL;
        const cJSON *sh, *found = NULL;
        cJSON_ArrayForEach(sh, cJSON_GetObjectItemCaseSensitive(idx, "shards")) {
            const cJSON *z = cJSON_GetObjectItemCaseSensitive(sh, "zip_data");
            const cJSON *r = cJSON_GetObjectItemCaseSensitive(sh, "raw_data");
            const cJSON *zb = cJSON_IsObject(z) ? cJSON_GetObjectItemCaseSensitive(z, "basename") : NULL;
            const cJSON *rb = cJSON_GetObjectItemCaseSensitive(r, "basename");
            if ((zb && !strcmp(zb->valuestring, base)) || (rb && !strcmp(rb->valuestring, base))) found = sh;
        }
        if (idx && !found) rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "shard not listed in %s", p.buf);
        if (!idx) rc = -1;
        if (rc == 0) rc = mds_shard(d.buf, found, o, out, &k, err);
        cJSON_Delete(idx);
        fm_strbuf_release(&d);
        fm_strbuf_release(&p);
        fm_strbuf_release(&text);
        return rc;
    }
    if (ends_with(base, ".idx") || ends_with(base, ".bin")) return megatron(path, o, out, err);
    return jsonl_rows(path, o, out, err);
}

/* ---- the flanmix inspect hook --------------------------------------------------------------- */

static int probe(const char *path, int is_dir, const char *first, size_t len)
{
    (void)is_dir;
    if (!fm_inspect_shards_match(path)) return 0;
    /* rows-*.jsonl: only packed rows (input_ids or t5x feature names). */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strncmp(base, "rows-", 5) && first)
        return memmem(first, len, "\"input_ids\"", 11) != NULL || memmem(first, len, "\"encoder_input_tokens\"", 22) != NULL;
    return 1;
}

static int run(const char *path, int is_dir, const fm_inspect_opts *io, fm_error *err)
{
    fm_inspect_shards_opts o = { io->model, 0, io->n, 0 };
    if (is_dir) {
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, path, "manifest.json");
        int has_manifest = fm_path_exists(p.buf);
        fm_path_join(&p, path, "index.json");
        int has_index = fm_path_exists(p.buf);
        fm_strbuf_release(&p);
        if (has_manifest) {
            o.stats = 1;
            if (fm_inspect_shards(path, &o, io->out, err) < 0) return -1;
            o.stats = 0;
        }
        if (!has_index) return 0;
    }
    return fm_inspect_shards(path, &o, io->out, err);
}

const fm_inspector fm_inspector_shards = { "shards", probe, run };
