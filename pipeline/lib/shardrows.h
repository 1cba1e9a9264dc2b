/* shardrows.h: read back the rows of one shard written by `flanmix pack`, whatever its
 * format (docs/formats.md): an MDS shard (shard.NNNNN.mds or .mds.zstd; the column layout
 * is taken from the config embedded in the shard itself), a JSON Lines rows file
 * (rows-NNNNN.jsonl[.zst]) or a Megatron shard (shard-NNNNN.bin with its .idx beside it).
 *
 * Each row comes back as columns of int32 values under fixed roles, named as the file
 * names them (so messages can say "column segment_ids"). A role the format does not have
 * is absent (present = 0): JSONL prefixlm rows have no segment ids (their seq_lengths say
 * where segments end), Megatron sequences have only tokens. Readers do not judge the rows:
 * `flanmix verify` (verify_shards.h) checks them, the report (report.h) draws them.
 * Structural damage that prevents decoding (bad MDS offsets, bad .idx) is an error. */
#ifndef FM_SHARDROWS_H
#define FM_SHARDROWS_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    FM_SHARD_MDS = 0,
    FM_SHARD_JSONL,
    FM_SHARD_MEGATRON,
} fm_shard_kind;

typedef enum {
    FM_RC_TOKENS = 0,  /* tokens | decoder_target_tokens | input_ids | a Megatron sequence */
    FM_RC_SEGMENTS,    /* segment_ids | decoder_segment_ids */
    FM_RC_POSITIONS,   /* positions | decoder_positions | position_ids */
    FM_RC_LOSS,        /* loss_mask | decoder_loss_weights | completion_mask */
    FM_RC_DEC_INPUTS,  /* decoder_input_tokens */
    FM_RC_ENC_TOKENS,  /* encoder_input_tokens */
    FM_RC_ENC_SEGMENTS,/* encoder_segment_ids */
    FM_RC_ENC_POSITIONS,/* encoder_positions */
    FM_RC_LABELS,      /* labels (JSONL --labels labels: token or -100) */
    FM_RC_SEQ_LENGTHS, /* seq_lengths (JSONL prefixlm) */
    FM_RC_N
} fm_rowcol_role;

typedef struct fm_rowcol {
    const char *name; /* as the file names it; valid until the next row */
    int32_t *v;
    size_t n, cap;
    int present;
} fm_rowcol;

typedef struct fm_shard_row {
    fm_rowcol c[FM_RC_N];
    uint64_t index;   /* 0-based row (sample, line, sequence) number in the shard */
    char name[8][40]; /* storage for column names */
} fm_shard_row;

typedef struct fm_shard_reader fm_shard_reader;

/* The kind of shard a path names (by its name), or -1 if it is not a data shard
 * (index.json, the .idx of a Megatron pair, rejects.jsonl...). */
int fm_shard_kind_of(const char *path);

/* Open a data shard (for Megatron, the .bin; its .idx is read too). */
fm_shard_reader *fm_shard_reader_open(const char *path, fm_error *err);
/* Next row into row (its arrays are reused). 1: a row, 0: no more, -1: error. */
int fm_shard_reader_next(fm_shard_reader *r, fm_shard_row *row, fm_error *err);
fm_shard_kind fm_shard_reader_kind(const fm_shard_reader *r);
/* Rows the shard says it holds (MDS header, Megatron .idx), or -1 (JSONL: unknown). */
int64_t fm_shard_reader_declared_rows(const fm_shard_reader *r);
/* MDS: the decompressed shard bytes (for the index.json raw_data checks), else NULL. */
const void *fm_shard_reader_raw(const fm_shard_reader *r, size_t *len);
/* Megatron: the .idx dtype code (8 uint16, 4 int32); MDS: token column width in bytes
 * (2 or 4, 0 if no token column seen yet); JSONL: 0. */
int fm_shard_reader_dtype(const fm_shard_reader *r);
void fm_shard_reader_close(fm_shard_reader *r);

void fm_shard_row_release(fm_shard_row *row);

/* For pictures: the row as segment ids and a loss mask of `len` positions (cut or padded
 * with segment 0). JSONL prefixlm rows get their segments from seq_lengths; Megatron
 * sequences are one segment with the loss unknown (all 0). Returns the row's length. */
size_t fm_shard_row_strip(const fm_shard_row *row, uint32_t *seg, uint8_t *loss, size_t len);

#endif
