/* task.h: task definitions (docs/tasks.md): load, validate, and map raw records to fields.
 *
 * A task definition file holds one task ({...}) or several ({"tasks": [...]}). Loading a set
 * of files validates every key (errors name the definition file and the key), resolves the
 * source globs (sorted bytewise) against the data directory or the definition's directory,
 * expands per-file NIV2 definitions into one task per file, compiles the PCRE2 substitutions
 * and filters, and (unless told not to) opens the first source file to check that every
 * mapped column or key exists. Tasks come back sorted by name, which is the order of the
 * `--part` units.
 *
 * Other stages use the accessors (template set, kind, field names, options/answer fields) and
 * never need the raw data: pass FM_TASK_NO_SOURCES.
 *
 *     fm_task_set *set = fm_task_set_load(paths, n, data_dir, &err);
 *     for (size_t i = 0; i < fm_task_set_count(set); i++) {
 *         const fm_task *t = fm_task_set_get(set, i);
 *         printf("%s uses %s\n", fm_task_name(t), fm_task_templates(t));
 *     }
 *     fm_task_set_free(set);
 */
#ifndef FM_TASK_H
#define FM_TASK_H

#include "error.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef enum {
    FM_SRC_JSONL = 0,
    FM_SRC_JSON,    /* a JSON array of records (or an object holding one: source.records) */
    FM_SRC_CSV,
    FM_SRC_TSV,
    FM_SRC_NIV2,    /* a Super-NaturalInstructions task file */
    FM_SRC_COT_TSV, /* FLAN's CoT TSV: question \t answer \t chain_of_thought */
    FM_SRC_P3       /* P3 rows as JSON Lines, with FLAN's T0 preprocessing */
} fm_source_format;

const char *fm_source_format_name(fm_source_format f);

typedef enum { FM_NAN_ERROR = 0, FM_NAN_NULL } fm_nan_policy;

typedef struct fm_task fm_task;
typedef struct fm_task_set fm_task_set;

/* Load flags. */
#define FM_TASK_NO_CHECK   1u /* resolve source files, but do not open them to check fields */
#define FM_TASK_NO_SOURCES 2u /* do not look at data at all: no globbing, no checks; a per-file
                               * NIV2 definition stays one unexpanded entry (fm_task_is_family) */
#define FM_TASK_ALLOW_MISSING 4u /* a task whose source matches no file is left out and
                                  * listed (fm_task_set_missing), not an error */

typedef struct fm_task_load_opts {
    const char *data_dir;      /* NULL: relative paths resolve against each definition's dir */
    unsigned flags;
    int nan_override;          /* -1: as each definition says; else an fm_nan_policy */
} fm_task_load_opts;

/* Load task definition files (each one task or {"tasks": [...]}). NULL on error. */
fm_task_set *fm_task_set_load(const char *const *paths, size_t n, const char *data_dir,
                              fm_error *err);
fm_task_set *fm_task_set_load_opts(const char *const *paths, size_t n,
                                   const fm_task_load_opts *opts, fm_error *err);
void fm_task_set_free(fm_task_set *s);

size_t fm_task_set_count(const fm_task_set *s);
const fm_task *fm_task_set_get(const fm_task_set *s, size_t i); /* sorted by name */
const fm_task *fm_task_set_find(const fm_task_set *s, const char *name);

/* NIV2 task files that a per-file definition matched but left out, in load order: the
 * file's stem, and why ("mmlu": an MMLU-derived task FLAN drops; "split_list": not in the
 * definition's split list). An MMLU-derived file is reported as "mmlu" whatever the list. */
size_t fm_task_set_excluded_count(const fm_task_set *s);
const char *fm_task_set_excluded(const fm_task_set *s, size_t i, const char **why);

/* Under FM_TASK_ALLOW_MISSING, the tasks left out for want of data, in load order: the
 * task's name and the message that would otherwise have been the error. */
size_t fm_task_set_missing_count(const fm_task_set *s);
const char *fm_task_set_missing(const fm_task_set *s, size_t i, const char **why);

/* ---- accessors ------------------------------------------------------------------------ */
const char *fm_task_name(const fm_task *t);
const char *fm_task_def_path(const fm_task *t);     /* definition file it came from */
const char *fm_task_templates(const fm_task *t);    /* template set name */
const char *fm_task_submixture(const fm_task *t);
const char *fm_task_kind(const fm_task *t);         /* flan, t0, niv2, cot, plain */
const char *fm_task_license(const fm_task *t);      /* "" if not given */
const char *fm_task_provenance(const fm_task *t);   /* "" if not given */
const char *fm_task_options_field(const fm_task *t); /* NULL if none */
const char *fm_task_answer_field(const fm_task *t);  /* NULL if none */
size_t fm_task_field_count(const fm_task *t);
const char *fm_task_field_name(const fm_task *t, size_t i); /* in definition order */
fm_source_format fm_task_format(const fm_task *t);
const char *fm_task_split(const fm_task *t);
int fm_task_dedup(const fm_task *t);
fm_nan_policy fm_task_nan(const fm_task *t);
int fm_task_header(const fm_task *t);               /* CSV/TSV: first row names columns */
int fm_task_quoting(const fm_task *t);              /* CSV/TSV: RFC 4180 quotes */
const char *fm_task_records_path(const fm_task *t); /* json: key path of the array, or NULL */
int fm_task_is_family(const fm_task *t);            /* unexpanded per-file definition */
/* Source files after glob expansion, sorted bytewise: the path to open, and the name used
 * in record ids (relative to the data dir or the definition's dir). */
size_t fm_task_file_count(const fm_task *t);
const char *fm_task_file_path(const fm_task *t, size_t i);
const char *fm_task_file_rel(const fm_task *t, size_t i);
/* The definition object as written (after per-file expansion: with the expanded name). */
const cJSON *fm_task_json(const fm_task *t);

/* ---- mapping raw records to fields ------------------------------------------------------ */

/* Per-thread state for mapping one task's records (PCRE2 match data, scratch buffers). */
typedef struct fm_task_mapper fm_task_mapper;

fm_task_mapper *fm_task_mapper_new(const fm_task *t);
void fm_task_mapper_free(fm_task_mapper *m);

/* Map one raw record (a JSON object) to the canonical fields JSON `{"name":value,...}`
 * (appended to out, fields in definition order, escaped by json.h's rule). Returns 0 when
 * the record is kept, 1 when a filter dropped it, -1 when it is rejected (err says which
 * field and why; the caller adds file and line). */
int fm_task_mapper_apply(fm_task_mapper *m, const cJSON *raw, fm_strbuf *out, fm_error *err);

/* Check a mapping against the keys of one raw record (the CSV header or a first record):
 * every mapped path must exist (optional ones excepted). -1 with err naming the field. */
int fm_task_check_record(const fm_task *t, const cJSON *raw, fm_error *err);

/* Ingest's direct path (direct.h) for the common mapping: every field a constant or the
 * value of one top-level key, with labels or not, and no index, regex, "lower",
 * substitutions or filters. Fills out[0..fm_task_field_count(t)) and returns 1 for such a
 * task, else 0. Any record it cannot map exactly the same way goes to
 * fm_task_mapper_apply (missing or null values, wrong types, ...). */
typedef struct fm_task_plain_field {
    const char *name;
    const cJSON *konst;   /* a constant: string or array of strings; else NULL */
    const char *key;      /* else the top-level key whose value is taken */
    const cJSON *labels;  /* NULL, or an array / object of strings (as "labels") */
    int nonempty;         /* an empty string or list is an error */
} fm_task_plain_field;

int fm_task_plain_fields(const fm_task *t, fm_task_plain_field *out);

/* Write a number as text: integers exactly, others in the shortest form that reads back to
 * the same double (1.50 -> "1.5"). */
void fm_format_number(fm_strbuf *out, double d);

#endif
