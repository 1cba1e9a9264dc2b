/* verify_shards.h: `flanmix verify` for the output of `flanmix pack` (docs/formats.md).
 *
 * Every data shard the manifest lists is decoded (shardrows.h) and every row checked
 * against the settings in the manifest (layout, seq_len / inputs_len / targets_len,
 * vocab_size, eos_id, pad_id, dtype, loss_on_inputs, labels):
 *   - row length: the configured length (JSONL prefixlm rows: at most seq_len, unpadded);
 *   - segment ids start at 1 and grow by one at each boundary; padding (0) only at the end;
 *   - positions restart at 0 in each segment and grow by one; 0 on padding;
 *   - ids in [0, vocab_size); the pad id exactly on padding; every segment ends in EOS;
 *   - prefixlm: loss 0 on the inputs and 1 on the targets (inputs … EOS targets … EOS:
 *     the last loss-0 token is EOS), or 1 on every token with loss_on_inputs; JSONL
 *     labels are the token or -100;
 *   - encdec: decoder_input_tokens = decoder_target_tokens shifted right within each
 *     segment, the pad id at each segment's start and on padding; decoder_loss_weights 1
 *     exactly on the targets; encoder and decoder hold the same number of segments;
 *   - Megatron: each sequence at most seq_len tokens, inputs … EOS targets … EOS, no pad;
 *     the .idx self-consistent (offsets, document indices, dtype);
 *   - MDS: the shard agrees with its index.json entry (samples, raw bytes and xxh3);
 *   - per shard, rows and non-pad tokens equal the manifest's "records" and "tokens";
 *     over the manifest, rows, examples (segments), tokens and slots equal its counts.
 * Each fault names the shard, the row, the column and the reason; at most the first
 * FM_VERIFY_SHARD_FAULTS faults of a shard are printed (all are counted), and within a
 * row a column's first fault only (a broken segment-id column stops that row). */
#ifndef FM_VERIFY_SHARDS_H
#define FM_VERIFY_SHARDS_H

#include "verify.h"

#define FM_VERIFY_SHARD_FAULTS 20

extern const fm_verify_checker fm_verify_pack_checker;

#endif
