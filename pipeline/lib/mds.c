#include "mds.h"

#include "fileio.h"
#include "hash.h"
#include "json.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

struct fm_mds_writer {
    char *dir;
    size_t ncols;
    fm_mds_column *cols;
    uint64_t size_limit;
    int zstd_level, hash_xxh3;
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
                                  uint64_t size_limit, int zstd_level, int hash_xxh3,
                                  fm_error *err)
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
    w->hash_xxh3 = hash_xxh3;
    cJSON *cfg = config_json(w);
    fm_pydump(&w->config, cfg);
    cJSON_Delete(cfg);
    w->running = 8 + w->config.len;
    w->shards = cJSON_CreateArray();
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
    int rc = flush_shard(w, err);
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
