/* fuzz_util.h: helpers shared by the libFuzzer targets (header only; tests/fuzz/fuzz_NAME.c are
 * the targets). Parsers that read from a path get the fuzz input through files in one
 * private temporary directory per process, removed at exit. Inputs that stand for several
 * files are split at a marker line (fuzz_split), so a seed is readable text:
 *
 *     <first file>\n%%FILE%%\n<second file>...
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_MARK "\n%%FILE%%\n"

static char fuzz_dir_buf[64];

static void fuzz_rm_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir_buf);
    if (system(cmd) != 0) { /* best effort */ }
}

/* The private directory (created on first use). */
static inline const char *fuzz_dir(void)
{
    if (!fuzz_dir_buf[0]) {
        snprintf(fuzz_dir_buf, sizeof fuzz_dir_buf, "/tmp/fm-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_dir_buf)) abort();
        atexit(fuzz_rm_dir);
    }
    return fuzz_dir_buf;
}

/* Path of NAME in the private directory (static buffer per call site is the caller's). */
static inline void fuzz_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", fuzz_dir(), name);
}

/* Write bytes to NAME in the private directory; returns the full path in out. */
static inline void fuzz_write(char *out, size_t cap, const char *name, const void *data, size_t n)
{
    fuzz_path(out, cap, name);
    FILE *f = fopen(out, "wb");
    if (!f) abort();
    if (n && fwrite(data, 1, n, f) != n) abort();
    fclose(f);
}

/* Split data at FUZZ_MARK into at most max parts; returns the count. */
static inline size_t fuzz_split(const uint8_t *data, size_t n, const uint8_t **part, size_t *len, size_t max)
{
    size_t k = 0, ml = strlen(FUZZ_MARK);
    const uint8_t *p = data, *end = data + n;
    while (k + 1 < max) {
        const uint8_t *m = memmem(p, (size_t)(end - p), FUZZ_MARK, ml);
        if (!m) break;
        part[k] = p;
        len[k++] = (size_t)(m - p);
        p = m + ml;
    }
    part[k] = p;
    len[k++] = (size_t)(end - p);
    return k;
}

#endif

