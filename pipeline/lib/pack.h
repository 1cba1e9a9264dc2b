/* pack.h: packing tokenized examples into fixed-length rows without splitting any example.
 *
 * Two layouts (docs/formats.md, "Layouts"):
 *   FM_LAYOUT_ENCDEC    t5x EncDecFeatureConverter: an encoder row of inputs_len and a decoder
 *                       row of targets_len; an example goes into a row only if its inputs AND
 *                       its targets both fit (the 2-D constraint of seqio's packer).
 *   FM_LAYOUT_PREFIXLM  decoder-only: inputs (ending in EOS) then targets (ending in EOS) in
 *                       one sequence of seq_len; loss on targets only (or on all, if asked).
 *
 * Two algorithms, both inside a window of consecutive examples (packing never crosses a
 * window, so windows can be packed by different processes and give the same rows):
 *   FM_ALGO_NEXTFIT  seqio's trim_and_pack: one open row, an example that does not fit closes it.
 *   FM_ALGO_BFD      best-fit decreasing: examples sorted by size (largest first, ties by input
 *                    position), each put in the open row with the least room left that still
 *                    holds it (ties: the row opened first), else in a new row.
 *   FM_ALGO_NONE     one example per row (Megatron documents, unpacked output).
 * Rows come out ordered by the input position of their first example; the examples of a
 * row are in input order. So the same window always gives the same rows.
 */
#ifndef FM_PACK_H
#define FM_PACK_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { FM_LAYOUT_ENCDEC = 0, FM_LAYOUT_PREFIXLM } fm_layout;
typedef enum { FM_ALGO_BFD = 0, FM_ALGO_NEXTFIT, FM_ALGO_NONE } fm_pack_algo;
typedef enum { FM_OVERLONG_TRUNCATE = 0, FM_OVERLONG_ERROR } fm_overlong;

typedef struct fm_pack_cfg {
    fm_layout layout;
    fm_pack_algo algo;
    uint32_t seq_len;      /* prefixlm row length */
    uint32_t inputs_len;   /* encdec encoder row length */
    uint32_t targets_len;  /* encdec decoder row length */
    int32_t pad_id;        /* fills rows; also the decoder start token of every segment */
    int32_t eos_id;
    int loss_on_inputs;    /* prefixlm: loss weight 1 on inputs too */
    fm_overlong on_overlong;
} fm_pack_cfg;

/* One tokenized example. in/tg point into memory owned by the caller; fm_pack_fit() may
 * shorten n_in/n_tg and write EOS into the last kept position (so the arrays must be
 * writable). */
typedef struct fm_example {
    int32_t *in;
    uint32_t n_in;
    int32_t *tg;
    uint32_t n_tg;
} fm_example;

typedef struct fm_pack_stats {
    uint64_t examples;          /* examples packed */
    uint64_t rows;
    uint64_t truncated_examples;
    uint64_t truncated_inputs_tokens;
    uint64_t truncated_targets_tokens;
    uint64_t enc_slots, enc_tokens; /* encdec encoder positions and non-pad ones */
    uint64_t dec_slots, dec_tokens; /* decoder (prefixlm: the only) positions and non-pad */
} fm_pack_stats;

/* dst += src, field by field. */
void fm_pack_stats_add(fm_pack_stats *dst, const fm_pack_stats *src);

/* Check a configuration: lengths large enough for the smallest example, pad != eos. */
int fm_pack_cfg_check(const fm_pack_cfg *cfg, fm_error *err);

/* Make an example fit a row, as seqio's append_eos_after_trim does: a feature longer than
 * its room is cut to room - 1 tokens and EOS is appended. For prefixlm (one room of L for
 * inputs + targets) the inputs are cut first, but never below half the row (L/2); then the
 * targets. With FM_OVERLONG_ERROR an over-long example is an error instead.
 * Counts truncations in *st. */
int fm_pack_fit(const fm_pack_cfg *cfg, fm_example *ex, fm_pack_stats *st, fm_error *err);

/* The rows of one window: rows[r] holds members[row_start[r] .. row_start[r+1]). Member
 * values are indexes into the window's example array. */
typedef struct fm_pack_plan {
    uint32_t nrows;
    uint32_t *row_start; /* nrows + 1 */
    uint32_t *members;   /* n */
    size_t cap_rows, cap_members;
} fm_pack_plan;

void fm_pack_plan_release(fm_pack_plan *p);

/* Pack n examples (already fitted) into rows. */
void fm_pack_window(const fm_pack_cfg *cfg, const fm_example *ex, size_t n, fm_pack_plan *plan);

/* One materialized row, every array of the row's full length (padded). For prefixlm only
 * the dec_* arrays are used (dec_len = seq_len). */
typedef struct fm_row {
    uint32_t enc_len, dec_len;
    uint32_t enc_used, dec_used; /* non-pad positions (examples are left-aligned) */
    uint32_t nseg;
    int32_t *enc_tokens, *enc_seg, *enc_pos;
    int32_t *dec_tokens;   /* decoder_target_tokens (prefixlm: the sequence) */
    int32_t *dec_inputs;   /* decoder_input_tokens: shifted right within each segment */
    int32_t *dec_seg, *dec_pos;
    uint8_t *dec_loss;     /* decoder_loss_weights / loss_mask */
    uint32_t *seg_len;     /* decoder-side length of each segment (nseg entries) */
    uint32_t *seg_in_len;  /* prefixlm: inputs part of each segment (for inspection) */
} fm_row;

void fm_row_init(fm_row *row, const fm_pack_cfg *cfg);
void fm_row_release(fm_row *row);

/* Fill row with plan row r; adds its slots and tokens to st (if not NULL). */
void fm_pack_build_row(const fm_pack_cfg *cfg, const fm_example *ex, const fm_pack_plan *plan,
                       uint32_t r, fm_row *row, fm_pack_stats *st);

const char *fm_layout_name(fm_layout l);
const char *fm_pack_algo_name(fm_pack_algo a);
int fm_layout_parse(const char *s, fm_layout *out, fm_error *err);
int fm_pack_algo_parse(const char *s, fm_pack_algo *out, fm_error *err);

#endif
