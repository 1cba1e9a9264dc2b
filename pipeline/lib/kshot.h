/* kshot.h: LM-BFF K-shot splits (docs/lmbff.md).
 *
 * From one task's records, for a seed S: shuffle all records with the rng.h stream keyed
 * (S, "kshot/<task>"), walk the shuffled order and put a record of class c into train while
 * train holds fewer than K records of c, else into dev while dev holds fewer than K_dev of
 * c, else leave it out. Both splits are then written in source order. This is LM-BFF's
 * tools/generate_k_shot_data.py (shuffle, group by label, first K to train, next K to dev)
 * with flanmix's portable generator instead of numpy's.
 *
 * Classes come from a label rule: a classification label is the string value of the label
 * field; a regression label (a number) is bucketed into "low" (value <= threshold) and
 * "high" (value > threshold), the threshold being given or the median of the task's values.
 */
#ifndef FM_KSHOT_H
#define FM_KSHOT_H

#include "error.h"
#include "recset.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fm_label_rule {
    char *field;        /* the label field (owned) */
    int regression;     /* 1: the field holds a number, bucketed at threshold */
    int has_threshold;  /* regression: threshold given or fitted */
    double threshold;
} fm_label_rule;

/* The label field of a task: meta.json "answer_field", or NULL. */
const char *fm_recset_answer_field(const fm_recset *rs);

/* Regression without a threshold: set it to the median of the set's values (the middle
 * value of the sorted values, or the mean of the two middle ones). */
int fm_label_rule_fit(fm_label_rule *rule, const fm_recset *rs, fm_error *err);

/* Class of record r: the label string, or "low"/"high" for regression (whose number is
 * stored in *value when value is not NULL). Error names the record and the field. */
int fm_label_class(const fm_label_rule *rule, const fm_rsrec *r, const char **cls,
                   double *value, fm_error *err);

/* Class of every record of rs: classes[0..nclasses) sorted bytewise (strings point into
 * the records or are "low"/"high"), of[i] the class index of record i. Caller frees
 * *classes and *of. */
int fm_label_classify(const fm_label_rule *rule, const fm_recset *rs, const char ***classes,
                      size_t *nclasses, size_t **of, fm_error *err);

typedef struct fm_kshot_opts {
    long k;          /* per class, train */
    long dev_k;      /* per class, dev */
    int allow_short; /* 0: a class with fewer than k + dev_k records is an error */
} fm_kshot_opts;

typedef struct fm_kshot_sample {
    uint64_t seed;
    const char **classes;   /* bytewise order (not owned strings) */
    size_t nclasses;
    size_t *available;      /* records per class in the input */
    size_t *ntrain, *ndev;  /* per class */
    size_t *train, *dev;    /* record indexes, ascending (source order) */
    size_t train_n, dev_n;
    size_t *class_of;       /* class index of every input record */
} fm_kshot_sample;

int fm_kshot_sample_run(const fm_recset *rs, const fm_label_rule *rule, const fm_kshot_opts *o,
                        uint64_t seed, fm_kshot_sample *out, fm_error *err);
void fm_kshot_sample_release(fm_kshot_sample *s);

/* The sample.json of one seed directory (docs/lmbff.md), as a cJSON tree. */
cJSON *fm_kshot_sample_json(const fm_recset *rs, const fm_label_rule *rule,
                            const fm_kshot_opts *o, const fm_kshot_sample *s);

#endif
