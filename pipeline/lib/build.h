/* build.h: the driver behind `flanmix build` and `flanmix demo`.
 *
 * A build runs the stage executables one after another, each into its own subdirectory of
 * the build directory:
 *
 *   OUT/ingest   records       (flanmix-ingest)
 *   OUT/format   examples      (flanmix-format)
 *   OUT/mix      mixed stream  (flanmix-mix)
 *   OUT/tokens   token ids     (flanmix-tokenize)
 *   OUT/shards   packed shards (flanmix-pack)
 *   OUT/manifest.json          the build's settings and the stage manifests' checksums
 *
 * Resume: a stage whose directory holds a manifest.json that verifies (every listed file
 * present with its size and checksum) is complete and is not run again; any other state of
 * its directory is cleared and the stage reruns. Stages write every file atomically and
 * their manifest last, so a build killed at any moment resumes to the same bytes.
 *
 * Scale-out: with only_stage and part, one process runs part I of N of one stage (the
 * stages before it must be complete); once all N parts are done, `flanmix merge` on the
 * stage directory writes its manifest, and the next stage can start (docs/scale-out.md). */
#ifndef FM_BUILD_H
#define FM_BUILD_H

#include "error.h"

#include <stdint.h>

typedef struct fm_build_opts {
    const char *mixture;          /* mixture file */
    const char *outdir;
    const char *const *tasks;     /* task definition files or directories */
    int ntasks;
    const char *data_dir;         /* NULL: next to each task file */
    const char *templates_dir;    /* NULL: the repository's templates/ */
    const char *model;            /* SentencePiece model (required) */
    const char *formats;          /* formats to build, comma-separated (NULL: from mixture) */
    uint64_t count;               /* examples to draw from the mixture */
    uint64_t seed;
    int threads;
    const char *layout;           /* encdec | prefixlm */
    const char *out_format;       /* mds | jsonl | megatron */
    long inputs_len, targets_len; /* token lengths (seqio: 2048 / 512) */
    long seq_len;                 /* prefixlm row length */
    const char *on_error;         /* fail | skip */
    int allow_missing;
    int no_fast_tokenizer;
    int quiet;
    int zstd_level;               /* ingest and format outputs; 0: each stage's default */
    const char *only_stage;       /* run just this stage (ingest, format, mix, tokenize, pack) */
    const char *part;             /* "I/N": run part I of N of only_stage (then flanmix merge) */
} fm_build_opts;

void fm_build_opts_init(fm_build_opts *o);
int fm_build_run(const fm_build_opts *o, fm_error *err);

#endif
