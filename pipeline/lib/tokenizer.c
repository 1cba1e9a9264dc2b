/* tokenizer.c: the model, per-thread tokenizers and the thread pool of tokenizer.h. */
#include "tokenizer.h"

#include "spm.h"
#include "spm_fast.h"
#include "spm_proto.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fm_ids ---------------------------------------------------------------------------- */
void fm_ids_release(fm_ids *ids)
{
    free(ids->v);
    ids->v = NULL;
    ids->n = ids->cap = 0;
}

void fm_ids_reserve(fm_ids *ids, size_t total)
{
    if (total <= ids->cap) return;
    size_t c = ids->cap ? ids->cap : 64;
    while (c < total) c *= 2;
    ids->v = fm_xrealloc(ids->v, c * sizeof *ids->v);
    ids->cap = c;
}

void fm_ids_push(fm_ids *ids, int32_t id)
{
    if (ids->n == ids->cap) fm_ids_reserve(ids, ids->n + 1);
    ids->v[ids->n++] = id;
}

void fm_ids_append(fm_ids *ids, const int32_t *v, size_t n)
{
    fm_ids_reserve(ids, ids->n + n);
    memcpy(ids->v + ids->n, v, n * sizeof *v);
    ids->n += n;
}

/* ---- model ------------------------------------------------------------------------------ */
/* libsentencepiece, loaded at most once per model, at the first need. Kept behind a pointer
 * so that a const model can load it (thread-safely: lazily under mu, published with a
 * release store). */
typedef struct lib_state {
    pthread_mutex_t mu;
    fm_spm *_Atomic spm;
    int failed;   /* the load failed: err says why, every later need gets the same error */
    fm_error err;
} lib_state;

struct fm_spm_model {
    char *path;
    fm_strbuf proto_bytes; /* serialized ModelProto (the .model file); proto points into it */
    fm_spm_proto proto;
    fm_spm_proto_ids ids;  /* vocabulary size and reserved ids, as the library reports them */
    fm_fast_model *fast;   /* NULL when the fast path cannot serve this model */
    const char *fast_why;
    lib_state *lib;
};

/* The whole file as it is (a .model file is not compressed: no fm_read_file). 0 or -1. */
static int read_raw(const char *path, fm_strbuf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fm_strbuf_add(out, buf, n);
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    return rc;
}

static fm_spm_model *model_new(const char *path)
{
    fm_spm_model *m = fm_xcalloc(1, sizeof *m);
    m->path = fm_xstrdup(path);
    fm_strbuf_init(&m->proto_bytes);
    m->lib = fm_xcalloc(1, sizeof *m->lib);
    pthread_mutex_init(&m->lib->mu, NULL);
    atomic_init(&m->lib->spm, NULL);
    return m;
}

/* Without the library: the file is parsed as a ModelProto, checked as the library's loader
 * checks it, and must be one the fast path serves. NULL (nothing reported) otherwise: the
 * caller then loads the library, which gives its own verdict and error messages. */
static fm_spm_model *load_lazy(const char *path)
{
    fm_spm_model *m = model_new(path);
    fm_error e;
    const char *why;
    if (read_raw(path, &m->proto_bytes) ||
        fm_spm_proto_parse((const uint8_t *)m->proto_bytes.buf, m->proto_bytes.len, &m->proto, &e) ||
        fm_spm_proto_check(&m->proto, &m->ids, &why) || m->proto.has_self_test_data) {
        fm_spm_model_free(m);
        return NULL;
    }
    m->fast = fm_fast_model_new(&m->proto, m->ids.unk_id, &m->fast_why);
    if (!m->fast) {
        fm_spm_model_free(m);
        return NULL;
    }
    return m;
}

/* With the library at once (models the fast path does not serve, files it cannot read):
 * its serialized proto and its reserved ids. */
static fm_spm_model *load_eager(const char *path, fm_error *err)
{
    fm_spm *s = fm_spm_load(path, err);
    if (!s) return NULL;
    fm_spm_model *m = model_new(path);
    atomic_store(&m->lib->spm, s);
    if (fm_spm_serialized_proto(s, &m->proto_bytes, err) ||
        fm_spm_proto_parse((const uint8_t *)m->proto_bytes.buf, m->proto_bytes.len, &m->proto, err)) {
        fm_error_locate(err, path, 0);
        fm_spm_model_free(m);
        return NULL;
    }
    m->ids.vocab_size = fm_spm_piece_size(s);
    m->ids.unk_id = fm_spm_unk_id(s);
    m->ids.bos_id = fm_spm_bos_id(s);
    m->ids.eos_id = fm_spm_eos_id(s);
    m->ids.pad_id = fm_spm_pad_id(s);
    if ((size_t)m->ids.vocab_size != m->proto.n_pieces) m->fast_why = "model proto and processor disagree";
    else if (m->ids.unk_id < 0) m->fast_why = "no unknown piece";
    else m->fast = fm_fast_model_new(&m->proto, m->ids.unk_id, &m->fast_why);
    return m;
}

fm_spm_model *fm_spm_model_load(const char *path, fm_error *err)
{
    fm_spm_model *m = load_lazy(path);
    return m ? m : load_eager(path, err);
}

void fm_spm_model_free(fm_spm_model *m)
{
    if (!m) return;
    fm_fast_model_free(m->fast);
    fm_spm_proto_release(&m->proto);
    fm_strbuf_release(&m->proto_bytes);
    fm_spm_free(atomic_load(&m->lib->spm));
    pthread_mutex_destroy(&m->lib->mu);
    free(m->lib);
    free(m->path);
    free(m);
}

/* The library, loaded on first use. NULL with err (the load's error) if it cannot be. */
static const fm_spm *model_lib(const fm_spm_model *m, fm_error *err)
{
    lib_state *L = m->lib;
    fm_spm *s = atomic_load_explicit(&L->spm, memory_order_acquire);
    if (s) return s;
    pthread_mutex_lock(&L->mu);
    s = atomic_load_explicit(&L->spm, memory_order_relaxed);
    if (!s && !L->failed) {
        s = fm_spm_load(m->path, &L->err);
        /* The file was read once already; the library must see the same model. */
        if (s && (fm_spm_piece_size(s) != m->ids.vocab_size || fm_spm_unk_id(s) != m->ids.unk_id ||
                  fm_spm_eos_id(s) != m->ids.eos_id || fm_spm_pad_id(s) != m->ids.pad_id ||
                  fm_spm_bos_id(s) != m->ids.bos_id)) {
            fm_spm_free(s);
            s = NULL;
            fm_error_set(&L->err, FM_EMODEL, m->path, 0, NULL,
                         "libsentencepiece reads this model differently from flanmix (changed on disk?)");
        }
        if (s) atomic_store_explicit(&L->spm, s, memory_order_release);
        else L->failed = 1;
    }
    if (!s && err) *err = L->err;
    pthread_mutex_unlock(&L->mu);
    return s;
}

int fm_spm_model_library_loaded(const fm_spm_model *m)
{
    return atomic_load_explicit(&m->lib->spm, memory_order_acquire) != NULL;
}

int fm_spm_model_vocab_size(const fm_spm_model *m) { return m->ids.vocab_size; }
int fm_spm_model_eos_id(const fm_spm_model *m) { return m->ids.eos_id; }
int fm_spm_model_pad_id(const fm_spm_model *m) { return m->ids.pad_id; }
int fm_spm_model_unk_id(const fm_spm_model *m) { return m->ids.unk_id; }
int fm_spm_model_bos_id(const fm_spm_model *m) { return m->ids.bos_id; }
const char *fm_spm_model_path(const fm_spm_model *m) { return m->path; }

const char *fm_spm_model_type_name(const fm_spm_model *m)
{
    switch (m->proto.model_type) {
    case FM_MODEL_UNIGRAM: return "unigram";
    case FM_MODEL_BPE: return "bpe";
    case FM_MODEL_WORD: return "word";
    case FM_MODEL_CHAR: return "char";
    default: return "unknown";
    }
}

int fm_spm_model_fast_path_supported(const fm_spm_model *m, const char **why)
{
    if (why) *why = m->fast ? "" : m->fast_why;
    return m->fast != NULL;
}

int fm_spm_model_decode(const fm_spm_model *m, const int32_t *ids, size_t n, fm_strbuf *out,
                        fm_error *err)
{
    const fm_spm *s = model_lib(m, err);
    return s ? fm_spm_decode(s, ids, n, out, err) : -1;
}

int fm_spm_model_id_to_piece(const fm_spm_model *m, int32_t id, fm_strbuf *out)
{
    /* IdToPiece is the proto's piece text. */
    if (id < 0 || (size_t)id >= m->proto.n_pieces || id >= m->ids.vocab_size) return -1;
    fm_strbuf_add(out, m->proto.pieces[id].piece, m->proto.pieces[id].len);
    return 0;
}

/* ---- tokenizer ---------------------------------------------------------------------------- */
/* Words cached per thread. An entry takes about 64 bytes plus its ids and text, so the
 * default bounds one thread's cache near 20 MB. */
#define FM_TOK_CACHE_ENTRIES (1u << 18)

struct fm_tokenizer {
    const fm_spm_model *m;
    fm_fast *fast; /* NULL: library only */
    uint64_t fallbacks;
};

fm_tokenizer *fm_tokenizer_new(const fm_spm_model *m, int use_fast_path)
{
    fm_tokenizer *t = fm_xcalloc(1, sizeof *t);
    t->m = m;
    if (use_fast_path && m->fast) t->fast = fm_fast_new(m->fast, FM_TOK_CACHE_ENTRIES);
    else model_lib(m, NULL); /* library only: load it now (a failure is reported by encode) */
    return t;
}

void fm_tokenizer_free(fm_tokenizer *t)
{
    if (!t) return;
    fm_fast_free(t->fast);
    free(t);
}

int fm_tokenizer_encode(fm_tokenizer *t, const char *text, size_t n, fm_ids *out, fm_error *err)
{
    if (t->fast) {
        if (fm_fast_encode(t->fast, text, n, out)) return 0;
    }
    t->fallbacks++;
    const fm_spm *s = model_lib(t->m, err);
    if (!s) return -1;
    return fm_spm_encode(s, text, n, &out->v, &out->n, &out->cap, err);
}

void fm_tokenizer_stats(const fm_tokenizer *t, uint64_t *hits, uint64_t *misses,
                        uint64_t *fallbacks)
{
    uint64_t h = 0, mi = 0;
    if (t->fast) fm_fast_stats(t->fast, &h, &mi);
    if (hits) *hits = h;
    if (misses) *misses = mi;
    if (fallbacks) *fallbacks = t->fallbacks;
}

/* ---- pool ---------------------------------------------------------------------------------- */
/* Workers wait for a job generation number to change, then take indices from a shared
 * counter in chunks. The caller takes part as worker 0 and waits for the others. */
typedef struct pool_worker {
    struct fm_tok_pool *pool;
    fm_tokenizer *tok;
    pthread_t thread;
    int started;
} pool_worker;

struct fm_tok_pool {
    int nthreads;
    pool_worker *w;
    pthread_mutex_t mu;
    pthread_cond_t cv_job, cv_done;
    uint64_t generation;
    int quit;
    int busy; /* workers still on the current job */
    /* current job */
    size_t n, next;
    fm_tok_pool_fn fn;
    void *ctx;
    size_t err_index; /* smallest failing index, (size_t)-1 if none */
    fm_error err;
};

static size_t pool_chunk(const fm_tok_pool *p)
{
    size_t c = p->n / ((size_t)p->nthreads * 16);
    return c < 1 ? 1 : c > 64 ? 64 : c;
}

static void pool_work(fm_tok_pool *p, fm_tokenizer *tok)
{
    size_t chunk;
    pthread_mutex_lock(&p->mu);
    chunk = pool_chunk(p);
    pthread_mutex_unlock(&p->mu);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t start = p->next;
        if (start >= p->n || p->err_index < start) {
            p->next = p->n;
            pthread_mutex_unlock(&p->mu);
            return;
        }
        size_t end = start + chunk < p->n ? start + chunk : p->n;
        p->next = end;
        pthread_mutex_unlock(&p->mu);
        for (size_t i = start; i < end; i++) {
            fm_error e;
            fm_error_clear(&e);
            if (p->fn(p->ctx, i, tok, &e)) {
                pthread_mutex_lock(&p->mu);
                if (i < p->err_index) {
                    p->err_index = i;
                    p->err = e;
                }
                pthread_mutex_unlock(&p->mu);
                break;
            }
        }
    }
}

static void *pool_main(void *arg)
{
    pool_worker *w = arg;
    fm_tok_pool *p = w->pool;
    uint64_t seen = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->quit && p->generation == seen) pthread_cond_wait(&p->cv_job, &p->mu);
        if (p->quit) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        seen = p->generation;
        pthread_mutex_unlock(&p->mu);
        pool_work(p, w->tok);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0) pthread_cond_signal(&p->cv_done);
        pthread_mutex_unlock(&p->mu);
    }
}

fm_tok_pool *fm_tok_pool_new(const fm_spm_model *m, int threads, int use_fast_path)
{
    if (threads < 1) threads = 1;
    fm_tok_pool *p = fm_xcalloc(1, sizeof *p);
    p->nthreads = threads;
    p->w = fm_xcalloc((size_t)threads, sizeof *p->w);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_job, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    for (int i = 0; i < threads; i++) {
        p->w[i].pool = p;
        p->w[i].tok = fm_tokenizer_new(m, use_fast_path);
    }
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&p->w[i].thread, NULL, pool_main, &p->w[i]) == 0)
            p->w[i].started = 1;
    }
    /* Threads that failed to start are simply not used. */
    int k = 1;
    for (int i = 1; i < threads; i++) {
        if (p->w[i].started) {
            if (k != i) {
                fm_tokenizer_free(p->w[k].tok);
                p->w[k] = p->w[i];
                p->w[i].tok = NULL;
                p->w[i].started = 0;
            }
            k++;
        }
    }
    for (int i = k; i < threads; i++) {
        fm_tokenizer_free(p->w[i].tok);
        p->w[i].tok = NULL;
    }
    p->nthreads = k;
    return p;
}

void fm_tok_pool_free(fm_tok_pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->cv_job);
    pthread_mutex_unlock(&p->mu);
    for (int i = 1; i < p->nthreads; i++)
        if (p->w[i].started) pthread_join(p->w[i].thread, NULL);
    for (int i = 0; i < p->nthreads; i++) fm_tokenizer_free(p->w[i].tok);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv_job);
    pthread_cond_destroy(&p->cv_done);
    free(p->w);
    free(p);
}

int fm_tok_pool_threads(const fm_tok_pool *p) { return p->nthreads; }

void fm_tok_pool_stats(const fm_tok_pool *p, uint64_t *hits, uint64_t *misses, uint64_t *fallbacks)
{
    uint64_t h = 0, mi = 0, f = 0;
    for (int i = 0; i < p->nthreads; i++) {
        uint64_t a, b, c;
        fm_tokenizer_stats(p->w[i].tok, &a, &b, &c);
        h += a;
        mi += b;
        f += c;
    }
    if (hits) *hits = h;
    if (misses) *misses = mi;
    if (fallbacks) *fallbacks = f;
}

int fm_tok_pool_run(fm_tok_pool *p, size_t n, fm_tok_pool_fn fn, void *ctx, fm_error *err)
{
    if (n == 0) return 0;
    pthread_mutex_lock(&p->mu);
    p->n = n;
    p->next = 0;
    p->fn = fn;
    p->ctx = ctx;
    p->err_index = (size_t)-1;
    fm_error_clear(&p->err);
    int helpers = p->nthreads > 1 && n > 1 ? p->nthreads - 1 : 0;
    if (helpers) {
        p->busy = p->nthreads - 1;
        p->generation++;
        pthread_cond_broadcast(&p->cv_job);
    }
    pthread_mutex_unlock(&p->mu);
    pool_work(p, p->w[0].tok);
    pthread_mutex_lock(&p->mu);
    if (helpers)
        while (p->busy > 0) pthread_cond_wait(&p->cv_done, &p->mu);
    int failed = p->err_index != (size_t)-1;
    if (failed && err) *err = p->err;
    pthread_mutex_unlock(&p->mu);
    return failed ? -1 : 0;
}

typedef struct batch_ctx {
    const char *const *texts;
    const size_t *lens;
    fm_ids *outs;
} batch_ctx;

static int batch_one(void *ctx, size_t i, fm_tokenizer *t, fm_error *err)
{
    batch_ctx *b = ctx;
    return fm_tokenizer_encode(t, b->texts[i], b->lens[i], &b->outs[i], err);
}

int fm_tokenize_batch(fm_tok_pool *p, size_t n, const char *const *texts, const size_t *lens,
                      fm_ids *outs, fm_error *err)
{
    batch_ctx b = { texts, lens, outs };
    return fm_tok_pool_run(p, n, batch_one, &b, err);
}
