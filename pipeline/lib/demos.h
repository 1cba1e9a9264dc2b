/* demos.h: demonstration (exemplar) selection for few-shot prompts, LM-BFF style
 * (docs/lmbff.md).
 *
 * A pool holds the candidate exemplars of one task: for each, the text it is matched on
 * and its class index. fm_demo_pool_build() makes an inverted index for BM25 over the pool.
 * For every query, fm_demo_select() chooses exemplars by one of three rules:
 *
 *   random    k items of the pool, uniformly without replacement, in draw order;
 *   balanced  one item per class, uniformly within the class, classes in index order
 *             (LM-BFF's minimal set of demonstrations, one per label);
 *   similar   one item per class, uniformly among the top floor(rate * m_c) (at least 1) of
 *             the class's m_c candidates ranked by BM25 score against the query, descending,
 *             ties broken by pool index ascending (LM-BFF ranks by SBERT cosine and keeps the
 *             top half per label; rate defaults to 0.5).
 *
 * The query's own pool item (`exclude`) is never a candidate. All randomness comes from the
 * fm_rng the caller gives, one stream per query, so choices do not depend on query order
 * or threads. A searcher holds the per-query scratch memory: use one per thread.
 *
 * BM25 (Robertson and Zaragoza; Lucene's non-negative idf):
 *   score(q, d) = sum over distinct terms t of q present in d of
 *                 idf(t) * tf(t,d) * (k1 + 1) / (tf(t,d) + k1 * (1 - b + b * |d| / avgdl))
 *   idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
 * with N the pool size, df(t) the number of pool items holding t, |d| the number of tokens
 * of d, avgdl the mean of |d| over the pool; defaults k1 = 1.2, b = 0.75. A query term that
 * occurs twice counts once.
 *
 * Tokens: maximal runs of ASCII letters, ASCII digits and bytes >= 0x80 (so UTF-8 letters stay
 * inside words), ASCII letters lowercased; every other byte separates tokens.
 */
#ifndef FM_DEMOS_H
#define FM_DEMOS_H

#include "error.h"
#include "rng.h"

#include <stddef.h>
#include <stdint.h>

#define FM_DEMO_NONE ((size_t)-1)

typedef enum { FM_DEMO_RANDOM = 0, FM_DEMO_BALANCED, FM_DEMO_SIMILAR } fm_demo_mode;

const char *fm_demo_mode_name(fm_demo_mode m);
int fm_demo_mode_parse(const char *s, fm_demo_mode *out, fm_error *err);

typedef struct fm_demo_opts {
    fm_demo_mode mode;
    size_t k;      /* random: how many exemplars */
    double rate;   /* similar: share of each class's ranking drawn from (0 < rate <= 1) */
} fm_demo_opts;

typedef struct fm_demo_pick {
    size_t item;   /* pool index */
    size_t cls;    /* its class */
    size_t rank;   /* similar: 0-based rank within its class's candidates; else draw order */
    double score;  /* similar: BM25 score against the query; else 0 */
} fm_demo_pick;

typedef struct fm_demo_pool fm_demo_pool;
typedef struct fm_demo_searcher fm_demo_searcher;

fm_demo_pool *fm_demo_pool_new(double k1, double b);
/* Add an item (index = number of items added before). The text is tokenized now. */
void fm_demo_pool_add(fm_demo_pool *p, const char *text, size_t len, size_t cls);
/* Finish: nclasses must exceed every class index added. Builds the inverted index. */
void fm_demo_pool_build(fm_demo_pool *p, size_t nclasses);
size_t fm_demo_pool_size(const fm_demo_pool *p);
size_t fm_demo_pool_classes(const fm_demo_pool *p);
void fm_demo_pool_free(fm_demo_pool *p);

fm_demo_searcher *fm_demo_searcher_new(const fm_demo_pool *p);
void fm_demo_searcher_free(fm_demo_searcher *s);

/* Most picks a query can get: max(k, nclasses). */
size_t fm_demo_max_picks(const fm_demo_pool *p, const fm_demo_opts *o);
/* Choose exemplars for one query into picks[] (room for fm_demo_max_picks()); returns how
 * many. A class with no candidate gets no exemplar. */
size_t fm_demo_select(fm_demo_searcher *s, const fm_demo_opts *o, const char *query, size_t qlen,
                      size_t exclude, fm_rng *rng, fm_demo_pick *picks);

/* BM25 score of every pool item against the query into scores[0..N) (tests, debugging). */
void fm_demo_bm25_all(fm_demo_searcher *s, const char *query, size_t qlen, double *scores);

/* Tokenize s[0..n) by the rule above: calls tok(ctx, token, len) for each token, the token
 * lowercased into a scratch buffer. Returns the number of tokens. */
size_t fm_demo_tokenize(const char *s, size_t n, void (*tok)(void *ctx, const char *t, size_t len),
                        void *ctx);

#endif
