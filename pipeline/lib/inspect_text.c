/* inspect_text.c: readable printing of records and formatted examples. */
#include "inspect.h"

#include "dirlist.h"
#include "fileio.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void fm_inspect_visible(fm_strbuf *out, const char *s, size_t n, int show_ws)
{
    if (!show_ws) {
        fm_strbuf_add(out, s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case ' ': fm_strbuf_addstr(out, "\xc2\xb7"); break;        /* · */
        case '\t': fm_strbuf_addstr(out, "\xe2\x86\x92"); break;   /* → */
        case '\r': fm_strbuf_addstr(out, "\xe2\x90\x8d"); break;   /* ␍ */
        case '\n': fm_strbuf_addstr(out, "\xe2\x86\xb5\n"); break; /* ↵ */
        default: fm_strbuf_addch(out, s[i]);
        }
    }
}

static int has_key(const char *first, size_t len, const char *key)
{
    cJSON *v = first ? cJSON_ParseWithLength(first, len) : NULL;
    int ok = v && cJSON_IsObject(v) && cJSON_GetObjectItemCaseSensitive(v, key);
    cJSON_Delete(v);
    return ok;
}

static int sub_exists(const char *dir, const char *name)
{
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, dir, name);
    struct stat st;
    int ok = stat(p.buf, &st) == 0 && S_ISDIR(st.st_mode);
    fm_strbuf_release(&p);
    return ok;
}

static int probe_examples(const char *path, int is_dir, const char *first, size_t len)
{
    if (is_dir) return sub_exists(path, "examples");
    return has_key(first, len, "inputs") && has_key(first, len, "targets") && has_key(first, len, "format");
}

static int probe_records(const char *path, int is_dir, const char *first, size_t len)
{
    if (is_dir) return sub_exists(path, "records");
    return has_key(first, len, "fields") && has_key(first, len, "id");
}

static long tokens(const fm_inspect_opts *o, const char *s, size_t n, fm_error *err)
{
    fm_ids ids = FM_IDS_INIT;
    long r = fm_tokenizer_encode(o->tok, s, n, &ids, err) < 0 ? -1 : (long)ids.n;
    fm_ids_release(&ids);
    return r;
}

static int print_example(const cJSON *ex, long idx, const fm_inspect_opts *o, fm_strbuf *sb,
                         fm_error *err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(ex, "id");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(ex, "inputs");
    const cJSON *tg = cJSON_GetObjectItemCaseSensitive(ex, "targets");
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(ex, "template");
    const cJSON *exs = cJSON_GetObjectItemCaseSensitive(ex, "exemplars");
    const char *ins = cJSON_IsString(in) ? in->valuestring : "";
    const char *tgs = cJSON_IsString(tg) ? tg->valuestring : "";
    fm_strbuf_reset(sb);
    fm_strbuf_addf(sb, "=== #%ld %s  template %d  exemplars %d", idx,
                   cJSON_IsString(id) ? id->valuestring : "?", cJSON_IsNumber(tp) ? tp->valueint : -1,
                   cJSON_IsArray(exs) ? cJSON_GetArraySize(exs) : 0);
    if (o->tok) {
        long a = tokens(o, ins, strlen(ins), err), b = tokens(o, tgs, strlen(tgs), err);
        if (a < 0 || b < 0) return -1;
        fm_strbuf_addf(sb, "  tokens: inputs %ld, targets %ld (without EOS)", a, b);
    }
    fm_strbuf_addstr(sb, "\n--- inputs\n");
    fm_inspect_visible(sb, ins, strlen(ins), o->show_ws);
    fm_strbuf_addstr(sb, "\n--- targets\n");
    fm_inspect_visible(sb, tgs, strlen(tgs), o->show_ws);
    fm_strbuf_addstr(sb, "\n\n");
    fwrite(sb->buf, 1, sb->len, o->out);
    return 0;
}

static int print_record(const cJSON *r, long idx, const fm_inspect_opts *o, fm_strbuf *sb, fm_error *err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(r, "fields");
    fm_strbuf_reset(sb);
    fm_strbuf_addf(sb, "=== #%ld %s\n", idx, cJSON_IsString(id) ? id->valuestring : "?");
    const cJSON *e;
    cJSON_ArrayForEach(e, f) {
        fm_strbuf_addf(sb, "--- %s", e->string);
        if (cJSON_IsString(e)) {
            if (o->tok) {
                long t = tokens(o, e->valuestring, strlen(e->valuestring), err);
                if (t < 0) return -1;
                fm_strbuf_addf(sb, " (%ld tokens)", t);
            }
            fm_strbuf_addch(sb, '\n');
            fm_inspect_visible(sb, e->valuestring, strlen(e->valuestring), o->show_ws);
            fm_strbuf_addch(sb, '\n');
        } else if (cJSON_IsArray(e)) {
            fm_strbuf_addstr(sb, " (list)\n");
            const cJSON *x;
            cJSON_ArrayForEach(x, e) {
                fm_strbuf_addstr(sb, "  - ");
                if (cJSON_IsString(x)) fm_inspect_visible(sb, x->valuestring, strlen(x->valuestring), o->show_ws);
                fm_strbuf_addch(sb, '\n');
            }
        } else {
            fm_strbuf_addch(sb, '\n');
        }
    }
    fm_strbuf_addch(sb, '\n');
    fwrite(sb->buf, 1, sb->len, o->out);
    return 0;
}

typedef int (*print_fn)(const cJSON *, long, const fm_inspect_opts *, fm_strbuf *, fm_error *);

/* Print up to o->n items of one file (or of several files in order), filtered by task. */
static int print_files(char *const *files, size_t nfiles, const fm_inspect_opts *o, print_fn pf,
                       fm_error *err)
{
    fm_strbuf line = FM_STRBUF_INIT, sb = FM_STRBUF_INIT;
    long shown = 0;
    int rc = 0;
    for (size_t i = 0; i < nfiles && rc == 0 && shown < o->n; i++) {
        fm_reader *r = fm_reader_open(files[i], err);
        if (!r) { rc = -1; break; }
        int g = 0;
        while (shown < o->n && (g = fm_reader_getline(r, &line, NULL, err)) == 1) {
            cJSON *v = fm_json_parse(line.buf, line.len, files[i], fm_reader_lineno(r), err);
            if (!v) { rc = -1; break; }
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, "task");
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, "format");
            int keep = (!o->task || (cJSON_IsString(t) && !strcmp(t->valuestring, o->task))) &&
                       (!o->format || !cJSON_IsString(f) || !strcmp(f->valuestring, o->format));
            if (keep) rc = pf(v, shown++, o, &sb, err);
            cJSON_Delete(v);
            if (rc < 0) break;
        }
        if (rc == 0 && g < 0) rc = -1;
        fm_reader_close(r);
    }
    fm_strbuf_release(&line);
    fm_strbuf_release(&sb);
    return rc;
}

/* Part files of DIR/sub, full paths. */
static int part_files(const char *dir, char ***files, size_t *n, fm_error *err)
{
    if (fm_list_dir(dir, "part-", NULL, 2, files, n, err) < 0) return -1;
    for (size_t i = 0; i < *n; i++) {
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, dir, (*files)[i]);
        free((*files)[i]);
        (*files)[i] = fm_strbuf_detach(&p, NULL);
    }
    return 0;
}

/* OUTDIR/<top>/<task>[/<format>]/part-*: every task (or o->task), every format (or o->format). */
static int run_dir(const char *path, const char *top, int with_format, const fm_inspect_opts *o,
                   print_fn pf, fm_error *err)
{
    fm_strbuf base = FM_STRBUF_INIT;
    fm_path_join(&base, path, top);
    char **tasks;
    size_t nt;
    int rc = fm_list_dir(base.buf, NULL, NULL, 1, &tasks, &nt, err);
    int matched = 0;
    for (size_t i = 0; i < nt && rc == 0; i++) {
        if (o->task && strcmp(tasks[i], o->task)) continue;
        fm_strbuf td = FM_STRBUF_INIT;
        fm_path_join(&td, base.buf, tasks[i]);
        char **fmts = NULL;
        size_t nf = 1;
        if (with_format) rc = fm_list_dir(td.buf, NULL, NULL, 1, &fmts, &nf, err);
        for (size_t k = 0; k < nf && rc == 0; k++) {
            if (with_format && o->format && strcmp(fmts[k], o->format)) continue;
            fm_strbuf d = FM_STRBUF_INIT;
            if (with_format) fm_path_join(&d, td.buf, fmts[k]);
            else fm_strbuf_addstr(&d, td.buf);
            char **files;
            size_t n;
            if ((rc = part_files(d.buf, &files, &n, err)) == 0) {
                fprintf(o->out, "##### %s%s%s\n\n", tasks[i], with_format ? "/" : "", with_format ? fmts[k] : "");
                matched++;
                rc = print_files(files, n, o, pf, err);
                fm_list_free(files, n);
            }
            fm_strbuf_release(&d);
        }
        if (with_format) fm_list_free(fmts, nf);
        fm_strbuf_release(&td);
    }
    fm_list_free(tasks, nt);
    if (rc == 0 && !matched)
        rc = fm_error_set(err, FM_EUSAGE, base.buf, 0, NULL, "nothing matches%s%s%s%s",
                          o->task ? " task " : "", o->task ? o->task : "", o->format ? " format " : "",
                          o->format ? o->format : "");
    fm_strbuf_release(&base);
    return rc;
}

static int run_examples(const char *path, int is_dir, const fm_inspect_opts *o, fm_error *err)
{
    if (is_dir) return run_dir(path, "examples", 1, o, print_example, err);
    char *f = (char *)path;
    return print_files(&f, 1, o, print_example, err);
}

static int run_records(const char *path, int is_dir, const fm_inspect_opts *o, fm_error *err)
{
    if (is_dir) return run_dir(path, "records", 0, o, print_record, err);
    char *f = (char *)path;
    return print_files(&f, 1, o, print_record, err);
}

const fm_inspector fm_inspector_examples = { "examples", probe_examples, run_examples };
const fm_inspector fm_inspector_records = { "records", probe_records, run_records };
