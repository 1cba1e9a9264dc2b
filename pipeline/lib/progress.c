#include "progress.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

double fm_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The descriptor a driver gave in FM_PROGRESS_FD, or -1. */
static int driver_fd(void)
{
    const char *e = getenv("FM_PROGRESS_FD");
    if (!e || !*e) return -1;
    char *end;
    long fd = strtol(e, &end, 10);
    if (*end || fd < 0 || fd > 1 << 20 || fcntl((int)fd, F_GETFD) < 0) return -1;
    return (int)fd;
}

/* One protocol line to the driver (short: one write, atomic on a pipe). */
static void to_driver(const fm_progress *p, const char *what, uint64_t a, uint64_t b)
{
    char line[128];
    int n = what[0] == 's' ? snprintf(line, sizeof line, "start %s %llu\n", p->stage, (unsigned long long)a)
                           : snprintf(line, sizeof line, "%s %llu %llu\n", what, (unsigned long long)a,
                                      (unsigned long long)b);
    if (n > 0 && (size_t)n < sizeof line && write(p->fd, line, (size_t)n) < 0) { /* driver gone: ignore */ }
}

void fm_progress_init(fm_progress *p, const char *stage, uint64_t total_bytes, int quiet)
{
    p->stage = stage;
    p->quiet = quiet;
    p->tty = isatty(2);
    p->start = p->last = fm_now_seconds();
    p->interval = p->tty ? 0.2 : 10.0;
    p->total_bytes = total_bytes;
    p->fd = quiet ? -1 : driver_fd();
    if (p->fd >= 0) {
        p->interval = 0.25;
        to_driver(p, "start", total_bytes, 0);
    }
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
    if (p->fd >= 0) to_driver(p, "update", records, bytes);
    else print_line(p, records, bytes, now, 0);
}

void fm_progress_done(fm_progress *p, uint64_t records, uint64_t bytes)
{
    if (p->quiet) return;
    if (p->fd >= 0) {
        to_driver(p, "done", records, bytes);
        return;
    }
    if (p->tty) fprintf(stderr, "\r\033[K");
    print_line(p, records, bytes, fm_now_seconds(), 1);
}
