/* Unit tests of the mixture sampler's composition (mixsample.h): counts sum to R, never
 * decrease, stay within 1 + units * w of w * R, and blocks hold exactly the differences. */
#include "unit.h"

#include "mixsample.h"
#include "mixture.h"

#include <math.h>

/* A mixture of n units with the given weights, without data (only names and weights). */
static fm_mixture *fake(const double *w, size_t n)
{
    fm_mixture *m = fm_xcalloc(1, sizeof *m);
    m->units = fm_xcalloc(n, sizeof *m->units);
    m->n_units = n;
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "t%zu/zs_opt", i);
        m->units[i].name = fm_xstrdup(name);
        m->units[i].task = fm_xstrdup(name);
        m->units[i].format = fm_xstrdup("zs_opt");
        m->units[i].count = 100;
        m->units[i].weight = w[i];
    }
    return m;
}

static void test_counts_invariants(void)
{
    /* 0.5, 0.25, 0.125, 0.1, 0.025 and a zero-weight unit. */
    const double w[] = { 0.5, 0.25, 0.125, 0.1, 0.025, 0 };
    const size_t n = 6;
    fm_mixture *m = fake(w, n);
    fm_mix_sched s;
    fm_mix_sched_init(&s, m, 42);
    uint64_t prev[6] = { 0 }, c[6];
    for (uint64_t R = 0; R <= 2000; R++) {
        fm_mix_sched_counts(&s, R, c);
        uint64_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += c[i];
            CHECK(c[i] >= prev[i]);                      /* monotone */
            CHECK(fabs((double)c[i] - w[i] * (double)R) < 1 + (double)n * w[i] + 1e-9);
            prev[i] = c[i];
        }
        CHECK_EQ_INT(sum, R);
        CHECK_EQ_INT(c[5], 0);
        /* Each step adds exactly one draw to one unit (checked by sum and monotone). */
    }
    /* Exact values for round weights at R = 1000 are within a draw of 500/250/125/100/25. */
    fm_mix_sched_counts(&s, 1000, c);
    CHECK(llabs((long long)c[0] - 500) <= 1 && llabs((long long)c[4] - 25) <= 1);
    fm_mix_sched_release(&s);
    fm_mixture_free(m);
}

static void test_block_order(void)
{
    const double w[] = { 0.7, 0.2, 0.1 };
    fm_mixture *m = fake(w, 3);
    fm_mix_sched s;
    fm_mix_sched_init(&s, m, 1);
    uint64_t a[3], b[3];
    uint32_t order[100], again[100];
    fm_mix_sched_counts(&s, 100, a);
    fm_mix_sched_counts(&s, 200, b);
    fm_mix_sched_order(&s, 1, 1, a, b, order);
    fm_mix_sched_order(&s, 1, 1, a, b, again);
    CHECK(memcmp(order, again, sizeof order) == 0); /* same seed and block: same order */
    uint64_t k[3] = { 0 };
    for (int i = 0; i < 100; i++) k[order[i]]++;
    for (int i = 0; i < 3; i++) CHECK_EQ_INT(k[i], b[i] - a[i]);
    fm_mix_sched_order(&s, 1, 2, a, b, again);
    CHECK(memcmp(order, again, sizeof order) != 0); /* another block: another order */
    fm_mix_sched_release(&s);
    fm_mixture_free(m);
}

static void test_seed_changes_phases(void)
{
    const double w[] = { 0.5, 0.5 };
    fm_mixture *m = fake(w, 2);
    fm_mix_sched s1, s2;
    fm_mix_sched_init(&s1, m, 1);
    fm_mix_sched_init(&s2, m, 2);
    CHECK(s1.u[0] != s2.u[0]);
    CHECK(s1.u[0] >= 0 && s1.u[0] < 1);
    fm_mix_sched_release(&s1);
    fm_mix_sched_release(&s2);
    fm_mixture_free(m);
}

int main(void)
{
    TEST(test_counts_invariants);
    TEST(test_block_order);
    TEST(test_seed_changes_phases);
    UNIT_END();
}
