/* flanmix-lmbff: LM-BFF prompt examples with demonstrations and label words (docs/lmbff.md). */
#include "cli.h"
#include "error.h"
#include "fileio.h"
#include "lmbff.h"
#include "manifest.h"
#include "recset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char PROG[] = "flanmix-lmbff";

static void usage(FILE *f)
{
    fprintf(f,
"usage: flanmix lmbff --config CONFIG.json [--pool DIR] [--seed N] -o OUT QUERY_RECORDS_DIR\n"
"\n"
"Render every record of QUERY_RECORDS_DIR (a records/<task> directory or an output holding\n"
"records/<task>/) with the config's templates, label words, mask token and demonstrations\n"
"chosen from the pool (default: the query records themselves; a query is never its own\n"
"exemplar). Writes OUT/examples/<task>/<format>/part-00000.jsonl.zst and OUT/manifest.json.\n"
"\n"
"  --config FILE   LM-BFF config (docs/lmbff.md)\n"
"  --pool DIR      records the demonstrations are drawn from (e.g. the K-shot train split)\n"
"  --seed N        seed of template and demonstration draws (default 0)\n"
"  --task NAME     which task, when a directory holds several\n"
"  -q              quiet (no timing line on stderr)\n");
}

typedef struct out_ctx {
    fm_manifest *m;
    const char *dir;
} out_ctx;

static void on_file(void *vctx, const char *path, uint64_t bytes, uint64_t xxh3, long long records)
{
    out_ctx *c = vctx;
    size_t n = strlen(c->dir);
    const char *rel = strncmp(path, c->dir, n) == 0 && path[n] == '/' ? path + n + 1 : path;
    fm_manifest_add_output(c->m, rel, bytes, xxh3, records);
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

int main(int argc, char **argv)
{
    fm_error err = { 0 };
    const char *out = NULL, *in = NULL, *pool_dir = NULL, *cfg_path = NULL, *task = NULL;
    uint64_t seed = 0;
    int quiet = 0, rc = 0, have_cfg = 0, have_q = 0, have_p = 0, have_m = 0;
    fm_lmbff_config cfg;
    fm_recset qs = { 0 }, ps = { 0 };
    fm_manifest m;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() do { if (!v) { fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "%s needs a value", a); goto fail; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(a, "-o")) { NEEDV(); out = v; }
        else if (!strcmp(a, "--config")) { NEEDV(); cfg_path = v; }
        else if (!strcmp(a, "--pool")) { NEEDV(); pool_dir = v; }
        else if (!strcmp(a, "--task")) { NEEDV(); task = v; }
        else if (!strcmp(a, "--seed")) { NEEDV(); if (fm_cli_parse_u64(a, v, &seed, &err) < 0) goto fail; }
        else if (!strcmp(a, "-q")) quiet = 1;
        else if (!strcmp(a, "-j")) { NEEDV(); }
        else if (a[0] == '-' && a[1]) {
            fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "unknown option '%s' (see --help)", a);
            goto fail;
        } else if (!in) in = a;
        else {
            fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "one query records directory only (got '%s')", a);
            goto fail;
        }
#undef NEEDV
    }
    if (!out || !in || !cfg_path) {
        usage(stderr);
        return 2;
    }
    if (fm_lmbff_config_load(&cfg, cfg_path, &err) < 0) goto fail;
    have_cfg = 1;
    if (fm_recset_load(&qs, in, task, &err) < 0) goto fail;
    have_q = 1;
    if (pool_dir) {
        if (fm_recset_load(&ps, pool_dir, task ? task : qs.task, &err) < 0) goto fail;
        have_p = 1;
    }
    if (fm_mkdir_p(out, &err) < 0) goto fail;
    fm_remove_stale_temps(out);
    fm_manifest_init(&m, "lmbff");
    have_m = 1;
    fm_manifest_set_num(m.settings, "seed", (double)seed);
    fm_manifest_set_str(m.settings, "config", cfg_path);
    fm_manifest_set_str(m.settings, "pool", pool_dir ? pool_dir : in);
    fm_manifest_set_str(m.settings, "demos", cfg.use_demos ? fm_demo_mode_name(cfg.demos.mode) : "none");
    if (fm_manifest_add_input(&m, cfg_path, &err) < 0 || add_inputs(&m, &qs, &err) < 0 ||
        (have_p && add_inputs(&m, &ps, &err) < 0))
        goto fail;
    out_ctx oc = { &m, out };
    fm_lmbff_counts cnt;
    if (fm_lmbff_write(&cfg, have_p ? &ps : &qs, &qs, seed, out, on_file, &oc, &cnt, &err) < 0) goto fail;
    cJSON *tc = fm_manifest_obj(m.counts, qs.task);
    fm_manifest_set_num(tc, "examples", (double)cnt.examples);
    fm_manifest_set_num(tc, "pool", (double)(have_p ? ps.n : qs.n));
    fm_manifest_sort_outputs(&m);
    if (fm_manifest_write(&m, out, NULL, &err) < 0) goto fail;
    if (!quiet)
        fprintf(stderr, "%s: %s: %zu examples; demonstrations (%s) chosen in %.3f s wall, "
                "%.3f s CPU (%.0f queries per CPU second)\n",
                PROG, qs.task, cnt.examples, cfg.use_demos ? fm_demo_mode_name(cfg.demos.mode) : "none",
                cnt.select_seconds, cnt.select_cpu_seconds,
                cnt.select_cpu_seconds > 0 ? (double)cnt.examples / cnt.select_cpu_seconds : 0.0);
    goto done;
fail:
    fm_error_print(&err, PROG);
    rc = fm_error_exit_status(&err);
done:
    if (have_m) fm_manifest_release(&m);
    if (have_cfg) fm_lmbff_config_release(&cfg);
    if (have_q) fm_recset_release(&qs);
    if (have_p) fm_recset_release(&ps);
    return rc;
}
