#include "build.h"

#include "buildview.h"
#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "manifest.h"
#include "progress.h"
#include "spawn.h"
#include "spawnwatch.h"
#include "strbuf.h"
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void fm_build_opts_init(fm_build_opts *o)
{
    memset(o, 0, sizeof *o);
    o->count = 10000;
    o->threads = 0;
    o->layout = "encdec";
    o->out_format = "mds";
    o->inputs_len = 2048;
    o->targets_len = 512;
    o->seq_len = 2048;
    o->on_error = "fail";
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Task definition files: each argument is a file, or a directory whose *.json files
 * (not its subdirectories, which hold data) are definitions. Sorted bytewise. */
static void collect_task_files(const fm_build_opts *o, fm_argv *out)
{
    for (int i = 0; i < o->ntasks; i++) {
        if (!is_dir(o->tasks[i])) {
            fm_argv_push(out, o->tasks[i]);
            continue;
        }
        DIR *d = opendir(o->tasks[i]);
        if (!d) continue;
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l > 5 && !strcmp(e->d_name + l - 5, ".json")) {
                names = fm_xrealloc(names, (n + 1) * sizeof *names);
                names[n++] = fm_xstrdup(e->d_name);
            }
        }
        closedir(d);
        fm_qsort(names, n, sizeof *names, cmp_str);
        fm_strbuf p = FM_STRBUF_INIT;
        for (size_t k = 0; k < n; k++) {
            fm_path_join(&p, o->tasks[i], names[k]);
            fm_argv_push(out, p.buf);
            free(names[k]);
        }
        fm_strbuf_release(&p);
        free(names);
    }
}

/* A stage is complete when its manifest verifies with no fault. */
static int stage_complete(const char *dir)
{
    fm_strbuf m = FM_STRBUF_INIT;
    fm_path_join(&m, dir, "manifest.json");
    int exists = fm_path_exists(m.buf);
    fm_strbuf_release(&m);
    if (!exists) return 0;
    fm_verify_report rep = { 0 };
    fm_error err = { 0 };
    return fm_verify_dir(dir, &rep, &err) == 0 && rep.faults == 0;
}

static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) return -1;
        struct dirent *e;
        fm_strbuf p = FM_STRBUF_INIT;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            fm_path_join(&p, path, e->d_name);
            remove_tree(p.buf);
        }
        fm_strbuf_release(&p);
        closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}

/* "--name value" as two arguments: every stage's parser takes that spelling. */
static void push_opt(fm_argv *a, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void push_opt(fm_argv *a, const char *name, const char *fmt, ...)
{
    fm_strbuf v = FM_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    fm_strbuf_vaddf(&v, fmt, ap);
    va_end(ap);
    fm_argv_push(a, name);
    fm_argv_push(a, v.buf);
    fm_strbuf_release(&v);
}

typedef struct stage_ctx {
    const fm_build_opts *o;
    fm_strbuf bindir;
    cJSON *stages; /* build manifest: per stage {dir, manifest_xxh3, seconds} */
    int reached_only; /* only_stage has run: later stages are not looked at */
    fm_buildview view; /* progress display (not when quiet) */
    int stage_no;
} stage_ctx;

static void on_progress(void *ctx, const char *line)
{
    fm_buildview_feed(ctx, line);
}

static void on_stderr(void *ctx, const char *line, size_t n)
{
    fm_buildview_print(ctx, line, n);
}

static void on_tick(void *ctx)
{
    fm_buildview_tick(ctx);
}

/* Run a stage executable: watched (progress display) unless quiet. */
static int spawn_stage(stage_ctx *c, const char *name, const fm_argv *a, uint64_t expected, fm_error *err)
{
    if (c->o->quiet) return fm_spawn_wait(a, NULL, NULL, err);
    fm_strbuf text = FM_STRBUF_INIT;
    fm_argv_to_text(a, &text);
    fprintf(stderr, "build: [%d/5] %s: %s\n", c->stage_no, name, text.buf);
    fm_strbuf_release(&text);
    fm_buildview_stage_begin(&c->view, c->stage_no, name, expected);
    fm_spawn_watch w = { on_progress, on_stderr, on_tick, &c->view, 200 };
    int rc = fm_spawn_watched(a, &w, err);
    fm_buildview_clear(&c->view);
    return rc;
}

/* Records a stage is expected to produce, for its ETA when it cannot tell its input size:
 * format ~ ingested records x formats, mix = --count, pack = tokenized examples. */
static uint64_t expected_records(const stage_ctx *c, const char *name)
{
    const fm_build_opts *o = c->o;
    if (!strcmp(name, "mix")) return o->count;
    const char *dir = !strcmp(name, "format") ? "ingest" : !strcmp(name, "pack") ? "tokens" : NULL;
    if (!dir) return 0;
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, o->outdir, dir);
    fm_strbuf_addstr(&p, "/manifest.json");
    fm_error err = { 0 };
    cJSON *m = fm_manifest_read(p.buf, &err);
    fm_strbuf_release(&p);
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "counts"),
                                                      !strcmp(name, "format") ? "written" : "examples");
    uint64_t v = cJSON_IsNumber(n) && n->valuedouble > 0 ? (uint64_t)n->valuedouble : 0;
    cJSON_Delete(m);
    if (!strcmp(name, "format")) {
        uint64_t nf = 1;
        for (const char *f = o->formats ? o->formats : "zs_opt,zs_noopt,fs_mix,fs_x,fs_x_noopt"; *f; f++)
            nf += *f == ',';
        v *= nf;
    }
    return v;
}

/* Run one stage unless it is already complete. argv[0] is the stage name; the
 * executable is bindir/flanmix-<name>. */
static int run_stage(stage_ctx *c, const char *name, const char *dir, fm_argv *args, fm_error *err)
{
    int skipped = 0;
    c->stage_no++;
    const fm_build_opts *o = c->o;
    if (o->only_stage && strcmp(o->only_stage, name) != 0) {
        /* another stage's part run: this stage must be complete already */
        if (c->reached_only) return 0; /* stages after it are not touched */
        if (!stage_complete(dir))
            return fm_error_set(err, FM_EUSAGE, dir, 0, NULL,
                                "stage %s is not complete: run (and merge) it before stage %s", name,
                                o->only_stage);
        return 0;
    }
    if (o->only_stage) {
        c->reached_only = 1;
        fm_argv a = { 0 };
        fm_argv_pushf(&a, "%s/flanmix-%s", c->bindir.buf, name);
        for (int i = 0; i < args->n; i++) fm_argv_push(&a, args->v[i]);
        if (o->part) push_opt(&a, "--part", "%s", o->part);
        if (fm_mkdir_p(dir, err) < 0) { fm_argv_release(&a); return -1; }
        int rc = spawn_stage(c, name, &a, 0, err);
        if (rc == 0 && !o->quiet) fm_buildview_stage_end(&c->view, 1);
        fm_argv_release(&a);
        if (rc < 0) return -1;
        if (rc != 0)
            return fm_error_set(err, FM_EINPUT, NULL, 0, NULL, "stage %s failed (exit %d); its message is above", name, rc);
        return 0;
    }
    if (stage_complete(dir)) {
        skipped = 1;
        if (!c->o->quiet) {
            fprintf(stderr, "build: [%d/5] %s: complete and verified in %s, not rerun\n", c->stage_no, name, dir);
            fm_buildview_stage_begin(&c->view, c->stage_no, name, 0);
            fm_buildview_stage_end(&c->view, 0);
        }
    } else {
        if (remove_tree(dir) < 0)
            return fm_error_set(err, FM_EIO, dir, 0, NULL, "cannot clear the incomplete stage directory: %s",
                                strerror(errno));
        fm_argv a = { 0 };
        fm_argv_pushf(&a, "%s/flanmix-%s", c->bindir.buf, name);
        for (int i = 0; i < args->n; i++) fm_argv_push(&a, args->v[i]);
        int rc = spawn_stage(c, name, &a, expected_records(c, name), err);
        fm_argv_release(&a);
        if (rc < 0) return -1;
        if (rc != 0)
            return fm_error_set(err, rc == 2 ? FM_EUSAGE : FM_EINPUT, NULL, 0, NULL,
                                "stage %s failed (exit %d); its message is above", name, rc);
    }
    fm_strbuf m = FM_STRBUF_INIT;
    fm_path_join(&m, dir, "manifest.json");
    uint64_t h = 0, size = 0;
    if (fm_file_checksum(m.buf, &h, &size, err) < 0) {
        fm_strbuf_release(&m);
        return fm_error_set(err, FM_EINTERNAL, dir, 0, NULL, "stage %s finished without a manifest", name);
    }
    fm_strbuf_release(&m);
    char hex[17];
    fm_hash_hex(h, hex);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "stage", name);
    cJSON_AddStringToObject(s, "dir", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir);
    cJSON_AddStringToObject(s, "manifest_xxh3", hex);
    cJSON_AddItemToArray(c->stages, s);
    if (!c->o->quiet && !skipped) fm_buildview_stage_end(&c->view, 1);
    return 0;
}

static void push_common(fm_argv *a, const fm_build_opts *o)
{
    push_opt(a, "--seed", "%llu", (unsigned long long)o->seed);
    if (o->threads > 0) push_opt(a, "-j", "%d", o->threads);
    if (o->quiet) fm_argv_push(a, "-q");
}

int fm_build_run(const fm_build_opts *o, fm_error *err)
{
    if (!o->mixture || !o->outdir || !o->model || !o->ntasks)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "a build needs a mixture, -o OUTDIR, --model and task definitions");
    if (o->only_stage) {
        static const char *const names[] = { "ingest", "format", "mix", "tokenize", "pack" };
        int ok = 0;
        for (int i = 0; i < 5; i++) ok |= !strcmp(o->only_stage, names[i]);
        if (!ok)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                                "--stage: expected ingest, format, mix, tokenize or pack, got '%s'", o->only_stage);
    } else if (o->part) {
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--part needs --stage (parts run one stage at a time)");
    }
    if (fm_mkdir_p(o->outdir, err) < 0) return -1;
    fm_remove_stale_temps(o->outdir);
    stage_ctx c = { .o = o, .bindir = FM_STRBUF_INIT, .stages = cJSON_CreateArray() };
    fm_buildview_init(&c.view, stderr, 5);
    int rc = -1;
    fm_strbuf d_ing = FM_STRBUF_INIT, d_fmt = FM_STRBUF_INIT, d_mix = FM_STRBUF_INIT,
              d_tok = FM_STRBUF_INIT, d_shd = FM_STRBUF_INIT;
    fm_argv a = { 0 };
    if (fm_self_dir(&c.bindir, err) < 0) goto done;
    fm_path_join(&d_ing, o->outdir, "ingest");
    fm_path_join(&d_fmt, o->outdir, "format");
    fm_path_join(&d_mix, o->outdir, "mix");
    fm_path_join(&d_tok, o->outdir, "tokens");
    fm_path_join(&d_shd, o->outdir, "shards");

    /* ingest */
    if (o->data_dir) { fm_argv_push(&a, "--data-dir"); fm_argv_push(&a, o->data_dir); }
    push_opt(&a, "--on-error", "%s", o->on_error);
    if (o->allow_missing) fm_argv_push(&a, "--allow-missing");
    if (o->quiet) fm_argv_push(&a, "-q");
    if (o->zstd_level) push_opt(&a, "--zstd-level", "%d", o->zstd_level);
    fm_argv_push(&a, "-o");
    fm_argv_push(&a, d_ing.buf);
    collect_task_files(o, &a);
    if (run_stage(&c, "ingest", d_ing.buf, &a, err) < 0) goto done;
    fm_argv_release(&a);

    /* format */
    push_common(&a, o);
    if (o->templates_dir) { fm_argv_push(&a, "--templates"); fm_argv_push(&a, o->templates_dir); }
    fm_argv_push(&a, "--model");
    fm_argv_push(&a, o->model);
    fm_argv_push(&a, "--formats");
    fm_argv_push(&a, o->formats ? o->formats : "zs_opt,zs_noopt,fs_mix,fs_x,fs_x_noopt");
    if (o->zstd_level) push_opt(&a, "--zstd-level", "%d", o->zstd_level);
    fm_argv_push(&a, "-o");
    fm_argv_push(&a, d_fmt.buf);
    fm_argv_push(&a, d_ing.buf);
    if (run_stage(&c, "format", d_fmt.buf, &a, err) < 0) goto done;
    fm_argv_release(&a);

    /* mix */
    push_common(&a, o);
    push_opt(&a, "--count", "%llu", (unsigned long long)o->count);
    if (o->allow_missing) fm_argv_push(&a, "--allow-missing");
    fm_argv_push(&a, "--examples");
    fm_argv_push(&a, d_fmt.buf);
    fm_argv_push(&a, "-o");
    fm_argv_push(&a, d_mix.buf);
    fm_argv_push(&a, o->mixture);
    if (run_stage(&c, "mix", d_mix.buf, &a, err) < 0) goto done;
    fm_argv_release(&a);

    /* tokenize */
    push_common(&a, o);
    fm_argv_push(&a, "--model");
    fm_argv_push(&a, o->model);
    push_opt(&a, "--inputs-len", "%ld", o->inputs_len);
    push_opt(&a, "--targets-len", "%ld", o->targets_len);
    if (o->no_fast_tokenizer) fm_argv_push(&a, "--no-fast-tokenizer");
    fm_argv_push(&a, "-o");
    fm_argv_push(&a, d_tok.buf);
    fm_argv_push(&a, d_mix.buf);
    if (run_stage(&c, "tokenize", d_tok.buf, &a, err) < 0) goto done;
    fm_argv_release(&a);

    /* pack + write */
    push_common(&a, o);
    push_opt(&a, "--layout", "%s", o->layout);
    push_opt(&a, "--format", "%s", o->out_format);
    push_opt(&a, "--inputs-len", "%ld", o->inputs_len);
    push_opt(&a, "--targets-len", "%ld", o->targets_len);
    push_opt(&a, "--seq-len", "%ld", o->seq_len);
    fm_argv_push(&a, "--model");
    fm_argv_push(&a, o->model);
    fm_argv_push(&a, "-o");
    fm_argv_push(&a, d_shd.buf);
    fm_argv_push(&a, d_tok.buf);
    if (run_stage(&c, "pack", d_shd.buf, &a, err) < 0) goto done;
    fm_argv_release(&a);

    /* the build manifest, last (not for a single-stage run) */
    if (o->only_stage) {
        rc = 0;
        goto done;
    }
    {
        fm_manifest m;
        fm_manifest_init(&m, "build");
        fm_manifest_set_str(m.settings, "mixture", o->mixture);
        fm_manifest_set_num(m.settings, "seed", (double)o->seed);
        fm_manifest_set_num(m.settings, "count", (double)o->count);
        fm_manifest_set_str(m.settings, "layout", o->layout);
        fm_manifest_set_str(m.settings, "format", o->out_format);
        fm_manifest_set_num(m.settings, "inputs_len", (double)o->inputs_len);
        fm_manifest_set_num(m.settings, "targets_len", (double)o->targets_len);
        fm_manifest_set_num(m.settings, "seq_len", (double)o->seq_len);
        if (o->zstd_level) fm_manifest_set_num(m.settings, "zstd_level", (double)o->zstd_level);
        if (fm_manifest_add_input(&m, o->mixture, err) < 0 || fm_manifest_add_input(&m, o->model, err) < 0) {
            fm_manifest_release(&m);
            goto done;
        }
        cJSON_AddItemToObject(m.counts, "stages", c.stages);
        c.stages = NULL;
        rc = fm_manifest_write(&m, o->outdir, NULL, err);
        fm_manifest_release(&m);
        if (rc == 0 && !o->quiet) fm_build_summary(stderr, o->outdir, fm_now_seconds() - c.view.build_start);
    }
done:
    fm_argv_release(&a);
    cJSON_Delete(c.stages);
    fm_strbuf_release(&c.bindir);
    fm_strbuf_release(&d_ing);
    fm_strbuf_release(&d_fmt);
    fm_strbuf_release(&d_mix);
    fm_strbuf_release(&d_tok);
    fm_strbuf_release(&d_shd);
    return rc;
}
