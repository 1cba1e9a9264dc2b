/* mds.h: MosaicML Streaming MDS output (index.json version 2), byte for byte as
 * streaming's MDSWriter writes it (docs/formats.md, "MDS").
 *
 * A writer fills shards "shard.NNNNN.mds[.zstd]" in one directory and, when finished,
 * writes that directory's index.json. Shards roll over exactly as MDSWriter rolls them
 * (running size = 8 + len(config) + sum(len(sample) + 4); a sample that would push it
 * past size_limit starts a new shard), so rollover depends only on the samples. With
 * compression each shard is ONE zstd frame with its content size, and only the
 * compressed file is kept (as MDSWriter does).
 *
 * fm_mds_merge_index() joins the index.json of several unit directories into one
 * top-level index.json whose basenames carry the unit directory ("block-00000/shard.00000.mds"),
 * which is how streaming's own merge_index joins the outputs of parallel writers.
 */
#ifndef FM_MDS_H
#define FM_MDS_H

#include "error.h"
#include "shardio.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fm_mds_column {
    const char *name;
    const char *encoding; /* e.g. "ndarray:uint16:2048", "int", "str" */
    uint32_t size;        /* fixed byte size, 0 = variable */
} fm_mds_column;

typedef struct fm_mds_writer fm_mds_writer;

/* columns must be sorted by name (bytewise) and unique. size_limit < 2^32.
 * zstd_level < 0: no compression; 3 is written as "zstd", other levels as "zstd:N".
 * zstd_window_log: the frames' window (log2 bytes) when every column has a fixed size;
 * 0 = the level's own (2 MiB for level 3). hash_xxh3: record "xxh3_64" hashes (else
 * "hashes": []). */
fm_mds_writer *fm_mds_writer_open(const char *dir, const fm_mds_column *cols, size_t ncols,
                                  uint64_t size_limit, int zstd_level, int zstd_window_log,
                                  int hash_xxh3, fm_error *err);
/* Add one sample: data[i] / len[i] for column i (fixed columns must have their size).
 * tokens is the sample's non-pad token count (for the manifest). */
int fm_mds_writer_add(fm_mds_writer *w, const void *const *data, const uint32_t *len,
                      uint64_t tokens, fm_error *err);
/* The same for writers whose columns all have fixed sizes (else NULL: use fm_mds_writer_add),
 * without copies: reserve returns where to write the sample's bytes (the columns back to back,
 * in order), commit adds it. */
struct fm_zcctx;
void *fm_mds_writer_reserve(fm_mds_writer *w);
/* Compress with zc's context (its memory is kept from writer to writer) rather than one of
 * the writer's own; zc must outlive the writer and serve no other writer meanwhile. Call
 * before the first sample. Same bytes either way. */
void fm_mds_writer_use_cctx(fm_mds_writer *w, struct fm_zcctx *zc);
int fm_mds_writer_commit(fm_mds_writer *w, uint64_t tokens, fm_error *err);
/* Announce that exactly `more` samples will be added before fm_mds_writer_finish(): the last
 * shard's sample count is then known before it is compressed, which spares recompressing it.
 * Optional; adding more samples than announced is an error. */
int fm_mds_writer_expect(fm_mds_writer *w, uint64_t more, fm_error *err);
/* Flush the last shard, write DIR/index.json, append every file written (shards, then
 * index.json) to out, free the writer (also on error). */
int fm_mds_writer_finish(fm_mds_writer *w, fm_shard_list *out, fm_error *err);
void fm_mds_writer_abort(fm_mds_writer *w);

/* Write OUTDIR/index.json from OUTDIR/<sub>/index.json for each sub (in the given order). */
int fm_mds_merge_index(const char *outdir, const char *const *subdirs, size_t n, fm_error *err);
/* Same for every direct subdirectory of OUTDIR holding an index.json, sorted bytewise.
 * (`flanmix merge` and single runs call this.) */
int fm_mds_merge_dir(const char *outdir, fm_error *err);

#endif
