/* flanmix demo [-o OUTDIR]: build the demo mixture embedded in the repository.
 *
 * Trains the demo SentencePiece model (demo.h), runs the full build (build.h) on the three
 * demo tasks in tasks/demo with mixtures/demo.json, prints a few formatted examples and
 * the first packed row decoded back to text, and verifies every output. */
#include "build.h"
#include "cli.h"
#include "demo.h"
#include "error.h"
#include "fileio.h"
#include "spawn.h"
#include "verify.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int show(const char *bindir, const char *title, fm_argv *a, fm_error *err)
{
    printf("\n==== %s ====\n", title);
    fflush(stdout);
    fm_argv cmd = { 0 };
    fm_argv_pushf(&cmd, "%s/flanmix-inspect", bindir);
    for (int i = 0; i < a->n; i++) fm_argv_push(&cmd, a->v[i]);
    int rc = fm_spawn_wait(&cmd, NULL, NULL, err);
    fm_argv_release(&cmd);
    fm_argv_release(a);
    if (rc < 0) return -1;
    if (rc) return fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "flanmix inspect failed (exit %d)", rc);
    return 0;
}

int main(int argc, char **argv)
{
    const char *outdir = "demo-out";
    int quiet = 0;
    long threads = 0;
    fm_error err = { 0 };
    int c;
    static const struct option longopts[] = { { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
    while ((c = getopt_long(argc, argv, "o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir = optarg; break;
        case 'q': quiet = 1; break;
        case 'j': if (fm_cli_parse_int("-j", optarg, 1, 1024, &threads, &err) < 0) goto fail; break;
        case 'h':
            printf("usage: flanmix demo [-o OUTDIR] [-j N] [-q]\n\n"
                   "Builds the demo mixture embedded in the repository (tasks/demo, mixtures/demo.json)\n"
                   "into OUTDIR (default demo-out): trains a small SentencePiece model with spm_train,\n"
                   "runs every stage, shows formatted examples and decoded shards, and verifies.\n");
            return 0;
        default: return 2;
        }
    }
    fm_strbuf root = FM_STRBUF_INIT, model = FM_STRBUF_INIT, mixture = FM_STRBUF_INIT,
              tasks = FM_STRBUF_INIT, templates = FM_STRBUF_INIT, bindir = FM_STRBUF_INIT,
              p = FM_STRBUF_INIT;
    if (fm_demo_repo_root(&root, &err) < 0 || fm_self_dir(&bindir, &err) < 0) goto fail;
    if (fm_mkdir_p(outdir, &err) < 0) goto fail;
    if (fm_demo_train_model(root.buf, outdir, 1000, &model, quiet, &err) < 0) goto fail;
    fm_path_join(&mixture, root.buf, "mixtures/demo.json");
    fm_path_join(&tasks, root.buf, "tasks/demo");
    fm_path_join(&templates, root.buf, "templates");

    fm_build_opts o;
    fm_build_opts_init(&o);
    const char *task_paths[1] = { tasks.buf };
    o.mixture = mixture.buf;
    o.outdir = outdir;
    o.tasks = task_paths;
    o.ntasks = 1;
    o.templates_dir = templates.buf;
    o.model = model.buf;
    o.count = 600;
    o.inputs_len = 1024;
    o.targets_len = 256;
    o.threads = (int)threads;
    o.quiet = quiet;
    if (fm_build_run(&o, &err) < 0) goto fail;

    fm_argv a = { 0 };
    fm_path_join(&p, outdir, "format");
    fm_argv_push(&a, "-n");
    fm_argv_push(&a, "1");
    fm_argv_push(&a, "--show-ws");
    fm_argv_push(&a, p.buf);
    if (show(bindir.buf, "formatted examples (one per task and format; whitespace shown)", &a, &err) < 0) goto fail;
    fm_path_join(&p, outdir, "shards");
    fm_argv_push(&a, "-n");
    fm_argv_push(&a, "1");
    fm_argv_push(&a, "--model");
    fm_argv_push(&a, model.buf);
    fm_argv_push(&a, p.buf);
    if (show(bindir.buf, "the first packed row, decoded back to text", &a, &err) < 0) goto fail;

    fm_verify_report rep = { 0 };
    if (fm_verify_dir(outdir, &rep, &err) < 0) goto fail;
    printf("\n==== verify ====\n%llu manifests, %llu files, %llu records checked, %llu faults\n",
           (unsigned long long)rep.manifests, (unsigned long long)rep.files,
           (unsigned long long)rep.records, (unsigned long long)rep.faults);
    if (rep.faults) {
        fm_error_set(&err, FM_EINTERNAL, outdir, 0, NULL, "verification found faults");
        goto fail;
    }
    printf("\ndemo: done. Output in %s/ (shards: %s/shards, manifest: %s/manifest.json)\n", outdir, outdir, outdir);
    fm_strbuf_release(&root); fm_strbuf_release(&model); fm_strbuf_release(&mixture);
    fm_strbuf_release(&tasks); fm_strbuf_release(&templates); fm_strbuf_release(&bindir);
    fm_strbuf_release(&p);
    return 0;
fail:
    fm_error_print(&err, "flanmix-demo");
    fm_strbuf_release(&root); fm_strbuf_release(&model); fm_strbuf_release(&mixture);
    fm_strbuf_release(&tasks); fm_strbuf_release(&templates); fm_strbuf_release(&bindir);
    fm_strbuf_release(&p);
    return fm_error_exit_status(&err);
}
