#include "lmbff.h"

#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "progress.h"
#include "rng.h"
#include "strbuf.h"
#include "templates.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXAMPLES_PER_PART 100000

/* ---- config ---------------------------------------------------------------------------- */

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cfg_err(fm_error *err, const char *path, const char *field, const char *what)
{
    return fm_error_set(err, FM_EUSAGE, path, 0, field, "%s", what);
}

static int get_str(const cJSON *o, const char *key, char **out, const char *dflt, const char *path,
                   fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) {
        *out = dflt ? fm_xstrdup(dflt) : NULL;
        return 0;
    }
    if (!cJSON_IsString(v)) return cfg_err(err, path, key, "must be a string");
    *out = fm_xstrdup(v->valuestring);
    return 0;
}

static int get_num(const cJSON *o, const char *key, double *out, int *present, const char *path,
                   fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (present) *present = v != NULL;
    if (!v) return 0;
    if (!cJSON_IsNumber(v)) return cfg_err(err, path, key, "must be a number");
    *out = v->valuedouble;
    return 0;
}

static int get_bool(const cJSON *o, const char *key, int *out, const char *path, fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) return 0;
    if (!cJSON_IsBool(v)) return cfg_err(err, path, key, "must be true or false");
    *out = cJSON_IsTrue(v);
    return 0;
}

static const char *const CONFIG_KEYS[] = {
    "label_field", "regression", "threshold", "label_words", "mask_token", "format",
    "separator", "demos_first", "demos", "templates", "template_file", "template_kind", NULL
};
static const char *const DEMO_KEYS[] = { "mode", "k", "rate", "text_fields", "k1", "b", NULL };

static int check_keys(const cJSON *o, const char *const *keys, const char *path, fm_error *err)
{
    for (const cJSON *c = o->child; c; c = c->next) {
        int ok = 0;
        for (size_t i = 0; keys[i] && !ok; i++) ok = !strcmp(keys[i], c->string);
        if (!ok) return cfg_err(err, path, c->string, "unknown key");
    }
    return 0;
}

static int compile(fm_lmbff_config *c, fm_tmpl *t, const cJSON *v, const char *field,
                   fm_error *err)
{
    if (!cJSON_IsString(v)) return cfg_err(err, c->path, field, "must be a template string");
    if (fm_tmpl_compile(c->lexer, t, v->valuestring, strlen(v->valuestring), err) < 0) {
        fm_error_locate(err, c->path, 0);
        if (!err->field[0]) snprintf(err->field, sizeof err->field, "%s", field);
        return -1;
    }
    return 0;
}

static int parse_templates(fm_lmbff_config *c, const cJSON *a, fm_error *err)
{
    if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
        return cfg_err(err, c->path, "templates", "must be a non-empty array of templates");
    c->ntpl = (size_t)cJSON_GetArraySize(a);
    c->tpl = fm_xcalloc(c->ntpl, sizeof *c->tpl);
    size_t i = 0;
    for (const cJSON *t = a->child; t; t = t->next, i++) {
        static const char *const TKEYS[] = { "inputs", "targets", "demo_inputs", NULL };
        if (!cJSON_IsObject(t)) return cfg_err(err, c->path, "templates", "each template is an object");
        if (check_keys(t, TKEYS, c->path, err) < 0) return -1;
        if (compile(c, &c->tpl[i].inputs, cJSON_GetObjectItemCaseSensitive(t, "inputs"), "inputs", err) < 0 ||
            compile(c, &c->tpl[i].targets, cJSON_GetObjectItemCaseSensitive(t, "targets"), "targets", err) < 0)
            return -1;
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(t, "demo_inputs");
        if (d) {
            if (compile(c, &c->tpl[i].demo_inputs, d, "demo_inputs", err) < 0) return -1;
            c->tpl[i].has_demo_inputs = 1;
        }
    }
    return 0;
}

/* "template_file": a template set (docs/templates.md) whose templates of "template_kind"
 * (default zero_shot) give inputs and targets. The path is relative to the config's
 * directory. The set is parsed by templates.h, and each template's text compiled again
 * here so the config owns its templates. */
static int load_template_file(fm_lmbff_config *c, const char *file, const char *kind_name,
                              fm_error *err)
{
    fm_strbuf path = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    const char *slash = strrchr(c->path, '/');
    if (file[0] != '/' && slash) fm_strbuf_add(&path, c->path, (size_t)(slash - c->path) + 1);
    fm_strbuf_addstr(&path, file);
    int kind = -1;
    for (int k = 0; k < FM_TK_COUNT; k++)
        if (!strcmp(fm_tpl_kind_name((fm_tpl_kind)k), kind_name)) kind = k;
    int rc = -1;
    fm_template_set set;
    memset(&set, 0, sizeof set);
    if (kind < 0) {
        cfg_err(err, c->path, "template_kind", "not a template kind (zero_shot, few_shot, ...)");
        goto out;
    }
    if (fm_read_file(path.buf, &text, err) < 0) goto out;
    if (fm_template_set_parse(&set, c->lexer, file, path.buf, text.buf, text.len, err) < 0) goto out;
    if (!set.n[kind]) {
        fm_error_set(err, FM_EUSAGE, path.buf, 0, "template_kind", "the set has no %s templates",
                     kind_name);
        goto out;
    }
    c->ntpl = set.n[kind];
    c->tpl = fm_xcalloc(c->ntpl, sizeof *c->tpl);
    for (size_t i = 0; i < c->ntpl; i++) {
        const fm_template *t = &set.t[kind][i];
        const char *in = t->prop[FM_TP_INPUTS].source, *tg = t->prop[FM_TP_TARGETS].source;
        if (fm_tmpl_compile(c->lexer, &c->tpl[i].inputs, in, strlen(in), err) < 0 ||
            fm_tmpl_compile(c->lexer, &c->tpl[i].targets, tg, strlen(tg), err) < 0) {
            fm_error_locate(err, path.buf, t->line);
            goto out;
        }
    }
    rc = 0;
out:
    fm_template_set_release(&set);
    fm_strbuf_release(&path);
    fm_strbuf_release(&text);
    return rc;
}

static int parse_demos(fm_lmbff_config *c, const cJSON *d, fm_error *err)
{
    c->use_demos = 1;
    c->demos.mode = FM_DEMO_BALANCED;
    c->demos.k = 1;
    c->demos.rate = 0.5;
    c->k1 = 1.2;
    c->b = 0.75;
    if (!d) return 0;
    if (!cJSON_IsObject(d)) return cfg_err(err, c->path, "demos", "must be an object");
    if (check_keys(d, DEMO_KEYS, c->path, err) < 0) return -1;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "mode");
    if (m) {
        if (cJSON_IsString(m) && !strcmp(m->valuestring, "none")) c->use_demos = 0;
        else if (fm_demo_mode_parse(cJSON_IsString(m) ? m->valuestring : NULL, &c->demos.mode, err) < 0) {
            fm_error_locate(err, c->path, 0);
            return -1;
        }
    }
    double k = 1;
    int has_k = 0;
    if (get_num(d, "k", &k, &has_k, c->path, err) < 0) return -1;
    if (k < 0 || k != (double)(size_t)k) return cfg_err(err, c->path, "k", "must be a whole number >= 0");
    c->demos.k = (size_t)k;
    if (get_num(d, "rate", &c->demos.rate, NULL, c->path, err) < 0) return -1;
    if (!(c->demos.rate > 0 && c->demos.rate <= 1)) return cfg_err(err, c->path, "rate", "must be in (0, 1]");
    if (get_num(d, "k1", &c->k1, NULL, c->path, err) < 0 || get_num(d, "b", &c->b, NULL, c->path, err) < 0)
        return -1;
    if (c->k1 < 0 || c->b < 0 || c->b > 1) return cfg_err(err, c->path, "k1", "BM25 needs k1 >= 0 and 0 <= b <= 1");
    const cJSON *tf = cJSON_GetObjectItemCaseSensitive(d, "text_fields");
    if (tf) {
        if (!cJSON_IsArray(tf) || !cJSON_GetArraySize(tf))
            return cfg_err(err, c->path, "text_fields", "must be a non-empty array of field names");
        c->ntext_fields = (size_t)cJSON_GetArraySize(tf);
        c->text_fields = fm_xcalloc(c->ntext_fields, sizeof *c->text_fields);
        size_t i = 0;
        for (const cJSON *f = tf->child; f; f = f->next, i++) {
            if (!cJSON_IsString(f)) return cfg_err(err, c->path, "text_fields", "must hold strings");
            c->text_fields[i] = fm_xstrdup(f->valuestring);
        }
    }
    return 0;
}

int fm_lmbff_config_parse(fm_lmbff_config *c, const char *path, const char *text, size_t n,
                          fm_error *err)
{
    memset(c, 0, sizeof *c);
    c->path = fm_xstrdup(path);
    c->lexer = fm_placeholder_lexer_new(err);
    if (!c->lexer) goto fail;
    cJSON *j = fm_json_parse(text, n, path, 0, err);
    if (!j) goto fail;
    int rc = -1;
    if (!cJSON_IsObject(j)) {
        cfg_err(err, path, NULL, "an LM-BFF config is a JSON object");
        goto done;
    }
    if (check_keys(j, CONFIG_KEYS, path, err) < 0) goto done;
    if (get_str(j, "label_field", &c->label_field, NULL, path, err) < 0 ||
        get_str(j, "mask_token", &c->mask_token, "<mask>", path, err) < 0 ||
        get_str(j, "format", &c->format, "lmbff", path, err) < 0 ||
        get_str(j, "separator", &c->separator, " ", path, err) < 0 ||
        get_bool(j, "regression", &c->regression, path, err) < 0 ||
        get_bool(j, "demos_first", &c->demos_first, path, err) < 0 ||
        get_num(j, "threshold", &c->threshold, &c->has_threshold, path, err) < 0)
        goto done;
    if (c->has_threshold && !c->regression) {
        cfg_err(err, path, "threshold", "only for \"regression\": true");
        goto done;
    }
    for (const char *s = c->format; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.') || !strcmp(c->format, ".") || !strcmp(c->format, "..")) {
            cfg_err(err, path, "format", "a format name has letters, digits, '_', '-', '.' only");
            goto done;
        }
    }
    const cJSON *lw = cJSON_GetObjectItemCaseSensitive(j, "label_words");
    if (lw) {
        if (!cJSON_IsObject(lw)) {
            cfg_err(err, path, "label_words", "must be an object: class -> word");
            goto done;
        }
        c->nlw = (size_t)cJSON_GetArraySize(lw);
        c->lw_class = fm_xcalloc(c->nlw + 1, sizeof *c->lw_class);
        c->lw_word = fm_xcalloc(c->nlw + 1, sizeof *c->lw_word);
        size_t i = 0;
        for (const cJSON *w = lw->child; w; w = w->next, i++) {
            if (!cJSON_IsString(w)) {
                cfg_err(err, path, "label_words", "every label word must be a string");
                goto done;
            }
            c->lw_class[i] = fm_xstrdup(w->string);
            c->lw_word[i] = fm_xstrdup(w->valuestring);
        }
    }
    if (parse_demos(c, cJSON_GetObjectItemCaseSensitive(j, "demos"), err) < 0) goto done;
    const cJSON *tf = cJSON_GetObjectItemCaseSensitive(j, "template_file");
    if (tf) {
        char *kind = NULL;
        if (cJSON_GetObjectItemCaseSensitive(j, "templates")) {
            cfg_err(err, path, "template_file", "give \"templates\" or \"template_file\", not both");
            goto done;
        }
        if (!cJSON_IsString(tf)) {
            cfg_err(err, path, "template_file", "must be a path");
            goto done;
        }
        if (get_str(j, "template_kind", &kind, "zero_shot", path, err) < 0) goto done;
        int r = load_template_file(c, tf->valuestring, kind, err);
        free(kind);
        if (r < 0) goto done;
    } else if (parse_templates(c, cJSON_GetObjectItemCaseSensitive(j, "templates"), err) < 0) {
        goto done;
    }
    rc = 0;
done:
    cJSON_Delete(j);
    if (rc == 0) return 0;
fail:
    fm_lmbff_config_release(c);
    return -1;
}

int fm_lmbff_config_load(fm_lmbff_config *c, const char *path, fm_error *err)
{
    fm_strbuf t = FM_STRBUF_INIT;
    memset(c, 0, sizeof *c);
    if (fm_read_file(path, &t, err) < 0) return -1;
    int rc = fm_lmbff_config_parse(c, path, t.buf, t.len, err);
    fm_strbuf_release(&t);
    return rc;
}

void fm_lmbff_config_release(fm_lmbff_config *c)
{
    free(c->path);
    free(c->label_field);
    for (size_t i = 0; i < c->nlw; i++) {
        free(c->lw_class[i]);
        free(c->lw_word[i]);
    }
    free(c->lw_class);
    free(c->lw_word);
    free(c->mask_token);
    free(c->format);
    free(c->separator);
    for (size_t i = 0; i < c->ntext_fields; i++) free(c->text_fields[i]);
    free(c->text_fields);
    for (size_t i = 0; i < c->ntpl; i++) {
        fm_tmpl_release(&c->tpl[i].inputs);
        fm_tmpl_release(&c->tpl[i].targets);
        if (c->tpl[i].has_demo_inputs) fm_tmpl_release(&c->tpl[i].demo_inputs);
    }
    free(c->tpl);
    fm_placeholder_lexer_free(c->lexer);
    memset(c, 0, sizeof *c);
}

const char *fm_lmbff_label_word(const fm_lmbff_config *c, const char *cls)
{
    for (size_t i = 0; i < c->nlw; i++)
        if (!strcmp(c->lw_class[i], cls)) return c->lw_word[i];
    return NULL;
}

/* ---- rendering --------------------------------------------------------------------------- */

typedef struct render_ctx {
    const fm_rsrec *rec;
    const char *mask;       /* what {_mask} becomes */
    const char *label;      /* class */
    const char *label_word; /* NULL if the config has none for the class */
    const char *options_field;
    fm_strbuf *scratch;
} render_ctx;

static int lookup(void *vctx, const char *name, size_t n, const char **val, size_t *len)
{
    render_ctx *c = vctx;
#define IS(s) (n == sizeof(s) - 1 && !memcmp(name, s, n))
    if (IS("_mask")) {
        if (!c->mask) return -1;
        *val = c->mask;
    } else if (IS("_label_word")) {
        if (!c->label_word) return -1;
        *val = c->label_word;
    } else if (IS("_label")) {
        *val = c->label;
    } else if (IS("options_")) {
        const cJSON *o = c->options_field
                             ? cJSON_GetObjectItemCaseSensitive(c->rec->fields, c->options_field)
                             : NULL;
        if (!cJSON_IsArray(o)) return -1;
        fm_strbuf_reset(c->scratch);
        fm_strbuf_addstr(c->scratch, "OPTIONS:");
        for (const cJSON *e = o->child; e; e = e->next)
            if (cJSON_IsString(e)) fm_strbuf_addf(c->scratch, "\n- %s", e->valuestring);
        *val = c->scratch->buf;
        *len = c->scratch->len;
        return 0;
    } else {
        char key[256];
        if (n >= sizeof key) return -1;
        memcpy(key, name, n);
        key[n] = '\0';
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->rec->fields, key);
        if (cJSON_IsArray(v)) v = v->child; /* a list: its first value (NIV2 outputs) */
        if (!cJSON_IsString(v)) return -1;
        *val = v->valuestring;
    }
#undef IS
    *len = strlen(*val);
    return 0;
}

static int render(const fm_tmpl *t, render_ctx *rc, fm_strbuf *out, fm_error *err)
{
    if (fm_tmpl_render(t, lookup, rc, out, err) == 0) return 0;
    const char *f = err->field;
    if (!strcmp(f, "_label_word") || !strcmp(f, "_mask"))
        fm_error_set(err, FM_EUSAGE, rc->rec->id, 0, "label_words",
                     "no label word for class '%s' (needed by {%s})", rc->label, f);
    else fm_error_locate(err, rc->rec->id, 0);
    return -1;
}

/* ---- pool id lookup (the query is never its own exemplar) ---------------------------------- */

typedef struct id_at { uint64_t h; size_t i; } id_at;

static int cmp_id_at(const void *a, const void *b)
{
    const id_at *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static size_t find_id(const id_at *v, size_t n, const fm_recset *pool, const char *id)
{
    uint64_t h = fm_hash64(id, strlen(id));
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].h < h) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < n && v[lo].h == h; lo++)
        if (!strcmp(pool->recs[v[lo].i].id, id)) return v[lo].i;
    return FM_DEMO_NONE;
}

/* The text a record is matched on: the configured fields, or every string field except the
 * label and options fields, joined by single spaces in field order. */
static void match_text(const fm_lmbff_config *c, const fm_rsrec *r, const char *label_field,
                       const char *options_field, fm_strbuf *out)
{
    fm_strbuf_reset(out);
    if (c->ntext_fields) {
        for (size_t i = 0; i < c->ntext_fields; i++) {
            const char *v = fm_rsrec_str(r, c->text_fields[i]);
            if (!v) continue;
            if (out->len) fm_strbuf_addch(out, ' ');
            fm_strbuf_addstr(out, v);
        }
        return;
    }
    for (const cJSON *f = r->fields->child; f; f = f->next) {
        if (!cJSON_IsString(f) || !strcmp(f->string, label_field) ||
            (options_field && !strcmp(f->string, options_field)))
            continue;
        if (out->len) fm_strbuf_addch(out, ' ');
        fm_strbuf_addstr(out, f->valuestring);
    }
}

static const char *meta_options_field(const fm_recset *rs)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(rs->meta, "options_field");
    return cJSON_IsString(o) ? o->valuestring : NULL;
}

typedef struct part_writer {
    fm_strbuf buf, path;
    const char *dir;
    size_t part, in_part;
    fm_lmbff_file_cb cb;
    void *ctx;
} part_writer;

static int flush_part(part_writer *w, fm_error *err)
{
    char name[64];
    snprintf(name, sizeof name, "part-%05zu.jsonl.zst", w->part++);
    fm_path_join(&w->path, w->dir, name);
    fm_writer *f = fm_writer_open(w->path.buf, FM_COMP_ZSTD, 3, err);
    if (!f) return -1;
    if (fm_writer_write(f, w->buf.buf, w->buf.len, err) < 0) {
        fm_writer_abort(f);
        return -1;
    }
    uint64_t bytes, h;
    if (fm_writer_commit_info(f, &bytes, &h, err) < 0) return -1;
    if (w->cb) w->cb(w->ctx, w->path.buf, bytes, h, (long long)w->in_part);
    fm_strbuf_reset(&w->buf);
    w->in_part = 0;
    return 0;
}

int fm_lmbff_write(const fm_lmbff_config *c, const fm_recset *pool, const fm_recset *queries,
                   uint64_t seed, const char *outdir, fm_lmbff_file_cb on_file, void *ctx,
                   fm_lmbff_counts *counts, fm_error *err)
{
    memset(counts, 0, sizeof *counts);
    fm_label_rule rule = { 0 };
    if (pool->n >= UINT32_MAX)
        return fm_error_set(err, FM_EUSAGE, pool->dir, 0, NULL, "a demonstration pool holds "
                            "fewer than 2^32 records");
    const char *lf = c->label_field ? c->label_field : fm_recset_answer_field(queries);
    if (!lf)
        return fm_error_set(err, FM_EUSAGE, c->path, 0, "label_field",
                            "the task's meta.json names no answer field: set label_field");
    rule.field = (char *)lf;
    rule.regression = c->regression;
    rule.has_threshold = c->has_threshold;
    rule.threshold = c->threshold;
    /* A regression threshold not given is the pool's median, so that the classes of the
     * demonstrations are the ones their pool was balanced by. */
    if (fm_label_rule_fit(&rule, pool, err) < 0) return -1;
    const char *opt_field = meta_options_field(queries);

    const char **classes = NULL;
    size_t nclasses = 0, *class_of = NULL;
    if (fm_label_classify(&rule, pool, &classes, &nclasses, &class_of, err) < 0) return -1;

    int rc = -1;
    fm_strbuf text = FM_STRBUF_INIT, line = FM_STRBUF_INIT, part = FM_STRBUF_INIT,
              scratch = FM_STRBUF_INIT, key = FM_STRBUF_INIT, qin = FM_STRBUF_INIT;
    part_writer w = { FM_STRBUF_INIT, FM_STRBUF_INIT, NULL, 0, 0, on_file, ctx };
    fm_demo_pool *dp = fm_demo_pool_new(c->k1, c->b);
    for (size_t i = 0; i < pool->n; i++) {
        match_text(c, &pool->recs[i], lf, opt_field, &text);
        fm_demo_pool_add(dp, text.buf, text.len, class_of[i]);
    }
    fm_demo_pool_build(dp, nclasses);
    fm_demo_searcher *srch = fm_demo_searcher_new(dp);
    fm_demo_pick *picks = fm_xmalloc(fm_demo_max_picks(dp, &c->demos) * sizeof *picks);
    id_at *ids = fm_xmalloc((pool->n ? pool->n : 1) * sizeof *ids);
    for (size_t i = 0; i < pool->n; i++) {
        ids[i].h = fm_hash64(pool->recs[i].id, strlen(pool->recs[i].id));
        ids[i].i = i;
    }
    fm_qsort(ids, pool->n, sizeof *ids, cmp_id_at);

    fm_strbuf_addf(&part, "examples/%s/%s", queries->task, c->format);
    fm_path_join(&scratch, outdir, part.buf);
    char *dir = fm_strbuf_detach(&scratch, NULL);
    w.dir = dir;
    if (fm_mkdir_p(dir, err) < 0) goto out;
    fm_remove_stale_temps(dir);

    for (size_t q = 0; q < queries->n; q++) {
        const fm_rsrec *r = &queries->recs[q];
        const char *qcls;
        if (fm_label_class(&rule, r, &qcls, NULL, err) < 0) goto out;
        fm_rng rng;
        fm_strbuf_reset(&key);
        fm_strbuf_addf(&key, "lmbff/%s/template", queries->task);
        fm_rng_seed_keyed_index(&rng, seed, key.buf, q);
        size_t ti = (size_t)fm_rng_below(&rng, c->ntpl);
        const fm_lmbff_template *t = &c->tpl[ti];

        size_t np = 0;
        if (c->use_demos) {
            fm_strbuf_reset(&key);
            fm_strbuf_addf(&key, "lmbff/%s/demos", queries->task);
            fm_rng_seed_keyed_index(&rng, seed, key.buf, q);
            size_t exclude = find_id(ids, pool->n, pool, r->id);
            match_text(c, r, lf, opt_field, &text);
            double t0 = fm_now_seconds(), c0 = cpu_seconds();
            np = fm_demo_select(srch, &c->demos, text.buf, text.len, exclude, &rng, picks);
            counts->select_seconds += fm_now_seconds() - t0;
            counts->select_cpu_seconds += cpu_seconds() - c0;
        }

        render_ctx rq = { r, c->mask_token, qcls, fm_lmbff_label_word(c, qcls), opt_field, &scratch };
        fm_strbuf_reset(&qin);
        if (render(&t->inputs, &rq, &qin, err) < 0) goto out;
        fm_strbuf_reset(&text);
        if (!c->demos_first) fm_strbuf_add(&text, qin.buf, qin.len);
        for (size_t k = 0; k < np; k++) {
            const fm_rsrec *e = &pool->recs[picks[k].item];
            const char *ecls = classes[picks[k].cls];
            const char *ew = fm_lmbff_label_word(c, ecls);
            render_ctx re = { e, ew, ecls, ew, opt_field, &scratch };
            if (text.len || k) fm_strbuf_addstr(&text, c->separator);
            if (render(t->has_demo_inputs ? &t->demo_inputs : &t->inputs, &re, &text, err) < 0) goto out;
        }
        if (c->demos_first) {
            if (np) fm_strbuf_addstr(&text, c->separator);
            fm_strbuf_add(&text, qin.buf, qin.len);
        }
        fm_strbuf_reset(&qin);
        if (render(&t->targets, &rq, &qin, err) < 0) goto out;

        /* the example line: contracts.md section 2 keys, then ours */
        fm_strbuf_reset(&line);
        fm_strbuf_reset(&key);
        fm_strbuf_addf(&key, "%s/%s", r->id, c->format);
        fm_strbuf_addstr(&line, "{\"id\":");
        fm_json_add_string(&line, key.buf, key.len);
        fm_strbuf_addstr(&line, ",\"task\":");
        fm_json_add_string(&line, queries->task, strlen(queries->task));
        fm_strbuf_addstr(&line, ",\"format\":");
        fm_json_add_string(&line, c->format, strlen(c->format));
        fm_strbuf_addf(&line, ",\"template\":%zu,\"inputs\":", ti);
        fm_json_add_string(&line, text.buf, text.len);
        fm_strbuf_addstr(&line, ",\"targets\":");
        fm_json_add_string(&line, qin.buf, qin.len);
        fm_strbuf_addstr(&line, ",\"record\":");
        fm_json_add_string(&line, r->id, strlen(r->id));
        fm_strbuf_addstr(&line, ",\"exemplars\":[");
        for (size_t k = 0; k < np; k++) {
            const char *eid = pool->recs[picks[k].item].id;
            if (k) fm_strbuf_addch(&line, ',');
            fm_json_add_string(&line, eid, strlen(eid));
        }
        fm_strbuf_addstr(&line, "],\"demos\":");
        const char *mode = c->use_demos ? fm_demo_mode_name(c->demos.mode) : "none";
        fm_json_add_string(&line, mode, strlen(mode));
        if (c->use_demos && c->demos.mode == FM_DEMO_SIMILAR) {
            fm_strbuf_addstr(&line, ",\"exemplar_scores\":[");
            for (size_t k = 0; k < np; k++)
                fm_strbuf_addf(&line, "%s%.6f", k ? "," : "", picks[k].score);
            fm_strbuf_addch(&line, ']');
        }
        fm_strbuf_addstr(&line, ",\"label\":");
        fm_json_add_string(&line, qcls, strlen(qcls));
        fm_strbuf_addstr(&line, ",\"label_word\":");
        if (rq.label_word) fm_json_add_string(&line, rq.label_word, strlen(rq.label_word));
        else fm_strbuf_addstr(&line, "null");
        fm_strbuf_addstr(&line, ",\"mask_token\":");
        fm_json_add_string(&line, c->mask_token, strlen(c->mask_token));
        fm_strbuf_addstr(&line, "}\n");
        fm_strbuf_add(&w.buf, line.buf, line.len);
        counts->examples++;
        if (++w.in_part == EXAMPLES_PER_PART && flush_part(&w, err) < 0) goto out;
    }
    if ((w.in_part || w.part == 0) && flush_part(&w, err) < 0) goto out;
    rc = 0;
out:
    free(dir);
    free(ids);
    free(picks);
    fm_demo_searcher_free(srch);
    fm_demo_pool_free(dp);
    free(classes);
    free(class_of);
    fm_strbuf_release(&text);
    fm_strbuf_release(&line);
    fm_strbuf_release(&part);
    fm_strbuf_release(&scratch);
    fm_strbuf_release(&key);
    fm_strbuf_release(&qin);
    fm_strbuf_release(&w.buf);
    fm_strbuf_release(&w.path);
    return rc;
}
