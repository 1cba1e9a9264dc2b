/* flanmix-pack: pack tokenized examples into rows and write sharded output.
 *
 *   flanmix pack --layout encdec|prefixlm --format mds|jsonl|megatron
 *                (--seq-len L | --inputs-len A --targets-len B) [options] -o OUT INPUT...
 *
 * The input stream is the concatenation of the inputs' lines (a directory stands for its
 * *.jsonl[.zst|.gz] files, sorted bytewise). It is cut into BLOCKS of --block examples
 * (lines); block k is the unit of work: --part I/N does the blocks with k mod N == I, and
 * block k's files are OUT/block-KKKKK/..., whatever N is. Inside a block, packing works on
 * WINDOWS of --window examples. docs/formats.md describes everything written.
 */
#include "cli.h"
#include "error.h"
#include "fileio.h"
#include "hash.h"
#include "hugemem.h"
#include "json.h"
#include "manifest.h"
#include "mds.h"
#include "pack.h"
#include "packin.h"
#include "packout.h"
#include "progress.h"
#include "tokenizer.h"
#include "zcctx.h"

#include <dirent.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *PROG = "flanmix-pack";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: flanmix pack --layout encdec|prefixlm --format mds|jsonl|megatron\n"
            "                    (--seq-len L | --inputs-len A --targets-len B) -o OUT INPUT...\n"
            "\n"
            "Packs tokenized examples (or formatted ones, with --model) into rows of fixed length,\n"
            "never splitting an example, and writes zstd-compressed shards and manifest.json.\n"
            "\n"
            "  --layout L          encdec (t5x EncDecFeatureConverter) or prefixlm (decoder-only)\n"
            "  --format F          mds (MosaicML Streaming), jsonl (HF/TRL), megatron (.bin/.idx)\n"
            "  --seq-len L         prefixlm row length (inputs+EOS+targets+EOS)\n"
            "  --inputs-len A      encdec encoder row length\n"
            "  --targets-len B     encdec decoder row length\n"
            "  --algo A            bfd (best-fit decreasing, default) or nextfit (seqio);\n"
            "                      megatron always writes one sequence per example\n"
            "  --window N          examples packed together (default 10000)\n"
            "  --block N           examples per unit of work / output directory (default 100000)\n"
            "  --shard-bytes N     shard size limit in bytes (default 67108864; MDS: raw size < 2^32)\n"
            "  --no-fast-tokenizer with --model: tokenize with libsentencepiece only (same ids)\n"
            "  --model M           SentencePiece model: vocabulary size, EOS and pad ids, and\n"
            "                      tokenization of text examples\n"
            "  --vocab-size V --eos-id E --pad-id P\n"
            "                      without --model (all three needed); --pad-id also overrides the\n"
            "                      model's (needed when the model has no pad id)\n"
            "  --max-inputs-len N --max-targets-len N\n"
            "                      text examples: cut like `flanmix tokenize` (default 2048 / 512)\n"
            "  --dtype T           auto (uint16 when the vocabulary fits), uint16 or uint32\n"
            "  --loss-on-inputs    prefixlm: loss mask 1 on inputs too\n"
            "  --on-overlong X     truncate (default; counted) or error\n"
            "  --labels X          jsonl prefixlm: completion_mask (default) or labels (-100 masked)\n"
            "  --hashes H          MDS index hashes: xxh3_64 (default) or none\n"
            "  --zstd-level N      default 3; -1 writes uncompressed shards\n"
            "  --zstd-window-log W MDS: zstd window of 2^W bytes (default 23: 8 MiB; 0: the\n"
            "                      level's own, 2 MiB at level 3)\n"
            "  --seed N, -j N, --part I/N, --on-error fail|skip, -q   (docs/contracts.md)\n");
}

/* ---- options ------------------------------------------------------------------------------ */

typedef struct opts {
    fm_pack_cfg cfg;
    fm_packout_opts out;
    const char *outdir, *model_path;
    int have_layout, have_format, have_algo;
    uint64_t window, block;
    int64_t vocab_size, eos_id, pad_id;
    fm_dtype dtype_req;
    fm_packin_limits lim;
    uint64_t seed;
    int threads, quiet;
    fm_part part;
    fm_on_error on_error;
    int tokenize_only; /* bench: parse and tokenize, write nothing */
    int no_fast;       /* --no-fast-tokenizer: libsentencepiece for every text */
} opts;

enum {
    O_NOFAST = 1000, O_LAYOUT = 256, O_FORMAT, O_SEQ, O_INLEN, O_TGLEN, O_ALGO, O_WINDOW, O_BLOCK, O_SHARD, O_MODEL,
    O_VOCAB, O_EOS, O_PAD, O_MAXIN, O_MAXTG, O_DTYPE, O_LOSSIN, O_OVERLONG, O_LABELS, O_HASHES,
    O_ZLEVEL, O_SEED, O_PART, O_ONERR, O_TOKONLY, O_ZWLOG
};

static int parse_args(int argc, char **argv, opts *o, fm_error *err)
{
    static const struct option lo[] = {
        { "layout", 1, 0, O_LAYOUT }, { "format", 1, 0, O_FORMAT }, { "seq-len", 1, 0, O_SEQ },
        { "inputs-len", 1, 0, O_INLEN }, { "targets-len", 1, 0, O_TGLEN }, { "algo", 1, 0, O_ALGO },
        { "window", 1, 0, O_WINDOW }, { "block", 1, 0, O_BLOCK }, { "shard-bytes", 1, 0, O_SHARD },
        { "no-fast-tokenizer", 0, 0, O_NOFAST }, { "model", 1, 0, O_MODEL }, { "vocab-size", 1, 0, O_VOCAB }, { "eos-id", 1, 0, O_EOS },
        { "pad-id", 1, 0, O_PAD }, { "max-inputs-len", 1, 0, O_MAXIN },
        { "max-targets-len", 1, 0, O_MAXTG }, { "dtype", 1, 0, O_DTYPE },
        { "loss-on-inputs", 0, 0, O_LOSSIN }, { "on-overlong", 1, 0, O_OVERLONG },
        { "labels", 1, 0, O_LABELS }, { "hashes", 1, 0, O_HASHES }, { "zstd-level", 1, 0, O_ZLEVEL },
        { "zstd-window-log", 1, 0, O_ZWLOG },
        { "seed", 1, 0, O_SEED }, { "part", 1, 0, O_PART }, { "on-error", 1, 0, O_ONERR },
        { "tokenize-only", 0, 0, O_TOKONLY }, { "help", 0, 0, 'h' }, { 0, 0, 0, 0 }
    };
    long v;
    uint64_t u;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:qh", lo, NULL)) != -1) {
        switch (c) {
        case 'o': o->outdir = optarg; break;
        case 'j':
            if (fm_cli_parse_int("-j", optarg, 1, 1024, &v, err) < 0) return -1;
            o->threads = (int)v;
            break;
        case 'q': o->quiet = 1; break;
        case 'h': usage(stdout); exit(0);
        case O_LAYOUT:
            if (fm_layout_parse(optarg, &o->cfg.layout, err) < 0) return -1;
            o->have_layout = 1;
            break;
        case O_FORMAT:
            if (fm_out_format_parse(optarg, &o->out.format, err) < 0) return -1;
            o->have_format = 1;
            break;
        case O_SEQ: case O_INLEN: case O_TGLEN: {
            const char *name = c == O_SEQ ? "--seq-len" : c == O_INLEN ? "--inputs-len" : "--targets-len";
            if (fm_cli_parse_int(name, optarg, 1, 1L << 24, &v, err) < 0) return -1;
            *(c == O_SEQ ? &o->cfg.seq_len : c == O_INLEN ? &o->cfg.inputs_len : &o->cfg.targets_len) =
                (uint32_t)v;
            break;
        }
        case O_ALGO:
            if (fm_pack_algo_parse(optarg, &o->cfg.algo, err) < 0) return -1;
            o->have_algo = 1;
            break;
        case O_WINDOW:
            if (fm_cli_parse_int("--window", optarg, 1, 1L << 26, &v, err) < 0) return -1;
            o->window = (uint64_t)v;
            break;
        case O_BLOCK:
            if (fm_cli_parse_int("--block", optarg, 1, 1L << 30, &v, err) < 0) return -1;
            o->block = (uint64_t)v;
            break;
        case O_SHARD:
            if (fm_cli_parse_u64("--shard-bytes", optarg, &u, err) < 0) return -1;
            if (u < 1) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--shard-bytes: must be >= 1");
            o->out.shard_bytes = u;
            break;
        case O_MODEL: o->model_path = optarg; break;
        case O_NOFAST: o->no_fast = 1; break;
        case O_VOCAB:
            if (fm_cli_parse_int("--vocab-size", optarg, 1, INT32_MAX, &v, err) < 0) return -1;
            o->vocab_size = v;
            break;
        case O_EOS:
            if (fm_cli_parse_int("--eos-id", optarg, 0, INT32_MAX, &v, err) < 0) return -1;
            o->eos_id = v;
            break;
        case O_PAD:
            if (fm_cli_parse_int("--pad-id", optarg, 0, INT32_MAX, &v, err) < 0) return -1;
            o->pad_id = v;
            break;
        case O_MAXIN: case O_MAXTG:
            if (fm_cli_parse_int(c == O_MAXIN ? "--max-inputs-len" : "--max-targets-len", optarg, 1,
                                 1L << 24, &v, err) < 0)
                return -1;
            *(c == O_MAXIN ? &o->lim.max_inputs_len : &o->lim.max_targets_len) = (uint32_t)v;
            break;
        case O_DTYPE:
            if (!strcmp(optarg, "auto")) o->dtype_req = FM_DTYPE_AUTO;
            else if (!strcmp(optarg, "uint16")) o->dtype_req = FM_DTYPE_U16;
            else if (!strcmp(optarg, "uint32")) o->dtype_req = FM_DTYPE_U32;
            else return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--dtype: expected auto, uint16 or uint32");
            break;
        case O_LOSSIN: o->cfg.loss_on_inputs = 1; break;
        case O_OVERLONG:
            if (!strcmp(optarg, "truncate")) o->cfg.on_overlong = FM_OVERLONG_TRUNCATE;
            else if (!strcmp(optarg, "error")) o->cfg.on_overlong = FM_OVERLONG_ERROR;
            else return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--on-overlong: expected truncate or error");
            break;
        case O_LABELS:
            if (!strcmp(optarg, "completion_mask")) o->out.jsonl_labels = FM_JSONL_COMPLETION_MASK;
            else if (!strcmp(optarg, "labels")) o->out.jsonl_labels = FM_JSONL_LABELS;
            else return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--labels: expected completion_mask or labels");
            break;
        case O_HASHES:
            if (!strcmp(optarg, "xxh3_64")) o->out.hash_xxh3 = 1;
            else if (!strcmp(optarg, "none")) o->out.hash_xxh3 = 0;
            else return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--hashes: expected xxh3_64 or none");
            break;
        case O_ZLEVEL:
            if (fm_cli_parse_int("--zstd-level", optarg, -1, 22, &v, err) < 0) return -1;
            if (v == 0) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--zstd-level: 1..22, or -1 for none");
            o->out.zstd_level = (int)v;
            break;
        case O_ZWLOG:
            if (fm_cli_parse_int("--zstd-window-log", optarg, 0, 27, &v, err) < 0) return -1;
            if (v > 0 && v < 10) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--zstd-window-log: 10..27, or 0 for the level's own");
            o->out.zstd_window_log = (int)v;
            break;
        case O_SEED:
            if (fm_cli_parse_u64("--seed", optarg, &o->seed, err) < 0) return -1;
            break;
        case O_PART:
            if (fm_cli_parse_part(optarg, &o->part, err) < 0) return -1;
            break;
        case O_ONERR:
            if (fm_cli_parse_on_error(optarg, &o->on_error, err) < 0) return -1;
            break;
        case O_TOKONLY: o->tokenize_only = 1; break;
        default: return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "bad option (see --help)");
        }
    }
    if (!o->have_layout || !o->have_format)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--layout and --format are required (see --help)");
    if (!o->outdir) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "-o OUT is required");
    if (optind >= argc) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "no input files");
    /* The lengths of the other layout are ignored (the driver passes all three). */
    if (o->cfg.layout == FM_LAYOUT_PREFIXLM) {
        if (!o->cfg.seq_len) return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--layout prefixlm needs --seq-len");
        o->cfg.inputs_len = o->cfg.targets_len = 0;
    } else {
        if (!o->cfg.inputs_len || !o->cfg.targets_len)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--layout encdec needs --inputs-len and --targets-len");
        o->cfg.seq_len = 0;
        if (o->cfg.loss_on_inputs)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--loss-on-inputs is for --layout prefixlm");
    }
    if (o->out.format == FM_FORMAT_MEGATRON) {
        if (o->cfg.layout != FM_LAYOUT_PREFIXLM)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                                "--format megatron holds decoder-only sequences: use --layout prefixlm");
        if (o->have_algo && o->cfg.algo != FM_ALGO_NONE)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                                "--format megatron writes one sequence per example (Megatron packs "
                                "itself): --algo does not apply");
        o->cfg.algo = FM_ALGO_NONE;
    }
    if (o->out.format == FM_FORMAT_MDS && o->out.shard_bytes >= ((uint64_t)1 << 32))
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                            "--shard-bytes: an MDS shard must stay below 4 GiB (u32 offsets)");
    return 0;
}

/* ---- inputs ------------------------------------------------------------------------------- */

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

static void strlist_add(strlist *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = fm_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = fm_xstrdup(s);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int list_dir(const char *dir, strlist *out, fm_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return fm_error_set(err, FM_EIO, dir, 0, NULL, "cannot open directory");
    strlist here = { 0 };
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        fm_strbuf p = FM_STRBUF_INIT;
        fm_path_join(&p, dir, de->d_name);
        strlist_add(&here, p.buf);
        fm_strbuf_release(&p);
    }
    closedir(d);
    fm_qsort(here.v, here.n, sizeof *here.v, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < here.n; i++) {
        struct stat st;
        const char *base = strrchr(here.v[i], '/') + 1;
        if (rc == 0 && stat(here.v[i], &st) == 0) {
            if (S_ISDIR(st.st_mode)) rc = list_dir(here.v[i], out, err);
            else if (strncmp(base, "rejects.", 8) != 0 &&
                     (ends_with(base, ".jsonl") || ends_with(base, ".jsonl.zst") || ends_with(base, ".jsonl.gz")))
                strlist_add(out, here.v[i]);
        }
        free(here.v[i]);
    }
    free(here.v);
    return rc;
}

/* ---- the pipeline ---------------------------------------------------------------------------
 *
 * Four stages overlap, joined by a bounded pool of BATCHES (a few hundred consecutive lines
 * each) and then by whole windows:
 *   reader   (one thread)   reads lines and cuts them into batches, in input order; a batch
 *                           never spans two windows, so each batch belongs to one window;
 *   parsers  (-j threads)   parse and tokenize whole batches, any batch on any thread;
 *   packer   (main thread)  takes the batches back in input order, checks and fits each
 *                           example (its ids stay where the parser put them, in the
 *                           window's id blocks), and hands each complete window over;
 *   writer   (one thread)   packs each window and writes its rows (the format writers
 *                           compress), in the order the windows were handed over.
 * The packer sees the examples in input order exactly as a serial loop would, and the writer
 * the windows, so output, rejects and errors do not depend on -j. Memory is bounded: the
 * pool has a fixed number of batches, and the ids of NJOBS + 1 windows are held (plus those
 * of the batches parsed ahead).
 */

#define BATCH_LINES 256
#define BATCH_BYTES (1u << 20)

typedef struct slot {
    size_t off, len;     /* line in the batch's text */
    int file;            /* index into the input list */
    long lineno;
    size_t in_off, tg_off; /* ids at the batch's base */
    uint32_t n_in, n_tg;
    uint64_t tok_cut;
    int bad;             /* 1: parse/check failed (errs[i] holds why) */
} slot;

typedef struct batch {
    uint64_t seq;
    int64_t block;       /* block number */
    uint64_t win;        /* window number inside the block */
    char *text;          /* its lines, back to back (huge pages: see add_line) */
    size_t len, tcap, mapped;
    int32_t *ids;        /* the ids of all its examples, in an id block of its window */
    slot *s;
    fm_error *errs;      /* one per slot; written only on failure */
    size_t n, cap;
    int done;            /* parsed */
} batch;

/* A window handed from the packer to the window writer: its examples (the packer's
 * array, swapped, not copied), and when it ends its block, the block's rejects. */
typedef struct window_job {
    fm_example *wx;
    size_t n, cap;
    int64_t block;
    uint64_t win;
    int last;                /* the block ends with this window */
    fm_strbuf rejects;       /* last: the block's rejects.jsonl */
    uint64_t nrejects;
} window_job;

/* Windows handed over and not yet written. One is enough for the writer to keep up (a window
 * takes it about a third of the time the parsers take to fill the next one at -j 1); each
 * more would hold one more window of ids (about 13 MB of peak RSS on the bench corpus). */
#define NJOBS 1

typedef struct run {
    opts *o;
    strlist files;
    fm_manifest man;
    fm_pack_stats st;
    uint64_t read, rejected, tok_truncated_examples, tok_truncated_tokens;
    /* the packer's block and window (the examples it is taking) */
    int64_t block_no;        /* -1: none yet */
    fm_strbuf rejects;       /* the block's */
    uint64_t block_rejects;
    uint64_t win;
    fm_example *wx;          /* the window's examples, pointing into id blocks */
    size_t nwx, capwx;
    struct idblock **blks;   /* id blocks (under mu) */
    size_t nblks, capblks;
    /* the window writer (its own thread: see "the window writer" below) */
    window_job jobs[NJOBS];  /* jobs[k % NJOBS]: the k-th window handed over */
    uint64_t jobs_put, jobs_done; /* under wmu */
    int wstop, wfailed;      /* under wmu */
    fm_error werr;           /* the writer's failure, once wfailed */
    pthread_mutex_t wmu;
    pthread_cond_t cv_job, cv_job_done;
    int64_t out_block;       /* the writer's open block (-1: none) */
    fm_packout *po;          /* its writer */
    fm_pack_stats wst;       /* rows written (the packer's st counts truncations) */
    fm_pack_plan plan;
    fm_row row;
    fm_tokenizer **toks;
    int ntoks;
    fm_progress prog;
    uint64_t bytes_in; /* input lines consumed (progress) */
    /* pipeline */
    pthread_mutex_t mu;
    pthread_cond_t cv_free, cv_todo, cv_done;
    batch *pool;
    size_t npool;
    batch **freel;
    size_t nfree;
    batch **ring;            /* ring[seq % npool]: batches in flight, in input order */
    uint64_t pushed, taken, consumed;
    int eof, abort;
    int read_failed;
    fm_error read_err;
} run;

/* ---- id blocks ------------------------------------------------------------------------------
 * The ids of a window's examples live in big blocks (huge pages, hugemem.h) that belong to
 * the window: a parser copies a batch's ids, once tokenized, to the first block of the
 * batch's window with room, and the packer uses them in place; when the window is packed
 * its blocks are free for later windows. No copy on the packer's side, no per-example
 * vectors, and after the first window no fresh memory. */

#define IDBLOCK_IDS ((size_t)1 << 20) /* 4 MiB */

typedef struct idblock {
    int32_t *v;
    size_t cap, used;        /* ids */
    size_t mapped;           /* fm_huge_alloc's */
    int busy;                /* serving window (block, win) */
    int64_t block;
    uint64_t win;
} idblock;

/* Room for n ids in a block of window (block, win). Under r->mu. */
static int32_t *ids_alloc(run *r, int64_t block, uint64_t win, size_t n)
{
    idblock *b = NULL;
    for (size_t i = 0; !b && i < r->nblks; i++) {
        idblock *c = r->blks[i];
        if (c->busy && c->block == block && c->win == win && c->cap - c->used >= n) b = c;
    }
    for (size_t i = 0; !b && i < r->nblks; i++) {
        idblock *c = r->blks[i];
        if (!c->busy && c->cap >= n) b = c;
    }
    if (!b) {
        if (r->nblks == r->capblks) {
            r->capblks = r->capblks ? 2 * r->capblks : 16;
            r->blks = fm_xrealloc(r->blks, r->capblks * sizeof *r->blks);
        }
        b = fm_xcalloc(1, sizeof *b);
        b->cap = n > IDBLOCK_IDS ? (n + IDBLOCK_IDS - 1) / IDBLOCK_IDS * IDBLOCK_IDS : IDBLOCK_IDS;
        b->v = fm_huge_alloc(b->cap * sizeof *b->v, FM_HUGE_PAGE, &b->mapped);
        r->blks[r->nblks++] = b;
    }
    if (!b->busy) {
        b->busy = 1;
        b->used = 0;
        b->block = block;
        b->win = win;
    }
    int32_t *p = b->v + b->used;
    b->used += n;
    return p;
}

/* The window (block, win) is packed: its blocks are free. */
static void ids_release(run *r, int64_t block, uint64_t win)
{
    pthread_mutex_lock(&r->mu);
    for (size_t i = 0; i < r->nblks; i++) {
        idblock *c = r->blks[i];
        if (c->busy && c->block == block && c->win == win) c->busy = 0;
    }
    pthread_mutex_unlock(&r->mu);
}

typedef struct worker_arg {
    run *r;
    int t;
} worker_arg;

/* Parse and tokenize a batch. in/tg/all are the thread's scratch vectors (hot in its cache,
 * not regrown once warm): each example's ids are gathered in `all`, which goes to the
 * window's id block in one copy. */
static void parse_batch(run *r, batch *b, fm_tokenizer *tok, fm_ids *in, fm_ids *tg, fm_ids *all)
{
    const opts *o = r->o;
    all->n = 0;
    for (size_t i = 0; i < b->n; i++) {
        slot *s = &b->s[i];
        s->bad = fm_packin_parse(b->text + s->off, s->len, tok, &o->lim, in, tg, &s->tok_cut,
                                 &b->errs[i]) < 0;
        if (s->bad) continue;
        fm_ids_reserve(all, all->n + in->n + tg->n);
        s->in_off = all->n;
        s->n_in = (uint32_t)in->n;
        memcpy(all->v + all->n, in->v, in->n * sizeof *in->v);
        all->n += in->n;
        s->tg_off = all->n;
        s->n_tg = (uint32_t)tg->n;
        memcpy(all->v + all->n, tg->v, tg->n * sizeof *tg->v);
        all->n += tg->n;
    }
    b->ids = NULL;
    if (all->n) {
        pthread_mutex_lock(&r->mu);
        b->ids = ids_alloc(r, b->block, b->win, all->n);
        pthread_mutex_unlock(&r->mu);
        memcpy(b->ids, all->v, all->n * sizeof *all->v);
    }
}

static void *parse_worker(void *arg)
{
    worker_arg *a = arg;
    run *r = a->r;
    fm_tokenizer *tok = r->toks ? r->toks[a->t] : NULL;
    fm_ids in = FM_IDS_INIT, tg = FM_IDS_INIT, all = FM_IDS_INIT;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (!r->abort && r->taken == r->pushed && !r->eof) pthread_cond_wait(&r->cv_todo, &r->mu);
        if (r->abort || r->taken == r->pushed) {
            pthread_mutex_unlock(&r->mu);
            fm_ids_release(&in);
            fm_ids_release(&tg);
            fm_ids_release(&all);
            return NULL;
        }
        batch *b = r->ring[r->taken++ % r->npool];
        pthread_mutex_unlock(&r->mu);
        parse_batch(r, b, tok, &in, &tg, &all);
        pthread_mutex_lock(&r->mu);
        b->done = 1;
        pthread_cond_signal(&r->cv_done);
        pthread_mutex_unlock(&r->mu);
    }
}

/* A free batch, emptied; NULL when the run is aborted. */
static batch *get_free(run *r)
{
    pthread_mutex_lock(&r->mu);
    while (!r->abort && r->nfree == 0) pthread_cond_wait(&r->cv_free, &r->mu);
    batch *b = r->abort ? NULL : r->freel[--r->nfree];
    pthread_mutex_unlock(&r->mu);
    if (b) {
        b->n = 0;
        b->done = 0;
        b->len = 0;
    }
    return b;
}

static void submit(run *r, batch *b)
{
    pthread_mutex_lock(&r->mu);
    b->seq = r->pushed;
    r->ring[r->pushed++ % r->npool] = b;
    pthread_cond_signal(&r->cv_todo);
    pthread_cond_signal(&r->cv_done); /* a packer waiting at the end of the queue */
    pthread_mutex_unlock(&r->mu);
}

static void add_line(batch *b, int file, long lineno, const char *line, size_t len)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? 2 * b->cap : BATCH_LINES;
        b->s = fm_xrealloc(b->s, nc * sizeof *b->s);
        memset(b->s + b->cap, 0, (nc - b->cap) * sizeof *b->s);
        b->errs = fm_xrealloc(b->errs, nc * sizeof *b->errs);
        b->cap = nc;
    }
    slot *s = &b->s[b->n++];
    s->off = b->len;
    s->len = len;
    s->file = file;
    s->lineno = lineno;
    if (b->len + len > b->tcap) {
        /* Room for a full batch at once, in huge pages: the pool's texts are touched once
         * (a few dozen faults rather than a few thousand) and reused. */
        size_t cap = b->len + len > BATCH_BYTES ? 2 * (b->len + len) : 2 * BATCH_BYTES, mapped;
        char *t = fm_huge_alloc(cap, FM_HUGE_PAGE, &mapped);
        if (b->len) memcpy(t, b->text, b->len);
        fm_huge_free(b->text, b->mapped);
        b->text = t;
        b->tcap = mapped ? mapped : cap;
        b->mapped = mapped;
    }
    memcpy(b->text + b->len, line, len);
    b->len += len;
}

static void *reader_main(void *arg)
{
    run *r = arg;
    opts *o = r->o;
    uint64_t g = 0;
    fm_strbuf line = FM_STRBUF_INIT; /* scratch for a line that spans the reader's buffers */
    const char *lp;
    size_t ll;
    batch *b = NULL;
    int rc = 0;
    for (size_t f = 0; f < r->files.n && rc == 0; f++) {
        fm_reader *rd = fm_reader_open(r->files.v[f], &r->read_err);
        if (!rd) { rc = -1; break; }
        int got;
        while ((got = fm_reader_getline_view(rd, &lp, &ll, &line, &r->read_err)) == 1) {
            int64_t k = (int64_t)(g / o->block);
            uint64_t win = (g % o->block) / o->window;
            g++;
            if (!fm_part_owns(&o->part, (uint64_t)k)) continue;
            if (b && (b->n == BATCH_LINES || b->len >= BATCH_BYTES || b->block != k || b->win != win)) {
                submit(r, b);
                b = NULL;
            }
            if (!b) {
                if ((b = get_free(r)) == NULL) { got = 0; rc = 1; break; } /* aborted */
                b->block = k;
                b->win = win;
            }
            add_line(b, (int)f, fm_reader_lineno(rd), lp, ll);
        }
        if (got < 0) rc = -1;
        fm_reader_close(rd);
    }
    if (b && rc == 0 && b->n) submit(r, b);
    else if (b) { /* unused: back to the pool */
        pthread_mutex_lock(&r->mu);
        r->freel[r->nfree++] = b;
        pthread_mutex_unlock(&r->mu);
    }
    fm_strbuf_release(&line);
    pthread_mutex_lock(&r->mu);
    r->eof = 1;
    if (rc < 0) {
        r->read_failed = 1;
        r->abort = 1;
        pthread_cond_broadcast(&r->cv_free);
    }
    pthread_cond_broadcast(&r->cv_todo);
    pthread_cond_broadcast(&r->cv_done);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---- the packer ----------------------------------------------------------------------------- */

static void block_dir(fm_strbuf *out, const char *outdir, int64_t k)
{
    fm_strbuf_reset(out);
    fm_strbuf_addf(out, "%s/block-%05lld", outdir, (long long)k);
}

/* ---- the window writer ----------------------------------------------------------------------
 *
 * Packing a window and writing its rows (building samples, compressing, hashing, writing
 * files) runs on a thread of its own, so that the packer goes on taking the next window's
 * batches meanwhile: the parsers do not wait for a window's rows to be written (they did,
 * once the batch pool was full). The packer hands each window over whole, in input order
 * (at most NJOBS waiting or being written); the writer packs and writes them in that order,
 * opening and closing the blocks as the serial loop did, so every output byte is the same.
 * A window's id blocks are released once its rows are written. */

static int open_block(run *r, int64_t k, fm_error *err)
{
    fm_strbuf d = FM_STRBUF_INIT;
    block_dir(&d, r->o->outdir, k);
    r->po = fm_packout_open(d.buf, &r->o->cfg, &r->o->out, err);
    fm_strbuf_release(&d);
    if (!r->po) return -1;
    r->out_block = k;
    return 0;
}

static void add_output(run *r, const char *rel, uint64_t bytes, uint64_t h, int64_t rows, uint64_t tokens)
{
    fm_manifest_add_output(&r->man, rel, bytes, h, rows);
    if (rows >= 0) {
        cJSON *e = cJSON_GetArrayItem(r->man.outputs, cJSON_GetArraySize(r->man.outputs) - 1);
        cJSON_AddNumberToObject(e, "tokens", (double)tokens);
    }
}

/* Finish the open block's shards, and write its rejects (j's). */
static int close_block(run *r, const window_job *j, fm_error *err)
{
    char name[64];
    snprintf(name, sizeof name, "block-%05lld", (long long)r->out_block);
    fm_shard_list files = { 0 };
    int rc = fm_packout_finish(r->po, &files, err);
    r->po = NULL;
    r->out_block = -1;
    for (size_t i = 0; rc == 0 && i < files.n; i++) {
        fm_strbuf rel = FM_STRBUF_INIT;
        fm_strbuf_addf(&rel, "%s/%s", name, files.v[i].rel);
        add_output(r, rel.buf, files.v[i].bytes, files.v[i].xxh3, files.v[i].rows, files.v[i].tokens);
        fm_strbuf_release(&rel);
    }
    fm_shard_list_release(&files);
    if (rc == 0 && j->nrejects > 0) {
        fm_strbuf p = FM_STRBUF_INIT, rel = FM_STRBUF_INIT;
        fm_strbuf_addf(&rel, "%s/rejects.jsonl", name);
        fm_path_join(&p, r->o->outdir, rel.buf);
        rc = fm_write_file_atomic(p.buf, j->rejects.buf, j->rejects.len, err);
        if (rc == 0)
            fm_manifest_add_output(&r->man, rel.buf, j->rejects.len, fm_hash64(j->rejects.buf, j->rejects.len),
                                   (long long)j->nrejects);
        fm_strbuf_release(&p);
        fm_strbuf_release(&rel);
    }
    return rc;
}

/* Pack a window's examples and write its rows (opening its block first, closing it after
 * when the window is the block's last). */
static int write_window(run *r, const window_job *j, fm_error *err)
{
    const opts *o = r->o;
    if (j->block != r->out_block && open_block(r, j->block, err) < 0) return -1;
    if (j->n > 0) {
        fm_pack_window(&o->cfg, j->wx, j->n, &r->plan);
        /* The block's last window: its rows are the writer's last (MDS then compresses its
         * last shard once, knowing its sample count). */
        if (j->last && fm_packout_expect(r->po, r->plan.nrows, err) < 0) return -1;
        for (uint32_t k = 0; k < r->plan.nrows; k++)
            if (fm_packout_add_planned(r->po, j->wx, &r->plan, k, &r->row, &r->wst, err) < 0) return -1;
    }
    return j->last ? close_block(r, j, err) : 0;
}

static void *window_writer(void *arg)
{
    run *r = arg;
    for (;;) {
        pthread_mutex_lock(&r->wmu);
        while (r->jobs_done == r->jobs_put && !r->wstop) pthread_cond_wait(&r->cv_job, &r->wmu);
        if (r->jobs_done == r->jobs_put) {
            pthread_mutex_unlock(&r->wmu);
            return NULL;
        }
        window_job *j = &r->jobs[r->jobs_done % NJOBS];
        int failed = r->wfailed;
        pthread_mutex_unlock(&r->wmu);
        fm_error e;
        fm_error_clear(&e);
        int rc = failed ? 0 : write_window(r, j, &e); /* after a failure: only release */
        /* Its id blocks serve later windows (their pages stay mapped and warm). */
        ids_release(r, j->block, j->win);
        pthread_mutex_lock(&r->wmu);
        r->jobs_done++;
        if (rc < 0) {
            r->wfailed = 1;
            r->werr = e;
        }
        pthread_cond_broadcast(&r->cv_job_done);
        pthread_mutex_unlock(&r->wmu);
    }
}

/* ---- the packer ----------------------------------------------------------------------------- */

/* The packer's window is complete: hand it to the writer (tokenize-only: drop it).
 * last: its block ends with it. Fails if the writer has failed (its error). */
static int hand_over(run *r, int last, fm_error *err)
{
    if (r->block_no < 0) return 0; /* nothing taken yet */
    if (r->o->tokenize_only) {
        r->nwx = 0;
        ids_release(r, r->block_no, r->win);
    } else {
        pthread_mutex_lock(&r->wmu);
        while (r->jobs_put - r->jobs_done >= NJOBS && !r->wfailed) pthread_cond_wait(&r->cv_job_done, &r->wmu);
        int failed = r->wfailed;
        if (failed) *err = r->werr;
        pthread_mutex_unlock(&r->wmu);
        if (failed) return -1;
        /* The slot's job is written (the writer only reads jobs below jobs_put): reuse it. */
        window_job *j = &r->jobs[r->jobs_put % NJOBS];
        fm_example *t = j->wx;
        size_t tcap = j->cap;
        j->wx = r->wx;
        j->cap = r->capwx;
        j->n = r->nwx;
        r->wx = t;
        r->capwx = tcap;
        r->nwx = 0;
        j->block = r->block_no;
        j->win = r->win;
        j->last = last;
        if (last) {
            fm_strbuf rj = j->rejects;
            j->rejects = r->rejects;
            j->nrejects = r->block_rejects;
            r->rejects = rj;
        }
        pthread_mutex_lock(&r->wmu);
        r->jobs_put++;
        pthread_cond_signal(&r->cv_job);
        pthread_mutex_unlock(&r->wmu);
    }
    if (last) {
        fm_strbuf_reset(&r->rejects);
        r->block_rejects = 0;
    }
    return 0;
}

/* Take one parsed batch, in input order: check and fit its examples into the window. */
static int take_batch(run *r, batch *b, fm_error *err)
{
    opts *o = r->o;
    if (b->block != r->block_no) {
        if (hand_over(r, 1, err) < 0) return -1;
        r->block_no = b->block;
        r->win = b->win;
    } else if (b->win != r->win) {
        if (hand_over(r, 0, err) < 0) return -1;
        r->win = b->win;
    }
    int32_t *base = b->ids;
    for (size_t i = 0; i < b->n; i++) {
        slot *s = &b->s[i];
        fm_error *e = &b->errs[i];
        r->read++;
        r->bytes_in += s->len + 1;
        if (!s->bad) {
            fm_example x = { base + s->in_off, s->n_in, base + s->tg_off, s->n_tg };
            fm_pack_stats before = r->st;
            if (fm_pack_fit(&o->cfg, &x, &r->st, e) < 0) {
                s->bad = 1;
                r->st = before;
            } else {
                if (r->nwx == r->capwx) {
                    r->capwx = r->capwx ? 2 * r->capwx : 1024;
                    r->wx = fm_xrealloc(r->wx, r->capwx * sizeof *r->wx);
                }
                r->wx[r->nwx++] = x;
            }
        }
        if (s->bad) {
            fm_error_locate(e, r->files.v[s->file], s->lineno);
            if (o->on_error == FM_ON_ERROR_FAIL || e->code == FM_EUSAGE || e->code == FM_EMODEL ||
                e->code == FM_EIO) {
                *err = *e;
                return -1;
            }
            fm_strbuf_addstr(&r->rejects, "{\"file\":");
            fm_json_add_string(&r->rejects, r->files.v[s->file], strlen(r->files.v[s->file]));
            fm_strbuf_addf(&r->rejects, ",\"line\":%ld,\"reason\":", s->lineno);
            fm_json_add_string(&r->rejects, e->reason, strlen(e->reason));
            fm_strbuf_addstr(&r->rejects, "}\n");
            r->rejected++;
            r->block_rejects++;
            continue;
        }
        if (s->tok_cut) {
            r->tok_truncated_examples++;
            r->tok_truncated_tokens += s->tok_cut;
        }
    }
    fm_progress_update(&r->prog, r->read, r->bytes_in);
    return 0;
}

/* The packer loop: batches in input order until the reader is done. 0, -1 (err), or 1 when
 * the reader failed (its error is in r->read_err). */
static int pack_batches(run *r, fm_error *err)
{
    for (;;) {
        pthread_mutex_lock(&r->mu);
        for (;;) {
            if (r->abort) break;
            if (r->consumed < r->pushed && r->ring[r->consumed % r->npool]->done) break;
            if (r->consumed == r->pushed && r->eof) break;
            pthread_cond_wait(&r->cv_done, &r->mu);
        }
        if (r->abort || r->consumed == r->pushed) {
            int failed = r->read_failed;
            pthread_mutex_unlock(&r->mu);
            if (failed) return 1;
            return hand_over(r, 1, err);
        }
        batch *b = r->ring[r->consumed % r->npool];
        pthread_mutex_unlock(&r->mu);
        int rc = take_batch(r, b, err);
        pthread_mutex_lock(&r->mu);
        r->consumed++;
        r->freel[r->nfree++] = b;
        pthread_cond_signal(&r->cv_free);
        pthread_mutex_unlock(&r->mu);
        if (rc < 0) return -1;
    }
}

static int stream_inputs(run *r, fm_error *err)
{
    int nw = r->o->threads;
    r->npool = (size_t)nw * 4 + 4;
    r->pool = fm_xcalloc(r->npool, sizeof *r->pool);
    r->freel = fm_xmalloc(r->npool * sizeof *r->freel);
    r->ring = fm_xmalloc(r->npool * sizeof *r->ring);
    for (size_t i = 0; i < r->npool; i++) r->freel[r->nfree++] = &r->pool[i];
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv_free, NULL);
    pthread_cond_init(&r->cv_todo, NULL);
    pthread_cond_init(&r->cv_done, NULL);
    pthread_mutex_init(&r->wmu, NULL);
    pthread_cond_init(&r->cv_job, NULL);
    pthread_cond_init(&r->cv_job_done, NULL);
    pthread_t rd, wt, *th = fm_xmalloc((size_t)nw * sizeof *th);
    worker_arg *args = fm_xmalloc((size_t)nw * sizeof *args);
    int writer = !r->o->tokenize_only;
    if (writer && pthread_create(&wt, NULL, window_writer, r) != 0) {
        fprintf(stderr, "%s: cannot create a thread\n", PROG);
        abort();
    }
    if (pthread_create(&rd, NULL, reader_main, r) != 0) {
        fprintf(stderr, "%s: cannot create a thread\n", PROG);
        abort();
    }
    for (int t = 0; t < nw; t++) {
        args[t] = (worker_arg){ r, t };
        if (pthread_create(&th[t], NULL, parse_worker, &args[t]) != 0) {
            fprintf(stderr, "%s: cannot create a thread\n", PROG);
            abort();
        }
    }
    int rc = pack_batches(r, err);
    pthread_mutex_lock(&r->mu);
    r->abort = 1; /* done or failed: stop everyone */
    pthread_cond_broadcast(&r->cv_free);
    pthread_cond_broadcast(&r->cv_todo);
    pthread_mutex_unlock(&r->mu);
    pthread_join(rd, NULL);
    for (int t = 0; t < nw; t++) pthread_join(th[t], NULL);
    /* The writer writes the windows handed over (all that precede any failure), then ends. */
    pthread_mutex_lock(&r->wmu);
    r->wstop = 1;
    pthread_cond_signal(&r->cv_job);
    pthread_mutex_unlock(&r->wmu);
    if (writer) pthread_join(wt, NULL);
    if (rc == 1) {
        *err = r->read_err;
        rc = -1;
    } else if (r->wfailed) { /* its window precedes whatever the packer was taking */
        *err = r->werr;
        rc = -1;
    }
    free(th);
    free(args);
    for (size_t i = 0; i < r->npool; i++) {
        batch *b = &r->pool[i];
        free(b->s);
        free(b->errs);
        fm_huge_free(b->text, b->mapped);
    }
    free(r->pool);
    free(r->freel);
    free(r->ring);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv_free);
    pthread_cond_destroy(&r->cv_todo);
    pthread_cond_destroy(&r->cv_done);
    pthread_mutex_destroy(&r->wmu);
    pthread_cond_destroy(&r->cv_job);
    pthread_cond_destroy(&r->cv_job_done);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    return strcmp(cJSON_GetObjectItemCaseSensitive(x, "path")->valuestring,
                  cJSON_GetObjectItemCaseSensitive(y, "path")->valuestring);
}

static void sort_by_path(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 2) return;
    cJSON **items = fm_xmalloc((size_t)n * sizeof *items);
    for (int i = n - 1; i >= 0; i--) items[i] = cJSON_DetachItemFromArray(arr, i);
    fm_qsort(items, (size_t)n, sizeof *items, by_path);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(arr, items[i]);
    free(items);
}

static void settings(run *r, const fm_spm_model *model)
{
    opts *o = r->o;
    cJSON *s = r->man.settings;
    fm_manifest_set_str(s, "layout", fm_layout_name(o->cfg.layout));
    fm_manifest_set_str(s, "format", fm_out_format_name(o->out.format));
    if (o->cfg.layout == FM_LAYOUT_PREFIXLM) {
        fm_manifest_set_num(s, "seq_len", o->cfg.seq_len);
    } else {
        fm_manifest_set_num(s, "inputs_len", o->cfg.inputs_len);
        fm_manifest_set_num(s, "targets_len", o->cfg.targets_len);
    }
    fm_manifest_set_str(s, "algo", fm_pack_algo_name(o->cfg.algo));
    fm_manifest_set_num(s, "window", (double)o->window);
    fm_manifest_set_num(s, "block", (double)o->block);
    fm_manifest_set_num(s, "shard_bytes", (double)o->out.shard_bytes);
    fm_manifest_set_num(s, "vocab_size", (double)o->vocab_size);
    fm_manifest_set_num(s, "eos_id", (double)o->cfg.eos_id);
    fm_manifest_set_num(s, "pad_id", (double)o->cfg.pad_id);
    fm_manifest_set_str(s, "dtype", o->out.dtype == FM_DTYPE_U16 ? "uint16" : "uint32");
    fm_manifest_set_bool(s, "loss_on_inputs", o->cfg.loss_on_inputs);
    fm_manifest_set_str(s, "on_overlong", o->cfg.on_overlong == FM_OVERLONG_ERROR ? "error" : "truncate");
    fm_manifest_set_str(s, "on_error", o->on_error == FM_ON_ERROR_SKIP ? "skip" : "fail");
    if (o->out.format == FM_FORMAT_JSONL)
        fm_manifest_set_str(s, "labels", o->out.jsonl_labels == FM_JSONL_LABELS ? "labels" : "completion_mask");
    if (o->out.format == FM_FORMAT_MDS) fm_manifest_set_str(s, "hashes", o->out.hash_xxh3 ? "xxh3_64" : "none");
    fm_manifest_set_num(s, "zstd_level", o->out.zstd_level);
    if (o->out.format == FM_FORMAT_MDS && o->out.zstd_level >= 0)
        fm_manifest_set_num(s, "zstd_window_log", o->out.zstd_window_log);
    if (model) {
        uint64_t h, size;
        char hex[17];
        fm_error e;
        fm_manifest_set_str(s, "model", o->model_path);
        if (fm_file_checksum(o->model_path, &h, &size, &e) == 0) {
            fm_hash_hex(h, hex);
            fm_manifest_set_str(s, "model_xxh3", hex);
        }
        fm_manifest_set_num(s, "max_inputs_len", o->lim.max_inputs_len);
        fm_manifest_set_num(s, "max_targets_len", o->lim.max_targets_len);
    }
    fm_manifest_set_num(s, "seed", (double)o->seed);
}

static void counts(run *r)
{
    cJSON *c = r->man.counts;
    const fm_pack_stats *st = &r->st;
    fm_manifest_set_num(c, "examples_read", (double)r->read);
    fm_manifest_set_num(c, "examples_rejected", (double)r->rejected);
    fm_manifest_set_num(c, "examples_packed", (double)st->examples);
    fm_manifest_set_num(c, "examples_truncated", (double)st->truncated_examples);
    fm_manifest_set_num(c, "inputs_tokens_truncated", (double)st->truncated_inputs_tokens);
    fm_manifest_set_num(c, "targets_tokens_truncated", (double)st->truncated_targets_tokens);
    if (r->o->model_path) {
        fm_manifest_set_num(c, "tokenize_truncated_examples", (double)r->tok_truncated_examples);
        fm_manifest_set_num(c, "tokenize_truncated_tokens", (double)r->tok_truncated_tokens);
    }
    fm_manifest_set_num(c, "rows", (double)st->rows);
    if (r->o->cfg.layout == FM_LAYOUT_ENCDEC) {
        fm_manifest_set_num(c, "encoder_slots", (double)st->enc_slots);
        fm_manifest_set_num(c, "encoder_tokens", (double)st->enc_tokens);
    }
    fm_manifest_set_num(c, "decoder_slots", (double)st->dec_slots);
    fm_manifest_set_num(c, "decoder_tokens", (double)st->dec_tokens);
}

int main(int argc, char **argv)
{
    fm_error err;
    fm_error_clear(&err);
    opts o;
    memset(&o, 0, sizeof o);
    o.cfg.algo = FM_ALGO_BFD;
    o.window = 10000;
    o.block = 100000;
    o.out.shard_bytes = (uint64_t)1 << 26;
    o.out.zstd_level = 3;
    o.out.zstd_window_log = 23; /* MDS: 8 MiB (docs/performance.md: smaller and faster than 2 MiB) */
    o.out.hash_xxh3 = 1;
    o.vocab_size = o.eos_id = o.pad_id = -1;
    o.lim.max_inputs_len = 2048;
    o.lim.max_targets_len = 512;
    o.threads = fm_cli_default_threads();
    o.part = (fm_part){ 0, 1 };
    if (parse_args(argc, argv, &o, &err) < 0) {
        fm_error_print(&err, PROG);
        return 2;
    }
    fm_spm_model *model = NULL;
    run r;
    memset(&r, 0, sizeof r);
    r.o = &o;
    r.block_no = -1;
    r.out_block = -1;
    int rc = 0;
    if (o.model_path) {
        model = fm_spm_model_load(o.model_path, &err);
        if (!model) goto fail;
        if (o.vocab_size < 0) o.vocab_size = fm_spm_model_vocab_size(model);
        if (o.eos_id < 0) o.eos_id = fm_spm_model_eos_id(model);
        if (o.pad_id < 0) o.pad_id = fm_spm_model_pad_id(model);
        if (o.eos_id < 0) {
            fm_error_set(&err, FM_EMODEL, o.model_path, 0, NULL, "the model has no EOS id; give --eos-id");
            goto fail;
        }
        if (o.pad_id < 0) {
            fm_error_set(&err, FM_EUSAGE, o.model_path, 0, NULL,
                         "the model has no pad id: choose one with --pad-id (an id that never occurs in "
                         "the data, e.g. an unused control piece; seqio/t5x need 0)");
            goto fail;
        }
    } else if (o.vocab_size < 0 || o.eos_id < 0 || o.pad_id < 0) {
        fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL,
                     "without --model, give --vocab-size, --eos-id and --pad-id");
        goto fail;
    }
    o.cfg.eos_id = (int32_t)o.eos_id;
    o.cfg.pad_id = (int32_t)o.pad_id;
    o.lim.eos_id = o.cfg.eos_id;
    o.lim.pad_id = o.cfg.pad_id;
    o.lim.vocab_size = o.vocab_size;
    o.out.dtype = o.dtype_req ? o.dtype_req : fm_dtype_for_vocab((uint64_t)o.vocab_size);
    if (o.pad_id >= o.vocab_size && o.out.dtype == FM_DTYPE_U16 && o.pad_id > 65535) {
        fm_error_set(&err, FM_EUSAGE, NULL, 0, NULL, "--pad-id %lld does not fit uint16", (long long)o.pad_id);
        goto fail;
    }
    if (fm_pack_cfg_check(&o.cfg, &err) < 0) goto fail;

    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (list_dir(argv[i], &r.files, &err) < 0) goto fail;
        } else {
            strlist_add(&r.files, argv[i]);
        }
    }
    if (fm_mkdir_p(o.outdir, &err) < 0) goto fail;
    fm_remove_stale_temps(o.outdir);
    fm_manifest_init(&r.man, "pack");
    settings(&r, model);
    for (size_t i = 0; i < r.files.n; i++)
        if (strcmp(r.files.v[i], "-") != 0 && fm_manifest_add_input(&r.man, r.files.v[i], &err) < 0) goto fail;
    sort_by_path(r.man.inputs); /* as `flanmix merge` lists them */
    if (model) {
        r.ntoks = o.threads;
        r.toks = fm_xmalloc((size_t)r.ntoks * sizeof *r.toks);
        for (int t = 0; t < r.ntoks; t++) r.toks[t] = fm_tokenizer_new(model, !o.no_fast);
    }
    fm_row_init(&r.row, &o.cfg);
    fm_progress_init(&r.prog, "pack", 0, o.quiet);
    /* One zstd context for every block's MDS writer: its memory is set up once per run. */
    if (!o.tokenize_only && o.out.format == FM_FORMAT_MDS && o.out.zstd_level >= 0) o.out.zcctx = fm_zcctx_new();
    int streamed = stream_inputs(&r, &err);
    fm_pack_stats_add(&r.st, &r.wst); /* the packer's truncations, the writer's rows */
    if (streamed < 0) goto fail;
    if (!o.tokenize_only && o.out.format == FM_FORMAT_MDS && o.part.count == 1 &&
        fm_mds_merge_dir(o.outdir, &err) < 0)
        goto fail;
    counts(&r);
    fm_manifest_sort_outputs(&r.man);
    if (!o.tokenize_only && fm_manifest_write(&r.man, o.outdir, &o.part, &err) < 0) goto fail;
    fm_progress_done(&r.prog, r.read, r.bytes_in);
    if (!o.quiet) {
        double slots = (double)(r.st.enc_slots + r.st.dec_slots), toks = (double)(r.st.enc_tokens + r.st.dec_tokens);
        fprintf(stderr,
                "%s: %llu examples -> %llu rows (%s, %s), efficiency %.2f%% non-pad, %llu truncated, "
                "%llu rejected\n",
                PROG, (unsigned long long)r.st.examples, (unsigned long long)r.st.rows,
                fm_pack_algo_name(o.cfg.algo), fm_out_format_name(o.out.format),
                slots > 0 ? 100.0 * toks / slots : 0.0, (unsigned long long)r.st.truncated_examples,
                (unsigned long long)r.rejected);
    }
    goto done;
fail:
    fm_error_print(&err, PROG);
    rc = fm_error_exit_status(&err);
done:
    if (r.po) fm_packout_abort(r.po);
    fm_zcctx_free(o.out.zcctx); /* after the writers that borrow it */
    if (r.man.root) fm_manifest_release(&r.man);
    for (size_t i = 0; i < r.files.n; i++) free(r.files.v[i]);
    free(r.files.v);
    for (size_t i = 0; i < r.nblks; i++) {
        fm_huge_free(r.blks[i]->v, r.blks[i]->mapped);
        free(r.blks[i]);
    }
    free(r.blks);
    free(r.wx);
    for (int k = 0; k < NJOBS; k++) {
        free(r.jobs[k].wx);
        fm_strbuf_release(&r.jobs[k].rejects);
    }
    fm_pack_plan_release(&r.plan);
    fm_row_release(&r.row);
    fm_strbuf_release(&r.rejects);
    for (int t = 0; t < r.ntoks; t++) fm_tokenizer_free(r.toks[t]);
    free(r.toks);
    fm_spm_model_free(model);
    return rc;
}
