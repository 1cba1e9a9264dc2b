#include "pack.h"

#include <stdlib.h>
#include <string.h>

/* Longest row we accept: positions and segment ids must fit the writers' column types, and
 * a row's arrays are allocated whole. */
#define FM_PACK_MAX_LEN (1u << 24)

const char *fm_layout_name(fm_layout l)
{
    return l == FM_LAYOUT_ENCDEC ? "encdec" : "prefixlm";
}

const char *fm_pack_algo_name(fm_pack_algo a)
{
    switch (a) {
    case FM_ALGO_BFD: return "bfd";
    case FM_ALGO_NEXTFIT: return "nextfit";
    default: return "none";
    }
}

int fm_layout_parse(const char *s, fm_layout *out, fm_error *err)
{
    if (s && !strcmp(s, "encdec")) { *out = FM_LAYOUT_ENCDEC; return 0; }
    if (s && !strcmp(s, "prefixlm")) { *out = FM_LAYOUT_PREFIXLM; return 0; }
    return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--layout: expected encdec or prefixlm, got '%s'",
                        s ? s : "");
}

int fm_pack_algo_parse(const char *s, fm_pack_algo *out, fm_error *err)
{
    if (s && !strcmp(s, "bfd")) { *out = FM_ALGO_BFD; return 0; }
    if (s && !strcmp(s, "nextfit")) { *out = FM_ALGO_NEXTFIT; return 0; }
    if (s && !strcmp(s, "none")) { *out = FM_ALGO_NONE; return 0; }
    return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--algo: expected bfd, nextfit or none, got '%s'",
                        s ? s : "");
}

int fm_pack_cfg_check(const fm_pack_cfg *c, fm_error *err)
{
    if (c->pad_id < 0 || c->eos_id < 0)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "pad id %d / EOS id %d must be >= 0",
                            (int)c->pad_id, (int)c->eos_id);
    if (c->pad_id == c->eos_id)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                            "pad id equals EOS id (%d): trainers could not tell padding from the end "
                            "of an example; choose another --pad-id", (int)c->pad_id);
    if (c->layout == FM_LAYOUT_PREFIXLM) {
        /* The smallest example is EOS (empty inputs) + one target token... at least EOS+EOS. */
        if (c->seq_len < 2 || c->seq_len > FM_PACK_MAX_LEN)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                                "--seq-len %u: must be in [2, %u] (an example needs at least "
                                "inputs EOS + targets EOS)", c->seq_len, FM_PACK_MAX_LEN);
    } else {
        if (c->inputs_len < 1 || c->inputs_len > FM_PACK_MAX_LEN)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--inputs-len %u: must be in [1, %u]",
                                c->inputs_len, FM_PACK_MAX_LEN);
        if (c->targets_len < 1 || c->targets_len > FM_PACK_MAX_LEN)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--targets-len %u: must be in [1, %u]",
                                c->targets_len, FM_PACK_MAX_LEN);
    }
    return 0;
}

/* Cut x[0..*n) to k < *n tokens ending in EOS (seqio append_eos_after_trim). */
static void cut(int32_t *x, uint32_t *n, uint32_t k, int32_t eos)
{
    x[k - 1] = eos;
    *n = k;
}

int fm_pack_fit(const fm_pack_cfg *c, fm_example *ex, fm_pack_stats *st, fm_error *err)
{
    uint32_t a = ex->n_in, b = ex->n_tg, na = a, nb = b;
    if (c->layout == FM_LAYOUT_ENCDEC) {
        if (a > c->inputs_len) na = c->inputs_len;
        if (b > c->targets_len) nb = c->targets_len;
    } else if ((uint64_t)a + b > c->seq_len) {
        uint32_t L = c->seq_len, half = L / 2;
        uint32_t keep_in = a < half ? a : half;
        if (L > b && L - b > keep_in) keep_in = L - b;
        na = keep_in;
        nb = L - keep_in;
    }
    if (na == a && nb == b) return 0;
    if (c->on_overlong == FM_OVERLONG_ERROR) {
        if (c->layout == FM_LAYOUT_ENCDEC)
            return fm_error_set(err, FM_EINPUT, NULL, 0, a > c->inputs_len ? "inputs" : "targets",
                                "example too long (%u input / %u target tokens; rows hold %u / %u) "
                                "and --on-overlong is error", a, b, c->inputs_len, c->targets_len);
        return fm_error_set(err, FM_EINPUT, NULL, 0, NULL,
                            "example too long (%u input + %u target tokens > --seq-len %u) and "
                            "--on-overlong is error", a, b, c->seq_len);
    }
    if (na < a) cut(ex->in, &ex->n_in, na, c->eos_id);
    if (nb < b) cut(ex->tg, &ex->n_tg, nb, c->eos_id);
    if (st) {
        st->truncated_examples++;
        st->truncated_inputs_tokens += a - na;
        st->truncated_targets_tokens += b - nb;
    }
    return 0;
}

void fm_pack_stats_add(fm_pack_stats *dst, const fm_pack_stats *src)
{
    dst->examples += src->examples;
    dst->rows += src->rows;
    dst->truncated_examples += src->truncated_examples;
    dst->truncated_inputs_tokens += src->truncated_inputs_tokens;
    dst->truncated_targets_tokens += src->truncated_targets_tokens;
    dst->enc_slots += src->enc_slots;
    dst->enc_tokens += src->enc_tokens;
    dst->dec_slots += src->dec_slots;
    dst->dec_tokens += src->dec_tokens;
}

void fm_pack_plan_release(fm_pack_plan *p)
{
    free(p->row_start);
    free(p->members);
    memset(p, 0, sizeof *p);
}

/* ---- ordering ------------------------------------------------------------------------ */

typedef struct sort_item {
    uint64_t k1, k2; /* larger first */
    uint32_t idx;    /* then input order */
} sort_item;

static int by_size_desc(const void *x, const void *y)
{
    const sort_item *a = x, *b = y;
    if (a->k1 != b->k1) return a->k1 > b->k1 ? -1 : 1;
    if (a->k2 != b->k2) return a->k2 > b->k2 ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* ---- best fit, one dimension: free-space buckets with a segment tree ------------------- */

typedef struct heap {
    uint32_t *v;
    size_t n, cap;
} heap;

static void heap_push(heap *h, uint32_t x)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 4;
        h->v = fm_xrealloc(h->v, h->cap * sizeof *h->v);
    }
    size_t i = h->n++;
    while (i > 0 && h->v[(i - 1) / 2] > x) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = x;
}

static uint32_t heap_pop(heap *h)
{
    uint32_t top = h->v[0], x = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        uint32_t mv = x;
        if (l < h->n && h->v[l] < mv) { m = l; mv = h->v[l]; }
        if (r < h->n && h->v[r] < mv) { m = r; }
        if (m == i) break;
        h->v[i] = h->v[m];
        i = m;
    }
    if (h->n) h->v[i] = x;
    return top;
}

typedef struct capset {
    uint32_t size;  /* leaves: capacities 0..size-1 */
    uint32_t *cnt;  /* segment tree of bucket sizes, 2*size nodes */
    heap *bucket;   /* bins with exactly this free space, lowest id on top */
} capset;

static void capset_add(capset *s, uint32_t c, int delta)
{
    for (uint32_t i = c + s->size; i >= 1; i /= 2) s->cnt[i] += (uint32_t)delta;
}

/* Smallest capacity >= need holding a bin, or UINT32_MAX. */
static uint32_t capset_find(const capset *s, uint32_t need)
{
    if (need >= s->size) return UINT32_MAX;
    /* Walk up from the leaf to find the first subtree to the right with a bin. */
    uint32_t i = need + s->size;
    if (s->cnt[i]) return need;
    for (;;) {
        if (i == 1) return UINT32_MAX;
        if ((i & 1) == 0 && s->cnt[i + 1]) { i = i + 1; break; }
        i /= 2;
    }
    while (i < s->size) i = s->cnt[2 * i] ? 2 * i : 2 * i + 1;
    return i - s->size;
}

static void bfd_1d(uint32_t L, const uint32_t *len, size_t n, uint32_t *bin_of)
{
    sort_item *it = fm_xmalloc((n ? n : 1) * sizeof *it);
    for (size_t i = 0; i < n; i++) it[i] = (sort_item){ len[i], 0, (uint32_t)i };
    fm_qsort(it, n, sizeof *it, by_size_desc);
    capset s;
    s.size = 1;
    while (s.size < L + 1) s.size *= 2;
    s.cnt = fm_xcalloc(2 * (size_t)s.size, sizeof *s.cnt);
    s.bucket = fm_xcalloc(L + 1, sizeof *s.bucket);
    uint32_t nbins = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t need = it[k].k1 ? (uint32_t)it[k].k1 : 1;
        uint32_t c = capset_find(&s, need), b, left;
        if (c != UINT32_MAX) {
            b = heap_pop(&s.bucket[c]);
            capset_add(&s, c, -1);
            left = c - (uint32_t)it[k].k1;
        } else {
            b = nbins++;
            left = L - (uint32_t)it[k].k1;
        }
        bin_of[it[k].idx] = b;
        if (left > 0) {
            heap_push(&s.bucket[left], b);
            capset_add(&s, left, +1);
        }
    }
    for (uint32_t c = 0; c <= L; c++) free(s.bucket[c].v);
    free(s.bucket);
    free(s.cnt);
    free(it);
}

/* ---- best fit, two dimensions (encoder and decoder room) ------------------------------ */

static void bfd_2d(uint32_t La, uint32_t Lb, const fm_example *ex, size_t n, uint32_t *bin_of)
{
    sort_item *it = fm_xmalloc((n ? n : 1) * sizeof *it);
    for (size_t i = 0; i < n; i++) {
        uint64_t x = (uint64_t)ex[i].n_in * Lb, y = (uint64_t)ex[i].n_tg * La;
        it[i] = (sort_item){ x > y ? x : y, x + y, (uint32_t)i };
    }
    fm_qsort(it, n, sizeof *it, by_size_desc);
    /* Suffix minima: a row whose room is below them can take no later example. */
    uint32_t *mina = fm_xmalloc((n + 1) * sizeof *mina), *minb = fm_xmalloc((n + 1) * sizeof *minb);
    mina[n] = UINT32_MAX;
    minb[n] = UINT32_MAX;
    for (size_t k = n; k-- > 0;) {
        uint32_t a = ex[it[k].idx].n_in, b = ex[it[k].idx].n_tg;
        mina[k] = a < mina[k + 1] ? a : mina[k + 1];
        minb[k] = b < minb[k + 1] ? b : minb[k + 1];
    }
    uint32_t *fa = fm_xmalloc((n ? n : 1) * sizeof *fa), *fb = fm_xmalloc((n ? n : 1) * sizeof *fb);
    uint32_t *open = fm_xmalloc((n ? n : 1) * sizeof *open);
    size_t nopen = 0;
    uint32_t nbins = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t a = ex[it[k].idx].n_in, b = ex[it[k].idx].n_tg, best = UINT32_MAX;
        uint64_t best_cost = UINT64_MAX;
        for (size_t j = 0; j < nopen; j++) {
            uint32_t o = open[j];
            if (fa[o] < a || fb[o] < b) continue;
            uint64_t cost = (uint64_t)(fa[o] - a) * Lb + (uint64_t)(fb[o] - b) * La;
            if (cost < best_cost) { best_cost = cost; best = o; }
        }
        if (best == UINT32_MAX) {
            best = nbins++;
            fa[best] = La;
            fb[best] = Lb;
            open[nopen++] = best;
        }
        fa[best] -= a;
        fb[best] -= b;
        bin_of[it[k].idx] = best;
        /* Drop rows that can take nothing more (keeps the scan short; order is kept). */
        size_t w = 0;
        for (size_t j = 0; j < nopen; j++)
            if (fa[open[j]] >= mina[k + 1] && fb[open[j]] >= minb[k + 1]) open[w++] = open[j];
        nopen = w;
    }
    free(open);
    free(fa);
    free(fb);
    free(mina);
    free(minb);
    free(it);
}

/* ---- the window ----------------------------------------------------------------------- */

void fm_pack_window(const fm_pack_cfg *c, const fm_example *ex, size_t n, fm_pack_plan *p)
{
    uint32_t *bin_of = fm_xmalloc((n ? n : 1) * sizeof *bin_of);
    if (c->algo == FM_ALGO_NONE) {
        for (size_t i = 0; i < n; i++) bin_of[i] = (uint32_t)i;
    } else if (c->algo == FM_ALGO_NEXTFIT) {
        uint32_t bin = 0, ua = 0, ub = 0;
        uint32_t La = c->layout == FM_LAYOUT_ENCDEC ? c->inputs_len : c->seq_len;
        for (size_t i = 0; i < n; i++) {
            uint32_t a = ex[i].n_in, b = ex[i].n_tg;
            int fits = c->layout == FM_LAYOUT_ENCDEC ? (ua + a <= La && ub + b <= c->targets_len)
                                                     : (ua + a + b <= La);
            if (i > 0 && !fits) {
                bin++;
                ua = ub = 0;
            }
            if (c->layout == FM_LAYOUT_ENCDEC) {
                ua += a;
                ub += b;
            } else {
                ua += a + b;
            }
            bin_of[i] = bin;
        }
    } else if (c->layout == FM_LAYOUT_PREFIXLM) {
        uint32_t *len = fm_xmalloc((n ? n : 1) * sizeof *len);
        for (size_t i = 0; i < n; i++) len[i] = ex[i].n_in + ex[i].n_tg;
        bfd_1d(c->seq_len, len, n, bin_of);
        free(len);
    } else {
        bfd_2d(c->inputs_len, c->targets_len, ex, n, bin_of);
    }
    /* Rows in order of their first example; members in input order (a counting sort). */
    uint32_t *row_of_bin = fm_xmalloc((n ? n : 1) * sizeof *row_of_bin);
    for (size_t i = 0; i < n; i++) row_of_bin[i] = UINT32_MAX;
    uint32_t nrows = 0;
    for (size_t i = 0; i < n; i++)
        if (row_of_bin[bin_of[i]] == UINT32_MAX) row_of_bin[bin_of[i]] = nrows++;
    if (p->cap_rows < (size_t)nrows + 1) {
        p->cap_rows = (size_t)nrows + 1;
        p->row_start = fm_xrealloc(p->row_start, p->cap_rows * sizeof *p->row_start);
    }
    if (p->cap_members < n) {
        p->cap_members = n;
        p->members = fm_xrealloc(p->members, n * sizeof *p->members);
    }
    memset(p->row_start, 0, ((size_t)nrows + 1) * sizeof *p->row_start);
    for (size_t i = 0; i < n; i++) p->row_start[row_of_bin[bin_of[i]] + 1]++;
    for (uint32_t r = 0; r < nrows; r++) p->row_start[r + 1] += p->row_start[r];
    uint32_t *fill = fm_xmalloc(((size_t)nrows + 1) * sizeof *fill);
    memcpy(fill, p->row_start, ((size_t)nrows + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) p->members[fill[row_of_bin[bin_of[i]]]++] = (uint32_t)i;
    p->nrows = nrows;
    free(fill);
    free(row_of_bin);
    free(bin_of);
}

/* ---- rows ------------------------------------------------------------------------------ */

void fm_row_init(fm_row *row, const fm_pack_cfg *c)
{
    memset(row, 0, sizeof *row);
    if (c->layout == FM_LAYOUT_ENCDEC) {
        row->enc_len = c->inputs_len;
        row->dec_len = c->targets_len;
        row->enc_tokens = fm_xmalloc(row->enc_len * sizeof(int32_t));
        row->enc_seg = fm_xmalloc(row->enc_len * sizeof(int32_t));
        row->enc_pos = fm_xmalloc(row->enc_len * sizeof(int32_t));
    } else {
        row->dec_len = c->seq_len;
    }
    size_t L = row->dec_len;
    row->dec_tokens = fm_xmalloc(L * sizeof(int32_t));
    row->dec_inputs = fm_xmalloc(L * sizeof(int32_t));
    row->dec_seg = fm_xmalloc(L * sizeof(int32_t));
    row->dec_pos = fm_xmalloc(L * sizeof(int32_t));
    row->dec_loss = fm_xmalloc(L);
    row->seg_len = fm_xmalloc(L * sizeof(uint32_t));
    row->seg_in_len = fm_xmalloc(L * sizeof(uint32_t));
}

void fm_row_release(fm_row *row)
{
    free(row->enc_tokens);
    free(row->enc_seg);
    free(row->enc_pos);
    free(row->dec_tokens);
    free(row->dec_inputs);
    free(row->dec_seg);
    free(row->dec_pos);
    free(row->dec_loss);
    free(row->seg_len);
    free(row->seg_in_len);
    memset(row, 0, sizeof *row);
}

/* Append one segment's decoder tokens: targets x[0..n), of which the first n_noloss carry
 * loss weight 0. The decoder input is the previous token of the same segment, and the pad
 * id at the segment's first position (seqio make_autoregressive_inputs with bos = pad). */
static void put_dec(fm_row *row, const int32_t *x, uint32_t n, uint32_t pos0, int32_t seg,
                    int32_t start, int loss)
{
    for (uint32_t j = 0; j < n; j++) {
        uint32_t k = row->dec_used + j;
        row->dec_tokens[k] = x[j];
        row->dec_inputs[k] = pos0 + j == 0 ? start : (j == 0 ? row->dec_tokens[k - 1] : x[j - 1]);
        row->dec_seg[k] = seg;
        row->dec_pos[k] = (int32_t)(pos0 + j);
        row->dec_loss[k] = (uint8_t)loss;
    }
    row->dec_used += n;
}

void fm_pack_build_row(const fm_pack_cfg *c, const fm_example *ex, const fm_pack_plan *p,
                       uint32_t r, fm_row *row, fm_pack_stats *st)
{
    row->enc_used = row->dec_used = 0;
    row->nseg = 0;
    for (uint32_t m = p->row_start[r]; m < p->row_start[r + 1]; m++) {
        const fm_example *e = &ex[p->members[m]];
        int32_t seg = (int32_t)++row->nseg;
        if (c->layout == FM_LAYOUT_ENCDEC) {
            for (uint32_t j = 0; j < e->n_in; j++) {
                row->enc_tokens[row->enc_used + j] = e->in[j];
                row->enc_seg[row->enc_used + j] = seg;
                row->enc_pos[row->enc_used + j] = (int32_t)j;
            }
            row->enc_used += e->n_in;
            put_dec(row, e->tg, e->n_tg, 0, seg, c->pad_id, 1);
            row->seg_len[seg - 1] = e->n_tg;
            row->seg_in_len[seg - 1] = e->n_in;
        } else {
            put_dec(row, e->in, e->n_in, 0, seg, c->pad_id, c->loss_on_inputs ? 1 : 0);
            put_dec(row, e->tg, e->n_tg, e->n_in, seg, c->pad_id, 1);
            row->seg_len[seg - 1] = e->n_in + e->n_tg;
            row->seg_in_len[seg - 1] = e->n_in;
        }
    }
    for (uint32_t k = row->enc_used; k < row->enc_len; k++) {
        row->enc_tokens[k] = c->pad_id;
        row->enc_seg[k] = 0;
        row->enc_pos[k] = 0;
    }
    for (uint32_t k = row->dec_used; k < row->dec_len; k++) {
        row->dec_tokens[k] = c->pad_id;
        row->dec_inputs[k] = c->pad_id;
        row->dec_seg[k] = 0;
        row->dec_pos[k] = 0;
        row->dec_loss[k] = 0;
    }
    if (st) {
        st->rows++;
        st->examples += row->nseg;
        st->enc_slots += row->enc_len;
        st->enc_tokens += row->enc_used;
        st->dec_slots += row->dec_len;
        st->dec_tokens += row->dec_used;
    }
}
