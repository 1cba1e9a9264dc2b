/* Unit tests of LM-BFF demonstration selection (demos.h) and label-word configs (lmbff.h).
 * Every expected value below was worked out by hand from the rules in docs/lmbff.md. */
#include "unit.h"

#include "demos.h"
#include "lmbff.h"
#include "rng.h"

#include <math.h>

/* ---- tokenizer ---- */

typedef struct { char toks[16][32]; int n; } tok_list;

static void collect(void *ctx, const char *t, size_t len)
{
    tok_list *l = ctx;
    if (l->n < 16 && len < 32) {
        memcpy(l->toks[l->n], t, len);
        l->toks[l->n][len] = '\0';
    }
    l->n++;
}

static void test_tokenize(void)
{
    tok_list l = { .n = 0 };
    const char s[] = "It's a GREAT movie -- 10/10!  caf\xc3\xa9";
    size_t n = fm_demo_tokenize(s, sizeof s - 1, collect, &l);
    /* lowercase ASCII; split on every byte that is not [A-Za-z0-9] or >= 0x80 */
    CHECK_EQ_INT(n, 8);
    CHECK_EQ_STR(l.toks[0], "it");
    CHECK_EQ_STR(l.toks[1], "s");
    CHECK_EQ_STR(l.toks[2], "a");
    CHECK_EQ_STR(l.toks[3], "great");
    CHECK_EQ_STR(l.toks[4], "movie");
    CHECK_EQ_STR(l.toks[5], "10");
    CHECK_EQ_STR(l.toks[6], "10");
    CHECK_EQ_STR(l.toks[7], "caf\xc3\xa9"); /* UTF-8 bytes stay in the word */
}

/* ---- BM25 on a hand-made pool ----
 *
 * k1 = 1.2, b = 0.75. Classes: 0 = neg, 1 = pos.
 *   d0 "good movie"      pos  |d| = 2
 *   d1 "good good film"  pos  |d| = 3
 *   d2 "bad movie"       neg  |d| = 2
 *   d3 "bad film plot"   neg  |d| = 3
 *   d4 "the plot"        neg  |d| = 2
 *   d5 "movie"           pos  |d| = 1
 * N = 6, avgdl = 13/6.  Query "good movie plot":
 *   df(good) = 2, df(movie) = 3, df(plot) = 2
 *   idf(good) = idf(plot) = ln(1 + 4.5/2.5) = ln 2.8 = 1.029619;  idf(movie) = ln 2 = 0.693147
 *   K(|d|) = k1 (1 - b + b |d| / avgdl):  K(1) = 1.2 (0.25 + 0.75 * 6/13)  = 0.715385
 *                                         K(2) = 1.2 (0.25 + 0.75 * 12/13) = 1.130769
 *                                         K(3) = 1.2 (0.25 + 0.75 * 18/13) = 1.546154
 *   w(tf, |d|) = tf (k1 + 1) / (tf + K):  w(1,1) = 2.2 / 1.715385 = 1.282511
 *                                         w(1,2) = 2.2 / 2.130769 = 1.032491
 *                                         w(1,3) = 2.2 / 2.546154 = 0.864048
 *                                         w(2,3) = 4.4 / 3.546154 = 1.240781
 *   d0 = w(1,2) (idf good + idf movie) = 1.032491 * 1.722766 = 1.778741
 *   d1 = w(2,3) idf good              = 1.240781 * 1.029619 = 1.277532
 *   d2 = w(1,2) idf movie             = 1.032491 * 0.693147 = 0.715668
 *   d3 = w(1,3) idf plot              = 0.864048 * 1.029619 = 0.889641
 *   d4 = w(1,2) idf plot              = 1.032491 * 1.029619 = 1.063073
 *   d5 = w(1,1) idf movie             = 1.282511 * 0.693147 = 0.888969
 * Ranking within classes: pos d0 > d1 > d5; neg d4 > d3 > d2 (d3 beats d5 by 0.0007, but
 * they are in different classes; overall d0 d1 d4 d3 d5 d2). */
static const char *const POOL[] = { "good movie", "good good film", "bad movie",
                                    "bad film plot", "the plot", "movie" };
static const size_t POOL_CLS[] = { 1, 1, 0, 0, 0, 1 };

static fm_demo_pool *hand_pool(void)
{
    fm_demo_pool *p = fm_demo_pool_new(1.2, 0.75);
    for (size_t i = 0; i < 6; i++) fm_demo_pool_add(p, POOL[i], strlen(POOL[i]), POOL_CLS[i]);
    fm_demo_pool_build(p, 2);
    return p;
}

static void test_bm25_scores(void)
{
    fm_demo_pool *p = hand_pool();
    fm_demo_searcher *s = fm_demo_searcher_new(p);
    double sc[6];
    const char q[] = "Good movie, PLOT!";
    fm_demo_bm25_all(s, q, sizeof q - 1, sc);
    const double want[6] = { 1.778741, 1.277532, 0.715668, 0.889641, 1.063073, 0.888969 };
    for (int i = 0; i < 6; i++) {
        if (fabs(sc[i] - want[i]) > 2e-6) {
            fprintf(stderr, "  d%d: score %.6f, expected %.6f\n", i, sc[i], want[i]);
            CHECK(0);
        }
    }
    /* A repeated query term counts once: same scores. */
    double sc2[6];
    const char q2[] = "good good movie plot plot";
    fm_demo_bm25_all(s, q2, sizeof q2 - 1, sc2);
    for (int i = 0; i < 6; i++) CHECK(sc2[i] == sc[i]);
    /* Unknown words score nothing. */
    fm_demo_bm25_all(s, "zebra", 5, sc2);
    for (int i = 0; i < 6; i++) CHECK(sc2[i] == 0);
    fm_demo_searcher_free(s);
    fm_demo_pool_free(p);
}

static void test_similar_top(void)
{
    fm_demo_pool *p = hand_pool();
    fm_demo_searcher *s = fm_demo_searcher_new(p);
    fm_demo_opts o = { FM_DEMO_SIMILAR, 1, 0.5 };
    fm_demo_pick pk[4];
    const char q[] = "good movie plot";
    for (uint64_t seed = 0; seed < 20; seed++) {
        fm_rng r;
        fm_rng_seed(&r, seed);
        /* 3 candidates per class, floor(3 * 0.5) = 1: always the top one of each class,
         * classes in index order: neg d4, then pos d0. */
        size_t n = fm_demo_select(s, &o, q, sizeof q - 1, FM_DEMO_NONE, &r, pk);
        CHECK_EQ_INT(n, 2);
        CHECK_EQ_INT(pk[0].item, 4);
        CHECK_EQ_INT(pk[0].cls, 0);
        CHECK_EQ_INT(pk[0].rank, 0);
        CHECK(fabs(pk[0].score - 1.063073) < 2e-6);
        CHECK_EQ_INT(pk[1].item, 0);
        CHECK_EQ_INT(pk[1].cls, 1);
        /* The query is d0 itself: pos has 2 candidates left (d1, d5), floor(2 * 0.5) = 1,
         * so d1; neg unchanged. */
        n = fm_demo_select(s, &o, q, sizeof q - 1, 0, &r, pk);
        CHECK_EQ_INT(n, 2);
        CHECK_EQ_INT(pk[0].item, 4);
        CHECK_EQ_INT(pk[1].item, 1);
    }
    /* rate 0.7: floor(3 * 0.7) = 2, the top two of each class: neg {d4, d3}, pos {d0, d1};
     * over 200 queries every one of the four is drawn and d2, d5 never are. */
    o.rate = 0.7;
    int seen[6] = { 0 };
    for (uint64_t seed = 0; seed < 200; seed++) {
        fm_rng r;
        fm_rng_seed_keyed_index(&r, 7, "test", seed);
        size_t n = fm_demo_select(s, &o, q, sizeof q - 1, FM_DEMO_NONE, &r, pk);
        CHECK_EQ_INT(n, 2);
        for (size_t k = 0; k < n; k++) seen[pk[k].item]++;
        CHECK(pk[0].item == 4 ? pk[0].rank == 0 : pk[0].item == 3 && pk[0].rank == 1);
        CHECK(pk[1].item == 0 ? pk[1].rank == 0 : pk[1].item == 1 && pk[1].rank == 1);
    }
    CHECK(seen[0] > 0 && seen[1] > 0 && seen[3] > 0 && seen[4] > 0);
    CHECK_EQ_INT(seen[2], 0);
    CHECK_EQ_INT(seen[5], 0);
    fm_demo_searcher_free(s);
    fm_demo_pool_free(p);
}

/* Ties and items without a shared word. Pool (k1 = 1.2, b = 0.75):
 *   e0 "x y" c0, e1 "a b" c0, e2 "a b" c0, e3 "q" c1, e4 "z" c0
 * Query "a": e1 and e2 have the same score (same text), e0 and e4 score 0.
 * Class 0 ranking by (score desc, pool index asc): e1, e2, e0, e4. */
static void test_similar_ties(void)
{
    const char *const t[] = { "x y", "a b", "a b", "q", "z" };
    const size_t c[] = { 0, 0, 0, 1, 0 };
    fm_demo_pool *p = fm_demo_pool_new(1.2, 0.75);
    for (size_t i = 0; i < 5; i++) fm_demo_pool_add(p, t[i], strlen(t[i]), c[i]);
    fm_demo_pool_build(p, 2);
    fm_demo_searcher *s = fm_demo_searcher_new(p);
    fm_demo_pick pk[2];
    fm_demo_opts o = { FM_DEMO_SIMILAR, 1, 0.25 }; /* floor(4 * 0.25) = 1: rank 0 only */
    fm_rng r;
    fm_rng_seed(&r, 1);
    size_t n = fm_demo_select(s, &o, "a", 1, FM_DEMO_NONE, &r, pk);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(pk[0].item, 1); /* the tie e1 = e2 goes to the lower index */
    CHECK_EQ_INT(pk[1].item, 3); /* class 1 has one item (score 0) */
    CHECK_EQ_INT(pk[1].score, 0);
    /* rate 1: all four candidates; the rank says which, in the order e1 e2 e0 e4 */
    o.rate = 1.0;
    const size_t by_rank[4] = { 1, 2, 0, 4 };
    int seen[4] = { 0 };
    for (uint64_t seed = 0; seed < 200; seed++) {
        fm_rng_seed(&r, seed);
        n = fm_demo_select(s, &o, "a", 1, FM_DEMO_NONE, &r, pk);
        CHECK_EQ_INT(n, 2);
        CHECK(pk[0].rank < 4);
        if (pk[0].rank < 4) {
            CHECK_EQ_INT(pk[0].item, by_rank[pk[0].rank]);
            seen[pk[0].rank]++;
        }
        CHECK(pk[0].rank < 2 ? pk[0].score > 0 : pk[0].score == 0);
    }
    for (int k = 0; k < 4; k++) CHECK(seen[k] > 0);
    /* The query is e1: class 0 ranking becomes e2, e0, e4. */
    const size_t by_rank2[3] = { 2, 0, 4 };
    for (uint64_t seed = 0; seed < 100; seed++) {
        fm_rng_seed(&r, seed);
        n = fm_demo_select(s, &o, "a", 1, 1, &r, pk);
        CHECK(pk[0].rank < 3);
        if (pk[0].rank < 3) CHECK_EQ_INT(pk[0].item, by_rank2[pk[0].rank]);
    }
    fm_demo_searcher_free(s);
    fm_demo_pool_free(p);
}

static void test_balanced(void)
{
    /* 3 classes; class 2 holds only item 6 */
    const size_t c[] = { 0, 1, 0, 1, 0, 1, 2 };
    fm_demo_pool *p = fm_demo_pool_new(1.2, 0.75);
    for (size_t i = 0; i < 7; i++) fm_demo_pool_add(p, "w", 1, c[i]);
    fm_demo_pool_build(p, 3);
    fm_demo_searcher *s = fm_demo_searcher_new(p);
    fm_demo_opts o = { FM_DEMO_BALANCED, 1, 0.5 };
    fm_demo_pick pk[3];
    int seen[7] = { 0 };
    for (uint64_t q = 0; q < 300; q++) {
        fm_rng r;
        fm_rng_seed_keyed_index(&r, 42, "balanced", q);
        size_t exclude = q % 8 == 7 ? FM_DEMO_NONE : q % 8; /* queries from the pool and not */
        size_t n = fm_demo_select(s, &o, "w", 1, exclude, &r, pk);
        /* exactly one exemplar per class, in class order; class 2 has none when its only
         * item is the query */
        CHECK_EQ_INT(n, exclude == 6 ? 2 : 3);
        for (size_t k = 0; k < n; k++) {
            CHECK_EQ_INT(pk[k].cls, k);
            CHECK_EQ_INT(c[pk[k].item], k);
            CHECK(pk[k].item != exclude);
            seen[pk[k].item]++;
        }
        /* same stream, same choice */
        fm_demo_pick again[3];
        fm_rng_seed_keyed_index(&r, 42, "balanced", q);
        CHECK_EQ_INT(fm_demo_select(s, &o, "w", 1, exclude, &r, again), n);
        for (size_t k = 0; k < n; k++) CHECK_EQ_INT(again[k].item, pk[k].item);
    }
    for (int i = 0; i < 7; i++) CHECK(seen[i] > 0);
    fm_demo_searcher_free(s);
    fm_demo_pool_free(p);
}

static void test_random(void)
{
    fm_demo_pool *p = fm_demo_pool_new(1.2, 0.75);
    for (size_t i = 0; i < 10; i++) fm_demo_pool_add(p, "w", 1, i % 2);
    fm_demo_pool_build(p, 2);
    fm_demo_searcher *s = fm_demo_searcher_new(p);
    fm_demo_opts o = { FM_DEMO_RANDOM, 4, 0.5 };
    CHECK_EQ_INT(fm_demo_max_picks(p, &o), 4);
    fm_demo_pick pk[16];
    for (uint64_t q = 0; q < 200; q++) {
        fm_rng r;
        fm_rng_seed_keyed_index(&r, 3, "random", q);
        size_t ex = q % 10;
        size_t n = fm_demo_select(s, &o, "w", 1, ex, &r, pk);
        CHECK_EQ_INT(n, 4);
        for (size_t k = 0; k < n; k++) {
            CHECK(pk[k].item != ex && pk[k].item < 10);
            for (size_t j = 0; j < k; j++) CHECK(pk[j].item != pk[k].item);
        }
    }
    /* k above what there is: all 9 others, each once */
    o.k = 15;
    fm_rng r;
    fm_rng_seed(&r, 5);
    size_t n = fm_demo_select(s, &o, "w", 1, 3, &r, pk);
    CHECK_EQ_INT(n, 9);
    int seen[10] = { 0 };
    for (size_t k = 0; k < n; k++) seen[pk[k].item]++;
    for (int i = 0; i < 10; i++) CHECK_EQ_INT(seen[i], i == 3 ? 0 : 1);
    fm_demo_searcher_free(s);
    fm_demo_pool_free(p);
}

/* The query is never its own exemplar, in every mode, even when it is the best match. */
static void test_never_self(void)
{
    fm_demo_pool *p = hand_pool();
    fm_demo_searcher *s = fm_demo_searcher_new(p);
    for (int mode = FM_DEMO_RANDOM; mode <= FM_DEMO_SIMILAR; mode++) {
        fm_demo_opts o = { (fm_demo_mode)mode, 5, 1.0 };
        fm_demo_pick pk[5];
        for (uint64_t q = 0; q < 120; q++) {
            size_t self = q % 6;
            fm_rng r;
            fm_rng_seed_keyed_index(&r, 9, "self", q);
            size_t n = fm_demo_select(s, &o, POOL[self], strlen(POOL[self]), self, &r, pk);
            CHECK(n > 0);
            for (size_t k = 0; k < n; k++) CHECK(pk[k].item != self);
        }
    }
    fm_demo_searcher_free(s);
    fm_demo_pool_free(p);
}

static void test_config_errors(void)
{
    fm_lmbff_config c;
    fm_error err = { 0 };
    const char bad1[] = "{\"templates\": [{\"inputs\": \"{x} {\", \"targets\": \"{y}\"}]}";
    CHECK(fm_lmbff_config_parse(&c, "c.json", bad1, sizeof bad1 - 1, &err) < 0);
    CHECK(strstr(err.reason, "unbalanced") != NULL);
    const char bad2[] = "{\"templates\": [{\"inputs\": \"x\", \"targets\": \"y\"}], \"colour\": 1}";
    CHECK(fm_lmbff_config_parse(&c, "c.json", bad2, sizeof bad2 - 1, &err) < 0);
    CHECK_EQ_STR(err.field, "colour");
    const char bad3[] = "{\"templates\": [{\"inputs\": \"x\", \"targets\": \"y\"}], \"demos\": {\"mode\": \"nearest\"}}";
    CHECK(fm_lmbff_config_parse(&c, "c.json", bad3, sizeof bad3 - 1, &err) < 0);
    const char ok[] = "{\"label_words\": {\"0\": \"terrible\", \"1\": \"great\"}, \"mask_token\": \"[MASK]\","
                      " \"templates\": [{\"inputs\": \"{s} It was {_mask}.\", \"targets\": \"{_label_word}\"}]}";
    CHECK(fm_lmbff_config_parse(&c, "c.json", ok, sizeof ok - 1, &err) == 0);
    CHECK_EQ_STR(fm_lmbff_label_word(&c, "0"), "terrible");
    CHECK_EQ_STR(fm_lmbff_label_word(&c, "1"), "great");
    CHECK(fm_lmbff_label_word(&c, "2") == NULL);
    CHECK_EQ_STR(c.mask_token, "[MASK]");
    CHECK_EQ_INT(c.demos.mode, FM_DEMO_BALANCED); /* the default */
    CHECK_EQ_STR(c.separator, " ");
    CHECK_EQ_STR(c.format, "lmbff");
    fm_lmbff_config_release(&c);
}

int main(void)
{
    TEST(test_tokenize);
    TEST(test_bm25_scores);
    TEST(test_similar_top);
    TEST(test_similar_ties);
    TEST(test_balanced);
    TEST(test_random);
    TEST(test_never_self);
    TEST(test_config_errors);
    UNIT_END();
}
