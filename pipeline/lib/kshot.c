#include "kshot.h"

#include "json.h"
#include "rng.h"
#include "strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *fm_recset_answer_field(const fm_recset *rs)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(rs->meta, "answer_field");
    return cJSON_IsString(a) && a->valuestring[0] ? a->valuestring : NULL;
}

/* The number a regression label holds: a JSON number, or a string that is one whole. */
static int label_number(const fm_label_rule *rule, const fm_rsrec *r, double *out, fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->fields, rule->field);
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return 0;
    }
    if (cJSON_IsString(v)) {
        char *end;
        errno = 0;
        double d = strtod(v->valuestring, &end);
        if (end != v->valuestring && !*end && !errno && isfinite(d)) {
            *out = d;
            return 0;
        }
    }
    return fm_error_set(err, FM_EINPUT, r->id, 0, rule->field,
                        "a regression label must be a number, got %s%s%s%s",
                        fm_json_type_name(v), cJSON_IsString(v) ? " '" : "",
                        cJSON_IsString(v) ? v->valuestring : "", cJSON_IsString(v) ? "'" : "");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int fm_label_rule_fit(fm_label_rule *rule, const fm_recset *rs, fm_error *err)
{
    if (!rule->regression || rule->has_threshold) return 0;
    if (!rs->n)
        return fm_error_set(err, FM_EINPUT, rs->dir, 0, rule->field,
                            "no records to take a median from");
    double *v = fm_xmalloc(rs->n * sizeof *v);
    for (size_t i = 0; i < rs->n; i++) {
        if (label_number(rule, &rs->recs[i], &v[i], err) < 0) {
            free(v);
            return -1;
        }
    }
    fm_qsort(v, rs->n, sizeof *v, cmp_double);
    size_t m = rs->n / 2;
    rule->threshold = rs->n % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
    rule->has_threshold = 1;
    free(v);
    return 0;
}

int fm_label_class(const fm_label_rule *rule, const fm_rsrec *r, const char **cls,
                   double *value, fm_error *err)
{
    if (rule->regression) {
        double d;
        if (label_number(rule, r, &d, err) < 0) return -1;
        if (value) *value = d;
        *cls = d <= rule->threshold ? "low" : "high";
        return 0;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->fields, rule->field);
    if (!cJSON_IsString(v))
        return fm_error_set(err, FM_EINPUT, r->id, 0, rule->field,
                            "the label field must be a string, got %s", fm_json_type_name(v));
    *cls = v->valuestring;
    return 0;
}

typedef struct { const char *s; size_t i; } str_at;

static int cmp_str_at(const void *a, const void *b)
{
    const str_at *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

int fm_label_classify(const fm_label_rule *rule, const fm_recset *rs, const char ***classes,
                      size_t *nclasses, size_t **of, fm_error *err)
{
    str_at *v = fm_xmalloc((rs->n ? rs->n : 1) * sizeof *v);
    for (size_t i = 0; i < rs->n; i++) {
        if (fm_label_class(rule, &rs->recs[i], &v[i].s, NULL, err) < 0) {
            free(v);
            return -1;
        }
        v[i].i = i;
    }
    fm_qsort(v, rs->n, sizeof *v, cmp_str_at);
    const char **cl = fm_xmalloc((rs->n ? rs->n : 1) * sizeof *cl);
    size_t *o = fm_xmalloc((rs->n ? rs->n : 1) * sizeof *o);
    size_t nc = 0;
    for (size_t j = 0; j < rs->n; j++) {
        if (!nc || strcmp(cl[nc - 1], v[j].s) != 0) cl[nc++] = v[j].s;
        o[v[j].i] = nc - 1;
    }
    free(v);
    *classes = cl;
    *nclasses = nc;
    *of = o;
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

int fm_kshot_sample_run(const fm_recset *rs, const fm_label_rule *rule, const fm_kshot_opts *o,
                        uint64_t seed, fm_kshot_sample *s, fm_error *err)
{
    memset(s, 0, sizeof *s);
    s->seed = seed;
    if (fm_label_classify(rule, rs, &s->classes, &s->nclasses, &s->class_of, err) < 0) return -1;
    size_t nc = s->nclasses;
    s->available = fm_xcalloc(nc + 1, sizeof *s->available);
    s->ntrain = fm_xcalloc(nc + 1, sizeof *s->ntrain);
    s->ndev = fm_xcalloc(nc + 1, sizeof *s->ndev);
    for (size_t i = 0; i < rs->n; i++) s->available[s->class_of[i]]++;
    if (!o->allow_short) {
        for (size_t c = 0; c < nc; c++) {
            if (s->available[c] < (size_t)(o->k + o->dev_k)) {
                fm_error_set(err, FM_EINPUT, rs->dir, 0, rule->field,
                             "class '%s' has %zu records, fewer than K + K_dev = %ld "
                             "(use --allow-short to take what there is)",
                             s->classes[c], s->available[c], o->k + o->dev_k);
                fm_kshot_sample_release(s);
                return -1;
            }
        }
    }
    size_t *perm = fm_xmalloc((rs->n ? rs->n : 1) * sizeof *perm);
    for (size_t i = 0; i < rs->n; i++) perm[i] = i;
    fm_strbuf key = FM_STRBUF_INIT;
    fm_strbuf_addf(&key, "kshot/%s", rs->task);
    fm_rng rng;
    fm_rng_seed_keyed(&rng, seed, key.buf);
    fm_strbuf_release(&key);
    fm_rng_shuffle(&rng, perm, rs->n, sizeof *perm);
    s->train = fm_xmalloc((rs->n ? rs->n : 1) * sizeof *s->train);
    s->dev = fm_xmalloc((rs->n ? rs->n : 1) * sizeof *s->dev);
    for (size_t j = 0; j < rs->n; j++) {
        size_t i = perm[j], c = s->class_of[i];
        if (s->ntrain[c] < (size_t)o->k) {
            s->ntrain[c]++;
            s->train[s->train_n++] = i;
        } else if (s->ndev[c] < (size_t)o->dev_k) {
            s->ndev[c]++;
            s->dev[s->dev_n++] = i;
        }
    }
    free(perm);
    fm_qsort(s->train, s->train_n, sizeof *s->train, cmp_size);
    fm_qsort(s->dev, s->dev_n, sizeof *s->dev, cmp_size);
    return 0;
}

void fm_kshot_sample_release(fm_kshot_sample *s)
{
    free(s->classes);
    free(s->available);
    free(s->ntrain);
    free(s->ndev);
    free(s->train);
    free(s->dev);
    free(s->class_of);
    memset(s, 0, sizeof *s);
}

static cJSON *ids_by_class(const fm_recset *rs, const fm_kshot_sample *s, const size_t *idx,
                           size_t n)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t c = 0; c < s->nclasses; c++) {
        cJSON *a = cJSON_AddArrayToObject(o, s->classes[c]);
        for (size_t j = 0; j < n; j++)
            if (s->class_of[idx[j]] == c)
                cJSON_AddItemToArray(a, cJSON_CreateString(rs->recs[idx[j]].id));
    }
    return o;
}

cJSON *fm_kshot_sample_json(const fm_recset *rs, const fm_label_rule *rule,
                            const fm_kshot_opts *o, const fm_kshot_sample *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "flanmix_kshot", 1);
    cJSON_AddStringToObject(j, "task", rs->task);
    cJSON_AddNumberToObject(j, "seed", (double)s->seed);
    cJSON_AddNumberToObject(j, "k", (double)o->k);
    cJSON_AddNumberToObject(j, "dev_k", (double)o->dev_k);
    cJSON_AddStringToObject(j, "label_field", rule->field);
    if (rule->regression) {
        cJSON *r = cJSON_AddObjectToObject(j, "regression");
        cJSON_AddNumberToObject(r, "threshold", rule->threshold);
        cJSON_AddStringToObject(r, "rule", "value <= threshold: low; value > threshold: high");
    } else {
        cJSON_AddNullToObject(j, "regression");
    }
    cJSON *cl = cJSON_AddArrayToObject(j, "classes");
    cJSON *av = cJSON_CreateObject();
    for (size_t c = 0; c < s->nclasses; c++) {
        cJSON_AddItemToArray(cl, cJSON_CreateString(s->classes[c]));
        cJSON_AddNumberToObject(av, s->classes[c], (double)s->available[c]);
    }
    cJSON_AddItemToObject(j, "available", av);
    cJSON_AddItemToObject(j, "train", ids_by_class(rs, s, s->train, s->train_n));
    cJSON_AddItemToObject(j, "dev", ids_by_class(rs, s, s->dev, s->dev_n));
    return j;
}
