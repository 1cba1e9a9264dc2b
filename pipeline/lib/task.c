#include "task.h"

#include "fileio.h"
#include "json.h"
#include "source.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <glob.h>
#include <locale.h>
#include <wctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ======================================================================================= */
/* compiled definitions                                                                     */
/* ======================================================================================= */

typedef struct fm_path {
    char **keys; /* components; numeric ones index arrays */
    size_t n;
    char *text;  /* as written, for messages */
} fm_path;

enum map_kind { MAP_PATH, MAP_CONST, MAP_JOIN, MAP_LIST, MAP_CHOOSE };

typedef struct fm_mapping {
    char *name;
    enum map_kind kind;
    fm_path path;
    fm_path *join;
    size_t njoin;
    char *sep;
    cJSON *konst;   /* string or array of strings */
    cJSON *labels;  /* array or object, or NULL */
    long index;
    int has_index, optional, nonempty;
    /* list: sub-mappings, each giving one or more strings */
    struct fm_mapping *list;
    size_t nlist;
    /* choose: an element of an earlier output field's list */
    size_t choose_field;
    long base;
    fm_path keys;
    int has_keys;
    /* join over lists */
    char *inner_sep;
    int numbered;
    long max_items;
    /* per-mapping rewriting */
    int lower;
    pcre2_code *re;
    char *replace;
} fm_mapping;

typedef struct fm_subst {
    size_t field;
    pcre2_code *re;
    char *replace;
    int global;
} fm_subst;

typedef struct fm_filter {
    size_t field;
    pcre2_code *re;
    int keep;
} fm_filter;

struct fm_task {
    char *name, *def_path, *templates, *submixture, *kind, *license, *provenance;
    char *options_field, *answer_field, *split, *records;
    fm_source_format format;
    int dedup, header, quoting, family;
    fm_nan_policy nan;
    char **paths, **rels;
    size_t nfiles;
    fm_mapping *maps;
    size_t nmaps;
    fm_subst *subs;
    size_t nsubs;
    fm_filter *filters;
    size_t nfilters;
    cJSON *json;
};

struct fm_task_set {
    fm_task **tasks;
    size_t n, cap;
    /* NIV2 files a per-file definition matched but left out (split list, MMLU filter),
     * kept so that ingest can report them: stems and reasons, in load order */
    char **excl;
    const char **excl_why;
    size_t nexcl;
    /* tasks without data under FM_TASK_ALLOW_MISSING: names and messages */
    char **miss, **miss_why;
    size_t nmiss;
};

static const char *const FORMAT_NAMES[] = { "jsonl", "json", "csv", "tsv", "niv2", "cot_tsv", "p3" };

const char *fm_source_format_name(fm_source_format f)
{
    return (unsigned)f < sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0] ? FORMAT_NAMES[f] : "?";
}

/* ---- accessors --------------------------------------------------------------------------- */
const char *fm_task_name(const fm_task *t) { return t->name; }
const char *fm_task_def_path(const fm_task *t) { return t->def_path; }
const char *fm_task_templates(const fm_task *t) { return t->templates; }
const char *fm_task_submixture(const fm_task *t) { return t->submixture; }
const char *fm_task_kind(const fm_task *t) { return t->kind; }
const char *fm_task_license(const fm_task *t) { return t->license; }
const char *fm_task_provenance(const fm_task *t) { return t->provenance; }
const char *fm_task_options_field(const fm_task *t) { return t->options_field; }
const char *fm_task_answer_field(const fm_task *t) { return t->answer_field; }
size_t fm_task_field_count(const fm_task *t) { return t->nmaps; }
const char *fm_task_field_name(const fm_task *t, size_t i) { return i < t->nmaps ? t->maps[i].name : NULL; }
fm_source_format fm_task_format(const fm_task *t) { return t->format; }
const char *fm_task_split(const fm_task *t) { return t->split; }
int fm_task_dedup(const fm_task *t) { return t->dedup; }
fm_nan_policy fm_task_nan(const fm_task *t) { return t->nan; }
int fm_task_header(const fm_task *t) { return t->header; }
int fm_task_quoting(const fm_task *t) { return t->quoting; }
const char *fm_task_records_path(const fm_task *t) { return t->records; }
int fm_task_is_family(const fm_task *t) { return t->family; }
size_t fm_task_file_count(const fm_task *t) { return t->nfiles; }
const char *fm_task_file_path(const fm_task *t, size_t i) { return i < t->nfiles ? t->paths[i] : NULL; }
const char *fm_task_file_rel(const fm_task *t, size_t i) { return i < t->nfiles ? t->rels[i] : NULL; }
const cJSON *fm_task_json(const fm_task *t) { return t->json; }

size_t fm_task_set_count(const fm_task_set *s) { return s->n; }
const fm_task *fm_task_set_get(const fm_task_set *s, size_t i) { return i < s->n ? s->tasks[i] : NULL; }
size_t fm_task_set_excluded_count(const fm_task_set *s) { return s->nexcl; }
size_t fm_task_set_missing_count(const fm_task_set *s) { return s->nmiss; }

const char *fm_task_set_missing(const fm_task_set *s, size_t i, const char **why)
{
    if (i >= s->nmiss) return NULL;
    if (why) *why = s->miss_why[i];
    return s->miss[i];
}

const char *fm_task_set_excluded(const fm_task_set *s, size_t i, const char **why)
{
    if (i >= s->nexcl) return NULL;
    if (why) *why = s->excl_why[i];
    return s->excl[i];
}

const fm_task *fm_task_set_find(const fm_task_set *s, const char *name)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->tasks[mid]->name, name);
        if (c == 0) return s->tasks[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* ---- freeing ----------------------------------------------------------------------------- */

static void path_release(fm_path *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->keys[i]);
    free(p->keys);
    free(p->text);
    memset(p, 0, sizeof *p);
}

static void mapping_release(fm_mapping *m)
{
    free(m->name);
    path_release(&m->path);
    for (size_t j = 0; j < m->njoin; j++) path_release(&m->join[j]);
    free(m->join);
    free(m->sep);
    cJSON_Delete(m->konst);
    cJSON_Delete(m->labels);
    for (size_t j = 0; j < m->nlist; j++) mapping_release(&m->list[j]);
    free(m->list);
    path_release(&m->keys);
    free(m->inner_sep);
    if (m->re) pcre2_code_free(m->re);
    free(m->replace);
}

static void task_free(fm_task *t)
{
    if (!t) return;
    free(t->name); free(t->def_path); free(t->templates); free(t->submixture); free(t->kind);
    free(t->license); free(t->provenance); free(t->options_field); free(t->answer_field);
    free(t->split); free(t->records);
    for (size_t i = 0; i < t->nfiles; i++) { free(t->paths[i]); free(t->rels[i]); }
    free(t->paths); free(t->rels);
    for (size_t i = 0; i < t->nmaps; i++) mapping_release(&t->maps[i]);
    free(t->maps);
    for (size_t i = 0; i < t->nsubs; i++) { pcre2_code_free(t->subs[i].re); free(t->subs[i].replace); }
    free(t->subs);
    for (size_t i = 0; i < t->nfilters; i++) pcre2_code_free(t->filters[i].re);
    free(t->filters);
    cJSON_Delete(t->json);
    free(t);
}

void fm_task_set_free(fm_task_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) task_free(s->tasks[i]);
    free(s->tasks);
    for (size_t i = 0; i < s->nexcl; i++) free(s->excl[i]);
    free(s->excl);
    free(s->excl_why);
    for (size_t i = 0; i < s->nmiss; i++) { free(s->miss[i]); free(s->miss_why[i]); }
    free(s->miss);
    free(s->miss_why);
    free(s);
}

static void set_missing(fm_task_set *s, const char *name, const char *why)
{
    s->miss = fm_xrealloc(s->miss, (s->nmiss + 1) * sizeof *s->miss);
    s->miss_why = fm_xrealloc(s->miss_why, (s->nmiss + 1) * sizeof *s->miss_why);
    s->miss[s->nmiss] = fm_xstrdup(name);
    s->miss_why[s->nmiss++] = fm_xstrdup(why);
}

static void set_exclude(fm_task_set *s, const char *stem, const char *why)
{
    s->excl = fm_xrealloc(s->excl, (s->nexcl + 1) * sizeof *s->excl);
    s->excl_why = fm_xrealloc(s->excl_why, (s->nexcl + 1) * sizeof *s->excl_why);
    s->excl[s->nexcl] = fm_xstrdup(stem);
    s->excl_why[s->nexcl++] = why;
}

static void set_add(fm_task_set *s, fm_task *t)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->tasks = fm_xrealloc(s->tasks, s->cap * sizeof *s->tasks);
    }
    s->tasks[s->n++] = t;
}

/* ======================================================================================= */
/* parsing a definition                                                                     */
/* ======================================================================================= */

/* Context for errors: "tasks/x.json: field 'source.format': ..." */
typedef struct defctx {
    const char *file;
    const char *task; /* name, for messages when a file holds several */
    fm_error *err;
} defctx;

__attribute__((format(printf, 3, 4)))
static int def_error(const defctx *c, const char *key, const char *fmt, ...)
{
    char reason[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (c->task && *c->task)
        return fm_error_set(c->err, FM_EUSAGE, c->file, 0, key, "task '%s': %s", c->task, reason);
    return fm_error_set(c->err, FM_EUSAGE, c->file, 0, key, "%s", reason);
}

static int get_str(const defctx *c, const cJSON *o, const char *key, const char *label,
                   char **out, int required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) {
        if (required) return def_error(c, label, "missing (required)");
        return 0;
    }
    if (!cJSON_IsString(v)) return def_error(c, label, "expected a string, got %s", fm_json_type_name(v));
    free(*out);
    *out = fm_xstrdup(v->valuestring);
    return 0;
}

static int get_bool(const defctx *c, const cJSON *o, const char *key, const char *label, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) return 0;
    if (!cJSON_IsBool(v)) return def_error(c, label, "expected true or false, got %s", fm_json_type_name(v));
    *out = cJSON_IsTrue(v);
    return 0;
}

static int check_keys(const defctx *c, const cJSON *o, const char *const *allowed, const char *prefix)
{
    for (const cJSON *k = o->child; k; k = k->next) {
        if (k->string[0] == '_') continue; /* "_comment" and other notes */
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (!strcmp(k->string, allowed[i])) ok = 1;
        if (!ok) {
            char label[160];
            snprintf(label, sizeof label, "%s%s", prefix, k->string);
            return def_error(c, label, "unknown key (see docs/tasks.md; keys starting with '_' are ignored)");
        }
    }
    return 0;
}

static int valid_name(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static int valid_field_name(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int is_number_text(const char *s)
{
    if (*s == '-') s++;
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* "a.b.0.c" with "\." a literal dot. */
static int parse_path(const defctx *c, const char *label, const char *text, fm_path *p)
{
    memset(p, 0, sizeof *p);
    if (!*text) return def_error(c, label, "empty path");
    p->text = fm_xstrdup(text);
    fm_strbuf cur = FM_STRBUF_INIT;
    for (const char *s = text;; s++) {
        if (*s == '\\' && s[1] == '.') {
            fm_strbuf_addch(&cur, '.');
            s++;
            continue;
        }
        if (*s == '.' || *s == '\0') {
            if (cur.len == 0) {
                fm_strbuf_release(&cur);
                path_release(p);
                return def_error(c, label, "empty component in path '%s'", text);
            }
            p->keys = fm_xrealloc(p->keys, (p->n + 1) * sizeof *p->keys);
            p->keys[p->n++] = fm_strbuf_detach(&cur, NULL);
            if (*s == '\0') break;
            continue;
        }
        fm_strbuf_addch(&cur, *s);
    }
    fm_strbuf_release(&cur);
    return 0;
}

static pcre2_code *compile_re(const defctx *c, const char *label, const char *pattern);
static size_t field_index(const fm_task *t, const char *name);

/* One mapping. `t` holds the fields declared before this one (for "choose"); `top` is 0 for
 * the elements of a "list". */
static int parse_mapping(const defctx *c, fm_task *t, const char *name, const char *label,
                         const cJSON *v, fm_mapping *m, int top)
{
    memset(m, 0, sizeof *m);
    m->name = fm_xstrdup(name);
    m->max_items = -1;
    if (top && !valid_field_name(name))
        return def_error(c, label, "field names are letters, digits and '_' (template placeholders)");
    if (cJSON_IsString(v)) {
        m->kind = MAP_PATH;
        return parse_path(c, label, v->valuestring, &m->path);
    }
    if (!cJSON_IsObject(v))
        return def_error(c, label, "expected a path string or an object, got %s", fm_json_type_name(v));
    static const char *const keys[] = { "path", "const", "labels", "index", "join", "sep",
                                        "optional", "nonempty", "list", "choose", "base", "keys",
                                        "inner_sep", "numbered", "max_items", "lower", "regex",
                                        "replace", NULL };
    char prefix[210];
    snprintf(prefix, sizeof prefix, "%s.", label);
    if (check_keys(c, v, keys, prefix) < 0) return -1;
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(v, "path");
    const cJSON *konst = cJSON_GetObjectItemCaseSensitive(v, "const");
    const cJSON *join = cJSON_GetObjectItemCaseSensitive(v, "join");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(v, "list");
    const cJSON *choose = cJSON_GetObjectItemCaseSensitive(v, "choose");
    if (!!path + !!konst + !!join + !!list != 1)
        return def_error(c, label, "give exactly one of \"path\", \"const\", \"join\" or \"list\"");
    if (get_bool(c, v, "optional", label, &m->optional) < 0) return -1;
    if (get_bool(c, v, "nonempty", label, &m->nonempty) < 0) return -1;
    if (get_bool(c, v, "lower", label, &m->lower) < 0) return -1;
    if (get_bool(c, v, "numbered", label, &m->numbered) < 0) return -1;
    if (path) {
        m->kind = choose ? MAP_CHOOSE : MAP_PATH;
        if (!cJSON_IsString(path)) return def_error(c, label, "\"path\" must be a string");
        if (parse_path(c, label, path->valuestring, &m->path) < 0) return -1;
    } else if (konst) {
        m->kind = MAP_CONST;
        int ok = cJSON_IsString(konst);
        if (cJSON_IsArray(konst)) {
            ok = 1;
            for (const cJSON *e = konst->child; e; e = e->next)
                if (!cJSON_IsString(e)) ok = 0;
        }
        if (!ok) return def_error(c, label, "\"const\" must be a string or a list of strings");
        m->konst = cJSON_Duplicate(konst, 1);
    } else if (join) {
        m->kind = MAP_JOIN;
        if (!cJSON_IsArray(join) || !join->child)
            return def_error(c, label, "\"join\" must be a non-empty list of paths");
        m->njoin = (size_t)cJSON_GetArraySize(join);
        m->join = fm_xcalloc(m->njoin, sizeof *m->join);
        size_t i = 0;
        for (const cJSON *e = join->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e)) return def_error(c, label, "\"join\" must be a list of path strings");
            if (parse_path(c, label, e->valuestring, &m->join[i]) < 0) return -1;
        }
        const cJSON *sep = cJSON_GetObjectItemCaseSensitive(v, "sep");
        if (sep && !cJSON_IsString(sep)) return def_error(c, label, "\"sep\" must be a string");
        m->sep = fm_xstrdup(sep ? sep->valuestring : " ");
        const cJSON *isep = cJSON_GetObjectItemCaseSensitive(v, "inner_sep");
        if (isep && !cJSON_IsString(isep)) return def_error(c, label, "\"inner_sep\" must be a string");
        m->inner_sep = fm_xstrdup(isep ? isep->valuestring : " ");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(v, "max_items");
        if (mx) {
            if (!cJSON_IsNumber(mx) || mx->valuedouble < 0 || mx->valuedouble != floor(mx->valuedouble))
                return def_error(c, label, "\"max_items\" must be a non-negative integer");
            m->max_items = (long)mx->valuedouble;
        }
    } else {
        m->kind = MAP_LIST;
        if (!cJSON_IsArray(list) || !list->child)
            return def_error(c, label, "\"list\" must be a non-empty list of mappings");
        m->nlist = (size_t)cJSON_GetArraySize(list);
        m->list = fm_xcalloc(m->nlist, sizeof *m->list);
        size_t i = 0;
        for (const cJSON *e = list->child; e; e = e->next, i++) {
            char sub[240];
            snprintf(sub, sizeof sub, "%.200s.list[%zu]", label, i);
            if (parse_mapping(c, t, name, sub, e, &m->list[i], 0) < 0) return -1;
            if (m->list[i].kind == MAP_CHOOSE || m->list[i].kind == MAP_LIST)
                return def_error(c, sub, "\"list\" elements may not be \"list\" or \"choose\"");
        }
    }
    if (!join && (cJSON_GetObjectItemCaseSensitive(v, "inner_sep") ||
                  cJSON_GetObjectItemCaseSensitive(v, "max_items") || m->numbered))
        return def_error(c, label, "\"inner_sep\", \"numbered\" and \"max_items\" apply to \"join\" only");
    if (choose) {
        if (!path) return def_error(c, label, "\"choose\" needs a \"path\"");
        if (!cJSON_IsString(choose)) return def_error(c, label, "\"choose\" must name an earlier field");
        size_t fi = field_index(t, choose->valuestring);
        if (fi == (size_t)-1 || !top)
            return def_error(c, label, "\"choose\": '%s' is not a field declared before this one",
                             choose->valuestring);
        m->choose_field = fi;
        const cJSON *base = cJSON_GetObjectItemCaseSensitive(v, "base");
        if (base) {
            if (!cJSON_IsNumber(base) || base->valuedouble != floor(base->valuedouble))
                return def_error(c, label, "\"base\" must be an integer");
            m->base = (long)base->valuedouble;
        }
        const cJSON *kp = cJSON_GetObjectItemCaseSensitive(v, "keys");
        if (kp) {
            if (!cJSON_IsString(kp)) return def_error(c, label, "\"keys\" must be a path string");
            if (parse_path(c, label, kp->valuestring, &m->keys) < 0) return -1;
            m->has_keys = 1;
        }
    } else if (cJSON_GetObjectItemCaseSensitive(v, "base") || cJSON_GetObjectItemCaseSensitive(v, "keys")) {
        return def_error(c, label, "\"base\" and \"keys\" apply to \"choose\" only");
    }
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(v, "labels");
    if (labels) {
        if (m->kind == MAP_CONST || m->kind == MAP_LIST || m->kind == MAP_CHOOSE)
            return def_error(c, label, "\"labels\" applies to \"path\" and \"join\" only");
        int ok = cJSON_IsArray(labels) || cJSON_IsObject(labels);
        for (const cJSON *e = ok ? labels->child : NULL; e; e = e->next)
            if (!cJSON_IsString(e)) ok = 0;
        if (!ok) return def_error(c, label, "\"labels\" must be a list or an object of strings");
        m->labels = cJSON_Duplicate(labels, 1);
    }
    const cJSON *index = cJSON_GetObjectItemCaseSensitive(v, "index");
    if (index) {
        if (m->kind != MAP_PATH) return def_error(c, label, "\"index\" applies to \"path\" only");
        if (!cJSON_IsNumber(index) || index->valuedouble != floor(index->valuedouble))
            return def_error(c, label, "\"index\" must be an integer");
        m->index = (long)index->valuedouble;
        m->has_index = 1;
    }
    if (cJSON_GetObjectItemCaseSensitive(v, "sep") && m->kind != MAP_JOIN)
        return def_error(c, label, "\"sep\" applies to \"join\" only");
    const cJSON *re = cJSON_GetObjectItemCaseSensitive(v, "regex");
    const cJSON *rp = cJSON_GetObjectItemCaseSensitive(v, "replace");
    if (!!re != !!rp) return def_error(c, label, "\"regex\" and \"replace\" go together");
    if (re) {
        if (!cJSON_IsString(re) || !cJSON_IsString(rp))
            return def_error(c, label, "\"regex\" and \"replace\" must be strings");
        if (!(m->re = compile_re(c, label, re->valuestring))) return -1;
        m->replace = fm_xstrdup(rp->valuestring);
    }
    return 0;
}

static void add_default_mapping(fm_task *t, const char *name, const char *path, int nonempty)
{
    t->maps = fm_xrealloc(t->maps, (t->nmaps + 1) * sizeof *t->maps);
    fm_mapping *m = &t->maps[t->nmaps++];
    memset(m, 0, sizeof *m);
    m->name = fm_xstrdup(name);
    m->kind = MAP_PATH;
    m->nonempty = nonempty;
    defctx c = { "", "", NULL };
    parse_path(&c, name, path, &m->path);
}

static size_t field_index(const fm_task *t, const char *name)
{
    for (size_t i = 0; i < t->nmaps; i++)
        if (!strcmp(t->maps[i].name, name)) return i;
    return (size_t)-1;
}

static pcre2_code *compile_re(const defctx *c, const char *label, const char *pattern)
{
    int ec;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                   &ec, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        def_error(c, label, "bad regex at character %zu: %s", (size_t)off + 1, (const char *)msg);
    }
    return re;
}

static int parse_regex_list(const defctx *c, fm_task *t, const cJSON *def, int filters)
{
    const char *key = filters ? "filters" : "substitutions";
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(def, key);
    if (!list) return 0;
    if (!cJSON_IsArray(list)) return def_error(c, key, "expected a list of objects");
    size_t n = (size_t)cJSON_GetArraySize(list), i = 0;
    if (filters) t->filters = fm_xcalloc(n ? n : 1, sizeof *t->filters);
    else t->subs = fm_xcalloc(n ? n : 1, sizeof *t->subs);
    for (const cJSON *e = list->child; e; e = e->next, i++) {
        char label[64];
        snprintf(label, sizeof label, "%s[%zu]", key, i);
        if (!cJSON_IsObject(e)) return def_error(c, label, "expected an object");
        static const char *const skeys[] = { "field", "regex", "replace", "global", NULL };
        static const char *const fkeys[] = { "field", "regex", "keep", NULL };
        char prefix[72];
        snprintf(prefix, sizeof prefix, "%s.", label);
        if (check_keys(c, e, filters ? fkeys : skeys, prefix) < 0) return -1;
        char *field = NULL, *regex = NULL;
        if (get_str(c, e, "field", label, &field, 1) < 0) return -1;
        size_t fi = field_index(t, field);
        if (fi == (size_t)-1) {
            def_error(c, label, "field '%s' is not one of the task's fields", field);
            free(field);
            return -1;
        }
        free(field);
        if (get_str(c, e, "regex", label, &regex, 1) < 0) return -1;
        pcre2_code *re = compile_re(c, label, regex);
        free(regex);
        if (!re) return -1;
        if (filters) {
            fm_filter *f = &t->filters[t->nfilters++];
            f->field = fi;
            f->re = re;
            f->keep = 1;
            if (get_bool(c, e, "keep", label, &f->keep) < 0) return -1;
        } else {
            fm_subst *s = &t->subs[t->nsubs++];
            s->field = fi;
            s->re = re;
            s->global = 1;
            if (get_str(c, e, "replace", label, &s->replace, 1) < 0) return -1;
            if (get_bool(c, e, "global", label, &s->global) < 0) return -1;
        }
    }
    return 0;
}

/* ---- files -------------------------------------------------------------------------------- */

static void dir_of(fm_strbuf *out, const char *path)
{
    fm_strbuf_reset(out);
    const char *slash = strrchr(path, '/');
    if (!slash) fm_strbuf_addstr(out, ".");
    else if (slash == path) fm_strbuf_addstr(out, "/");
    else fm_strbuf_add(out, path, (size_t)(slash - path));
}

/* Escape glob metacharacters of a literal directory. */
static void add_glob_escaped(fm_strbuf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '*' || *s == '?' || *s == '[' || *s == '\\') fm_strbuf_addch(out, '\\');
        fm_strbuf_addch(out, *s);
    }
}

static void resolve(fm_strbuf *out, const char *base, const char *rel)
{
    fm_strbuf_reset(out);
    if (rel[0] == '/') fm_strbuf_addstr(out, rel);
    else fm_path_join(out, base, rel);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand source.files into t->paths / t->rels, sorted bytewise and unique. -2 (err set)
 * when a path or glob matches no file, -1 on other errors. */
static int expand_files(const defctx *c, fm_task *t, const cJSON *files, const char *base)
{
    size_t cap = 0;
    char **paths = NULL;
    size_t n = 0;
    size_t i = 0;
    fm_strbuf pat = FM_STRBUF_INIT;
    for (const cJSON *f = files->child; f; f = f->next, i++) {
        char label[64];
        snprintf(label, sizeof label, "source.files[%zu]", i);
        if (!cJSON_IsString(f) || !*f->valuestring) {
            fm_strbuf_release(&pat);
            for (size_t k = 0; k < n; k++) free(paths[k]);
            free(paths);
            return def_error(c, label, "expected a path or glob string");
        }
        const char *rel = f->valuestring;
        fm_strbuf_reset(&pat);
        if (rel[0] != '/') {
            add_glob_escaped(&pat, base);
            fm_strbuf_addch(&pat, '/');
        }
        fm_strbuf_addstr(&pat, rel);
        glob_t g;
        int rc = glob(pat.buf, GLOB_NOSORT | GLOB_MARK, NULL, &g);
        size_t matched = 0;
        if (rc == 0) {
            for (size_t k = 0; k < g.gl_pathc; k++) {
                const char *p = g.gl_pathv[k];
                size_t len = strlen(p);
                if (len && p[len - 1] == '/') continue; /* a directory */
                if (n == cap) {
                    cap = cap ? cap * 2 : 16;
                    paths = fm_xrealloc(paths, cap * sizeof *paths);
                }
                paths[n++] = fm_xstrdup(p);
                matched++;
            }
            globfree(&g);
        }
        if (!matched) {
            fm_strbuf full = FM_STRBUF_INIT;
            resolve(&full, base, rel);
            def_error(c, label, "'%s' matches no file (looked for %s)", rel, full.buf);
            fm_strbuf_release(&full);
            fm_strbuf_release(&pat);
            for (size_t k = 0; k < n; k++) free(paths[k]);
            free(paths);
            return -2;
        }
    }
    fm_strbuf_release(&pat);
    if (n) fm_qsort(paths, n, sizeof *paths, cmp_str);
    size_t u = 0;
    for (size_t k = 0; k < n; k++) {
        if (u && !strcmp(paths[u - 1], paths[k])) { free(paths[k]); continue; }
        paths[u++] = paths[k];
    }
    t->paths = paths;
    t->nfiles = u;
    t->rels = fm_xcalloc(u ? u : 1, sizeof *t->rels);
    size_t blen = strlen(base);
    for (size_t k = 0; k < u; k++) {
        const char *p = paths[k];
        if (!strncmp(p, base, blen) && p[blen] == '/') p += blen + 1;
        t->rels[k] = fm_xstrdup(p);
    }
    return 0;
}

/* File name without directory and without .json / .jsonl and a compression suffix. */
static char *file_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = fm_xstrdup(b);
    size_t n = strlen(s);
    static const char *const sfx[] = { ".gz", ".zst", ".zstd", NULL };
    for (size_t i = 0; sfx[i]; i++) {
        size_t k = strlen(sfx[i]);
        if (n > k && !strcmp(s + n - k, sfx[i])) { n -= k; s[n] = '\0'; break; }
    }
    if (n > 5 && !strcmp(s + n - 5, ".json")) s[n - 5] = '\0';
    return s;
}

/* FLAN drops MMLU-derived NIV2 tasks: ids 685-737 and 664-667 (flan_v2_spec.md 3.1). */
static int niv2_is_mmlu(const char *stem)
{
    if (strncmp(stem, "task", 4) != 0) return 0;
    char *end;
    long id = strtol(stem + 4, &end, 10);
    if (end == stem + 4 || *end != '_') return 0;
    return (id >= 685 && id <= 737) || (id >= 664 && id <= 667);
}

static int read_split_list(const defctx *c, const char *path, char ***out, size_t *nout)
{
    fm_strbuf text = FM_STRBUF_INIT;
    fm_error e2;
    if (fm_read_file(path, &text, &e2) < 0) {
        fm_strbuf_release(&text);
        return def_error(c, "split_list", "cannot read %s: %s", path, e2.reason);
    }
    char **names = NULL;
    size_t n = 0;
    char *save = NULL;
    for (char *ln = strtok_r(text.buf, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        size_t len = strlen(ln);
        while (len && (ln[len - 1] == '\r' || ln[len - 1] == ' ' || ln[len - 1] == '\t')) ln[--len] = '\0';
        while (*ln == ' ' || *ln == '\t') ln++;
        if (!*ln || *ln == '#') continue;
        names = fm_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = fm_xstrdup(ln);
    }
    fm_strbuf_release(&text);
    if (n) fm_qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    *nout = n;
    return 0;
}

/* ---- one definition object -> one or more tasks ---------------------------------------- */

static const char *kind_default(fm_source_format f)
{
    switch (f) {
    case FM_SRC_NIV2: return "niv2";
    case FM_SRC_COT_TSV: return "cot";
    case FM_SRC_P3: return "t0";
    default: return "flan";
    }
}

static const char *submixture_default(const char *kind)
{
    if (!strcmp(kind, "flan")) return "flan2021";
    return kind;
}

static fm_task *task_copy_for_file(const fm_task *fam, const char *name, size_t file)
{
    /* A per-file NIV2 task: the family's settings with one file and its own name. */
    fm_task *t = fm_xcalloc(1, sizeof *t);
    t->name = fm_xstrdup(name);
#define DUP(x) t->x = fam->x ? fm_xstrdup(fam->x) : NULL
    DUP(def_path); DUP(templates); DUP(submixture); DUP(kind); DUP(license); DUP(provenance);
    DUP(split); DUP(records); /* fields and options/answer come from compile_fields */
#undef DUP
    t->format = fam->format;
    t->dedup = fam->dedup;
    t->header = fam->header;
    t->quoting = fam->quoting;
    t->nan = fam->nan;
    t->nfiles = 1;
    t->paths = fm_xcalloc(1, sizeof *t->paths);
    t->rels = fm_xcalloc(1, sizeof *t->rels);
    t->paths[0] = fm_xstrdup(fam->paths[file]);
    t->rels[0] = fm_xstrdup(fam->rels[file]);
    t->json = cJSON_Duplicate(fam->json, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(t->json, "name");
    cJSON_AddStringToObject(t->json, "name", name);
    return t;
}

/* Mappings, substitutions and filters are compiled per task (each owns its PCRE2 codes). */
static int compile_fields(const defctx *c, fm_task *t, const cJSON *def)
{
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(def, "fields");
    if (fields) {
        if (!cJSON_IsObject(fields) || !fields->child)
            return def_error(c, "fields", "expected a non-empty object of field mappings");
        size_t n = (size_t)cJSON_GetArraySize(fields), i = 0;
        t->maps = fm_xcalloc(n, sizeof *t->maps);
        for (const cJSON *f = fields->child; f; f = f->next, i++) {
            for (size_t j = 0; j < i; j++)
                if (!strcmp(t->maps[j].name, f->string))
                    return def_error(c, "fields", "field '%s' given twice", f->string);
            char label[200];
            snprintf(label, sizeof label, "fields.%.150s", f->string);
            if (parse_mapping(c, t, f->string, label, f, &t->maps[i], 1) < 0) {
                t->nmaps = i + 1;
                return -1;
            }
            t->nmaps = i + 1;
        }
    } else {
        switch (t->format) {
        case FM_SRC_NIV2:
            add_default_mapping(t, "input", "input", 0);
            add_default_mapping(t, "output", "output", 1);
            add_default_mapping(t, "instance_id", "id", 0);
            break;
        case FM_SRC_COT_TSV:
            add_default_mapping(t, "question", "question", 0);
            add_default_mapping(t, "answer", "answer", 0);
            add_default_mapping(t, "chain_of_thought", "chain_of_thought", 0);
            break;
        case FM_SRC_P3:
            add_default_mapping(t, "question", "question", 0);
            add_default_mapping(t, "answer", "answer", 0);
            add_default_mapping(t, "options", "options", 0);
            t->maps[t->nmaps - 1].optional = 1;
            break;
        default:
            return def_error(c, "fields", "missing (required for source format '%s')",
                             fm_source_format_name(t->format));
        }
    }
    if (parse_regex_list(c, t, def, 0) < 0) return -1;
    if (parse_regex_list(c, t, def, 1) < 0) return -1;
    /* options_field / answer_field: as given, else "options" / "answer" (NIV2: "output") if
     * the task has such a field. */
    const char *deff[2] = { "options", t->format == FM_SRC_NIV2 ? "output" : "answer" };
    char **slot[2] = { &t->options_field, &t->answer_field };
    const char *key[2] = { "options_field", "answer_field" };
    for (int k = 0; k < 2; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(def, key[k]);
        if (v && cJSON_IsNull(v)) continue;
        if (v) {
            if (get_str(c, def, key[k], key[k], slot[k], 1) < 0) return -1;
            if (field_index(t, *slot[k]) == (size_t)-1)
                return def_error(c, key[k], "'%s' is not one of the task's fields", *slot[k]);
        } else if (field_index(t, deff[k]) != (size_t)-1) {
            *slot[k] = fm_xstrdup(deff[k]);
        }
    }
    return 0;
}

static int parse_format(const defctx *c, const char *s, fm_source_format *out)
{
    for (size_t i = 0; i < sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0]; i++)
        if (!strcmp(s, FORMAT_NAMES[i])) {
            *out = (fm_source_format)i;
            return 0;
        }
    return def_error(c, "source.format", "unknown format '%s' (jsonl, json, csv, tsv, niv2, cot_tsv, p3)", s);
}

static int parse_nan(const defctx *c, const cJSON *v, const char *label, fm_nan_policy *out)
{
    if (!v) return 0;
    if (cJSON_IsString(v) && !strcmp(v->valuestring, "null")) { *out = FM_NAN_NULL; return 0; }
    if (cJSON_IsString(v) && !strcmp(v->valuestring, "error")) { *out = FM_NAN_ERROR; return 0; }
    return def_error(c, label, "expected \"error\" or \"null\"");
}

static int load_definition(fm_task_set *set, const char *file, const cJSON *def,
                           const fm_task_load_opts *o, fm_error *err)
{
    defctx c = { file, NULL, err };
    if (!cJSON_IsObject(def)) return def_error(&c, NULL, "a task definition must be a JSON object");
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(def, "name");
    if (nm && cJSON_IsString(nm)) c.task = nm->valuestring;
    static const char *const top[] = { "name", "submixture", "kind", "templates", "source", "fields",
                                       "substitutions", "filters", "dedup", "options_field",
                                       "answer_field", "license", "provenance", "nan", "split_list",
                                       "exclude_mmlu", "description", "notes", "citation", NULL };
    if (check_keys(&c, def, top, "") < 0) return -1;
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(def, "source");
    if (!src) return def_error(&c, "source", "missing (required)");
    if (!cJSON_IsObject(src)) return def_error(&c, "source", "expected an object");
    static const char *const skeys[] = { "format", "files", "split", "header", "records", "quoting",
                                         "split_list", "exclude_mmlu", "nan", NULL };
    if (check_keys(&c, src, skeys, "source.") < 0) return -1;

    fm_task *t = fm_xcalloc(1, sizeof *t);
    int rc = -1;
    char *fmt = NULL, *split_list = NULL;
    char **names = NULL;
    size_t nnames = 0;
    fm_strbuf base = FM_STRBUF_INIT, tmp = FM_STRBUF_INIT;
    t->def_path = fm_xstrdup(file);
    t->json = cJSON_Duplicate(def, 1);
    t->header = 1;
    t->quoting = 1;
    if (get_str(&c, src, "format", "source.format", &fmt, 1) < 0) goto out;
    if (parse_format(&c, fmt, &t->format) < 0) goto out;
    if (get_str(&c, def, "name", "name", &t->name, t->format != FM_SRC_NIV2) < 0) goto out;
    if (!t->name) t->name = fm_xstrdup("{stem}");
    t->family = t->format == FM_SRC_NIV2 && strstr(t->name, "{stem}") != NULL;
    if (!t->family && !valid_name(t->name)) {
        def_error(&c, "name", "'%s': task names are letters, digits, '_', '-' and '.'", t->name);
        goto out;
    }
    if (t->format != FM_SRC_NIV2 && strstr(t->name, "{stem}")) {
        def_error(&c, "name", "{stem} names are for per-file NIV2 definitions only");
        goto out;
    }
    if (get_str(&c, def, "kind", "kind", &t->kind, 0) < 0) goto out;
    if (!t->kind) t->kind = fm_xstrdup(kind_default(t->format));
    if (strcmp(t->kind, "flan") && strcmp(t->kind, "t0") && strcmp(t->kind, "niv2") &&
        strcmp(t->kind, "cot") && strcmp(t->kind, "plain")) {
        def_error(&c, "kind", "'%s' is not one of flan, t0, niv2, cot, plain", t->kind);
        goto out;
    }
    if (get_str(&c, def, "templates", "templates", &t->templates, t->format != FM_SRC_NIV2) < 0) goto out;
    if (!t->templates) t->templates = fm_xstrdup("niv2");
    if (get_str(&c, def, "submixture", "submixture", &t->submixture, 0) < 0) goto out;
    if (!t->submixture) t->submixture = fm_xstrdup(submixture_default(t->kind));
    if (get_str(&c, def, "license", "license", &t->license, 0) < 0) goto out;
    if (get_str(&c, def, "provenance", "provenance", &t->provenance, 0) < 0) goto out;
    if (!t->license) t->license = fm_xstrdup("");
    if (!t->provenance) t->provenance = fm_xstrdup("");
    if (get_bool(&c, def, "dedup", "dedup", &t->dedup) < 0) goto out;
    if (get_str(&c, src, "split", "source.split", &t->split, 0) < 0) goto out;
    if (!t->split) t->split = fm_xstrdup("train");
    if (get_bool(&c, src, "header", "source.header", &t->header) < 0) goto out;
    if (get_bool(&c, src, "quoting", "source.quoting", &t->quoting) < 0) goto out;
    if (get_str(&c, src, "records", "source.records", &t->records, 0) < 0) goto out;
    if (t->records && t->format != FM_SRC_JSON) {
        def_error(&c, "source.records", "applies to format \"json\" only");
        goto out;
    }
    if (parse_nan(&c, cJSON_GetObjectItemCaseSensitive(def, "nan"), "nan", &t->nan) < 0) goto out;
    if (parse_nan(&c, cJSON_GetObjectItemCaseSensitive(src, "nan"), "source.nan", &t->nan) < 0) goto out;
    if (o->nan_override >= 0) t->nan = (fm_nan_policy)o->nan_override;
    int exclude_mmlu = 0;
    const cJSON *holder = cJSON_GetObjectItemCaseSensitive(src, "split_list") ||
                          cJSON_GetObjectItemCaseSensitive(src, "exclude_mmlu") ? src : def;
    const char *hp = holder == src ? "source." : "";
    {
        char l1[40], l2[40];
        snprintf(l1, sizeof l1, "%ssplit_list", hp);
        snprintf(l2, sizeof l2, "%sexclude_mmlu", hp);
        if (get_str(&c, holder, "split_list", l1, &split_list, 0) < 0) goto out;
        if (get_bool(&c, holder, "exclude_mmlu", l2, &exclude_mmlu) < 0) goto out;
    }
    if ((split_list || exclude_mmlu) && t->format != FM_SRC_NIV2) {
        def_error(&c, split_list ? "split_list" : "exclude_mmlu", "applies to NIV2 definitions only");
        goto out;
    }
    if (compile_fields(&c, t, def) < 0) goto out;

    const cJSON *files = cJSON_GetObjectItemCaseSensitive(src, "files");
    if (!files) { def_error(&c, "source.files", "missing (required)"); goto out; }
    if (cJSON_IsString(files)) {
        /* a single path is accepted for a list of one */
    } else if (!cJSON_IsArray(files) || !files->child) {
        def_error(&c, "source.files", "expected a non-empty list of paths or globs");
        goto out;
    }
    if (o->data_dir) {
        fm_strbuf_addstr(&base, o->data_dir);
        while (base.len > 1 && base.buf[base.len - 1] == '/') fm_strbuf_setlen(&base, base.len - 1);
    } else {
        dir_of(&base, file);
    }
    if (o->flags & FM_TASK_NO_SOURCES) {
        set_add(set, t);
        t = NULL;
        rc = 0;
        goto out;
    }
    {
        cJSON *list = NULL;
        if (cJSON_IsString(files)) {
            list = cJSON_CreateArray();
            cJSON_AddItemToArray(list, cJSON_CreateString(files->valuestring));
        }
        int erc = expand_files(&c, t, list ? list : files, base.buf);
        cJSON_Delete(list);
        if (erc == -2 && (o->flags & FM_TASK_ALLOW_MISSING)) {
            set_missing(set, t->name, err->reason);
            fm_error_clear(err);
            rc = 0;
            goto out;
        }
        if (erc < 0) goto out;
    }
    if (!t->family) {
        if (t->format == FM_SRC_NIV2 && t->nfiles != 1) {
            def_error(&c, "source.files",
                      "an NIV2 task reads exactly one task file (%zu matched); put {stem} in the "
                      "name (or leave the name out) for one task per file", t->nfiles);
            goto out;
        }
        set_add(set, t);
        t = NULL;
        rc = 0;
        goto out;
    }
    /* Per-file NIV2 family: one task per file that passes the split list and MMLU filter. */
    if (split_list) {
        resolve(&tmp, base.buf, split_list);
        if (read_split_list(&c, tmp.buf, &names, &nnames) < 0) goto out;
    }
    for (size_t i = 0; i < t->nfiles; i++) {
        char *stem = file_stem(t->paths[i]);
        const char *why = NULL;
        if (exclude_mmlu && niv2_is_mmlu(stem)) why = "mmlu";
        else if (names && !bsearch(&stem, names, nnames, sizeof *names, cmp_str)) why = "split_list";
        if (why) set_exclude(set, stem, why);
        if (!why) {
            fm_strbuf nmb = FM_STRBUF_INIT;
            const char *p = t->name, *q;
            while ((q = strstr(p, "{stem}"))) {
                fm_strbuf_add(&nmb, p, (size_t)(q - p));
                fm_strbuf_addstr(&nmb, stem);
                p = q + 6;
            }
            fm_strbuf_addstr(&nmb, p);
            if (!valid_name(nmb.buf)) {
                def_error(&c, "name", "file %s gives task name '%s': task names are letters, "
                          "digits, '_', '-' and '.'", t->paths[i], nmb.buf);
                fm_strbuf_release(&nmb);
                free(stem);
                goto out;
            }
            fm_task *one = task_copy_for_file(t, nmb.buf, i);
            fm_strbuf_release(&nmb);
            defctx c1 = { file, one->name, err };
            if (compile_fields(&c1, one, def) < 0) {
                task_free(one);
                free(stem);
                goto out;
            }
            set_add(set, one);
        }
        free(stem);
    }
    rc = 0;
out:
    task_free(t);
    free(fmt);
    free(split_list);
    for (size_t i = 0; i < nnames; i++) free(names[i]);
    free(names);
    fm_strbuf_release(&base);
    fm_strbuf_release(&tmp);
    return rc;
}

/* ======================================================================================= */
/* mapping                                                                                  */
/* ======================================================================================= */

void fm_format_number(fm_strbuf *out, double d)
{
    if (isnan(d) || isinf(d)) {
        fm_strbuf_addstr(out, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        /* Integers (labels, ids) are common: no printf. */
        long long v = (long long)d;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        char buf[24];
        size_t k = sizeof buf;
        do buf[--k] = (char)('0' + u % 10); while (u /= 10);
        if (v < 0) buf[--k] = '-';
        fm_strbuf_add(out, buf + k, sizeof buf - k);
        return;
    }
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    fm_strbuf_addstr(out, buf);
}

static const cJSON *eval_path(const fm_path *p, const cJSON *v)
{
    for (size_t i = 0; i < p->n && v; i++) {
        if (cJSON_IsObject(v)) {
            v = cJSON_GetObjectItemCaseSensitive(v, p->keys[i]);
        } else if (cJSON_IsArray(v) && is_number_text(p->keys[i])) {
            long k = strtol(p->keys[i], NULL, 10);
            int n = cJSON_GetArraySize(v);
            if (k < 0) k += n;
            v = k >= 0 && k < n ? cJSON_GetArrayItem(v, (int)k) : NULL;
        } else {
            return NULL;
        }
    }
    return v;
}

/* Load-time check: the path's object keys exist in the record, as far as the path goes
 * through objects (what lies inside arrays varies per record and is checked per record). */
static const char *check_path(const fm_path *p, const cJSON *v)
{
    for (size_t i = 0; i < p->n; i++) {
        if (!cJSON_IsObject(v)) return NULL;
        v = cJSON_GetObjectItemCaseSensitive(v, p->keys[i]);
        if (!v) return p->keys[i];
    }
    return NULL;
}

static int check_mapping(const fm_mapping *m, const cJSON *raw, fm_error *err)
{
    if (m->optional) return 0;
    for (size_t j = 0; j < m->nlist; j++)
        if (check_mapping(&m->list[j], raw, err) < 0) return -1;
    if (m->has_keys) {
        const char *miss = check_path(&m->keys, raw);
        if (miss)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, m->name,
                                "the source has no column or key '%s' (path '%s')", miss, m->keys.text);
    }
    {
        const fm_path *ps = m->kind == MAP_JOIN ? m->join : &m->path;
        size_t np = m->kind == MAP_JOIN ? m->njoin : (m->kind == MAP_PATH || m->kind == MAP_CHOOSE) ? 1 : 0;
        for (size_t j = 0; j < np; j++) {
            const char *miss = check_path(&ps[j], raw);
            if (miss)
                return fm_error_set(err, FM_EUSAGE, NULL, 0, m->name,
                                    "the source has no column or key '%s' (path '%s')", miss,
                                    ps[j].text);
        }
    }
    return 0;
}

int fm_task_check_record(const fm_task *t, const cJSON *raw, fm_error *err)
{
    for (size_t i = 0; i < t->nmaps; i++)
        if (check_mapping(&t->maps[i], raw, err) < 0) return -1;
    return 0;
}

int fm_task_plain_fields(const fm_task *t, fm_task_plain_field *out)
{
    if (t->nsubs || t->nfilters) return 0;
    for (size_t i = 0; i < t->nmaps; i++) {
        const fm_mapping *m = &t->maps[i];
        if (m->re || m->lower) return 0;
        memset(&out[i], 0, sizeof out[i]);
        out[i].name = m->name;
        out[i].nonempty = m->nonempty;
        if (m->kind == MAP_CONST) {
            out[i].konst = m->konst;
            continue;
        }
        if (m->kind != MAP_PATH || m->path.n != 1 || m->has_index) return 0;
        out[i].key = m->path.keys[0];
        out[i].labels = m->labels;
    }
    return 1;
}

typedef struct fval {
    int is_list;
    size_t n, cap;
    fm_strbuf *items;
} fval;

struct fm_task_mapper {
    const fm_task *t;
    locale_t utf8;      /* C.UTF-8 for "lower" (towlower_l), or (locale_t)0: ASCII only */
    fval sub;           /* scratch for "list" elements */
    fm_strbuf item;     /* scratch for "join" items */
    fval *vals;
    pcre2_match_data *md;
    fm_strbuf tmp;
    char **names; /* "\"name\":" pre-escaped */
};

fm_task_mapper *fm_task_mapper_new(const fm_task *t)
{
    fm_task_mapper *m = fm_xcalloc(1, sizeof *m);
    m->t = t;
    m->vals = fm_xcalloc(t->nmaps ? t->nmaps : 1, sizeof *m->vals);
    m->names = fm_xcalloc(t->nmaps ? t->nmaps : 1, sizeof *m->names);
    for (size_t i = 0; i < t->nmaps; i++) {
        fm_strbuf b = FM_STRBUF_INIT;
        fm_json_add_string(&b, t->maps[i].name, strlen(t->maps[i].name));
        fm_strbuf_addch(&b, ':');
        m->names[i] = fm_strbuf_detach(&b, NULL);
    }
    m->md = pcre2_match_data_create(32, NULL);
    fm_strbuf_init(&m->tmp);
    fm_strbuf_init(&m->item);
    m->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    return m;
}

void fm_task_mapper_free(fm_task_mapper *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->t->nmaps; i++) {
        for (size_t j = 0; j < m->vals[i].cap; j++) fm_strbuf_release(&m->vals[i].items[j]);
        free(m->vals[i].items);
        free(m->names[i]);
    }
    free(m->vals);
    free(m->names);
    pcre2_match_data_free(m->md);
    fm_strbuf_release(&m->tmp);
    fm_strbuf_release(&m->item);
    for (size_t j = 0; j < m->sub.cap; j++) fm_strbuf_release(&m->sub.items[j]);
    free(m->sub.items);
    if (m->utf8) freelocale(m->utf8);
    free(m);
}

static fm_strbuf *fval_push(fval *v)
{
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 4;
        v->items = fm_xrealloc(v->items, nc * sizeof *v->items);
        for (size_t i = v->cap; i < nc; i++) fm_strbuf_init(&v->items[i]);
        v->cap = nc;
    }
    fm_strbuf *b = &v->items[v->n++];
    fm_strbuf_reset(b);
    return b;
}

/* A scalar as text, through labels if given. -1 with err on a wrong type or unknown label. */
static int scalar_text(const fm_mapping *m, const cJSON *v, fm_strbuf *out, fm_error *err)
{
    fm_strbuf_reset(out);
    if (cJSON_IsString(v)) fm_strbuf_addstr(out, v->valuestring);
    else if (cJSON_IsNumber(v)) fm_format_number(out, v->valuedouble);
    else if (cJSON_IsBool(v)) fm_strbuf_addstr(out, cJSON_IsTrue(v) ? "true" : "false");
    else
        return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                            "expected a string, number or boolean, got %s", fm_json_type_name(v));
    if (!m->labels) return 0;
    if (cJSON_IsArray(m->labels)) {
        if (!is_number_text(out->buf))
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                "label '%.40s' is not an integer index into \"labels\"", out->buf);
        long k = strtol(out->buf, NULL, 10);
        int n = cJSON_GetArraySize(m->labels);
        if (k < 0 || k >= n)
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                "label index %ld is out of range (%d labels)", k, n);
        const char *s = cJSON_GetArrayItem(m->labels, (int)k)->valuestring;
        fm_strbuf_reset(out);
        fm_strbuf_addstr(out, s);
        return 0;
    }
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(m->labels, out->buf);
    if (!l)
        return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "label '%.40s' is not in \"labels\"",
                            out->buf);
    fm_strbuf_reset(out);
    fm_strbuf_addstr(out, l->valuestring);
    return 0;
}

static int missing(const fm_mapping *m, const fm_path *p, fval *fv, fm_error *err, const char *why)
{
    if (m->optional) {
        fv->is_list = 0;
        fval_push(fv);
        return 0;
    }
    return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "%s '%s'", why, p->text);
}

/* Apply one PCRE2 replacement to item in place (output through mp->tmp). */
static int regex_replace(fm_task_mapper *mp, const pcre2_code *re, const char *replace, int global,
                         const char *field, fm_strbuf *item, fm_error *err)
{
    uint32_t opts = PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | (global ? PCRE2_SUBSTITUTE_GLOBAL : 0);
    size_t cap = item->len * 2 + 64;
    for (int attempt = 0; attempt < 2; attempt++) {
        fm_strbuf_reset(&mp->tmp);
        fm_strbuf_grow(&mp->tmp, cap);
        PCRE2_SIZE outlen = mp->tmp.cap;
        int rc = pcre2_substitute(re, (PCRE2_SPTR)item->buf, item->len, 0, opts, NULL, NULL,
                                  (PCRE2_SPTR)replace, PCRE2_ZERO_TERMINATED,
                                  (PCRE2_UCHAR *)mp->tmp.buf, &outlen);
        if (rc == PCRE2_ERROR_NOMEMORY) {
            cap = outlen + 1;
            continue;
        }
        if (rc < 0) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(rc, msg, sizeof msg);
            return fm_error_set(err, FM_EINPUT, NULL, 0, field, "regex replacement failed: %s",
                                (const char *)msg);
        }
        fm_strbuf_reset(item);
        fm_strbuf_add(item, mp->tmp.buf, outlen);
        return 0;
    }
    return fm_error_set(err, FM_EINTERNAL, NULL, 0, field, "regex replacement output did not fit");
}

/* Lower-case UTF-8 text (valid UTF-8: it came from parsed JSON or checked CSV). */
static void lower_utf8(fm_task_mapper *mp, fm_strbuf *item)
{
    fm_strbuf_reset(&mp->tmp);
    const unsigned char *p = (const unsigned char *)item->buf, *e = p + item->len;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) {
            fm_strbuf_addch(&mp->tmp, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
            p++;
            continue;
        }
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if ((size_t)(e - p) < n || !mp->utf8) {
            fm_strbuf_add(&mp->tmp, p, (size_t)(e - p) < n ? (size_t)(e - p) : n);
            p += n;
            continue;
        }
        unsigned cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
        for (size_t k = 1; k < n; k++) cp = (cp << 6) | (p[k] & 0x3F);
        unsigned lc = (unsigned)towlower_l((wint_t)cp, mp->utf8);
        char o[4];
        size_t on = fm_utf8_encode(o, lc);
        fm_strbuf_add(&mp->tmp, o, on);
        p += n;
    }
    fm_strbuf_reset(item);
    fm_strbuf_add(item, mp->tmp.buf, mp->tmp.len);
}

/* One join item: a scalar, or a list joined with inner_sep. */
static int join_item(const fm_mapping *m, const cJSON *e, fm_task_mapper *mp, fm_strbuf *out, fm_error *err)
{
    fm_strbuf_reset(out);
    if (!cJSON_IsArray(e)) return scalar_text(m, e, out, err) < 0 ? -1 : 0;
    int first = 1;
    for (const cJSON *x = e->child; x; x = x->next) {
        if (scalar_text(m, x, &mp->tmp, err) < 0) return -1;
        if (!first) fm_strbuf_addstr(out, m->inner_sep);
        first = 0;
        fm_strbuf_add(out, mp->tmp.buf, mp->tmp.len);
    }
    return 0;
}

static int map_join(fm_task_mapper *mp, const fm_mapping *m, const cJSON *raw, fval *fv, fm_error *err)
{
    fm_strbuf *out = fval_push(fv);
    long nitems = 0;
    for (size_t j = 0; j < m->njoin; j++) {
        const cJSON *v = eval_path(&m->join[j], raw);
        if (!v || cJSON_IsNull(v)) {
            if (m->optional) continue;
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "missing value at '%s'",
                                m->join[j].text);
        }
        const cJSON *e = cJSON_IsArray(v) ? v->child : v;
        for (; e; e = cJSON_IsArray(v) ? e->next : NULL) {
            if (m->max_items >= 0 && nitems >= m->max_items) break;
            if (cJSON_IsObject(e) || cJSON_IsNull(e))
                return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                    "expected strings or lists at '%s', found %s",
                                    m->join[j].text, fm_json_type_name(e));
            if (join_item(m, e, mp, &mp->item, err) < 0) return -1;
            if (nitems) fm_strbuf_addstr(out, m->sep);
            nitems++;
            if (m->numbered) fm_strbuf_addf(out, "%ld. ", nitems);
            fm_strbuf_add(out, mp->item.buf, mp->item.len);
        }
    }
    return 0;
}

static int map_choose(fm_task_mapper *mp, const fm_mapping *m, const cJSON *raw, fval *fv, fm_error *err)
{
    const cJSON *v = eval_path(&m->path, raw);
    if (!v) return missing(m, &m->path, fv, err, "the record has no");
    if (cJSON_IsNull(v)) return missing(m, &m->path, fv, err, "null value at");
    if (scalar_text(m, v, &mp->item, err) < 0) return -1;
    const fval *src = &mp->vals[m->choose_field];
    const char *from = mp->t->maps[m->choose_field].name;
    long k = -1;
    if (m->has_keys) {
        const cJSON *kl = eval_path(&m->keys, raw);
        if (!cJSON_IsArray(kl))
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "\"keys\": expected a list at '%s', got %s",
                                m->keys.text, fm_json_type_name(kl));
        long j = 0;
        for (const cJSON *e = kl->child; e; e = e->next, j++) {
            if (scalar_text(m, e, &mp->tmp, err) < 0) return -1;
            if (mp->tmp.len == mp->item.len && !memcmp(mp->tmp.buf, mp->item.buf, mp->tmp.len)) {
                k = j;
                break;
            }
        }
        if (k < 0)
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "'%.40s' is not among the keys at '%s'",
                                mp->item.buf, m->keys.text);
    } else {
        if (!is_number_text(mp->item.buf))
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                "'%.40s' at '%s' is not an integer index into '%s'", mp->item.buf,
                                m->path.text, from);
        k = strtol(mp->item.buf, NULL, 10) - m->base;
    }
    if (!src->is_list || k < 0 || (size_t)k >= src->n)
        return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                            "choice %ld is out of range: '%s' has %zu element%s", k + m->base, from,
                            src->is_list ? src->n : 0, src->is_list && src->n == 1 ? "" : "s");
    fm_strbuf *b = fval_push(fv);
    fm_strbuf_add(b, src->items[k].buf, src->items[k].len);
    return 0;
}

static int map_value(fm_task_mapper *mp, const fm_mapping *m, const cJSON *raw, fval *fv, fm_error *err);

static int map_list(fm_task_mapper *mp, const fm_mapping *m, const cJSON *raw, fval *fv, fm_error *err)
{
    fv->is_list = 1;
    for (size_t j = 0; j < m->nlist; j++) {
        fval *sub = &mp->sub;
        if (map_value(mp, &m->list[j], raw, sub, err) < 0) return -1;
        for (size_t k = 0; k < sub->n; k++) {
            fm_strbuf *b = fval_push(fv);
            fm_strbuf_add(b, sub->items[k].buf, sub->items[k].len);
        }
    }
    return 0;
}

static int map_base(fm_task_mapper *mp, const fm_mapping *m, const cJSON *raw, fval *fv, fm_error *err)
{
    if (m->kind == MAP_CONST) {
        if (cJSON_IsString(m->konst)) {
            fm_strbuf_addstr(fval_push(fv), m->konst->valuestring);
        } else {
            fv->is_list = 1;
            for (const cJSON *e = m->konst->child; e; e = e->next)
                fm_strbuf_addstr(fval_push(fv), e->valuestring);
        }
        return 0;
    }
    if (m->kind == MAP_JOIN) return map_join(mp, m, raw, fv, err);
    if (m->kind == MAP_LIST) return map_list(mp, m, raw, fv, err);
    if (m->kind == MAP_CHOOSE) return map_choose(mp, m, raw, fv, err);
    const cJSON *v = eval_path(&m->path, raw);
    if (!v) return missing(m, &m->path, fv, err, "the record has no");
    if (cJSON_IsNull(v)) return missing(m, &m->path, fv, err, "null value at");
    if (m->has_index) {
        if (!cJSON_IsArray(v))
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                "\"index\" needs a list at '%s', got %s", m->path.text,
                                fm_json_type_name(v));
        int n = cJSON_GetArraySize(v);
        long k = m->index < 0 ? m->index + n : m->index;
        if (k < 0 || k >= n) {
            if (m->optional) return missing(m, &m->path, fv, err, "");
            return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                "index %ld is out of range: '%s' has %d element%s", m->index,
                                m->path.text, n, n == 1 ? "" : "s");
        }
        v = cJSON_GetArrayItem(v, (int)k);
        if (cJSON_IsNull(v)) return missing(m, &m->path, fv, err, "null value at");
    }
    if (cJSON_IsArray(v)) {
        fv->is_list = 1;
        for (const cJSON *e = v->child; e; e = e->next) {
            if (cJSON_IsArray(e) || cJSON_IsObject(e) || cJSON_IsNull(e))
                return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                                    "expected a list of strings at '%s', found %s in it",
                                    m->path.text, fm_json_type_name(e));
            fm_strbuf *b = fval_push(fv);
            if (scalar_text(m, e, b, err) < 0) return -1;
        }
        return 0;
    }
    if (cJSON_IsObject(v))
        return fm_error_set(err, FM_EINPUT, NULL, 0, m->name,
                            "expected a string or a list of strings at '%s', got an object",
                            m->path.text);
    fm_strbuf *b = fval_push(fv);
    return scalar_text(m, v, b, err) < 0 ? -1 : 0;
}

static int map_value(fm_task_mapper *mp, const fm_mapping *m, const cJSON *raw, fval *fv, fm_error *err)
{
    fv->n = 0;
    fv->is_list = 0;
    if (map_base(mp, m, raw, fv, err) < 0) return -1;
    for (size_t j = 0; j < fv->n; j++) {
        if (m->re && regex_replace(mp, m->re, m->replace, 1, m->name, &fv->items[j], err) < 0) return -1;
        if (m->lower) lower_utf8(mp, &fv->items[j]);
    }
    if (m->nonempty && fv->is_list && fv->n == 0)
        return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "empty list at '%s'",
                            m->path.text ? m->path.text : m->name);
    if (m->nonempty && !fv->is_list && fv->n == 1 && fv->items[0].len == 0)
        return fm_error_set(err, FM_EINPUT, NULL, 0, m->name, "empty string at '%s'",
                            m->path.text ? m->path.text : m->name);
    return 0;
}

static int substitute(fm_task_mapper *mp, const fm_subst *s, fm_strbuf *item, fm_error *err)
{
    return regex_replace(mp, s->re, s->replace, s->global, mp->t->maps[s->field].name, item, err);
}

static int matches(fm_task_mapper *mp, const fm_filter *f, const fval *v)
{
    for (size_t i = 0; i < v->n; i++) {
        int rc = pcre2_match(f->re, (PCRE2_SPTR)v->items[i].buf, v->items[i].len, 0, 0, mp->md, NULL);
        if (rc >= 0) return 1;
    }
    return 0;
}

int fm_task_mapper_apply(fm_task_mapper *mp, const cJSON *raw, fm_strbuf *out, fm_error *err)
{
    const fm_task *t = mp->t;
    for (size_t i = 0; i < t->nmaps; i++)
        if (map_value(mp, &t->maps[i], raw, &mp->vals[i], err) < 0) return -1;
    for (size_t i = 0; i < t->nsubs; i++) {
        fval *v = &mp->vals[t->subs[i].field];
        for (size_t j = 0; j < v->n; j++)
            if (substitute(mp, &t->subs[i], &v->items[j], err) < 0) return -1;
    }
    for (size_t i = 0; i < t->nfilters; i++) {
        int hit = matches(mp, &t->filters[i], &mp->vals[t->filters[i].field]);
        if (hit != t->filters[i].keep) return 1;
    }
    fm_strbuf_addch(out, '{');
    for (size_t i = 0; i < t->nmaps; i++) {
        if (i) fm_strbuf_addch(out, ',');
        fm_strbuf_addstr(out, mp->names[i]);
        const fval *v = &mp->vals[i];
        if (v->is_list) fm_strbuf_addch(out, '[');
        for (size_t j = 0; j < v->n; j++) {
            if (j) fm_strbuf_addch(out, ',');
            fm_json_add_string(out, v->items[j].buf, v->items[j].len);
        }
        if (v->is_list) fm_strbuf_addch(out, ']');
    }
    fm_strbuf_addch(out, '}');
    return 0;
}

/* ======================================================================================= */
/* loading a set                                                                            */
/* ======================================================================================= */

static int by_name(const void *a, const void *b)
{
    return strcmp((*(fm_task *const *)a)->name, (*(fm_task *const *)b)->name);
}

/* Open the task's first file(s) and check the mapping against the first good record. */
static int check_sources(const fm_task *t, fm_error *err)
{
    for (size_t f = 0; f < t->nfiles; f++) {
        fm_error e2;
        fm_source *s = fm_source_open(t, f, &e2);
        if (!s) {
            /* A header that lacks a mapped column is a definition error; other problems
             * with the data are the run's business (--on-error decides). */
            if (e2.code == FM_EUSAGE) {
                *err = e2;
                fm_error_set(err, FM_EUSAGE, t->def_path, 0, e2.field, "task '%s': %s (%s)",
                             t->name, e2.reason, t->paths[f]);
                return -1;
            }
            return 0;
        }
        fm_source_rec rec;
        int rc, tries = 0;
        while ((rc = fm_source_next(s, &rec, &e2)) == -1 && ++tries < 1000) {}
        if (rc == 1 && fm_task_check_record(t, rec.raw, &e2) < 0) {
            fm_error_set(err, FM_EUSAGE, t->def_path, 0, e2.field,
                         "task '%s': %s (first record of %s, line %ld)", t->name, e2.reason,
                         t->paths[f], rec.line);
            fm_source_close(s);
            return -1;
        }
        fm_source_close(s);
        if (rc != 0) return 0; /* checked, or the file is bad: the run reports it */
    }
    return 0;
}

fm_task_set *fm_task_set_load_opts(const char *const *paths, size_t n,
                                   const fm_task_load_opts *o, fm_error *err)
{
    fm_task_set *set = fm_xcalloc(1, sizeof *set);
    fm_strbuf text = FM_STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        fm_strbuf_reset(&text);
        if (fm_read_file(paths[i], &text, err) < 0) {
            err->code = FM_EUSAGE;
            goto fail;
        }
        cJSON *doc = fm_json_parse(text.buf, text.len, paths[i], 0, err);
        if (!doc) {
            err->code = FM_EUSAGE;
            goto fail;
        }
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "tasks");
        int rc = 0;
        if (cJSON_IsObject(doc) && list) {
            defctx c = { paths[i], NULL, err };
            if (!cJSON_IsArray(list)) rc = def_error(&c, "tasks", "expected a list of task objects");
            for (const cJSON *d = cJSON_IsArray(list) ? list->child : NULL; d && rc == 0; d = d->next)
                rc = load_definition(set, paths[i], d, o, err);
            for (const cJSON *k = doc->child; k && rc == 0; k = k->next)
                if (strcmp(k->string, "tasks") && k->string[0] != '_')
                    rc = def_error(&c, k->string, "unknown key next to \"tasks\"");
        } else {
            rc = load_definition(set, paths[i], doc, o, err);
        }
        cJSON_Delete(doc);
        if (rc < 0) goto fail;
    }
    if (set->n) fm_qsort(set->tasks, set->n, sizeof *set->tasks, by_name);
    for (size_t i = 1; i < set->n; i++)
        if (!strcmp(set->tasks[i - 1]->name, set->tasks[i]->name)) {
            fm_error_set(err, FM_EUSAGE, set->tasks[i]->def_path, 0, "name",
                         "task '%s' is defined twice (also in %s)", set->tasks[i]->name,
                         set->tasks[i - 1]->def_path);
            goto fail;
        }
    if (!(o->flags & (FM_TASK_NO_CHECK | FM_TASK_NO_SOURCES)))
        for (size_t i = 0; i < set->n; i++)
            if (check_sources(set->tasks[i], err) < 0) goto fail;
    fm_strbuf_release(&text);
    return set;
fail:
    fm_strbuf_release(&text);
    fm_task_set_free(set);
    return NULL;
}

fm_task_set *fm_task_set_load(const char *const *paths, size_t n, const char *data_dir, fm_error *err)
{
    fm_task_load_opts o = { data_dir, 0, -1 };
    return fm_task_set_load_opts(paths, n, &o, err);
}
