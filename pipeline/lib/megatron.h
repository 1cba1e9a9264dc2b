/* megatron.h: Megatron-LM indexed dataset shards "shard-NNNNN.bin" + "shard-NNNNN.idx"
 * (megatron/core/datasets/indexed_dataset.py, docs/formats.md "Megatron"). One sequence
 * per example, one document per sequence. The files are written uncompressed: Megatron
 * memory-maps them. A shard rolls over before its .bin would pass the limit. The .bin is
 * streamed to disk as it fills (memory does not depend on the shard size). */
#ifndef FM_MEGATRON_H
#define FM_MEGATRON_H

#include "error.h"
#include "shardio.h"

#include <stdint.h>

typedef struct fm_megatron_writer fm_megatron_writer;

/* dtype FM_DTYPE_U16 (Megatron code 8, uint16) or FM_DTYPE_U32 (code 4, int32). */
fm_megatron_writer *fm_megatron_writer_open(const char *dir, fm_dtype dtype, uint64_t shard_bytes,
                                            fm_error *err);
int fm_megatron_writer_add(fm_megatron_writer *w, const int32_t *ids, uint32_t n, fm_error *err);
/* One document given in pieces (written as their concatenation). */
int fm_megatron_writer_add_parts(fm_megatron_writer *w, const int32_t *const *parts, const uint32_t *lens,
                                 size_t nparts, fm_error *err);
int fm_megatron_writer_finish(fm_megatron_writer *w, fm_shard_list *out, fm_error *err);
void fm_megatron_writer_abort(fm_megatron_writer *w);

#endif
