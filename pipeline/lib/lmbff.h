/* lmbff.h: LM-BFF prompt-based fine-tuning examples with demonstrations (docs/lmbff.md).
 *
 * A config (JSON, docs/lmbff.md) gives label words (class -> word), a mask token, one or
 * more templates and the demonstration rule. For every query record the writer renders
 *
 *     inputs  = Q SEP D1 SEP D2 ...      (or D1 SEP ... SEP Q with "demos_first")
 *     targets = the template's targets rendered for the query
 *
 * where Q is the template's inputs for the query with {_mask} = the mask token, and each Di
 * is the template's (or "demo_inputs") inputs for exemplar i with {_mask} = that exemplar's
 * label word: LM-BFF's prompt with demonstrations. Computed placeholders:
 *   {_mask}        mask token (query) / the exemplar's label word (demonstrations)
 *   {_label_word}  the label word of the record being rendered
 *   {_label}       the class of the record being rendered
 *   {options_}     "OPTIONS:\n- a\n- b" from the task's options field
 * Lines are contracts.md section 2 example lines, with keys appended after "exemplars":
 *   "demos", "exemplar_scores" (similar only), "label", "label_word", "mask_token".
 */
#ifndef FM_LMBFF_H
#define FM_LMBFF_H

#include "demos.h"
#include "error.h"
#include "kshot.h"
#include "placeholder.h"
#include "recset.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fm_lmbff_template {
    fm_tmpl inputs, targets, demo_inputs;
    int has_demo_inputs;
} fm_lmbff_template;

typedef struct fm_lmbff_config {
    char *path;
    char *label_field;           /* NULL: the task's answer field */
    int regression, has_threshold;
    double threshold;
    char **lw_class, **lw_word;  /* label words */
    size_t nlw;
    char *mask_token;
    char *format;                /* format name (default "lmbff") */
    char *separator;             /* between query and demonstrations (default " ") */
    int demos_first;
    fm_demo_opts demos;
    int use_demos;               /* 0: "demos": {"mode": "none"} */
    char **text_fields;          /* similarity text; NULL: every string field but label/options */
    size_t ntext_fields;
    double k1, b;
    fm_lmbff_template *tpl;
    size_t ntpl;
    fm_placeholder_lexer *lexer;
} fm_lmbff_config;

int fm_lmbff_config_load(fm_lmbff_config *c, const char *path, fm_error *err);
/* Parse a config from text (path is used in errors). */
int fm_lmbff_config_parse(fm_lmbff_config *c, const char *path, const char *text, size_t n,
                          fm_error *err);
void fm_lmbff_config_release(fm_lmbff_config *c);

/* Label word of a class, or NULL. */
const char *fm_lmbff_label_word(const fm_lmbff_config *c, const char *cls);

typedef struct fm_lmbff_counts {
    size_t examples;
    double select_seconds;     /* wall time spent choosing demonstrations (stderr only) */
    double select_cpu_seconds; /* CPU time of the same (steady on a loaded machine) */
} fm_lmbff_counts;

typedef void (*fm_lmbff_file_cb)(void *ctx, const char *path, uint64_t bytes, uint64_t xxh3,
                                 long long records);

/* Render every record of `queries` with demonstrations from `pool` (which may be the same
 * set: a query is never its own exemplar) into
 * OUTDIR/examples/<task>/<format>/part-NNNNN.jsonl.zst. */
int fm_lmbff_write(const fm_lmbff_config *c, const fm_recset *pool, const fm_recset *queries,
                   uint64_t seed, const char *outdir, fm_lmbff_file_cb on_file, void *ctx,
                   fm_lmbff_counts *counts, fm_error *err);

#endif
