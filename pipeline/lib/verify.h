/* verify.h: re-read a stage output directory and check it against its manifest.
 *
 * Generic checks, for every stage: the manifest parses; every output it lists exists with
 * the recorded size and XXH3-64; JSON Lines outputs decompress cleanly, every line parses,
 * and the line count equals the recorded "records". Format-specific invariants (packed
 * rows: segment ids, positions, loss masks, EOS placement) are checked by the checkers
 * registered for the stage (see fm_verify_shard_checker). Faults are reported one line
 * each through the callback, and counted; verification goes on after a fault so that one
 * run lists every problem. */
#ifndef FM_VERIFY_H
#define FM_VERIFY_H

#include "error.h"

#include <cjson/cJSON.h>
#include <stdint.h>

typedef struct fm_verify_report {
    uint64_t manifests, files, records, faults;
    void (*fault)(void *ctx, const char *path, const char *what); /* may be NULL */
    void *ctx;
} fm_verify_report;

/* Verify dir (a stage output with manifest.json, or a build directory whose
 * subdirectories are stage outputs). Returns 0 when it ran (faults are in the report),
 * -1 when it could not run at all (no manifest anywhere). */
int fm_verify_dir(const char *dir, fm_verify_report *rep, fm_error *err);

/* Record a fault (used by format-specific checkers). */
void fm_verify_fault(fm_verify_report *rep, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A stage-specific checker, for the manifests whose "stage" is `stage`: begin() gets the
 * manifest and returns its state (NULL: nothing to check); file() is called for every
 * output whose size and checksum are right and returns 1 when it checked the file's
 * content itself (else the generic checks run); end() gets whether every output could
 * be read (totals are only compared then) and frees the state. Checkers are listed in a
 * static table in verify.c (no global mutable state). */
typedef struct fm_verify_checker {
    const char *stage;
    void *(*begin)(const char *dir, const char *manifest_path, const cJSON *manifest, fm_verify_report *rep);
    int (*file)(void *state, const char *path, const cJSON *entry);
    void (*end)(void *state, int all_outputs_read);
} fm_verify_checker;

#endif
