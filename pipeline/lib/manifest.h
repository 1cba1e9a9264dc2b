/* manifest.h: the manifest.json every stage writes last (docs/contracts.md).
 *
 * A manifest is built as a cJSON tree in a fixed key order and written with the
 * deterministic printer of json.h, atomically, so that the same run gives the same bytes.
 * It records settings, input files and output files (size and XXH3-64 of the bytes on
 * disk) and stage-specific counts. No times or host names: those go to timing.json.
 */
#ifndef FM_MANIFEST_H
#define FM_MANIFEST_H

#include "cli.h"
#include "error.h"

#include <cjson/cJSON.h>
#include <stdint.h>

typedef struct fm_manifest {
    cJSON *root;
    cJSON *settings; /* object: add any setting that affects output */
    cJSON *inputs;   /* array of {path, bytes, xxh3} */
    cJSON *outputs;  /* array of {path, bytes, xxh3, records} */
    cJSON *counts;   /* object: stage-specific */
} fm_manifest;

void fm_manifest_init(fm_manifest *m, const char *stage);
void fm_manifest_release(fm_manifest *m);

void fm_manifest_set_str(cJSON *obj, const char *key, const char *v);
void fm_manifest_set_num(cJSON *obj, const char *key, double v);
void fm_manifest_set_bool(cJSON *obj, const char *key, int v);
/* Get (creating if needed) a child object of obj. */
cJSON *fm_manifest_obj(cJSON *obj, const char *key);
/* obj[key] += delta (creating it as 0). */
void fm_manifest_add_count(cJSON *obj, const char *key, double delta);

/* Record an input file: checksums it now. path is recorded as given. */
int fm_manifest_add_input(fm_manifest *m, const char *path, fm_error *err);
/* Record an output file written by this stage. rel is relative to the output dir.
 * records < 0 leaves the count out. */
void fm_manifest_add_output(fm_manifest *m, const char *rel, uint64_t bytes, uint64_t xxh3,
                            long long records);
/* Sort outputs by path (bytewise), so order never depends on threads or parts. */
void fm_manifest_sort_outputs(fm_manifest *m);

/* Write OUTDIR/manifest.json, or OUTDIR/manifest.part-I-of-N.json when part->count > 1.
 * Inputs and outputs are written sorted by path. */
int fm_manifest_write(fm_manifest *m, const char *outdir, const fm_part *part, fm_error *err);

/* Read a manifest back (for merge, verify, report, resume). Caller frees with cJSON_Delete. */
cJSON *fm_manifest_read(const char *path, fm_error *err);

#endif
