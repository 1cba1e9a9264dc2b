#include "demo.h"

#include "fileio.h"
#include "spawn.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fm_demo_repo_root(fm_strbuf *root, fm_error *err)
{
    if (fm_self_dir(root, err) < 0) return -1;
    /* bin/ -> repository; build/san/bin/ -> repository */
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(root->buf, '/');
        if (!slash) break;
        fm_strbuf_setlen(root, (size_t)(slash - root->buf));
        fm_strbuf probe = FM_STRBUF_INIT;
        fm_path_join(&probe, root->buf, "tasks/demo");
        int ok = fm_path_exists(probe.buf);
        fm_strbuf_release(&probe);
        if (ok) return 0;
    }
    return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                        "cannot find the repository (tasks/demo) above the flanmix executable");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* corpus.txt = the demo data files, concatenated in name order. */
static int write_corpus(const char *datadir, const char *path, fm_error *err)
{
    DIR *d = opendir(datadir);
    if (!d) return fm_error_set(err, FM_EIO, datadir, 0, NULL, "cannot list the demo data");
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        names = fm_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = fm_xstrdup(e->d_name);
    }
    closedir(d);
    fm_qsort(names, n, sizeof *names, cmp_str);
    fm_strbuf all = FM_STRBUF_INIT, p = FM_STRBUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        fm_path_join(&p, datadir, names[i]);
        rc = fm_read_file(p.buf, &all, err);
        if (all.len && all.buf[all.len - 1] != '\n') fm_strbuf_addch(&all, '\n');
    }
    if (rc == 0) rc = fm_write_file_atomic(path, all.buf, all.len, err);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    fm_strbuf_release(&all);
    fm_strbuf_release(&p);
    return rc;
}

int fm_demo_train_model(const char *root, const char *outdir, int vocab_size, fm_strbuf *model_path,
                        int quiet, fm_error *err)
{
    fm_strbuf dir = FM_STRBUF_INIT, data = FM_STRBUF_INIT, corpus = FM_STRBUF_INIT,
              tmp_model = FM_STRBUF_INIT;
    int rc = -1;
    fm_path_join(&dir, outdir, "model");
    fm_path_join(model_path, dir.buf, "demo.model");
    if (fm_path_exists(model_path->buf)) {
        rc = 0;
        goto done;
    }
    if (fm_mkdir_p(dir.buf, err) < 0) goto done;
    fm_path_join(&data, root, "tasks/demo/data");
    fm_path_join(&corpus, dir.buf, "corpus.txt");
    if (write_corpus(data.buf, corpus.buf, err) < 0) goto done;
    fm_argv a = { 0 };
    fm_argv_push(&a, "spm_train");
    fm_argv_push(&a, "--input=corpus.txt");
    fm_argv_push(&a, "--model_prefix=demo-training");
    fm_argv_pushf(&a, "--vocab_size=%d", vocab_size);
    fm_argv_push(&a, "--model_type=unigram");
    fm_argv_push(&a, "--character_coverage=1.0");
    fm_argv_push(&a, "--pad_id=0");
    fm_argv_push(&a, "--eos_id=1");
    fm_argv_push(&a, "--unk_id=2");
    fm_argv_push(&a, "--bos_id=-1");
    fm_argv_push(&a, "--normalization_rule_name=identity");
    fm_argv_push(&a, "--remove_extra_whitespaces=false");
    fm_argv_push(&a, "--add_dummy_prefix=false");
    fm_argv_push(&a, "--byte_fallback=true");
    fm_argv_push(&a, "--hard_vocab_limit=false");
    fm_argv_push(&a, "--num_threads=1");
    fm_argv_push(&a, "--random_seed=1");
    fm_argv_push(&a, "--minloglevel=2");
    if (!quiet) fprintf(stderr, "demo: training the demo SentencePiece model with spm_train (%s)\n", dir.buf);
    fm_strbuf log = FM_STRBUF_INIT;
    fm_path_join(&log, dir.buf, "spm_train.log");
    int st = fm_spawn_wait(&a, dir.buf, log.buf, err);
    fm_argv_release(&a);
    fm_strbuf_release(&log);
    if (st < 0) goto done;
    if (st != 0) {
        fm_error_set(err, FM_EMODEL, NULL, 0, NULL,
                     "spm_train failed (exit %d); is the sentencepiece package installed?", st);
        goto done;
    }
    fm_path_join(&tmp_model, dir.buf, "demo-training.model");
    if (rename(tmp_model.buf, model_path->buf) < 0) {
        fm_error_set(err, FM_EIO, model_path->buf, 0, NULL, "cannot move the trained model into place");
        goto done;
    }
    fm_path_join(&tmp_model, dir.buf, "demo-training.vocab");
    unlink(tmp_model.buf);
    rc = 0;
done:
    fm_strbuf_release(&dir);
    fm_strbuf_release(&data);
    fm_strbuf_release(&corpus);
    fm_strbuf_release(&tmp_model);
    return rc;
}
