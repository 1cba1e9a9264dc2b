/* mixsample.h: the deterministic, seeded, streaming sampler of `flanmix mix`.
 *
 * Which unit (task-format stream) each draw takes is fixed by the unit weights and the
 * seed alone (docs/mixtures.md, "Sampling"):
 *
 *   Composition. Unit i's j-th draw (j = 0, 1, ...) has the arrival time
 *   t(i, j) = (j + u_i) / w_i, where w_i is its weight and u_i in [0,1) a phase drawn from
 *   the seed and the unit's name. The first R draws of the stream are the R earliest
 *   arrivals (ties by unit index). So after R draws unit i has been drawn C_i(R) times with
 *   |C_i(R) - w_i R| < 1 + (number of units) * w_i: proportions converge like a quota
 *   method, not like i.i.d. sampling, yet C_i(R) is computed for any R in
 *   O(units * 64) without replaying the draws before it.
 *
 *   Order. The stream is cut into blocks of B draws (10,000). Block b holds
 *   C_i((b+1)B) - C_i(bB) draws of each unit, in an order shuffled by an rng stream keyed
 *   (seed, "mix/block", b). A unit's draws take its examples in stream order, so its k-th
 *   draw overall is its example k mod count (epoch k div count).
 *
 * So any part of a run can produce its blocks alone and get the same bytes.
 */
#ifndef FM_MIXSAMPLE_H
#define FM_MIXSAMPLE_H

#include "error.h"
#include "fileio.h"
#include "mixture.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fm_mix_sched {
    size_t n;  /* units */
    double *w; /* weights (0 = never drawn) */
    double *u; /* phases */
} fm_mix_sched;

void fm_mix_sched_init(fm_mix_sched *s, const fm_mixture *m, uint64_t seed);
void fm_mix_sched_release(fm_mix_sched *s);
/* counts[i] = draws of unit i among the first R draws (sum = R). */
void fm_mix_sched_counts(const fm_mix_sched *s, uint64_t R, uint64_t *counts);
/* The order of the draws of one block, given the counts at its start and end:
 * order[0..sum(end-start)) = unit indices. */
void fm_mix_sched_order(const fm_mix_sched *s, uint64_t seed, uint64_t block,
                        const uint64_t *start, const uint64_t *end, uint32_t *order);

/* ---- reading units' examples -------------------------------------------------------- */

/* One cursor per unit; at most max_open readers open at once (each holds a zstd window,
 * about 2.5 MB, and a file descriptor). When more units are active, the cursor of the
 * lightest open unit is closed, and reopened later by reading its file again up to the
 * line it needs. */
typedef struct fm_mix_pool fm_mix_pool;

fm_mix_pool *fm_mix_pool_new(const fm_mixture *m, size_t max_open);
void fm_mix_pool_free(fm_mix_pool *p);
/* The example at stream position pos of unit (its line pos mod count), appended to out
 * without its newline. Positions are cheapest when read in increasing order. */
int fm_mix_pool_read(fm_mix_pool *p, size_t unit, uint64_t pos, fm_strbuf *out, fm_error *err);
/* How many times readers were (re)opened, for the progress line. */
uint64_t fm_mix_pool_opens(const fm_mix_pool *p);

#endif
