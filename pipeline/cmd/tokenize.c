/* flanmix-tokenize: formatted examples (or the mixed stream) -> tokenized examples
 * (docs/contracts.md section 4, docs/tokenizer.md).
 *
 * Each input file is a unit of work (for --part) and gives one output file
 * OUT/tokens/<relative path>.jsonl.zst with its lines in input order. Lines are read in
 * batches; a batch is tokenized on the thread pool (one fm_tokenizer per thread) and
 * written in order, so output bytes never depend on -j.
 */
#include "cli.h"
#include "dirlist.h"
#include "error.h"
#include "fileio.h"
#include "json.h"
#include "manifest.h"
#include "progress.h"
#include "tokenizer.h"
#include "tokexample.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROG "flanmix-tokenize"
#define BATCH_LINES 4096
#define BATCH_BYTES (8u << 20)

static const char USAGE[] =
    "usage: flanmix tokenize --model PATH [options] -o OUT INPUT...\n"
    "  INPUT                 example/mixed JSONL(.zst) files, or directories (searched\n"
    "                        recursively for *.jsonl, *.jsonl.zst, *.jsonl.gz)\n"
    "  --model PATH          SentencePiece model (required)\n"
    "  --inputs-len N        inputs ids kept, EOS included (default 2048)\n"
    "  --targets-len N       targets ids kept, EOS included (default 512)\n"
    "  --eos-id N            EOS id to append (default: the model's; required if it has none)\n"
    "  --no-fast-tokenizer   call libsentencepiece for every text (same ids, slower)\n"
    "  --zstd-level N        output compression level (default 3)\n"
    "  -j N  --part I/N  --on-error fail|skip  -q\n";

typedef struct input_file {
    char *path; /* as opened */
    char *rel;  /* output name under tokens/, without extension */
    uint64_t size;
} input_file;

typedef struct inputs {
    input_file *v;
    size_t n, cap;
} inputs;

static int is_data_name(const char *name)
{
    size_t n = strlen(name);
    if (!strcmp(name, "rejects.jsonl") || !strncmp(name, "manifest", 8) || !strncmp(name, "rejects.", 8))
        return 0;
    static const char *const suf[] = { ".jsonl", ".jsonl.zst", ".jsonl.gz" };
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(suf[i]);
        if (n > k && !strcmp(name + n - k, suf[i])) return 1;
    }
    return 0;
}

/* "a/b.jsonl.zst" -> "a/b" */
static char *strip_ext(const char *rel)
{
    char *s = fm_xstrdup(rel);
    size_t n = strlen(s);
    static const char *const suf[] = { ".jsonl.zst", ".jsonl.gz", ".jsonl" };
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(suf[i]);
        if (n > k && !strcmp(s + n - k, suf[i])) {
            s[n - k] = '\0';
            break;
        }
    }
    return s;
}

static void add_input(inputs *in, const char *path, const char *rel, uint64_t size)
{
    if (in->n == in->cap) {
        in->cap = in->cap ? in->cap * 2 : 16;
        in->v = fm_xrealloc(in->v, in->cap * sizeof *in->v);
    }
    in->v[in->n].path = fm_xstrdup(path);
    in->v[in->n].rel = strip_ext(rel);
    in->v[in->n].size = size;
    in->n++;
}

/* Walk dir recursively (sorted names), adding data files; prefix is their relative dir. */
static int walk(inputs *in, const char *dir, const char *prefix, fm_error *err)
{
    char **names;
    size_t n;
    if (fm_list_dir(dir, NULL, NULL, 0, &names, &n, err)) return -1;
    int rc = 0;
    fm_strbuf path = FM_STRBUF_INIT, rel = FM_STRBUF_INIT;
    for (size_t i = 0; i < n && !rc; i++) {
        fm_path_join(&path, dir, names[i]);
        fm_strbuf_reset(&rel);
        if (*prefix) {
            fm_strbuf_addstr(&rel, prefix);
            fm_strbuf_addch(&rel, '/');
        }
        fm_strbuf_addstr(&rel, names[i]);
        struct stat st;
        if (stat(path.buf, &st)) continue;
        if (S_ISDIR(st.st_mode)) rc = walk(in, path.buf, rel.buf, err);
        else if (S_ISREG(st.st_mode) && is_data_name(names[i])) add_input(in, path.buf, rel.buf, (uint64_t)st.st_size);
    }
    fm_strbuf_release(&path);
    fm_strbuf_release(&rel);
    fm_list_free(names, n);
    return rc;
}

static int cmp_rel(const void *a, const void *b)
{
    return strcmp(((const input_file *)a)->rel, ((const input_file *)b)->rel);
}

static int collect_inputs(inputs *in, int argc, char **argv, fm_error *err)
{
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st))
            return fm_error_set(err, FM_EIO, argv[i], 0, NULL, "no such input file or directory");
        if (S_ISDIR(st.st_mode)) {
            size_t before = in->n;
            if (walk(in, argv[i], "", err)) return -1;
            if (in->n == before)
                return fm_error_set(err, FM_EUSAGE, argv[i], 0, NULL, "no *.jsonl[.zst|.gz] files in this directory");
        } else {
            const char *base = strrchr(argv[i], '/');
            add_input(in, argv[i], base ? base + 1 : argv[i], (uint64_t)st.st_size);
        }
    }
    fm_qsort(in->v, in->n, sizeof *in->v, cmp_rel);
    for (size_t i = 1; i < in->n; i++)
        if (!strcmp(in->v[i - 1].rel, in->v[i].rel))
            return fm_error_set(err, FM_EUSAGE, in->v[i].path, 0, NULL,
                                "gives the same output name tokens/%s.jsonl.zst as %s", in->v[i].rel,
                                in->v[i - 1].path);
    return 0;
}

static void inputs_release(inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->v[i].path);
        free(in->v[i].rel);
    }
    free(in->v);
}

/* Totals for the manifest. */
typedef struct totals {
    uint64_t examples, rejected, in_tokens, tg_tokens, in_trunc_ex, tg_trunc_ex, in_trunc_tok, tg_trunc_tok,
        empty_targets, text_bytes;
} totals;

typedef struct run {
    const char *outdir;
    fm_tok_pool *pool;
    fm_tok_limits lim;
    int level;
    int skip;
    fm_manifest *man;
    fm_writer *rejects;
    const char *rejects_rel;
    totals tot;
    fm_progress progress;
    uint64_t bytes_done;
} run;

static int write_reject(run *r, const fm_error *e, fm_error *err)
{
    if (!r->rejects) {
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, r->outdir, r->rejects_rel);
        r->rejects = fm_writer_open(p.buf, FM_COMP_NONE, 0, err);
        fm_strbuf_release(&p);
        if (!r->rejects) return -1;
    }
    char msg[2048];
    fm_error_format(e, msg, sizeof msg);
    fm_strbuf sb = FM_STRBUF_INIT;
    fm_strbuf_addstr(&sb, "{\"file\":");
    fm_json_add_string(&sb, e->file, strlen(e->file));
    fm_strbuf_addf(&sb, ",\"line\":%ld,\"reason\":", e->line);
    fm_json_add_string(&sb, msg, strlen(msg));
    fm_strbuf_addstr(&sb, "}\n");
    int rc = fm_writer_write(r->rejects, sb.buf, sb.len, err);
    fm_strbuf_release(&sb);
    return rc;
}

static int tokenize_file(run *r, const input_file *f, fm_error *err)
{
    fm_strbuf out_rel = FM_STRBUF_INIT, out_path = FM_STRBUF_INIT;
    fm_strbuf_addf(&out_rel, "tokens/%s.jsonl.zst", f->rel);
    fm_path_join(&out_path, r->outdir, out_rel.buf);
    char *dir = fm_xstrdup(out_path.buf);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    int rc = -1;
    fm_reader *rd = NULL;
    fm_writer *w = NULL;
    fm_strbuf data = FM_STRBUF_INIT, line = FM_STRBUF_INIT, out = FM_STRBUF_INIT;
    size_t *offs = fm_xmalloc(BATCH_LINES * sizeof *offs), *lens = fm_xmalloc(BATCH_LINES * sizeof *lens);
    const char **ptrs = fm_xmalloc(BATCH_LINES * sizeof *ptrs);
    fm_tok_example *exs = fm_xmalloc(BATCH_LINES * sizeof *exs);
    unsigned char *failed = fm_xmalloc(BATCH_LINES);
    fm_error *errs = fm_xmalloc(BATCH_LINES * sizeof *errs);
    for (size_t i = 0; i < BATCH_LINES; i++) fm_tok_example_init(&exs[i]);
    uint64_t records = 0;

    if (fm_mkdir_p(dir, err)) goto out;
    fm_remove_stale_temps(dir);
    rd = fm_reader_open(f->path, err);
    if (!rd) goto out;
    w = fm_writer_open(out_path.buf, FM_COMP_ZSTD, r->level, err);
    if (!w) goto out;
    long first_line = 1;
    int eof = 0;
    while (!eof) {
        size_t n = 0;
        fm_strbuf_reset(&data);
        while (n < BATCH_LINES && data.len < BATCH_BYTES) {
            int g = fm_reader_getline(rd, &line, NULL, err);
            if (g < 0) goto out;
            if (g == 0) {
                eof = 1;
                break;
            }
            offs[n] = data.len;
            lens[n] = line.len;
            fm_strbuf_add(&data, line.buf, line.len);
            n++;
        }
        for (size_t i = 0; i < n; i++) ptrs[i] = data.buf + offs[i];
        if (fm_tok_example_run_batch(r->pool, &r->lim, n, ptrs, lens, f->path, first_line, exs, r->skip,
                                     failed, errs, err))
            goto out;
        fm_strbuf_reset(&out);
        for (size_t i = 0; i < n; i++) {
            if (r->skip && failed[i]) {
                r->tot.rejected++;
                if (write_reject(r, &errs[i], err)) goto out;
                continue;
            }
            const fm_tok_example *ex = &exs[i];
            fm_tok_example_write_json(ex, &out);
            records++;
            r->tot.examples++;
            r->tot.in_tokens += ex->inputs.n;
            r->tot.tg_tokens += ex->targets.n;
            r->tot.in_trunc_tok += ex->inputs_truncated;
            r->tot.tg_trunc_tok += ex->targets_truncated;
            r->tot.in_trunc_ex += ex->inputs_truncated > 0;
            r->tot.tg_trunc_ex += ex->targets_truncated > 0;
            r->tot.empty_targets += ex->targets.n == 1;
            r->tot.text_bytes += ex->text_bytes;
        }
        if (fm_writer_write(w, out.buf, out.len, err)) goto out;
        first_line += (long)n;
        r->bytes_done += data.len + n;
        fm_progress_update(&r->progress, r->tot.examples, r->bytes_done);
    }
    uint64_t bytes, xxh3;
    fm_writer *wc = w;
    w = NULL;
    if (fm_writer_commit_info(wc, &bytes, &xxh3, err)) goto out;
    fm_manifest_add_output(r->man, out_rel.buf, bytes, xxh3, (long long)records);
    rc = 0;
out:
    if (w) fm_writer_abort(w);
    if (rd) fm_reader_close(rd);
    for (size_t i = 0; i < BATCH_LINES; i++) fm_tok_example_release(&exs[i]);
    free(exs);
    free(offs);
    free(lens);
    free(ptrs);
    free(failed);
    free(errs);
    free(dir);
    fm_strbuf_release(&data);
    fm_strbuf_release(&line);
    fm_strbuf_release(&out);
    fm_strbuf_release(&out_rel);
    fm_strbuf_release(&out_path);
    return rc;
}

enum { O_MODEL = 256, O_INLEN, O_TGLEN, O_EOS, O_NOFAST, O_PART, O_ONERR, O_LEVEL, O_SEED };

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "model", required_argument, 0, O_MODEL },
        { "inputs-len", required_argument, 0, O_INLEN },
        { "targets-len", required_argument, 0, O_TGLEN },
        { "eos-id", required_argument, 0, O_EOS },
        { "no-fast-tokenizer", no_argument, 0, O_NOFAST },
        { "part", required_argument, 0, O_PART },
        { "on-error", required_argument, 0, O_ONERR },
        { "zstd-level", required_argument, 0, O_LEVEL },
        { "seed", required_argument, 0, O_SEED },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    fm_error err;
    fm_error_clear(&err);
    const char *outdir = NULL, *model_path = NULL;
    long threads = fm_cli_default_threads(), inlen = 2048, tglen = 512, eos = -2, level = 3;
    int quiet = 0, fast = 1, rc = 0;
    uint64_t seed = 0;
    fm_part part = { 0, 1 };
    fm_on_error onerr = FM_ON_ERROR_FAIL;
    int o;
    while ((o = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1 && !rc) {
        switch (o) {
        case 'o': outdir = optarg; break;
        case 'j': rc = fm_cli_parse_int("-j", optarg, 1, 1024, &threads, &err); break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return 0;
        case O_MODEL: model_path = optarg; break;
        case O_INLEN: rc = fm_cli_parse_int("--inputs-len", optarg, 1, 1L << 30, &inlen, &err); break;
        case O_TGLEN: rc = fm_cli_parse_int("--targets-len", optarg, 1, 1L << 30, &tglen, &err); break;
        case O_EOS: rc = fm_cli_parse_int("--eos-id", optarg, 0, INT32_MAX, &eos, &err); break;
        case O_NOFAST: fast = 0; break;
        case O_PART: rc = fm_cli_parse_part(optarg, &part, &err); break;
        case O_ONERR: rc = fm_cli_parse_on_error(optarg, &onerr, &err); break;
        case O_LEVEL: rc = fm_cli_parse_int("--zstd-level", optarg, 1, 19, &level, &err); break;
        case O_SEED: rc = fm_cli_parse_u64("--seed", optarg, &seed, &err); break;
        default: fputs(USAGE, stderr); return 2;
        }
    }
    if (rc) {
        fm_error_print(&err, PROG);
        return 2;
    }
    if (!outdir || !model_path || optind >= argc) {
        fprintf(stderr, "%s: %s\n%s", PROG,
                !model_path ? "--model PATH is required" : !outdir ? "-o OUT is required" : "no INPUT given",
                USAGE);
        return 2;
    }

    inputs in = { 0 };
    fm_spm_model *model = NULL;
    fm_tok_pool *pool = NULL;
    fm_manifest man;
    fm_manifest_init(&man, "tokenize");
    run r;
    memset(&r, 0, sizeof r);
    char rejects_rel[96] = "rejects.jsonl";
    if (part.count > 1) snprintf(rejects_rel, sizeof rejects_rel, "rejects.part-%d-of-%d.jsonl", part.index, part.count);

    if (collect_inputs(&in, argc - optind, argv + optind, &err)) goto fail;
    model = fm_spm_model_load(model_path, &err);
    if (!model) goto fail;
    if (eos == -2) {
        eos = fm_spm_model_eos_id(model);
        if (eos < 0) {
            fm_error_set(&err, FM_EMODEL, model_path, 0, NULL,
                         "the model has no EOS piece: choose the id to append with --eos-id N");
            goto fail;
        }
    } else if (eos >= fm_spm_model_vocab_size(model)) {
        fm_error_set(&err, FM_EUSAGE, NULL, 0, "--eos-id", "%ld is outside the vocabulary (%d pieces)", eos,
                     fm_spm_model_vocab_size(model));
        goto fail;
    }
    if (fm_mkdir_p(outdir, &err)) goto fail;
    fm_remove_stale_temps(outdir);

    cJSON *s = man.settings;
    fm_manifest_set_num(s, "seed", (double)seed);
    fm_manifest_set_str(s, "on_error", onerr == FM_ON_ERROR_SKIP ? "skip" : "fail");
    fm_manifest_set_str(s, "model", model_path);
    fm_manifest_set_str(s, "model_type", fm_spm_model_type_name(model));
    fm_manifest_set_num(s, "vocab_size", fm_spm_model_vocab_size(model));
    fm_manifest_set_num(s, "eos_id", (double)eos);
    fm_manifest_set_num(s, "pad_id", fm_spm_model_pad_id(model));
    fm_manifest_set_num(s, "inputs_len", (double)inlen);
    fm_manifest_set_num(s, "targets_len", (double)tglen);
    fm_manifest_set_str(s, "eos_rule", "append_eos_after_trim");
    if (fm_manifest_add_input(&man, model_path, &err)) goto fail;

    uint64_t total_bytes = 0;
    for (size_t i = 0; i < in.n; i++)
        if (fm_part_owns(&part, i)) {
            if (fm_manifest_add_input(&man, in.v[i].path, &err)) goto fail;
            total_bytes += in.v[i].size;
        }

    pool = fm_tok_pool_new(model, (int)threads, fast);
    r.outdir = outdir;
    r.pool = pool;
    r.lim.inputs_len = inlen;
    r.lim.targets_len = tglen;
    r.lim.eos_id = (int32_t)eos;
    r.level = (int)level;
    r.skip = onerr == FM_ON_ERROR_SKIP;
    r.man = &man;
    r.rejects_rel = rejects_rel;
    fm_progress_init(&r.progress, "tokenize", total_bytes, quiet);
    for (size_t i = 0; i < in.n; i++) {
        if (!fm_part_owns(&part, i)) continue;
        if (tokenize_file(&r, &in.v[i], &err)) goto fail;
    }
    if (r.rejects) {
        uint64_t b, x;
        fm_writer *w = r.rejects;
        r.rejects = NULL;
        if (fm_writer_commit_info(w, &b, &x, &err)) goto fail;
        fm_manifest_add_output(&man, rejects_rel, b, x, (long long)r.tot.rejected);
    }
    fm_progress_done(&r.progress, r.tot.examples, r.bytes_done);
    cJSON *c = man.counts;
    fm_manifest_set_num(c, "examples", (double)r.tot.examples);
    fm_manifest_set_num(c, "rejected", (double)r.tot.rejected);
    fm_manifest_set_num(c, "text_bytes", (double)r.tot.text_bytes);
    fm_manifest_set_num(c, "inputs_tokens", (double)r.tot.in_tokens);
    fm_manifest_set_num(c, "targets_tokens", (double)r.tot.tg_tokens);
    fm_manifest_set_num(c, "inputs_truncated_examples", (double)r.tot.in_trunc_ex);
    fm_manifest_set_num(c, "targets_truncated_examples", (double)r.tot.tg_trunc_ex);
    fm_manifest_set_num(c, "inputs_truncated_tokens", (double)r.tot.in_trunc_tok);
    fm_manifest_set_num(c, "targets_truncated_tokens", (double)r.tot.tg_trunc_tok);
    fm_manifest_set_num(c, "empty_targets", (double)r.tot.empty_targets);
    fm_manifest_sort_outputs(&man);
    if (fm_manifest_write(&man, outdir, &part, &err)) goto fail;
    if (!quiet) {
        uint64_t h, mi, fb;
        fm_tok_pool_stats(pool, &h, &mi, &fb);
        fprintf(stderr, "%s: %llu examples, %llu truncated inputs, %llu truncated targets; tokenizer: %s, "
                        "%llu words cached, %llu segmented, %llu texts by the library\n",
                PROG, (unsigned long long)r.tot.examples, (unsigned long long)r.tot.in_trunc_ex,
                (unsigned long long)r.tot.tg_trunc_ex, fast ? "fast path" : "library",
                (unsigned long long)h, (unsigned long long)mi, (unsigned long long)fb);
    }
    fm_tok_pool_free(pool);
    fm_spm_model_free(model);
    fm_manifest_release(&man);
    inputs_release(&in);
    return 0;
fail:
    if (r.rejects) fm_writer_abort(r.rejects);
    fm_error_print(&err, PROG);
    fm_tok_pool_free(pool);
    fm_spm_model_free(model);
    fm_manifest_release(&man);
    inputs_release(&in);
    return fm_error_exit_status(&err);
}
