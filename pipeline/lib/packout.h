/* packout.h: turn packed rows (pack.h) into one of the output formats, per unit directory.
 *
 *   FM_FORMAT_MDS       MosaicML Streaming MDS (mds.h), columns per docs/formats.md
 *   FM_FORMAT_JSONL     JSON Lines + zstd rows for HF datasets / TRL (jsonl_rows.h)
 *   FM_FORMAT_MEGATRON  Megatron .bin/.idx, one unpadded sequence per row (megatron.h)
 */
#ifndef FM_PACKOUT_H
#define FM_PACKOUT_H

#include "error.h"
#include "pack.h"
#include "shardio.h"

typedef enum { FM_FORMAT_MDS = 0, FM_FORMAT_JSONL, FM_FORMAT_MEGATRON } fm_out_format;
typedef enum { FM_JSONL_COMPLETION_MASK = 0, FM_JSONL_LABELS } fm_jsonl_labels;

typedef struct fm_packout_opts {
    fm_out_format format;
    fm_dtype dtype;          /* token column type (FM_DTYPE_U16 or FM_DTYPE_U32) */
    uint64_t shard_bytes;    /* MDS size_limit (raw), JSONL uncompressed, Megatron .bin */
    int zstd_level;          /* < 0: uncompressed (MDS, JSONL) */
    int hash_xxh3;           /* MDS index hashes */
    fm_jsonl_labels jsonl_labels;
    int zstd_window_log;     /* MDS: zstd window, log2 bytes (0: the level's own) */
    struct fm_zcctx *zcctx;  /* MDS: a zstd context kept across writers (zcctx.h); NULL: own */
} fm_packout_opts;

typedef struct fm_packout fm_packout;

int fm_out_format_parse(const char *s, fm_out_format *out, fm_error *err);
const char *fm_out_format_name(fm_out_format f);

fm_packout *fm_packout_open(const char *dir, const fm_pack_cfg *cfg, const fm_packout_opts *o,
                            fm_error *err);
int fm_packout_add(fm_packout *po, const fm_row *row, fm_error *err);
/* Row r of a window's plan, the same bytes as fm_pack_build_row() then fm_packout_add(), but
 * written straight from the examples where the format allows (MDS, Megatron); row is scratch
 * (from fm_row_init), st counts as fm_pack_build_row() does (may be NULL). */
int fm_packout_add_planned(fm_packout *po, const fm_example *ex, const fm_pack_plan *plan, uint32_t r,
                           fm_row *row, fm_pack_stats *st, fm_error *err);
/* Exactly `rows` more rows will be added before fm_packout_finish() (optional: lets the MDS
 * writer compress the last shard once). */
int fm_packout_expect(fm_packout *po, uint64_t rows, fm_error *err);
/* Finish every file; the files written are appended to out (paths relative to dir). */
int fm_packout_finish(fm_packout *po, fm_shard_list *out, fm_error *err);
void fm_packout_abort(fm_packout *po);

#endif
