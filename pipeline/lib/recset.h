/* recset.h: one task's ingested records, loaded whole into memory.
 *
 * The LM-BFF tools (kshot, demos, lmbff) work on small K-shot sets or pools of at most a
 * few hundred thousand records, and need random access to all of them, so they read a
 * records/<task>/ directory (docs/contracts.md section 1) completely: meta.json and every
 * part-*.jsonl.zst in bytewise order. Each record keeps its line exactly as read, so that
 * writing a subset back gives byte-identical lines.
 *
 * A directory given by the user may be the task directory itself (it holds meta.json) or
 * a stage output directory holding records/<task>/ for exactly one task (or the named one).
 */
#ifndef FM_RECSET_H
#define FM_RECSET_H

#include "error.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fm_rsrec {
    const char *id;      /* points into tree */
    const cJSON *fields; /* the record's "fields" object */
    char *line;          /* the line as read, without "\n" */
    size_t line_len;
    cJSON *tree;         /* parsed line */
} fm_rsrec;

typedef struct fm_recset {
    char *dir;          /* resolved records/<task> directory */
    char *task;         /* meta.json "task" (or the directory name) */
    cJSON *meta;        /* parsed meta.json */
    fm_strbuf meta_text;/* meta.json bytes as read (copied verbatim to outputs) */
    char **parts;       /* part file paths, bytewise order */
    size_t nparts;
    fm_rsrec *recs;
    size_t n;
} fm_recset;

/* Resolve `dir` (see above; task may be NULL) and load it. */
int fm_recset_load(fm_recset *rs, const char *dir, const char *task, fm_error *err);
void fm_recset_release(fm_recset *rs);

/* The string value of field `name` of r, or NULL if absent or not a string. */
const char *fm_rsrec_str(const fm_rsrec *r, const char *name);

/* Write recs[idx[0..n)] (their lines unchanged) as DIR/part-00000.jsonl.zst and a verbatim
 * copy of the set's meta.json as DIR/meta.json. Creates DIR. Reports each written file to
 * `on_file` (may be NULL) with its full path. idx NULL means all records in order.
 * More than 100,000 records are split into part-00000, part-00001, ... */
typedef void (*fm_recset_file_cb)(void *ctx, const char *path, uint64_t bytes, uint64_t xxh3,
                                  long long records);
int fm_recset_write_subset(const fm_recset *rs, const size_t *idx, size_t n, const char *dir,
                           fm_recset_file_cb on_file, void *ctx, fm_error *err);

#endif
