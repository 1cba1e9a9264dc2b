/* flanmix-mix: draw a mixture of formatted examples by rates (docs/contracts.md §3,
 * docs/mixtures.md). */
#include "cli.h"
#include "error.h"
#include "fileio.h"
#include "json.h"
#include "manifest.h"
#include "mixsample.h"
#include "mixture.h"
#include "progress.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char PROG[] = "flanmix-mix";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: flanmix mix MIXTURE.json --examples DIR... (--count N | --tokens N |\n"
            "                   --epochs-of-smallest) -o OUT [options]\n"
            "       flanmix mix --weights-only MIXTURE.json [--examples DIR...]\n"
            "                   [--num-examples-from COUNTS.tsv]\n\n"
            "  --examples DIR         a format-stage output directory (repeatable)\n"
            "  --count N              draw N examples\n"
            "  --tokens N             draw about N tokens (mean tokens per example of each\n"
            "                         task-format from --tokenized DIR, else bytes/4)\n"
            "  --tokenized DIR        tokenize-stage output of the same examples\n"
            "  --epochs-of-smallest   draw until the task-format that runs out first has been\n"
            "                         drawn exactly once in full\n"
            "  --allow-missing        leave out members without data (renormalizing)\n"
            "  --weights-only         print the flattened weights as TSV and stop\n"
            "  --num-examples-from F  counts TSV (FLAN's flan_v2_mixture_rates.tsv, or\n"
            "                         task/format/num_examples)\n"
            "  --block-size N         draws per output block (default 10000)\n"
            "  --max-open N           open readers at most (default 256)\n"
            "  --seed N  --part I/N  -q  -o OUT\n");
}

typedef struct {
    const char *mixture, *out, *tsv;
    const char **examples, **tokenized;
    size_t n_examples, n_tokenized;
    uint64_t count, tokens, seed, block, max_open;
    int mode; /* 0 none, 1 count, 2 tokens, 3 epochs */
    int allow_missing, weights_only, quiet;
    fm_part part;
} opts;

static int need_arg(int i, int argc, const char *opt, fm_error *err)
{
    if (i + 1 >= argc) return fm_error_set(err, FM_EUSAGE, NULL, 0, opt, "needs a value");
    return 0;
}

/* "--opt=value" becomes "--opt" "value" (argv is copied into *store, caller frees). */
static char **split_eq(int argc, char **argv, int *outc, char ***store, size_t *nstore)
{
    char **v = fm_xcalloc((size_t)argc * 2 + 1, sizeof *v);
    int n = 0;
    *store = fm_xcalloc((size_t)argc + 1, sizeof **store);
    *nstore = 0;
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (i > 0 && !strncmp(argv[i], "--", 2) && eq) {
            char *name = fm_xstrndup(argv[i], (size_t)(eq - argv[i]));
            (*store)[(*nstore)++] = name;
            v[n++] = name;
            v[n++] = (char *)eq + 1;
        } else if (i > 0 && !strncmp(argv[i], "-j", 2) && argv[i][2]) {
            v[n++] = "-j";
            v[n++] = argv[i] + 2;
        } else {
            v[n++] = argv[i];
        }
    }
    *outc = n;
    return v;
}

static int parse_args(int argc, char **argv, opts *o, fm_error *err)
{
    memset(o, 0, sizeof *o);
    o->block = 10000;
    o->max_open = 256;
    o->part = (fm_part){ 0, 1 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--examples") || !strcmp(a, "--tokenized")) {
            if (need_arg(i, argc, a, err) < 0) return -1;
            int ex = !strcmp(a, "--examples");
            const char ***arr = ex ? &o->examples : &o->tokenized;
            size_t *n = ex ? &o->n_examples : &o->n_tokenized;
            *arr = fm_xrealloc(*arr, (*n + 1) * sizeof **arr);
            (*arr)[(*n)++] = argv[++i];
        } else if (!strcmp(a, "--count") || !strcmp(a, "--tokens")) {
            if (need_arg(i, argc, a, err) < 0) return -1;
            if (o->mode) return fm_error_set(err, FM_EUSAGE, NULL, 0, a, "give one of --count, --tokens, --epochs-of-smallest");
            o->mode = !strcmp(a, "--count") ? 1 : 2;
            if (fm_cli_parse_u64(a, argv[++i], o->mode == 1 ? &o->count : &o->tokens, err) < 0) return -1;
        } else if (!strcmp(a, "--epochs-of-smallest")) {
            if (o->mode) return fm_error_set(err, FM_EUSAGE, NULL, 0, a, "give one of --count, --tokens, --epochs-of-smallest");
            o->mode = 3;
        } else if (!strcmp(a, "--seed")) {
            if (need_arg(i, argc, a, err) < 0 || fm_cli_parse_u64(a, argv[++i], &o->seed, err) < 0) return -1;
        } else if (!strcmp(a, "--block-size")) {
            if (need_arg(i, argc, a, err) < 0 || fm_cli_parse_u64(a, argv[++i], &o->block, err) < 0) return -1;
            if (o->block == 0 || o->block > 100000000)
                return fm_error_set(err, FM_EUSAGE, NULL, 0, a, "must be 1..100000000");
        } else if (!strcmp(a, "--max-open")) {
            if (need_arg(i, argc, a, err) < 0 || fm_cli_parse_u64(a, argv[++i], &o->max_open, err) < 0) return -1;
            if (o->max_open == 0) return fm_error_set(err, FM_EUSAGE, NULL, 0, a, "must be at least 1");
        } else if (!strcmp(a, "--part")) {
            if (need_arg(i, argc, a, err) < 0 || fm_cli_parse_part(argv[++i], &o->part, err) < 0) return -1;
        } else if (!strcmp(a, "-j") || !strcmp(a, "--on-error")) {
            if (need_arg(i, argc, a, err) < 0) return -1;
            i++; /* accepted for uniformity; mixing is one sequential pass */
        } else if (!strcmp(a, "-o")) {
            if (need_arg(i, argc, a, err) < 0) return -1;
            o->out = argv[++i];
        } else if (!strcmp(a, "--num-examples-from")) {
            if (need_arg(i, argc, a, err) < 0) return -1;
            o->tsv = argv[++i];
        } else if (!strcmp(a, "--allow-missing")) {
            o->allow_missing = 1;
        } else if (!strcmp(a, "--weights-only")) {
            o->weights_only = 1;
        } else if (!strcmp(a, "-q")) {
            o->quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return fm_error_set(err, FM_EUSAGE, NULL, 0, a, "unknown option (see --help)");
        } else if (!o->mixture) {
            o->mixture = a;
        } else {
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "unexpected argument '%s' (one mixture file; data dirs go after --examples)", a);
        }
    }
    if (!o->mixture) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "no mixture file given (see --help)");
    if (o->weights_only) return 0;
    if (o->tsv) return fm_error_set(err, FM_EUSAGE, NULL, 0, "--num-examples-from", "only with --weights-only");
    if (!o->mode) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "give --count N, --tokens N or --epochs-of-smallest");
    if (!o->out) return fm_error_set(err, FM_EUSAGE, NULL, 0, "-o", "no output directory given");
    if (!o->n_examples) return fm_error_set(err, FM_EUSAGE, NULL, 0, "--examples", "no examples directory given");
    return 0;
}

static void print_weights(const fm_mixture *m)
{
    printf("path\tname\trate_mode\tcap\tnum_examples\trate\tweight\n");
    for (size_t i = 0; i < m->n_leaves; i++) {
        const fm_mix_leaf *l = &m->leaves[i];
        printf("%s\t%s\t%s\t%.17g\t%.17g\t%.17g\t%.12e\n", l->path, l->name,
               fm_rate_mode_name(l->mode), l->cap, l->num_examples, l->rate, l->weight);
    }
    for (size_t i = 0; i < m->n_missing; i++) printf("#missing\t%s\n", m->missing[i]);
}

/* Mean tokens (or bytes/4) per example of a unit's entry: from the first 10,000 lines. */
static int mean_size(const opts *o, const fm_mix_unit *u, double *out, fm_error *err)
{
    fm_strbuf dir = FM_STRBUF_INIT, line = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    const char *const *files = (const char *const *)u->entry->files;
    size_t nfiles = u->entry->n_files;
    char **tok_files = NULL;
    int tokens = 0, rc = 0;
    /* Tokenized files keep the examples' relative path under tokens/. */
    for (size_t d = 0; d < o->n_tokenized && !tokens; d++) {
        size_t f = 0;
        tok_files = fm_xcalloc(nfiles ? nfiles : 1, sizeof *tok_files);
        for (; f < nfiles; f++) {
            const char *base = strrchr(files[f], '/');
            fm_strbuf_reset(&path);
            fm_strbuf_addf(&path, "%s/tokens/examples/%s/%s%s", o->tokenized[d], u->task,
                           u->format, base ? base : "/");
            if (!fm_path_exists(path.buf)) break;
            tok_files[f] = fm_xstrdup(path.buf);
        }
        tokens = nfiles > 0 && f == nfiles;
        if (!tokens) {
            for (size_t k = 0; k < f; k++) free(tok_files[k]);
            free(tok_files);
            tok_files = NULL;
        }
    }
    double sum = 0;
    uint64_t n = 0;
    for (size_t f = 0; f < nfiles && n < 10000 && rc == 0; f++) {
        fm_reader *r = fm_reader_open(tokens ? tok_files[f] : files[f], err);
        if (!r) { rc = -1; break; }
        while (n < 10000 && (rc = fm_reader_getline(r, &line, NULL, err)) > 0) {
            cJSON *v = fm_json_parse(line.buf, line.len, fm_reader_path(r), fm_reader_lineno(r), err);
            if (!v) { rc = -1; break; }
            const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
            const cJSON *tg = cJSON_GetObjectItemCaseSensitive(v, "targets");
            if (tokens && cJSON_IsArray(in) && cJSON_IsArray(tg))
                sum += cJSON_GetArraySize(in) + cJSON_GetArraySize(tg);
            else if (!tokens && cJSON_IsString(in) && cJSON_IsString(tg))
                sum += (double)(strlen(in->valuestring) + strlen(tg->valuestring)) / 4.0;
            else
                rc = fm_error_set(err, FM_EINPUT, fm_reader_path(r), fm_reader_lineno(r), "inputs",
                                  "expected inputs and targets");
            cJSON_Delete(v);
            n++;
        }
        if (rc > 0) rc = 0;
        fm_reader_close(r);
    }
    if (tok_files)
        for (size_t f = 0; f < nfiles; f++) free(tok_files[f]);
    free(tok_files);
    fm_strbuf_release(&dir);
    fm_strbuf_release(&line);
    fm_strbuf_release(&path);
    *out = n ? sum / (double)n : 0;
    return rc < 0 ? -1 : 0;
}

/* Number of draws for the chosen mode. */
static int draws_wanted(const opts *o, const fm_mixture *m, const fm_mix_sched *s, uint64_t *n,
                        double *tokens_per_draw, fm_error *err)
{
    *tokens_per_draw = 0;
    if (o->mode == 1) {
        *n = o->count;
        return 0;
    }
    if (o->mode == 3) {
        /* Unit i runs out first at about count_i / w_i draws; find the least R where some
         * unit has been drawn count_i times. */
        double best = INFINITY;
        for (size_t i = 0; i < m->n_units; i++)
            if (s->w[i] > 0 && (double)m->units[i].count / s->w[i] < best)
                best = (double)m->units[i].count / s->w[i];
        if (!isfinite(best)) return fm_error_set(err, FM_EINPUT, o->mixture, 0, NULL, "nothing to draw");
        uint64_t R = (uint64_t)floor(best);
        if (R < 1) R = 1;
        uint64_t *c = fm_xcalloc(m->n_units, sizeof *c);
        /* The exact R is within a few draws of the estimate: step to it. */
        for (;;) {
            fm_mix_sched_counts(s, R, c);
            int done = 0;
            for (size_t i = 0; i < m->n_units; i++) done |= s->w[i] > 0 && c[i] >= m->units[i].count;
            if (done) {
                if (R <= 1) break;
                fm_mix_sched_counts(s, R - 1, c);
                int prev = 0;
                for (size_t i = 0; i < m->n_units; i++) prev |= s->w[i] > 0 && c[i] >= m->units[i].count;
                if (!prev) break;
                R--;
            } else {
                R++;
            }
        }
        free(c);
        *n = R;
        return 0;
    }
    double per = 0;
    for (size_t i = 0; i < m->n_units; i++) {
        if (s->w[i] <= 0) continue;
        double mean;
        if (mean_size(o, &m->units[i], &mean, err) < 0) return -1;
        per += s->w[i] * mean;
    }
    if (per <= 0) return fm_error_set(err, FM_EINPUT, o->mixture, 0, NULL, "examples have no tokens");
    *tokens_per_draw = per;
    *n = (uint64_t)ceil((double)o->tokens / per);
    return 0;
}

/* Append ,"draw":K before the final '}' of an example line. */
static int add_draw(fm_strbuf *out, const char *line, size_t len, uint64_t k, const char *unit,
                    fm_error *err)
{
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\r')) len--;
    if (len < 2 || line[0] != '{' || line[len - 1] != '}')
        return fm_error_set(err, FM_EINPUT, unit, 0, NULL, "an example line is not a JSON object");
    fm_strbuf_add(out, line, len - 1);
    fm_strbuf_addf(out, "%s\"draw\":%llu}\n", len > 2 ? "," : "", (unsigned long long)k);
    return 0;
}

static int run(const opts *o, fm_error *err)
{
    fm_mix_catalog cat;
    fm_mixture *m = NULL;
    fm_mix_sched s = { 0 };
    fm_mix_pool *pool = NULL;
    fm_manifest man = { 0 };
    uint64_t *c0 = NULL, *c1 = NULL, *drawn = NULL, *total = NULL;
    uint32_t *order = NULL;
    size_t *lstart = NULL;
    fm_strbuf arena = FM_STRBUF_INIT, outb = FM_STRBUF_INIT, mixdir = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    size_t *offs = NULL;
    int rc = -1;

    fm_mix_catalog_init(&cat);
    for (size_t i = 0; i < o->n_examples; i++)
        if (fm_mix_catalog_add_examples(&cat, o->examples[i], err) < 0) goto out;
    if (o->tsv && fm_mix_catalog_add_counts_tsv(&cat, o->tsv, err) < 0) goto out;
    int flags = (o->allow_missing ? FM_MIX_ALLOW_MISSING : 0) | (o->weights_only ? FM_MIX_WEIGHTS_ONLY : 0);
    if (fm_mixture_load(o->mixture, &cat, flags, &m, err) < 0) goto out;
    if (o->weights_only) {
        print_weights(m);
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < m->n_missing; i++)
        fprintf(stderr, "%s: warning: no examples for %s; left out (--allow-missing)\n", PROG, m->missing[i]);

    fm_mix_sched_init(&s, m, o->seed);
    uint64_t N = 0;
    double tpd = 0;
    if (draws_wanted(o, m, &s, &N, &tpd, err) < 0) goto out;

    /* Keep below the descriptor limit: readers plus a few files of our own. */
    size_t max_open = o->max_open;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 32 &&
        max_open > rl.rlim_cur - 32)
        max_open = rl.rlim_cur - 32;
    pool = fm_mix_pool_new(m, max_open);

    fm_path_join(&mixdir, o->out, "mixed");
    if (fm_mkdir_p(mixdir.buf, err) < 0) goto out;
    fm_remove_stale_temps(o->out);
    fm_remove_stale_temps(mixdir.buf);

    size_t U = m->n_units;
    c0 = fm_xcalloc(U ? U : 1, sizeof *c0);
    c1 = fm_xcalloc(U ? U : 1, sizeof *c1);
    drawn = fm_xcalloc(U ? U : 1, sizeof *drawn);
    total = fm_xcalloc(U ? U : 1, sizeof *total);
    lstart = fm_xcalloc(U ? U : 1, sizeof *lstart);
    order = fm_xmalloc((size_t)(o->block ? o->block : 1) * sizeof *order);
    offs = fm_xmalloc(((size_t)o->block + 1) * sizeof *offs);

    fm_manifest_init(&man, "mix");
    fm_manifest_set_str(man.settings, "mixture", o->mixture);
    fm_manifest_set_num(man.settings, "seed", (double)o->seed);
    fm_manifest_set_str(man.settings, "mode", o->mode == 1 ? "count" : o->mode == 2 ? "tokens" : "epochs_of_smallest");
    if (o->mode == 1) fm_manifest_set_num(man.settings, "count", (double)o->count);
    if (o->mode == 2) fm_manifest_set_num(man.settings, "tokens", (double)o->tokens);
    fm_manifest_set_num(man.settings, "block_size", (double)o->block);
    fm_manifest_set_bool(man.settings, "allow_missing", o->allow_missing);
    for (size_t i = 0; i < m->n_files; i++)
        if (fm_manifest_add_input(&man, m->files[i], err) < 0) goto out;
    for (size_t i = 0; i < cat.n_manifests; i++)
        if (fm_manifest_add_input(&man, cat.manifests[i], err) < 0) goto out;

    fm_progress prog;
    fm_progress_init(&prog, "mix", 0, o->quiet);
    uint64_t nblocks = (N + o->block - 1) / o->block, done = 0, bytes = 0;
    int have_c0 = 0; /* c0 holds the counts at the current block's start */
    for (uint64_t b = 0; b < nblocks; b++) {
        if (!fm_part_owns(&o->part, b)) {
            have_c0 = 0;
            continue;
        }
        uint64_t bs = b * o->block, be = bs + o->block < N ? bs + o->block : N;
        if (!have_c0) fm_mix_sched_counts(&s, bs, c0);
        fm_mix_sched_counts(&s, be, c1);
        fm_mix_sched_order(&s, o->seed, b, c0, c1, order);
        /* Read each unit's lines of the block in stream order, one unit after another. */
        fm_strbuf_reset(&arena);
        size_t nl = 0;
        for (size_t i = 0; i < U; i++) {
            lstart[i] = nl;
            for (uint64_t p = c0[i]; p < c1[i]; p++) {
                offs[nl++] = arena.len;
                if (fm_mix_pool_read(pool, i, p, &arena, err) < 0) goto out;
            }
            drawn[i] += c1[i] - c0[i];
        }
        offs[nl] = arena.len;
        fm_strbuf_reset(&outb);
        for (uint64_t k = 0; k < be - bs; k++) {
            size_t li = lstart[order[k]]++;
            if (add_draw(&outb, arena.buf + offs[li], offs[li + 1] - offs[li], bs + k,
                         m->units[order[k]].name, err) < 0)
                goto out;
        }
        fm_strbuf_reset(&path);
        fm_strbuf_addf(&path, "%s/block-%05llu.jsonl.zst", mixdir.buf, (unsigned long long)b);
        fm_writer *w = fm_writer_open(path.buf, FM_COMP_ZSTD, 3, err);
        if (!w) goto out;
        uint64_t ob, xh;
        if (fm_writer_write(w, outb.buf, outb.len, err) < 0) {
            fm_writer_abort(w);
            goto out;
        }
        if (fm_writer_commit_info(w, &ob, &xh, err) < 0) goto out;
        fm_strbuf_reset(&path);
        fm_strbuf_addf(&path, "mixed/block-%05llu.jsonl.zst", (unsigned long long)b);
        fm_manifest_add_output(&man, path.buf, ob, xh, (long long)(be - bs));
        uint64_t *t = c0;
        c0 = c1;
        c1 = t;
        have_c0 = 1;
        done += be - bs;
        bytes += outb.len;
        fm_progress_update(&prog, done, bytes);
    }
    fm_progress_done(&prog, done, bytes);

    /* Counts: global expectations and stream positions, and this part's draws. */
    fm_mix_sched_counts(&s, N, total);
    cJSON *cn = man.counts;
    fm_manifest_set_num(cn, "draws", (double)N);
    fm_manifest_set_num(cn, "blocks", (double)nblocks);
    fm_manifest_set_num(cn, "drawn_in_part", (double)done);
    if (o->mode == 2) fm_manifest_set_num(cn, "tokens_per_draw_estimate", tpd);
    cJSON *miss = cJSON_AddArrayToObject(cn, "missing");
    for (size_t i = 0; i < m->n_missing; i++) cJSON_AddItemToArray(miss, cJSON_CreateString(m->missing[i]));
    cJSON *leaves = cJSON_AddArrayToObject(cn, "members");
    for (size_t i = 0; i < m->n_leaves; i++) {
        const fm_mix_leaf *l = &m->leaves[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "path", l->path);
        cJSON_AddStringToObject(e, "name", l->name);
        cJSON_AddStringToObject(e, "rate_mode", fm_rate_mode_name(l->mode));
        if (l->cap > 0) cJSON_AddNumberToObject(e, "cap", l->cap);
        cJSON_AddNumberToObject(e, "num_examples", l->num_examples);
        cJSON_AddNumberToObject(e, "rate", l->rate);
        cJSON_AddNumberToObject(e, "weight", l->weight);
        cJSON_AddNumberToObject(e, "expected", l->weight * (double)N);
        cJSON_AddItemToArray(leaves, e);
    }
    cJSON *units = cJSON_AddArrayToObject(cn, "task_formats");
    for (size_t i = 0; i < U; i++) {
        const fm_mix_unit *u = &m->units[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", u->name);
        cJSON_AddStringToObject(e, "task", u->task);
        cJSON_AddStringToObject(e, "format", u->format);
        if (u->subtask) cJSON_AddStringToObject(e, "subtask", u->subtask);
        cJSON_AddNumberToObject(e, "num_examples", (double)u->count);
        cJSON_AddNumberToObject(e, "weight", s.w[i]);
        cJSON_AddNumberToObject(e, "expected", s.w[i] * (double)N);
        cJSON_AddNumberToObject(e, "drawn_total", (double)total[i]);
        cJSON_AddNumberToObject(e, "drawn", (double)drawn[i]);
        cJSON_AddNumberToObject(e, "epochs", u->count ? round(1e6 * (double)total[i] / (double)u->count) / 1e6 : 0);
        cJSON_AddNumberToObject(e, "passes", u->count ? (double)((total[i] + u->count - 1) / u->count) : 0);
        cJSON_AddItemToArray(units, e);
    }
    fm_manifest_sort_outputs(&man);
    if (fm_manifest_write(&man, o->out, &o->part, err) < 0) goto out;
    rc = 0;
out:
    if (man.root) fm_manifest_release(&man);
    fm_mix_pool_free(pool);
    fm_mix_sched_release(&s);
    fm_mixture_free(m);
    fm_mix_catalog_release(&cat);
    free(c0);
    free(c1);
    free(drawn);
    free(total);
    free(lstart);
    free(order);
    free(offs);
    fm_strbuf_release(&arena);
    fm_strbuf_release(&outb);
    fm_strbuf_release(&mixdir);
    fm_strbuf_release(&path);
    return rc;
}

int main(int argc, char **argv)
{
    opts o;
    fm_error err = { 0 };
    char **store;
    size_t nstore;
    int ac;
    char **av = split_eq(argc, argv, &ac, &store, &nstore);
    int rc = 0;
    if (parse_args(ac, av, &o, &err) < 0 || run(&o, &err) < 0) {
        fm_error_print(&err, PROG);
        rc = fm_error_exit_status(&err);
    }
    free(o.examples);
    free(o.tokenized);
    for (size_t i = 0; i < nstore; i++) free(store[i]);
    free(store);
    free(av);
    return rc;
}
