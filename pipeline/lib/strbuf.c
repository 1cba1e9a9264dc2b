#include "strbuf.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char fm_strbuf_empty[1];

void fm_strbuf_init(fm_strbuf *sb)
{
    sb->buf = fm_strbuf_empty;
    sb->len = 0;
    sb->cap = 0;
}

void fm_strbuf_release(fm_strbuf *sb)
{
    if (sb->cap) free(sb->buf);
    fm_strbuf_init(sb);
}

void fm_strbuf_grow(fm_strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap) return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need) cap = cap < ((size_t)1 << 40) ? cap * 2 : need;
    if (sb->cap) {
        sb->buf = fm_xrealloc(sb->buf, cap);
    } else {
        sb->buf = fm_xmalloc(cap);
        sb->buf[0] = '\0';
    }
    sb->cap = cap;
}

void fm_strbuf_reset(fm_strbuf *sb)
{
    sb->len = 0;
    if (sb->cap) sb->buf[0] = '\0';
}

void fm_strbuf_setlen(fm_strbuf *sb, size_t len)
{
    if (!sb->cap && len == 0) return;
    fm_strbuf_grow(sb, len > sb->len ? len - sb->len : 0);
    sb->len = len;
    sb->buf[len] = '\0';
}

char *fm_strbuf_detach(fm_strbuf *sb, size_t *len)
{
    if (len) *len = sb->len;
    char *out = sb->cap ? sb->buf : fm_xstrdup("");
    fm_strbuf_init(sb);
    return out;
}

void fm_strbuf_add(fm_strbuf *sb, const void *data, size_t n)
{
    if (!n) return;
    fm_strbuf_grow(sb, n);
    memcpy(sb->buf + sb->len, data, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void fm_strbuf_addstr(fm_strbuf *sb, const char *s)
{
    fm_strbuf_add(sb, s, strlen(s));
}

void fm_strbuf_addch(fm_strbuf *sb, char c)
{
    fm_strbuf_grow(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = '\0';
}

void fm_strbuf_vaddf(fm_strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0) return;
    fm_strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void fm_strbuf_addf(fm_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fm_strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

void fm_strbuf_rtrim_spaces(fm_strbuf *sb)
{
    size_t n = sb->len;
    while (n && sb->buf[n - 1] == ' ') n--;
    if (n != sb->len) fm_strbuf_setlen(sb, n);
}

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void fm_strbuf_trim_ascii(fm_strbuf *sb)
{
    size_t b = 0, e = sb->len;
    while (e > b && is_ascii_space(sb->buf[e - 1])) e--;
    while (b < e && is_ascii_space(sb->buf[b])) b++;
    if (b) memmove(sb->buf, sb->buf + b, e - b);
    if (sb->cap || e - b) fm_strbuf_setlen(sb, e - b);
}
