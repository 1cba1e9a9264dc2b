/* flanmix-ingest: read raw datasets into normalized records (docs/ingest.md). */
#include "cli.h"
#include "error.h"
#include "ingest.h"
#include "task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static const char USAGE[] =
    "usage: flanmix ingest [options] -o OUTDIR TASKFILE...\n"
    "       flanmix ingest --merge OUTDIR\n"
    "\n"
    "Reads the source files of every task defined in TASKFILE(s) (docs/tasks.md) and writes\n"
    "OUTDIR/records/<task>/part-NNNNN.jsonl.zst, meta.json, OUTDIR/rejects.jsonl and\n"
    "OUTDIR/manifest.json (docs/contracts.md section 1, docs/ingest.md).\n"
    "\n"
    "options:\n"
    "  -o, --output DIR       output directory (required)\n"
    "  --data-dir DIR         resolve relative source paths against DIR (default: the\n"
    "                         directory of each task file)\n"
    "  --on-error fail|skip   stop at the first bad record (default) or reject and go on\n"
    "  --part I/N             do only the tasks whose index in name order is I mod N\n"
    "  --nan error|null       bare NaN tokens in JSON: reject (default) or read as null;\n"
    "                         overrides the task definitions' \"nan\" (alias: --niv2-nan)\n"
    "  --zstd-level N         zstd level of the record files (default 1; negative: zstd's\n"
    "                         fast levels, e.g. -3; 0: the default)\n"
    "  -j N                   threads (default: number of cores); tasks run in parallel\n"
    "  --seed N               accepted for uniformity; ingest draws no random numbers\n"
    "  --allow-missing        leave out (and list in the manifest) tasks whose source\n"
    "                         files are not there, instead of failing\n"
    "  --list                 print the tasks (after NIV2 expansion) and exit\n"
    "  --no-data              with --list: check the definitions only, without the data\n"
    "                         (per-file NIV2 definitions are listed unexpanded)\n"
    "  --merge OUTDIR         join the part manifests and rejects of an N-part run\n"
    "  -q                     no progress display\n"
    "  --no-direct            map every record through a parsed tree, never the direct\n"
    "                         path (same output, slower; for tests that compare the two)\n";

/* One line on stderr for the NIV2 files left out (the manifest's counts.excluded has them
 * all): how many, why, and the first few MMLU-derived names. */
static void report_excluded(const fm_task_set *set, int quiet)
{
    size_t n = fm_task_set_excluded_count(set), nm = 0, shown = 0;
    if (quiet || !n) return;
    for (size_t i = 0; i < n; i++) {
        const char *why;
        fm_task_set_excluded(set, i, &why);
        nm += !strcmp(why, "mmlu");
    }
    fprintf(stderr, "ingest: left out %zu NIV2 task file%s: %zu MMLU-derived (as FLAN), %zu not in the split list",
            n, n == 1 ? "" : "s", nm, n - nm);
    for (size_t i = 0; i < n && shown < 5; i++) {
        const char *why, *stem = fm_task_set_excluded(set, i, &why);
        if (strcmp(why, "mmlu")) continue;
        fprintf(stderr, "%s%s", shown ? ", " : "; MMLU: ", stem);
        shown++;
    }
    fprintf(stderr, "%s\n", nm > shown ? ", ..." : "");
}

int main(int argc, char **argv)
{
    const char *prog = "flanmix-ingest";
#if defined(__GLIBC__)
    /* Keep freed memory for reuse instead of returning it to the kernel: every part file's
     * zstd context would otherwise come back as fresh pages, and a first touch costs about
     * 15 us per 4 KiB page on a VM (docs/perf-ingest-format.md, "Fourth pass"). Memory
     * stays bounded by the peak in use. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    fm_error err;
    fm_error_clear(&err);
    fm_ingest_opts o;
    memset(&o, 0, sizeof o);
    o.part.index = 0;
    o.part.count = 1;
    o.threads = fm_cli_default_threads();
    o.nan_override = -1;
    const char *data_dir = NULL, *merge = NULL;
    int list = 0, no_data = 0, allow_missing = 0;
    const char **defs = calloc((size_t)argc, sizeof *defs);
    size_t ndefs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV() do { if (!v) { fprintf(stderr, "%s: %s needs a value\n", prog, a); free(defs); return 2; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(USAGE, stdout); free(defs); return 0; }
        else if (!strcmp(a, "-o") || !strcmp(a, "--output")) { NEEDV(); o.outdir = v; }
        else if (!strcmp(a, "--data-dir")) { NEEDV(); data_dir = v; }
        else if (!strcmp(a, "--on-error")) { NEEDV(); if (fm_cli_parse_on_error(v, &o.on_error, &err) < 0) goto fail; }
        else if (!strcmp(a, "--part")) { NEEDV(); if (fm_cli_parse_part(v, &o.part, &err) < 0) goto fail; }
        else if (!strcmp(a, "--nan") || !strcmp(a, "--niv2-nan")) {
            NEEDV();
            if (!strcmp(v, "null")) o.nan_override = FM_NAN_NULL;
            else if (!strcmp(v, "error")) o.nan_override = FM_NAN_ERROR;
            else { fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "%s: expected error or null, got '%s'", a, v); goto fail; }
        }
        else if (!strncmp(a, "-j", 2)) {
            if (a[2]) v = a + 2;
            else NEEDV();
            long j;
            if (fm_cli_parse_int("-j", v, 1, 1024, &j, &err) < 0) goto fail;
            o.threads = (int)j;
        }
        else if (!strcmp(a, "--seed")) { NEEDV(); uint64_t s; if (fm_cli_parse_u64("--seed", v, &s, &err) < 0) goto fail; }
        else if (!strcmp(a, "--zstd-level")) {
            NEEDV();
            long l;
            if (fm_cli_parse_int("--zstd-level", v, ZSTD_minCLevel(), ZSTD_maxCLevel(), &l, &err) < 0) goto fail;
            o.zstd_level = (int)l;
        }
        else if (!strcmp(a, "--merge")) { NEEDV(); merge = v; }
        else if (!strcmp(a, "--list")) list = 1;
        else if (!strcmp(a, "--no-data")) no_data = 1;
        else if (!strcmp(a, "--allow-missing")) allow_missing = 1;
        else if (!strcmp(a, "-q")) o.quiet = 1;
        else if (!strcmp(a, "--no-direct")) o.no_direct = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s: unknown option '%s'\n%s", prog, a, USAGE);
            free(defs);
            return 2;
        }
        else defs[ndefs++] = a;
#undef NEEDV
    }
    if (merge) {
        free(defs);
        if (fm_ingest_merge(merge, &err) < 0) goto fail_nodefs;
        return 0;
    }
    if (!ndefs || (!o.outdir && !list)) {
        fputs(USAGE, stderr);
        free(defs);
        return 2;
    }
    fm_task_load_opts lo = { data_dir, (no_data ? FM_TASK_NO_SOURCES : 0u) | (allow_missing ? FM_TASK_ALLOW_MISSING : 0u),
                             o.nan_override };
    if (no_data && !list) {
        fprintf(stderr, "%s: --no-data goes with --list\n", prog);
        free(defs);
        return 2;
    }
    fm_task_set *set = fm_task_set_load_opts(defs, ndefs, &lo, &err);
    if (!set) goto fail;
    if (list) {
        for (size_t i = 0; i < fm_task_set_count(set); i++) {
            const fm_task *t = fm_task_set_get(set, i);
            printf("%s\t%s\t%s\t%zu\n", fm_task_name(t), fm_source_format_name(fm_task_format(t)),
                   fm_task_templates(t), fm_task_file_count(t));
        }
        fm_task_set_free(set);
        free(defs);
        return 0;
    }
    o.def_paths = defs;
    o.ndefs = ndefs;
    report_excluded(set, o.quiet);
    for (size_t i = 0; i < fm_task_set_missing_count(set); i++) {
        const char *why, *name = fm_task_set_missing(set, i, &why);
        fprintf(stderr, "%s: warning: no data for task %s; left out (--allow-missing): %s\n", prog, name, why);
    }
    int rc = fm_ingest_run(set, &o, &err);
    fm_task_set_free(set);
    if (rc < 0) goto fail;
    free(defs);
    return 0;
fail:
    free(defs);
fail_nodefs:
    fm_error_print(&err, prog);
    return fm_error_exit_status(&err);
}
