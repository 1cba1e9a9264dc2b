/* mixture.h: mixture files (docs/mixtures.md) and their flattened per task-format weights.
 *
 * A mixture is a tree: members are task-formats (or groups of subtasks of one task-format)
 * with a rate, or nested mixtures with a weight. As seqio's Mixture.get_rate, each level is
 * normalized: the weight of a leaf is the product, over the levels above it, of
 * rate / (sum of the rates of it and its siblings). Rates that depend on data ("examples")
 * are min(cap, num_examples), with num_examples taken from a catalog: the format stage's
 * output directories (examples/<task>/<format>/part-*, counts from its manifest) or a
 * table of counts (FLAN's flan_v2_mixture_rates.tsv, or task/format/num_examples TSV).
 *
 * Loading resolves the tree against the catalog into
 *   leaves: one per member (rate, weight, the data it draws from), in file order;
 *   units:  one per distinct data stream (a task-format, or one subtask's line range of
 *           it), with the absolute weight the sampler uses (weights of all units sum to 1).
 * A task-format named by two members is one unit whose weights add (one stream, as a
 * seqio task that is in two sub-mixtures).
 */
#ifndef FM_MIXTURE_H
#define FM_MIXTURE_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

/* ---- catalog: what data exists, and how many examples ----------------------------- */

typedef struct fm_mix_entry {
    char *task, *format;
    char *dir;             /* DIR/examples/<task>/<format>, NULL for a counts table */
    char **files;          /* part files, sorted bytewise */
    uint64_t *file_counts; /* lines per file */
    size_t n_files;
    uint64_t count;        /* examples (sum of file_counts) */
} fm_mix_entry;

typedef struct fm_mix_catalog {
    fm_mix_entry *entries;
    size_t n, cap;
    char **manifests; /* manifest.json files read (inputs of the mix manifest) */
    size_t n_manifests;
} fm_mix_catalog;

void fm_mix_catalog_init(fm_mix_catalog *c);
void fm_mix_catalog_release(fm_mix_catalog *c);
/* Add every examples/<task>/<format>/ of a format-stage output directory. Counts come
 * from DIR/manifest.json ("records" of each output), or by counting lines when it has
 * none. The same task-format in two directories is an error. */
int fm_mix_catalog_add_examples(fm_mix_catalog *c, const char *dir, fm_error *err);
/* Add counts from a TSV: FLAN's flan_v2_mixture_rates.tsv (columns task_template and
 * num_cases; names mapped as docs/mixtures.md says) or a TSV with header
 * "task<TAB>format<TAB>num_examples". Entries have no files (weights only). */
int fm_mix_catalog_add_counts_tsv(fm_mix_catalog *c, const char *path, fm_error *err);
const fm_mix_entry *fm_mix_catalog_find(const fm_mix_catalog *c, const char *task,
                                        const char *format);

/* Map a FLAN seqio task name ("rte_template_0to10_x_shot") to (task, format): returns 0
 * and fills task (caller frees) and *format (static), or -1 if the suffix is unknown. */
int fm_mix_flan_name(const char *name, char **task, const char **format);

/* ---- the flattened mixture -------------------------------------------------------- */

typedef enum { FM_RATE_EXAMPLES = 0, FM_RATE_FIXED, FM_RATE_EQUAL } fm_rate_mode;

typedef struct fm_mix_unit {
    char *name;               /* "task/format" or "task/format/subtask" */
    char *task, *format, *subtask; /* subtask NULL unless split by subtasks */
    const fm_mix_entry *entry;
    uint64_t start;           /* first line of the unit in the entry's stream */
    uint64_t count;           /* examples in the unit (its lines) */
    double weight;            /* absolute; all units sum to 1 */
} fm_mix_unit;

typedef struct fm_mix_leaf {
    char *path;        /* mixture path, e.g. "flan2022/flan2021/flan_zsopt" */
    char *name;        /* "task/format", or "task/format/subtask" for "each" */
    char *task, *format;
    fm_rate_mode mode;
    double cap;        /* 0 = no cap */
    double num_examples;  /* used for the rate: explicit, or the data's count */
    double rate;       /* rate within its mixture, before normalization */
    double weight;     /* absolute, product of normalized rates */
    size_t *units;     /* indices into fm_mixture.units */
    double *shares;    /* fraction of the leaf's weight going to each unit */
    size_t n_units;
} fm_mix_leaf;

typedef struct fm_mixture {
    char *name;
    fm_mix_leaf *leaves;
    size_t n_leaves;
    fm_mix_unit *units;
    size_t n_units;
    char **missing;    /* "task/format" (or a pattern) with no data; only with allow_missing */
    size_t n_missing;
    char **files;      /* mixture files read, in order */
    size_t n_files;
} fm_mixture;

enum {
    FM_MIX_ALLOW_MISSING = 1, /* leave out members without data, renormalizing */
    FM_MIX_WEIGHTS_ONLY = 2   /* members with explicit num_examples need no data */
};

/* Load, validate and flatten a mixture file against a catalog. Missing data is an error
 * listing every missing task-format, unless FM_MIX_ALLOW_MISSING: then those members are
 * left out (their siblings renormalized) and listed in m->missing. Errors name the file
 * and the key (e.g. "members[3].cap"). */
int fm_mixture_load(const char *path, const fm_mix_catalog *cat, int flags,
                    fm_mixture **out, fm_error *err);
void fm_mixture_free(fm_mixture *m);

const char *fm_rate_mode_name(fm_rate_mode m);

#endif
