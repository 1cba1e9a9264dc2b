/* spm_fast.h: flanmix's own implementation of SentencePiece unigram encoding (internal to
 * tokenizer.c). See docs/tokenizer.md for why its ids equal the library's.
 *
 * fm_fast_model holds what the algorithm needs from a model (normalizer charsmap, piece
 * trie, scores); it is built only for models whose behaviour it reproduces exactly and is
 * immutable afterwards (shared by threads). fm_fast is one thread's state: scratch
 * buffers and the bounded word cache.
 */
#ifndef FM_SPM_FAST_H
#define FM_SPM_FAST_H

#include "spm_proto.h"
#include "tokenizer.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fm_fast_model fm_fast_model;
typedef struct fm_fast fm_fast;

/* NULL when the model is outside what the fast path reproduces; *why says what. unk_id:
 * the model's <unk> id as the library reports it (fm_spm_proto_check). */
fm_fast_model *fm_fast_model_new(const fm_spm_proto *p, int unk_id, const char **why);
void fm_fast_model_free(fm_fast_model *fm);

/* cache_entries: maximum number of cached words (the cache is cleared when full). */
fm_fast *fm_fast_new(const fm_fast_model *fm, size_t cache_entries);
void fm_fast_free(fm_fast *f);
/* 1: out holds the library's ids. 0: not proven here, caller must use the library. */
int fm_fast_encode(fm_fast *f, const char *text, size_t n, fm_ids *out);
void fm_fast_stats(const fm_fast *f, uint64_t *hits, uint64_t *misses);

#endif
