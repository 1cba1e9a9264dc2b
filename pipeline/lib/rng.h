/* rng.h: a seeded, portable pseudo-random generator.
 *
 * xoshiro256** seeded through splitmix64 (Blackman and Vigna). Only integer arithmetic on
 * fixed-width types, so a seed gives the same numbers on every platform and compiler.
 * Every consumer derives its own stream from (seed, key), e.g. (seed, "rte/zs_opt/options"),
 * so that one task's draws never depend on how many draws another task made: that is what
 * keeps output identical whatever the thread count or the split into parts.
 */
#ifndef FM_RNG_H
#define FM_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct fm_rng {
    uint64_t s[4];
} fm_rng;

void fm_rng_seed(fm_rng *r, uint64_t seed);
/* Stream for (seed, key): seeds with seed ^ XXH3-64(key). */
void fm_rng_seed_keyed(fm_rng *r, uint64_t seed, const char *key);
/* Stream for (seed, key, index): e.g. one stream per query position. */
void fm_rng_seed_keyed_index(fm_rng *r, uint64_t seed, const char *key, uint64_t index);
uint64_t fm_rng_next(fm_rng *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias (Lemire's method). */
uint64_t fm_rng_below(fm_rng *r, uint64_t n);
/* Uniform double in [0, 1) with 53 random bits. */
double fm_rng_double(fm_rng *r);
/* Fisher-Yates shuffle of n elements of `size` bytes. */
void fm_rng_shuffle(fm_rng *r, void *base, size_t n, size_t size);

#endif
