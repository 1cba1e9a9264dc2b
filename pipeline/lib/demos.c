#include "demos.h"

#include "hash.h"
#include "strbuf.h"
#include "strdict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *fm_demo_mode_name(fm_demo_mode m)
{
    switch (m) {
    case FM_DEMO_RANDOM: return "random";
    case FM_DEMO_BALANCED: return "balanced";
    case FM_DEMO_SIMILAR: return "similar";
    }
    return "?";
}

int fm_demo_mode_parse(const char *s, fm_demo_mode *out, fm_error *err)
{
    for (int m = FM_DEMO_RANDOM; m <= FM_DEMO_SIMILAR; m++) {
        if (s && !strcmp(s, fm_demo_mode_name((fm_demo_mode)m))) {
            *out = (fm_demo_mode)m;
            return 0;
        }
    }
    return fm_error_set(err, FM_EUSAGE, NULL, 0, "mode",
                        "demonstration mode must be random, balanced or similar, got '%s'",
                        s ? s : "");
}

/* ---- tokenizer ------------------------------------------------------------------------ */

static int tok_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

size_t fm_demo_tokenize(const char *s, size_t n, void (*tok)(void *ctx, const char *t, size_t len),
                        void *ctx)
{
    char small[256];
    char *buf = small;
    size_t cap = sizeof small, count = 0, i = 0;
    while (i < n) {
        while (i < n && !tok_byte((unsigned char)s[i])) i++;
        size_t st = i;
        while (i < n && tok_byte((unsigned char)s[i])) i++;
        if (i == st) break;
        size_t len = i - st;
        if (len > cap) {
            if (buf != small) free(buf);
            cap = len;
            buf = fm_xmalloc(cap);
        }
        for (size_t j = 0; j < len; j++) {
            unsigned char c = (unsigned char)s[st + j];
            buf[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        tok(ctx, buf, len);
        count++;
    }
    if (buf != small) free(buf);
    return count;
}

/* ---- pool and index --------------------------------------------------------------------- */

struct fm_demo_pool {
    double k1, b;
    fm_strdict terms;
    /* while adding: every item's token term ids, back to back */
    uint32_t *toks;
    size_t ntoks, captoks;
    size_t *tok_off;      /* per item + 1 */
    size_t *cls;          /* per item */
    size_t n, cap;
    size_t nclasses;
    /* built */
    size_t *class_off;    /* nclasses + 1 */
    size_t *class_items;  /* items of each class, ascending */
    double *idf;          /* per term */
    size_t *post_off;     /* nterms + 1 */
    uint32_t *post_doc;   /* postings: item, ascending within a term */
    float *post_s;        /* the term's contribution to the item's score: idf * w, as float */
    long *dense_of;       /* per term: row in `dense`, or -1 (postings) */
    float *dense;         /* rows of N contributions for the commonest terms */
    size_t ndense;
    int built;
};

fm_demo_pool *fm_demo_pool_new(double k1, double b)
{
    fm_demo_pool *p = fm_xcalloc(1, sizeof *p);
    p->k1 = k1;
    p->b = b;
    fm_strdict_init(&p->terms);
    p->tok_off = fm_xcalloc(1, sizeof *p->tok_off);
    return p;
}

typedef struct add_ctx { fm_demo_pool *p; } add_ctx;

static void add_tok(void *vctx, const char *t, size_t len)
{
    fm_demo_pool *p = ((add_ctx *)vctx)->p;
    long id = fm_strdict_find(&p->terms, t, len, 1);
    if (p->ntoks == p->captoks) {
        p->captoks = p->captoks ? p->captoks * 2 : 4096;
        p->toks = fm_xrealloc(p->toks, p->captoks * sizeof *p->toks);
    }
    p->toks[p->ntoks++] = (uint32_t)id;
}

void fm_demo_pool_add(fm_demo_pool *p, const char *text, size_t len, size_t cls)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1024;
        p->cls = fm_xrealloc(p->cls, p->cap * sizeof *p->cls);
        p->tok_off = fm_xrealloc(p->tok_off, (p->cap + 1) * sizeof *p->tok_off);
    }
    add_ctx c = { p };
    fm_demo_tokenize(text, len, add_tok, &c);
    p->cls[p->n] = cls;
    p->tok_off[++p->n] = p->ntoks;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

void fm_demo_pool_build(fm_demo_pool *p, size_t nclasses)
{
    size_t nt = p->terms.nterms;
    p->nclasses = nclasses;
    /* classes: counting sort keeps items ascending within each class */
    p->class_off = fm_xcalloc(nclasses + 1, sizeof *p->class_off);
    p->class_items = fm_xmalloc((p->n ? p->n : 1) * sizeof *p->class_items);
    for (size_t i = 0; i < p->n; i++) p->class_off[p->cls[i] + 1]++;
    for (size_t c = 0; c < nclasses; c++) p->class_off[c + 1] += p->class_off[c];
    size_t *fill = fm_xmalloc((nclasses + 1) * sizeof *fill);
    memcpy(fill, p->class_off, (nclasses + 1) * sizeof *fill);
    for (size_t i = 0; i < p->n; i++) p->class_items[fill[p->cls[i]]++] = i;
    free(fill);

    /* sort each item's term ids so that equal terms are runs (tf) */
    for (size_t i = 0; i < p->n; i++)
        fm_qsort(p->toks + p->tok_off[i], p->tok_off[i + 1] - p->tok_off[i], sizeof *p->toks, cmp_u32);
    p->post_off = fm_xcalloc(nt + 1, sizeof *p->post_off);
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = p->tok_off[i]; j < p->tok_off[i + 1]; j++)
            if (j == p->tok_off[i] || p->toks[j] != p->toks[j - 1]) p->post_off[p->toks[j] + 1]++;
    p->idf = fm_xmalloc((nt ? nt : 1) * sizeof *p->idf);
    for (size_t t = 0; t < nt; t++) {
        double df = (double)p->post_off[t + 1], N = (double)p->n;
        p->idf[t] = log(1.0 + (N - df + 0.5) / (df + 0.5));
    }
    for (size_t t = 0; t < nt; t++) p->post_off[t + 1] += p->post_off[t];
    size_t np = p->post_off[nt];
    p->post_doc = fm_xmalloc((np ? np : 1) * sizeof *p->post_doc);
    p->post_s = fm_xmalloc((np ? np : 1) * sizeof *p->post_s);
    double avgdl = p->n ? (double)p->ntoks / (double)p->n : 0;
    size_t *pos = fm_xmalloc((nt + 1) * sizeof *pos);
    memcpy(pos, p->post_off, (nt + 1) * sizeof *pos);
    for (size_t i = 0; i < p->n; i++) {
        size_t a = p->tok_off[i], e = p->tok_off[i + 1];
        double dl = (double)(e - a);
        double norm = p->k1 * (1.0 - p->b + (avgdl > 0 ? p->b * dl / avgdl : 0));
        for (size_t j = a; j < e;) {
            size_t r = j;
            while (r < e && p->toks[r] == p->toks[j]) r++;
            double tf = (double)(r - j);
            size_t at = pos[p->toks[j]]++;
            p->post_doc[at] = (uint32_t)i;
            p->post_s[at] = (float)(p->idf[p->toks[j]] * (tf * (p->k1 + 1.0) / (tf + norm)));
            j = r;
        }
    }
    free(pos);
    /* Terms in at least a quarter of a large pool get a dense row: adding a row is a
     * sequential (vectorized) loop, much faster than scattering that many postings. Adding
     * the row's zeros leaves the other sums unchanged, so scores are the same either way. */
    p->dense_of = fm_xmalloc((nt ? nt : 1) * sizeof *p->dense_of);
    for (size_t t = 0; t < nt; t++) {
        size_t df = p->post_off[t + 1] - p->post_off[t];
        p->dense_of[t] = p->n >= 1024 && df * 4 >= p->n ? (long)p->ndense++ : -1;
    }
    p->dense = fm_xcalloc(p->ndense ? p->ndense * p->n : 1, sizeof *p->dense);
    for (size_t t = 0; t < nt; t++) {
        if (p->dense_of[t] < 0) continue;
        float *row = p->dense + (size_t)p->dense_of[t] * p->n;
        for (size_t j = p->post_off[t]; j < p->post_off[t + 1]; j++) row[p->post_doc[j]] = p->post_s[j];
    }
    free(p->toks);
    p->toks = NULL;
    p->ntoks = p->captoks = 0;
    p->built = 1;
}

size_t fm_demo_pool_size(const fm_demo_pool *p) { return p->n; }
size_t fm_demo_pool_classes(const fm_demo_pool *p) { return p->nclasses; }

void fm_demo_pool_free(fm_demo_pool *p)
{
    if (!p) return;
    fm_strdict_release(&p->terms);
    free(p->toks);
    free(p->tok_off);
    free(p->cls);
    free(p->class_off);
    free(p->class_items);
    free(p->idf);
    free(p->post_off);
    free(p->post_doc);
    free(p->post_s);
    free(p->dense_of);
    free(p->dense);
    free(p);
}

/* ---- queries ------------------------------------------------------------------------------ */

#define HIST_BUCKETS 4096 /* float bits >> 19: sign, exponent and 4 mantissa bits */

struct fm_demo_searcher {
    const fm_demo_pool *p;
    float *score;       /* per item, this query */
    uint32_t *qterms;   /* distinct query terms */
    size_t nq, capq;
    uint64_t *keys;     /* one class's candidates in the selected histogram bucket */
    uint32_t hist[HIST_BUCKETS];
};

fm_demo_searcher *fm_demo_searcher_new(const fm_demo_pool *p)
{
    fm_demo_searcher *s = fm_xcalloc(1, sizeof *s);
    size_t n = p->n ? p->n : 1;
    s->p = p;
    s->score = fm_xcalloc(n, sizeof *s->score);
    s->keys = fm_xmalloc(n * sizeof *s->keys);
    return s;
}

void fm_demo_searcher_free(fm_demo_searcher *s)
{
    if (!s) return;
    free(s->score);
    free(s->qterms);
    free(s->keys);
    free(s);
}

static void query_tok(void *vctx, const char *t, size_t len)
{
    fm_demo_searcher *s = vctx;
    long id = fm_strdict_find((fm_strdict *)&s->p->terms, t, len, 0);
    if (id < 0) return;
    for (size_t i = 0; i < s->nq; i++)
        if (s->qterms[i] == (uint32_t)id) return; /* a repeated term counts once */
    if (s->nq == s->capq) {
        s->capq = s->capq ? s->capq * 2 : 32;
        s->qterms = fm_xrealloc(s->qterms, s->capq * sizeof *s->qterms);
    }
    s->qterms[s->nq++] = (uint32_t)id;
}

/* sc[0..n) += row[0..n), 8 lanes at a time (GCC/Clang vector extension; each lane is the
 * same IEEE float addition as the scalar loop, so the sums are bit-identical). */
typedef float fm_v8f __attribute__((vector_size(32)));

static void add_row(float *restrict sc, const float *restrict row, size_t n)
{
    size_t d = 0;
    for (; d + 8 <= n; d += 8) {
        fm_v8f a, b;
        memcpy(&a, sc + d, sizeof a);
        memcpy(&b, row + d, sizeof b);
        a += b;
        memcpy(sc + d, &a, sizeof a);
    }
    for (; d < n; d++) sc[d] += row[d];
}

/* Score every pool item against the query into s->score (float). Each item's score is the
 * float sum of its terms' contributions in the order the terms first occur in the query,
 * so it is reproducible bit for bit. */
static void score_query(fm_demo_searcher *s, const char *q, size_t qlen)
{
    const fm_demo_pool *p = s->p;
    float *restrict sc = s->score;
    memset(sc, 0, (p->n ? p->n : 1) * sizeof *sc);
    s->nq = 0;
    fm_demo_tokenize(q, qlen, query_tok, s);
    for (size_t k = 0; k < s->nq; k++) {
        uint32_t t = s->qterms[k];
        if (p->dense_of[t] >= 0) {
            add_row(sc, p->dense + (size_t)p->dense_of[t] * p->n, p->n);
        } else {
            for (size_t j = p->post_off[t]; j < p->post_off[t + 1]; j++) sc[p->post_doc[j]] += p->post_s[j];
        }
    }
}

void fm_demo_bm25_all(fm_demo_searcher *s, const char *query, size_t qlen, double *scores)
{
    score_query(s, query, qlen);
    for (size_t i = 0; i < s->p->n; i++) scores[i] = s->score[i];
}

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Sort key of a candidate: ascending key = descending score, then ascending pool index
 * (scores are >= 0, whose float bit patterns order like the numbers). */
static uint64_t rank_key(float score, size_t item)
{
    return ((uint64_t)(~float_bits(score)) << 32) | (uint64_t)item;
}

static void swap_u64(uint64_t *a, uint64_t *b)
{
    uint64_t t = *a;
    *a = *b;
    *b = t;
}

/* Quickselect (Lomuto partition, median-of-three pivot): afterwards v[r] is the r-th
 * smallest key. Keys are distinct (pool indexes differ), so the result does not depend on
 * the pivot choices. */
static void select_rank(uint64_t *v, size_t n, size_t r)
{
    size_t lo = 0, hi = n; /* [lo, hi) holds rank r */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, last = hi - 1, pi;
        uint64_t a = v[lo], b = v[mid], c = v[last];
        if (a < b) pi = b < c ? mid : (a < c ? last : lo);
        else pi = a < c ? lo : (b < c ? last : mid);
        swap_u64(&v[pi], &v[last]);
        size_t store = lo;
        for (size_t i = lo; i < last; i++)
            if (v[i] < v[last]) swap_u64(&v[i], &v[store++]);
        swap_u64(&v[store], &v[last]);
        if (r == store) return;
        if (r < store) hi = store;
        else lo = store + 1;
    }
}

/* The candidate of rank r (0-based) among items[0..m) minus `exclude`, ranked by score
 * descending then pool index ascending. A histogram of the scores' top float bits finds
 * the bucket holding rank r in one pass; only that bucket is then ranked exactly. */
static size_t class_rank(fm_demo_searcher *s, const size_t *items, size_t m, size_t exclude,
                         size_t r)
{
    const float *sc = s->score;
    memset(s->hist, 0, sizeof s->hist);
    for (size_t j = 0; j < m; j++)
        if (items[j] != exclude) s->hist[float_bits(sc[items[j]]) >> 19]++;
    size_t above = 0, b = HIST_BUCKETS;
    while (b-- > 0) {
        if (above + s->hist[b] > r) break;
        above += s->hist[b];
    }
    size_t n = 0;
    int same = 1;
    uint32_t first = 0;
    for (size_t j = 0; j < m; j++) {
        size_t d = items[j];
        if (d == exclude) continue;
        uint32_t bits = float_bits(sc[d]);
        if ((bits >> 19) != b) continue;
        if (!n) first = bits;
        else if (bits != first) same = 0;
        s->keys[n++] = rank_key(sc[d], d);
    }
    /* Equal scores were collected in pool order, which is their rank order already. */
    if (!same) select_rank(s->keys, n, r - above);
    return (size_t)(uint32_t)s->keys[r - above];
}

size_t fm_demo_max_picks(const fm_demo_pool *p, const fm_demo_opts *o)
{
    size_t m = p->nclasses;
    if (o->mode == FM_DEMO_RANDOM && o->k > m) m = o->k;
    return m ? m : 1;
}

static size_t class_of_item(const fm_demo_pool *p, size_t item)
{
    return item < p->n ? p->cls[item] : FM_DEMO_NONE;
}

static size_t select_random(fm_demo_searcher *s, const fm_demo_opts *o, size_t exclude,
                            fm_rng *rng, fm_demo_pick *picks)
{
    const fm_demo_pool *p = s->p;
    size_t avail = p->n - (exclude < p->n ? 1 : 0), k = o->k < avail ? o->k : avail, got = 0;
    if (k == avail) {
        /* all of them, shuffled */
        for (size_t i = 0; i < p->n; i++)
            if (i != exclude) picks[got++].item = i;
        for (size_t i = got; i > 1; i--) {
            size_t j = (size_t)fm_rng_below(rng, i);
            fm_demo_pick t = picks[i - 1];
            picks[i - 1] = picks[j];
            picks[j] = t;
        }
    } else {
        while (got < k) {
            size_t j = (size_t)fm_rng_below(rng, p->n), dup = j == exclude;
            for (size_t x = 0; x < got && !dup; x++) dup = picks[x].item == j;
            if (!dup) picks[got++].item = j;
        }
    }
    for (size_t i = 0; i < got; i++) {
        picks[i].cls = p->cls[picks[i].item];
        picks[i].rank = i;
        picks[i].score = 0;
    }
    return got;
}

static size_t select_balanced(fm_demo_searcher *s, size_t exclude, fm_rng *rng,
                              fm_demo_pick *picks)
{
    const fm_demo_pool *p = s->p;
    size_t ex_cls = class_of_item(p, exclude), got = 0;
    for (size_t c = 0; c < p->nclasses; c++) {
        const size_t *items = p->class_items + p->class_off[c];
        size_t m = p->class_off[c + 1] - p->class_off[c];
        size_t skip = FM_DEMO_NONE; /* position of the query within the class */
        if (c == ex_cls) {
            size_t lo = 0, hi = m;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (items[mid] < exclude) lo = mid + 1;
                else hi = mid;
            }
            skip = lo;
            m--;
        }
        if (!m) continue;
        size_t r = (size_t)fm_rng_below(rng, m);
        if (skip != FM_DEMO_NONE && r >= skip) r++;
        picks[got].item = items[r];
        picks[got].cls = c;
        picks[got].rank = got;
        picks[got].score = 0;
        got++;
    }
    return got;
}

static size_t select_similar(fm_demo_searcher *s, const fm_demo_opts *o, const char *q,
                             size_t qlen, size_t exclude, fm_rng *rng, fm_demo_pick *picks)
{
    const fm_demo_pool *p = s->p;
    size_t ex_cls = class_of_item(p, exclude), got = 0;
    score_query(s, q, qlen);
    for (size_t c = 0; c < p->nclasses; c++) {
        const size_t *items = p->class_items + p->class_off[c];
        size_t mc = p->class_off[c + 1] - p->class_off[c];
        size_t m = mc - (c == ex_cls ? 1 : 0);
        if (!m) continue;
        size_t limit = (size_t)floor((double)m * o->rate);
        if (limit < 1) limit = 1;
        if (limit > m) limit = m;
        size_t r = (size_t)fm_rng_below(rng, limit);
        fm_demo_pick *pk = &picks[got++];
        pk->cls = c;
        pk->rank = r;
        pk->item = class_rank(s, items, mc, exclude, r);
        pk->score = s->score[pk->item];
    }
    return got;
}

size_t fm_demo_select(fm_demo_searcher *s, const fm_demo_opts *o, const char *query, size_t qlen,
                      size_t exclude, fm_rng *rng, fm_demo_pick *picks)
{
    switch (o->mode) {
    case FM_DEMO_RANDOM: return select_random(s, o, exclude, rng, picks);
    case FM_DEMO_BALANCED: return select_balanced(s, exclude, rng, picks);
    case FM_DEMO_SIMILAR: return select_similar(s, o, query, qlen, exclude, rng, picks);
    }
    return 0;
}
