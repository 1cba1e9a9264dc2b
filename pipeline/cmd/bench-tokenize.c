/* flanmix-bench-tokenize: tokenizer exactness checks and speed measurements.
 *
 *   flanmix bench-tokenize encode --model M [--no-fast-tokenizer] [FILE]
 *       ids of every line of FILE (default stdin), one line of space-separated ids per
 *       input line: the output format of `spm_encode --output_format=id`, for comparing.
 *   flanmix bench-tokenize compare --model M [FILE]
 *       encode every line with the library and the fast path; report lines that differ.
 *   flanmix bench-tokenize speed --model M [-j N] [--runs R] [--mode library|fast] FILE
 *   --json: every input line is a JSON string literal holding one text (may hold "\n").
 *       tokenize every line of FILE (held in memory) R times on N threads; print the
 *       median MB/s and tokens/s as "mode threads MB/s tokens/s" (machine-readable).
 */
#include "cli.h"
#include "error.h"
#include "fileio.h"
#include "json.h"
#include "progress.h"
#include "strbuf.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "flanmix-bench-tokenize";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: flanmix bench-tokenize encode --model M [--no-fast-tokenizer] [FILE]\n"
            "       flanmix bench-tokenize compare --model M [FILE]\n"
            "       flanmix bench-tokenize speed --model M [-j N] [--runs R] [--mode library|fast] FILE\n");
}

typedef struct lines {
    fm_strbuf data;
    size_t *off, *len;
    size_t n, cap;
} lines;

/* With json, every line is a JSON string literal whose value is the text (so that texts
 * may hold newlines). */
static int read_lines(const char *path, int json, lines *L, fm_error *err)
{
    fm_reader *r = fm_reader_open(path, err);
    if (!r) return -1;
    fm_strbuf line = FM_STRBUF_INIT;
    int rc;
    while ((rc = fm_reader_getline(r, &line, NULL, err)) == 1) {
        if (L->n == L->cap) {
            L->cap = L->cap ? L->cap * 2 : 1024;
            L->off = fm_xrealloc(L->off, L->cap * sizeof *L->off);
            L->len = fm_xrealloc(L->len, L->cap * sizeof *L->len);
        }
        L->off[L->n] = L->data.len;
        if (json) {
            cJSON *v = fm_json_parse(line.buf, line.len, path, (long)L->n + 1, err);
            if (!v) break;
            if (!cJSON_IsString(v)) {
                cJSON_Delete(v);
                rc = fm_error_set(err, FM_EINPUT, path, (long)L->n + 1, NULL, "expected a JSON string");
                break;
            }
            fm_strbuf_addstr(&L->data, v->valuestring);
            cJSON_Delete(v);
        } else {
            fm_strbuf_add(&L->data, line.buf, line.len);
        }
        L->len[L->n] = L->data.len - L->off[L->n];
        L->n++;
    }
    fm_strbuf_release(&line);
    fm_reader_close(r);
    return rc < 0 || (rc == 1) ? -1 : 0;
}

static void lines_release(lines *L)
{
    fm_strbuf_release(&L->data);
    free(L->off);
    free(L->len);
}

static void print_ids(fm_strbuf *sb, const fm_ids *ids)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (i) fm_strbuf_addch(sb, ' ');
        fm_strbuf_addf(sb, "%d", (int)ids->v[i]);
    }
    fm_strbuf_addch(sb, '\n');
}

static int cmd_encode(fm_spm_model *m, int fast, const lines *L, fm_error *err)
{
    fm_tokenizer *t = fm_tokenizer_new(m, fast);
    fm_ids ids = FM_IDS_INIT;
    fm_strbuf out = FM_STRBUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < L->n && !rc; i++) {
        rc = fm_tokenizer_encode(t, L->data.buf + L->off[i], L->len[i], &ids, err);
        if (!rc) print_ids(&out, &ids);
        if (out.len > (1 << 20)) {
            fwrite(out.buf, 1, out.len, stdout);
            fm_strbuf_reset(&out);
        }
    }
    fwrite(out.buf, 1, out.len, stdout);
    uint64_t h, mi, fb;
    fm_tokenizer_stats(t, &h, &mi, &fb);
    if (getenv("FM_TOK_STATS"))
        fprintf(stderr, "%s: %zu lines, cache hits %llu, misses %llu, library fallbacks %llu\n", prog,
                L->n, (unsigned long long)h, (unsigned long long)mi, (unsigned long long)fb);
    fm_strbuf_release(&out);
    fm_ids_release(&ids);
    fm_tokenizer_free(t);
    return rc;
}

static int cmd_compare(fm_spm_model *m, const lines *L, fm_error *err)
{
    fm_tokenizer *lib = fm_tokenizer_new(m, 0), *fast = fm_tokenizer_new(m, 1);
    fm_ids a = FM_IDS_INIT, b = FM_IDS_INIT;
    size_t bad = 0;
    int rc = 0;
    for (size_t i = 0; i < L->n && !rc; i++) {
        const char *s = L->data.buf + L->off[i];
        rc = fm_tokenizer_encode(lib, s, L->len[i], &a, err);
        if (!rc) rc = fm_tokenizer_encode(fast, s, L->len[i], &b, err);
        if (!rc && (a.n != b.n || memcmp(a.v, b.v, a.n * sizeof *a.v))) {
            if (bad++ < 10) {
                fprintf(stderr, "line %zu differs: %.*s\n", i + 1, (int)(L->len[i] > 200 ? 200 : L->len[i]), s);
                fm_strbuf sb = FM_STRBUF_INIT;
                fm_strbuf_addstr(&sb, "  library: ");
                print_ids(&sb, &a);
                fm_strbuf_addstr(&sb, "  fast:    ");
                print_ids(&sb, &b);
                fputs(sb.buf, stderr);
                fm_strbuf_release(&sb);
            }
        }
    }
    uint64_t h, mi, fb;
    fm_tokenizer_stats(fast, &h, &mi, &fb);
    printf("%zu lines, %zu differ; fast path: %llu cache hits, %llu misses, %llu library fallbacks\n",
           L->n, bad, (unsigned long long)h, (unsigned long long)mi, (unsigned long long)fb);
    fm_ids_release(&a);
    fm_ids_release(&b);
    fm_tokenizer_free(lib);
    fm_tokenizer_free(fast);
    if (!rc && bad) return fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "%zu lines differ", bad);
    return rc;
}

typedef struct speed_ctx {
    const lines *L;
    fm_ids *outs;
} speed_ctx;

static int speed_one(void *ctx, size_t i, fm_tokenizer *t, fm_error *err)
{
    speed_ctx *c = ctx;
    return fm_tokenizer_encode(t, c->L->data.buf + c->L->off[i], c->L->len[i], &c->outs[i], err);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmd_speed(fm_spm_model *m, int fast, int threads, int runs, const lines *L, fm_error *err)
{
    fm_ids *outs = fm_xcalloc(L->n ? L->n : 1, sizeof *outs);
    double *secs = fm_xcalloc((size_t)runs, sizeof *secs);
    uint64_t tokens = 0;
    int rc = 0;
    for (int r = 0; r < runs && !rc; r++) {
        /* A fresh pool per run: every run starts with a cold cache. */
        fm_tok_pool *p = fm_tok_pool_new(m, threads, fast);
        speed_ctx c = { L, outs };
        double t0 = fm_now_seconds();
        rc = fm_tok_pool_run(p, L->n, speed_one, &c, err);
        secs[r] = fm_now_seconds() - t0;
        fm_tok_pool_free(p);
        if (r == 0) {
            for (size_t i = 0; i < L->n; i++) tokens += outs[i].n;
        }
    }
    if (!rc) {
        fm_qsort(secs, (size_t)runs, sizeof *secs, cmp_double);
        double med = secs[runs / 2];
        printf("%s %d %.2f %.0f\n", fast ? "fast" : "library", threads,
               (double)L->data.len / med / 1e6, (double)tokens / med);
    }
    for (size_t i = 0; i < L->n; i++) fm_ids_release(&outs[i]);
    free(outs);
    free(secs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *mode = argv[1];
    const char *model = NULL, *file = "-", *speed_mode = "fast";
    int fast = 1, json = 0;
    long threads = 1, runs = 3;
    fm_error err;
    fm_error_clear(&err);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--model") && i + 1 < argc) model = argv[++i];
        else if (!strcmp(a, "--no-fast-tokenizer")) fast = 0;
        else if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "-j") && i + 1 < argc) {
            if (fm_cli_parse_int("-j", argv[++i], 1, 1024, &threads, &err)) goto fail;
        } else if (!strcmp(a, "--runs") && i + 1 < argc) {
            if (fm_cli_parse_int("--runs", argv[++i], 1, 1000, &runs, &err)) goto fail;
        } else if (!strcmp(a, "--mode") && i + 1 < argc) speed_mode = argv[++i];
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s: unknown option '%s'\n", prog, a);
            usage(stderr);
            return 2;
        } else file = a;
    }
    if (!model) {
        fprintf(stderr, "%s: --model is required\n", prog);
        return 2;
    }
    fm_spm_model *m = fm_spm_model_load(model, &err);
    if (!m) goto fail;
    lines L = { FM_STRBUF_INIT, NULL, NULL, 0, 0 };
    int rc = read_lines(file, json, &L, &err);
    if (!rc) {
        if (!strcmp(mode, "encode")) rc = cmd_encode(m, fast, &L, &err);
        else if (!strcmp(mode, "compare")) rc = cmd_compare(m, &L, &err);
        else if (!strcmp(mode, "speed"))
            rc = cmd_speed(m, strcmp(speed_mode, "library") != 0, (int)threads, (int)runs, &L, &err);
        else {
            fprintf(stderr, "%s: unknown mode '%s'\n", prog, mode);
            lines_release(&L);
            fm_spm_model_free(m);
            return 2;
        }
    }
    lines_release(&L);
    fm_spm_model_free(m);
    if (rc) goto fail;
    return 0;
fail:
    fm_error_print(&err, prog);
    return fm_error_exit_status(&err);
}
