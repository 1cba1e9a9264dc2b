#include "recset.h"

#include "fileio.h"
#include "json.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Records per part file (docs/contracts.md: 100,000 per part file). */
#define FM_RECSET_PART_RECORDS 100000

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of entries of `dir` accepted by `keep`, sorted bytewise. */
static char **list_dir(const char *dir, int (*keep)(const char *dir, const char *name),
                       size_t *n, fm_error *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        fm_error_set(err, FM_EIO, dir, 0, NULL, "cannot open directory");
        return NULL;
    }
    char **v = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !keep(dir, e->d_name)) continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 8;
            v = fm_xrealloc(v, cap * sizeof *v);
        }
        v[cnt++] = fm_xstrdup(e->d_name);
    }
    closedir(d);
    if (cnt) fm_qsort(v, cnt, sizeof *v, cmp_str);
    *n = cnt;
    if (!v) v = fm_xcalloc(1, sizeof *v);
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* part-NNNNN.jsonl[.zst|.gz] (readers detect compression by content). */
static int keep_part(const char *dir, const char *name)
{
    (void)dir;
    return strncmp(name, "part-", 5) == 0 && strstr(name, ".jsonl") != NULL &&
           strstr(name, ".tmp-") == NULL;
}

static int keep_any(const char *dir, const char *name)
{
    (void)dir;
    (void)name;
    return 1;
}

/* DIR itself if it holds meta.json; else DIR/records/<task> (the only one, or `task`). */
static char *resolve_dir(const char *dir, const char *task, fm_error *err)
{
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, dir, "meta.json");
    if (fm_path_exists(p.buf)) {
        fm_strbuf_release(&p);
        return fm_xstrdup(dir);
    }
    fm_path_join(&p, dir, "records");
    if (!is_dir(p.buf)) {
        fm_strbuf_release(&p);
        fm_error_set(err, FM_EUSAGE, dir, 0, NULL,
                     "not a records directory (no meta.json, no records/ subdirectory)");
        return NULL;
    }
    char *records = fm_strbuf_detach(&p, NULL);
    char *out = NULL;
    if (task) {
        fm_path_join(&p, records, task);
        if (is_dir(p.buf)) out = fm_strbuf_detach(&p, NULL);
        else fm_error_set(err, FM_EUSAGE, dir, 0, NULL, "no records for task '%s' here", task);
    } else {
        size_t n = 0;
        char **subs = list_dir(records, keep_any, &n, err);
        if (subs) {
            size_t ndirs = 0;
            const char *only = NULL;
            for (size_t i = 0; i < n; i++) {
                fm_path_join(&p, records, subs[i]);
                if (is_dir(p.buf)) {
                    ndirs++;
                    only = subs[i];
                }
            }
            if (ndirs == 1) {
                fm_path_join(&p, records, only);
                out = fm_strbuf_detach(&p, NULL);
            } else {
                fm_error_set(err, FM_EUSAGE, dir, 0, NULL,
                             "records/ holds %zu tasks: name one with --task", ndirs);
            }
            free_list(subs, n);
        }
    }
    fm_strbuf_release(&p);
    free(records);
    return out;
}

static int load_part(fm_recset *rs, const char *path, size_t *cap, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return -1;
    fm_strbuf line = FM_STRBUF_INIT;
    int rc, ret = 0;
    while ((rc = fm_reader_getline(r, &line, NULL, err)) > 0) {
        long lineno = fm_reader_lineno(r);
        if (!line.len) continue;
        cJSON *t = fm_json_parse(line.buf, line.len, path, lineno, err);
        if (!t) { ret = -1; break; }
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(t, "id");
        const cJSON *fields = cJSON_GetObjectItemCaseSensitive(t, "fields");
        if (!cJSON_IsString(id) || !cJSON_IsObject(fields)) {
            cJSON_Delete(t);
            ret = fm_error_set(err, FM_EINPUT, path, lineno, !cJSON_IsString(id) ? "id" : "fields",
                               "not a record: needs a string \"id\" and an object \"fields\"");
            break;
        }
        if (rs->n == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            rs->recs = fm_xrealloc(rs->recs, *cap * sizeof *rs->recs);
        }
        fm_rsrec *rec = &rs->recs[rs->n++];
        rec->tree = t;
        rec->id = id->valuestring;
        rec->fields = fields;
        rec->line_len = line.len;
        rec->line = fm_xstrndup(line.buf, line.len);
    }
    if (rc < 0) ret = -1;
    fm_strbuf_release(&line);
    fm_reader_close(r);
    return ret;
}

int fm_recset_load(fm_recset *rs, const char *dir, const char *task, fm_error *err)
{
    memset(rs, 0, sizeof *rs);
    fm_strbuf_init(&rs->meta_text);
    rs->dir = resolve_dir(dir, task, err);
    if (!rs->dir) return -1;
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, rs->dir, "meta.json");
    if (fm_read_file(p.buf, &rs->meta_text, err) < 0) goto fail;
    rs->meta = fm_json_parse(rs->meta_text.buf, rs->meta_text.len, p.buf, 0, err);
    if (!rs->meta) goto fail;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(rs->meta, "task");
    if (cJSON_IsString(t)) {
        rs->task = fm_xstrdup(t->valuestring);
    } else {
        const char *slash = strrchr(rs->dir, '/');
        rs->task = fm_xstrdup(slash ? slash + 1 : rs->dir);
    }
    char **names = list_dir(rs->dir, keep_part, &rs->nparts, err);
    if (!names) goto fail;
    rs->parts = names;
    for (size_t i = 0; i < rs->nparts; i++) {
        fm_path_join(&p, rs->dir, names[i]);
        free(names[i]);
        names[i] = fm_strbuf_detach(&p, NULL);
    }
    size_t cap = 0;
    for (size_t i = 0; i < rs->nparts; i++)
        if (load_part(rs, rs->parts[i], &cap, err) < 0) goto fail;
    fm_strbuf_release(&p);
    return 0;
fail:
    fm_strbuf_release(&p);
    fm_recset_release(rs);
    return -1;
}

void fm_recset_release(fm_recset *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        cJSON_Delete(rs->recs[i].tree);
        free(rs->recs[i].line);
    }
    free(rs->recs);
    free_list(rs->parts, rs->nparts);
    cJSON_Delete(rs->meta);
    fm_strbuf_release(&rs->meta_text);
    free(rs->dir);
    free(rs->task);
    memset(rs, 0, sizeof *rs);
}

const char *fm_rsrec_str(const fm_rsrec *r, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->fields, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int write_one(const char *path, const char *data, size_t n, int zstd, long long records,
                     fm_recset_file_cb cb, void *ctx, fm_error *err)
{
    fm_writer *w = fm_writer_open(path, zstd ? FM_COMP_ZSTD : FM_COMP_NONE, 3, err);
    if (!w) return -1;
    if (fm_writer_write(w, data, n, err) < 0) {
        fm_writer_abort(w);
        return -1;
    }
    uint64_t bytes, h;
    if (fm_writer_commit_info(w, &bytes, &h, err) < 0) return -1;
    if (cb) cb(ctx, path, bytes, h, records);
    return 0;
}

int fm_recset_write_subset(const fm_recset *rs, const size_t *idx, size_t n, const char *dir,
                           fm_recset_file_cb on_file, void *ctx, fm_error *err)
{
    if (fm_mkdir_p(dir, err) < 0) return -1;
    fm_remove_stale_temps(dir);
    fm_strbuf path = FM_STRBUF_INIT, buf = FM_STRBUF_INIT;
    int rc = 0;
    size_t part = 0, i = 0;
    do { /* an empty subset still gets its (empty) part-00000 */
        size_t end = i + FM_RECSET_PART_RECORDS < n ? i + FM_RECSET_PART_RECORDS : n;
        fm_strbuf_reset(&buf);
        for (size_t j = i; j < end; j++) {
            const fm_rsrec *r = &rs->recs[idx ? idx[j] : j];
            fm_strbuf_add(&buf, r->line, r->line_len);
            fm_strbuf_addch(&buf, '\n');
        }
        char name[64];
        snprintf(name, sizeof name, "part-%05zu.jsonl.zst", part++);
        fm_path_join(&path, dir, name);
        rc = write_one(path.buf, buf.buf, buf.len, 1, (long long)(end - i), on_file, ctx, err);
        i = end;
    } while (rc == 0 && i < n);
    if (rc == 0) {
        fm_path_join(&path, dir, "meta.json");
        rc = write_one(path.buf, rs->meta_text.buf, rs->meta_text.len, 0, -1, on_file, ctx, err);
    }
    fm_strbuf_release(&path);
    fm_strbuf_release(&buf);
    return rc;
}
