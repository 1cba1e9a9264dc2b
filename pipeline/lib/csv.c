#include "csv.h"

#include "fileio.h"

#include <stdlib.h>
#include <string.h>

#define CSV_BUF (1u << 16)

typedef struct { size_t off, len; } csv_span;

struct fm_csv {
    fm_reader *r;
    char *path;
    char delim;
    int quoting;
    unsigned char *buf;
    size_t len, pos;
    int eof, started;
    long line;      /* physical line of the next byte */
    long row_line, row;
    fm_strbuf data; /* field bytes, back to back */
    fm_strbuf raw;  /* the row as read */
    csv_span *cols;
    size_t ncols, cap;
};

fm_csv *fm_csv_open(const char *path, char delim, int quoting, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return NULL;
    fm_csv *c = fm_xcalloc(1, sizeof *c);
    c->r = r;
    c->path = fm_xstrdup(path);
    c->delim = delim;
    c->quoting = quoting;
    c->buf = fm_xmalloc(CSV_BUF);
    c->line = 1;
    fm_strbuf_init(&c->data);
    fm_strbuf_init(&c->raw);
    return c;
}

void fm_csv_close(fm_csv *c)
{
    if (!c) return;
    fm_reader_close(c->r);
    free(c->path);
    free(c->buf);
    free(c->cols);
    fm_strbuf_release(&c->data);
    fm_strbuf_release(&c->raw);
    free(c);
}

/* Next byte (0..255), -1 at the end, -2 on error. */
static int peekc(fm_csv *c, fm_error *err)
{
    if (c->pos >= c->len) {
        if (c->eof) return -1;
        long n = fm_reader_read(c->r, c->buf, CSV_BUF, err);
        if (n < 0) {
            fm_error_locate(err, c->path, c->line);
            return -2;
        }
        c->len = (size_t)n;
        c->pos = 0;
        if (n == 0) {
            c->eof = 1;
            return -1;
        }
        if (!c->started) {
            c->started = 1;
            if (c->len >= 3 && c->buf[0] == 0xEF && c->buf[1] == 0xBB && c->buf[2] == 0xBF) {
                c->pos = 3;
                return peekc(c, err);
            }
        }
    }
    return c->buf[c->pos];
}

static void advance(fm_csv *c, int ch)
{
    c->pos++;
    if (ch == '\n') c->line++;
}

static void new_col(fm_csv *c)
{
    if (c->ncols == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->cols = fm_xrealloc(c->cols, c->cap * sizeof *c->cols);
    }
    c->cols[c->ncols].off = c->data.len;
    c->cols[c->ncols].len = 0;
    c->ncols++;
}

static void add_byte(fm_csv *c, int ch)
{
    fm_strbuf_addch(&c->data, (char)ch);
    c->cols[c->ncols - 1].len++;
}

int fm_csv_next(fm_csv *c, fm_error *err)
{
    int ch;
    /* Skip blank lines ("\n" or "\r\n" alone). */
    for (;;) {
        ch = peekc(c, err);
        if (ch == -2) return -1;
        if (ch == -1) return 0;
        if (ch == '\n') { advance(c, ch); continue; }
        if (ch == '\r') {
            /* Only "\r\n" is a blank line; a lone CR starts a field. */
            advance(c, ch);
            int nx = peekc(c, err);
            if (nx == -2) return -1;
            if (nx == '\n') { advance(c, nx); continue; }
            fm_strbuf_reset(&c->data);
            fm_strbuf_reset(&c->raw);
            c->ncols = 0;
            c->row_line = c->line;
            c->row++;
            new_col(c);
            add_byte(c, '\r');
            fm_strbuf_addch(&c->raw, '\r');
            goto unquoted;
        }
        break;
    }
    fm_strbuf_reset(&c->data);
    fm_strbuf_reset(&c->raw);
    c->ncols = 0;
    c->row_line = c->line;
    c->row++;

field:
    new_col(c);
    ch = peekc(c, err);
    if (ch == -2) return -1;
    if (c->quoting && ch == '"') {
        long qline = c->line;
        advance(c, ch);
        fm_strbuf_addch(&c->raw, '"');
        for (;;) {
            ch = peekc(c, err);
            if (ch == -2) return -1;
            if (ch == -1)
                return fm_error_set(err, FM_EINPUT, c->path, qline, NULL,
                                    "unterminated quoted field: the quote opened here is never "
                                    "closed (end of file reached)");
            advance(c, ch);
            fm_strbuf_addch(&c->raw, (char)ch);
            if (ch != '"') {
                add_byte(c, ch);
                continue;
            }
            int nx = peekc(c, err);
            if (nx == -2) return -1;
            if (nx == '"') {
                advance(c, nx);
                fm_strbuf_addch(&c->raw, '"');
                add_byte(c, '"');
                continue;
            }
            break; /* closing quote; anything up to the delimiter is kept as data */
        }
    }
unquoted:
    for (;;) {
        ch = peekc(c, err);
        if (ch == -2) return -1;
        if (ch == -1) return 1;
        if (ch == c->delim) {
            advance(c, ch);
            fm_strbuf_addch(&c->raw, (char)ch);
            goto field;
        }
        if (ch == '\n') {
            advance(c, ch);
            return 1;
        }
        if (ch == '\r') {
            advance(c, ch);
            int nx = peekc(c, err);
            if (nx == -2) return -1;
            if (nx == '\n') {
                advance(c, nx);
                return 1;
            }
            fm_strbuf_addch(&c->raw, '\r');
            add_byte(c, '\r');
            continue;
        }
        /* Fast path: copy a run of ordinary bytes. */
        size_t start = c->pos, end = c->pos;
        while (end < c->len) {
            unsigned char b = c->buf[end];
            if (b == (unsigned char)c->delim || b == '\n' || b == '\r') break;
            end++;
        }
        if (end == start) end = start + 1;
        fm_strbuf_add(&c->data, c->buf + start, end - start);
        fm_strbuf_add(&c->raw, c->buf + start, end - start);
        c->cols[c->ncols - 1].len += end - start;
        c->pos = end;
    }
}

size_t fm_csv_ncols(const fm_csv *c) { return c->ncols; }

const char *fm_csv_col(const fm_csv *c, size_t i, size_t *len)
{
    if (i >= c->ncols) return NULL;
    *len = c->cols[i].len;
    return c->data.buf + c->cols[i].off;
}

long fm_csv_line(const fm_csv *c) { return c->row_line; }
long fm_csv_row(const fm_csv *c) { return c->row; }

const char *fm_csv_raw(const fm_csv *c, size_t *len)
{
    *len = c->raw.len;
    return c->raw.buf;
}
