/* formatter.h: records -> (inputs, targets) examples, the way the Flan Collection builds
 * them (docs/formats-prompt.md; byte-level rules from flan_v2_spec.md sections 2-11).
 *
 * The formatter streams: a task's record files are read sequentially by at most two
 * cursors (queries, and exemplar windows that run ahead and wrap around), so memory is
 * bounded by one window of records, except for NIV2 x_shot whose exemplar pool is the
 * whole task (bounded by the task's size).
 *
 * Every random choice comes from an rng.h stream keyed by (seed, purpose, task, position),
 * so output depends only on inputs, settings and seed.
 */
#ifndef FM_FORMATTER_H
#define FM_FORMATTER_H

#include "error.h"
#include "placeholder.h"
#include "strbuf.h"
#include "templates.h"

#include <cjson/cJSON.h>
#include <stdint.h>

typedef enum {
    FM_FMT_ZS_OPT = 0,
    FM_FMT_ZS_NOOPT,
    FM_FMT_FS_X,
    FM_FMT_FS_X_NOOPT,
    FM_FMT_FS_MIX,
    FM_FMT_FS_MIX_NOOPT,
    FM_FMT_COUNT
} fm_format;

const char *fm_format_name(fm_format f);
int fm_format_parse(const char *s, size_t n, fm_format *out); /* 0 or -1 */
int fm_format_is_few_shot(fm_format f);

typedef enum { FM_CHOICE_FLAN = 0, FM_CHOICE_RANDOM } fm_choice;
typedef enum { FM_OPTIONS_RANDOM = 0, FM_OPTIONS_DETERMINISTIC } fm_options_mode;

/* ---- randomized option styles (templates/option_styles.json) ------------------------ */
typedef struct fm_option_style {
    char *items[26];   /* item prefix for option i (I_i) */
} fm_option_style;

typedef struct fm_option_styles {
    char **starts;  size_t nstarts;   /* S candidates */
    fm_option_style *styles; size_t nstyles;
    char **ends;    size_t nends;     /* E candidates */
} fm_option_styles;

int fm_option_styles_load(fm_option_styles *o, const char *path, fm_error *err);
int fm_option_styles_parse(fm_option_styles *o, const char *text, size_t n, const char *path,
                           fm_error *err);
void fm_option_styles_release(fm_option_styles *o);

/* ---- task metadata (records/<task>/meta.json) ----------------------------------------- */
typedef struct fm_task {
    char *name;
    char *templates;      /* template set name */
    char *kind;           /* flan, t0, niv2, cot, plain */
    char **fields; size_t nfields;
    char *options_field;  /* NULL if none */
    char *answer_field;   /* "answer" by default */
    char *options_style;  /* NULL, "random" or "deterministic" (meta overrides the call) */
    int is_niv2;
    char *definition, *ex_input, *ex_output, *ex_explanation; /* NIV2 */
} fm_task;

int fm_task_parse_meta(fm_task *t, const char *text, size_t n, const char *path, fm_error *err);
int fm_task_load_meta(fm_task *t, const char *path, fm_error *err);
void fm_task_release(fm_task *t);
/* Every name a template of this task may use: its fields plus the computed ones
 * (options_ when the task has options; Definition, ex_input, ex_output, ex_explanation for
 * NIV2). Caller frees the array (not the strings) with free(). */
const char **fm_task_names(const fm_task *t, size_t *n);

/* ---- records ---------------------------------------------------------------------------- */
struct fm_jarena;
typedef struct fm_record {
    cJSON *root;
    const char *id;
    const cJSON *fields;
    uint64_t pos;  /* 0-based position in the task's stream */
    struct fm_jarena *arena; /* parse memory, reused by the next fm_record_parse */
    int in_arena;            /* root lives in arena (read-only, not for cJSON_Delete) */
} fm_record;

int fm_record_parse(fm_record *r, const char *line, size_t n, const char *file, long lineno,
                    fm_error *err);
void fm_record_release(fm_record *r); /* everything, arena included */

/* ---- settings and results ---------------------------------------------------------------- */
/* Token count of a text (no EOS), or -1 on error (err filled). */
typedef long (*fm_token_count_fn)(void *ctx, const char *s, size_t n, fm_error *err);

typedef struct fm_format_cfg {
    uint64_t seed;
    fm_choice choice;
    fm_options_mode options;
    int no_self_exemplar;
    const fm_option_styles *styles;  /* required when options == RANDOM */
    fm_token_count_fn count_tokens;  /* NULL: no length pruning */
    void *count_ctx;
    long fewshot_max_len;            /* 1920 */
    int x_shot_window;               /* 25 */
    int mix_shots;                   /* 5 */
    int niv2_x_shots;                /* 2 */
    int mix_separator;               /* 0: from (seed, task); 1-3: that many newlines */
    /* --on-error skip: a query whose example cannot be built because of bad input (a
     * record that does not parse, a field a template needs and the record lacks, an
     * options field that is not a list, a bad exemplar record) is handed to reject() and
     * counted, and formatting goes on. NULL: such an error ends fm_format_task (fail).
     * record_id is NULL when the query record itself did not parse. */
    int (*reject)(void *ctx, fm_format f, const char *record_id, const fm_error *why, fm_error *err);
    void *reject_ctx;
} fm_format_cfg;

void fm_format_cfg_init(fm_format_cfg *c);

typedef struct fm_example {
    const char *record_id;
    fm_format format;
    int template_index;   /* within the template kind used */
    const char *inputs;  size_t inputs_len;
    const char *targets; size_t targets_len;
    const char *const *exemplar_ids; size_t nexemplars;
} fm_example;

/* Append one example line (JSON, keys as docs/contracts.md section 2, then "\n"). */
void fm_example_to_json(fm_strbuf *out, const char *task, const fm_example *ex);

typedef int (*fm_emit_fn)(void *ctx, const fm_example *ex, fm_error *err);

typedef struct fm_format_counts {
    uint64_t records;               /* records in the task */
    uint64_t formatted;             /* examples emitted */
    uint64_t dropped_tail;          /* the n mod N tail of the templated stream */
    uint64_t dropped_no_exemplars;  /* few-shot queries left with no exemplar */
    uint64_t pruned;                /* exemplars removed by length pruning */
    uint64_t rejected;              /* queries rejected (cfg.reject set) */
} fm_format_counts;

/* Template kind and count a format uses for a task; -1 with an error naming the set file
 * when the set has none, or when the task has too few records (nrecords) for a few-shot
 * format. */
int fm_format_plan(const fm_format_cfg *cfg, const fm_task *task, const fm_template_set *set,
                   fm_format f, uint64_t nrecords, fm_tpl_kind *kind, size_t *ntemplates,
                   fm_error *err);

/* Number of records (lines) in the files. */
int fm_count_records(char *const *files, size_t nfiles, uint64_t *n, fm_error *err);

/* Format one task in one format: reads files (the task's part files in order), calls emit
 * for each example in stream order. */
int fm_format_task(const fm_format_cfg *cfg, const fm_task *task, const fm_template_set *set,
                   fm_format f, char *const *files, size_t nfiles, uint64_t nrecords,
                   fm_emit_fn emit, void *emit_ctx, fm_format_counts *counts, fm_error *err);

/* Mix separator of a task: one of "\n", "\n\n", "\n\n\n", from (seed, task). */
const char *fm_mix_separator(uint64_t seed, const char *task);

#endif
