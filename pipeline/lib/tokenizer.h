/* tokenizer.h: SentencePiece tokenization for every stage (tokenize, pack, inspect).
 *
 * fm_spm_model is a loaded model, immutable and shared read-only by all threads.
 * fm_tokenizer is one thread's encoder: it owns its caches and scratch memory, so each
 * thread creates its own from the shared model.
 *
 * fm_tokenizer_encode() gives exactly the ids of `spm_encode --output_format=id` (the
 * library's Encode) for any input. With use_fast_path it avoids the library for most text:
 * it normalizes and segments with flanmix's own implementation of the library's
 * algorithm and memoizes words, and falls back to the library whenever it cannot prove
 * that it produces the same ids. docs/tokenizer.md gives the argument and the rules.
 */
#ifndef FM_TOKENIZER_H
#define FM_TOKENIZER_H

#include "error.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* ---- growable id vector ----------------------------------------------------------- */
typedef struct fm_ids {
    int32_t *v;
    size_t n, cap;
} fm_ids;
#define FM_IDS_INIT { NULL, 0, 0 }

void fm_ids_release(fm_ids *ids);
void fm_ids_push(fm_ids *ids, int32_t id);
void fm_ids_reserve(fm_ids *ids, size_t total); /* room for `total` ids in all */
void fm_ids_append(fm_ids *ids, const int32_t *v, size_t n);

/* ---- loaded model ------------------------------------------------------------------ */
typedef struct fm_spm_model fm_spm_model;

/* Load a .model file. NULL and err (FM_EMODEL, file = path) when it is missing, unreadable
 * or not a SentencePiece model. libsentencepiece itself is loaded only when needed (a model
 * the fast path does not serve, a text it hands to the library, decode, a tokenizer made
 * with use_fast_path 0): once, thread-safely, on the first need. */
fm_spm_model *fm_spm_model_load(const char *path, fm_error *err);
void fm_spm_model_free(fm_spm_model *m);
int fm_spm_model_vocab_size(const fm_spm_model *m);
int fm_spm_model_eos_id(const fm_spm_model *m); /* -1 if none */
int fm_spm_model_pad_id(const fm_spm_model *m); /* -1 if none */
int fm_spm_model_unk_id(const fm_spm_model *m);
int fm_spm_model_bos_id(const fm_spm_model *m); /* -1 if none */
const char *fm_spm_model_path(const fm_spm_model *m);
/* 1 once libsentencepiece has been loaded for this model (for tests and benchmarks). */
int fm_spm_model_library_loaded(const fm_spm_model *m);
/* "unigram", "bpe", "word" or "char". */
const char *fm_spm_model_type_name(const fm_spm_model *m);
/* 1 if the fast path can serve this model (else it always uses the library); when 0,
 * *why (if not NULL) says why, e.g. "BPE model" or "user-defined symbols". */
int fm_spm_model_fast_path_supported(const fm_spm_model *m, const char **why);

/* Decode ids to text (appended to out). 0 or -1 (an id out of range is FM_EINPUT; a
 * library that fails to load, FM_EMODEL). */
int fm_spm_model_decode(const fm_spm_model *m, const int32_t *ids, size_t n, fm_strbuf *out,
                        fm_error *err);
/* Piece text of one id (appended to out), for inspect. 0, or -1 if id is out of range. */
int fm_spm_model_id_to_piece(const fm_spm_model *m, int32_t id, fm_strbuf *out);

/* ---- per-thread encoder ------------------------------------------------------------ */
typedef struct fm_tokenizer fm_tokenizer;

/* use_fast_path 0: every call goes to the library. */
fm_tokenizer *fm_tokenizer_new(const fm_spm_model *m, int use_fast_path);
void fm_tokenizer_free(fm_tokenizer *t);
/* Ids of text[0..n) (replaces out's contents), exactly spm_encode --output_format=id. */
int fm_tokenizer_encode(fm_tokenizer *t, const char *text, size_t n, fm_ids *out, fm_error *err);
/* Fast-path statistics: words served from the cache, words segmented and cached, texts
 * given to the library (all counts since fm_tokenizer_new). */
void fm_tokenizer_stats(const fm_tokenizer *t, uint64_t *hits, uint64_t *misses,
                        uint64_t *fallbacks);

/* ---- parallel batches -------------------------------------------------------------- */
/* A pool of worker threads, each with its own fm_tokenizer on one shared model. The
 * calling thread works too, so threads = 1 runs everything on the caller. */
typedef struct fm_tok_pool fm_tok_pool;

fm_tok_pool *fm_tok_pool_new(const fm_spm_model *m, int threads, int use_fast_path);
void fm_tok_pool_free(fm_tok_pool *p);
int fm_tok_pool_threads(const fm_tok_pool *p);
/* Summed statistics of all the pool's tokenizers. */
void fm_tok_pool_stats(const fm_tok_pool *p, uint64_t *hits, uint64_t *misses, uint64_t *fallbacks);

/* Parallel for: calls fn(ctx, i, tokenizer, &err) for every i in [0, n), each i exactly
 * once, on the pool's threads (which thread runs which i is unspecified: fn must write
 * only to its own slot i). Returns 0, or -1 with the error of the smallest failing i
 * (so errors, like output, do not depend on the thread count). */
typedef int (*fm_tok_pool_fn)(void *ctx, size_t i, fm_tokenizer *t, fm_error *err);
int fm_tok_pool_run(fm_tok_pool *p, size_t n, fm_tok_pool_fn fn, void *ctx, fm_error *err);

/* Tokenize a batch in parallel: outs[i] = ids of texts[i][0..lens[i]) (like
 * fm_tokenizer_encode), for i in [0, n). outs must hold n initialized fm_ids (FM_IDS_INIT
 * or reused ones); order is the input order whatever the thread count. 0 or -1. */
int fm_tokenize_batch(fm_tok_pool *p, size_t n, const char *const *texts, const size_t *lens,
                      fm_ids *outs, fm_error *err);

#endif
