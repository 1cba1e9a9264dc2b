/* buildview.h: the driver's progress display and end-of-build summary (`flanmix build`).
 *
 * Progress: per stage and for the whole build, records, records/s, MB/s and an ETA, fed by
 * the stages' progress lines (progress.h, FM_PROGRESS_FD). On a terminal one status line is
 * redrawn in place; otherwise a plain line every `interval` seconds, plus a line when each
 * stage starts and ends. How the ETAs are derived is in docs/progress.md.
 *
 * Summary: read back from the stage manifests (so a resumed build prints the same one):
 * counts per submixture and per task, tokens, packing efficiency, truncations, rejects and
 * the wall time. */
#ifndef FM_BUILDVIEW_H
#define FM_BUILDVIEW_H

#include <stdint.h>
#include <stdio.h>

typedef struct fm_buildview {
    FILE *out;
    int tty, width;           /* status line redrawn in place; terminal columns */
    int shown;                /* a status line is on screen (tty) */
    double interval;          /* plain lines: seconds between them */
    double build_start, stage_start, last_draw;
    /* this stage */
    int stage_no, nstages;
    const char *stage;
    double weight;            /* its share of the build's work (docs/progress.md) */
    uint64_t records, bytes, total_bytes, expected_records;
    /* the build so far */
    double weight_done;       /* stages finished or found complete */
    double weight_run;        /* stages finished by this process */
    double seconds_run;       /* their wall time */
} fm_buildview;

void fm_buildview_init(fm_buildview *v, FILE *out, int nstages);
/* A stage starts; expected_records is the driver's estimate of its records (0: unknown). */
void fm_buildview_stage_begin(fm_buildview *v, int stage_no, const char *stage, uint64_t expected_records);
/* One progress line from the stage ("start ...", "update ...", "done ..."). */
void fm_buildview_feed(fm_buildview *v, const char *line);
/* Redraw if due. */
void fm_buildview_tick(fm_buildview *v);
/* Text the stage wrote to stderr: printed above the status line. */
void fm_buildview_print(fm_buildview *v, const char *text, size_t n);
/* The stage ended (ran = 0: it was complete already and not rerun). */
void fm_buildview_stage_end(fm_buildview *v, int ran);
/* Status line off the screen (before other output). */
void fm_buildview_clear(fm_buildview *v);

/* The summary of a finished build directory (stage manifests under outdir). */
void fm_build_summary(FILE *out, const char *outdir, double wall_seconds);

#endif
