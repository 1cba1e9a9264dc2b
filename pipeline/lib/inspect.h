/* inspect.h: `flanmix inspect` dispatches on what it is given (records, examples, tokens,
 * shards...). Each kind of input has an fm_inspector: a probe that recognizes it and a
 * printer. They live in pipeline/lib/inspect_*.c; pipeline/cmd/inspect.c lists them in
 * one table, so adding a kind is a new file plus one line there. */
#ifndef FM_INSPECT_H
#define FM_INSPECT_H

#include "error.h"
#include "strbuf.h"
#include "tokenizer.h"

#include <stdio.h>

typedef struct fm_inspect_opts {
    const char *task;          /* NULL: every task */
    const char *format;        /* NULL: every format (examples) */
    long n;                    /* items to print per task/format (default 3) */
    int show_ws;               /* make spaces, tabs and newlines visible */
    fm_tokenizer *tok;         /* NULL: no token counts */
    const fm_spm_model *model; /* NULL: shards print ids, not text */
    FILE *out;
} fm_inspect_opts;

typedef struct fm_inspector {
    const char *name;
    /* 1 if this inspector handles path. is_dir says whether it is a directory; for a file,
     * first/len is its first line (decompressed), else NULL. */
    int (*probe)(const char *path, int is_dir, const char *first, size_t len);
    int (*run)(const char *path, int is_dir, const fm_inspect_opts *o, fm_error *err);
} fm_inspector;

/* inspect_text.c: records and formatted examples (files or stage output directories). */
extern const fm_inspector fm_inspector_examples;
extern const fm_inspector fm_inspector_records;

/* inspect_shards.c: output of `flanmix pack` (MDS, JSONL rows, Megatron; a pack output
 * directory prints its packing statistics first). */
extern const fm_inspector fm_inspector_shards;

/* Append text to out, with spaces as '·', tabs as '→', CR as '␍' and newlines as '↵'
 * followed by a real newline, when show_ws; else as it is. */
void fm_inspect_visible(fm_strbuf *out, const char *s, size_t n, int show_ws);

#endif
