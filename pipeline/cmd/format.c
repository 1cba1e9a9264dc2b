/* flanmix-format: records -> formatted examples (docs/contracts.md section 2,
 * docs/formats-prompt.md). Everything that can be wrong with the definitions (templates,
 * fields, too few records) is checked for every task before any output is written. */
#include "asyncwrite.h"
#include "cli.h"
#include "dirlist.h"
#include "error.h"
#include "fileio.h"
#include "formatter.h"
#include "json.h"
#include "manifest.h"
#include "progress.h"
#include "templates.h"
#include "tokenizer.h"

#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#define PROG "flanmix-format"
#define EXAMPLES_PER_PART 100000
/* Default zstd level of example files (--zstd-level): they are an intermediate file read once
 * by mix; docs/perf-ingest-format.md has the measured speed and ratio per level. */
#define FORMAT_ZSTD_LEVEL 1

static const char USAGE[] =
    "usage: flanmix format [options] -o OUT RECORDS_DIR...\n"
    "  --formats LIST        formats, comma-separated (default zs_opt,zs_noopt,fs_mix,fs_x,fs_x_noopt;\n"
    "                        all: zs_opt zs_noopt fs_x fs_x_noopt fs_mix fs_mix_noopt)\n"
    "  --task-formats T=LIST formats of task T (LIST joined with '+'); repeatable\n"
    "  --tasks LIST          only these tasks (comma-separated)\n"
    "  --templates DIR       template sets (default: <repo>/templates, else ./templates)\n"
    "  --choice flan|random  template and exemplar choice (default flan)\n"
    "  --options random|deterministic  zs_opt options string (default random, as FLAN's ZS-Opt)\n"
    "  --no-self-exemplar    never use the query record as its own exemplar\n"
    "  --model PATH          SentencePiece model: prune few-shot exemplars to the token budget\n"
    "  --fewshot-max-len N   token budget for pruning (default 1920)\n"
    "  --mix-separator N     fs_mix separator: N newlines (1-3) instead of the (seed, task) choice\n"
    "  --on-error fail|skip  stop at the first bad record (default), or reject the example\n"
    "                        (OUT/rejects.jsonl, counted in the manifest) and go on\n"
    "  --zstd-level N        zstd level of the example files (default 1; negative: zstd's fast\n"
    "                        levels, e.g. -3; 0: the default)\n"
    "  --seed N  -j N  --part I/N  -q\n";

typedef struct part_out {
    char *rel;
    uint64_t bytes, xxh3, records;
} part_out;

typedef struct task_job {
    char *name;
    char *dir;              /* records/<task> */
    const char *input_dir;  /* the RECORDS_DIR argument it is in */
    char **files; size_t nfiles;
    fm_task meta;
    fm_template_set *set;   /* shared, owned by the set cache */
    int formats[FM_FMT_COUNT];
    uint64_t nrecords;
    fm_format_counts counts[FM_FMT_COUNT];
    part_out *outs; size_t nouts;
    fm_strbuf rejects;      /* --on-error skip: this task's rejects.jsonl lines */
    fm_error err;
    int failed;
} task_job;

typedef struct ctx {
    const char *outdir;
    fm_format_cfg cfg;
    task_job *jobs; size_t njobs;
    size_t next;
    pthread_mutex_t mu;
    const fm_spm_model *model;
    int quiet;
    int skip;               /* --on-error skip */
    int async_write;
    int zstd_level;         /* of the example files */
    uint64_t done_examples, done_bytes;
    fm_progress progress;
} ctx;

/* ---- output writing ---------------------------------------------------------------------- */
typedef struct sink {
    ctx *c;
    task_job *job;
    fm_format f;
    fm_awriter *aw;   /* compresses on a helper thread when a core is free for it */
    int open;
    fm_strbuf buf, path;
    uint64_t in_part, part_no;
} sink;

static int sink_open(sink *s, fm_error *err)
{
    fm_strbuf dir = FM_STRBUF_INIT;
    fm_strbuf_addf(&dir, "%s/examples/%s/%s", s->c->outdir, s->job->name, fm_format_name(s->f));
    int rc = fm_mkdir_p(dir.buf, err);
    if (rc == 0) {
        fm_remove_stale_temps(dir.buf);
        fm_strbuf_reset(&s->path);
        fm_strbuf_addf(&s->path, "%s/part-%05llu.jsonl.zst", dir.buf, (unsigned long long)s->part_no);
        fm_writer *w = fm_writer_open(s->path.buf, FM_COMP_ZSTD, s->c->zstd_level, err);
        if (!w) rc = -1;
        else {
            fm_awriter_attach(s->aw, w);
            s->open = 1;
        }
    }
    fm_strbuf_release(&dir);
    s->in_part = 0;
    return rc;
}

static int sink_flush(sink *s, fm_error *err)
{
    return fm_awriter_write(s->aw, &s->buf, err);
}

static int sink_close(sink *s, fm_error *err)
{
    if (!s->open) return 0;
    if (sink_flush(s, err) < 0) return -1;
    uint64_t bytes, h;
    s->open = 0;
    fm_writer *w = fm_awriter_detach(s->aw, err);
    if (!w) return -1;
    if (fm_writer_commit_info(w, &bytes, &h, err) < 0) return -1;
    task_job *j = s->job;
    j->outs = fm_xrealloc(j->outs, (j->nouts + 1) * sizeof *j->outs);
    fm_strbuf rel = FM_STRBUF_INIT;
    fm_strbuf_addf(&rel, "examples/%s/%s/part-%05llu.jsonl.zst", j->name, fm_format_name(s->f),
                   (unsigned long long)s->part_no);
    j->outs[j->nouts++] = (part_out){ fm_strbuf_detach(&rel, NULL), bytes, h, s->in_part };
    s->part_no++;
    return 0;
}

static int emit(void *vs, const fm_example *ex, fm_error *err)
{
    sink *s = vs;
    if (s->in_part == EXAMPLES_PER_PART) {
        if (sink_close(s, err) < 0 || sink_open(s, err) < 0) return -1;
    }
    fm_example_to_json(&s->buf, s->job->name, ex);
    s->in_part++;
    if (s->buf.len >= (1u << 20)) return sink_flush(s, err);
    return 0;
}

/* ---- token counting for pruning ---------------------------------------------------------- */
typedef struct tok_ctx {
    fm_tokenizer *t;
    fm_ids ids;
} tok_ctx;

static long count_tokens(void *vc, const char *s, size_t n, fm_error *err)
{
    tok_ctx *tc = vc;
    if (fm_tokenizer_encode(tc->t, s, n, &tc->ids, err) < 0) return -1;
    return (long)tc->ids.n;
}

/* ---- rejects (--on-error skip) ---------------------------------------------------------- */
/* One line of OUT/rejects.jsonl: {"task","format","record","file","line","field","reason"},
 * null where unknown (docs/format-rejects.md). */
static int on_reject(void *vj, fm_format f, const char *record_id, const fm_error *why, fm_error *err)
{
    task_job *j = vj;
    fm_strbuf *b = &j->rejects;
    const char *fmt = fm_format_name(f);
    (void)err;
    fm_strbuf_addstr(b, "{\"task\":");
    fm_json_add_string(b, j->name, strlen(j->name));
    fm_strbuf_addstr(b, ",\"format\":");
    fm_json_add_string(b, fmt, strlen(fmt));
    fm_strbuf_addstr(b, ",\"record\":");
    if (record_id) fm_json_add_string(b, record_id, strlen(record_id));
    else fm_strbuf_addstr(b, "null");
    fm_strbuf_addstr(b, ",\"file\":");
    if (why->file[0]) fm_json_add_string(b, why->file, strlen(why->file));
    else fm_strbuf_addstr(b, "null");
    if (why->line) fm_strbuf_addf(b, ",\"line\":%ld", why->line);
    else fm_strbuf_addstr(b, ",\"line\":null");
    fm_strbuf_addstr(b, ",\"field\":");
    if (why->field[0]) fm_json_add_string(b, why->field, strlen(why->field));
    else fm_strbuf_addstr(b, "null");
    fm_strbuf_addstr(b, ",\"reason\":");
    fm_json_add_string(b, why->reason, strlen(why->reason));
    fm_strbuf_addstr(b, "}\n");
    return 0;
}

/* ---- workers ----------------------------------------------------------------------------- */
static int format_job(ctx *c, task_job *j, const fm_format_cfg *cfg0, fm_error *err)
{
    fm_format_cfg jc = *cfg0;
    if (c->skip) {
        jc.reject = on_reject;
        jc.reject_ctx = j;
    }
    const fm_format_cfg *cfg = &jc;
    for (int f = 0; f < FM_FMT_COUNT; f++) {
        if (!j->formats[f]) continue;
        sink s = { .c = c, .job = j, .f = (fm_format)f, .buf = FM_STRBUF_INIT, .path = FM_STRBUF_INIT,
                   .aw = fm_awriter_new(c->async_write) };
        size_t outs_before = j->nouts;
        int rc = sink_open(&s, err);
        if (rc == 0)
            rc = fm_format_task(cfg, &j->meta, j->set, (fm_format)f, j->files, j->nfiles, j->nrecords,
                                emit, &s, &j->counts[f], err);
        if (rc == 0) rc = sink_close(&s, err);
        fm_awriter_free(s.aw); /* aborts a part still open */
        fm_strbuf_release(&s.buf);
        fm_strbuf_release(&s.path);
        if (rc < 0) return -1;
        pthread_mutex_lock(&c->mu);
        c->done_examples += j->counts[f].formatted;
        for (size_t k = outs_before; k < j->nouts; k++) c->done_bytes += j->outs[k].bytes; /* on disk */
        fm_progress_update(&c->progress, c->done_examples, c->done_bytes);
        pthread_mutex_unlock(&c->mu);
    }
    return 0;
}

static void *worker(void *vc)
{
    ctx *c = vc;
    fm_format_cfg cfg = c->cfg;
    tok_ctx tc = { NULL, FM_IDS_INIT };
    if (c->model) {
        tc.t = fm_tokenizer_new(c->model, 1);
        cfg.count_tokens = count_tokens;
        cfg.count_ctx = &tc;
    }
    for (;;) {
        pthread_mutex_lock(&c->mu);
        size_t i = c->next++;
        pthread_mutex_unlock(&c->mu);
        if (i >= c->njobs) break;
        task_job *j = &c->jobs[i];
        if (format_job(c, j, &cfg, &j->err) < 0) j->failed = 1;
    }
    if (tc.t) fm_tokenizer_free(tc.t);
    fm_ids_release(&tc.ids);
    return NULL;
}

/* ---- command line ------------------------------------------------------------------------- */
static int parse_format_list(const char *s, char sep, int *out, fm_error *err)
{
    memset(out, 0, FM_FMT_COUNT * sizeof *out);
    const char *p = s;
    int any = 0;
    while (*p) {
        const char *e = strchr(p, sep);
        size_t n = e ? (size_t)(e - p) : strlen(p);
        fm_format f;
        if (fm_format_parse(p, n, &f) < 0)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                                "unknown format '%.*s' (known: zs_opt, zs_noopt, fs_x, fs_x_noopt, "
                                "fs_mix, fs_mix_noopt)", (int)n, p);
        out[f] = 1;
        any = 1;
        p += n;
        if (*p) p++;
    }
    if (!any) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--formats: no format given");
    return 0;
}

static int in_list(const char *list, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == nl && !memcmp(p, name, n)) return 1;
        p += n;
        if (*p) p++;
    }
    return 0;
}

/* <dir of the executable>/../templates (and up to two levels more, for build/san/bin),
 * else ./templates. */
static void default_templates_dir(fm_strbuf *out)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        for (int up = 1; up <= 4; up++) {
            char *slash = strrchr(self, '/');
            if (!slash) break;
            *slash = '\0';
            fm_strbuf_reset(out);
            fm_strbuf_addf(out, "%s/templates", self);
            if (fm_path_exists(out->buf)) return;
        }
    }
    fm_strbuf_reset(out);
    fm_strbuf_addstr(out, "templates");
}

typedef struct set_cache {
    fm_template_set *sets;
    size_t n;
} set_cache;

static fm_template_set *get_set(set_cache *sc, const fm_placeholder_lexer *lx, const char *dir,
                                const char *name, fm_error *err)
{
    for (size_t i = 0; i < sc->n; i++)
        if (!strcmp(sc->sets[i].name, name)) return &sc->sets[i];
    fm_template_set s;
    if (fm_template_set_load(&s, lx, dir, name, err) < 0) return NULL;
    /* pointers into the array are handed out: grow in chunks that never move */
    sc->sets[sc->n] = s;
    return &sc->sets[sc->n++];
}

/* ---- record counts from the ingest manifest ------------------------------------------------
 * Planning needs each task's record count. Counting decompresses every record file once more
 * before formatting (about a tenth of format's CPU time), so when the input directory's
 * manifest.json lists a part file with exactly the size and XXH3 just computed for this
 * run's own manifest, its "records" count is used instead. Anything else (no manifest, a
 * file not listed or changed) falls back to counting lines. */
typedef struct in_manifest {
    char *dir;          /* the RECORDS_DIR argument */
    cJSON *root;        /* NULL: none usable */
} in_manifest;

static const cJSON *manifest_of(in_manifest **cache, size_t *n, const char *dir)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*cache)[i].dir, dir)) return (*cache)[i].root;
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, dir, "manifest.json");
    fm_error ignored;
    fm_error_clear(&ignored);
    cJSON *root = access(p.buf, R_OK) == 0 ? fm_manifest_read(p.buf, &ignored) : NULL;
    fm_strbuf_release(&p);
    *cache = fm_xrealloc(*cache, (*n + 1) * sizeof **cache);
    (*cache)[*n] = (in_manifest){ fm_xstrdup(dir), root };
    return (*cache)[(*n)++].root;
}

/* The manifest's record count of rel if it lists rel with this size and checksum; -1 if not. */
static long long listed_records(const cJSON *man, const char *rel, const cJSON *input)
{
    const cJSON *outs = cJSON_GetObjectItemCaseSensitive(man, "outputs"), *o;
    const cJSON *ib = cJSON_GetObjectItemCaseSensitive(input, "bytes");
    const cJSON *ih = cJSON_GetObjectItemCaseSensitive(input, "xxh3");
    if (!cJSON_IsNumber(ib) || !cJSON_IsString(ih)) return -1;
    cJSON_ArrayForEach(o, outs) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "path");
        if (!cJSON_IsString(p) || strcmp(p->valuestring, rel)) continue;
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, "bytes");
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "xxh3");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "records");
        if (cJSON_IsNumber(b) && b->valuedouble == ib->valuedouble && cJSON_IsString(h) &&
            !strcmp(h->valuestring, ih->valuestring) && cJSON_IsNumber(r) && r->valuedouble >= 0 &&
            r->valuedouble < 9e15 && r->valuedouble == (double)(long long)r->valuedouble)
            return (long long)r->valuedouble;
        return -1;
    }
    return -1;
}

int main(int argc, char **argv)
{
    fm_error err;
    fm_error_clear(&err);
    const char *outdir = NULL, *templates = NULL, *tasks_filter = NULL, *model_path = NULL;
    const char *formats_arg = "zs_opt,zs_noopt,fs_mix,fs_x,fs_x_noopt";
    char **task_formats = NULL;
    size_t ntask_formats = 0;
    fm_part part = { 0, 1 };
    long threads = fm_cli_default_threads(), maxlen = 1920;
    uint64_t seed = 0;
    int quiet = 0, skip = 0;
    long zstd_level = FORMAT_ZSTD_LEVEL;
    fm_format_cfg cfg;
    fm_format_cfg_init(&cfg);
    enum { O_FORMATS = 256, O_TASKS, O_TEMPLATES, O_CHOICE, O_OPTIONS, O_NOSELF, O_MODEL, O_MAXLEN,
           O_SEED, O_PART, O_ONERR, O_TASKFMT, O_MIXSEP, O_ZLEVEL };
    static const struct option opts[] = {
        { "formats", required_argument, 0, O_FORMATS },
        { "task-formats", required_argument, 0, O_TASKFMT },
        { "tasks", required_argument, 0, O_TASKS },
        { "templates", required_argument, 0, O_TEMPLATES },
        { "choice", required_argument, 0, O_CHOICE },
        { "options", required_argument, 0, O_OPTIONS },
        { "no-self-exemplar", no_argument, 0, O_NOSELF },
        { "model", required_argument, 0, O_MODEL },
        { "fewshot-max-len", required_argument, 0, O_MAXLEN },
        { "seed", required_argument, 0, O_SEED },
        { "part", required_argument, 0, O_PART },
        { "on-error", required_argument, 0, O_ONERR },
        { "mix-separator", required_argument, 0, O_MIXSEP },
        { "zstd-level", required_argument, 0, O_ZLEVEL },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int o, rc = 0;
    fm_on_error onerr;
    while ((o = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
        switch (o) {
        case 'o': outdir = optarg; break;
        case 'j': rc = fm_cli_parse_int("-j", optarg, 1, 1024, &threads, &err); break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return 0;
        case O_FORMATS: formats_arg = optarg; break;
        case O_TASKFMT:
            if (!strchr(optarg, '=')) {
                rc = fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--task-formats: expected TASK=f1+f2");
                break;
            }
            task_formats = fm_xrealloc(task_formats, (ntask_formats + 1) * sizeof *task_formats);
            task_formats[ntask_formats++] = optarg;
            break;
        case O_TASKS: tasks_filter = optarg; break;
        case O_TEMPLATES: templates = optarg; break;
        case O_CHOICE:
            if (!strcmp(optarg, "flan")) cfg.choice = FM_CHOICE_FLAN;
            else if (!strcmp(optarg, "random")) cfg.choice = FM_CHOICE_RANDOM;
            else rc = fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--choice: expected flan or random");
            break;
        case O_OPTIONS:
            if (!strcmp(optarg, "random")) cfg.options = FM_OPTIONS_RANDOM;
            else if (!strcmp(optarg, "deterministic")) cfg.options = FM_OPTIONS_DETERMINISTIC;
            else rc = fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--options: expected random or deterministic");
            break;
        case O_NOSELF: cfg.no_self_exemplar = 1; break;
        case O_MIXSEP: {
            long v;
            rc = fm_cli_parse_int("--mix-separator", optarg, 1, 3, &v, &err);
            cfg.mix_separator = (int)v;
            break;
        }
        case O_MODEL: model_path = optarg; break;
        case O_MAXLEN: rc = fm_cli_parse_int("--fewshot-max-len", optarg, 1, 1 << 30, &maxlen, &err); break;
        case O_SEED: rc = fm_cli_parse_u64("--seed", optarg, &seed, &err); break;
        case O_PART: rc = fm_cli_parse_part(optarg, &part, &err); break;
        case O_ZLEVEL:
            rc = fm_cli_parse_int("--zstd-level", optarg, ZSTD_minCLevel(), ZSTD_maxCLevel(), &zstd_level, &err);
            if (rc == 0 && zstd_level == 0) zstd_level = FORMAT_ZSTD_LEVEL;
            break;
        case O_ONERR:
            rc = fm_cli_parse_on_error(optarg, &onerr, &err);
            if (rc == 0) skip = onerr == FM_ON_ERROR_SKIP;
            break;
        default: fputs(USAGE, stderr); free(task_formats); return 2;
        }
        if (rc < 0) break;
    }
    if (rc == 0 && (!outdir || optind >= argc)) {
        fputs(USAGE, stderr);
        free(task_formats);
        return 2;
    }
    cfg.seed = seed;
    cfg.fewshot_max_len = maxlen;
    int global_formats[FM_FMT_COUNT];
    if (rc == 0) rc = parse_format_list(formats_arg, ',', global_formats, &err);

    fm_strbuf tdir = FM_STRBUF_INIT;
    if (templates) fm_strbuf_addstr(&tdir, templates);
    else default_templates_dir(&tdir);

    fm_placeholder_lexer *lx = rc == 0 ? fm_placeholder_lexer_new(&err) : NULL;
    if (rc == 0 && !lx) rc = -1;
    ctx c;
    memset(&c, 0, sizeof c);
    c.outdir = outdir;
    c.quiet = quiet;
    c.skip = skip;
    c.zstd_level = (int)zstd_level;
    pthread_mutex_init(&c.mu, NULL);
    size_t jobcap = 0, unit = 0;
    set_cache sc = { NULL, 0 };
    fm_option_styles styles;
    memset(&styles, 0, sizeof styles);
    int need_styles = 0;
    fm_spm_model *model = NULL;
    fm_manifest m;
    fm_manifest_init(&m, "format");
    in_manifest *inman = NULL;
    size_t ninman = 0;

    /* ---- discover tasks (every input dir, sorted), keep this part's units ---- */
    for (int a = optind; a < argc && rc == 0; a++) {
        fm_strbuf rdir = FM_STRBUF_INIT;
        fm_path_join(&rdir, argv[a], "records");
        char **names;
        size_t nn;
        rc = fm_list_dir(rdir.buf, NULL, NULL, 1, &names, &nn, &err);
        for (size_t i = 0; i < nn && rc == 0; i++) {
            if (tasks_filter && !in_list(tasks_filter, names[i])) continue;
            for (size_t k = 0; k < c.njobs; k++)
                if (!strcmp(c.jobs[k].name, names[i]))
                    rc = fm_error_set(&err, FM_EUSAGE, argv[a], 0, NULL, "task '%s' is in two inputs", names[i]);
            if (!fm_part_owns(&part, unit++)) continue;
            if (c.njobs == jobcap) {
                jobcap = jobcap ? jobcap * 2 : 16;
                c.jobs = fm_xrealloc(c.jobs, jobcap * sizeof *c.jobs);
            }
            task_job *j = &c.jobs[c.njobs++];
            memset(j, 0, sizeof *j);
            j->input_dir = argv[a];
            fm_strbuf_init(&j->rejects);
            j->name = fm_xstrdup(names[i]);
            fm_strbuf d = FM_STRBUF_INIT;
            fm_path_join(&d, rdir.buf, names[i]);
            j->dir = fm_strbuf_detach(&d, NULL);
        }
        fm_list_free(names, nn);
        fm_strbuf_release(&rdir);
    }
    if (rc == 0 && tasks_filter) {
        /* every task named must exist */
        for (const char *p = tasks_filter; *p && rc == 0;) {
            const char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            int found = 0;
            for (size_t k = 0; k < c.njobs; k++)
                if (strlen(c.jobs[k].name) == n && !memcmp(c.jobs[k].name, p, n)) found = 1;
            if (!found && part.count == 1)
                rc = fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--tasks: no task '%.*s' in the inputs",
                                  (int)n, p);
            p += n;
            if (*p) p++;
        }
    }
    sc.sets = fm_xcalloc(c.njobs + 1, sizeof *sc.sets);

    /* ---- load and check everything before writing anything ---- */
    for (size_t i = 0; i < c.njobs && rc == 0; i++) {
        task_job *j = &c.jobs[i];
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, j->dir, "meta.json");
        rc = fm_task_load_meta(&j->meta, p.buf, &err);
        if (rc == 0) rc = fm_manifest_add_input(&m, p.buf, &err);
        fm_strbuf_release(&p);
        if (rc < 0) break;
        if (strcmp(j->meta.name, j->name)) {
            free(j->meta.name);
            j->meta.name = fm_xstrdup(j->name);
        }
        memcpy(j->formats, global_formats, sizeof j->formats);
        for (size_t k = 0; k < ntask_formats && rc == 0; k++) {
            const char *eq = strchr(task_formats[k], '=');
            if ((size_t)(eq - task_formats[k]) == strlen(j->name) &&
                !memcmp(task_formats[k], j->name, strlen(j->name)))
                rc = parse_format_list(eq + 1, '+', j->formats, &err);
        }
        if (rc < 0) break;
        if (!(j->set = get_set(&sc, lx, tdir.buf, j->meta.templates, &err))) { rc = -1; break; }
        size_t nnames;
        const char **names = fm_task_names(&j->meta, &nnames);
        rc = fm_template_set_check(j->set, names, nnames, &err);
        free(names);
        if (rc < 0) break;
        if ((rc = fm_list_dir(j->dir, "part-", NULL, 2, &j->files, &j->nfiles, &err)) < 0) break;
        const cJSON *im = manifest_of(&inman, &ninman, j->input_dir);
        int listed = im != NULL;
        j->nrecords = 0;
        for (size_t k = 0; k < j->nfiles; k++) {
            fm_strbuf fp = FM_STRBUF_INIT, rel = FM_STRBUF_INIT;
            fm_path_join(&fp, j->dir, j->files[k]);
            fm_strbuf_addf(&rel, "records/%s/%s", j->name, j->files[k]);
            free(j->files[k]);
            j->files[k] = fm_strbuf_detach(&fp, NULL);
            rc = fm_manifest_add_input(&m, j->files[k], &err);
            long long nr = rc == 0 && listed ? listed_records(im, rel.buf, cJSON_GetArrayItem(m.inputs,
                                                              cJSON_GetArraySize(m.inputs) - 1)) : -1;
            fm_strbuf_release(&rel);
            if (rc < 0) break;
            if (nr < 0) listed = 0;
            else j->nrecords += (uint64_t)nr;
        }
        if (rc < 0) break;
        if (!listed && (rc = fm_count_records(j->files, j->nfiles, &j->nrecords, &err)) < 0) break;
        for (int f = 0; f < FM_FMT_COUNT && rc == 0; f++) {
            if (!j->formats[f]) continue;
            fm_tpl_kind kind;
            size_t nt;
            rc = fm_format_plan(&cfg, &j->meta, j->set, (fm_format)f, j->nrecords, &kind, &nt, &err);
            int random_opts = j->meta.options_style ? !strcmp(j->meta.options_style, "random")
                                                    : cfg.options == FM_OPTIONS_RANDOM;
            if (f == FM_FMT_ZS_OPT && j->meta.options_field && random_opts) need_styles = 1;
        }
    }
    fm_strbuf spath = FM_STRBUF_INIT;
    fm_path_join(&spath, tdir.buf, "option_styles.json");
    if (rc == 0 && need_styles) {
        rc = fm_option_styles_load(&styles, spath.buf, &err);
        if (rc == 0) rc = fm_manifest_add_input(&m, spath.buf, &err);
        cfg.styles = &styles;
    }
    for (size_t i = 0; i < sc.n && rc == 0; i++) rc = fm_manifest_add_input(&m, sc.sets[i].path, &err);
    if (rc == 0 && model_path) {
        if (!(model = fm_spm_model_load(model_path, &err))) rc = -1;
        c.model = model;
    }
    if (rc == 0) rc = fm_mkdir_p(outdir, &err);

    /* ---- format ---- */
    if (rc == 0) {
        c.cfg = cfg;
        fm_progress_init(&c.progress, "format", 0, quiet);
        size_t nt = (size_t)threads < c.njobs ? (size_t)threads : c.njobs;
        if (nt < 1) nt = 1;
        c.async_write = fm_awriter_worth_it((int)nt);
        pthread_t *th = fm_xcalloc(nt, sizeof *th);
        for (size_t t = 1; t < nt; t++) pthread_create(&th[t], NULL, worker, &c);
        worker(&c);
        for (size_t t = 1; t < nt; t++) pthread_join(th[t], NULL);
        free(th);
        for (size_t i = 0; i < c.njobs && rc == 0; i++)
            if (c.jobs[i].failed) {
                err = c.jobs[i].err;
                rc = -1;
            }
        fm_progress_done(&c.progress, c.done_examples, c.done_bytes);
    }

    /* ---- manifest ---- */
    if (rc == 0) {
        cJSON *s = m.settings;
        fm_manifest_set_num(s, "seed", (double)seed);
        fm_manifest_set_str(s, "formats", formats_arg);
        cJSON *tf = cJSON_AddArrayToObject(s, "task_formats");
        for (size_t k = 0; k < ntask_formats; k++) cJSON_AddItemToArray(tf, cJSON_CreateString(task_formats[k]));
        fm_manifest_set_str(s, "tasks", tasks_filter ? tasks_filter : "");
        fm_manifest_set_str(s, "choice", cfg.choice == FM_CHOICE_FLAN ? "flan" : "random");
        fm_manifest_set_str(s, "options", cfg.options == FM_OPTIONS_RANDOM ? "random" : "deterministic");
        fm_manifest_set_bool(s, "no_self_exemplar", cfg.no_self_exemplar);
        fm_manifest_set_num(s, "mix_separator", cfg.mix_separator);
        fm_manifest_set_str(s, "model", model_path ? model_path : "");
        fm_manifest_set_num(s, "fewshot_max_len", model_path ? (double)maxlen : 0);
        fm_manifest_set_num(s, "zstd_level", (double)zstd_level);
        /* Only a skip run says so (and has rejects): a fail run's manifest is unchanged. */
        if (skip) fm_manifest_set_str(s, "on_error", "skip");
        cJSON *tot = m.counts;
        cJSON *per = fm_manifest_obj(m.counts, "per_task");
        static const char *const KEYS[] = { "records", "formatted", "dropped_tail",
                                            "dropped_no_exemplars", "pruned" };
        for (int k = 1; k < 5; k++) fm_manifest_add_count(tot, KEYS[k], 0);
        if (skip) fm_manifest_add_count(tot, "rejected", 0);
        uint64_t nrej = 0;
        for (size_t i = 0; i < c.njobs; i++) {
            task_job *j = &c.jobs[i];
            cJSON *t = fm_manifest_obj(per, j->name);
            fm_manifest_set_num(t, "records", (double)j->nrecords);
            for (int f = 0; f < FM_FMT_COUNT; f++) {
                if (!j->formats[f]) continue;
                cJSON *fo = fm_manifest_obj(t, fm_format_name((fm_format)f));
                const fm_format_counts *fc = &j->counts[f];
                uint64_t v[5] = { fc->records, fc->formatted, fc->dropped_tail, fc->dropped_no_exemplars,
                                  fc->pruned };
                for (int k = 1; k < 5; k++) {
                    fm_manifest_set_num(fo, KEYS[k], (double)v[k]);
                    fm_manifest_add_count(tot, KEYS[k], (double)v[k]);
                }
                if (skip) {
                    fm_manifest_set_num(fo, "rejected", (double)fc->rejected);
                    fm_manifest_add_count(tot, "rejected", (double)fc->rejected);
                    nrej += fc->rejected;
                }
            }
            for (size_t k = 0; k < j->nouts; k++)
                fm_manifest_add_output(&m, j->outs[k].rel, j->outs[k].bytes, j->outs[k].xxh3,
                                       (long long)j->outs[k].records);
        }
        if (skip) {
            /* rejects in task order, then format order: the same whatever -j */
            fm_strbuf rel = FM_STRBUF_INIT, rp = FM_STRBUF_INIT;
            if (part.count > 1) fm_strbuf_addf(&rel, "rejects.part-%d-of-%d.jsonl", part.index, part.count);
            else fm_strbuf_addstr(&rel, "rejects.jsonl");
            fm_path_join(&rp, outdir, rel.buf);
            fm_writer *w = fm_writer_open(rp.buf, FM_COMP_NONE, 0, &err);
            uint64_t rb = 0, rh = 0;
            rc = w ? 0 : -1;
            for (size_t i = 0; i < c.njobs && rc == 0; i++)
                if (c.jobs[i].rejects.len)
                    rc = fm_writer_write(w, c.jobs[i].rejects.buf, c.jobs[i].rejects.len, &err);
            if (w && rc < 0) fm_writer_abort(w);
            else if (w) rc = fm_writer_commit_info(w, &rb, &rh, &err);
            if (rc == 0) fm_manifest_add_output(&m, rel.buf, rb, rh, (long long)nrej);
            fm_strbuf_release(&rel);
            fm_strbuf_release(&rp);
        }
        fm_manifest_sort_outputs(&m);
        if (rc == 0) rc = fm_manifest_write(&m, outdir, &part, &err);
    }

    /* ---- cleanup ---- */
    for (size_t i = 0; i < c.njobs; i++) {
        task_job *j = &c.jobs[i];
        free(j->name);
        free(j->dir);
        fm_list_free(j->files, j->nfiles);
        fm_task_release(&j->meta);
        for (size_t k = 0; k < j->nouts; k++) free(j->outs[k].rel);
        free(j->outs);
        fm_strbuf_release(&j->rejects);
    }
    free(c.jobs);
    for (size_t i = 0; i < ninman; i++) {
        free(inman[i].dir);
        cJSON_Delete(inman[i].root);
    }
    free(inman);
    for (size_t i = 0; i < sc.n; i++) fm_template_set_release(&sc.sets[i]);
    free(sc.sets);
    fm_option_styles_release(&styles);
    if (model) fm_spm_model_free(model);
    fm_placeholder_lexer_free(lx);
    fm_manifest_release(&m);
    fm_strbuf_release(&tdir);
    fm_strbuf_release(&spath);
    free(task_formats);
    pthread_mutex_destroy(&c.mu);
    if (rc < 0) {
        fm_error_print(&err, PROG);
        return fm_error_exit_status(&err);
    }
    return 0;
}
