#include "report.h"

#include "fileio.h"
#include "json.h"
#include "manifest.h"
#include "packstats.h"
#include "shardrows.h"
#include "strdict.h"
#include "svg.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- small helpers ----------------------------------------------------------------- */

static cJSON *load_manifest(const char *dir, const char *sub)
{
    fm_strbuf p = FM_STRBUF_INIT, q = FM_STRBUF_INIT;
    fm_path_join(&p, dir, sub);
    fm_path_join(&q, p.buf, "manifest.json");
    fm_error err = { 0 };
    cJSON *m = fm_path_exists(q.buf) ? fm_manifest_read(q.buf, &err) : NULL;
    fm_strbuf_release(&p);
    fm_strbuf_release(&q);
    return m;
}

static char **list_dir(const char *dir, size_t *n, int want_dirs)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **names = NULL;
    struct dirent *e;
    fm_strbuf p = FM_STRBUF_INIT;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        struct stat st;
        fm_path_join(&p, dir, e->d_name);
        if (stat(p.buf, &st) < 0 || (S_ISDIR(st.st_mode) != 0) != (want_dirs != 0)) continue;
        names = fm_xrealloc(names, (*n + 1) * sizeof *names);
        names[(*n)++] = fm_xstrdup(e->d_name);
    }
    closedir(d);
    fm_strbuf_release(&p);
    for (size_t i = 1; i < *n; i++) /* insertion sort: small lists, bytewise order */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j]; names[j] = names[j - 1]; names[j - 1] = t;
        }
    return names;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

static void esc(fm_strbuf *o, const char *s)
{
    fm_html_escape(o, s, strlen(s));
}

/* A JSON value as compact text (numbers without exponent noise). */
static void value_text(fm_strbuf *o, const cJSON *v)
{
    if (cJSON_IsString(v)) fm_strbuf_addstr(o, v->valuestring);
    else fm_json_add_value(o, v);
}

/* Task -> submixture from the ingest metadata. */
typedef struct task_meta {
    char **task, **submix;
    size_t n;
} task_meta;

static void load_task_meta(const char *build, task_meta *tm)
{
    memset(tm, 0, sizeof *tm);
    fm_strbuf rec = FM_STRBUF_INIT, p = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    fm_path_join(&rec, build, "ingest/records");
    size_t n;
    char **tasks = list_dir(rec.buf, &n, 1);
    for (size_t i = 0; i < n; i++) {
        fm_path_join(&p, rec.buf, tasks[i]);
        fm_strbuf_addstr(&p, "/meta.json");
        fm_strbuf_reset(&text);
        fm_error err = { 0 };
        const char *sm = "other";
        cJSON *m = NULL;
        if (fm_read_file(p.buf, &text, &err) == 0) m = fm_json_parse(text.buf, text.len, p.buf, 0, &err);
        if (m && fm_json_str_or(m, "submixture", NULL)) sm = fm_json_str_or(m, "submixture", NULL);
        tm->task = fm_xrealloc(tm->task, (tm->n + 1) * sizeof *tm->task);
        tm->submix = fm_xrealloc(tm->submix, (tm->n + 1) * sizeof *tm->submix);
        tm->task[tm->n] = fm_xstrdup(tasks[i]);
        tm->submix[tm->n] = fm_xstrdup(sm);
        tm->n++;
        cJSON_Delete(m);
    }
    free_list(tasks, n);
    fm_strbuf_release(&rec);
    fm_strbuf_release(&p);
    fm_strbuf_release(&text);
}

static const char *submix_of(const task_meta *tm, const char *task)
{
    for (size_t i = 0; i < tm->n; i++)
        if (!strcmp(tm->task[i], task)) return tm->submix[i];
    return "other";
}

static void free_task_meta(task_meta *tm)
{
    free_list(tm->task, tm->n);
    free_list(tm->submix, tm->n);
}

/* ---- token length histograms (from the tokenize stage's output) ------------------ */

#define HIST_BINS 64

typedef struct length_hist {
    char *submix;
    uint64_t in[HIST_BINS], tg[HIST_BINS];
    uint64_t n, in_trunc, tg_trunc;
    double in_sum, tg_sum;
} length_hist;

/* Examples and tokens drawn per task; tasks get dense ids from a string dictionary (a
 * build may have thousands of tasks and millions of examples). */
typedef struct task_tally {
    char *task, *submix;
    uint64_t n;
    double in, tg;
} task_tally;

typedef struct hist_set {
    length_hist *h;
    size_t n;
    double in_limit, tg_limit;
    fm_strdict names; /* task name -> index in t */
    task_tally *t;
    size_t nt, tcap;
} hist_set;

static task_tally *tally_for(hist_set *hs, const char *task, const char *submix)
{
    size_t id = (size_t)fm_strdict_find(&hs->names, task, strlen(task), 1);
    if (id < hs->nt) return &hs->t[id];
    if (hs->nt == hs->tcap) {
        hs->tcap = hs->tcap ? 2 * hs->tcap : 64;
        hs->t = fm_xrealloc(hs->t, hs->tcap * sizeof *hs->t);
    }
    task_tally *t = &hs->t[hs->nt++];
    memset(t, 0, sizeof *t);
    t->task = fm_xstrdup(task);
    t->submix = fm_xstrdup(submix);
    return t;
}

static int by_task(const void *a, const void *b)
{
    return strcmp(((const task_tally *)a)->task, ((const task_tally *)b)->task);
}

static length_hist *hist_for(hist_set *hs, const char *submix)
{
    for (size_t i = 0; i < hs->n; i++)
        if (!strcmp(hs->h[i].submix, submix)) return &hs->h[i];
    hs->h = fm_xrealloc(hs->h, (hs->n + 1) * sizeof *hs->h);
    memset(&hs->h[hs->n], 0, sizeof *hs->h);
    hs->h[hs->n].submix = fm_xstrdup(submix);
    return &hs->h[hs->n++];
}

static void add_len(uint64_t *bins, double len, double limit)
{
    size_t b = (size_t)(len / (limit / HIST_BINS));
    if (b >= HIST_BINS) b = HIST_BINS - 1;
    bins[b]++;
}

static void scan_tokens_dir(const char *dir, hist_set *hs, const task_meta *tm)
{
    size_t nd, nf;
    char **dirs = list_dir(dir, &nd, 1);
    char **files = list_dir(dir, &nf, 0);
    fm_strbuf p = FM_STRBUF_INIT, line = FM_STRBUF_INIT;
    for (size_t i = 0; i < nf; i++) {
        if (!strstr(files[i], ".jsonl")) continue;
        fm_path_join(&p, dir, files[i]);
        fm_error err = { 0 };
        fm_reader *r = fm_reader_open(p.buf, &err);
        if (!r) continue;
        while (fm_reader_getline(r, &line, NULL, &err) == 1) {
            cJSON *v = fm_json_parse(line.buf, line.len, p.buf, 0, &err);
            if (!v) break;
            const char *task = fm_json_str_or(v, "task", NULL);
            const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
            const cJSON *tg = cJSON_GetObjectItemCaseSensitive(v, "targets");
            if (task && cJSON_IsArray(in) && cJSON_IsArray(tg)) {
                length_hist *h = hist_for(hs, submix_of(tm, task));
                double li = cJSON_GetArraySize(in), lt = cJSON_GetArraySize(tg);
                task_tally *tt = tally_for(hs, task, submix_of(tm, task));
                tt->n++;
                tt->in += li;
                tt->tg += lt;
                h->n++;
                h->in_sum += li;
                h->tg_sum += lt;
                add_len(h->in, li, hs->in_limit);
                add_len(h->tg, lt, hs->tg_limit);
                if (fm_json_num_or(v, "inputs_truncated", 0) > 0) h->in_trunc++;
                if (fm_json_num_or(v, "targets_truncated", 0) > 0) h->tg_trunc++;
            }
            cJSON_Delete(v);
        }
        fm_reader_close(r);
    }
    for (size_t i = 0; i < nd; i++) {
        fm_path_join(&p, dir, dirs[i]);
        scan_tokens_dir(p.buf, hs, tm);
    }
    free_list(dirs, nd);
    free_list(files, nf);
    fm_strbuf_release(&p);
    fm_strbuf_release(&line);
}

/* ---- sections ------------------------------------------------------------------------ */

static void section_settings(fm_strbuf *o, const char *stage, const cJSON *m)
{
    if (!m) return;
    fm_strbuf_addf(o, "<details class=stage><summary>%s</summary><table class=kv>", stage);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "settings");
    const cJSON *it;
    cJSON_ArrayForEach(it, s) {
        fm_strbuf_addstr(o, "<tr><th>");
        esc(o, it->string);
        fm_strbuf_addstr(o, "</th><td>");
        fm_strbuf v = FM_STRBUF_INIT;
        value_text(&v, it);
        fm_html_escape(o, v.buf, v.len);
        fm_strbuf_release(&v);
        fm_strbuf_addstr(o, "</td></tr>");
    }
    fm_strbuf_addstr(o,
                     "</table><table class=files><tr><th>output</th><th>bytes</th><th>records</th><th>xxh3</th></tr>");
    const cJSON *outs = cJSON_GetObjectItemCaseSensitive(m, "outputs");
    int k = 0;
    cJSON_ArrayForEach(it, outs) {
        if (++k > 200) {
            fm_strbuf_addf(o, "<tr><td colspan=4>… %d more</td></tr>", cJSON_GetArraySize(outs) - 200);
            break;
        }
        fm_strbuf_addstr(o, "<tr><td>");
        esc(o, fm_json_str_or(it, "path", NULL) ? fm_json_str_or(it, "path", NULL) : "?");
        fm_strbuf_addf(o, "</td><td>%.0f</td><td>", fm_json_num_or(it, "bytes", 0));
        if (cJSON_GetObjectItemCaseSensitive(it, "records"))
            fm_strbuf_addf(o, "%.0f", fm_json_num_or(it, "records", 0));
        fm_strbuf_addstr(o, "</td><td><code>");
        esc(o, fm_json_str_or(it, "xxh3", NULL) ? fm_json_str_or(it, "xxh3", NULL) : "");
        fm_strbuf_addstr(o, "</code></td></tr>");
    }
    fm_strbuf_addstr(o, "</table></details>\n");
}

/* The name of one row of an item table: its key in an object, else its "name" field. */
static const char *item_name(const cJSON *it)
{
    if (it->string) return it->string;
    return fm_json_str_or(it, "name", NULL) ? fm_json_str_or(it, "name", NULL) : "?";
}

/* A container (object or array) whose children are all objects: one row per child (a
 * task, a member, a task-format), columns the union of the children's scalar keys in
 * first-seen order, searchable through the filter box. */
static void items_table(fm_strbuf *o, const cJSON *container)
{
    const char *cols[32];
    int nc = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, container) {
        const cJSON *f;
        cJSON_ArrayForEach(f, it) {
            if (cJSON_IsObject(f) || cJSON_IsArray(f) || !strcmp(f->string, "name")) continue;
            int seen = 0;
            for (int i = 0; i < nc; i++) if (!strcmp(cols[i], f->string)) seen = 1;
            if (!seen && nc < 32) cols[nc++] = f->string;
        }
    }
    fm_strbuf_addstr(o, "<table class='items filterable'><tr><th>name</th>");
    for (int i = 0; i < nc; i++) { fm_strbuf_addstr(o, "<th>"); esc(o, cols[i]); fm_strbuf_addstr(o, "</th>"); }
    fm_strbuf_addstr(o, "</tr>");
    cJSON_ArrayForEach(it, container) {
        fm_strbuf_addstr(o, "<tr class=item data-name='");
        esc(o, item_name(it));
        fm_strbuf_addstr(o, "'><td>");
        esc(o, item_name(it));
        fm_strbuf_addstr(o, "</td>");
        for (int i = 0; i < nc; i++) {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(it, cols[i]);
            fm_strbuf_addstr(o, "<td>");
            if (f) { fm_strbuf v = FM_STRBUF_INIT; value_text(&v, f); fm_html_escape(o, v.buf, v.len); fm_strbuf_release(&v); }
            fm_strbuf_addstr(o, "</td>");
        }
        fm_strbuf_addstr(o, "</tr>");
    }
    fm_strbuf_addstr(o, "</table>");
}

static int all_children_objects(const cJSON *c)
{
    if (!c->child) return 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, c) if (!cJSON_IsObject(it)) return 0;
    return 1;
}

/* Generic counts: nested objects become nested tables; an object or array whose children
 * are all objects becomes an item table (tasks, mixture members). */
static void counts_table(fm_strbuf *o, const cJSON *obj, int depth)
{
    if (depth > 0 && all_children_objects(obj)) {
        items_table(o, obj);
        return;
    }
    const cJSON *it;
    fm_strbuf_addstr(o, "<table class=kv>");
    cJSON_ArrayForEach(it, obj) {
        fm_strbuf_addstr(o, "<tr><th>");
        esc(o, it->string ? it->string : "");
        fm_strbuf_addstr(o, "</th><td>");
        if (cJSON_IsObject(it) || (cJSON_IsArray(it) && all_children_objects(it))) counts_table(o, it, depth + 1);
        else {
            fm_strbuf v = FM_STRBUF_INIT;
            value_text(&v, it);
            if (v.len > 400) fm_strbuf_setlen(&v, 400), fm_strbuf_addstr(&v, "…");
            fm_html_escape(o, v.buf, v.len);
            fm_strbuf_release(&v);
        }
        fm_strbuf_addstr(o, "</td></tr>");
    }
    fm_strbuf_addstr(o, "</table>");
}

static void section_counts(fm_strbuf *o, const char *title, const cJSON *m)
{
    if (!m) return;
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(m, "counts");
    if (!c || !c->child) return;
    fm_strbuf_addf(o, "<details class=counts open><summary>%s</summary>", title);
    counts_table(o, c, 0);
    fm_strbuf_addstr(o, "</details>\n");
}

/* Mixture: find per-member entries with a configured weight and a drawn count. */
static void collect_mix_bars(const cJSON *node, fm_bar **bars, size_t *n, double *drawn_total)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, node) {
        if (cJSON_IsArray(it)) { /* the mix manifest lists task_formats as an array */
            collect_mix_bars(it, bars, n, drawn_total);
            continue;
        }
        if (!cJSON_IsObject(it)) continue;
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(it, "weight");
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(it, "drawn");
        if (cJSON_IsNumber(w) && cJSON_IsNumber(d)) {
            const char *label = fm_json_str_or(it, "name", NULL) ? fm_json_str_or(it, "name", NULL) : it->string;
            *bars = fm_xrealloc(*bars, (*n + 1) * sizeof **bars);
            (*bars)[*n].label = label ? label : "?";
            (*bars)[*n].a = w->valuedouble;
            (*bars)[*n].b = d->valuedouble;
            *drawn_total += d->valuedouble;
            (*n)++;
        } else {
            collect_mix_bars(it, bars, n, drawn_total);
        }
    }
}

static void section_mixture(fm_strbuf *o, const cJSON *mix)
{
    if (!mix) return;
    fm_bar *bars = NULL;
    size_t n = 0;
    double drawn = 0;
    collect_mix_bars(cJSON_GetObjectItemCaseSensitive(mix, "counts"), &bars, &n, &drawn);
    if (!n) return;
    for (size_t i = 0; i < n; i++) bars[i].b = drawn > 0 ? bars[i].b / drawn : 0;
    fm_strbuf_addstr(o, "<section id=mixture><h2>Mixture: configured versus drawn</h2>"
                        "<p>Share of the mixture per task and format: the configured weight (outline) "
                        "and the share of examples actually drawn (filled).</p>");
    size_t shown = n > 60 ? 60 : n;
    fm_svg_bars(o, "configured vs drawn share", "configured", "drawn", bars, shown);
    if (n > shown) fm_strbuf_addf(o, "<p>%zu more members in the table below.</p>", n - shown);
    fm_strbuf_addstr(o, "</section>\n");
    free(bars);
}

static void section_lengths(fm_strbuf *o, const char *build, const cJSON *tok, const task_meta *tm)
{
    hist_set hs = { 0 };
    fm_strdict_init(&hs.names);
    const cJSON *s = tok ? cJSON_GetObjectItemCaseSensitive(tok, "settings") : NULL;
    hs.in_limit = fm_json_num_or(s, "inputs_len", 2048);
    hs.tg_limit = fm_json_num_or(s, "targets_len", 512);
    fm_strbuf d = FM_STRBUF_INIT;
    fm_path_join(&d, build, "tokens");
    scan_tokens_dir(d.buf, &hs, tm);
    fm_strbuf_release(&d);
    fm_strdict_release(&hs.names);
    if (!hs.n) return;
    fm_strbuf_addstr(
        o, "<section id=lengths><h2>Lengths in tokens</h2>"
           "<p>Inputs and targets per submixture, EOS included; the dashed line is the truncation limit.</p>");
    for (size_t i = 0; i < hs.n; i++) {
        length_hist *h = &hs.h[i];
        fm_strbuf t = FM_STRBUF_INIT;
        fm_strbuf_addf(o, "<h3>");
        esc(o, h->submix);
        fm_strbuf_addf(o, "</h3><p>%llu examples; mean inputs %.1f, targets %.1f tokens; truncated: "
                          "<b class=trunc>%llu inputs</b>, <b class=trunc>%llu targets</b>.</p>",
                       (unsigned long long)h->n, h->in_sum / (double)h->n, h->tg_sum / (double)h->n,
                       (unsigned long long)h->in_trunc, (unsigned long long)h->tg_trunc);
        const char *lab_in[1] = { "inputs limit" }, *lab_tg[1] = { "targets limit" };
        double m_in[1] = { hs.in_limit }, m_tg[1] = { hs.tg_limit };
        fm_strbuf_addf(&t, "%s: inputs", h->submix);
        fm_svg_histogram(o, t.buf, h->in, HIST_BINS, hs.in_limit / HIST_BINS, m_in, lab_in, 1);
        fm_strbuf_reset(&t);
        fm_strbuf_addf(&t, "%s: targets", h->submix);
        fm_svg_histogram(o, t.buf, h->tg, HIST_BINS, hs.tg_limit / HIST_BINS, m_tg, lab_tg, 1);
        fm_strbuf_release(&t);
        free(h->submix);
    }
    free(hs.h);
    /* per task: examples drawn, tokens, share of all tokens */
    double total = 0;
    for (size_t i = 0; i < hs.nt; i++) total += hs.t[i].in + hs.t[i].tg;
    fm_qsort(hs.t, hs.nt, sizeof *hs.t, by_task);
    fm_strbuf_addstr(o, "<details class=pertask open><summary>Examples and tokens per task</summary>"
                        "<table class='items filterable'><tr><th>task</th><th>submixture</th><th>examples</th>"
                        "<th>input tokens</th><th>target tokens</th><th>share of tokens</th></tr>");
    for (size_t i = 0; i < hs.nt; i++) {
        task_tally *t = &hs.t[i];
        fm_strbuf_addstr(o, "<tr class=item data-name='");
        esc(o, t->task);
        fm_strbuf_addstr(o, "'><td>");
        esc(o, t->task);
        fm_strbuf_addstr(o, "</td><td>");
        esc(o, t->submix);
        fm_strbuf_addf(o, "</td><td>%llu</td><td>%.0f</td><td>%.0f</td><td>%.2f%%</td></tr>",
                       (unsigned long long)t->n, t->in, t->tg,
                       total > 0 ? 100.0 * (t->in + t->tg) / total : 0.0);
        free(t->task);
        free(t->submix);
    }
    fm_strbuf_addstr(o, "</table></details>");
    free(hs.t);
    fm_strbuf_addstr(o, "</section>\n");
}

static void section_samples(fm_strbuf *o, const char *build, const fm_report_opts *opt)
{
    fm_strbuf ex = FM_STRBUF_INIT, p = FM_STRBUF_INIT, line = FM_STRBUF_INIT;
    fm_path_join(&ex, build, "format/examples");
    size_t nt;
    char **tasks = list_dir(ex.buf, &nt, 1);
    if (!nt) goto out;
    fm_strbuf_addstr(o, "<section id=samples><h2>Sample formatted examples</h2>"
                        "<p>Whitespace is visible: · space, → tab, ↵ newline.</p>");
    for (size_t i = 0; i < nt; i++) {
        fm_strbuf_addstr(o, "<details class='task item' data-name='");
        esc(o, tasks[i]);
        fm_strbuf_addstr(o, "'><summary>");
        esc(o, tasks[i]);
        fm_strbuf_addstr(o, "</summary>");
        fm_path_join(&p, ex.buf, tasks[i]);
        size_t nf;
        char **formats = list_dir(p.buf, &nf, 1);
        for (size_t f = 0; f < nf; f++) {
            fm_strbuf dir = FM_STRBUF_INIT;
            fm_path_join(&dir, p.buf, formats[f]);
            size_t nparts;
            char **parts = list_dir(dir.buf, &nparts, 0);
            if (nparts) {
                fm_strbuf fp = FM_STRBUF_INIT;
                fm_path_join(&fp, dir.buf, parts[0]);
                fm_error err = { 0 };
                fm_reader *r = fm_reader_open(fp.buf, &err);
                for (int k = 0; r && k < opt->samples_per_format && fm_reader_getline(r, &line, NULL, &err) == 1; k++) {
                    cJSON *v = fm_json_parse(line.buf, line.len, fp.buf, 0, &err);
                    if (!v) break;
                    fm_strbuf_addstr(o, "<div class=example><div class=meta>format <b>");
                    esc(o, formats[f]);
                    fm_strbuf_addf(o, "</b>, template %.0f, record <code>", fm_json_num_or(v, "template", -1));
                    esc(o, fm_json_str_or(v, "record", NULL) ? fm_json_str_or(v, "record", NULL) : "");
                    fm_strbuf_addstr(o, "</code></div><pre class=inputs>");
                    const char *in = fm_json_str_or(v, "inputs", NULL), *tg = fm_json_str_or(v, "targets", NULL);
                    if (in) fm_html_escape_ws(o, in, strlen(in));
                    fm_strbuf_addstr(o, "</pre><pre class=targets>");
                    if (tg) fm_html_escape_ws(o, tg, strlen(tg));
                    fm_strbuf_addstr(o, "</pre></div>");
                    cJSON_Delete(v);
                }
                fm_reader_close(r);
                fm_strbuf_release(&fp);
            }
            free_list(parts, nparts);
            fm_strbuf_release(&dir);
        }
        free_list(formats, nf);
        fm_strbuf_addstr(o, "</details>\n");
    }
    fm_strbuf_addstr(o, "</section>\n");
out:
    free_list(tasks, nt);
    fm_strbuf_release(&ex);
    fm_strbuf_release(&p);
    fm_strbuf_release(&line);
}

static void section_rejects(fm_strbuf *o, const char *build)
{
    fm_strbuf p = FM_STRBUF_INIT, line = FM_STRBUF_INIT;
    fm_path_join(&p, build, "ingest/rejects.jsonl");
    fm_error err = { 0 };
    fm_reader *r = fm_path_exists(p.buf) ? fm_reader_open(p.buf, &err) : NULL;
    /* count reasons */
    char **reasons = NULL;
    uint64_t *counts = NULL;
    size_t n = 0;
    uint64_t total = 0;
    while (r && fm_reader_getline(r, &line, NULL, &err) == 1) {
        cJSON *v = fm_json_parse(line.buf, line.len, p.buf, 0, &err);
        if (!v) break;
        const char *why = fm_json_str_or(v, "reason", NULL) ? fm_json_str_or(v, "reason", NULL) : "(no reason given)";
        size_t i;
        for (i = 0; i < n; i++) if (!strcmp(reasons[i], why)) break;
        if (i == n) {
            reasons = fm_xrealloc(reasons, (n + 1) * sizeof *reasons);
            counts = fm_xrealloc(counts, (n + 1) * sizeof *counts);
            reasons[n] = fm_xstrdup(why);
            counts[n++] = 0;
        }
        counts[i]++;
        total++;
        cJSON_Delete(v);
        if (n > 500) break;
    }
    fm_reader_close(r);
    fm_strbuf_addf(o, "<section id=rejects><h2>Rejects and filters</h2><p>%llu rejected records.</p>",
                   (unsigned long long)total);
    if (n) {
        fm_strbuf_addstr(o, "<table class=items><tr><th>reason</th><th>records</th></tr>");
        for (size_t i = 0; i < n; i++) {
            fm_strbuf_addstr(o, "<tr><td>");
            esc(o, reasons[i]);
            fm_strbuf_addf(o, "</td><td>%llu</td></tr>", (unsigned long long)counts[i]);
            free(reasons[i]);
        }
        fm_strbuf_addstr(o, "</table>");
    }
    fm_strbuf_addstr(o, "</section>\n");
    free(reasons);
    free(counts);
    fm_strbuf_release(&p);
    fm_strbuf_release(&line);
}

/* Packing: the statistics (packstats.h, as `flanmix inspect --stats`) and a picture of the
 * first rows of the first data shard the pack manifest lists, decoded whatever the format
 * (shardrows.h). encdec rows are drawn as two strips, encoder then decoder. */
static void section_packing(fm_strbuf *o, const char *build, const cJSON *mp, const fm_report_opts *opt)
{
    if (!mp) return;
    fm_packstats st;
    fm_packstats_from_manifest(mp, &st);
    double slots = fm_packstats_slots(&st), eff = fm_packstats_efficiency(&st);
    fm_strbuf_addf(o, "<table class='kv packstats'><tr><th>layout, format, algorithm</th><td>%s, %s, %s</td></tr>",
                   st.layout, st.format, st.algo);
    fm_strbuf_addf(o, "<tr><th>sequences (packed rows)</th><td id=pack-rows>%.0f</td></tr>", st.rows);
    fm_strbuf_addf(o, "<tr><th>examples packed</th><td>%.0f (%.2f per sequence; %.0f read, %.0f rejected, %.0f "
                      "truncated)</td></tr>",
                   st.packed, st.rows > 0 ? st.packed / st.rows : 0.0, st.read, st.rejected, st.truncated);
    fm_strbuf_addf(o, "<tr><th>packing efficiency</th><td id=pack-efficiency>%.2f%%</td></tr>", 100.0 * eff);
    fm_strbuf_addf(o, "<tr><th>pad fraction</th><td id=pack-pad>%.2f%% of %.0f positions</td></tr></table>",
                   slots > 0 ? 100.0 * (1.0 - eff) : 0.0, slots);
    /* the first data shard */
    const cJSON *it, *outs = cJSON_GetObjectItemCaseSensitive(mp, "outputs");
    const char *rel = NULL;
    cJSON_ArrayForEach(it, outs) {
        const char *pth = fm_json_str_or(it, "path", NULL);
        if (pth && fm_shard_kind_of(pth) >= 0) { rel = pth; break; }
    }
    if (!rel || opt->packed_rows <= 0) return;
    fm_strbuf dir = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    fm_path_join(&dir, build, "shards");
    fm_path_join(&path, dir.buf, rel);
    fm_error err = { 0 };
    fm_shard_reader *rd = fm_shard_reader_open(path.buf, &err);
    fm_shard_row row = { 0 };
    size_t cap = 2 * (size_t)opt->packed_rows, n = 0;
    fm_svg_strip *strips = fm_xcalloc(cap, sizeof *strips);
    char (*labels)[48] = fm_xcalloc(cap, sizeof *labels);
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(mp, "settings");
    size_t L = (size_t)fm_json_num_or(set, "seq_len", 0);
    int got = 0, shown = 0;
    for (int r = 0; rd && r < opt->packed_rows && (got = fm_shard_reader_next(rd, &row, &err)) == 1; r++) {
        const fm_rowcol *es = &row.c[FM_RC_ENC_SEGMENTS];
        if (es->present) {
            uint32_t *seg = fm_xcalloc(es->n ? es->n : 1, sizeof *seg);
            for (size_t i = 0; i < es->n; i++) seg[i] = es->v[i] > 0 ? (uint32_t)es->v[i] : 0;
            snprintf(labels[n], sizeof labels[n], "row %d encoder", r);
            strips[n] = (fm_svg_strip){ seg, NULL, es->n, labels[n] };
            n++;
        }
        /* unpadded formats (JSONL prefixlm, Megatron) are drawn padded to seq_len */
        size_t len = row.c[FM_RC_TOKENS].n;
        if (!row.c[FM_RC_SEGMENTS].present && L > len) len = L;
        uint32_t *seg = fm_xcalloc(len ? len : 1, sizeof *seg);
        uint8_t *loss = fm_xcalloc(len ? len : 1, 1);
        fm_shard_row_strip(&row, seg, loss, len);
        int has_loss = row.c[FM_RC_LOSS].present || row.c[FM_RC_LABELS].present;
        if (!has_loss) { free(loss); loss = NULL; }
        snprintf(labels[n], sizeof labels[n], es->present ? "row %d decoder" : "row %d", r);
        strips[n] = (fm_svg_strip){ seg, loss, len, labels[n] };
        n++;
        shown++;
    }
    if (n) {
        fm_strbuf_addf(o, "<h3>The first %d rows of <code>", shown);
        esc(o, rel);
        fm_strbuf_addstr(o, "</code></h3>");
        fm_svg_packed_rows(o, strips, n);
        if (!strcmp(st.format, "megatron"))
            fm_strbuf_addstr(o, "<p>Megatron sequences carry no loss mask (one example per sequence): no loss is marked.</p>");
    } else if (!rd || got < 0) {
        fm_strbuf_addstr(o, "<p class=trunc>Could not decode the first shard: ");
        esc(o, err.reason);
        fm_strbuf_addstr(o, "</p>");
    }
    for (size_t i = 0; i < n; i++) {
        free((void *)strips[i].seg);
        free((void *)strips[i].loss);
    }
    free(strips);
    free(labels);
    fm_shard_row_release(&row);
    fm_shard_reader_close(rd);
    fm_strbuf_release(&dir);
    fm_strbuf_release(&path);
}

static const char STYLE[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#222}"
    "h1{margin-top:24px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}"
    "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:2px "
    "6px;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}details{margin:4px 0}summary{cursor:pointer;font-weight:600}"
    "pre{background:#f8f8f8;border:1px solid #e4e4e4;padding:6px;white-space:pre-wrap;word-break:break-word;margin:2px "
    "0}"
    "pre.targets{background:#eef6ee}.ws{color:#bbb}.meta{color:#555;font-size:12px;margin-top:8px}"
    ".chart .t{font-weight:600;font-size:13px}.chart .l{font-size:11px}"
    "#filter{font-size:14px;padding:4px 8px;width:320px}.trunc{color:#b03030}code{font-size:12px}";

/* Filter tasks (elements with class item and data-name) by the search box; a link ending
 * in #filter=TEXT opens the page filtered. */
static const char SCRIPT[] =
    "function fmFilter(q){q=q.toLowerCase();"
    "document.querySelectorAll('.item').forEach(function(el){"
    "el.style.display=(el.getAttribute('data-name')||'').toLowerCase().indexOf(q)>=0?'':'none';});}"
    "var box=document.getElementById('filter');"
    "box.addEventListener('input',function(e){fmFilter(e.target.value);});"
    "if(location.hash.indexOf('#filter=')===0){box.value=decodeURIComponent(location.hash.slice(8));fmFilter(box.value)"
    ";}";

int fm_report_html(const char *build, const fm_report_opts *opt_in, fm_strbuf *o, fm_error *err)
{
    fm_report_opts opt = { 1, 4 };
    if (opt_in) opt = *opt_in;
    cJSON *mb = load_manifest(build, ".");
    cJSON *mi = load_manifest(build, "ingest"), *mf = load_manifest(build, "format"),
          *mm = load_manifest(build, "mix"), *mt = load_manifest(build, "tokens"),
          *mp = load_manifest(build, "shards");
    if (!mb && !mi && !mf && !mm && !mt && !mp) {
        return fm_error_set(err, FM_EINPUT, build, 0, NULL, "no manifests found: not a flanmix build directory");
    }
    task_meta tm;
    load_task_meta(build, &tm);
    fm_strbuf_addstr(
        o, "<!DOCTYPE html><html lang=en><head><meta charset='utf-8'><title>flanmix build report</title><style>");
    fm_strbuf_addstr(o, STYLE);
    fm_strbuf_addstr(o, "</style></head><body><h1>flanmix build report</h1><p>Build directory <code>");
    esc(o, build);
    fm_strbuf_addstr(o, "</code>.</p><p><input id=filter type=search placeholder='filter tasks…' aria-label='filter tasks'></p>\n");
    section_mixture(o, mm);
    section_counts(o, "Mixture counts per task and format", mm);
    section_lengths(o, build, mt, &tm);
    if (mp) {
        fm_strbuf_addstr(o, "<section id=packing><h2>Packing</h2>");
        section_packing(o, build, mp, &opt);
    } else {
        fm_strbuf_addstr(o, "<section id=packing><h2>Packing</h2>");
    }
    section_counts(o, "Packing and shards", mp);
    fm_strbuf_addstr(o, "</section>\n");
    section_samples(o, build, &opt);
    section_rejects(o, build);
    section_counts(o, "Ingest counts per task and source file", mi);
    section_counts(o, "Formatting counts", mf);
    fm_strbuf_addstr(o, "<section id=settings><h2>Settings and checksums</h2>");
    section_settings(o, "build", mb);
    section_settings(o, "ingest", mi);
    section_settings(o, "format", mf);
    section_settings(o, "mix", mm);
    section_settings(o, "tokenize", mt);
    section_settings(o, "pack", mp);
    fm_strbuf_addstr(o, "</section><script>");
    fm_strbuf_addstr(o, SCRIPT);
    fm_strbuf_addstr(o, "</script></body></html>\n");
    free_task_meta(&tm);
    cJSON_Delete(mb); cJSON_Delete(mi); cJSON_Delete(mf); cJSON_Delete(mm); cJSON_Delete(mt); cJSON_Delete(mp);
    return 0;
}

int fm_report_text(const char *build, const fm_report_opts *opt, fm_strbuf *o, fm_error *err)
{
    (void)opt;
    static const char *const stages[] = { ".", "ingest", "format", "mix", "tokens", "shards" };
    int any = 0;
    for (size_t i = 0; i < sizeof stages / sizeof *stages; i++) {
        cJSON *m = load_manifest(build, stages[i]);
        if (!m) continue;
        any = 1;
        fm_strbuf_addf(o, "== %s\n", !strcmp(stages[i], ".") ? "build" : stages[i]);
        if (!strcmp(stages[i], "shards")) {
            /* the same lines as `flanmix inspect --stats`, indented */
            fm_packstats st;
            fm_strbuf t = FM_STRBUF_INIT;
            fm_packstats_from_manifest(m, &st);
            fm_packstats_text(&st, &t);
            for (char *line = t.buf, *nl; line && *line; line = nl ? nl + 1 : NULL) {
                nl = strchr(line, '\n');
                fm_strbuf_addstr(o, "  ");
                fm_strbuf_add(o, line, nl ? (size_t)(nl - line) + 1 : strlen(line));
            }
            fm_strbuf_release(&t);
        }
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(m, "counts");
        const cJSON *it;
        cJSON_ArrayForEach(it, c) {
            fm_strbuf v = FM_STRBUF_INIT;
            value_text(&v, it);
            if (v.len > 300) fm_strbuf_setlen(&v, 300), fm_strbuf_addstr(&v, "…");
            fm_strbuf_addf(o, "  %-28s %s\n", it->string, v.buf);
            fm_strbuf_release(&v);
        }
        cJSON_Delete(m);
    }
    if (!any) return fm_error_set(err, FM_EINPUT, build, 0, NULL, "no manifests found: not a flanmix build directory");
    return 0;
}
