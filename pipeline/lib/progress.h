/* progress.h: progress display on stderr for long runs.
 *
 * On a terminal: one line redrawn in place (stage, records/s, MB/s, ETA when the total is
 * known). Otherwise: a plain line every `interval` seconds (default 10), so logs of batch
 * jobs stay readable. Silent when quiet. Never affects output files.
 *
 * Under a driver (`flanmix build`), the environment variable FM_PROGRESS_FD names a file
 * descriptor: then nothing is drawn, and these lines go to that descriptor instead, for the
 * driver's own display (docs/progress.md):
 *     start STAGE TOTAL_BYTES      (0: total unknown)
 *     update RECORDS BYTES         (at most every 0.25 s)
 *     done RECORDS BYTES                                                               */
#ifndef FM_PROGRESS_H
#define FM_PROGRESS_H

#include <stdint.h>

typedef struct fm_progress {
    const char *stage;
    int quiet, tty;
    double start, last;
    double interval;
    uint64_t total_bytes; /* 0 if unknown */
    int fd;               /* FM_PROGRESS_FD, or -1: draw on stderr */
} fm_progress;

void fm_progress_init(fm_progress *p, const char *stage, uint64_t total_bytes, int quiet);
/* Report state; cheap to call often (it only prints when the interval has passed). */
void fm_progress_update(fm_progress *p, uint64_t records, uint64_t bytes);
/* Final line: totals and wall time. */
void fm_progress_done(fm_progress *p, uint64_t records, uint64_t bytes);
double fm_now_seconds(void);

#endif
