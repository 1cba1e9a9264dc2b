#include "demos.h"

#include "hash.h"
#include "strbuf.h"

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

/* ---- term dictionary: open addressing over an arena of term bytes ---------------------- */

typedef struct dict {
    uint32_t *slot;   /* term id + 1, 0 = empty */
    size_t nslots;    /* power of two */
    uint64_t *hash;   /* per term */
    size_t *off;      /* per term: offset in bytes */
    uint32_t *len;
    size_t nterms, cap;
    fm_strbuf bytes;
} dict;

static void dict_init(dict *d)
{
    memset(d, 0, sizeof *d);
    fm_strbuf_init(&d->bytes);
    d->nslots = 1024;
    d->slot = fm_xcalloc(d->nslots, sizeof *d->slot);
}

static void dict_release(dict *d)
{
    free(d->slot);
    free(d->hash);
    free(d->off);
    free(d->len);
    fm_strbuf_release(&d->bytes);
}

static void dict_grow(dict *d)
{
    size_t ns = d->nslots * 2;
    uint32_t *slot = fm_xcalloc(ns, sizeof *slot);
    for (size_t t = 0; t < d->nterms; t++) {
        size_t i = d->hash[t] & (ns - 1);
        while (slot[i]) i = (i + 1) & (ns - 1);
        slot[i] = (uint32_t)t + 1;
    }
    free(d->slot);
    d->slot = slot;
    d->nslots = ns;
}

/* Term id of s, or -1 if unknown (insert = 0) / the new id (insert = 1). */
static long dict_find(dict *d, const char *s, size_t n, int insert)
{
    uint64_t h = fm_hash64(s, n);
    size_t i = h & (d->nslots - 1);
    while (d->slot[i]) {
        uint32_t t = d->slot[i] - 1;
        if (d->hash[t] == h && d->len[t] == n && !memcmp(d->bytes.buf + d->off[t], s, n)) return t;
        i = (i + 1) & (d->nslots - 1);
    }
    if (!insert) return -1;
    if (d->nterms == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->hash = fm_xrealloc(d->hash, d->cap * sizeof *d->hash);
        d->off = fm_xrealloc(d->off, d->cap * sizeof *d->off);
        d->len = fm_xrealloc(d->len, d->cap * sizeof *d->len);
    }
    size_t t = d->nterms++;
    d->hash[t] = h;
    d->off[t] = d->bytes.len;
    d->len[t] = (uint32_t)n;
    fm_strbuf_add(&d->bytes, s, n);
    d->slot[i] = (uint32_t)t + 1;
    if (d->nterms * 2 > d->nslots) dict_grow(d);
    return (long)t;
}

/* ---- pool and index --------------------------------------------------------------------- */

struct fm_demo_pool {
    double k1, b;
    dict terms;
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
    double *post_w;       /* tf (k1+1) / (tf + k1 (1 - b + b |d| / avgdl)) */
    int built;
};

fm_demo_pool *fm_demo_pool_new(double k1, double b)
{
    fm_demo_pool *p = fm_xcalloc(1, sizeof *p);
    p->k1 = k1;
    p->b = b;
    dict_init(&p->terms);
    p->tok_off = fm_xcalloc(1, sizeof *p->tok_off);
    return p;
}

typedef struct add_ctx { fm_demo_pool *p; } add_ctx;

static void add_tok(void *vctx, const char *t, size_t len)
{
    fm_demo_pool *p = ((add_ctx *)vctx)->p;
    long id = dict_find(&p->terms, t, len, 1);
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
        qsort(p->toks + p->tok_off[i], p->tok_off[i + 1] - p->tok_off[i], sizeof *p->toks, cmp_u32);
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
    p->post_w = fm_xmalloc((np ? np : 1) * sizeof *p->post_w);
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
            p->post_w[at] = tf * (p->k1 + 1.0) / (tf + norm);
            j = r;
        }
    }
    free(pos);
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
    dict_release(&p->terms);
    free(p->toks);
    free(p->tok_off);
    free(p->cls);
    free(p->class_off);
    free(p->class_items);
    free(p->idf);
    free(p->post_off);
    free(p->post_doc);
    free(p->post_w);
    free(p);
}

/* ---- queries ------------------------------------------------------------------------------ */

typedef struct scored {
    double score;
    size_t item;
} scored;

struct fm_demo_searcher {
    const fm_demo_pool *p;
    double *score;      /* per item, valid where stamp == epoch */
    uint32_t *stamp;
    uint32_t epoch;
    size_t *touched;    /* items with a score this query */
    size_t ntouched;
    uint32_t *qterms;   /* distinct query terms */
    size_t nq, capq;
    scored *buf;        /* touched items bucketed by class */
    size_t *boff;       /* nclasses + 1 */
};

fm_demo_searcher *fm_demo_searcher_new(const fm_demo_pool *p)
{
    fm_demo_searcher *s = fm_xcalloc(1, sizeof *s);
    size_t n = p->n ? p->n : 1;
    s->p = p;
    s->score = fm_xmalloc(n * sizeof *s->score);
    s->stamp = fm_xcalloc(n, sizeof *s->stamp);
    s->touched = fm_xmalloc(n * sizeof *s->touched);
    s->buf = fm_xmalloc(n * sizeof *s->buf);
    s->boff = fm_xmalloc((p->nclasses + 2) * sizeof *s->boff);
    return s;
}

void fm_demo_searcher_free(fm_demo_searcher *s)
{
    if (!s) return;
    free(s->score);
    free(s->stamp);
    free(s->touched);
    free(s->qterms);
    free(s->buf);
    free(s->boff);
    free(s);
}

static void query_tok(void *vctx, const char *t, size_t len)
{
    fm_demo_searcher *s = vctx;
    long id = dict_find((dict *)&s->p->terms, t, len, 0);
    if (id < 0) return;
    for (size_t i = 0; i < s->nq; i++)
        if (s->qterms[i] == (uint32_t)id) return; /* a repeated term counts once */
    if (s->nq == s->capq) {
        s->capq = s->capq ? s->capq * 2 : 32;
        s->qterms = fm_xrealloc(s->qterms, s->capq * sizeof *s->qterms);
    }
    s->qterms[s->nq++] = (uint32_t)id;
}

/* Score the pool against the query: afterwards touched[0..ntouched) are the items sharing a
 * term with it (score > 0), in first-touch order. Terms are summed in the order they first
 * occur in the query, so the floating-point sums are reproducible. */
static void score_query(fm_demo_searcher *s, const char *q, size_t qlen)
{
    const fm_demo_pool *p = s->p;
    if (++s->epoch == 0) { /* wrapped: forget every stamp */
        memset(s->stamp, 0, (p->n ? p->n : 1) * sizeof *s->stamp);
        s->epoch = 1;
    }
    s->nq = 0;
    s->ntouched = 0;
    fm_demo_tokenize(q, qlen, query_tok, s);
    for (size_t k = 0; k < s->nq; k++) {
        uint32_t t = s->qterms[k];
        double idf = p->idf[t];
        for (size_t j = p->post_off[t]; j < p->post_off[t + 1]; j++) {
            uint32_t d = p->post_doc[j];
            if (s->stamp[d] != s->epoch) {
                s->stamp[d] = s->epoch;
                s->score[d] = 0;
                s->touched[s->ntouched++] = d;
            }
            s->score[d] += idf * p->post_w[j];
        }
    }
}

void fm_demo_bm25_all(fm_demo_searcher *s, const char *query, size_t qlen, double *scores)
{
    score_query(s, query, qlen);
    for (size_t i = 0; i < s->p->n; i++) scores[i] = s->stamp[i] == s->epoch ? s->score[i] : 0;
}

/* Ranking order: higher score first, then lower pool index. */
static int before(const scored *a, const scored *b)
{
    return a->score > b->score || (a->score == b->score && a->item < b->item);
}

static void swap_scored(scored *a, scored *b)
{
    scored t = *a;
    *a = *b;
    *b = t;
}

/* Quickselect (Lomuto partition, median-of-three pivot): afterwards v[r] is the element of
 * rank r (0-based, in `before` order). The order is strict (pool indexes differ), so the
 * result does not depend on the pivot choices. */
static void select_rank(scored *v, size_t n, size_t r)
{
    size_t lo = 0, hi = n; /* [lo, hi) holds rank r */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, last = hi - 1, pi;
        const scored *a = &v[lo], *b = &v[mid], *c = &v[last];
        if (before(a, b)) pi = before(b, c) ? mid : (before(a, c) ? last : lo);
        else pi = before(a, c) ? lo : (before(b, c) ? last : mid);
        swap_scored(&v[pi], &v[last]);
        size_t store = lo;
        for (size_t i = lo; i < last; i++)
            if (before(&v[i], &v[last])) swap_scored(&v[i], &v[store++]);
        swap_scored(&v[store], &v[last]);
        if (r == store) return;
        if (r < store) hi = store;
        else lo = store + 1;
    }
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
    size_t nc = p->nclasses, ex_cls = class_of_item(p, exclude), got = 0;
    score_query(s, q, qlen);
    /* bucket the scored items by class (counting sort; the query itself left out) */
    memset(s->boff, 0, (nc + 2) * sizeof *s->boff);
    for (size_t i = 0; i < s->ntouched; i++)
        if (s->touched[i] != exclude) s->boff[p->cls[s->touched[i]] + 2]++;
    for (size_t c = 0; c < nc; c++) s->boff[c + 2] += s->boff[c + 1];
    for (size_t i = 0; i < s->ntouched; i++) {
        size_t d = s->touched[i];
        if (d == exclude) continue;
        scored *e = &s->buf[s->boff[p->cls[d] + 1]++];
        e->score = s->score[d];
        e->item = d;
    }
    /* now bucket c is buf[boff[c] .. boff[c + 1]) */
    for (size_t c = 0; c < nc; c++) {
        size_t m = p->class_off[c + 1] - p->class_off[c] - (c == ex_cls ? 1 : 0);
        if (!m) continue;
        size_t limit = (size_t)floor((double)m * o->rate);
        if (limit < 1) limit = 1;
        if (limit > m) limit = m;
        size_t r = (size_t)fm_rng_below(rng, limit);
        scored *v = s->buf + s->boff[c];
        size_t nv = s->boff[c + 1] - s->boff[c];
        fm_demo_pick *pk = &picks[got++];
        pk->cls = c;
        pk->rank = r;
        if (r < nv) {
            select_rank(v, nv, r);
            pk->item = v[r].item;
            pk->score = v[r].score;
        } else {
            /* below every scored item: score 0, in pool order, skipping scored ones */
            size_t want = r - nv;
            const size_t *items = p->class_items + p->class_off[c];
            size_t mc = p->class_off[c + 1] - p->class_off[c];
            pk->item = FM_DEMO_NONE;
            for (size_t j = 0; j < mc; j++) {
                size_t d = items[j];
                if (d == exclude || s->stamp[d] == s->epoch) continue;
                if (want-- == 0) {
                    pk->item = d;
                    break;
                }
            }
            pk->score = 0;
        }
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
