#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double fm_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void fm_progress_init(fm_progress *p, const char *stage, uint64_t total_bytes, int quiet)
{
    p->stage = stage;
    p->quiet = quiet;
    p->tty = isatty(2);
    p->start = p->last = fm_now_seconds();
    p->interval = p->tty ? 0.2 : 10.0;
    p->total_bytes = total_bytes;
}

static void print_line(fm_progress *p, uint64_t records, uint64_t bytes, double now, int final)
{
    double dt = now - p->start;
    if (dt <= 0) dt = 1e-9;
    double mbs = (double)bytes / 1e6 / dt;
    char eta[32] = "";
    if (!final && p->total_bytes && bytes && bytes < p->total_bytes)
        snprintf(eta, sizeof eta, " ETA %.0fs", (double)(p->total_bytes - bytes) / ((double)bytes / dt));
    fprintf(stderr, "%s%s: %llu records, %.1f MB, %.0f rec/s, %.1f MB/s%s%s%s",
            p->tty ? "\r\033[K" : "", p->stage, (unsigned long long)records, (double)bytes / 1e6,
            (double)records / dt, mbs, eta, final ? "" : "", p->tty && !final ? "" : "\n");
    if (final) fprintf(stderr, "%s: done in %.2fs\n", p->stage, dt);
    fflush(stderr);
}

void fm_progress_update(fm_progress *p, uint64_t records, uint64_t bytes)
{
    if (p->quiet) return;
    double now = fm_now_seconds();
    if (now - p->last < p->interval) return;
    p->last = now;
    print_line(p, records, bytes, now, 0);
}

void fm_progress_done(fm_progress *p, uint64_t records, uint64_t bytes)
{
    if (p->quiet) return;
    if (p->tty) fprintf(stderr, "\r\033[K");
    print_line(p, records, bytes, fm_now_seconds(), 1);
}
