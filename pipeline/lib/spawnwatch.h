/* spawnwatch.h: run a stage executable and watch it (for the driver's progress display).
 *
 * As fm_spawn_wait (spawn.h), but the child's stderr and its progress lines come back
 * through two pipes: the child gets FM_PROGRESS_FD naming the write end of the progress
 * pipe (progress.h), and its stderr is the other pipe. The parent hands whole progress
 * lines and whole stderr lines to callbacks, and calls tick every tick_ms while the child
 * runs, so the driver can redraw a status line without the child's messages tearing it. */
#ifndef FM_SPAWNWATCH_H
#define FM_SPAWNWATCH_H

#include "error.h"
#include "spawn.h"

#include <stddef.h>

typedef struct fm_spawn_watch {
    void (*progress)(void *ctx, const char *line);                 /* without its "\n" */
    void (*stderr_line)(void *ctx, const char *line, size_t n);    /* with its "\n" (unless last) */
    void (*tick)(void *ctx);
    void *ctx;
    int tick_ms;
} fm_spawn_watch;

/* Exit status (0..255), or -1 with err set (not started, died from a signal). */
int fm_spawn_watched(const fm_argv *a, const fm_spawn_watch *w, fm_error *err);

#endif
