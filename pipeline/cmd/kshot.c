/* flanmix-kshot: LM-BFF K-shot train/dev splits per class and seed (docs/lmbff.md). */
#include "cli.h"
#include "error.h"
#include "fileio.h"
#include "json.h"
#include "kshot.h"
#include "lmbff.h"
#include "manifest.h"
#include "recset.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char PROG[] = "flanmix-kshot";

static void usage(FILE *f)
{
    fprintf(f,
"usage: flanmix kshot [options] -o OUT RECORDS_DIR\n"
"\n"
"Sample K records per class for a train split and K_dev per class for a dev split, for\n"
"each seed, from one task's records (a records/<task> directory or an ingest output).\n"
"Writes OUT/<task>/k<K>-seed<S>/{train,dev}/ (each an ingest-style output directory:\n"
"records/<task>/part-00000.jsonl.zst, records/<task>/meta.json, manifest.json) and\n"
"OUT/<task>/k<K>-seed<S>/sample.json (the sampled ids per class), then OUT/manifest.json.\n"
"\n"
"  -k, --k K              records per class in train (default 16)\n"
"  --dev-k K              records per class in dev (default: K)\n"
"  --seeds S1,S2,...      seeds (default 13,21,42,87,100, LM-BFF's)\n"
"  --seed S               one seed (same as --seeds S)\n"
"  --label-field NAME     the label field (default: meta.json answer_field)\n"
"  --regression           the label is a number: classes low (<= threshold) and high\n"
"  --threshold T          regression threshold (default: median of the task's labels)\n"
"  --allow-short          a class with fewer than K + K_dev records gives what it has\n"
"                         (train first) instead of an error\n"
"  --test DIR             the task's test records, copied whole to OUT/<task>/test/\n"
"  --task NAME            which task, when RECORDS_DIR holds several\n"
"  --format-demos CONFIG  also write LM-BFF prompt examples (with demonstrations) for\n"
"                         train, dev (and test) of every seed: flanmix lmbff, per seed\n"
"  -q                     quiet\n");
}

typedef struct out_ctx {
    fm_manifest *top, *split;
    const char *top_dir, *split_dir;
} out_ctx;

static const char *rel_to(const char *path, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(path, base, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

static void on_file(void *vctx, const char *path, uint64_t bytes, uint64_t xxh3, long long records)
{
    out_ctx *c = vctx;
    if (c->top) fm_manifest_add_output(c->top, rel_to(path, c->top_dir), bytes, xxh3, records);
    if (c->split) fm_manifest_add_output(c->split, rel_to(path, c->split_dir), bytes, xxh3, records);
}

static int parse_seeds(const char *s, uint64_t **seeds, size_t *n, fm_error *err)
{
    free(*seeds);
    *seeds = NULL;
    *n = 0;
    char *copy = fm_xstrdup(s), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        uint64_t v;
        if ((rc = fm_cli_parse_u64("--seeds", t, &v, err)) < 0) break;
        for (size_t i = 0; i < *n; i++)
            if ((*seeds)[i] == v) rc = fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                                                    "--seeds: seed %llu given twice",
                                                    (unsigned long long)v);
        if (rc < 0) break;
        *seeds = fm_xrealloc(*seeds, (*n + 1) * sizeof **seeds);
        (*seeds)[(*n)++] = v;
    }
    if (!rc && !*n) rc = fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--seeds: no seed given");
    free(copy);
    return rc;
}

static void add_settings(fm_manifest *m, const fm_kshot_opts *o, const fm_label_rule *rule)
{
    fm_manifest_set_num(m->settings, "k", (double)o->k);
    fm_manifest_set_num(m->settings, "dev_k", (double)o->dev_k);
    fm_manifest_set_str(m->settings, "label_field", rule->field);
    fm_manifest_set_bool(m->settings, "regression", rule->regression);
    if (rule->regression) fm_manifest_set_num(m->settings, "threshold", rule->threshold);
    fm_manifest_set_bool(m->settings, "allow_short", o->allow_short);
}

static int add_inputs(fm_manifest *m, const fm_recset *rs, fm_error *err)
{
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, rs->dir, "meta.json");
    int rc = fm_manifest_add_input(m, p.buf, err);
    fm_strbuf_release(&p);
    for (size_t i = 0; rc == 0 && i < rs->nparts; i++) rc = fm_manifest_add_input(m, rs->parts[i], err);
    return rc;
}

/* Write one split: DIR/records/<task>/..., DIR/manifest.json. */
static int write_split(const fm_recset *rs, const fm_kshot_opts *o, const fm_label_rule *rule,
                       const fm_kshot_sample *s, const char *split, const size_t *idx, size_t n,
                       const char *dir, fm_manifest *top, const char *top_dir, fm_error *err)
{
    fm_manifest m;
    fm_manifest_init(&m, "kshot");
    fm_manifest_set_num(m.settings, "seed", s ? (double)s->seed : 0);
    fm_manifest_set_str(m.settings, "split", split);
    add_settings(&m, o, rule);
    fm_strbuf rdir = FM_STRBUF_INIT, sub = FM_STRBUF_INIT;
    fm_strbuf_addf(&sub, "records/%s", rs->task);
    fm_path_join(&rdir, dir, sub.buf);
    out_ctx c = { top, &m, top_dir, dir };
    int rc = add_inputs(&m, rs, err);
    if (!rc) rc = fm_recset_write_subset(rs, idx, n, rdir.buf, on_file, &c, err);
    if (!rc) {
        cJSON *cnt = fm_manifest_obj(m.counts, rs->task);
        fm_manifest_set_num(cnt, "records", (double)n);
        if (s) {
            cJSON *pc = fm_manifest_obj(cnt, "per_class");
            for (size_t cl = 0; cl < s->nclasses; cl++)
                fm_manifest_set_num(pc, s->classes[cl],
                                    (double)(!strcmp(split, "train") ? s->ntrain[cl] : s->ndev[cl]));
        }
        fm_manifest_sort_outputs(&m);
        rc = fm_manifest_write(&m, dir, NULL, err);
    }
    fm_strbuf_release(&rdir);
    fm_strbuf_release(&sub);
    fm_manifest_release(&m);
    return rc;
}

static int write_json_file(const char *path, const cJSON *j, fm_manifest *top, const char *top_dir,
                           fm_error *err)
{
    fm_strbuf t = FM_STRBUF_INIT;
    fm_json_add_value(&t, j);
    fm_strbuf_addch(&t, '\n');
    int rc = fm_write_file_atomic(path, t.buf, t.len, err);
    if (!rc) {
        uint64_t h, size;
        rc = fm_file_checksum(path, &h, &size, err);
        if (!rc) fm_manifest_add_output(top, rel_to(path, top_dir), size, h, -1);
    }
    fm_strbuf_release(&t);
    return rc;
}

int main(int argc, char **argv)
{
    fm_error err = { 0 };
    fm_kshot_opts o = { 16, -1, 0 };
    fm_label_rule rule = { 0 };
    uint64_t *seeds = NULL;
    size_t nseeds = 0;
    const char *out = NULL, *in = NULL, *test = NULL, *task = NULL, *label_field = NULL;
    const char *demos_cfg = NULL;
    int quiet = 0, rc = 0;
    fm_recset rs = { 0 }, ts = { 0 };
    int have_rs = 0, have_ts = 0, have_cfg = 0, have_top = 0;
    fm_lmbff_config cfg;
    fm_manifest top;
    fm_strbuf tdir = FM_STRBUF_INIT, p = FM_STRBUF_INIT, q = FM_STRBUF_INIT;
    if (parse_seeds("13,21,42,87,100", &seeds, &nseeds, &err) < 0) goto fail;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() do { if (!v) { fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "%s needs a value", a); goto fail; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); free(seeds); return 0; }
        else if (!strcmp(a, "-o")) { NEEDV(); out = v; }
        else if (!strcmp(a, "-k") || !strcmp(a, "--k")) {
            long k; NEEDV();
            if (fm_cli_parse_int(a, v, 1, 1000000, &k, &err) < 0) goto fail;
            o.k = k;
        } else if (!strcmp(a, "--dev-k")) {
            long k; NEEDV();
            if (fm_cli_parse_int(a, v, 0, 1000000, &k, &err) < 0) goto fail;
            o.dev_k = k;
        } else if (!strcmp(a, "--seeds") || !strcmp(a, "--seed")) {
            NEEDV();
            if (parse_seeds(v, &seeds, &nseeds, &err) < 0) goto fail;
        } else if (!strcmp(a, "--label-field")) { NEEDV(); label_field = v; }
        else if (!strcmp(a, "--regression")) rule.regression = 1;
        else if (!strcmp(a, "--threshold")) {
            NEEDV();
            char *end;
            errno = 0;
            rule.threshold = strtod(v, &end);
            if (!*v || *end || errno) {
                fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--threshold: '%s' is not a number", v);
                goto fail;
            }
            rule.has_threshold = 1;
        } else if (!strcmp(a, "--allow-short")) o.allow_short = 1;
        else if (!strcmp(a, "--test")) { NEEDV(); test = v; }
        else if (!strcmp(a, "--task")) { NEEDV(); task = v; }
        else if (!strcmp(a, "--format-demos")) { NEEDV(); demos_cfg = v; }
        else if (!strcmp(a, "-q")) quiet = 1;
        else if (!strcmp(a, "-j")) { NEEDV(); /* single-threaded: accepted for uniformity */ }
        else if (a[0] == '-' && a[1]) {
            fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "unknown option '%s' (see --help)", a);
            goto fail;
        } else if (!in) in = a;
        else {
            fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "one records directory only (got '%s')", a);
            goto fail;
        }
#undef NEEDV
    }
    if (!out || !in) {
        usage(stderr);
        free(seeds);
        return 2;
    }
    if (o.dev_k < 0) o.dev_k = o.k;
    if (rule.has_threshold && !rule.regression) {
        fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--threshold needs --regression");
        goto fail;
    }
    if (fm_recset_load(&rs, in, task, &err) < 0) goto fail;
    have_rs = 1;
    if (!label_field) label_field = fm_recset_answer_field(&rs);
    if (!label_field) {
        fm_error_set(&err, FM_EUSAGE, rs.dir, 0, "answer_field",
                     "meta.json names no answer field: give --label-field");
        goto fail;
    }
    rule.field = fm_xstrdup(label_field);
    if (fm_label_rule_fit(&rule, &rs, &err) < 0) goto fail;
    if (test) {
        if (fm_recset_load(&ts, test, task ? task : rs.task, &err) < 0) goto fail;
        have_ts = 1;
    }
    if (demos_cfg) {
        if (fm_lmbff_config_load(&cfg, demos_cfg, &err) < 0) goto fail;
        have_cfg = 1;
    }

    if (fm_mkdir_p(out, &err) < 0) goto fail;
    fm_remove_stale_temps(out);
    fm_manifest_init(&top, "kshot");
    have_top = 1;
    add_settings(&top, &o, &rule);
    cJSON *sj = cJSON_AddArrayToObject(top.settings, "seeds");
    for (size_t i = 0; i < nseeds; i++) cJSON_AddItemToArray(sj, cJSON_CreateNumber((double)seeds[i]));
    if (demos_cfg) fm_manifest_set_str(top.settings, "format_demos", demos_cfg);
    if (add_inputs(&top, &rs, &err) < 0) goto fail;
    if (have_ts && add_inputs(&top, &ts, &err) < 0) goto fail;
    if (have_cfg && fm_manifest_add_input(&top, demos_cfg, &err) < 0) goto fail;
    cJSON *tc = fm_manifest_obj(top.counts, rs.task);

    fm_path_join(&tdir, out, rs.task);
    if (have_ts) {
        fm_path_join(&p, tdir.buf, "test");
        if (write_split(&ts, &o, &rule, NULL, "test", NULL, ts.n, p.buf, &top, out, &err) < 0)
            goto fail;
        fm_manifest_set_num(tc, "test", (double)ts.n);
    }
    for (size_t si = 0; si < nseeds; si++) {
        fm_kshot_sample s;
        if (fm_kshot_sample_run(&rs, &rule, &o, seeds[si], &s, &err) < 0) goto fail;
        fm_strbuf_reset(&q);
        fm_strbuf_addf(&q, "k%ld-seed%llu", o.k, (unsigned long long)seeds[si]);
        fm_strbuf sdir = FM_STRBUF_INIT;
        fm_path_join(&sdir, tdir.buf, q.buf);
        cJSON *sc = fm_manifest_obj(tc, q.buf);
        fm_manifest_set_num(sc, "seed", (double)seeds[si]);
        fm_manifest_set_num(sc, "train", (double)s.train_n);
        fm_manifest_set_num(sc, "dev", (double)s.dev_n);
        fm_path_join(&p, sdir.buf, "train");
        int r = write_split(&rs, &o, &rule, &s, "train", s.train, s.train_n, p.buf, &top, out, &err);
        if (!r) {
            fm_path_join(&p, sdir.buf, "dev");
            r = write_split(&rs, &o, &rule, &s, "dev", s.dev, s.dev_n, p.buf, &top, out, &err);
        }
        if (!r) {
            cJSON *j = fm_kshot_sample_json(&rs, &rule, &o, &s);
            fm_path_join(&p, sdir.buf, "sample.json");
            r = write_json_file(p.buf, j, &top, out, &err);
            cJSON_Delete(j);
        }
        if (!r && have_cfg) {
            /* Demonstrations come from the seed's train split, for its train, dev and the test. */
            fm_recset pool = { 0 };
            fm_path_join(&p, sdir.buf, "train");
            r = fm_recset_load(&pool, p.buf, rs.task, &err);
            const char *splits[3] = { "train", "dev", "test" };
            for (int k = 0; !r && k < (have_ts ? 3 : 2); k++) {
                fm_recset qs = { 0 };
                const fm_recset *qp = &pool;
                if (k == 1) {
                    fm_path_join(&p, sdir.buf, "dev");
                    if ((r = fm_recset_load(&qs, p.buf, rs.task, &err)) < 0) break;
                    qp = &qs;
                } else if (k == 2) {
                    qp = &ts;
                }
                fm_strbuf_reset(&p);
                fm_strbuf_addf(&p, "%s/lmbff/%s", sdir.buf, splits[k]);
                fm_lmbff_counts cnt;
                r = fm_lmbff_write(&cfg, &pool, qp, seeds[si], p.buf, on_file,
                                   &(out_ctx){ &top, NULL, out, NULL }, &cnt, &err);
                if (!r) {
                    cJSON *lc = fm_manifest_obj(fm_manifest_obj(sc, "lmbff"), splits[k]);
                    fm_manifest_set_num(lc, "examples", (double)cnt.examples);
                }
                if (k == 1) fm_recset_release(&qs);
            }
            if (pool.dir) fm_recset_release(&pool);
        }
        fm_strbuf_release(&sdir);
        if (!quiet && !r)
            fprintf(stderr, "%s: %s seed %llu: train %zu, dev %zu records in %zu classes\n", PROG,
                    rs.task, (unsigned long long)seeds[si], s.train_n, s.dev_n, s.nclasses);
        fm_kshot_sample_release(&s);
        if (r < 0) goto fail;
    }
    fm_manifest_sort_outputs(&top);
    if (fm_manifest_write(&top, out, NULL, &err) < 0) goto fail;
    goto done;
fail:
    fm_error_print(&err, PROG);
    rc = fm_error_exit_status(&err);
done:
    fm_strbuf_release(&tdir);
    fm_strbuf_release(&p);
    fm_strbuf_release(&q);
    if (have_top) fm_manifest_release(&top);
    if (have_cfg) fm_lmbff_config_release(&cfg);
    if (have_rs) fm_recset_release(&rs);
    if (have_ts) fm_recset_release(&ts);
    free(rule.field);
    free(seeds);
    return rc;
}
