#include "mixture.h"

#include "fileio.h"
#include "json.h"
#include "manifest.h"
#include "strbuf.h"

#include <dirent.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

/* ---- small helpers ----------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push_str(char ***arr, size_t *n, const char *s)
{
    *arr = fm_xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = fm_xstrdup(s);
}

static void free_strs(char **arr, size_t n)
{
    for (size_t i = 0; i < n; i++) free(arr[i]);
    free(arr);
}

/* Sorted names of the entries of dir (no "." entries); dirs_only keeps directories. */
static int list_dir(const char *dir, int dirs_only, char ***out, size_t *n, fm_error *err)
{
    DIR *d = opendir(dir);
    *out = NULL;
    *n = 0;
    if (!d) return fm_error_set(err, FM_EIO, dir, 0, NULL, "cannot open directory");
    struct dirent *e;
    fm_strbuf p = FM_STRBUF_INIT;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        fm_path_join(&p, dir, e->d_name);
        DIR *sub = opendir(p.buf);
        int is_dir = sub != NULL;
        if (sub) closedir(sub);
        if (is_dir == dirs_only) push_str(out, n, e->d_name);
    }
    closedir(d);
    fm_strbuf_release(&p);
    if (*n) fm_qsort(*out, *n, sizeof **out, cmp_str);
    return 0;
}

/* ---- catalog ----------------------------------------------------------------------- */

void fm_mix_catalog_init(fm_mix_catalog *c)
{
    memset(c, 0, sizeof *c);
}

void fm_mix_catalog_release(fm_mix_catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        fm_mix_entry *e = &c->entries[i];
        free(e->task);
        free(e->format);
        free(e->dir);
        free_strs(e->files, e->n_files);
        free(e->file_counts);
    }
    free(c->entries);
    free_strs(c->manifests, c->n_manifests);
    memset(c, 0, sizeof *c);
}

const fm_mix_entry *fm_mix_catalog_find(const fm_mix_catalog *c, const char *task,
                                        const char *format)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->entries[i].task, task) && !strcmp(c->entries[i].format, format))
            return &c->entries[i];
    return NULL;
}

static fm_mix_entry *catalog_add(fm_mix_catalog *c, const char *task, const char *format)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->entries = fm_xrealloc(c->entries, c->cap * sizeof *c->entries);
    }
    fm_mix_entry *e = &c->entries[c->n++];
    memset(e, 0, sizeof *e);
    e->task = fm_xstrdup(task);
    e->format = fm_xstrdup(format);
    return e;
}

static int count_lines(const char *path, uint64_t *out, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return -1;
    fm_strbuf line = FM_STRBUF_INIT;
    uint64_t n = 0;
    int rc;
    while ((rc = fm_reader_getline(r, &line, NULL, err)) > 0) n++;
    fm_strbuf_release(&line);
    fm_reader_close(r);
    *out = n;
    return rc < 0 ? -1 : 0;
}

/* records of output `rel` in a manifest, or -1 when it does not say. */
static long long manifest_records(const cJSON *man, const char *rel)
{
    const cJSON *outs = man ? cJSON_GetObjectItemCaseSensitive(man, "outputs") : NULL;
    const cJSON *o;
    cJSON_ArrayForEach(o, outs) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "path");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "records");
        if (cJSON_IsString(p) && !strcmp(p->valuestring, rel) && cJSON_IsNumber(r))
            return (long long)r->valuedouble;
    }
    return -1;
}

static int is_part_file(const char *name)
{
    return !strncmp(name, "part-", 5) && strstr(name, ".jsonl") && !strstr(name, ".tmp-");
}

int fm_mix_catalog_add_examples(fm_mix_catalog *c, const char *dir, fm_error *err)
{
    fm_strbuf ex = FM_STRBUF_INIT, p = FM_STRBUF_INIT, rel = FM_STRBUF_INIT;
    char **tasks = NULL, **formats = NULL, **files = NULL;
    size_t nt = 0, nf = 0, nfl = 0;
    cJSON *man = NULL;
    int rc = -1;

    fm_path_join(&ex, dir, "examples");
    if (!fm_path_exists(ex.buf)) {
        fm_error_set(err, FM_EINPUT, dir, 0, NULL,
                     "not a format-stage output directory (no examples/ in it)");
        goto out;
    }
    fm_path_join(&p, dir, "manifest.json");
    if (fm_path_exists(p.buf)) {
        if (!(man = fm_manifest_read(p.buf, err))) goto out;
        push_str(&c->manifests, &c->n_manifests, p.buf);
    }
    if (list_dir(ex.buf, 1, &tasks, &nt, err) < 0) goto out;
    for (size_t t = 0; t < nt; t++) {
        fm_path_join(&p, ex.buf, tasks[t]);
        free_strs(formats, nf);
        if (list_dir(p.buf, 1, &formats, &nf, err) < 0) goto out;
        for (size_t f = 0; f < nf; f++) {
            if (fm_mix_catalog_find(c, tasks[t], formats[f])) {
                fm_error_set(err, FM_EINPUT, dir, 0, NULL,
                             "task-format %s/%s is also in another examples directory",
                             tasks[t], formats[f]);
                goto out;
            }
            fm_strbuf fd = FM_STRBUF_INIT;
            fm_path_join(&p, ex.buf, tasks[t]);
            fm_path_join(&fd, p.buf, formats[f]);
            free_strs(files, nfl);
            if (list_dir(fd.buf, 0, &files, &nfl, err) < 0) {
                fm_strbuf_release(&fd);
                goto out;
            }
            fm_mix_entry *e = catalog_add(c, tasks[t], formats[f]);
            e->dir = fm_strbuf_detach(&fd, NULL);
            for (size_t i = 0; i < nfl; i++) {
                if (!is_part_file(files[i])) continue;
                fm_strbuf_reset(&rel);
                fm_strbuf_addf(&rel, "examples/%s/%s/%s", tasks[t], formats[f], files[i]);
                long long rec = manifest_records(man, rel.buf);
                fm_path_join(&p, e->dir, files[i]);
                uint64_t n;
                if (rec >= 0) n = (uint64_t)rec;
                else if (count_lines(p.buf, &n, err) < 0) goto out;
                e->files = fm_xrealloc(e->files, (e->n_files + 1) * sizeof *e->files);
                e->file_counts = fm_xrealloc(e->file_counts, (e->n_files + 1) * sizeof *e->file_counts);
                e->files[e->n_files] = fm_xstrdup(p.buf);
                e->file_counts[e->n_files++] = n;
                e->count += n;
            }
        }
    }
    rc = 0;
out:
    cJSON_Delete(man);
    free_strs(tasks, nt);
    free_strs(formats, nf);
    free_strs(files, nfl);
    fm_strbuf_release(&ex);
    fm_strbuf_release(&p);
    fm_strbuf_release(&rel);
    return rc;
}

/* FLAN's seqio task-name suffixes and the flanmix format each one is (flan_v2_spec §3.2). */
static const char *const FLAN_SUFFIXES[][2] = {
    { "_template_0to10_non_deter_opt_zero_shot", "zs_opt" },
    { "_template_0to10_no_opt_zero_shot", "zs_noopt" },
    { "_template_0to10_no_opt_x_shot", "fs_x_noopt" },
    { "_template_0to10_zero_shot", "zs_opt" },
    { "_template_mix_five_shot", "fs_mix" },
    { "_template_0to10_x_shot", "fs_x" },
};

/* T0 task names in FLAN carry this prefix; flanmix's task definitions drop it. */
#define T0_PREFIX "t0_task_adaptation:"

int fm_mix_flan_name(const char *name, char **task, const char **format)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof FLAN_SUFFIXES / sizeof FLAN_SUFFIXES[0]; i++) {
        size_t k = strlen(FLAN_SUFFIXES[i][0]);
        if (n > k && !strcmp(name + n - k, FLAN_SUFFIXES[i][0])) {
            const char *s = name;
            if (!strncmp(s, T0_PREFIX, strlen(T0_PREFIX))) s += strlen(T0_PREFIX);
            *task = fm_xstrndup(s, (size_t)(name + n - k - s));
            *format = FLAN_SUFFIXES[i][1];
            return 0;
        }
    }
    return -1;
}

/* Split a TSV line in place into at most max fields. */
static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t n = 0;
    while (n < max) {
        f[n++] = s;
        char *t = strchr(s, '\t');
        if (!t) break;
        *t = '\0';
        s = t + 1;
    }
    return n;
}

int fm_mix_catalog_add_counts_tsv(fm_mix_catalog *c, const char *path, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return -1;
    fm_strbuf line = FM_STRBUF_INIT;
    int rc, flan = -1, col_name = -1, col_format = -1, col_count = -1;
    long lineno = 0;
    while ((rc = fm_reader_getline(r, &line, NULL, err)) > 0) {
        lineno++;
        char *f[16];
        size_t nf = split_tabs(line.buf, f, 16);
        if (lineno == 1) {
            for (size_t i = 0; i < nf; i++) {
                if (!strcmp(f[i], "task_template")) col_name = (int)i, flan = 1;
                else if (!strcmp(f[i], "num_cases")) col_count = (int)i;
                else if (!strcmp(f[i], "task")) col_name = (int)i, flan = 0;
                else if (!strcmp(f[i], "format")) col_format = (int)i;
                else if (!strcmp(f[i], "num_examples")) col_count = (int)i;
            }
            if (col_name < 0 || col_count < 0 || (!flan && col_format < 0)) {
                rc = fm_error_set(err, FM_EINPUT, path, 1, NULL,
                                  "header must name task_template and num_cases (FLAN's TSV) "
                                  "or task, format and num_examples");
                break;
            }
            continue;
        }
        if (line.len == 0) continue;
        int need = col_name > col_count ? col_name : col_count;
        if (col_format > need) need = col_format;
        if ((int)nf <= need) {
            rc = fm_error_set(err, FM_EINPUT, path, lineno, NULL, "expected %d columns, got %zu",
                              need + 1, nf);
            break;
        }
        char *end;
        double v = strtod(f[col_count], &end);
        if (end == f[col_count] || *end || v < 0 || v != floor(v)) {
            rc = fm_error_set(err, FM_EINPUT, path, lineno, flan ? "num_cases" : "num_examples",
                              "not a count: '%s'", f[col_count]);
            break;
        }
        char *task = NULL;
        const char *format;
        if (flan) {
            if (fm_mix_flan_name(f[col_name], &task, &format) < 0) {
                rc = fm_error_set(err, FM_EINPUT, path, lineno, "task_template",
                                  "unknown FLAN template suffix in '%s'", f[col_name]);
                break;
            }
        } else {
            task = fm_xstrdup(f[col_name]);
            format = f[col_format];
        }
        fm_mix_entry *e = (fm_mix_entry *)fm_mix_catalog_find(c, task, format);
        if (!e) e = catalog_add(c, task, format);
        e->count = (uint64_t)v; /* a later row for the same task-format wins */
        free(task);
    }
    if (rc == 0 && lineno == 0) rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "empty file");
    fm_strbuf_release(&line);
    fm_reader_close(r);
    return rc < 0 ? -1 : 0;
}

/* ---- loading mixture files ------------------------------------------------------------ */

typedef struct {
    int has_rate;
    fm_rate_mode mode;
    double fixed;
    double cap;
} rate_spec;

typedef struct {
    const fm_mix_catalog *cat;
    int flags;
    fm_mixture *m;
    size_t leaves_cap, units_cap;
    char **missing;
    size_t n_missing;
    char **stack; /* files being loaded (cycle check) */
    size_t depth;
} load_ctx;

const char *fm_rate_mode_name(fm_rate_mode m)
{
    return m == FM_RATE_EXAMPLES ? "examples" : m == FM_RATE_FIXED ? "fixed" : "equal";
}

static int is_pattern(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

static fm_mix_leaf *new_leaf(load_ctx *x)
{
    fm_mixture *m = x->m;
    if (m->n_leaves == x->leaves_cap) {
        x->leaves_cap = x->leaves_cap ? 2 * x->leaves_cap : 64;
        m->leaves = fm_xrealloc(m->leaves, x->leaves_cap * sizeof *m->leaves);
    }
    fm_mix_leaf *l = &m->leaves[m->n_leaves++];
    memset(l, 0, sizeof *l);
    return l;
}

static void free_leaf(fm_mix_leaf *l)
{
    free(l->path);
    free(l->name);
    free(l->task);
    free(l->format);
    free(l->units);
    free(l->shares);
}

/* The unit for (entry or task/format, line range), created on first use. */
static size_t get_unit(load_ctx *x, const fm_mix_entry *e, const char *task, const char *format,
                       const char *subtask, uint64_t start, uint64_t count)
{
    fm_mixture *m = x->m;
    for (size_t i = 0; i < m->n_units; i++) {
        fm_mix_unit *u = &m->units[i];
        if (!strcmp(u->task, task) && !strcmp(u->format, format) && u->start == start &&
            u->count == count && !u->subtask == !subtask)
            return i;
    }
    if (m->n_units == x->units_cap) {
        x->units_cap = x->units_cap ? 2 * x->units_cap : 64;
        m->units = fm_xrealloc(m->units, x->units_cap * sizeof *m->units);
    }
    fm_mix_unit *u = &m->units[m->n_units];
    memset(u, 0, sizeof *u);
    u->task = fm_xstrdup(task);
    u->format = fm_xstrdup(format);
    u->subtask = subtask ? fm_xstrdup(subtask) : NULL;
    fm_strbuf n = FM_STRBUF_INIT;
    fm_strbuf_addf(&n, "%s/%s%s%s", task, format, subtask ? "/" : "", subtask ? subtask : "");
    u->name = fm_strbuf_detach(&n, NULL);
    u->entry = e;
    u->start = start;
    u->count = count;
    return m->n_units++;
}

static void leaf_add_unit(fm_mix_leaf *l, size_t unit, double share)
{
    l->units = fm_xrealloc(l->units, (l->n_units + 1) * sizeof *l->units);
    l->shares = fm_xrealloc(l->shares, (l->n_units + 1) * sizeof *l->shares);
    l->units[l->n_units] = unit;
    l->shares[l->n_units++] = share;
}

static int check_keys(const cJSON *obj, const char *const *allowed, const char *file,
                      const char *field, fm_error *err)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, obj) {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++) ok |= !strcmp(k->string, allowed[i]);
        if (!ok)
            return fm_error_set(err, FM_EUSAGE, file, 0, field, "unknown key '%s'", k->string);
    }
    return 0;
}

static int bad(fm_error *err, const char *file, const fm_strbuf *f, const char *key,
               const char *why)
{
    fm_strbuf s = FM_STRBUF_INIT;
    fm_strbuf_addf(&s, "%s%s%s", f->buf, f->len && key ? "." : "", key ? key : "");
    fm_error_set(err, FM_EUSAGE, file, 0, s.buf, "%s", why);
    fm_strbuf_release(&s);
    return -1;
}

/* Parse "rate" and "cap" of obj into *r (keeping what is unset). */
static int parse_rate(const cJSON *obj, rate_spec *r, const char *file, const fm_strbuf *f,
                      fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "rate");
    if (v) {
        r->has_rate = 1;
        if (cJSON_IsString(v) && !strcmp(v->valuestring, "examples")) r->mode = FM_RATE_EXAMPLES;
        else if (cJSON_IsString(v) && !strcmp(v->valuestring, "equal")) r->mode = FM_RATE_EQUAL;
        else if (cJSON_IsNumber(v) && v->valuedouble >= 0 && isfinite(v->valuedouble)) {
            r->mode = FM_RATE_FIXED;
            r->fixed = v->valuedouble;
        } else
            return bad(err, file, f, "rate", "expected \"examples\", \"equal\" or a number >= 0");
    }
    v = cJSON_GetObjectItemCaseSensitive(obj, "cap");
    if (v) {
        if (cJSON_IsNull(v)) r->cap = 0;
        else if (cJSON_IsNumber(v) && v->valuedouble > 0 && isfinite(v->valuedouble))
            r->cap = v->valuedouble;
        else
            return bad(err, file, f, "cap", "expected a number > 0 (or null for no cap)");
    }
    return 0;
}

/* A list of strings from "key" (a string or an array of strings). */
static int string_list(const cJSON *obj, const char *key, char ***out, size_t *n,
                       const char *file, const fm_strbuf *f, fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    *n = 0;
    if (!v) return 0;
    if (cJSON_IsString(v)) {
        push_str(out, n, v->valuestring);
        return 0;
    }
    const cJSON *s;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return bad(err, file, f, key, "expected a string or a non-empty array of strings");
    cJSON_ArrayForEach(s, v) {
        if (!cJSON_IsString(s) || !*s->valuestring) {
            free_strs(*out, *n);
            *out = NULL;
            *n = 0;
            return bad(err, file, f, key, "expected non-empty strings");
        }
        push_str(out, n, s->valuestring);
    }
    return 0;
}

static void note_missing(load_ctx *x, const char *task, const char *format)
{
    fm_strbuf s = FM_STRBUF_INIT;
    fm_strbuf_addf(&s, "%s/%s", task, format);
    for (size_t i = 0; i < x->n_missing; i++)
        if (!strcmp(x->missing[i], s.buf)) {
            fm_strbuf_release(&s);
            return;
        }
    x->missing = fm_xrealloc(x->missing, (x->n_missing + 1) * sizeof *x->missing);
    x->missing[x->n_missing++] = fm_strbuf_detach(&s, NULL);
}

/* Subtask of an example line: the source-file part of its id
 * "<task>:<source file>:<position>/<format>", as the file's base name up to its first
 * dot. Returns a malloc'd string or NULL if the line does not start with such an id. */
static char *subtask_of(const char *line)
{
    const char *p = "{\"id\":\"";
    if (strncmp(line, p, strlen(p))) return NULL;
    const char *s = line + strlen(p), *e = s;
    while (*e && *e != '"') {
        if (*e == '\\') return NULL; /* ids with escapes are not ours */
        e++;
    }
    const char *c1 = memchr(s, ':', (size_t)(e - s));
    const char *c2 = NULL;
    for (const char *q = e; q > s; q--)
        if (q[-1] == ':') { c2 = q - 1; break; }
    if (!c1 || !c2 || c2 <= c1) return NULL;
    const char *b = c1 + 1;
    for (const char *q = c1 + 1; q < c2; q++)
        if (*q == '/') b = q + 1;
    const char *dot = memchr(b, '.', (size_t)(c2 - b));
    return fm_xstrndup(b, (size_t)((dot ? dot : c2) - b));
}

typedef struct {
    char *name;
    uint64_t start, count;
} subtask_run;

/* The runs of consecutive examples of one entry that share a subtask. Each subtask must
 * be one run (ingest reads source files one after another). */
static int scan_subtasks(const fm_mix_entry *e, subtask_run **out, size_t *n, fm_error *err)
{
    fm_strbuf line = FM_STRBUF_INIT;
    subtask_run *runs = NULL;
    size_t nr = 0;
    uint64_t pos = 0;
    int rc = 0;
    for (size_t f = 0; f < e->n_files && rc == 0; f++) {
        fm_reader *r = fm_reader_open(e->files[f], err);
        if (!r) { rc = -1; break; }
        while ((rc = fm_reader_getline(r, &line, NULL, err)) > 0) {
            char *st = subtask_of(line.buf);
            if (!st) {
                rc = fm_error_set(err, FM_EINPUT, e->files[f], fm_reader_lineno(r), "id",
                                  "cannot find the source file in the example's id");
                break;
            }
            if (nr && !strcmp(runs[nr - 1].name, st)) {
                runs[nr - 1].count++;
                free(st);
            } else {
                for (size_t i = 0; i < nr; i++)
                    if (!strcmp(runs[i].name, st)) {
                        rc = fm_error_set(err, FM_EINPUT, e->files[f], fm_reader_lineno(r), "id",
                                          "examples of subtask '%s' are not contiguous", st);
                        break;
                    }
                if (rc < 0) { free(st); break; }
                runs = fm_xrealloc(runs, (nr + 1) * sizeof *runs);
                runs[nr].name = st;
                runs[nr].start = pos;
                runs[nr++].count = 1;
            }
            pos++;
        }
        fm_reader_close(r);
    }
    fm_strbuf_release(&line);
    if (rc < 0) {
        for (size_t i = 0; i < nr; i++) free(runs[i].name);
        free(runs);
        return -1;
    }
    *out = runs;
    *n = nr;
    return 0;
}

static double rate_of(const rate_spec *r, double num_examples)
{
    switch (r->mode) {
    case FM_RATE_EXAMPLES:
        return r->cap > 0 && num_examples > r->cap ? r->cap : num_examples;
    case FM_RATE_FIXED:
        return r->fixed;
    default:
        return 1;
    }
}

static fm_mix_leaf *make_leaf(load_ctx *x, const char *path, const char *name, const char *task,
                              const char *format, const rate_spec *r, double num_examples)
{
    fm_mix_leaf *l = new_leaf(x);
    l->path = fm_xstrdup(path);
    l->name = fm_xstrdup(name);
    l->task = fm_xstrdup(task);
    l->format = fm_xstrdup(format);
    l->mode = r->mode;
    l->cap = r->mode == FM_RATE_EXAMPLES ? r->cap : 0;
    l->num_examples = num_examples;
    l->rate = rate_of(r, num_examples);
    l->weight = 1;
    return l;
}

typedef struct {
    double rate;
    size_t first, last; /* leaves [first, last) */
} child;

static void add_child(child **kids, size_t *n, double rate, size_t first, size_t last)
{
    *kids = fm_xrealloc(*kids, (*n + 1) * sizeof **kids);
    (*kids)[(*n)++] = (child){ rate, first, last };
}

/* A "group" member for one format: every task-format its patterns match is ONE member
 * (rate min(cap, total examples)) whose draws go to the tasks in proportion to their
 * sizes. Without matching data, a catalog entry named after the group stands for it
 * (FLAN's counts table has the group as one task). */
static int load_group(load_ctx *x, const char *group, char **tasks, size_t nt, char **excl,
                      size_t ne, const char *format, const rate_spec *r, const char *path,
                      child **kids, size_t *nk)
{
    const fm_mix_entry **es = NULL;
    size_t n = 0;
    for (size_t ti = 0; ti < nt; ti++) {
        size_t before = n;
        for (size_t i = 0; i < x->cat->n; i++) {
            const fm_mix_entry *e = &x->cat->entries[i];
            if (strcmp(e->format, format)) continue;
            if (is_pattern(tasks[ti]) ? fnmatch(tasks[ti], e->task, 0) != 0 : strcmp(tasks[ti], e->task) != 0)
                continue;
            int ex = 0;
            for (size_t k = 0; k < ne; k++) ex |= !fnmatch(excl[k], e->task, 0);
            int dup = 0;
            for (size_t k = 0; k < n; k++) dup |= es[k] == e;
            if (ex || dup) continue;
            es = fm_xrealloc(es, (n + 1) * sizeof *es);
            es[n++] = e;
        }
        if (n == before && !is_pattern(tasks[ti])) note_missing(x, tasks[ti], format);
    }
    fm_strbuf lname = FM_STRBUF_INIT;
    fm_strbuf_addf(&lname, "%s/%s", group, format);
    const fm_mix_entry *alias = n ? NULL : fm_mix_catalog_find(x->cat, group, format);
    if (!n && !alias) {
        note_missing(x, group, format);
    } else if (alias) {
        fm_mix_leaf *l = make_leaf(x, path, lname.buf, group, format, r, (double)alias->count);
        leaf_add_unit(l, get_unit(x, alias, group, format, NULL, 0, alias->count), 1.0);
        add_child(kids, nk, l->rate, x->m->n_leaves - 1, x->m->n_leaves);
    } else {
        /* Sorted by task name, whatever the pattern order. */
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && strcmp(es[j - 1]->task, es[j]->task) > 0; j--) {
                const fm_mix_entry *t = es[j];
                es[j] = es[j - 1];
                es[j - 1] = t;
            }
        double total = 0;
        for (size_t i = 0; i < n; i++) total += (double)es[i]->count;
        fm_mix_leaf *l = make_leaf(x, path, lname.buf, group, format, r, total);
        for (size_t i = 0; i < n; i++)
            leaf_add_unit(l, get_unit(x, es[i], es[i]->task, format, NULL, 0, es[i]->count),
                          total > 0 ? (double)es[i]->count / total : 0);
        add_child(kids, nk, l->rate, x->m->n_leaves - 1, x->m->n_leaves);
    }
    fm_strbuf_release(&lname);
    free(es);
    return 0;
}

/* Expand one task member into leaves (one child each). */
static int load_task_member(load_ctx *x, const cJSON *mem, const char *file, const fm_strbuf *f,
                            const rate_spec *defaults, const char *path, child **kids,
                            size_t *nk, fm_error *err)
{
    static const char *const keys[] = { "task", "tasks", "format", "formats", "rate", "cap",
                                        "num_examples", "exclude", "subtasks", "group", "comment", NULL };
    char **tasks = NULL, **formats = NULL, **excl = NULL;
    size_t nt = 0, nf = 0, ne = 0;
    int rc = -1;
    rate_spec r = *defaults;
    double explicit_n = -1;
    int sub = 0; /* 0 none, 1 group, 2 each */

    if (check_keys(mem, keys, file, f->buf, err) < 0) goto out;
    if (cJSON_HasObjectItem(mem, "task") == cJSON_HasObjectItem(mem, "tasks")) {
        bad(err, file, f, NULL, "a member needs exactly one of \"task\", \"tasks\" or \"mixture\"");
        goto out;
    }
    if (cJSON_HasObjectItem(mem, "format") == cJSON_HasObjectItem(mem, "formats")) {
        bad(err, file, f, NULL, "a task member needs exactly one of \"format\" or \"formats\"");
        goto out;
    }
    if (string_list(mem, cJSON_HasObjectItem(mem, "task") ? "task" : "tasks", &tasks, &nt, file, f, err) < 0 ||
        string_list(mem, cJSON_HasObjectItem(mem, "format") ? "format" : "formats", &formats, &nf, file, f, err) < 0 ||
        string_list(mem, "exclude", &excl, &ne, file, f, err) < 0 || parse_rate(mem, &r, file, f, err) < 0)
        goto out;
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(mem, "task")) ||
        cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(mem, "format"))) {
        bad(err, file, f, NULL, "\"task\" and \"format\" take one name; use \"tasks\"/\"formats\" for lists");
        goto out;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(mem, "num_examples");
    if (v) {
        if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble != floor(v->valuedouble)) {
            bad(err, file, f, "num_examples", "expected a whole number >= 0");
            goto out;
        }
        if (nt != 1 || nf != 1 || is_pattern(tasks[0])) {
            bad(err, file, f, "num_examples", "only for a member with one task and one format");
            goto out;
        }
        explicit_n = v->valuedouble;
    }
    v = cJSON_GetObjectItemCaseSensitive(mem, "subtasks");
    if (v) {
        if (cJSON_IsString(v) && !strcmp(v->valuestring, "group")) sub = 1;
        else if (cJSON_IsString(v) && !strcmp(v->valuestring, "each")) sub = 2;
        else {
            bad(err, file, f, "subtasks", "expected \"group\" or \"each\"");
            goto out;
        }
    }
    if (!r.has_rate) r.mode = FM_RATE_EXAMPLES;
    v = cJSON_GetObjectItemCaseSensitive(mem, "group");
    if (v) {
        if (!cJSON_IsString(v) || !*v->valuestring) {
            bad(err, file, f, "group", "expected a name");
            goto out;
        }
        if (sub) {
            bad(err, file, f, "group", "\"group\" and \"subtasks\" do not go together");
            goto out;
        }
        if (explicit_n >= 0) {
            bad(err, file, f, "num_examples", "not with \"group\"");
            goto out;
        }
        for (size_t fi = 0; fi < nf; fi++)
            if (load_group(x, v->valuestring, tasks, nt, excl, ne, formats[fi], &r, path, kids, nk) < 0)
                goto out;
        rc = 0;
        goto out;
    }

    for (size_t fi = 0; fi < nf; fi++) {
        for (size_t ti = 0; ti < nt; ti++) {
            /* The task names this pattern stands for, sorted (catalog order is sorted per dir). */
            char **names = NULL;
            size_t nn = 0;
            if (is_pattern(tasks[ti])) {
                for (size_t i = 0; i < x->cat->n; i++) {
                    const fm_mix_entry *e = &x->cat->entries[i];
                    if (strcmp(e->format, formats[fi]) || fnmatch(tasks[ti], e->task, 0)) continue;
                    int ex = 0;
                    for (size_t k = 0; k < ne; k++) ex |= !fnmatch(excl[k], e->task, 0);
                    if (!ex) push_str(&names, &nn, e->task);
                }
                if (nn) fm_qsort(names, nn, sizeof *names, cmp_str);
                else note_missing(x, tasks[ti], formats[fi]);
            } else {
                push_str(&names, &nn, tasks[ti]);
            }
            for (size_t k = 0; k < nn; k++) {
                const char *task = names[k], *format = formats[fi];
                const fm_mix_entry *e = fm_mix_catalog_find(x->cat, task, format);
                fm_strbuf lname = FM_STRBUF_INIT;
                fm_strbuf_addf(&lname, "%s/%s", task, format);
                if (!e && !((x->flags & FM_MIX_WEIGHTS_ONLY) && (explicit_n >= 0 || r.mode != FM_RATE_EXAMPLES))) {
                    note_missing(x, task, format);
                } else if (!sub || !e || !e->dir) {
                    if (sub == 2 && !(x->flags & FM_MIX_WEIGHTS_ONLY)) {
                        fm_strbuf_release(&lname);
                        free_strs(names, nn);
                        bad(err, file, f, "subtasks", "\"each\" needs example files, not a counts table");
                        goto out;
                    }
                    double n = e ? (double)e->count : explicit_n > 0 ? explicit_n : 0;
                    fm_mix_leaf *l = make_leaf(x, path, lname.buf, task, format, &r,
                                               explicit_n >= 0 ? explicit_n : n);
                    leaf_add_unit(l, get_unit(x, e, task, format, NULL, 0, (uint64_t)n), 1.0);
                    add_child(kids, nk, l->rate, x->m->n_leaves - 1, x->m->n_leaves);
                } else {
                    subtask_run *runs;
                    size_t nr;
                    if (scan_subtasks(e, &runs, &nr, err) < 0) {
                        fm_strbuf_release(&lname);
                        free_strs(names, nn);
                        goto out;
                    }
                    if (sub == 1) {
                        double n = explicit_n >= 0 ? explicit_n : (double)e->count;
                        fm_mix_leaf *l = make_leaf(x, path, lname.buf, task, format, &r, n);
                        for (size_t i = 0; i < nr; i++)
                            leaf_add_unit(l, get_unit(x, e, task, format, runs[i].name, runs[i].start,
                                                      runs[i].count),
                                          e->count ? (double)runs[i].count / (double)e->count : 0);
                        add_child(kids, nk, l->rate, x->m->n_leaves - 1, x->m->n_leaves);
                    } else {
                        for (size_t i = 0; i < nr; i++) {
                            fm_strbuf sn = FM_STRBUF_INIT;
                            fm_strbuf_addf(&sn, "%s/%s", lname.buf, runs[i].name);
                            fm_mix_leaf *l = make_leaf(x, path, sn.buf, task, format, &r,
                                                       (double)runs[i].count);
                            leaf_add_unit(l, get_unit(x, e, task, format, runs[i].name,
                                                      runs[i].start, runs[i].count), 1.0);
                            add_child(kids, nk, l->rate, x->m->n_leaves - 1, x->m->n_leaves);
                            fm_strbuf_release(&sn);
                        }
                    }
                    for (size_t i = 0; i < nr; i++) free(runs[i].name);
                    free(runs);
                }
                fm_strbuf_release(&lname);
            }
            free_strs(names, nn);
        }
    }
    rc = 0;
out:
    free_strs(tasks, nt);
    free_strs(formats, nf);
    free_strs(excl, ne);
    return rc;
}

static int load_file(load_ctx *x, const char *path, const char *parent_path, const char *field,
                     size_t *first, size_t *last, double *total, fm_error *err);

/* Load a mixture object: appends its leaves [*first, *last) with weights normalized
 * within it (they sum to 1, or are all 0 if it is empty); *total is the sum of its
 * members' rates (0 = nothing to draw). */
static int load_object(load_ctx *x, const cJSON *obj, const char *file, const char *field,
                       const rate_spec *inherited, const char *parent_path, size_t *first,
                       size_t *last, double *total, fm_error *err)
{
    static const char *const keys[] = { "name", "description", "comment", "defaults", "members", NULL };
    static const char *const mkeys[] = { "mixture", "weight", "comment", NULL };
    static const char *const dkeys[] = { "rate", "cap", "comment", NULL };
    fm_strbuf f = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    child *kids = NULL;
    size_t nk = 0;
    int rc = -1;
    rate_spec defaults = *inherited;

    fm_strbuf_addstr(&f, field);
    if (!cJSON_IsObject(obj)) {
        bad(err, file, &f, NULL, "a mixture must be a JSON object");
        goto out;
    }
    if (check_keys(obj, keys, file, field, err) < 0) goto out;
    const char *name = NULL;
    if (fm_json_get_string(obj, "name", &name, 1, file, 0, err) < 0) {
        if (*field) fm_strbuf_addch(&f, '.');
        fm_strbuf_addstr(&f, "name");
        snprintf(err->field, sizeof err->field, "%s", f.buf);
        goto out;
    }
    fm_strbuf_addf(&path, "%s%s%s", parent_path, *parent_path ? "/" : "", name);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(obj, "defaults");
    if (d) {
        fm_strbuf df = FM_STRBUF_INIT;
        fm_strbuf_addf(&df, "%s%sdefaults", field, *field ? "." : "");
        int bad_d = !cJSON_IsObject(d) ? bad(err, file, &df, NULL, "expected an object")
                    : check_keys(d, dkeys, file, df.buf, err) < 0 ? -1
                    : parse_rate(d, &defaults, file, &df, err);
        fm_strbuf_release(&df);
        if (bad_d < 0) goto out;
    }
    const cJSON *mems = cJSON_GetObjectItemCaseSensitive(obj, "members");
    if (!cJSON_IsArray(mems) || cJSON_GetArraySize(mems) == 0) {
        bad(err, file, &f, "members", "expected a non-empty array of members");
        goto out;
    }
    *first = x->m->n_leaves;
    int i = 0;
    const cJSON *mem;
    cJSON_ArrayForEach(mem, mems) {
        fm_strbuf mf = FM_STRBUF_INIT;
        fm_strbuf_addf(&mf, "%s%smembers[%d]", field, *field ? "." : "", i++);
        int r = -1;
        if (!cJSON_IsObject(mem)) {
            bad(err, file, &mf, NULL, "a member must be an object");
        } else if (cJSON_HasObjectItem(mem, "mixture")) {
            const cJSON *mx = cJSON_GetObjectItemCaseSensitive(mem, "mixture");
            const cJSON *w = cJSON_GetObjectItemCaseSensitive(mem, "weight");
            double weight = 1;
            size_t a, b;
            double sub_total;
            if (check_keys(mem, mkeys, file, mf.buf, err) < 0) {
            } else if (w && !(cJSON_IsNumber(w) && w->valuedouble >= 0 && isfinite(w->valuedouble))) {
                bad(err, file, &mf, "weight", "expected a number >= 0");
            } else {
                if (w) weight = w->valuedouble;
                fm_strbuf sf = FM_STRBUF_INIT;
                fm_strbuf_addf(&sf, "%s.mixture", mf.buf);
                if (cJSON_IsString(mx)) {
                    /* Relative to the directory of the file that names it. */
                    fm_strbuf p = FM_STRBUF_INIT;
                    const char *slash = strrchr(file, '/');
                    if (mx->valuestring[0] != '/' && slash)
                        fm_strbuf_addf(&p, "%.*s/", (int)(slash - file), file);
                    fm_strbuf_addstr(&p, mx->valuestring);
                    r = load_file(x, p.buf, path.buf, sf.buf, &a, &b, &sub_total, err);
                    fm_strbuf_release(&p);
                } else if (cJSON_IsObject(mx)) {
                    r = load_object(x, mx, file, sf.buf, &defaults, path.buf, &a, &b, &sub_total, err);
                } else {
                    r = bad(err, file, &sf, NULL, "expected a file name or an inline mixture object");
                }
                fm_strbuf_release(&sf);
                /* An empty sub-mixture takes no share, as a missing task. */
                if (r == 0 && sub_total > 0) add_child(&kids, &nk, weight, a, b);
            }
        } else {
            r = load_task_member(x, mem, file, &mf, &defaults, path.buf, &kids, &nk, err);
        }
        fm_strbuf_release(&mf);
        if (r < 0) goto out;
    }
    *last = x->m->n_leaves;
    /* seqio's Mixture.get_rate: each member's share is rate / (sum of its siblings' rates). */
    double sum = 0;
    for (size_t k = 0; k < nk; k++) sum += kids[k].rate;
    for (size_t k = 0; k < nk; k++)
        for (size_t l = kids[k].first; l < kids[k].last; l++)
            x->m->leaves[l].weight *= sum > 0 ? kids[k].rate / sum : 0;
    *total = sum;
    if (!*parent_path && !x->m->name) x->m->name = fm_xstrdup(name);
    rc = 0;
out:
    free(kids);
    fm_strbuf_release(&f);
    fm_strbuf_release(&path);
    return rc;
}

static int load_file(load_ctx *x, const char *path, const char *parent_path, const char *field,
                     size_t *first, size_t *last, double *total, fm_error *err)
{
    for (size_t i = 0; i < x->depth; i++)
        if (!strcmp(x->stack[i], path))
            return fm_error_set(err, FM_EUSAGE, path, 0, field, "mixture includes itself");
    if (x->depth >= MAX_DEPTH)
        return fm_error_set(err, FM_EUSAGE, path, 0, field, "mixtures nested deeper than %d", MAX_DEPTH);
    fm_strbuf text = FM_STRBUF_INIT;
    if (fm_read_file(path, &text, err) < 0) {
        fm_strbuf_release(&text);
        if (*field && !err->field[0]) snprintf(err->field, sizeof err->field, "%s", field);
        return -1;
    }
    cJSON *obj = fm_json_parse(text.buf, text.len, path, 0, err);
    fm_strbuf_release(&text);
    if (!obj) return -1;
    push_str(&x->m->files, &x->m->n_files, path);
    x->stack = fm_xrealloc(x->stack, (x->depth + 1) * sizeof *x->stack);
    x->stack[x->depth++] = fm_xstrdup(path);
    rate_spec none = { 0, FM_RATE_EXAMPLES, 0, 0 };
    int rc = load_object(x, obj, path, "", &none, parent_path, first, last, total, err);
    free(x->stack[--x->depth]);
    cJSON_Delete(obj);
    return rc;
}

void fm_mixture_free(fm_mixture *m)
{
    if (!m) return;
    free(m->name);
    for (size_t i = 0; i < m->n_leaves; i++) free_leaf(&m->leaves[i]);
    free(m->leaves);
    for (size_t i = 0; i < m->n_units; i++) {
        free(m->units[i].name);
        free(m->units[i].task);
        free(m->units[i].format);
        free(m->units[i].subtask);
    }
    free(m->units);
    free_strs(m->missing, m->n_missing);
    free_strs(m->files, m->n_files);
    free(m);
}

int fm_mixture_load(const char *path, const fm_mix_catalog *cat, int flags, fm_mixture **out,
                    fm_error *err)
{
    load_ctx x = { 0 };
    x.cat = cat;
    x.flags = flags;
    x.m = fm_xcalloc(1, sizeof *x.m);
    size_t a, b;
    double total;
    *out = NULL;
    int rc = load_file(&x, path, "", "", &a, &b, &total, err);
    free(x.stack);
    if (rc == 0 && x.n_missing && !(flags & FM_MIX_ALLOW_MISSING)) {
        fm_strbuf s = FM_STRBUF_INIT;
        for (size_t i = 0; i < x.n_missing && i < 20; i++)
            fm_strbuf_addf(&s, "%s%s", i ? ", " : "", x.missing[i]);
        if (x.n_missing > 20) fm_strbuf_addf(&s, " and %zu more", x.n_missing - 20);
        fm_error_set(err, FM_EINPUT, path, 0, NULL,
                     "no examples for %zu task-format(s): %s (give their format-stage output "
                     "with --examples, or --allow-missing to build without them)",
                     x.n_missing, s.buf);
        fm_strbuf_release(&s);
        rc = -1;
    }
    if (rc == 0 && !(total > 0))
        rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "the mixture has nothing to draw (all rates are 0)");
    x.m->missing = x.missing;
    x.m->n_missing = x.n_missing;
    if (rc < 0) {
        fm_mixture_free(x.m);
        return -1;
    }
    /* Absolute unit weights: each leaf's weight split by its shares. */
    fm_mixture *m = x.m;
    for (size_t i = 0; i < m->n_leaves; i++)
        for (size_t k = 0; k < m->leaves[i].n_units; k++)
            m->units[m->leaves[i].units[k]].weight += m->leaves[i].weight * m->leaves[i].shares[k];
    *out = m;
    return 0;
}
