#include "formatter.h"

#include "fileio.h"
#include "json.h"
#include "jsonarena.h"
#include "rng.h"

#include <stdlib.h>
#include <string.h>

/* ---- format names ------------------------------------------------------------------ */
static const char *const FORMAT_NAMES[FM_FMT_COUNT] = {
    "zs_opt", "zs_noopt", "fs_x", "fs_x_noopt", "fs_mix", "fs_mix_noopt",
};

const char *fm_format_name(fm_format f) { return f < FM_FMT_COUNT ? FORMAT_NAMES[f] : "?"; }

int fm_format_parse(const char *s, size_t n, fm_format *out)
{
    for (int f = 0; f < FM_FMT_COUNT; f++)
        if (strlen(FORMAT_NAMES[f]) == n && !memcmp(FORMAT_NAMES[f], s, n)) {
            *out = (fm_format)f;
            return 0;
        }
    return -1;
}

int fm_format_is_few_shot(fm_format f) { return f >= FM_FMT_FS_X; }
static int is_mix(fm_format f) { return f == FM_FMT_FS_MIX || f == FM_FMT_FS_MIX_NOOPT; }
static int is_x(fm_format f) { return f == FM_FMT_FS_X || f == FM_FMT_FS_X_NOOPT; }

void fm_format_cfg_init(fm_format_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->choice = FM_CHOICE_FLAN;
    c->options = FM_OPTIONS_RANDOM;
    c->fewshot_max_len = 1920;
    c->x_shot_window = 25;
    c->mix_shots = 5;
    c->niv2_x_shots = 2;
}

const char *fm_mix_separator(uint64_t seed, const char *task)
{
    static const char *const SEPS[3] = { "\n", "\n\n", "\n\n\n" };
    fm_rng r;
    fm_strbuf key = FM_STRBUF_INIT;
    fm_strbuf_addf(&key, "mix_separator/%s", task);
    fm_rng_seed_keyed(&r, seed, key.buf);
    fm_strbuf_release(&key);
    return SEPS[fm_rng_below(&r, 3)];
}

/* ---- option styles ------------------------------------------------------------------ */
static void roman(int v, char *out)
{
    static const int val[] = { 10, 9, 5, 4, 1 };
    static const char *const sym[] = { "x", "ix", "v", "iv", "i" };
    out[0] = '\0';
    for (int i = 0; i < 5; i++)
        while (v >= val[i]) {
            strcat(out, sym[i]);
            v -= val[i];
        }
}

static char *make_item(const char *item, const char *labels, int i)
{
    char label[16] = "";
    if (labels) {
        if (!strcmp(labels, "A")) snprintf(label, sizeof label, "%c", 'A' + i);
        else if (!strcmp(labels, "a")) snprintf(label, sizeof label, "%c", 'a' + i);
        else if (!strcmp(labels, "1")) snprintf(label, sizeof label, "%d", i + 1);
        else if (!strcmp(labels, "i") || !strcmp(labels, "I")) {
            roman(i + 1, label);
            if (labels[0] == 'I')
                for (char *p = label; *p; p++) *p = (char)(*p - 'a' + 'A');
        }
    }
    fm_strbuf out = FM_STRBUF_INIT;
    const char *mark = "{label}";
    const char *p = item;
    for (;;) {
        const char *q = strstr(p, mark);
        if (!q) break;
        fm_strbuf_add(&out, p, (size_t)(q - p));
        fm_strbuf_addstr(&out, label);
        p = q + strlen(mark);
    }
    fm_strbuf_addstr(&out, p);
    if (!out.cap) return fm_xstrdup("");
    return fm_strbuf_detach(&out, NULL);
}

static int string_list(const cJSON *root, const char *key, char ***out, size_t *n, const char *path,
                       fm_error *err)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0)
        return fm_error_set(err, FM_EUSAGE, path, 0, key, "expected a non-empty array of strings");
    *n = (size_t)cJSON_GetArraySize(a);
    *out = fm_xcalloc(*n, sizeof(char *));
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a) {
        if (!cJSON_IsString(e))
            return fm_error_set(err, FM_EUSAGE, path, 0, key, "element %zu is not a string", i);
        (*out)[i++] = fm_xstrdup(e->valuestring);
    }
    return 0;
}

int fm_option_styles_parse(fm_option_styles *o, const char *text, size_t n, const char *path,
                           fm_error *err)
{
    memset(o, 0, sizeof *o);
    cJSON *root = fm_json_parse(text, n, path, 0, err);
    if (!root) return -1;
    int rc = 0;
    if (string_list(root, "start_strings", &o->starts, &o->nstarts, path, err) < 0 ||
        string_list(root, "end_strings", &o->ends, &o->nends, path, err) < 0) {
        rc = -1;
        goto out;
    }
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "item_styles");
    if (!cJSON_IsArray(st) || cJSON_GetArraySize(st) == 0) {
        rc = fm_error_set(err, FM_EUSAGE, path, 0, "item_styles", "expected a non-empty array");
        goto out;
    }
    o->nstyles = (size_t)cJSON_GetArraySize(st);
    o->styles = fm_xcalloc(o->nstyles, sizeof *o->styles);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, st) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(e, "item");
        const cJSON *labels = cJSON_GetObjectItemCaseSensitive(e, "labels");
        const char *lb = cJSON_IsString(labels) ? labels->valuestring : NULL;
        if (!cJSON_IsString(item) || (labels && !cJSON_IsNull(labels) && !lb) ||
            (lb && strcmp(lb, "A") && strcmp(lb, "a") && strcmp(lb, "1") && strcmp(lb, "i") &&
             strcmp(lb, "I"))) {
            rc = fm_error_set(err, FM_EUSAGE, path, 0, "item_styles",
                              "style %zu: expected {\"item\": string, \"labels\": \"A\"|\"a\"|\"1\"|\"i\"|\"I\"|null}",
                              i);
            goto out;
        }
        for (int k = 0; k < 26; k++) o->styles[i].items[k] = make_item(item->valuestring, lb, k);
        i++;
    }
out:
    cJSON_Delete(root);
    if (rc < 0) fm_option_styles_release(o);
    return rc;
}

int fm_option_styles_load(fm_option_styles *o, const char *path, fm_error *err)
{
    fm_strbuf text = FM_STRBUF_INIT;
    memset(o, 0, sizeof *o);
    if (fm_read_file(path, &text, err) < 0) return -1;
    int rc = fm_option_styles_parse(o, text.buf, text.len, path, err);
    fm_strbuf_release(&text);
    return rc;
}

void fm_option_styles_release(fm_option_styles *o)
{
    for (size_t i = 0; i < o->nstarts; i++) free(o->starts ? o->starts[i] : NULL);
    for (size_t i = 0; i < o->nends; i++) free(o->ends ? o->ends[i] : NULL);
    for (size_t i = 0; i < o->nstyles; i++)
        for (int k = 0; k < 26; k++) free(o->styles[i].items[k]);
    free(o->starts);
    free(o->ends);
    free(o->styles);
    memset(o, 0, sizeof *o);
}

/* ---- task metadata ---------------------------------------------------------------------- */
static char *opt_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? fm_xstrdup(v->valuestring) : NULL;
}

int fm_task_parse_meta(fm_task *t, const char *text, size_t n, const char *path, fm_error *err)
{
    memset(t, 0, sizeof *t);
    cJSON *root = fm_json_parse(text, n, path, 0, err);
    if (!root) return -1;
    int rc = 0;
    if (!cJSON_IsObject(root)) {
        rc = fm_error_set(err, FM_EINPUT, path, 0, NULL, "meta.json is not a JSON object");
        goto out;
    }
    t->name = opt_str(root, "task");
    t->templates = opt_str(root, "templates");
    t->kind = opt_str(root, "kind");
    t->options_field = opt_str(root, "options_field");
    t->answer_field = opt_str(root, "answer_field");
    t->options_style = opt_str(root, "options_style");
    if (!t->answer_field) t->answer_field = fm_xstrdup("answer");
    if (!t->kind) t->kind = fm_xstrdup("plain");
    if (!t->name || !t->templates) {
        rc = fm_error_set(err, FM_EINPUT, path, 0, t->name ? "templates" : "task",
                          "meta.json lacks this key");
        goto out;
    }
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!cJSON_IsArray(fs)) {
        rc = fm_error_set(err, FM_EINPUT, path, 0, "fields", "expected an array of field names");
        goto out;
    }
    t->nfields = (size_t)cJSON_GetArraySize(fs);
    t->fields = fm_xcalloc(t->nfields + 1, sizeof(char *));
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, fs) {
        if (!cJSON_IsString(e)) {
            rc = fm_error_set(err, FM_EINPUT, path, 0, "fields", "element %zu is not a string", i);
            t->nfields = i;
            goto out;
        }
        t->fields[i++] = fm_xstrdup(e->valuestring);
    }
    const cJSON *nv = cJSON_GetObjectItemCaseSensitive(root, "niv2");
    t->is_niv2 = !strcmp(t->kind, "niv2") || cJSON_IsObject(nv);
    if (t->is_niv2) {
        t->definition = cJSON_IsObject(nv) ? opt_str(nv, "definition") : NULL;
        const cJSON *pe = cJSON_IsObject(nv) ? cJSON_GetObjectItemCaseSensitive(nv, "positive_examples") : NULL;
        const cJSON *p0 = cJSON_IsArray(pe) ? cJSON_GetArrayItem(pe, 0) : NULL;
        if (cJSON_IsObject(p0)) {
            t->ex_input = opt_str(p0, "input");
            t->ex_output = opt_str(p0, "output");
            t->ex_explanation = opt_str(p0, "explanation");
        }
        if (!t->definition) t->definition = fm_xstrdup("");
        if (!t->ex_input) t->ex_input = fm_xstrdup("");
        if (!t->ex_output) t->ex_output = fm_xstrdup("");
        if (!t->ex_explanation) t->ex_explanation = fm_xstrdup("");
    }
out:
    cJSON_Delete(root);
    if (rc < 0) fm_task_release(t);
    return rc;
}

int fm_task_load_meta(fm_task *t, const char *path, fm_error *err)
{
    fm_strbuf text = FM_STRBUF_INIT;
    memset(t, 0, sizeof *t);
    if (fm_read_file(path, &text, err) < 0) return -1;
    int rc = fm_task_parse_meta(t, text.buf, text.len, path, err);
    fm_strbuf_release(&text);
    return rc;
}

void fm_task_release(fm_task *t)
{
    for (size_t i = 0; i < t->nfields; i++) free(t->fields[i]);
    free(t->fields);
    free(t->name);
    free(t->templates);
    free(t->kind);
    free(t->options_field);
    free(t->answer_field);
    free(t->options_style);
    free(t->definition);
    free(t->ex_input);
    free(t->ex_output);
    free(t->ex_explanation);
    memset(t, 0, sizeof *t);
}

const char **fm_task_names(const fm_task *t, size_t *n)
{
    const char **v = fm_xcalloc(t->nfields + 6, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < t->nfields; i++) v[k++] = t->fields[i];
    if (t->options_field) v[k++] = "options_";
    if (t->is_niv2) {
        v[k++] = "Definition";
        v[k++] = "ex_input";
        v[k++] = "ex_output";
        v[k++] = "ex_explanation";
    }
    *n = k;
    return v;
}

/* ---- records ------------------------------------------------------------------------------ */
static void record_clear(fm_record *r);

int fm_record_parse(fm_record *r, const char *line, size_t n, const char *file, long lineno,
                    fm_error *err)
{
    struct fm_jarena *arena = r->arena;
    if (r->root && !r->in_arena) cJSON_Delete(r->root);
    memset(r, 0, sizeof *r);
    /* The arena's fast path for plain JSON; cJSON (and its exact errors) otherwise. */
    if (!arena) arena = fm_jarena_new();
    r->arena = arena;
    const cJSON *fast = fm_jarena_parse(arena, line, n);
    if (fast) {
        r->root = (cJSON *)fast;
        r->in_arena = 1;
    } else {
        r->root = fm_json_parse(line, n, file, lineno, err);
    }
    if (!r->root) return -1;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(r->root, "id");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(r->root, "fields");
    if (!cJSON_IsString(id) || !cJSON_IsObject(f)) {
        record_clear(r);
        return fm_error_set(err, FM_EINPUT, file, lineno, cJSON_IsString(id) ? "fields" : "id",
                            "not a record: needs a string \"id\" and an object \"fields\"");
    }
    r->id = id->valuestring;
    r->fields = f;
    return 0;
}

/* Drop the record but keep the arena for the next parse. */
static void record_clear(fm_record *r)
{
    if (!r->in_arena) cJSON_Delete(r->root);
    struct fm_jarena *arena = r->arena;
    memset(r, 0, sizeof *r);
    r->arena = arena;
}

void fm_record_release(fm_record *r)
{
    record_clear(r);
    fm_jarena_free(r->arena);
    memset(r, 0, sizeof *r);
}

/* A field's text: strings as they are, lists by their first element ("" if empty). */
static int field_text(const fm_record *r, const char *name, const char **v, size_t *len)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(r->fields, name);
    if (cJSON_IsString(f)) {
        *v = f->valuestring;
        *len = strlen(*v);
        return 0;
    }
    if (cJSON_IsArray(f)) {
        const cJSON *e = f->child;
        *v = cJSON_IsString(e) ? e->valuestring : "";
        *len = strlen(*v);
        return 0;
    }
    return -1;
}

/* ---- rendering ---------------------------------------------------------------------------- */
typedef struct lookup_ctx {
    const fm_task *task;
    const fm_record *rec;
    const char *options_;   size_t options_len;   /* NULL: not computed */
    const char *answer;     size_t answer_len;    /* rewritten answer, NULL if not */
    const char *prompt;     size_t prompt_len;
} lookup_ctx;

static int lookup(void *vctx, const char *name, size_t nl, const char **v, size_t *len)
{
    lookup_ctx *c = vctx;
    (void)nl;
    if (name[0] == '_' && !strcmp(name, "_prompt") && c->prompt) {
        *v = c->prompt;
        *len = c->prompt_len;
        return 0;
    }
    if (c->options_ && !strcmp(name, "options_")) {
        *v = c->options_;
        *len = c->options_len;
        return 0;
    }
    if (c->answer && !strcmp(name, c->task->answer_field)) {
        *v = c->answer;
        *len = c->answer_len;
        return 0;
    }
    if (c->rec && field_text(c->rec, name, v, len) == 0) return 0;
    if (c->task->is_niv2) {
        const char *s = !strcmp(name, "Definition")       ? c->task->definition
                        : !strcmp(name, "ex_input")       ? c->task->ex_input
                        : !strcmp(name, "ex_output")      ? c->task->ex_output
                        : !strcmp(name, "ex_explanation") ? c->task->ex_explanation
                                                          : NULL;
        if (s) {
            *v = s;
            *len = strlen(s);
            return 0;
        }
    }
    return -1;
}

static int render(const fm_tmpl *t, lookup_ctx *c, fm_strbuf *out, fm_error *err)
{
    if (fm_tmpl_render(t, lookup, c, out, err) < 0) {
        if (c->rec && c->rec->id) {
            char why[1024], field[128];
            memcpy(why, err->reason, sizeof why);
            snprintf(field, sizeof field, "%s", err->field);
            fm_error_set(err, FM_EINPUT, NULL, 0, field, "record %s: %s", c->rec->id, why);
        }
        return -1;
    }
    return 0;
}

static void ascii_strip(const char *s, size_t n, const char **o, size_t *on)
{
    while (n && strchr(" \t\n\r\v\f", s[0]) && s[0]) { s++; n--; }
    while (n && strchr(" \t\n\r\v\f", s[n - 1]) && s[n - 1]) n--;
    *o = s;
    *on = n;
}

/* Per-record computed values: the options string and (randomized styles) the answer. */
typedef struct rec_ctx {
    fm_record rec;
    int parsed;
    fm_strbuf options_;
    fm_strbuf answer;
    int has_options, has_answer;
} rec_ctx;

static void rec_ctx_clear(rec_ctx *r)
{
    if (r->parsed) record_clear(&r->rec);
    r->parsed = 0;
    r->has_options = r->has_answer = 0;
    fm_strbuf_reset(&r->options_);
    fm_strbuf_reset(&r->answer);
}

static void rec_ctx_free(rec_ctx *r)
{
    rec_ctx_clear(r);
    fm_record_release(&r->rec);
    fm_strbuf_release(&r->options_);
    fm_strbuf_release(&r->answer);
}

/* Build options_ for a record: deterministic "OPTIONS:\n- a\n- b", or (randomized) S +
 * sum(I_i + opt_i + E) with the answer rewritten to strip(I_i) when the style enumerates
 * (flan_v2_spec.md section 5). */
static int build_options(const fm_format_cfg *cfg, const fm_task *task, rec_ctx *rc, int randomized,
                         uint64_t pos, fm_error *err)
{
    if (!task->options_field) return 0;
    const cJSON *ol = cJSON_GetObjectItemCaseSensitive(rc->rec.fields, task->options_field);
    if (!ol) return 0; /* a template that uses options_ fails with the field named */
    if (!cJSON_IsArray(ol))
        return fm_error_set(err, FM_EINPUT, NULL, 0, task->options_field,
                            "record %s: the options field is not a list", rc->rec.id);
    size_t nopt = (size_t)cJSON_GetArraySize(ol);
    rc->has_options = 1;
    if (!randomized) {
        fm_strbuf_addstr(&rc->options_, "OPTIONS:\n- ");
        size_t i = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, ol) {
            if (i++) fm_strbuf_addstr(&rc->options_, "\n- ");
            fm_strbuf_addstr(&rc->options_, cJSON_IsString(e) ? e->valuestring : "");
        }
        return 0;
    }
    const fm_option_styles *st = cfg->styles;
    if (nopt > 26)
        return fm_error_set(err, FM_EINPUT, NULL, 0, task->options_field,
                            "record %s: %zu options; randomized option styles label at most 26",
                            rc->rec.id, nopt);
    fm_rng r;
    char kb[256]; /* the key "options/<task>", on the stack unless the name is long */
    size_t tl = strlen(task->name);
    if (tl + 9 <= sizeof kb) {
        memcpy(kb, "options/", 8);
        memcpy(kb + 8, task->name, tl + 1);
        fm_rng_seed_keyed_index(&r, cfg->seed, kb, pos);
    } else {
        fm_strbuf key = FM_STRBUF_INIT;
        fm_strbuf_addf(&key, "options/%s", task->name);
        fm_rng_seed_keyed_index(&r, cfg->seed, key.buf, pos);
        fm_strbuf_release(&key);
    }
    size_t si = fm_rng_below(&r, st->nstarts);
    size_t ii = fm_rng_below(&r, st->nstyles);
    size_t ei = fm_rng_below(&r, st->nends);
    const fm_option_style *style = &st->styles[ii];
    fm_strbuf_addstr(&rc->options_, st->starts[si]);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, ol) {
        fm_strbuf_addstr(&rc->options_, style->items[i]);
        fm_strbuf_addstr(&rc->options_, cJSON_IsString(e) ? e->valuestring : "");
        fm_strbuf_addstr(&rc->options_, st->ends[ei]);
        i++;
    }
    /* Does the style enumerate? FLAN: the stripped item names are all distinct. */
    int distinct = 1;
    for (size_t a = 0; a < nopt && distinct; a++)
        for (size_t b = a + 1; b < nopt && distinct; b++) {
            const char *x, *y;
            size_t xl, yl;
            ascii_strip(style->items[a], strlen(style->items[a]), &x, &xl);
            ascii_strip(style->items[b], strlen(style->items[b]), &y, &yl);
            if (xl == yl && !memcmp(x, y, xl)) distinct = 0;
        }
    const char *ans;
    size_t al;
    if (!distinct || field_text(&rc->rec, task->answer_field, &ans, &al) < 0) return 0;
    const char *sa;
    size_t sal;
    ascii_strip(ans, al, &sa, &sal);
    i = 0;
    cJSON_ArrayForEach(e, ol) {
        const char *o = cJSON_IsString(e) ? e->valuestring : "", *so;
        size_t sol;
        ascii_strip(o, strlen(o), &so, &sol);
        if (sol == sal && !memcmp(so, sa, sal)) {
            const char *lab;
            size_t ll;
            ascii_strip(style->items[i], strlen(style->items[i]), &lab, &ll);
            fm_strbuf_add(&rc->answer, lab, ll);
            rc->has_answer = 1;
            break;
        }
        i++;
    }
    return 0;
}

static void ctx_for(lookup_ctx *c, const fm_task *task, const rec_ctx *rc)
{
    memset(c, 0, sizeof *c);
    c->task = task;
    c->rec = &rc->rec;
    if (rc->has_options) {
        c->options_ = rc->options_.buf;
        c->options_len = rc->options_.len;
    }
    if (rc->has_answer) {
        c->answer = rc->answer.buf;
        c->answer_len = rc->answer.len;
    }
}

/* prefix + inputs + x_y_delimiter + targets_prefix */
static int render_head(const fm_template *p, lookup_ctx *c, fm_strbuf *out, fm_error *err)
{
    if (render(&p->prop[FM_TP_INPUTS_PREFIX], c, out, err) < 0 ||
        render(&p->prop[FM_TP_INPUTS], c, out, err) < 0 ||
        render(&p->prop[FM_TP_X_Y_DELIMITER], c, out, err) < 0 ||
        render(&p->prop[FM_TP_TARGETS_PREFIX], c, out, err) < 0)
        return -1;
    return 0;
}

/* ---- record cursors --------------------------------------------------------------------------
 * Sequential reader over a task's part files, positioned by record index. Seeking backwards
 * reopens the files (the exemplar windows wrap around the stream). */
typedef struct cursor {
    char *const *files;
    size_t nfiles, fi;
    fm_reader *r;
    uint64_t pos; /* index of the next line */
    fm_strbuf line;
    int failed;   /* reading failed: the stream is broken, not one record (never skipped) */
} cursor;

static void cursor_init(cursor *c, char *const *files, size_t nfiles)
{
    memset(c, 0, sizeof *c);
    c->files = files;
    c->nfiles = nfiles;
}

static void cursor_close(cursor *c)
{
    if (c->r) fm_reader_close(c->r);
    c->r = NULL;
    fm_strbuf_release(&c->line);
}

/* Next line into c->line; 1, 0 at the end, -1 on error. */
static int cursor_next(cursor *c, fm_error *err)
{
    for (;;) {
        if (!c->r) {
            if (c->fi >= c->nfiles) return 0;
            if (!(c->r = fm_reader_open(c->files[c->fi], err))) return -1;
        }
        int rc = fm_reader_getline(c->r, &c->line, NULL, err);
        if (rc < 0) return -1;
        if (rc == 1) {
            c->pos++;
            return 1;
        }
        fm_reader_close(c->r);
        c->r = NULL;
        c->fi++;
    }
}

static int cursor_read_at(cursor *c, uint64_t p, fm_error *err)
{
    if (p < c->pos) {
        if (c->r) fm_reader_close(c->r);
        c->r = NULL;
        c->fi = 0;
        c->pos = 0;
    }
    while (c->pos <= p) {
        int rc = cursor_next(c, err);
        if (rc < 0) return c->failed = 1, -1;
        if (rc == 0)
            return c->failed = 1, fm_error_set(err, FM_EINPUT, c->nfiles ? c->files[c->nfiles - 1] : NULL, 0, NULL,
                                "record %llu expected but the files end (did they change?)",
                                (unsigned long long)p);
    }
    return 0;
}

static const char *cursor_file(const cursor *c)
{
    return c->fi < c->nfiles ? c->files[c->fi] : NULL;
}

static int cursor_parse(cursor *c, rec_ctx *rc, fm_error *err)
{
    rec_ctx_clear(rc);
    if (fm_record_parse(&rc->rec, c->line.buf, c->line.len, cursor_file(c),
                        c->r ? fm_reader_lineno(c->r) : 0, err) < 0)
        return -1;
    rc->parsed = 1;
    rc->rec.pos = c->pos - 1;
    return 0;
}

int fm_count_records(char *const *files, size_t nfiles, uint64_t *n, fm_error *err)
{
    *n = 0;
    char *buf = fm_xmalloc(1 << 16);
    int rc = 0;
    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        fm_reader *r = fm_reader_open(files[i], err);
        if (!r) { rc = -1; break; }
        char last = '\n';
        long got;
        while ((got = fm_reader_read(r, buf, 1 << 16, err)) > 0) {
            for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))); p++) (*n)++;
            last = buf[got - 1];
        }
        if (got < 0) rc = -1;
        else if (last != '\n') (*n)++;
        fm_reader_close(r);
    }
    free(buf);
    return rc;
}

/* ---- planning ------------------------------------------------------------------------------ */
static fm_tpl_kind kind_for(const fm_task *task, fm_format f)
{
    switch (f) {
    case FM_FMT_ZS_OPT: return FM_TK_ZERO_SHOT;
    case FM_FMT_ZS_NOOPT: return FM_TK_ZERO_SHOT_NO_OPTIONS;
    case FM_FMT_FS_X: return FM_TK_FEW_SHOT;
    case FM_FMT_FS_X_NOOPT: return FM_TK_FEW_SHOT_NO_OPTIONS;
    case FM_FMT_FS_MIX: return task->is_niv2 ? FM_TK_INLINE_FEW_SHOT : FM_TK_FEW_SHOT;
    case FM_FMT_FS_MIX_NOOPT: return task->is_niv2 ? FM_TK_INLINE_FEW_SHOT : FM_TK_FEW_SHOT_NO_OPTIONS;
    default: return FM_TK_ZERO_SHOT;
    }
}

/* Does the format draw exemplars from records? (NIV2 mix is an inline zero-shot template.) */
static int uses_exemplars(const fm_task *task, fm_format f)
{
    return fm_format_is_few_shot(f) && !(task->is_niv2 && is_mix(f));
}

int fm_format_plan(const fm_format_cfg *cfg, const fm_task *task, const fm_template_set *set,
                   fm_format f, uint64_t nrecords, fm_tpl_kind *kind, size_t *ntemplates,
                   fm_error *err)
{
    fm_tpl_kind k = kind_for(task, f);
    size_t n = set->n[k];
    if (is_mix(f) && !task->is_niv2) fm_template_set_mix(set, k, &n);
    *kind = k;
    *ntemplates = n;
    if (!n)
        return fm_error_set(err, FM_EUSAGE, set->path, 0, NULL,
                            "format %s of task '%s' needs %s templates%s and the set has none",
                            fm_format_name(f), task->name, fm_tpl_kind_name(k),
                            is_mix(f) && !task->is_niv2 ? " with in_template_mix true" : "");
    if (!uses_exemplars(task, f)) return 0;
    uint64_t need = cfg->choice == FM_CHOICE_FLAN ? n : 1;
    uint64_t min = task->is_niv2 && is_x(f) ? (uint64_t)cfg->niv2_x_shots + 1 : 2;
    if (need < min) need = min;
    if (nrecords < need)
        return fm_error_set(err, FM_EUSAGE, set->path, 0, NULL,
                            "format %s of task '%s': the task has %llu record%s, too few for a few-shot "
                            "format (needs at least %llu%s)",
                            fm_format_name(f), task->name, (unsigned long long)nrecords,
                            nrecords == 1 ? "" : "s", (unsigned long long)need,
                            cfg->choice == FM_CHOICE_FLAN && need == n ? ": one per template" : "");
    return 0;
}

/* ---- the per-task driver ---------------------------------------------------------------------- */
typedef struct exemplar {
    rec_ctx rc;
    const fm_template *pat;
} exemplar;

typedef struct driver {
    const fm_format_cfg *cfg;
    const fm_task *task;
    const fm_template_set *set;
    fm_format f;
    fm_tpl_kind kind;
    size_t N;
    const size_t *mixlist;
    uint64_t n, nq; /* records, queries (after the tail) */
    cursor q, ex;
    rec_ctx query;
    exemplar *exs;  size_t nex, capex;
    rec_ctx *pool;  size_t npool; uint64_t pool_start; int pool_loaded;
    fm_strbuf inputs, targets, tmp, key;
    const char **ids;
    const char *sep;
} driver;

static const fm_template *tpl(const driver *d, size_t t)
{
    if (is_mix(d->f) && !d->task->is_niv2) return &d->set->t[d->kind][d->mixlist[t]];
    return &d->set->t[d->kind][t];
}

static exemplar *add_exemplar(driver *d)
{
    if (d->nex == d->capex) {
        size_t nc = d->capex ? d->capex * 2 : 8;
        d->exs = fm_xrealloc(d->exs, nc * sizeof *d->exs);
        memset(d->exs + d->capex, 0, (nc - d->capex) * sizeof *d->exs);
        d->capex = nc;
    }
    exemplar *e = &d->exs[d->nex++];
    rec_ctx_clear(&e->rc);
    return e;
}

static uint64_t draw(const driver *d, const char *purpose, uint64_t k, uint64_t below)
{
    fm_rng r;
    fm_strbuf key = FM_STRBUF_INIT;
    fm_strbuf_addf(&key, "%s/%s/%s", purpose, d->task->name, fm_format_name(d->f));
    fm_rng_seed_keyed_index(&r, d->cfg->seed, key.buf, k);
    fm_strbuf_release(&key);
    return fm_rng_below(&r, below);
}

/* Copy a parsed record (pool entry) into an exemplar slot, re-parsing its JSON. */
static int copy_record(rec_ctx *dst, const rec_ctx *src, fm_error *err)
{
    rec_ctx_clear(dst);
    char *txt = cJSON_PrintUnformatted(src->rec.root);
    int rc = fm_record_parse(&dst->rec, txt, strlen(txt), NULL, 0, err);
    free(txt);
    if (rc == 0) {
        dst->parsed = 1;
        dst->rec.pos = src->rec.pos;
    }
    return rc;
}

/* Random-choice pool for x_shot / mix: the block of `window` consecutive records holding the
 * query (the last block is the last `window` records). */
static int load_pool(driver *d, uint64_t k, fm_error *err)
{
    uint64_t w = (uint64_t)d->cfg->x_shot_window;
    uint64_t start = (k / w) * w;
    if (d->n > w && start > d->n - w) start = d->n - w;
    if (d->pool_loaded && start == d->pool_start) return 0;
    uint64_t end = start + w < d->n ? start + w : d->n;
    if (!d->pool) d->pool = fm_xcalloc((size_t)w, sizeof *d->pool);
    for (size_t i = 0; i < d->npool; i++) rec_ctx_clear(&d->pool[i]);
    d->npool = 0;
    for (uint64_t p = start; p < end; p++) {
        if (cursor_read_at(&d->ex, p, err) < 0 || cursor_parse(&d->ex, &d->pool[d->npool], err) < 0)
            return -1;
        d->npool++;
    }
    d->pool_start = start;
    d->pool_loaded = 1;
    return 0;
}

/* NIV2 x_shot pool: every record of the task. */
static int load_whole_pool(driver *d, fm_error *err)
{
    if (d->pool_loaded) return 0;
    d->pool = fm_xcalloc(d->n ? (size_t)d->n : 1, sizeof *d->pool);
    for (uint64_t p = 0; p < d->n; p++) {
        if (cursor_read_at(&d->ex, p, err) < 0 || cursor_parse(&d->ex, &d->pool[d->npool], err) < 0)
            return -1;
        d->npool++;
    }
    d->pool_loaded = 1;
    return 0;
}

/* Sample up to `want` distinct pool entries (excluding the query if asked), in draw order. */
static int sample_pool(driver *d, uint64_t k, size_t want, const char *purpose, int random_tpl,
                       fm_error *err)
{
    size_t *cand = fm_xmalloc((d->npool + 1) * sizeof *cand);
    size_t nc = 0;
    for (size_t i = 0; i < d->npool; i++)
        if (!(d->cfg->no_self_exemplar && d->pool[i].rec.pos == k)) cand[nc++] = i;
    fm_rng r;
    fm_strbuf_reset(&d->key);
    fm_strbuf_addf(&d->key, "%s/%s/%s", purpose, d->task->name, fm_format_name(d->f));
    fm_rng_seed_keyed_index(&r, d->cfg->seed, d->key.buf, k);
    int rc = 0;
    for (size_t j = 0; j < want && j < nc && rc == 0; j++) {
        size_t pick = j + (size_t)fm_rng_below(&r, nc - j);
        size_t tmp = cand[j];
        cand[j] = cand[pick];
        cand[pick] = tmp;
        exemplar *e = add_exemplar(d);
        rc = copy_record(&e->rc, &d->pool[cand[j]], err);
        e->pat = random_tpl ? tpl(d, (size_t)fm_rng_below(&r, d->N)) : NULL;
    }
    free(cand);
    return rc;
}

/* Choose exemplars for query k with template t (FLAN windows or random pools). */
static int choose_exemplars(driver *d, uint64_t k, size_t t, fm_error *err)
{
    for (size_t i = 0; i < d->nex; i++) rec_ctx_clear(&d->exs[i].rc);
    d->nex = 0;
    const fm_format_cfg *cfg = d->cfg;
    if (d->task->is_niv2) { /* x_shot: sampled from the task's pool */
        if (load_whole_pool(d, err) < 0) return -1;
        if (sample_pool(d, k, (size_t)cfg->niv2_x_shots, "niv2_exemplars", 0, err) < 0) return -1;
        /* shown in stream order, so that the draw is a set */
        for (size_t i = 1; i < d->nex; i++)
            for (size_t j = i; j > 0 && d->exs[j - 1].rc.rec.pos > d->exs[j].rc.rec.pos; j--) {
                exemplar sw = d->exs[j];
                d->exs[j] = d->exs[j - 1];
                d->exs[j - 1] = sw;
            }
        return 0;
    }
    if (cfg->choice == FM_CHOICE_RANDOM) {
        if (load_pool(d, k, err) < 0) return -1;
        if (is_x(d->f)) return sample_pool(d, k, 2 + (size_t)draw(d, "x_shots", k, 2), "exemplars", 0, err);
        return sample_pool(d, k, (size_t)cfg->mix_shots, "exemplars", 1, err);
    }
    /* FLAN: window k of the repeated templated stream (positions modulo nq). */
    uint64_t w = is_x(d->f) ? (uint64_t)cfg->x_shot_window : (uint64_t)cfg->mix_shots;
    for (uint64_t j = 0; j < w; j++) {
        uint64_t p = (k * w + j) % d->nq;
        size_t pt = (size_t)(p % d->N);
        if (is_x(d->f) && pt != t) continue;
        if (cfg->no_self_exemplar && p == k) continue;
        if (cursor_read_at(&d->ex, p, err) < 0) return -1;
        exemplar *e = add_exemplar(d);
        if (cursor_parse(&d->ex, &e->rc, err) < 0) return -1;
        e->pat = is_x(d->f) ? NULL : tpl(d, pt);
    }
    return 0;
}

static long count_tokens(driver *d, const fm_tmpl *t, lookup_ctx *c, fm_error *err)
{
    fm_strbuf_reset(&d->tmp);
    if (render(t, c, &d->tmp, err) < 0) return -1;
    return d->cfg->count_tokens(d->cfg->count_ctx, d->tmp.buf, d->tmp.len, err);
}

/* FLAN's length pruning: keep the longest prefix of exemplars whose inputs+targets tokens
 * fit in max_len - tokens(query inputs). Returns the number pruned or -1. */
static long prune(driver *d, const fm_template *qp, fm_error *err)
{
    if (!d->cfg->count_tokens || !d->nex) return 0;
    lookup_ctx c;
    ctx_for(&c, d->task, &d->query);
    long q = count_tokens(d, &qp->prop[FM_TP_INPUTS], &c, err);
    if (q < 0) return -1;
    long budget = d->cfg->fewshot_max_len - q, total = 0;
    size_t keep = 0;
    for (; keep < d->nex; keep++) {
        const fm_template *p = d->exs[keep].pat ? d->exs[keep].pat : qp;
        ctx_for(&c, d->task, &d->exs[keep].rc);
        long a = count_tokens(d, &p->prop[FM_TP_INPUTS], &c, err);
        if (a < 0) return -1;
        long b = count_tokens(d, &p->prop[FM_TP_TARGETS], &c, err);
        if (b < 0) return -1;
        total += a + b;
        if (total > budget) break;
    }
    long pruned = (long)(d->nex - keep);
    for (size_t i = keep; i < d->nex; i++) rec_ctx_clear(&d->exs[i].rc);
    d->nex = keep;
    return pruned;
}

/* Apply a template's input_pattern to the assembled prompt in d->inputs. */
static int apply_input_pattern(driver *d, const fm_template *p, fm_error *err)
{
    int niv2_default = d->task->is_niv2 && !p->prop_line[FM_TP_INPUT_PATTERN];
    const fm_tmpl *ip = &p->prop[FM_TP_INPUT_PATTERN];
    if (!niv2_default && ip->nsegs == 1 && ip->segs[0].is_field && !strcmp(ip->segs[0].text, "_prompt"))
        return 0; /* identity */
    fm_strbuf_reset(&d->tmp);
    if (niv2_default) {
        fm_strbuf_addstr(&d->tmp, d->task->definition);
        fm_strbuf_addstr(&d->tmp, "\n\n");
        fm_strbuf_add(&d->tmp, d->inputs.buf, d->inputs.len);
    } else {
        lookup_ctx c;
        ctx_for(&c, d->task, &d->query);
        c.prompt = d->inputs.buf;
        c.prompt_len = d->inputs.len;
        if (render(ip, &c, &d->tmp, err) < 0) return -1;
    }
    fm_strbuf tmp = d->inputs;
    d->inputs = d->tmp;
    d->tmp = tmp;
    return 0;
}

static int assemble(driver *d, const fm_template *qp, fm_error *err)
{
    lookup_ctx c;
    fm_strbuf_reset(&d->inputs);
    fm_strbuf_reset(&d->targets);
    if (!uses_exemplars(d->task, d->f)) { /* zero-shot, and NIV2's inline "mix" */
        ctx_for(&c, d->task, &d->query);
        if (render(&qp->prop[FM_TP_INPUTS], &c, &d->inputs, err) < 0 ||
            render(&qp->prop[FM_TP_TARGETS], &c, &d->targets, err) < 0)
            return -1;
        return 0;
    }
    int mix = is_mix(d->f);
    for (size_t i = 0; i < d->nex; i++) {
        const fm_template *p = d->exs[i].pat ? d->exs[i].pat : qp;
        ctx_for(&c, d->task, &d->exs[i].rc);
        if (render_head(p, &c, &d->inputs, err) < 0 || render(&p->prop[FM_TP_TARGETS], &c, &d->inputs, err) < 0)
            return -1;
        if (mix) fm_strbuf_addstr(&d->inputs, d->sep);
        else if (render(&p->prop[FM_TP_EXAMPLE_SEPARATOR], &c, &d->inputs, err) < 0) return -1;
    }
    ctx_for(&c, d->task, &d->query);
    if (render_head(qp, &c, &d->inputs, err) < 0) return -1;
    fm_strbuf_rtrim_spaces(&d->inputs);
    if (apply_input_pattern(d, qp, err) < 0) return -1;
    if (render(&qp->prop[FM_TP_TARGETS], &c, &d->targets, err) < 0) return -1;
    if (is_x(d->f)) {
        if (render(&qp->prop[FM_TP_EXAMPLE_SEPARATOR], &c, &d->targets, err) < 0) return -1;
        if (!d->task->is_niv2) fm_strbuf_trim_ascii(&d->targets); /* NIV2 keeps it: FLAN quirk */
    }
    return 0;
}

static void driver_free(driver *d)
{
    cursor_close(&d->q);
    cursor_close(&d->ex);
    rec_ctx_free(&d->query);
    for (size_t i = 0; i < d->capex; i++) rec_ctx_free(&d->exs[i].rc);
    free(d->exs);
    if (d->pool) {
        size_t cap = d->task->is_niv2 && is_x(d->f) ? (size_t)(d->n ? d->n : 1) : (size_t)d->cfg->x_shot_window;
        for (size_t i = 0; i < cap; i++) rec_ctx_free(&d->pool[i]);
    }
    free(d->pool);
    fm_strbuf_release(&d->inputs);
    fm_strbuf_release(&d->targets);
    fm_strbuf_release(&d->tmp);
    fm_strbuf_release(&d->key);
    free(d->ids);
}

/* Build and emit the example of query k (its line is in d->q). 0, or -1 with err set. */
static int one_query(driver *dd, uint64_t k, int randomized, fm_emit_fn emit, void *emit_ctx,
                     fm_format_counts *counts, fm_error *err)
{
    int rc = 0;
    const fm_format_cfg *cfg = dd->cfg;
    const fm_task *task = dd->task;
    fm_format f = dd->f;
#define d (*dd)
    do {
        rec_ctx_clear(&d.query);
        if ((rc = cursor_parse(&d.q, &d.query, err)) < 0) break;
        size_t t = cfg->choice == FM_CHOICE_FLAN ? (size_t)(k % d.N) : (size_t)draw(&d, "template", k, d.N);
        const fm_template *qp = tpl(&d, t);
        if ((rc = build_options(cfg, task, &d.query, randomized, k, err)) < 0) break;
        if (uses_exemplars(task, f)) {
            if ((rc = choose_exemplars(&d, k, t, err)) < 0) break;
            for (size_t i = 0; i < d.nex; i++)
                if ((rc = build_options(cfg, task, &d.exs[i].rc, 0, d.exs[i].rc.rec.pos, err)) < 0) break;
            if (rc < 0) break;
            if (!task->is_niv2) {
                long pr = prune(&d, qp, err);
                if (pr < 0) { d.q.failed = 1; rc = -1; break; } /* the tokenizer: fatal */
                counts->pruned += (uint64_t)pr;
            }
            if (!d.nex) {
                counts->dropped_no_exemplars++;
                continue;
            }
        }
        if ((rc = assemble(&d, qp, err)) < 0) break;
        d.ids = fm_xrealloc(d.ids, (d.nex + 1) * sizeof *d.ids);
        for (size_t i = 0; i < d.nex; i++) d.ids[i] = d.exs[i].rc.rec.id;
        fm_example ex = {
            .record_id = d.query.rec.id,
            .format = f,
            .template_index = (int)(d.mixlist ? d.mixlist[t] : t),
            .inputs = d.inputs.buf, .inputs_len = d.inputs.len,
            .targets = d.targets.buf, .targets_len = d.targets.len,
            .exemplar_ids = d.ids, .nexemplars = d.nex,
        };
        if ((rc = emit(emit_ctx, &ex, err)) < 0) {
            d.q.failed = 1; /* the output, not this record: never skipped */
            break;
        }
        counts->formatted++;
    } while (0);
    return rc;
#undef d
}


int fm_format_task(const fm_format_cfg *cfg, const fm_task *task, const fm_template_set *set,
                   fm_format f, char *const *files, size_t nfiles, uint64_t nrecords,
                   fm_emit_fn emit, void *emit_ctx, fm_format_counts *counts, fm_error *err)
{
    memset(counts, 0, sizeof *counts);
    driver d;
    memset(&d, 0, sizeof d);
    d.cfg = cfg;
    d.task = task;
    d.set = set;
    d.f = f;
    d.n = nrecords;
    if (fm_format_plan(cfg, task, set, f, nrecords, &d.kind, &d.N, err) < 0) return -1;
    if (is_mix(f) && !task->is_niv2) d.mixlist = fm_template_set_mix(set, d.kind, &d.N);
    d.sep = cfg->mix_separator ? &"\n\n\n"[3 - cfg->mix_separator] : fm_mix_separator(cfg->seed, task->name);
    int randomized = f == FM_FMT_ZS_OPT && cfg->options == FM_OPTIONS_RANDOM;
    if (task->options_style) randomized = f == FM_FMT_ZS_OPT && !strcmp(task->options_style, "random");
    if (!task->options_field) randomized = 0;
    if (randomized && !cfg->styles)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "randomized options need option_styles.json");
    d.nq = cfg->choice == FM_CHOICE_FLAN ? d.n - d.n % d.N : d.n;
    counts->records = d.n;
    counts->dropped_tail = d.n - d.nq;
    cursor_init(&d.q, files, nfiles);
    cursor_init(&d.ex, files, nfiles);
    int rc = 0;
    for (uint64_t k = 0; k < d.nq && rc == 0; k++) {
        if ((rc = cursor_read_at(&d.q, k, err)) < 0) break;
        rc = one_query(&d, k, randomized, emit, emit_ctx, counts, err);
        if (rc < 0 && cfg->reject && err->code == FM_EINPUT && !d.q.failed && !d.ex.failed) {
            /* bad input for this query: reject it and go on */
            fm_error why = *err;
            fm_error_clear(err);
            rc = cfg->reject(cfg->reject_ctx, f, d.query.parsed ? d.query.rec.id : NULL, &why, err);
            if (rc == 0) counts->rejected++;
        }
    }
    driver_free(&d);
    return rc;
}

void fm_example_to_json(fm_strbuf *out, const char *task, const fm_example *ex)
{
    const char *fmt = fm_format_name(ex->format);
    fm_strbuf_addstr(out, "{\"id\":");
    size_t rl = strlen(ex->record_id), fl = strlen(fmt);
    /* "<record id>/<format>" escaped as one string (built on the stack when short: this runs
     * once per example) */
    char small[512];
    if (rl + 1 + fl <= sizeof small) {
        memcpy(small, ex->record_id, rl);
        small[rl] = '/';
        memcpy(small + rl + 1, fmt, fl);
        fm_json_add_string(out, small, rl + 1 + fl);
    } else {
        fm_strbuf id = FM_STRBUF_INIT;
        fm_strbuf_add(&id, ex->record_id, rl);
        fm_strbuf_addch(&id, '/');
        fm_strbuf_add(&id, fmt, fl);
        fm_json_add_string(out, id.buf, id.len);
        fm_strbuf_release(&id);
    }
    fm_strbuf_addstr(out, ",\"task\":");
    fm_json_add_string(out, task, strlen(task));
    fm_strbuf_addstr(out, ",\"format\":");
    fm_json_add_string(out, fmt, fl);
    /* ",\"template\":%d" without printf */
    char num[16], *np = num + sizeof num;
    unsigned tv = ex->template_index < 0 ? 0u - (unsigned)ex->template_index : (unsigned)ex->template_index;
    do *--np = (char)('0' + tv % 10); while (tv /= 10);
    if (ex->template_index < 0) *--np = '-';
    fm_strbuf_addstr(out, ",\"template\":");
    fm_strbuf_add(out, np, (size_t)(num + sizeof num - np));
    fm_strbuf_addstr(out, ",\"inputs\":");
    fm_json_add_string(out, ex->inputs, ex->inputs_len);
    fm_strbuf_addstr(out, ",\"targets\":");
    fm_json_add_string(out, ex->targets, ex->targets_len);
    fm_strbuf_addstr(out, ",\"record\":");
    fm_json_add_string(out, ex->record_id, rl);
    fm_strbuf_addstr(out, ",\"exemplars\":[");
    for (size_t i = 0; i < ex->nexemplars; i++) {
        if (i) fm_strbuf_addch(out, ',');
        fm_json_add_string(out, ex->exemplar_ids[i], strlen(ex->exemplar_ids[i]));
    }
    fm_strbuf_addstr(out, "]}\n");
}
