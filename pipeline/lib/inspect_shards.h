/* inspect_shards.h: `flanmix inspect` for the output of `flanmix pack` (docs/formats.md).
 *
 * Decodes MDS (a directory with index.json, an index.json, or one .mds / .mds.zstd shard),
 * JSON Lines rows (rows-*.jsonl[.zst]) and Megatron shards (.idx or .bin) to text: one block
 * per row, one line per run of equal loss weight inside each segment, so segment
 * boundaries and loss masks are visible:
 *
 *     == row 0 (block-00000/shard.00000.mds.zstd #0): 2 segments, 14/15 tokens
 *     -- segment 1 (7 tokens)
 *        loss 0 | 7 8 5 1                 (text instead of ids with a model)
 *        loss 1 | 3 9 1
 *
 * For encdec rows the encoder part of each segment comes first as "enc    |".
 * --stats on a pack output directory prints the manifest's counts and the packing
 * efficiency instead. */
#ifndef FM_INSPECT_SHARDS_H
#define FM_INSPECT_SHARDS_H

#include "error.h"
#include "strbuf.h"
#include "tokenizer.h"

#include <stdio.h>

typedef struct fm_inspect_shards_opts {
    const fm_spm_model *model; /* NULL: print ids */
    int show_ids;              /* ids even with a model */
    long max_rows;             /* < 0: all */
    int stats;                 /* efficiency and counts only */
} fm_inspect_shards_opts;

/* 1 if path looks like pack output this module decodes (by name or content). */
int fm_inspect_shards_match(const char *path);
/* Print path to out. 0 or -1. */
int fm_inspect_shards(const char *path, const fm_inspect_shards_opts *o, FILE *out, fm_error *err);

#endif
