/* error.h: error values that carry file, line, field and reason up to main().
 *
 * Library functions never print or exit on bad input. They fill an fm_error and return
 * a failure value (-1 or NULL); the caller adds context if it has more and returns too,
 * until a stage's main() prints it as one line:
 *
 *     flanmix-ingest: data/rte.jsonl:17: field 'label': expected a number, got a string
 *
 * Out-of-memory is not an input error: fm_xmalloc() and friends abort with a message,
 * as git's xmalloc does, because no caller could do anything better.
 */
#ifndef FM_ERROR_H
#define FM_ERROR_H

#include <stddef.h>

enum fm_errcode {
    FM_OK = 0,
    FM_EINPUT,   /* bad input data: malformed JSON, bad UTF-8, missing field ... */
    FM_EIO,      /* the OS refused: open, read, write, rename, fsync, disk full */
    FM_EUSAGE,   /* bad command line, task, template or mixture definition */
    FM_EMODEL,   /* tokenizer model missing or unusable */
    FM_EINTERNAL /* an invariant of ours broke: a bug */
};

typedef struct fm_error {
    enum fm_errcode code;
    char file[512];   /* file the problem is in, "" if none */
    long line;        /* 1-based line (or record number) in that file, 0 if none */
    char field[128];  /* field, key or column name, "" if none */
    char reason[1024];
} fm_error;

/* Fill *e (if e is not NULL). file and field may be NULL. Returns -1 so that
 * `return fm_error_set(...)` reads naturally. */
int fm_error_set(fm_error *e, enum fm_errcode code, const char *file, long line,
                 const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Add location to an error raised without it (keeps what is already set). */
void fm_error_locate(fm_error *e, const char *file, long line);
void fm_error_clear(fm_error *e);

/* "file:line: field 'x': reason" (parts that are unset are left out). */
void fm_error_format(const fm_error *e, char *out, size_t n);

/* Print "prog: <formatted>\n" to stderr. */
void fm_error_print(const fm_error *e, const char *prog);

/* Exit status a main() should use for an error code. */
int fm_error_exit_status(const fm_error *e);

/* Allocation that aborts on out-of-memory. */
void *fm_xmalloc(size_t n);
void *fm_xcalloc(size_t n, size_t size);
void *fm_xrealloc(void *p, size_t n);
char *fm_xstrdup(const char *s);
char *fm_xstrndup(const char *s, size_t n);

/* qsort that accepts an empty array given as NULL: C leaves qsort(NULL, 0, ...)
 * undefined and UBSan reports it, and many of our lists start out NULL. */
void fm_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
