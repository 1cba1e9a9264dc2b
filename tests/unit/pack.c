/* Packing: the seqio docstring examples (docs/reference formats.md 1.2-1.4) reproduced
 * exactly, next-fit vs best-fit decreasing on hand-worked windows, truncation counts and
 * configuration errors. Every expectation below was worked out by hand from the spec. */
#include "pack.h"
#include "unit.h"

#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Examples own copies of their ids (fm_pack_fit writes EOS into them). */
static fm_example mk(const int32_t *in, uint32_t nin, const int32_t *tg, uint32_t ntg)
{
    fm_example e;
    e.in = malloc(nin * sizeof *e.in);
    e.tg = malloc(ntg * sizeof *e.tg);
    memcpy(e.in, in, nin * sizeof *in);
    memcpy(e.tg, tg, ntg * sizeof *tg);
    e.n_in = nin;
    e.n_tg = ntg;
    return e;
}

static void free_ex(fm_example *ex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(ex[i].in);
        free(ex[i].tg);
    }
}

static int eq32(const int32_t *a, const int32_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) {
            fprintf(stderr, "  position %zu: got %d, expected %d\n", i, (int)a[i], (int)b[i]);
            return 0;
        }
    return 1;
}

static int eq8(const uint8_t *a, const int32_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) {
            fprintf(stderr, "  position %zu: got %d, expected %d\n", i, (int)a[i], (int)b[i]);
            return 0;
        }
    return 1;
}

static fm_pack_cfg encdec(uint32_t a, uint32_t b, fm_pack_algo algo)
{
    fm_pack_cfg c = { 0 };
    c.layout = FM_LAYOUT_ENCDEC;
    c.algo = algo;
    c.inputs_len = a;
    c.targets_len = b;
    c.pad_id = 0;
    c.eos_id = 1;
    return c;
}

static fm_pack_cfg prefixlm(uint32_t L, fm_pack_algo algo)
{
    fm_pack_cfg c = { 0 };
    c.layout = FM_LAYOUT_PREFIXLM;
    c.algo = algo;
    c.seq_len = L;
    c.pad_id = 0;
    c.eos_id = 1;
    return c;
}

/* seqio trim_and_pack_dataset docstring, L = 10 for inputs and targets. */
static void test_seqio_trim_and_pack(void)
{
    for (int algo = 0; algo < 2; algo++) {
        fm_pack_cfg c = encdec(10, 10, algo ? FM_ALGO_NEXTFIT : FM_ALGO_BFD);
        fm_example ex[2] = { mk((int32_t[]){ 8, 7, 1 }, 3, (int32_t[]){ 4, 1 }, 2),
                             mk((int32_t[]){ 2, 3, 4, 1 }, 4, (int32_t[]){ 5, 6, 1 }, 3) };
        fm_pack_plan p = { 0 };
        fm_pack_window(&c, ex, 2, &p);
        CHECK_EQ_INT(p.nrows, 1);
        fm_row r;
        fm_row_init(&r, &c);
        fm_pack_stats st = { 0 };
        fm_pack_build_row(&c, ex, &p, 0, &r, &st);
        CHECK(eq32(r.enc_tokens, (int32_t[]){ 8, 7, 1, 2, 3, 4, 1, 0, 0, 0 }, 10));
        CHECK(eq32(r.enc_seg, (int32_t[]){ 1, 1, 1, 2, 2, 2, 2, 0, 0, 0 }, 10));
        CHECK(eq32(r.enc_pos, (int32_t[]){ 0, 1, 2, 0, 1, 2, 3, 0, 0, 0 }, 10));
        CHECK(eq32(r.dec_tokens, (int32_t[]){ 4, 1, 5, 6, 1, 0, 0, 0, 0, 0 }, 10));
        CHECK(eq32(r.dec_seg, (int32_t[]){ 1, 1, 2, 2, 2, 0, 0, 0, 0, 0 }, 10));
        CHECK(eq32(r.dec_pos, (int32_t[]){ 0, 1, 0, 1, 2, 0, 0, 0, 0, 0 }, 10));
        CHECK_EQ_INT(st.examples, 2);
        CHECK_EQ_INT(st.enc_tokens, 7);
        CHECK_EQ_INT(st.dec_tokens, 5);
        CHECK_EQ_INT(st.enc_slots, 10);
        fm_row_release(&r);
        fm_pack_plan_release(&p);
        free_ex(ex, 2);
    }
}

/* make_autoregressive_inputs docstring: targets 3 8 1 | 9 1 | 5 4 1 with segment ids. */
static void test_seqio_shift_right(void)
{
    fm_pack_cfg c = encdec(10, 10, FM_ALGO_NEXTFIT);
    fm_example ex[3] = { mk((int32_t[]){ 2, 1 }, 2, (int32_t[]){ 3, 8, 1 }, 3),
                         mk((int32_t[]){ 2, 1 }, 2, (int32_t[]){ 9, 1 }, 2),
                         mk((int32_t[]){ 2, 1 }, 2, (int32_t[]){ 5, 4, 1 }, 3) };
    fm_pack_plan p = { 0 };
    fm_pack_window(&c, ex, 3, &p);
    CHECK_EQ_INT(p.nrows, 1);
    fm_row r;
    fm_row_init(&r, &c);
    fm_pack_build_row(&c, ex, &p, 0, &r, NULL);
    CHECK(eq32(r.dec_tokens, (int32_t[]){ 3, 8, 1, 9, 1, 5, 4, 1, 0, 0 }, 10));
    CHECK(eq32(r.dec_seg, (int32_t[]){ 1, 1, 1, 2, 2, 3, 3, 3, 0, 0 }, 10));
    CHECK(eq32(r.dec_inputs, (int32_t[]){ 0, 3, 8, 0, 9, 0, 5, 4, 0, 0 }, 10));
    CHECK(eq8(r.dec_loss, (int32_t[]){ 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, 10));
    fm_row_release(&r);
    fm_pack_plan_release(&p);
    free_ex(ex, 3);
}

/* EncDecFeatureConverter docstring, L_in = 10, L_tg = 7. */
static void test_seqio_encdec_converter(void)
{
    fm_pack_cfg c = encdec(10, 7, FM_ALGO_BFD);
    fm_example ex[2] = { mk((int32_t[]){ 7, 8, 5, 1 }, 4, (int32_t[]){ 3, 9, 1 }, 3),
                         mk((int32_t[]){ 8, 4, 9, 3, 1 }, 5, (int32_t[]){ 4, 1 }, 2) };
    fm_pack_plan p = { 0 };
    fm_pack_window(&c, ex, 2, &p);
    CHECK_EQ_INT(p.nrows, 1);
    fm_row r;
    fm_row_init(&r, &c);
    fm_pack_build_row(&c, ex, &p, 0, &r, NULL);
    CHECK(eq32(r.enc_tokens, (int32_t[]){ 7, 8, 5, 1, 8, 4, 9, 3, 1, 0 }, 10));
    CHECK(eq32(r.enc_seg, (int32_t[]){ 1, 1, 1, 1, 2, 2, 2, 2, 2, 0 }, 10));
    CHECK(eq32(r.dec_tokens, (int32_t[]){ 3, 9, 1, 4, 1, 0, 0 }, 7));
    CHECK(eq32(r.dec_inputs, (int32_t[]){ 0, 3, 9, 0, 4, 0, 0 }, 7));
    CHECK(eq8(r.dec_loss, (int32_t[]){ 1, 1, 1, 1, 1, 0, 0 }, 7));
    fm_row_release(&r);
    fm_pack_plan_release(&p);
    free_ex(ex, 2);
}

/* PrefixLMFeatureConverter docstring, L_in = 7 + L_tg = 8 -> one row of 15. */
static void test_seqio_prefixlm_converter(void)
{
    fm_pack_cfg c = prefixlm(15, FM_ALGO_NEXTFIT);
    fm_example ex[2] = { mk((int32_t[]){ 7, 8, 5, 1 }, 4, (int32_t[]){ 3, 9, 1 }, 3),
                         mk((int32_t[]){ 8, 4, 9, 3, 1 }, 5, (int32_t[]){ 4, 1 }, 2) };
    fm_pack_plan p = { 0 };
    fm_pack_window(&c, ex, 2, &p);
    CHECK_EQ_INT(p.nrows, 1);
    fm_row r;
    fm_row_init(&r, &c);
    fm_pack_build_row(&c, ex, &p, 0, &r, NULL);
    CHECK(eq32(r.dec_tokens, (int32_t[]){ 7, 8, 5, 1, 3, 9, 1, 8, 4, 9, 3, 1, 4, 1, 0 }, 15));
    CHECK(eq32(r.dec_inputs, (int32_t[]){ 0, 7, 8, 5, 1, 3, 9, 0, 8, 4, 9, 3, 1, 4, 0 }, 15));
    CHECK(eq8(r.dec_loss, (int32_t[]){ 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0 }, 15));
    CHECK(eq32(r.dec_pos, (int32_t[]){ 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0 }, 15));
    CHECK(eq32(r.dec_seg, (int32_t[]){ 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 0 }, 15));
    CHECK_EQ_INT(r.nseg, 2);
    CHECK_EQ_INT(r.seg_len[0], 7);
    CHECK_EQ_INT(r.seg_len[1], 7);
    CHECK_EQ_INT(r.dec_used, 14);
    /* With loss on inputs: every non-pad position. */
    c.loss_on_inputs = 1;
    fm_pack_build_row(&c, ex, &p, 0, &r, NULL);
    CHECK(eq8(r.dec_loss, (int32_t[]){ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, 15));
    fm_row_release(&r);
    fm_pack_plan_release(&p);
    free_ex(ex, 2);
}

/* An example of total size s >= 2: inputs [EOS] and targets [id x (s-2), EOS]. */
static fm_example sized(uint32_t s, int32_t id)
{
    int32_t in[1] = { 1 }, tg[64];
    for (uint32_t i = 0; i + 2 < s; i++) tg[i] = id;
    tg[s - 2] = 1;
    return mk(in, 1, tg, s - 1);
}

static void check_rows(const fm_pack_plan *p, const uint32_t *want_start, uint32_t nrows,
                       const uint32_t *want_members, size_t n)
{
    CHECK_EQ_INT(p->nrows, nrows);
    if (p->nrows != nrows) return;
    for (uint32_t r = 0; r <= nrows; r++) CHECK_EQ_INT(p->row_start[r], want_start[r]);
    for (size_t i = 0; i < n; i++) CHECK_EQ_INT(p->members[i], want_members[i]);
}

/* Sizes 6 5 4 3 2 into rows of 10.
 * next-fit: [6] [5 4] [3 2]                         -> 3 rows
 * BFD: 6->new A(4); 5->new B(5); 4->A (4 <= 5, least room); 3->B(2); 2->B(0)
 *      rows by first example: A = {0, 2}, B = {1, 3, 4}  -> 2 rows, 100% full */
static void test_nextfit_vs_bfd_1d(void)
{
    fm_example ex[5] = { sized(6, 10), sized(5, 11), sized(4, 12), sized(3, 13), sized(2, 14) };
    fm_pack_plan p = { 0 };
    fm_pack_cfg nf = prefixlm(10, FM_ALGO_NEXTFIT), bfd = prefixlm(10, FM_ALGO_BFD);
    fm_pack_window(&nf, ex, 5, &p);
    check_rows(&p, (uint32_t[]){ 0, 1, 3, 5 }, 3, (uint32_t[]){ 0, 1, 2, 3, 4 }, 5);
    fm_pack_window(&bfd, ex, 5, &p);
    check_rows(&p, (uint32_t[]){ 0, 2, 5 }, 2, (uint32_t[]){ 0, 2, 1, 3, 4 }, 5);
    /* Row 0 is example 0 then example 2, in input order. */
    fm_row r;
    fm_row_init(&r, &bfd);
    fm_pack_stats st = { 0 };
    for (uint32_t k = 0; k < p.nrows; k++) fm_pack_build_row(&bfd, ex, &p, k, &r, &st);
    CHECK_EQ_INT(st.dec_tokens, 20);
    CHECK_EQ_INT(st.dec_slots, 20);
    CHECK_EQ_INT(st.examples, 5);
    fm_pack_build_row(&bfd, ex, &p, 0, &r, NULL);
    CHECK(eq32(r.dec_tokens, (int32_t[]){ 1, 10, 10, 10, 10, 1, 1, 12, 12, 1 }, 10));
    CHECK(eq32(r.dec_seg, (int32_t[]){ 1, 1, 1, 1, 1, 1, 2, 2, 2, 2 }, 10));
    fm_row_release(&r);
    fm_pack_plan_release(&p);
    free_ex(ex, 5);
}

/* Ties: sizes 7 7 3 into 10: two rows with room 3; the 3 goes to the row opened first. */
static void test_bfd_ties(void)
{
    fm_example ex[3] = { sized(7, 10), sized(7, 11), sized(3, 12) };
    fm_pack_plan p = { 0 };
    fm_pack_cfg bfd = prefixlm(10, FM_ALGO_BFD);
    fm_pack_window(&bfd, ex, 3, &p);
    check_rows(&p, (uint32_t[]){ 0, 2, 3 }, 2, (uint32_t[]){ 0, 2, 1 }, 3);
    fm_pack_plan_release(&p);
    free_ex(ex, 3);
}

/* Two dimensions, rows of 10 inputs / 4 targets, examples (inputs, targets):
 * P(5,1) R(4,2) Q(5,3) S(1,1) in this input order.
 * next-fit: [P R] (9,3); Q does not fit (14) -> [Q S] (6,4).
 * BFD order by the larger of a/10, b/4: Q(.75) R(.5, sum .9) P(.5, sum .75) S(.25):
 *   Q -> new X(5,1); R needs b=2 > 1 -> new Y(6,2); P fits X exactly (cost 0) and Y
 *   (cost 1*4 + 1*10) -> X; S -> Y. Rows by first example: X = {P, Q}, Y = {R, S}. */
static void test_nextfit_vs_bfd_2d(void)
{
    fm_example ex[4] = { mk((int32_t[]){ 5, 5, 5, 5, 1 }, 5, (int32_t[]){ 1 }, 1),
                         mk((int32_t[]){ 4, 4, 4, 1 }, 4, (int32_t[]){ 4, 1 }, 2),
                         mk((int32_t[]){ 6, 6, 6, 6, 1 }, 5, (int32_t[]){ 6, 6, 1 }, 3),
                         mk((int32_t[]){ 1 }, 1, (int32_t[]){ 1 }, 1) };
    fm_pack_plan p = { 0 };
    fm_pack_cfg nf = encdec(10, 4, FM_ALGO_NEXTFIT), bfd = encdec(10, 4, FM_ALGO_BFD);
    fm_pack_window(&nf, ex, 4, &p);
    check_rows(&p, (uint32_t[]){ 0, 2, 4 }, 2, (uint32_t[]){ 0, 1, 2, 3 }, 4);
    fm_pack_window(&bfd, ex, 4, &p);
    check_rows(&p, (uint32_t[]){ 0, 2, 4 }, 2, (uint32_t[]){ 0, 2, 1, 3 }, 4);
    fm_row r;
    fm_row_init(&r, &bfd);
    fm_pack_build_row(&bfd, ex, &p, 0, &r, NULL);
    CHECK(eq32(r.enc_tokens, (int32_t[]){ 5, 5, 5, 5, 1, 6, 6, 6, 6, 1 }, 10));
    CHECK(eq32(r.dec_tokens, (int32_t[]){ 1, 6, 6, 1 }, 4));
    CHECK(eq32(r.dec_seg, (int32_t[]){ 1, 2, 2, 2 }, 4));
    CHECK(eq32(r.dec_inputs, (int32_t[]){ 0, 0, 6, 6 }, 4));
    fm_row_release(&r);
    fm_pack_plan_release(&p);
    free_ex(ex, 4);
}

/* No example lost or duplicated, rows never over-full, on a larger pseudo-random window. */
static void test_bfd_conserves(void)
{
    enum { n = 3000 };
    fm_example *ex = calloc(n, sizeof *ex);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        ex[i] = sized(3 + (x >> 16) % 60, (int32_t)(2 + i % 100));
    }
    for (int a = 0; a < 3; a++) {
        fm_pack_cfg c = prefixlm(128, a == 0 ? FM_ALGO_BFD : a == 1 ? FM_ALGO_NEXTFIT : FM_ALGO_NONE);
        fm_pack_plan p = { 0 };
        fm_pack_window(&c, ex, n, &p);
        char *seen = calloc(n, 1);
        int ok = 1;
        for (uint32_t r = 0; r < p.nrows; r++) {
            uint32_t used = 0;
            for (uint32_t m = p.row_start[r]; m < p.row_start[r + 1]; m++) {
                uint32_t i = p.members[m];
                if (seen[i]++) ok = 0;
                if (m > p.row_start[r] && p.members[m - 1] >= i) ok = 0; /* input order */
                used += ex[i].n_in + ex[i].n_tg;
            }
            if (used > 128) ok = 0;
            if (r > 0 && p.members[p.row_start[r - 1]] >= p.members[p.row_start[r]]) ok = 0;
        }
        for (size_t i = 0; i < n; i++) if (seen[i] != 1) ok = 0;
        CHECK(ok);
        CHECK_EQ_INT(p.row_start[p.nrows], n);
        free(seen);
        fm_pack_plan_release(&p);
    }
    free_ex(ex, n);
    free(ex);
}

static void test_truncation(void)
{
    fm_pack_stats st = { 0 };
    fm_error err;
    /* prefixlm L=8: inputs 10, targets 3 -> inputs keep L - 3 = 5 (above L/2): 4 ids + EOS. */
    fm_pack_cfg c = prefixlm(8, FM_ALGO_BFD);
    fm_example e = mk((int32_t[]){ 2, 3, 4, 5, 6, 7, 8, 9, 10, 1 }, 10, (int32_t[]){ 20, 21, 1 }, 3);
    CHECK_EQ_INT(fm_pack_fit(&c, &e, &st, &err), 0);
    CHECK_EQ_INT(e.n_in, 5);
    CHECK(eq32(e.in, (int32_t[]){ 2, 3, 4, 5, 1 }, 5));
    CHECK_EQ_INT(e.n_tg, 3);
    CHECK_EQ_INT(st.truncated_examples, 1);
    CHECK_EQ_INT(st.truncated_inputs_tokens, 5);
    CHECK_EQ_INT(st.truncated_targets_tokens, 0);
    free_ex(&e, 1);
    /* inputs 6, targets 9: inputs down to L/2 = 4, targets get the other 4. */
    e = mk((int32_t[]){ 2, 3, 4, 5, 6, 1 }, 6, (int32_t[]){ 20, 21, 22, 23, 24, 25, 26, 27, 1 }, 9);
    CHECK_EQ_INT(fm_pack_fit(&c, &e, &st, &err), 0);
    CHECK(e.n_in == 4 && eq32(e.in, (int32_t[]){ 2, 3, 4, 1 }, 4));
    CHECK(e.n_tg == 4 && eq32(e.tg, (int32_t[]){ 20, 21, 22, 1 }, 4));
    CHECK_EQ_INT(st.truncated_examples, 2);
    CHECK_EQ_INT(st.truncated_inputs_tokens, 7);
    CHECK_EQ_INT(st.truncated_targets_tokens, 5);
    free_ex(&e, 1);
    /* short inputs are kept whole: inputs 2, targets 9 -> targets 6. */
    e = mk((int32_t[]){ 2, 1 }, 2, (int32_t[]){ 20, 21, 22, 23, 24, 25, 26, 27, 1 }, 9);
    CHECK_EQ_INT(fm_pack_fit(&c, &e, &st, &err), 0);
    CHECK(e.n_in == 2 && e.n_tg == 6 && eq32(e.tg, (int32_t[]){ 20, 21, 22, 23, 24, 1 }, 6));
    free_ex(&e, 1);
    /* fits exactly: untouched, not counted. */
    e = mk((int32_t[]){ 2, 3, 4, 1 }, 4, (int32_t[]){ 5, 6, 7, 1 }, 4);
    CHECK_EQ_INT(fm_pack_fit(&c, &e, &st, &err), 0);
    CHECK_EQ_INT(st.truncated_examples, 3);
    free_ex(&e, 1);
    /* encdec: each feature to its own row length, EOS last. */
    fm_pack_cfg d = encdec(4, 2, FM_ALGO_BFD);
    e = mk((int32_t[]){ 2, 3, 4, 5, 6, 1 }, 6, (int32_t[]){ 7, 8, 1 }, 3);
    CHECK_EQ_INT(fm_pack_fit(&d, &e, &st, &err), 0);
    CHECK(e.n_in == 4 && eq32(e.in, (int32_t[]){ 2, 3, 4, 1 }, 4));
    CHECK(e.n_tg == 2 && eq32(e.tg, (int32_t[]){ 7, 1 }, 2));
    free_ex(&e, 1);
    /* --on-overlong error */
    d.on_overlong = FM_OVERLONG_ERROR;
    e = mk((int32_t[]){ 2, 3, 4, 5, 6, 1 }, 6, (int32_t[]){ 7, 1 }, 2);
    CHECK_EQ_INT(fm_pack_fit(&d, &e, &st, &err), -1);
    CHECK(strstr(err.reason, "too long") != NULL);
    CHECK_EQ_INT(e.n_in, 6);
    free_ex(&e, 1);
}

static void test_cfg_errors(void)
{
    fm_error err;
    fm_pack_cfg c = prefixlm(16, FM_ALGO_BFD);
    CHECK_EQ_INT(fm_pack_cfg_check(&c, &err), 0);
    c.pad_id = 1;
    CHECK_EQ_INT(fm_pack_cfg_check(&c, &err), -1);
    CHECK(strstr(err.reason, "pad id equals EOS") != NULL);
    c = prefixlm(1, FM_ALGO_BFD);
    CHECK_EQ_INT(fm_pack_cfg_check(&c, &err), -1);
    c = encdec(0, 5, FM_ALGO_BFD);
    CHECK_EQ_INT(fm_pack_cfg_check(&c, &err), -1);
}

int main(void)
{
    TEST(test_seqio_trim_and_pack);
    TEST(test_seqio_shift_right);
    TEST(test_seqio_encdec_converter);
    TEST(test_seqio_prefixlm_converter);
    TEST(test_nextfit_vs_bfd_1d);
    TEST(test_bfd_ties);
    TEST(test_nextfit_vs_bfd_2d);
    TEST(test_bfd_conserves);
    TEST(test_truncation);
    TEST(test_cfg_errors);
    UNIT_END();
}
