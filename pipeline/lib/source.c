#include "source.h"

#include "csv.h"
#include "fileio.h"
#include "json.h"
#include "jsonarena.h"
#include "jsonscan.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

struct fm_source {
    const fm_task *task;
    fm_source_format fmt;
    fm_nan_policy nan;
    char *path;
    /* line formats */
    fm_reader *r;
    fm_strbuf line;      /* scratch for a line that spans the reader's buffers */
    /* json, niv2 */
    fm_jscan *js;
    int levels;          /* json: objects entered to reach source.records */
    int in_array, finished, saw_instances;
    long long index;     /* next 0-based element index */
    cJSON *header;       /* niv2: top-level keys other than Instances */
    cJSON *meta;         /* niv2: built at the end */
    /* csv */
    fm_csv *csv;
    char **colnames;
    size_t ncolnames;
    /* the current record */
    cJSON *raw;
    int raw_in_arena;    /* raw is arena's (fast path): not ours to delete */
    int defer;           /* fm_source_next_text: leave the object unparsed */
    fm_jarena *arena;
    fm_strbuf text;
    const char *cur;     /* the current record's text: s->text.buf, or (deferred) a view */
    size_t cur_len;
};

static void drop_raw(fm_source *s)
{
    if (!s->raw_in_arena) cJSON_Delete(s->raw);
    s->raw = NULL;
    s->raw_in_arena = 0;
}

/* Parse text as a JSON value under the task's NaN policy. */
static cJSON *parse_value(fm_source *s, fm_strbuf *text, long line, fm_error *err)
{
    if (s->nan == FM_NAN_NULL) fm_json_nan_to_null(text);
    cJSON *v = fm_json_parse(text->buf, text->len, s->path, line, err);
    long at = v || s->nan != FM_NAN_ERROR ? -1 : fm_json_bare_nan_at(text->buf, text->len);
    if (at >= 0) {
        for (long i = 0; i < at; i++)
            if (text->buf[i] == '\n') line++;
        fm_error_set(err, FM_EINPUT, s->path, line, NULL,
                     "bare NaN token (not valid JSON); set \"nan\": \"null\" in the task "
                     "definition or pass --nan null to read it as null");
    }
    return v;
}

/* A record object: the arena's fast path when the text is plain JSON (then no bare NaN
 * can be in it and the NaN policy has nothing to do), else cJSON as before. *in_arena says
 * which (an arena tree must not be deleted). */
static cJSON *parse_object_fast(fm_source *s, fm_strbuf *text, long line, int *in_arena, fm_error *err)
{
    if (!s->arena) s->arena = fm_jarena_new();
    const cJSON *f = fm_jarena_parse(s->arena, text->buf, text->len);
    if (f && cJSON_IsObject(f)) {
        *in_arena = 1;
        return (cJSON *)f;
    }
    *in_arena = 0;
    cJSON *v = parse_value(s, text, line, err);
    if (v && !cJSON_IsObject(v)) {
        fm_error_set(err, FM_EINPUT, s->path, line, NULL, "expected a JSON object, got %s",
                     fm_json_type_name(v));
        cJSON_Delete(v);
        return NULL;
    }
    return v;
}

static cJSON *parse_object(fm_source *s, fm_strbuf *text, long line, fm_error *err)
{
    return parse_object_fast(s, text, line, &s->raw_in_arena, err);
}

/* The record object in s->text (read at rec->line): parsed into s->raw, or left for
 * fm_source_parse when the caller asked for the text only. */
static int take_object(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    if (s->defer) {
        rec->text = s->cur;
        rec->text_len = s->cur_len;
        return 1;
    }
    if (s->cur != s->text.buf) { /* a view (next_line): the parser needs its own copy */
        fm_strbuf_reset(&s->text);
        fm_strbuf_add(&s->text, s->cur, s->cur_len);
        s->cur = s->text.buf;
    }
    /* parse_object may rewrite NaN in place: rec->text is the text it parsed */
    s->raw = parse_object(s, &s->text, rec->line, err);
    rec->text = s->text.buf;
    rec->text_len = s->text.len;
    return s->raw ? 1 : -1;
}

/* ---- line formats: jsonl, p3, cot_tsv ------------------------------------------------ */

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

/* Next non-blank line: into s->text, or (deferred: fm_source_next_text) only viewed in
 * place. 1, 0 at the end, -2 on error. BOM dropped on line 1. */
static int next_line(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    for (;;) {
        const char *p;
        size_t n;
        int rc = fm_reader_getline_view(s->r, &p, &n, &s->line, err);
        if (rc < 0) {
            fm_error_locate(err, s->path, fm_reader_lineno(s->r) + 1);
            rec->line = fm_reader_lineno(s->r) + 1;
            return -2;
        }
        if (rc == 0) return 0;
        long ln = fm_reader_lineno(s->r);
        if (ln == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            n -= 3;
        }
        if (is_blank(p, n)) continue;
        if (s->defer) {
            s->cur = p;
            s->cur_len = n;
        } else {
            fm_strbuf_reset(&s->text);
            fm_strbuf_add(&s->text, p, n);
            s->cur = s->text.buf;
            s->cur_len = s->text.len;
        }
        rec->line = ln;
        rec->position = ln;
        rec->text = s->cur;
        rec->text_len = s->cur_len;
        return 1;
    }
}

static int next_jsonl(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    int rc = next_line(s, rec, err);
    if (rc <= 0) return rc;
    return take_object(s, rec, err);
}

/* FLAN's T0 preprocessing (flan_v2_spec.md section 13). */
static void remove_newlines(fm_strbuf *out, const char *s, const char *with)
{
    for (; *s; s++) {
        if (*s == '\n') fm_strbuf_addstr(out, with);
        else fm_strbuf_addch(out, *s);
    }
    fm_strbuf_trim_ascii(out);
}

static int p3_string(fm_source *s, const cJSON *row, const char *key, const char **out,
                     long line, fm_error *err)
{
    return fm_json_get_string(row, key, out, 1, s->path, line, err);
}

static int next_p3(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    int rc = next_line(s, rec, err);
    if (rc <= 0) return rc;
    int row_in_arena = 0;
    cJSON *row = parse_object_fast(s, &s->text, rec->line, &row_in_arena, err);
    rec->text = s->text.buf;
    rec->text_len = s->text.len;
    if (!row) return -1;
    const char *in, *tg;
    if (p3_string(s, row, "inputs_pretokenized", &in, rec->line, err) < 0 ||
        p3_string(s, row, "targets_pretokenized", &tg, rec->line, err) < 0) {
        if (!row_in_arena) cJSON_Delete(row);
        return -1;
    }
    fm_strbuf b = FM_STRBUF_INIT;
    cJSON *o = cJSON_CreateObject();
    remove_newlines(&b, in, " ");
    cJSON_AddStringToObject(o, "question", b.buf);
    fm_strbuf_reset(&b);
    remove_newlines(&b, tg, "");
    cJSON_AddStringToObject(o, "answer", b.buf);
    const cJSON *ch = fm_json_get(row, "answer_choices");
    int bad = 0;
    if (ch && !cJSON_IsNull(ch)) {
        if (!cJSON_IsArray(ch)) {
            fm_error_set(err, FM_EINPUT, s->path, rec->line, "answer_choices",
                         "expected a list of strings, got %s", fm_json_type_name(ch));
            bad = 1;
        } else if (cJSON_GetArraySize(ch) > 0) {
            cJSON *opts = cJSON_AddArrayToObject(o, "options");
            int found = 0;
            for (const cJSON *c = ch->child; c; c = c->next) {
                if (!cJSON_IsString(c)) {
                    fm_error_set(err, FM_EINPUT, s->path, rec->line, "answer_choices",
                                 "expected a list of strings, found %s in it",
                                 fm_json_type_name(c));
                    bad = 1;
                    break;
                }
                fm_strbuf_reset(&b);
                remove_newlines(&b, c->valuestring, "");
                cJSON_AddItemToArray(opts, cJSON_CreateString(b.buf));
                if (!strcmp(b.buf, cJSON_GetObjectItemCaseSensitive(o, "answer")->valuestring))
                    found = 1;
            }
            if (!bad && !found) {
                fm_error_set(err, FM_EINPUT, s->path, rec->line, "targets_pretokenized",
                             "the answer is not one of the answer_choices");
                bad = 1;
            }
        }
    }
    fm_strbuf_release(&b);
    if (!row_in_arena) cJSON_Delete(row);
    if (bad) {
        cJSON_Delete(o);
        return -1;
    }
    s->raw = o;
    return 1;
}

/* In FLAN's CoT files the two characters backslash-n stand for a newline (question and
 * rationale only, spec section 10.2). */
static char *unescape_bsn(const char *s, size_t n)
{
    fm_strbuf b = FM_STRBUF_INIT;
    fm_strbuf_grow(&b, n);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n') {
            fm_strbuf_addch(&b, '\n');
            i++;
        } else {
            fm_strbuf_addch(&b, s[i]);
        }
    }
    return fm_strbuf_detach(&b, NULL);
}

static int next_cot(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    int rc = next_line(s, rec, err);
    if (rc <= 0) return rc;
    const char *t = s->text.buf;
    size_t n = s->text.len;
    long bad = fm_utf8_invalid_at(t, n);
    if (bad >= 0)
        return fm_error_set(err, FM_EINPUT, s->path, rec->line, NULL, "invalid UTF-8 at byte %ld",
                            bad + 1), -1;
    if (memchr(t, '\0', n))
        return fm_error_set(err, FM_EINPUT, s->path, rec->line, NULL, "NUL byte in the line"), -1;
    const char *tab1 = memchr(t, '\t', n);
    const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(t + n - tab1 - 1)) : NULL;
    if (!tab2)
        return fm_error_set(err, FM_EINPUT, s->path, rec->line, NULL,
                            "expected 3 tab-separated columns (question, answer, "
                            "chain_of_thought), found %d", tab1 ? 2 : 1), -1;
    const char *tab3 = memchr(tab2 + 1, '\t', (size_t)(t + n - tab2 - 1));
    const char *end3 = tab3 ? tab3 : t + n; /* extra columns are ignored */
    char *q = unescape_bsn(t, (size_t)(tab1 - t));
    char *a = fm_xstrndup(tab1 + 1, (size_t)(tab2 - tab1 - 1));
    char *c = unescape_bsn(tab2 + 1, (size_t)(end3 - tab2 - 1));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "question", q);
    cJSON_AddStringToObject(o, "answer", a);
    cJSON_AddStringToObject(o, "chain_of_thought", c);
    free(q);
    free(a);
    free(c);
    s->raw = o;
    return 1;
}

/* ---- csv / tsv ------------------------------------------------------------------------- */

static int open_csv(fm_source *s, fm_error *err)
{
    s->csv = fm_csv_open(s->path, s->fmt == FM_SRC_TSV ? '\t' : ',', fm_task_quoting(s->task), err);
    if (!s->csv) return -1;
    if (!fm_task_header(s->task)) return 0;
    int rc = fm_csv_next(s->csv, err);
    if (rc < 0) return -1;
    if (rc == 0)
        return fm_error_set(err, FM_EINPUT, s->path, 1, NULL,
                            "empty file: expected a header row (set \"header\": false if the "
                            "file has none)");
    s->ncolnames = fm_csv_ncols(s->csv);
    s->colnames = fm_xcalloc(s->ncolnames, sizeof *s->colnames);
    cJSON *probe = cJSON_CreateObject();
    for (size_t i = 0; i < s->ncolnames; i++) {
        size_t len;
        const char *c = fm_csv_col(s->csv, i, &len);
        if (fm_utf8_invalid_at(c, len) >= 0 || memchr(c, '\0', len)) {
            cJSON_Delete(probe);
            return fm_error_set(err, FM_EINPUT, s->path, fm_csv_line(s->csv), NULL,
                                "header: column %zu is not valid UTF-8", i + 1);
        }
        s->colnames[i] = fm_xstrndup(c, len);
        if (!cJSON_GetObjectItemCaseSensitive(probe, s->colnames[i]))
            cJSON_AddStringToObject(probe, s->colnames[i], "");
    }
    /* Every file's header must have the columns the mapping names. */
    rc = fm_task_check_record(s->task, probe, err);
    cJSON_Delete(probe);
    if (rc < 0) {
        fm_error_locate(err, s->path, fm_csv_line(s->csv));
        snprintf(err->reason + strlen(err->reason), sizeof err->reason - strlen(err->reason),
                 " (not a column of the header)");
        return -1;
    }
    return 0;
}

static int next_csv(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    int rc = fm_csv_next(s->csv, err);
    if (rc < 0) {
        rec->line = err->line;
        return -2;
    }
    if (rc == 0) return 0;
    size_t n = fm_csv_ncols(s->csv);
    rec->line = fm_csv_line(s->csv);
    rec->position = fm_csv_row(s->csv) - (fm_task_header(s->task) ? 1 : 0);
    size_t rl;
    const char *raw = fm_csv_raw(s->csv, &rl);
    rec->text = raw;
    rec->text_len = rl;
    if (s->colnames && n != s->ncolnames)
        return fm_error_set(err, FM_EINPUT, s->path, rec->line, NULL,
                            "row has %zu column%s, the header has %zu (too %s columns)", n,
                            n == 1 ? "" : "s", s->ncolnames, n < s->ncolnames ? "few" : "many"), -1;
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *c = fm_csv_col(s->csv, i, &len);
        long bad = fm_utf8_invalid_at(c, len);
        if (bad >= 0 || memchr(c, '\0', len)) {
            cJSON_Delete(o);
            return fm_error_set(err, FM_EINPUT, s->path, rec->line, NULL,
                                bad >= 0 ? "invalid UTF-8 in column %zu" : "NUL byte in column %zu",
                                i + 1), -1;
        }
        char *v = fm_xstrndup(c, len);
        char name[32];
        const char *key = s->colnames ? s->colnames[i] : name;
        if (!s->colnames) snprintf(name, sizeof name, "%zu", i);
        if (!cJSON_GetObjectItemCaseSensitive(o, key)) cJSON_AddStringToObject(o, key, v);
        free(v);
    }
    s->raw = o;
    return 1;
}

/* ---- json array ------------------------------------------------------------------------ */

/* Walk down source.records ("a.b") to the array; levels = objects entered. */
static int json_descend(fm_source *s, fm_error *err)
{
    const char *path = fm_task_records_path(s->task);
    fm_strbuf key = FM_STRBUF_INIT, want = FM_STRBUF_INIT;
    int rc = 0;
    while (path && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        fm_strbuf_reset(&want);
        fm_strbuf_add(&want, path, n);
        path = dot ? dot + 1 : NULL;
        if (fm_jscan_object_begin(s->js, err) < 0) { rc = -1; break; }
        s->levels++;
        int found = 0;
        for (;;) {
            long line;
            int k = fm_jscan_object_next(s->js, &key, &line, err);
            if (k < 0) { rc = -1; break; }
            if (k == 0) break;
            if (!strcmp(key.buf, want.buf)) { found = 1; break; }
            if (fm_jscan_value(s->js, NULL, NULL, err) < 0) { rc = -1; break; }
        }
        if (rc < 0) break;
        if (!found) {
            rc = fm_error_set(err, FM_EINPUT, s->path, 0, "records",
                              "key '%s' of the records path not found", want.buf);
            break;
        }
    }
    fm_strbuf_release(&key);
    fm_strbuf_release(&want);
    if (rc < 0) return -1;
    return fm_jscan_array_begin(s->js, err);
}

static int json_empty_check(fm_source *s, fm_error *err)
{
    int c = fm_jscan_peek(s->js, err);
    if (c == -2) return -1;
    if (c == -1)
        return fm_error_set(err, FM_EINPUT, s->path, 1, NULL,
                            "empty file: expected a JSON %s", s->fmt == FM_SRC_NIV2 ? "object" : "array");
    return 0;
}

static int next_json(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    if (s->finished) return 0;
    long line = 0;
    int rc = fm_jscan_array_next(s->js, &s->text, &line, err);
    if (rc < 0) {
        rec->line = err->line;
        return -2;
    }
    if (rc == 0) {
        /* Skip what follows the array in the enclosing objects, then the end. */
        for (; s->levels > 0; s->levels--) {
            fm_strbuf key = FM_STRBUF_INIT;
            int k;
            while ((k = fm_jscan_object_next(s->js, &key, NULL, err)) == 1)
                if (fm_jscan_value(s->js, NULL, NULL, err) < 0) { k = -1; break; }
            fm_strbuf_release(&key);
            if (k < 0) { rec->line = err->line; return -2; }
        }
        s->finished = 1;
        if (fm_jscan_finish(s->js, err) < 0) { rec->line = err->line; return -2; }
        return 0;
    }
    rec->line = line;
    rec->position = s->index++;
    s->cur = s->text.buf;
    s->cur_len = s->text.len;
    return take_object(s, rec, err);
}

/* ---- niv2 ----------------------------------------------------------------------------- */

static int next_niv2(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    fm_strbuf key = FM_STRBUF_INIT;
    int ret;
    for (;;) {
        if (s->in_array) {
            long line = 0;
            int rc = fm_jscan_array_next(s->js, &s->text, &line, err);
            if (rc < 0) { ret = -2; break; }
            if (rc == 1) {
                rec->line = line;
                rec->position = s->index++;
                s->cur = s->text.buf;
                s->cur_len = s->text.len;
                ret = take_object(s, rec, err);
                break;
            }
            s->in_array = 0;
            continue;
        }
        if (s->finished) { ret = 0; break; }
        long kline = 0;
        int rc = fm_jscan_object_next(s->js, &key, &kline, err);
        if (rc < 0) { ret = -2; break; }
        if (rc == 0) {
            if (fm_jscan_finish(s->js, err) < 0) { ret = -2; break; }
            s->finished = 1;
            if (!s->saw_instances) {
                ret = -2;
                fm_error_set(err, FM_EINPUT, s->path, 0, "Instances",
                             "not an NIV2 task file: no \"Instances\" array");
                break;
            }
            ret = 0;
            break;
        }
        if (!strcmp(key.buf, "Instances")) {
            if (s->saw_instances) {
                ret = -2;
                fm_error_set(err, FM_EINPUT, s->path, kline, "Instances", "duplicate key");
                break;
            }
            s->saw_instances = 1;
            if (fm_jscan_array_begin(s->js, err) < 0) {
                fm_error_set(err, FM_EINPUT, s->path, kline, "Instances", "expected an array");
                ret = -2;
                break;
            }
            s->in_array = 1;
            continue;
        }
        fm_strbuf_reset(&s->text);
        long vline = 0;
        if (fm_jscan_value(s->js, &s->text, &vline, err) < 0) { ret = -2; break; }
        cJSON *v = parse_value(s, &s->text, vline, err);
        if (!v) {
            snprintf(err->field, sizeof err->field, "%s", key.buf);
            ret = -2;
            break;
        }
        cJSON_DeleteItemFromObjectCaseSensitive(s->header, key.buf);
        cJSON_AddItemToObject(s->header, key.buf, v);
    }
    fm_strbuf_release(&key);
    if (ret == -2) rec->line = err->line;
    return ret;
}

/* NIV2 keys and their names in meta.json, in the order meta.json lists them. */
static const char *const NIV2_KEYS[][2] = {
    { "Definition", "definition" },
    { "Positive Examples", "positive_examples" },
    { "Negative Examples", "negative_examples" },
    { "Categories", "categories" },
    { "Reasoning", "reasoning" },
    { "Domains", "domains" },
    { "Input_language", "input_language" },
    { "Output_language", "output_language" },
    { "Instruction_language", "instruction_language" },
    { "Source", "source" },
    { "URL", "url" },
    { "Contributors", "contributors" },
    { "Instance License", "instance_license" },
};

static cJSON *build_niv2_meta(const cJSON *h)
{
    cJSON *m = cJSON_CreateObject();
    size_t nk = sizeof NIV2_KEYS / sizeof NIV2_KEYS[0];
    for (size_t i = 0; i < nk; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(h, NIV2_KEYS[i][0]);
        if (!v) continue;
        if (i == 0) {
            /* Definition is a list of strings (one in every known file); the formatter
             * uses the first, as Tk-Instruct does. The whole list is kept too. */
            const cJSON *first = cJSON_IsArray(v) ? v->child : v;
            cJSON_AddStringToObject(m, "definition",
                                    first && cJSON_IsString(first) ? first->valuestring : "");
            cJSON_AddItemToObject(m, "definition_list", cJSON_Duplicate(v, 1));
            continue;
        }
        cJSON_AddItemToObject(m, NIV2_KEYS[i][1], cJSON_Duplicate(v, 1));
    }
    cJSON *other = NULL;
    for (const cJSON *c = h->child; c; c = c->next) {
        int known = 0;
        for (size_t i = 0; i < nk; i++)
            if (!strcmp(c->string, NIV2_KEYS[i][0])) known = 1;
        if (known) continue;
        if (!other) other = cJSON_AddObjectToObject(m, "other");
        cJSON_AddItemToObject(other, c->string, cJSON_Duplicate(c, 1));
    }
    return m;
}

const cJSON *fm_source_niv2_meta(fm_source *s)
{
    if (s->fmt != FM_SRC_NIV2) return NULL;
    if (!s->meta) s->meta = build_niv2_meta(s->header);
    return s->meta;
}

/* ---- open / next / close -------------------------------------------------------------- */

fm_source *fm_source_open(const fm_task *t, size_t file_index, fm_error *err)
{
    fm_source *s = fm_xcalloc(1, sizeof *s);
    s->task = t;
    s->fmt = fm_task_format(t);
    s->nan = fm_task_nan(t);
    s->path = fm_xstrdup(fm_task_file_path(t, file_index));
    fm_strbuf_init(&s->line);
    fm_strbuf_init(&s->text);
    int rc = 0;
    switch (s->fmt) {
    case FM_SRC_JSONL:
    case FM_SRC_P3:
    case FM_SRC_COT_TSV:
        s->r = fm_reader_open(s->path, err);
        if (s->r) fm_reader_hash_input(s->r);
        rc = s->r ? 0 : -1;
        break;
    case FM_SRC_CSV:
    case FM_SRC_TSV:
        rc = open_csv(s, err);
        break;
    case FM_SRC_JSON:
        s->js = fm_jscan_open(s->path, err);
        rc = s->js ? json_empty_check(s, err) : -1;
        if (rc == 0) rc = json_descend(s, err);
        break;
    case FM_SRC_NIV2:
        s->header = cJSON_CreateObject();
        s->js = fm_jscan_open(s->path, err);
        rc = s->js ? json_empty_check(s, err) : -1;
        if (rc == 0) rc = fm_jscan_object_begin(s->js, err);
        break;
    }
    if (rc < 0) {
        fm_source_close(s);
        return NULL;
    }
    return s;
}

int fm_source_next(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    drop_raw(s);
    memset(rec, 0, sizeof *rec);
    int rc = -2;
    switch (s->fmt) {
    case FM_SRC_JSONL: rc = next_jsonl(s, rec, err); break;
    case FM_SRC_P3: rc = next_p3(s, rec, err); break;
    case FM_SRC_COT_TSV: rc = next_cot(s, rec, err); break;
    case FM_SRC_CSV:
    case FM_SRC_TSV: rc = next_csv(s, rec, err); break;
    case FM_SRC_JSON: rc = next_json(s, rec, err); break;
    case FM_SRC_NIV2: rc = next_niv2(s, rec, err); break;
    }
    rec->raw = s->raw;
    return rc;
}

int fm_source_has_text(const fm_task *t)
{
    fm_source_format f = fm_task_format(t);
    return f == FM_SRC_JSONL || f == FM_SRC_JSON || f == FM_SRC_NIV2;
}

int fm_source_next_text(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    s->defer = fm_source_has_text(s->task); /* other formats: fm_source_next as it is */
    int rc = fm_source_next(s, rec, err);
    s->defer = 0;
    return rc;
}

int fm_source_parse(fm_source *s, fm_source_rec *rec, fm_error *err)
{
    int rc = take_object(s, rec, err);
    rec->raw = s->raw;
    return rc;
}

int fm_source_input_checksum(const fm_source *s, uint64_t *xxh3, uint64_t *size)
{
    if (s->r) return fm_reader_input_checksum(s->r, xxh3, size);
    if (s->js) return fm_jscan_input_checksum(s->js, xxh3, size);
    return -1;
}

void fm_source_close(fm_source *s)
{
    if (!s) return;
    drop_raw(s);
    if (s->r) fm_reader_close(s->r);
    if (s->js) fm_jscan_close(s->js);
    if (s->csv) fm_csv_close(s->csv);
    for (size_t i = 0; i < s->ncolnames; i++) free(s->colnames[i]);
    free(s->colnames);
    cJSON_Delete(s->header);
    cJSON_Delete(s->meta);
    fm_jarena_free(s->arena);
    fm_strbuf_release(&s->line);
    fm_strbuf_release(&s->text);
    free(s->path);
    free(s);
}
