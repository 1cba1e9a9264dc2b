#include "mixsample.h"

#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- composition ----------------------------------------------------------------- */

void fm_mix_sched_init(fm_mix_sched *s, const fm_mixture *m, uint64_t seed)
{
    s->n = m->n_units;
    s->w = fm_xcalloc(s->n ? s->n : 1, sizeof *s->w);
    s->u = fm_xcalloc(s->n ? s->n : 1, sizeof *s->u);
    fm_strbuf key = FM_STRBUF_INIT;
    for (size_t i = 0; i < s->n; i++) {
        /* A unit with no examples cannot be drawn, whatever its rate. */
        s->w[i] = m->units[i].count > 0 && m->units[i].weight > 0 ? m->units[i].weight : 0;
        fm_strbuf_reset(&key);
        fm_strbuf_addf(&key, "mix/phase/%s", m->units[i].name);
        fm_rng r;
        fm_rng_seed_keyed(&r, seed, key.buf);
        s->u[i] = fm_rng_double(&r);
    }
    fm_strbuf_release(&key);
}

void fm_mix_sched_release(fm_mix_sched *s)
{
    free(s->w);
    free(s->u);
    memset(s, 0, sizeof *s);
}

static double arrival(double u, double w, int64_t j)
{
    return ((double)j + u) / w;
}

/* #{j >= 0 : arrival(j) < tau}. arrival() is non-decreasing in j (rounding is monotone),
 * so an estimate is corrected by stepping. */
static uint64_t count_lt(double u, double w, double tau)
{
    if (w <= 0) return 0;
    double est = floor(tau * w - u);
    int64_t j = est < 0 ? -1 : est > 9e15 ? (int64_t)9e15 : (int64_t)est;
    while (j >= 0 && !(arrival(u, w, j) < tau)) j--;
    while (arrival(u, w, j + 1) < tau) j++;
    return (uint64_t)(j + 1);
}

static uint64_t total_le(const fm_mix_sched *s, double tau)
{
    double next = nextafter(tau, INFINITY);
    uint64_t t = 0;
    for (size_t i = 0; i < s->n; i++) t += count_lt(s->u[i], s->w[i], next);
    return t;
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t to_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

void fm_mix_sched_counts(const fm_mix_sched *s, uint64_t R, uint64_t *counts)
{
    memset(counts, 0, s->n * sizeof *counts);
    if (R == 0) return;
    /* The R-th earliest arrival tau: the least tau with total_le(tau) >= R. Positive
     * doubles order as their bit patterns, so bisect on those. */
    double hi_d = 2.0 * ((double)R + 2.0 * (double)s->n + 2.0);
    while (total_le(s, hi_d) < R) hi_d *= 2;
    uint64_t lo = 0, hi = to_bits(hi_d);
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (total_le(s, from_bits(mid)) >= R) hi = mid;
        else lo = mid + 1;
    }
    double tau = from_bits(lo);
    uint64_t sum = 0;
    for (size_t i = 0; i < s->n; i++) sum += counts[i] = count_lt(s->u[i], s->w[i], tau);
    /* Arrivals exactly at tau go in unit order until there are R. */
    for (size_t i = 0; i < s->n && sum < R; i++)
        if (s->w[i] > 0 && arrival(s->u[i], s->w[i], (int64_t)counts[i]) == tau) {
            counts[i]++;
            sum++;
        }
}

void fm_mix_sched_order(const fm_mix_sched *s, uint64_t seed, uint64_t block,
                        const uint64_t *start, const uint64_t *end, uint32_t *order)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        for (uint64_t j = start[i]; j < end[i]; j++) order[k++] = (uint32_t)i;
    fm_rng r;
    fm_rng_seed_keyed_index(&r, seed, "mix/block", block);
    fm_rng_shuffle(&r, order, k, sizeof *order);
}

/* ---- reading ---------------------------------------------------------------------- */

typedef struct {
    fm_reader *r;   /* NULL when closed */
    size_t file;    /* file the reader reads */
    uint64_t next;  /* line index (in the entry's stream) the reader returns next */
} cursor;

struct fm_mix_pool {
    const fm_mixture *m;
    cursor *c;
    size_t max_open, open;
    uint64_t opens;
};

fm_mix_pool *fm_mix_pool_new(const fm_mixture *m, size_t max_open)
{
    fm_mix_pool *p = fm_xcalloc(1, sizeof *p);
    p->m = m;
    p->c = fm_xcalloc(m->n_units ? m->n_units : 1, sizeof *p->c);
    p->max_open = max_open ? max_open : 1;
    return p;
}

static void close_cursor(fm_mix_pool *p, cursor *c)
{
    if (c->r) {
        fm_reader_close(c->r);
        c->r = NULL;
        p->open--;
    }
}

void fm_mix_pool_free(fm_mix_pool *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->m->n_units; i++) close_cursor(p, &p->c[i]);
    free(p->c);
    free(p);
}

uint64_t fm_mix_pool_opens(const fm_mix_pool *p)
{
    return p->opens;
}

/* Close the open cursor of the lightest unit other than keep (ties: lowest index). */
static void evict_one(fm_mix_pool *p, size_t keep)
{
    size_t best = (size_t)-1;
    for (size_t i = 0; i < p->m->n_units; i++) {
        if (i == keep || !p->c[i].r) continue;
        if (best == (size_t)-1 || p->m->units[i].weight < p->m->units[best].weight) best = i;
    }
    if (best != (size_t)-1) close_cursor(p, &p->c[best]);
}

int fm_mix_pool_read(fm_mix_pool *p, size_t unit, uint64_t pos, fm_strbuf *out, fm_error *err)
{
    const fm_mix_unit *u = &p->m->units[unit];
    const fm_mix_entry *e = u->entry;
    cursor *c = &p->c[unit];
    if (!e || !e->n_files || u->count == 0)
        return fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "unit %s has no examples to read",
                            u->name);
    uint64_t target = u->start + pos % u->count;
    /* First line of each file, to find the one holding target. */
    uint64_t fstart = 0;
    size_t f = 0;
    while (f + 1 < e->n_files && target >= fstart + e->file_counts[f]) fstart += e->file_counts[f++];
    if (c->r && (c->file != f || c->next > target)) close_cursor(p, c);
    if (!c->r) {
        if (p->open >= p->max_open) evict_one(p, unit);
        if (!(c->r = fm_reader_open(e->files[f], err))) return -1;
        p->open++;
        p->opens++;
        c->file = f;
        c->next = fstart;
    }
    fm_strbuf line = FM_STRBUF_INIT;
    for (;;) {
        int rc = fm_reader_getline(c->r, &line, NULL, err);
        if (rc <= 0) {
            if (rc == 0)
                fm_error_set(err, FM_EINPUT, e->files[f], fm_reader_lineno(c->r), NULL,
                             "file ended before its %llu examples (manifest count wrong?)",
                             (unsigned long long)e->file_counts[f]);
            fm_strbuf_release(&line);
            close_cursor(p, c);
            return -1;
        }
        if (c->next++ == target) break;
    }
    fm_strbuf_add(out, line.buf, line.len);
    fm_strbuf_release(&line);
    return 0;
}
