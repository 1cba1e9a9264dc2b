#include "jsonscan.h"

#include "bytescan.h"
#include "fileio.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

#define JSCAN_BUF (1u << 16)
#define JSCAN_MAX_DEPTH 64

struct fm_jscan {
    fm_reader *r;
    char *path;
    unsigned char *buf;
    size_t len, pos;
    int eof;
    long line;
    /* One "no element yet" flag per array/object opened with *_begin. */
    unsigned char first[JSCAN_MAX_DEPTH];
    int depth;
};

static int refill(fm_jscan *s, fm_error *err)
{
    if (s->eof) return 0;
    long n = fm_reader_read(s->r, s->buf, JSCAN_BUF, err);
    if (n < 0) {
        fm_error_locate(err, s->path, s->line);
        return -1;
    }
    s->len = (size_t)n;
    s->pos = 0;
    if (n == 0) s->eof = 1;
    return 0;
}

fm_jscan *fm_jscan_open(const char *path, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return NULL;
    fm_reader_hash_input(r);
    fm_jscan *s = fm_xcalloc(1, sizeof *s);
    s->r = r;
    s->path = fm_xstrdup(path);
    s->buf = fm_xmalloc(JSCAN_BUF);
    s->line = 1;
    if (refill(s, err) < 0) {
        fm_jscan_close(s);
        return NULL;
    }
    /* A UTF-8 BOM at the very start is dropped (docs/ingest.md). The first read of a
     * plain file gets at least 3 bytes unless the file is shorter. */
    if (s->len >= 3 && s->buf[0] == 0xEF && s->buf[1] == 0xBB && s->buf[2] == 0xBF) s->pos = 3;
    return s;
}

int fm_jscan_input_checksum(const fm_jscan *s, uint64_t *xxh3, uint64_t *size)
{
    return fm_reader_input_checksum(s->r, xxh3, size);
}

void fm_jscan_close(fm_jscan *s)
{
    if (!s) return;
    fm_reader_close(s->r);
    free(s->path);
    free(s->buf);
    free(s);
}

const char *fm_jscan_path(const fm_jscan *s) { return s->path; }
long fm_jscan_line(const fm_jscan *s) { return s->line; }

int fm_jscan_peek(fm_jscan *s, fm_error *err)
{
    for (;;) {
        while (s->pos < s->len) {
            unsigned char c = s->buf[s->pos];
            if (c == '\n') s->line++;
            else if (c != ' ' && c != '\t' && c != '\r') return c;
            s->pos++;
        }
        if (s->eof) return -1;
        if (refill(s, err) < 0) return -2;
        if (s->eof) return -1;
    }
}

static int unexpected(fm_jscan *s, int c, const char *want, fm_error *err)
{
    if (c == -1)
        return fm_error_set(err, FM_EINPUT, s->path, s->line, NULL,
                            "unexpected end of file: expected %s (truncated file?)", want);
    if (c >= 0x20 && c < 0x7f)
        return fm_error_set(err, FM_EINPUT, s->path, s->line, NULL,
                            "malformed JSON: expected %s, found '%c'", want, c);
    return fm_error_set(err, FM_EINPUT, s->path, s->line, NULL,
                        "malformed JSON: expected %s, found byte 0x%02x", want, c);
}

/* Consume one byte known to be at s->pos (after a peek). */
static void take(fm_jscan *s) { s->pos++; }

int fm_jscan_value(fm_jscan *s, fm_strbuf *out, long *line, fm_error *err)
{
    int c = fm_jscan_peek(s, err);
    if (c == -2) return -1;
    if (c == -1 || c == ']' || c == '}' || c == ',' || c == ':')
        return unexpected(s, c, "a value", err);
    if (line) *line = s->line;
    long start_line = s->line;
    int depth = 0, in_str = 0, esc = 0;
    int scalar = (c != '"' && c != '[' && c != '{');
    for (;;) {
        if (s->pos >= s->len) {
            if (refill(s, err) < 0) return -1;
            if (s->eof) {
                if (scalar) return 0;
                return fm_error_set(err, FM_EINPUT, s->path, start_line, NULL,
                                    "unexpected end of file inside a %s that starts here "
                                    "(truncated file?)", in_str ? "string" : "JSON value");
            }
        }
        const unsigned char *b = s->buf + s->pos, *e = s->buf + s->len, *p = b;
        int done = 0;
        if (scalar) {
            while (p < e && *p != ',' && *p != ']' && *p != '}' && *p != ' ' && *p != '\t' &&
                   *p != '\r' && *p != '\n' && *p != ':')
                p++;
            done = p < e;
        } else {
            while (p < e) {
                unsigned char ch = *p;
                if (in_str) {
                    if (esc) { esc = 0; p++; continue; }
                    /* Fast path: skip ordinary string bytes (16 at a time). */
                    p = fm_find_byte3(p, e, '"', '\\', '\n');
                    if (p >= e) break;
                    ch = *p++;
                    if (ch == '\\') esc = 1;
                    else if (ch == '\n') s->line++;
                    else {
                        in_str = 0;
                        if (depth == 0) { done = 1; break; }
                    }
                    continue;
                }
                p++;
                if (ch == '"') in_str = 1;
                else if (ch == '[' || ch == '{') {
                    depth++;
                } else if (ch == ']' || ch == '}') {
                    if (--depth == 0) { done = 1; break; }
                } else if (ch == '\n') s->line++;
            }
        }
        if (out) fm_strbuf_add(out, b, (size_t)(p - b));
        s->pos += (size_t)(p - b);
        if (done) return 0;
    }
}

static int expect_char(fm_jscan *s, int want, const char *what, fm_error *err)
{
    int c = fm_jscan_peek(s, err);
    if (c == -2) return -1;
    if (c != want) return unexpected(s, c, what, err);
    take(s);
    return 0;
}

static int push(fm_jscan *s, fm_error *err)
{
    if (s->depth >= JSCAN_MAX_DEPTH)
        return fm_error_set(err, FM_EINTERNAL, s->path, s->line, NULL, "JSON scanner nesting too deep");
    s->first[s->depth++] = 1;
    return 0;
}

int fm_jscan_array_begin(fm_jscan *s, fm_error *err)
{
    if (expect_char(s, '[', "'['", err) < 0) return -1;
    return push(s, err);
}

int fm_jscan_object_begin(fm_jscan *s, fm_error *err)
{
    if (expect_char(s, '{', "'{'", err) < 0) return -1;
    return push(s, err);
}

/* Between elements: the closing bracket (returns 0), or a comma unless first (returns 1). */
static int separator(fm_jscan *s, int close, fm_error *err)
{
    if (s->depth <= 0)
        return fm_error_set(err, FM_EINTERNAL, s->path, s->line, NULL, "JSON scanner: no open array");
    int c = fm_jscan_peek(s, err);
    if (c == -2) return -1;
    int first = s->first[s->depth - 1];
    if (c == close) {
        take(s);
        s->depth--;
        return 0;
    }
    if (!first) {
        if (c != ',')
            return unexpected(s, c, close == ']' ? "',' or ']'" : "',' or '}'", err);
        take(s);
    }
    s->first[s->depth - 1] = 0;
    return 1;
}

int fm_jscan_array_next(fm_jscan *s, fm_strbuf *out, long *line, fm_error *err)
{
    int rc = separator(s, ']', err);
    if (rc <= 0) return rc;
    if (out) fm_strbuf_reset(out);
    if (fm_jscan_value(s, out, line, err) < 0) return -1;
    return 1;
}

int fm_jscan_object_next(fm_jscan *s, fm_strbuf *key, long *line, fm_error *err)
{
    int rc = separator(s, '}', err);
    if (rc <= 0) return rc;
    int c = fm_jscan_peek(s, err);
    if (c == -2) return -1;
    if (c != '"') return unexpected(s, c, "a key string", err);
    fm_strbuf raw = FM_STRBUF_INIT;
    long kline = 0;
    if (fm_jscan_value(s, &raw, &kline, err) < 0) {
        fm_strbuf_release(&raw);
        return -1;
    }
    if (line) *line = kline;
    cJSON *k = fm_json_parse(raw.buf, raw.len, s->path, kline, err);
    fm_strbuf_release(&raw);
    if (!k) return -1;
    fm_strbuf_reset(key);
    fm_strbuf_addstr(key, k->valuestring ? k->valuestring : "");
    cJSON_Delete(k);
    return expect_char(s, ':', "':'", err) < 0 ? -1 : 1;
}

int fm_jscan_finish(fm_jscan *s, fm_error *err)
{
    int c = fm_jscan_peek(s, err);
    if (c == -2) return -1;
    if (c != -1)
        return fm_error_set(err, FM_EINPUT, s->path, s->line, NULL,
                            "malformed JSON: extra text after the end of the document");
    return 0;
}

/* ---- NaN ------------------------------------------------------------------------------ */

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Calls fn(at) for each bare NaN token outside strings; returns the count. */
static int scan_nan(const char *t, size_t n, char *rewrite)
{
    int in_str = 0, count = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
            continue;
        }
        if (c == '"') { in_str = 1; continue; }
        if (c == 'N' && i + 3 <= n && t[i + 1] == 'a' && t[i + 2] == 'N' &&
            (i == 0 || !is_ident(t[i - 1])) && (i + 3 == n || !is_ident(t[i + 3]))) {
            count++;
            if (rewrite) {
                /* "NaN" -> "null" needs one more byte: done by the caller's second pass. */
                rewrite[i] = 1;
            }
            i += 2;
        }
    }
    return count;
}

long fm_json_bare_nan_at(const char *text, size_t n)
{
    if (!memmem(text, n, "NaN", 3)) return -1;
    char *mark = fm_xcalloc(n + 1, 1);
    long at = -1;
    if (scan_nan(text, n, mark) > 0)
        for (size_t i = 0; i < n; i++)
            if (mark[i]) { at = (long)i; break; }
    free(mark);
    return at;
}

int fm_json_nan_to_null(fm_strbuf *text)
{
    if (!memmem(text->buf, text->len, "NaN", 3)) return 0;
    char *mark = fm_xcalloc(text->len + 1, 1);
    int count = scan_nan(text->buf, text->len, mark);
    if (count) {
        fm_strbuf out = FM_STRBUF_INIT;
        fm_strbuf_grow(&out, text->len + (size_t)count);
        for (size_t i = 0; i < text->len; i++) {
            if (mark[i]) {
                fm_strbuf_addstr(&out, "null");
                i += 2;
            } else {
                fm_strbuf_addch(&out, text->buf[i]);
            }
        }
        fm_strbuf_release(text);
        *text = out;
    }
    free(mark);
    return count;
}
