#include "templates.h"

#include "fileio.h"
#include "json.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const KIND_NAMES[FM_TK_COUNT] = {
    "zero_shot", "zero_shot_no_options", "few_shot", "few_shot_no_options", "inline_few_shot",
};
static const char *const PROP_NAMES[FM_TP_COUNT] = {
    "inputs", "targets", "inputs_prefix", "targets_prefix", "x_y_delimiter",
    "example_separator", "input_pattern",
};
/* FLAN's FewShotPattern defaults (input_pattern spelled in flanmix's placeholder syntax). */
static const char *const PROP_DEFAULTS[FM_TP_COUNT] = {
    NULL, NULL, "", "", "\n\n", "\n\n\n", "{_prompt}",
};

const char *fm_tpl_kind_name(fm_tpl_kind k) { return k < FM_TK_COUNT ? KIND_NAMES[k] : "?"; }
const char *fm_tpl_prop_name(fm_tpl_prop p) { return p < FM_TP_COUNT ? PROP_NAMES[p] : "?"; }

static int is_few_shot_kind(fm_tpl_kind k)
{
    return k == FM_TK_FEW_SHOT || k == FM_TK_FEW_SHOT_NO_OPTIONS;
}

/* ---- FLAN's no-options derivation ------------------------------------------------------
 * FLAN edits the Python format string with str.replace, pattern after pattern. We do the
 * same on an encoding of the compiled template where a placeholder {x} is "\1x\2" and
 * literal text is raw, so that a literal "{{options_}}" can never be mistaken for the
 * placeholder, then rebuild the escaped source and compile it again. */
static const char *const ZS_REMOVALS[] = {
    "\n\n\1options_\2", "\n\1options_\2", "\1options_\2", "\n\n\1options_str\2", NULL,
};
static const char *const FS_REMOVALS[] = {
    "\n\n\1options_\2", "\n\1options_\2", " | \1options_\2", " \1options_\2", " (\1options_\2)",
    "\1options_\2", "\n\n\1options_str\2", "\n\1options_str\2", NULL,
};

static void replace_all(fm_strbuf *s, const char *pat)
{
    size_t pl = strlen(pat);
    fm_strbuf out = FM_STRBUF_INIT;
    size_t i = 0;
    while (i < s->len) {
        if (s->len - i >= pl && memcmp(s->buf + i, pat, pl) == 0) {
            i += pl;
        } else {
            fm_strbuf_addch(&out, s->buf[i]);
            i++;
        }
    }
    fm_strbuf_release(s);
    *s = out;
}

void fm_tmpl_remove_options(const fm_placeholder_lexer *lx, fm_tmpl *t, int few_shot)
{
    fm_strbuf enc = FM_STRBUF_INIT;
    for (size_t i = 0; i < t->nsegs; i++) {
        const fm_tmpl_seg *sg = &t->segs[i];
        if (sg->is_field) {
            fm_strbuf_addch(&enc, '\1');
            fm_strbuf_add(&enc, sg->text, sg->len);
            fm_strbuf_addch(&enc, '\2');
        } else {
            if (memchr(sg->text, '\1', sg->len) || memchr(sg->text, '\2', sg->len)) {
                fm_strbuf_release(&enc);
                return; /* control bytes in literal text: cannot encode, leave as is */
            }
            fm_strbuf_add(&enc, sg->text, sg->len);
        }
    }
    for (const char *const *p = few_shot ? FS_REMOVALS : ZS_REMOVALS; *p; p++) replace_all(&enc, *p);
    /* Rebuild the escaped source. */
    fm_strbuf src = FM_STRBUF_INIT;
    for (size_t i = 0; i < enc.len; i++) {
        char c = enc.buf[i];
        if (c == '\1') fm_strbuf_addch(&src, '{');
        else if (c == '\2') fm_strbuf_addch(&src, '}');
        else if (c == '{') fm_strbuf_addstr(&src, "{{");
        else if (c == '}') fm_strbuf_addstr(&src, "}}");
        else fm_strbuf_addch(&src, c);
    }
    fm_tmpl nt;
    fm_error e;
    if (fm_tmpl_compile(lx, &nt, src.buf, src.len, &e) == 0) {
        fm_tmpl_release(t);
        *t = nt;
    }
    fm_strbuf_release(&enc);
    fm_strbuf_release(&src);
}

/* ---- parsing ------------------------------------------------------------------------ */
typedef struct parse_state {
    fm_template_set *s;
    const fm_placeholder_lexer *lx;
    size_t cap[FM_TK_COUNT];
    fm_template *cur;
    int mix_set;
    fm_error *err;
} parse_state;

static fm_template *new_template(parse_state *ps, fm_tpl_kind k, long line)
{
    fm_template_set *s = ps->s;
    if (s->n[k] == ps->cap[k]) {
        ps->cap[k] = ps->cap[k] ? ps->cap[k] * 2 : 8;
        s->t[k] = fm_xrealloc(s->t[k], ps->cap[k] * sizeof *s->t[k]);
    }
    fm_template *t = &s->t[k][s->n[k]];
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->index = (int)s->n[k];
    t->line = line;
    t->in_template_mix = 1;
    s->n[k]++;
    return t;
}

static void template_release(fm_template *t)
{
    for (int p = 0; p < FM_TP_COUNT; p++) fm_tmpl_release(&t->prop[p]);
}

/* Finish the current template: required properties, then defaults. */
static int finish_template(parse_state *ps)
{
    fm_template *t = ps->cur;
    if (!t) return 0;
    ps->cur = NULL;
    for (int p = 0; p < FM_TP_COUNT; p++) {
        if (t->prop_line[p]) continue;
        if (!PROP_DEFAULTS[p])
            return fm_error_set(ps->err, FM_EUSAGE, ps->s->path, t->line, PROP_NAMES[p],
                                "%s template has no '%s' (it is required)", KIND_NAMES[t->kind],
                                PROP_NAMES[p]);
        if (fm_tmpl_compile(ps->lx, &t->prop[p], PROP_DEFAULTS[p], strlen(PROP_DEFAULTS[p]),
                            ps->err) < 0)
            return -1;
    }
    return 0;
}

static int prop_allowed(fm_tpl_kind k, int p)
{
    if (p == FM_TP_INPUTS || p == FM_TP_TARGETS) return 1;
    return is_few_shot_kind(k);
}

static int parse_property(parse_state *ps, char *line, long lineno)
{
    fm_error *err = ps->err;
    const char *path = ps->s->path;
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    char *name = p;
    while (*p && *p != ' ' && *p != '\t') p++;
    size_t nl = (size_t)(p - name);
    while (*p == ' ' || *p == '\t') p++;
    char *val = p;
    size_t vl = strlen(val);
    while (vl && (val[vl - 1] == ' ' || val[vl - 1] == '\t')) val[--vl] = '\0';
    char nm[64];
    snprintf(nm, sizeof nm, "%.*s", (int)(nl < 63 ? nl : 63), name);
    fm_template *t = ps->cur;
    if (!t)
        return fm_error_set(err, FM_EUSAGE, path, lineno, nm,
                            "property line before any kind line (zero_shot, few_shot, ...)");
    if (!strcmp(nm, "in_template_mix")) {
        if (!is_few_shot_kind(t->kind))
            return fm_error_set(err, FM_EUSAGE, path, lineno, nm, "property not allowed in a %s template",
                                KIND_NAMES[t->kind]);
        if (ps->mix_set)
            return fm_error_set(err, FM_EUSAGE, path, lineno, nm, "property given twice in one template");
        if (!strcmp(val, "true")) t->in_template_mix = 1;
        else if (!strcmp(val, "false")) t->in_template_mix = 0;
        else
            return fm_error_set(err, FM_EUSAGE, path, lineno, nm, "expected true or false, got '%s'", val);
        ps->mix_set = 1;
        return 0;
    }
    int prop = -1;
    for (int i = 0; i < FM_TP_COUNT; i++)
        if (!strcmp(nm, PROP_NAMES[i])) prop = i;
    if (prop < 0)
        return fm_error_set(err, FM_EUSAGE, path, lineno, nm,
                            "unknown property (known: inputs, targets, inputs_prefix, targets_prefix, "
                            "x_y_delimiter, example_separator, input_pattern, in_template_mix)");
    if (!prop_allowed(t->kind, prop))
        return fm_error_set(err, FM_EUSAGE, path, lineno, nm, "property not allowed in a %s template",
                            KIND_NAMES[t->kind]);
    if (t->prop_line[prop])
        return fm_error_set(err, FM_EUSAGE, path, lineno, nm,
                            "property given twice in one template (first on line %ld)", t->prop_line[prop]);
    if (vl == 0 || val[0] != '"')
        return fm_error_set(err, FM_EUSAGE, path, lineno, nm,
                            "value must be a JSON string literal in double quotes");
    fm_error je;
    cJSON *v = fm_json_parse(val, vl, path, lineno, &je);
    if (!v || !cJSON_IsString(v)) {
        cJSON_Delete(v);
        return fm_error_set(err, FM_EUSAGE, path, lineno, nm, "bad JSON string: %s",
                            v ? "not a single string" : je.reason);
    }
    fm_error ce;
    int rc = fm_tmpl_compile(ps->lx, &t->prop[prop], v->valuestring, strlen(v->valuestring), &ce);
    cJSON_Delete(v);
    if (rc < 0) return fm_error_set(err, FM_EUSAGE, path, lineno, nm, "%s", ce.reason);
    t->prop_line[prop] = lineno;
    return 0;
}

static void copy_template(const fm_placeholder_lexer *lx, fm_template *dst, const fm_template *src)
{
    int idx = dst->index;
    fm_tpl_kind k = dst->kind;
    *dst = *src;
    dst->index = idx;
    dst->kind = k;
    dst->derived = 1;
    for (int p = 0; p < FM_TP_COUNT; p++) {
        fm_error e;
        const char *txt = src->prop[p].source ? src->prop[p].source : "";
        if (fm_tmpl_compile(lx, &dst->prop[p], txt, strlen(txt), &e) < 0)
            memset(&dst->prop[p], 0, sizeof dst->prop[p]); /* cannot happen: it compiled before */
    }
}

/* Derive a missing no-options kind from its options kind (FLAN: inputs only). */
static void derive_no_options(parse_state *ps, fm_tpl_kind from, fm_tpl_kind to)
{
    fm_template_set *s = ps->s;
    if (s->n[to] || !s->n[from]) return;
    for (size_t i = 0; i < s->n[from]; i++) {
        fm_template *t = new_template(ps, to, s->t[from][i].line);
        copy_template(ps->lx, t, &s->t[from][i]);
        fm_tmpl_remove_options(ps->lx, &t->prop[FM_TP_INPUTS], is_few_shot_kind(from));
    }
}

int fm_template_set_parse(fm_template_set *s, const fm_placeholder_lexer *lx, const char *name,
                          const char *path, const char *text, size_t n, fm_error *err)
{
    memset(s, 0, sizeof *s);
    s->name = fm_xstrdup(name);
    s->path = fm_xstrdup(path);
    parse_state ps = { .s = s, .lx = lx, .err = err };
    fm_strbuf line = FM_STRBUF_INIT;
    long lineno = 0;
    size_t pos = 0;
    int rc = 0;
    while (pos < n && rc == 0) {
        const char *nlp = memchr(text + pos, '\n', n - pos);
        size_t end = nlp ? (size_t)(nlp - text) : n;
        fm_strbuf_reset(&line);
        fm_strbuf_add(&line, text + pos, end - pos);
        if (line.len && line.buf[line.len - 1] == '\r') fm_strbuf_setlen(&line, line.len - 1);
        pos = end + 1;
        lineno++;
        if (memchr(line.buf, '\0', line.len)) {
            rc = fm_error_set(err, FM_EUSAGE, path, lineno, NULL, "NUL byte in template file");
            break;
        }
        const char *p = line.buf;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '#') continue;
        if (p != line.buf) {
            rc = parse_property(&ps, line.buf, lineno);
            continue;
        }
        /* kind line: one word */
        size_t wl = strcspn(line.buf, " \t");
        const char *rest = line.buf + wl;
        while (*rest == ' ' || *rest == '\t') rest++;
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(wl < 63 ? wl : 63), line.buf);
        int kind = -1;
        for (int k = 0; k < FM_TK_COUNT; k++)
            if (!strcmp(word, KIND_NAMES[k])) kind = k;
        if (kind < 0 || *rest) {
            rc = fm_error_set(err, FM_EUSAGE, path, lineno, NULL,
                              kind < 0 ? "unknown template kind '%s' (known: zero_shot, "
                                         "zero_shot_no_options, few_shot, few_shot_no_options, "
                                         "inline_few_shot; property lines must be indented)"
                                       : "a kind line holds only the kind ('%s')",
                              word);
            break;
        }
        if ((rc = finish_template(&ps)) < 0) break;
        ps.cur = new_template(&ps, (fm_tpl_kind)kind, lineno);
        ps.mix_set = 0;
    }
    fm_strbuf_release(&line);
    if (rc == 0) rc = finish_template(&ps);
    if (rc == 0) {
        size_t total = 0;
        for (int k = 0; k < FM_TK_COUNT; k++) total += s->n[k];
        if (!total)
            rc = fm_error_set(err, FM_EUSAGE, path, lineno ? lineno : 1, NULL,
                              "empty template set: no templates in the file");
    }
    if (rc == 0) {
        derive_no_options(&ps, FM_TK_ZERO_SHOT, FM_TK_ZERO_SHOT_NO_OPTIONS);
        derive_no_options(&ps, FM_TK_FEW_SHOT, FM_TK_FEW_SHOT_NO_OPTIONS);
        for (int i = 0; i < 2; i++) {
            fm_tpl_kind k = i ? FM_TK_FEW_SHOT_NO_OPTIONS : FM_TK_FEW_SHOT;
            s->mix[i] = fm_xcalloc(s->n[k] + 1, sizeof(size_t));
            for (size_t j = 0; j < s->n[k]; j++)
                if (s->t[k][j].in_template_mix) s->mix[i][s->nmix[i]++] = j;
        }
    }
    if (rc < 0) {
        /* the template being parsed may have some properties unset: release handles it */
        fm_template_set_release(s);
    }
    return rc;
}

int fm_template_set_load(fm_template_set *s, const fm_placeholder_lexer *lx, const char *dir,
                         const char *name, fm_error *err)
{
    fm_strbuf path = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    fm_path_join(&path, dir, name);
    fm_strbuf_addstr(&path, ".tpl");
    int rc;
    if (!fm_path_exists(path.buf)) {
        rc = fm_error_set(err, FM_EUSAGE, path.buf, 0, NULL, "template set '%s' not found", name);
        memset(s, 0, sizeof *s);
    } else if ((rc = fm_read_file(path.buf, &text, err)) == 0) {
        rc = fm_template_set_parse(s, lx, name, path.buf, text.buf, text.len, err);
    } else {
        memset(s, 0, sizeof *s);
    }
    fm_strbuf_release(&path);
    fm_strbuf_release(&text);
    return rc;
}

void fm_template_set_release(fm_template_set *s)
{
    for (int k = 0; k < FM_TK_COUNT; k++) {
        for (size_t i = 0; i < s->n[k]; i++) template_release(&s->t[k][i]);
        free(s->t[k]);
    }
    free(s->mix[0]);
    free(s->mix[1]);
    free(s->name);
    free(s->path);
    memset(s, 0, sizeof *s);
}

int fm_template_set_check(const fm_template_set *s, const char *const *fields, size_t nfields,
                          fm_error *err)
{
    for (int k = 0; k < FM_TK_COUNT; k++) {
        for (size_t i = 0; i < s->n[k]; i++) {
            const fm_template *t = &s->t[k][i];
            for (int p = 0; p < FM_TP_COUNT; p++) {
                const fm_tmpl *tm = &t->prop[p];
                for (size_t g = 0; g < tm->nsegs; g++) {
                    if (!tm->segs[g].is_field) continue;
                    const char *f = tm->segs[g].text;
                    long line = t->prop_line[p] ? t->prop_line[p] : t->line;
                    if (!strcmp(f, "_prompt")) {
                        if (p == FM_TP_INPUT_PATTERN) continue;
                        return fm_error_set(err, FM_EUSAGE, s->path, line, f,
                                            "{_prompt} is only allowed in input_pattern");
                    }
                    int found = 0;
                    for (size_t j = 0; j < nfields && !found; j++) found = !strcmp(fields[j], f);
                    if (found) continue;
                    fm_strbuf have = FM_STRBUF_INIT;
                    for (size_t j = 0; j < nfields; j++)
                        fm_strbuf_addf(&have, "%s%s", j ? ", " : "", fields[j]);
                    fm_error_set(err, FM_EUSAGE, s->path, line, f,
                                 "%s template %zu (%s%s) names a field the task does not provide "
                                 "(it provides: %s)",
                                 KIND_NAMES[k], i, PROP_NAMES[p], t->derived ? ", derived" : "",
                                 have.len ? have.buf : "nothing");
                    fm_strbuf_release(&have);
                    return -1;
                }
            }
        }
    }
    return 0;
}
