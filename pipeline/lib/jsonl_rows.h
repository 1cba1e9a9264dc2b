/* jsonl_rows.h: JSON Lines + zstd shards of packed rows, for Hugging Face datasets and TRL
 * padding-free training (docs/formats.md, "JSON Lines"). Each shard "rows-NNNNN.jsonl.zst"
 * is one zstd frame with its content size; a shard holds whole lines and rolls over before
 * its uncompressed size would pass the limit (a single longer line gets a shard alone).
 * Memory does not grow with the shard size (the filling shard waits in an unlinked scratch
 * file in the output directory, see jsonl_rows.c). */
#ifndef FM_JSONL_ROWS_H
#define FM_JSONL_ROWS_H

#include "error.h"
#include "shardio.h"

typedef struct fm_jsonl_writer fm_jsonl_writer;

fm_jsonl_writer *fm_jsonl_writer_open(const char *dir, uint64_t shard_bytes, int zstd_level,
                                      fm_error *err);
/* line without its "\n"; tokens = the row's non-pad tokens (manifest). */
int fm_jsonl_writer_add(fm_jsonl_writer *w, const char *line, size_t n, uint64_t tokens, fm_error *err);
int fm_jsonl_writer_finish(fm_jsonl_writer *w, fm_shard_list *out, fm_error *err);
void fm_jsonl_writer_abort(fm_jsonl_writer *w);

#endif
