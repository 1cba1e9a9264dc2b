/* ingest.h: the ingest stage (docs/contracts.md section 1, docs/ingest.md).
 *
 * Reads every source file of every task (of this part) and writes
 *   OUT/records/<task>/part-NNNNN.jsonl.zst   100,000 records per file, in source order
 *   OUT/records/<task>/meta.json
 *   OUT/rejects.jsonl                         (OUT/rejects.part-I-of-N.jsonl for a part)
 *   OUT/manifest.json                         (OUT/manifest.part-I-of-N.json for a part)
 * Tasks are the units of work: part I of N does the tasks whose index in name order is
 * I mod N, and -j threads work on different tasks, so output never depends on either.
 */
#ifndef FM_INGEST_H
#define FM_INGEST_H

#include "cli.h"
#include "error.h"
#include "task.h"

#include <cjson/cJSON.h>

#define FM_INGEST_RECORDS_PER_FILE 100000
/* Default zstd level of record files (--zstd-level): records are an intermediate file, and
 * at higher levels compression costs more than parsing (docs/perf-ingest-format.md has the
 * measured table). */
#define FM_INGEST_ZSTD_LEVEL 1

typedef struct fm_ingest_opts {
    const char *outdir;
    fm_on_error on_error;
    fm_part part;
    int threads;                    /* >= 1 */
    int quiet;
    const char *const *def_paths;   /* the task definition files (manifest inputs) */
    size_t ndefs;
    int nan_override;               /* -1 or an fm_nan_policy (recorded in settings) */
    long records_per_file;          /* 0: FM_INGEST_RECORDS_PER_FILE */
    int zstd_level;                 /* 0: FM_INGEST_ZSTD_LEVEL; < 0: zstd's fast levels */
    int no_direct;                  /* map every record through the parsed tree (direct.h
                                     * off: for tests that compare the two; same output) */
} fm_ingest_opts;

/* Run the stage. On failure (--on-error fail and a bad record, or an I/O error) returns -1
 * with err set, and removes the files this run had already committed: no output is left
 * under a final name and no manifest is written. */
int fm_ingest_run(const fm_task_set *set, const fm_ingest_opts *o, fm_error *err);

/* Merge the manifests of parts 0..n-1 (in any order) into the manifest a single run would
 * have written: settings, inputs, outputs and counts. The parts' rejects files are replaced
 * by `rejects.jsonl` with the given size and checksum. NULL on error (missing or duplicate
 * parts, parts of different runs). */
cJSON *fm_ingest_merge_manifests(cJSON *const *parts, size_t n, uint64_t rejects_bytes,
                                 uint64_t rejects_xxh3, fm_error *err);

/* Merge an ingest output directory written by N parts: check that all N part manifests are
 * there, write OUT/rejects.jsonl (the parts' rejects in task order) and OUT/manifest.json.
 * The part manifests and part rejects files are left in place. */
int fm_ingest_merge(const char *outdir, fm_error *err);

#endif
