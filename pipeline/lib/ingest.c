#include "ingest.h"

#include "asyncwrite.h"
#include "direct.h"
#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "manifest.h"
#include "progress.h"
#include "source.h"
#include "strbuf.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_MAX 65536 /* bytes of a rejected record's text kept in rejects.jsonl */
#define WRITE_BATCH (1u << 20)

typedef struct counts {
    uint64_t read, written, filtered, dedup, rejected;
} counts;

typedef struct out_file {
    char *rel;
    uint64_t bytes, xxh3;
    long long records;
} out_file;

/* A source file's checksum for the manifest, taken while it was read (ok) or not known. */
typedef struct in_sum {
    uint64_t xxh3, bytes;
    int ok;
} in_sum;

typedef struct task_result {
    atomic_int done;
    int failed;
    fm_error err;
    counts total;
    counts *files;
    in_sum *sums;      /* per file */
    out_file *outs;
    size_t nouts;
    char *rejects_tmp; /* this task's rejects (removed after they are gathered) */
} task_result;

typedef struct run {
    const fm_task_set *set;
    const fm_ingest_opts *o;
    size_t *owned;     /* indexes of the tasks of this part */
    size_t nowned;
    task_result *res;  /* per owned task */
    atomic_size_t next;
    atomic_int stop;
    atomic_ullong records, bytes;
    long per_file;
    int zstd_level;         /* of the record files */
    int async_write;   /* compress on a helper thread per worker */
} run;

/* ---- a tiny set of 64-bit hashes (dedup) ---------------------------------------------- */

typedef struct hset {
    uint64_t *slots;
    size_t cap, n;
    int has_zero;
} hset;

/* Returns 1 if h was already there. */
static int hset_add(hset *s, uint64_t h)
{
    if (h == 0) {
        int had = s->has_zero;
        s->has_zero = 1;
        return had;
    }
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *ns = fm_xcalloc(nc, sizeof *ns);
        for (size_t i = 0; i < s->cap; i++) {
            uint64_t v = s->slots[i];
            if (!v) continue;
            size_t j = (size_t)v & (nc - 1);
            while (ns[j]) j = (j + 1) & (nc - 1);
            ns[j] = v;
        }
        free(s->slots);
        s->slots = ns;
        s->cap = nc;
    }
    size_t j = (size_t)h & (s->cap - 1);
    while (s->slots[j]) {
        if (s->slots[j] == h) return 1;
        j = (j + 1) & (s->cap - 1);
    }
    s->slots[j] = h;
    s->n++;
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* Text for rejects.jsonl: at most RAW_MAX bytes, cut at a character boundary, invalid UTF-8
 * bytes replaced by U+FFFD, so the rejects file is always valid JSON Lines. */
static void add_raw_text(fm_strbuf *out, const char *s, size_t n, int *truncated)
{
    *truncated = n > RAW_MAX;
    if (n > RAW_MAX) {
        n = RAW_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    fm_strbuf clean = FM_STRBUF_INIT;
    size_t i = 0;
    while (i < n) {
        long bad = fm_utf8_invalid_at(s + i, n - i);
        if (bad < 0) {
            fm_strbuf_add(&clean, s + i, n - i);
            break;
        }
        fm_strbuf_add(&clean, s + i, (size_t)bad);
        fm_strbuf_addstr(&clean, "\xEF\xBF\xBD");
        i += (size_t)bad + 1;
    }
    fm_json_add_string(out, clean.buf, clean.len);
    fm_strbuf_release(&clean);
}

static void add_id(fm_strbuf *out, const char *task, const char *rel, long long pos)
{
    fm_strbuf id = FM_STRBUF_INIT;
    fm_strbuf_addf(&id, "%s:%s:%lld", task, rel, pos);
    fm_json_add_string(out, id.buf, id.len);
    fm_strbuf_release(&id);
}

static void add_out(task_result *r, const char *rel, uint64_t bytes, uint64_t xxh3, long long records)
{
    r->outs = fm_xrealloc(r->outs, (r->nouts + 1) * sizeof *r->outs);
    r->outs[r->nouts].rel = fm_xstrdup(rel);
    r->outs[r->nouts].bytes = bytes;
    r->outs[r->nouts].xxh3 = xxh3;
    r->outs[r->nouts].records = records;
    r->nouts++;
}

/* Remove part files a previous run left in a task's directory. */
static void clear_task_dir(const char *dir)
{
    fm_remove_stale_temps(dir);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    fm_strbuf p = FM_STRBUF_INIT;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "part-", 5) || n < 10 || strcmp(e->d_name + n - 10, ".jsonl.zst")) continue;
        fm_path_join(&p, dir, e->d_name);
        unlink(p.buf);
    }
    fm_strbuf_release(&p);
    closedir(d);
}

/* ---- one task ------------------------------------------------------------------------------ */

typedef struct task_ctx {
    run *R;
    const fm_task *t;
    task_result *res;
    fm_strbuf dir;
    fm_awriter *aw;     /* the open part's writer (compressing on a helper thread if worth it) */
    int part_no;
    long long in_part;
    fm_strbuf batch;
    FILE *rej;
} task_ctx;

static int open_part(task_ctx *c, fm_error *err)
{
    fm_strbuf p = FM_STRBUF_INIT, name = FM_STRBUF_INIT;
    fm_strbuf_addf(&name, "part-%05d.jsonl.zst", c->part_no);
    fm_path_join(&p, c->dir.buf, name.buf);
    fm_writer *w = fm_writer_open(p.buf, FM_COMP_ZSTD, c->R->zstd_level, err);
    fm_strbuf_release(&p);
    fm_strbuf_release(&name);
    c->in_part = 0;
    if (!w) return -1;
    fm_awriter_attach(c->aw, w);
    return 0;
}

static int flush_batch(task_ctx *c, fm_error *err)
{
    return fm_awriter_write(c->aw, &c->batch, err);
}

static int close_part(task_ctx *c, fm_error *err)
{
    if (flush_batch(c, err) < 0) return -1;
    uint64_t bytes, h;
    fm_writer *w = fm_awriter_detach(c->aw, err);
    if (!w) return -1;
    if (fm_writer_commit_info(w, &bytes, &h, err) < 0) return -1;
    fm_strbuf rel = FM_STRBUF_INIT;
    fm_strbuf_addf(&rel, "records/%s/part-%05d.jsonl.zst", fm_task_name(c->t), c->part_no);
    add_out(c->res, rel.buf, bytes, h, c->in_part);
    fm_strbuf_release(&rel);
    c->part_no++;
    return 0;
}

/* A bad record: with --on-error fail, the error (located) ends the run; with skip, one line
 * in the task's rejects. */
static int reject(task_ctx *c, size_t f, const fm_source_rec *rec, int has_pos, fm_error *e,
                  counts *fc, fm_error *err)
{
    const char *rel = fm_task_file_rel(c->t, f);
    if (!e->file[0]) fm_error_locate(e, fm_task_file_path(c->t, f), rec->line);
    else if (!e->line && rec->line) e->line = rec->line;
    if (c->R->o->on_error == FM_ON_ERROR_FAIL) {
        *err = *e;
        if (err->code == FM_OK) err->code = FM_EINPUT;
        return -1;
    }
    fm_strbuf l = FM_STRBUF_INIT;
    fm_strbuf_addstr(&l, "{\"task\":");
    fm_json_add_string(&l, fm_task_name(c->t), strlen(fm_task_name(c->t)));
    fm_strbuf_addstr(&l, ",\"file\":");
    fm_json_add_string(&l, rel, strlen(rel));
    fm_strbuf_addf(&l, ",\"line\":%ld,\"id\":", e->line ? e->line : rec->line);
    if (has_pos) add_id(&l, fm_task_name(c->t), rel, rec->position);
    else fm_strbuf_addstr(&l, "null");
    fm_strbuf_addstr(&l, ",\"field\":");
    if (e->field[0]) fm_json_add_string(&l, e->field, strlen(e->field));
    else fm_strbuf_addstr(&l, "null");
    fm_strbuf_addstr(&l, ",\"reason\":");
    fm_json_add_string(&l, e->reason, strlen(e->reason));
    fm_strbuf_addstr(&l, ",\"raw\":");
    int trunc = 0;
    if (rec->text) add_raw_text(&l, rec->text, rec->text_len, &trunc);
    else fm_strbuf_addstr(&l, "null");
    if (trunc) fm_strbuf_addstr(&l, ",\"raw_truncated\":true");
    fm_strbuf_addstr(&l, "}\n");
    size_t want = l.len, wn = fwrite(l.buf, 1, l.len, c->rej);
    fm_strbuf_release(&l);
    if (wn != want)
        return fm_error_set(err, FM_EIO, c->res->rejects_tmp, 0, NULL, "write failed");
    fc->rejected++;
    c->res->total.rejected++;
    return 0;
}

static void add_counts(cJSON *o, const counts *c)
{
    cJSON_AddNumberToObject(o, "read", (double)c->read);
    cJSON_AddNumberToObject(o, "written", (double)c->written);
    cJSON_AddNumberToObject(o, "filtered", (double)c->filtered);
    cJSON_AddNumberToObject(o, "deduplicated", (double)c->dedup);
    cJSON_AddNumberToObject(o, "rejected", (double)c->rejected);
}

typedef struct excl_item { const char *name, *why; } excl_item;

static int cmp_excl(const void *a, const void *b)
{
    return strcmp(((const excl_item *)a)->name, ((const excl_item *)b)->name);
}

typedef const char *(*left_out_at)(const fm_task_set *s, size_t i, const char **why);

/* counts.KEY: {"<name>": "<why>"}, sorted by name, each name once; absent when the list
 * is empty. Used for the two lists of what a task set left out (below). */
static void add_left_out(cJSON *cnt, const char *key, const fm_task_set *set, size_t n, left_out_at at)
{
    if (!n) return;
    excl_item *it = fm_xcalloc(n, sizeof *it);
    for (size_t i = 0; i < n; i++) it[i].name = at(set, i, &it[i].why);
    fm_qsort(it, n, sizeof *it, cmp_excl);
    cJSON *obj = cJSON_AddObjectToObject(cnt, key);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(it[i].name, it[i - 1].name)) cJSON_AddStringToObject(obj, it[i].name, it[i].why);
    free(it);
}

/* counts.excluded: the NIV2 file stems a per-file definition left out ("mmlu" |
 * "split_list"); counts.missing: the tasks left out for want of data (--allow-missing). */
static void add_excluded_and_missing(cJSON *cnt, const fm_task_set *set)
{
    add_left_out(cnt, "excluded", set, fm_task_set_excluded_count(set), fm_task_set_excluded);
    add_left_out(cnt, "missing", set, fm_task_set_missing_count(set), fm_task_set_missing);
}

static cJSON *build_meta(const fm_task *t, const cJSON *niv2)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "task", fm_task_name(t));
    cJSON_AddStringToObject(m, "templates", fm_task_templates(t));
    cJSON_AddStringToObject(m, "submixture", fm_task_submixture(t));
    cJSON_AddStringToObject(m, "kind", fm_task_kind(t));
    cJSON *f = cJSON_AddArrayToObject(m, "fields");
    for (size_t i = 0; i < fm_task_field_count(t); i++)
        cJSON_AddItemToArray(f, cJSON_CreateString(fm_task_field_name(t, i)));
    if (fm_task_options_field(t)) cJSON_AddStringToObject(m, "options_field", fm_task_options_field(t));
    else cJSON_AddNullToObject(m, "options_field");
    if (fm_task_answer_field(t)) cJSON_AddStringToObject(m, "answer_field", fm_task_answer_field(t));
    else cJSON_AddNullToObject(m, "answer_field");
    cJSON_AddStringToObject(m, "license", fm_task_license(t));
    cJSON_AddStringToObject(m, "provenance", fm_task_provenance(t));
    cJSON *s = cJSON_AddObjectToObject(m, "source");
    cJSON_AddStringToObject(s, "format", fm_source_format_name(fm_task_format(t)));
    cJSON_AddStringToObject(s, "split", fm_task_split(t));
    cJSON *files = cJSON_AddArrayToObject(s, "files");
    for (size_t i = 0; i < fm_task_file_count(t); i++)
        cJSON_AddItemToArray(files, cJSON_CreateString(fm_task_file_rel(t, i)));
    cJSON_AddStringToObject(s, "definition", fm_task_def_path(t));
    if (niv2) cJSON_AddItemToObject(m, "niv2", cJSON_Duplicate(niv2, 1));
    return m;
}

static int write_meta(task_ctx *c, const cJSON *niv2, fm_error *err)
{
    cJSON *m = build_meta(c->t, niv2);
    fm_strbuf text = FM_STRBUF_INIT, p = FM_STRBUF_INIT;
    fm_json_add_value(&text, m);
    fm_strbuf_addch(&text, '\n');
    cJSON_Delete(m);
    fm_path_join(&p, c->dir.buf, "meta.json");
    int rc = -1;
    fm_writer *w = fm_writer_open(p.buf, FM_COMP_NONE, 0, err);
    if (w) {
        uint64_t bytes, h;
        if (fm_writer_write(w, text.buf, text.len, err) < 0) {
            fm_writer_abort(w);
        } else if (fm_writer_commit_info(w, &bytes, &h, err) == 0) {
            fm_strbuf rel = FM_STRBUF_INIT;
            fm_strbuf_addf(&rel, "records/%s/meta.json", fm_task_name(c->t));
            add_out(c->res, rel.buf, bytes, h, -1);
            fm_strbuf_release(&rel);
            rc = 0;
        }
    }
    fm_strbuf_release(&text);
    fm_strbuf_release(&p);
    return rc;
}

static int process_file(task_ctx *c, size_t f, fm_task_mapper *mp, fm_direct *dp, hset *seen,
                        cJSON **niv2, fm_error *err)
{
    const fm_task *t = c->t;
    counts *fc = &c->res->files[f];
    const char *rel = fm_task_file_rel(t, f);
    fm_error e;
    fm_error_clear(&e);
    fm_source_rec rec;
    memset(&rec, 0, sizeof rec);
    fm_source *s = fm_source_open(t, f, &e);
    if (!s) {
        /* The file cannot be read at all: one rejected unit. */
        fc->read++;
        c->res->total.read++;
        return reject(c, f, &rec, 0, &e, fc, err);
    }
    fm_strbuf head = FM_STRBUF_INIT, mid = FM_STRBUF_INIT;
    fm_strbuf_addstr(&head, "{\"id\":");
    add_id(&head, fm_task_name(t), rel, 0);
    fm_strbuf_setlen(&head, head.len - 2); /* drop the position 0 and the closing quote */
    fm_strbuf_addstr(&mid, "\",\"task\":");
    fm_json_add_string(&mid, fm_task_name(t), strlen(fm_task_name(t)));
    fm_strbuf_addstr(&mid, ",\"hash\":\"");
    int rc = 0;
    uint64_t since = 0;
    fm_strbuf *b = &c->batch;
    for (;;) {
        if (atomic_load(&c->R->stop)) break;
        /* as fm_error_clear, but without writing 1.7 KB per record when nothing was set */
        if (e.code || e.line || e.file[0] || e.field[0] || e.reason[0]) fm_error_clear(&e);
        int n = dp ? fm_source_next_text(s, &rec, &e) : fm_source_next(s, &rec, &e);
        if (n == 0) break;
        fc->read++;
        c->res->total.read++;
        if (++since == 1024) {
            atomic_fetch_add(&c->R->records, since);
            since = 0;
        }
        if (n == -2) {
            /* The rest of the file is unreadable: one rejected unit, then the next file. */
            rc = reject(c, f, &rec, 0, &e, fc, err);
            break;
        }
        if (n == -1) {
            if ((rc = reject(c, f, &rec, 1, &e, fc, err)) < 0) break;
            continue;
        }
        /* The line goes straight into the batch,
         *   {"id":"<task>:<file>:<pos>","task":"<task>","hash":"<16 hex>","fields":<fields>}
         * with the constant parts escaped once per file (printf per record costs more than
         * the parse), the hash filled in once the fields are there, and the whole line
         * taken back when the record is not written. */
        size_t mark = b->len;
        static const char tail[] = "0123456789abcdef\",\"fields\":";
        fm_strbuf_grow(b, head.len + 24 + mid.len + sizeof tail);
        char *w = b->buf + b->len;
        memcpy(w, head.buf, head.len);
        w += head.len;
        char num[24];
        size_t nd = 0;
        for (unsigned long long p = (unsigned long long)rec.position; ; p /= 10) {
            num[nd++] = (char)('0' + p % 10);
            if (p < 10) break;
        }
        while (nd) *w++ = num[--nd];
        memcpy(w, mid.buf, mid.len);
        w += mid.len;
        size_t hash_at = (size_t)(w - b->buf);
        memcpy(w, tail, sizeof tail); /* with its NUL */
        fm_strbuf_setlen(b, hash_at + sizeof tail - 1);
        size_t fields_at = b->len;
        int m = 0;
        /* the direct path, else (or when it declines the record) the parsed tree */
        if (!dp || !fm_direct_apply(dp, rec.text, rec.text_len, b)) {
            if (dp) m = fm_source_parse(s, &rec, &e) < 0 ? -1 : 0;
            if (m == 0) m = fm_task_mapper_apply(mp, rec.raw, b, &e);
        }
        if (m != 0) fm_strbuf_setlen(b, mark);
        if (m < 0) {
            if ((rc = reject(c, f, &rec, 1, &e, fc, err)) < 0) break;
            continue;
        }
        if (m == 1) {
            fc->filtered++;
            c->res->total.filtered++;
            continue;
        }
        uint64_t h = fm_hash64(b->buf + fields_at, b->len - fields_at);
        if (seen && hset_add(seen, h)) {
            fm_strbuf_setlen(b, mark);
            fc->dedup++;
            c->res->total.dedup++;
            continue;
        }
        static const char hexd[] = "0123456789abcdef";
        for (int i = 0; i < 16; i++) b->buf[hash_at + i] = hexd[(h >> (60 - 4 * i)) & 15];
        fm_strbuf_addstr(b, "}\n");
        fc->written++;
        c->res->total.written++;
        c->in_part++;
        if (b->len >= WRITE_BATCH && (rc = flush_batch(c, err)) < 0) break;
        if (c->in_part == c->R->per_file) {
            if ((rc = close_part(c, err)) < 0) break;
            if ((rc = open_part(c, err)) < 0) break;
        }
    }
    atomic_fetch_add(&c->R->records, since);
    in_sum *sum = &c->res->sums[f];
    if (rc == 0 && fm_source_input_checksum(s, &sum->xxh3, &sum->bytes) == 0) sum->ok = 1;
    if (rc == 0 && fm_task_format(t) == FM_SRC_NIV2) {
        cJSON_Delete(*niv2);
        *niv2 = cJSON_Duplicate(fm_source_niv2_meta(s), 1);
    }
    struct stat st;
    if (stat(fm_task_file_path(t, f), &st) == 0) atomic_fetch_add(&c->R->bytes, (unsigned long long)st.st_size);
    fm_strbuf_release(&head);
    fm_strbuf_release(&mid);
    fm_source_close(s);
    return rc;
}

static int process_task(run *R, size_t k, fm_error *err)
{
    const fm_task *t = fm_task_set_get(R->set, R->owned[k]);
    task_result *res = &R->res[k];
    task_ctx c;
    memset(&c, 0, sizeof c);
    c.R = R;
    c.t = t;
    c.res = res;
    fm_strbuf_init(&c.dir);
    fm_strbuf_init(&c.batch);
    c.aw = fm_awriter_new(R->async_write);
    res->files = fm_xcalloc(fm_task_file_count(t) ? fm_task_file_count(t) : 1, sizeof *res->files);
    res->sums = fm_xcalloc(fm_task_file_count(t) ? fm_task_file_count(t) : 1, sizeof *res->sums);
    fm_strbuf_addf(&c.dir, "%s/records/%s", R->o->outdir, fm_task_name(t));
    int rc = -1;
    fm_task_mapper *mp = NULL;
    fm_direct *dp = NULL;
    hset seen = { 0 };
    cJSON *niv2 = NULL;
    if (fm_mkdir_p(c.dir.buf, err) < 0) goto out;
    clear_task_dir(c.dir.buf);
    {
        fm_strbuf p = FM_STRBUF_INIT;
        fm_strbuf_addf(&p, "%s/rejects.tmp-%ld", c.dir.buf, (long)getpid());
        res->rejects_tmp = fm_strbuf_detach(&p, NULL);
    }
    c.rej = fopen(res->rejects_tmp, "w");
    if (!c.rej) {
        fm_error_set(err, FM_EIO, res->rejects_tmp, 0, NULL, "cannot create");
        goto out;
    }
    if (open_part(&c, err) < 0) goto out;
    mp = fm_task_mapper_new(t);
    if (!R->o->no_direct && fm_source_has_text(t)) dp = fm_direct_new(t);
    for (size_t f = 0; f < fm_task_file_count(t); f++)
        if (process_file(&c, f, mp, dp, fm_task_dedup(t) ? &seen : NULL, &niv2, err) < 0) goto out;
    if (atomic_load(&R->stop)) {
        fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "stopped");
        goto out;
    }
    if (close_part(&c, err) < 0) goto out;
    if (write_meta(&c, niv2, err) < 0) goto out;
    if (fflush(c.rej) != 0) {
        fm_error_set(err, FM_EIO, res->rejects_tmp, 0, NULL, "write failed");
        goto out;
    }
    rc = 0;
out:
    fm_awriter_free(c.aw);
    if (c.rej) fclose(c.rej);
    fm_task_mapper_free(mp);
    fm_direct_free(dp);
    free(seen.slots);
    cJSON_Delete(niv2);
    fm_strbuf_release(&c.dir);
    fm_strbuf_release(&c.batch);
    return rc;
}

static void *worker(void *arg)
{
    run *R = arg;
    for (;;) {
        if (atomic_load(&R->stop)) break;
        size_t k = atomic_fetch_add(&R->next, 1);
        if (k >= R->nowned) break;
        task_result *res = &R->res[k];
        if (process_task(R, k, &res->err) < 0) {
            res->failed = 1;
            atomic_store(&R->stop, 1);
        }
        res->done = 1;
    }
    return NULL;
}

/* ---- the stage ------------------------------------------------------------------------------- */

static int cmp_cjson_path(const void *a, const void *b)
{
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    return strcmp(cJSON_GetObjectItemCaseSensitive(x, "path")->valuestring,
                  cJSON_GetObjectItemCaseSensitive(y, "path")->valuestring);
}

/* Sort an array of {path,...} objects by path and drop repeated paths. */
static void sort_unique_by_path(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 1) return;
    cJSON **items = fm_xmalloc((size_t)n * sizeof *items);
    for (int i = n - 1; i >= 0; i--) items[i] = cJSON_DetachItemFromArray(arr, i);
    fm_qsort(items, (size_t)n, sizeof *items, cmp_cjson_path);
    for (int i = 0; i < n; i++) {
        if (i && !cmp_cjson_path(&items[i - 1], &items[i])) {
            cJSON_Delete(items[i]);
            items[i] = items[i - 1]; /* keep comparing against the kept one */
            continue;
        }
        cJSON_AddItemToArray(arr, items[i]);
    }
    free(items);
}

/* inputs[] += {path, bytes, xxh3}: the checksum taken while the file was read, if known,
 * else the file is read again for it. */
static int add_input(cJSON *inputs, const char *path, const in_sum *known, fm_error *err)
{
    uint64_t h, size;
    if (known && known->ok) {
        h = known->xxh3;
        size = known->bytes;
    } else if (fm_file_checksum(path, &h, &size, err) < 0) {
        return -1;
    }
    char hex[17];
    fm_hash_hex(h, hex);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "path", path);
    cJSON_AddNumberToObject(e, "bytes", (double)size);
    cJSON_AddStringToObject(e, "xxh3", hex);
    cJSON_AddItemToArray(inputs, e);
    return 0;
}

static void settings(cJSON *s, const fm_ingest_opts *o, long per_file)
{
    cJSON_AddStringToObject(s, "on_error", o->on_error == FM_ON_ERROR_SKIP ? "skip" : "fail");
    cJSON_AddStringToObject(s, "nan", o->nan_override < 0 ? "per-task" :
                                      o->nan_override == FM_NAN_NULL ? "null" : "error");
    cJSON_AddNumberToObject(s, "records_per_file", (double)per_file);
    cJSON_AddNumberToObject(s, "zstd_level", o->zstd_level ? o->zstd_level : FM_INGEST_ZSTD_LEVEL);
}

static int write_rejects(run *R, const char *path, uint64_t *bytes, uint64_t *h, fm_error *err)
{
    fm_writer *w = fm_writer_open(path, FM_COMP_NONE, 0, err);
    if (!w) return -1;
    char buf[1 << 16];
    for (size_t k = 0; k < R->nowned; k++) {
        FILE *in = fopen(R->res[k].rejects_tmp, "r");
        if (!in) {
            fm_writer_abort(w);
            return fm_error_set(err, FM_EIO, R->res[k].rejects_tmp, 0, NULL, "cannot reopen");
        }
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            if (fm_writer_write(w, buf, n, err) < 0) {
                fclose(in);
                fm_writer_abort(w);
                return -1;
            }
        fclose(in);
    }
    return fm_writer_commit_info(w, bytes, h, err);
}

static void cleanup_failed(run *R)
{
    fm_strbuf p = FM_STRBUF_INIT;
    for (size_t k = 0; k < R->nowned; k++) {
        task_result *r = &R->res[k];
        for (size_t i = 0; i < r->nouts; i++) {
            fm_path_join(&p, R->o->outdir, r->outs[i].rel);
            unlink(p.buf);
        }
    }
    fm_strbuf_release(&p);
}

int fm_ingest_run(const fm_task_set *set, const fm_ingest_opts *o, fm_error *err)
{
    run R;
    memset(&R, 0, sizeof R);
    R.set = set;
    R.o = o;
    R.per_file = o->records_per_file > 0 ? o->records_per_file : FM_INGEST_RECORDS_PER_FILE;
    R.zstd_level = o->zstd_level ? o->zstd_level : FM_INGEST_ZSTD_LEVEL;
    size_t n = fm_task_set_count(set);
    R.owned = fm_xcalloc(n ? n : 1, sizeof *R.owned);
    uint64_t total_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const fm_task *t = fm_task_set_get(set, i);
        if (fm_task_is_family(t)) {
            free(R.owned);
            return fm_error_set(err, FM_EUSAGE, fm_task_def_path(t), 0, "name",
                                "per-file NIV2 definition was not expanded");
        }
        if (!fm_part_owns(&o->part, i)) continue;
        R.owned[R.nowned++] = i;
        for (size_t f = 0; f < fm_task_file_count(t); f++) {
            struct stat st;
            if (stat(fm_task_file_path(t, f), &st) == 0) total_bytes += (uint64_t)st.st_size;
        }
    }
    R.res = fm_xcalloc(R.nowned ? R.nowned : 1, sizeof *R.res);
    int rc = -1;
    fm_manifest m;
    fm_manifest_init(&m, "ingest");
    fm_strbuf path = FM_STRBUF_INIT, rel = FM_STRBUF_INIT;

    if (fm_mkdir_p(o->outdir, err) < 0) goto out;
    /* Stale temp files in OUT itself may belong to a sibling part running now: only a
     * single run cleans them. Task directories are cleaned by the part that owns them. */
    if (o->part.count <= 1) fm_remove_stale_temps(o->outdir);

    fm_progress prog;
    fm_progress_init(&prog, "ingest", total_bytes, o->quiet);
    int nthreads = o->threads < 1 ? 1 : o->threads;
    if ((size_t)nthreads > R.nowned) nthreads = R.nowned ? (int)R.nowned : 1;
    R.async_write = fm_awriter_worth_it(nthreads);
    pthread_t *th = fm_xcalloc((size_t)nthreads, sizeof *th);
    for (int i = 0; i < nthreads; i++) pthread_create(&th[i], NULL, worker, &R);
    /* Progress from the main thread, while the workers run. */
    for (;;) {
        int all = 1;
        for (size_t k = 0; k < R.nowned && all; k++)
            if (!R.res[k].done) all = 0;
        if (all || atomic_load(&R.stop)) break;
        fm_progress_update(&prog, atomic_load(&R.records), atomic_load(&R.bytes));
        usleep(50000);
    }
    for (int i = 0; i < nthreads; i++) pthread_join(th[i], NULL);
    free(th);
    for (size_t k = 0; k < R.nowned; k++)
        if (R.res[k].failed && R.res[k].err.code != FM_EINTERNAL) {
            *err = R.res[k].err;
            cleanup_failed(&R);
            goto out;
        }
    for (size_t k = 0; k < R.nowned; k++)
        if (R.res[k].failed) {
            *err = R.res[k].err;
            cleanup_failed(&R);
            goto out;
        }
    fm_progress_done(&prog, atomic_load(&R.records), atomic_load(&R.bytes));

    /* rejects */
    uint64_t rbytes, rh;
    fm_strbuf_reset(&rel);
    if (o->part.count > 1) fm_strbuf_addf(&rel, "rejects.part-%d-of-%d.jsonl", o->part.index, o->part.count);
    else fm_strbuf_addstr(&rel, "rejects.jsonl");
    fm_path_join(&path, o->outdir, rel.buf);
    if (write_rejects(&R, path.buf, &rbytes, &rh, err) < 0) {
        cleanup_failed(&R);
        goto out;
    }

    /* manifest */
    settings(m.settings, o, R.per_file);
    for (size_t i = 0; i < o->ndefs; i++)
        if (add_input(m.inputs, o->def_paths[i], NULL, err) < 0) goto out;
    counts tot = { 0, 0, 0, 0, 0 };
    cJSON *per = cJSON_CreateObject();
    for (size_t k = 0; k < R.nowned; k++) {
        const fm_task *t = fm_task_set_get(set, R.owned[k]);
        task_result *r = &R.res[k];
        for (size_t f = 0; f < fm_task_file_count(t); f++)
            if (add_input(m.inputs, fm_task_file_path(t, f), &r->sums[f], err) < 0) {
                cJSON_Delete(per);
                goto out;
            }
        for (size_t i = 0; i < r->nouts; i++)
            fm_manifest_add_output(&m, r->outs[i].rel, r->outs[i].bytes, r->outs[i].xxh3, r->outs[i].records);
        cJSON *to = cJSON_AddObjectToObject(per, fm_task_name(t));
        add_counts(to, &r->total);
        cJSON *fo = cJSON_AddObjectToObject(to, "files");
        for (size_t f = 0; f < fm_task_file_count(t); f++)
            add_counts(cJSON_AddObjectToObject(fo, fm_task_file_rel(t, f)), &r->files[f]);
        tot.read += r->total.read;
        tot.written += r->total.written;
        tot.filtered += r->total.filtered;
        tot.dedup += r->total.dedup;
        tot.rejected += r->total.rejected;
    }
    fm_manifest_add_output(&m, rel.buf, rbytes, rh, (long long)tot.rejected);
    sort_unique_by_path(m.inputs);
    fm_manifest_sort_outputs(&m);
    cJSON_AddNumberToObject(m.counts, "tasks", (double)R.nowned);
    add_counts(m.counts, &tot);
    cJSON_AddItemToObject(m.counts, "per_task", per);
    add_excluded_and_missing(m.counts, set);
    if (fm_manifest_write(&m, o->outdir, &o->part, err) < 0) goto out;
    rc = 0;
out:
    for (size_t k = 0; k < R.nowned; k++) {
        task_result *r = &R.res[k];
        if (r->rejects_tmp) unlink(r->rejects_tmp);
        free(r->rejects_tmp);
        free(r->files);
        free(r->sums);
        for (size_t i = 0; i < r->nouts; i++) free(r->outs[i].rel);
        free(r->outs);
    }
    free(R.res);
    free(R.owned);
    fm_manifest_release(&m);
    fm_strbuf_release(&path);
    fm_strbuf_release(&rel);
    return rc;
}

/* ---- merge ----------------------------------------------------------------------------------- */

static int cmp_key(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

cJSON *fm_ingest_merge_manifests(cJSON *const *parts, size_t n, uint64_t rejects_bytes,
                                 uint64_t rejects_xxh3, fm_error *err)
{
    if (n == 0) {
        fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "no part manifests to merge");
        return NULL;
    }
    char *seen = fm_xcalloc(n, 1);
    cJSON *out = NULL;
    const cJSON *set0 = cJSON_GetObjectItemCaseSensitive(parts[0], "settings");
    for (size_t i = 0; i < n; i++) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(parts[i], "part");
        const cJSON *idx = cJSON_GetObjectItemCaseSensitive(p, "index");
        const cJSON *cnt = cJSON_GetObjectItemCaseSensitive(p, "count");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(parts[i], "stage");
        if (!cJSON_IsNumber(idx) || !cJSON_IsNumber(cnt) || (size_t)cnt->valuedouble != n ||
            idx->valuedouble < 0 || (size_t)idx->valuedouble >= n || seen[(size_t)idx->valuedouble] ||
            !cJSON_IsString(st) || strcmp(st->valuestring, "ingest")) {
            fm_error_set(err, FM_EINPUT, NULL, 0, NULL,
                         "part manifest %zu is not one of %zu distinct ingest parts", i, n);
            goto fail;
        }
        seen[(size_t)idx->valuedouble] = 1;
        if (!cJSON_Compare(set0, cJSON_GetObjectItemCaseSensitive(parts[i], "settings"), 1)) {
            fm_error_set(err, FM_EINPUT, NULL, 0, "settings", "parts were run with different settings");
            goto fail;
        }
    }
    fm_manifest m;
    fm_manifest_init(&m, "ingest");
    cJSON_ReplaceItemInObjectCaseSensitive(m.root, "settings", cJSON_Duplicate(set0, 1));
    m.settings = cJSON_GetObjectItemCaseSensitive(m.root, "settings");
    counts tot = { 0, 0, 0, 0, 0 };
    double ntasks = 0;
    size_t nper = 0, capper = 0;
    cJSON **per = NULL;
    for (size_t i = 0; i < n; i++) {
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(parts[i], "inputs");
        for (const cJSON *e = in ? in->child : NULL; e; e = e->next)
            cJSON_AddItemToArray(m.inputs, cJSON_Duplicate(e, 1));
        const cJSON *outs = cJSON_GetObjectItemCaseSensitive(parts[i], "outputs");
        for (const cJSON *e = outs ? outs->child : NULL; e; e = e->next) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
            if (cJSON_IsString(p) && !strncmp(p->valuestring, "rejects.", 8)) continue;
            cJSON_AddItemToArray(m.outputs, cJSON_Duplicate(e, 1));
        }
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(parts[i], "counts");
#define SUM(key, field) do { const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key); \
        if (cJSON_IsNumber(v)) tot.field += (uint64_t)v->valuedouble; } while (0)
        SUM("read", read); SUM("written", written); SUM("filtered", filtered);
        SUM("deduplicated", dedup); SUM("rejected", rejected);
#undef SUM
        const cJSON *nt = cJSON_GetObjectItemCaseSensitive(c, "tasks");
        if (cJSON_IsNumber(nt)) ntasks += nt->valuedouble;
        const cJSON *pt = cJSON_GetObjectItemCaseSensitive(c, "per_task");
        for (const cJSON *e = pt ? pt->child : NULL; e; e = e->next) {
            if (nper == capper) {
                capper = capper ? capper * 2 : 64;
                per = fm_xrealloc(per, capper * sizeof *per);
            }
            per[nper++] = cJSON_Duplicate(e, 1);
        }
    }
    fm_manifest_add_output(&m, "rejects.jsonl", rejects_bytes, rejects_xxh3, (long long)tot.rejected);
    sort_unique_by_path(m.inputs);
    fm_manifest_sort_outputs(&m);
    cJSON_AddNumberToObject(m.counts, "tasks", ntasks);
    add_counts(m.counts, &tot);
    if (nper) fm_qsort(per, nper, sizeof *per, cmp_key);
    cJSON *po = cJSON_AddObjectToObject(m.counts, "per_task");
    for (size_t i = 0; i < nper; i++) {
        char *k = fm_xstrdup(per[i]->string);
        cJSON_AddItemToObject(po, k, per[i]);
        free(k);
    }
    free(per);
    /* every part loads the whole definition set, so each lists the same exclusions */
    const cJSON *ex0 = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(parts[0], "counts"),
                                                       "excluded");
    if (ex0) cJSON_AddItemToObject(m.counts, "excluded", cJSON_Duplicate(ex0, 1));
    const cJSON *mi0 = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(parts[0], "counts"),
                                                       "missing");
    if (mi0) cJSON_AddItemToObject(m.counts, "missing", cJSON_Duplicate(mi0, 1));
    out = m.root;
fail:
    free(seen);
    return out;
}

/* One part's rejects file, read line by line, grouped by task. */
typedef struct rpart {
    fm_reader *r;
    fm_strbuf line, task;
    int have;
} rpart;

static int rpart_next(rpart *p, fm_error *err)
{
    int rc = fm_reader_getline(p->r, &p->line, NULL, err);
    if (rc <= 0) {
        p->have = 0;
        return rc;
    }
    cJSON *v = fm_json_parse(p->line.buf, p->line.len, fm_reader_path(p->r), fm_reader_lineno(p->r), err);
    if (!v) return -1;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, "task");
    fm_strbuf_reset(&p->task);
    fm_strbuf_addstr(&p->task, cJSON_IsString(t) ? t->valuestring : "");
    cJSON_Delete(v);
    p->have = 1;
    return 1;
}

int fm_ingest_merge(const char *outdir, fm_error *err)
{
    /* Find N from any part manifest, then require all N. */
    DIR *d = opendir(outdir);
    if (!d) return fm_error_set(err, FM_EIO, outdir, 0, NULL, "cannot open directory");
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        int i, nn;
        char tail[8];
        if (sscanf(e->d_name, "manifest.part-%d-of-%d.jso%1s", &i, &nn, tail) == 3) {
            if (count && nn != count) {
                closedir(d);
                return fm_error_set(err, FM_EINPUT, outdir, 0, NULL,
                                    "part manifests of different part counts (%d and %d)", count, nn);
            }
            count = nn;
        }
    }
    closedir(d);
    if (count < 1) return fm_error_set(err, FM_EINPUT, outdir, 0, NULL, "no part manifests found");
    cJSON **parts = fm_xcalloc((size_t)count, sizeof *parts);
    rpart *rp = fm_xcalloc((size_t)count, sizeof *rp);
    fm_strbuf p = FM_STRBUF_INIT, name = FM_STRBUF_INIT;
    int rc = -1;
    fm_writer *w = NULL;
    cJSON *merged = NULL;
    for (int i = 0; i < count; i++) {
        fm_strbuf_reset(&name);
        fm_strbuf_addf(&name, "manifest.part-%d-of-%d.json", i, count);
        fm_path_join(&p, outdir, name.buf);
        if (!fm_path_exists(p.buf)) {
            fm_error_set(err, FM_EINPUT, p.buf, 0, NULL, "part %d of %d is missing (not finished?)", i, count);
            goto out;
        }
        if (!(parts[i] = fm_manifest_read(p.buf, err))) goto out;
        fm_strbuf_init(&rp[i].line);
        fm_strbuf_init(&rp[i].task);
        fm_strbuf_reset(&name);
        fm_strbuf_addf(&name, "rejects.part-%d-of-%d.jsonl", i, count);
        fm_path_join(&p, outdir, name.buf);
        if (!(rp[i].r = fm_reader_open(p.buf, err))) goto out;
        if (rpart_next(&rp[i], err) < 0) goto out;
    }
    /* rejects.jsonl: each part's lines are grouped by task in name order; merging the groups
     * by task name gives the single run's order. */
    fm_path_join(&p, outdir, "rejects.jsonl");
    if (!(w = fm_writer_open(p.buf, FM_COMP_NONE, 0, err))) goto out;
    for (;;) {
        int best = -1;
        for (int i = 0; i < count; i++)
            if (rp[i].have && (best < 0 || strcmp(rp[i].task.buf, rp[best].task.buf) < 0)) best = i;
        if (best < 0) break;
        fm_strbuf cur = FM_STRBUF_INIT;
        fm_strbuf_addstr(&cur, rp[best].task.buf);
        while (rp[best].have && !strcmp(rp[best].task.buf, cur.buf)) {
            if (fm_writer_write(w, rp[best].line.buf, rp[best].line.len, err) < 0 ||
                fm_writer_write(w, "\n", 1, err) < 0 || rpart_next(&rp[best], err) < 0) {
                fm_strbuf_release(&cur);
                goto out;
            }
        }
        fm_strbuf_release(&cur);
    }
    uint64_t rbytes, rh;
    fm_writer *ww = w;
    w = NULL;
    if (fm_writer_commit_info(ww, &rbytes, &rh, err) < 0) goto out;
    if (!(merged = fm_ingest_merge_manifests(parts, (size_t)count, rbytes, rh, err))) goto out;
    fm_manifest mm = { merged, cJSON_GetObjectItemCaseSensitive(merged, "settings"),
                       cJSON_GetObjectItemCaseSensitive(merged, "inputs"),
                       cJSON_GetObjectItemCaseSensitive(merged, "outputs"),
                       cJSON_GetObjectItemCaseSensitive(merged, "counts") };
    fm_part single = { 0, 1 };
    if (fm_manifest_write(&mm, outdir, &single, err) < 0) goto out;
    rc = 0;
out:
    if (w) fm_writer_abort(w);
    cJSON_Delete(merged);
    for (int i = 0; i < count; i++) {
        cJSON_Delete(parts[i]);
        if (rp[i].r) fm_reader_close(rp[i].r);
        fm_strbuf_release(&rp[i].line);
        fm_strbuf_release(&rp[i].task);
    }
    free(parts);
    free(rp);
    fm_strbuf_release(&p);
    fm_strbuf_release(&name);
    return rc;
}
