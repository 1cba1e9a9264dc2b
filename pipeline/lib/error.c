#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_bounded(char *dst, size_t n, const char *src)
{
    if (!src) { dst[0] = '\0'; return; }
    snprintf(dst, n, "%s", src);
}

int fm_error_set(fm_error *e, enum fm_errcode code, const char *file, long line,
                 const char *field, const char *fmt, ...)
{
    if (!e) return -1;
    e->code = code;
    copy_bounded(e->file, sizeof e->file, file);
    e->line = line;
    copy_bounded(e->field, sizeof e->field, field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->reason, sizeof e->reason, fmt, ap);
    va_end(ap);
    return -1;
}

void fm_error_locate(fm_error *e, const char *file, long line)
{
    if (!e) return;
    if (!e->file[0] && file) copy_bounded(e->file, sizeof e->file, file);
    if (!e->line) e->line = line;
}

void fm_error_clear(fm_error *e)
{
    if (e) memset(e, 0, sizeof *e);
}

void fm_error_format(const fm_error *e, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
#define APPEND(...) do { if (k < n) { int w = snprintf(out + k, n - k, __VA_ARGS__); if (w > 0) k += (size_t)w; } } while (0)
    if (e->file[0]) {
        APPEND("%s", e->file);
        if (e->line > 0) APPEND(":%ld", e->line);
        APPEND(": ");
    }
    if (e->field[0]) APPEND("field '%s': ", e->field);
    APPEND("%s", e->reason[0] ? e->reason : "unknown error");
#undef APPEND
}

void fm_error_print(const fm_error *e, const char *prog)
{
    char buf[2300];
    fm_error_format(e, buf, sizeof buf);
    fprintf(stderr, "%s: %s\n", prog, buf);
}

int fm_error_exit_status(const fm_error *e)
{
    switch (e->code) {
    case FM_OK: return 0;
    case FM_EUSAGE: return 2;
    case FM_EIO: return 3;
    default: return 1;
    }
}

static void *oom(size_t n)
{
    fprintf(stderr, "flanmix: out of memory allocating %zu bytes\n", n);
    abort();
}

void *fm_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    return p ? p : oom(n);
}

void *fm_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : oom(n * size);
}

void *fm_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    return q ? q : oom(n);
}

char *fm_xstrdup(const char *s)
{
    return fm_xstrndup(s, strlen(s));
}

char *fm_xstrndup(const char *s, size_t n)
{
    char *p = fm_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void fm_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}
