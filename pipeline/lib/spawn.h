/* spawn.h: run another program (a stage executable, spm_train) and wait for it.
 *
 * The driver composes stages the way git's porcelain does: each stage runs as its own
 * process, so a crash in one cannot corrupt another's memory and every stage stays usable
 * alone. Arguments are passed as a vector (no shell), stdout/stderr are inherited. */
#ifndef FM_SPAWN_H
#define FM_SPAWN_H

#include "error.h"
#include "strbuf.h"

#include <sys/types.h>

typedef struct fm_argv {
    char **v;
    int n, cap;
} fm_argv;

void fm_argv_push(fm_argv *a, const char *s);
void fm_argv_pushf(fm_argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fm_argv_release(fm_argv *a);
/* The command line as text, for messages ("flanmix-ingest a.json -o out"). */
void fm_argv_to_text(const fm_argv *a, fm_strbuf *out);

/* Run argv (argv[0] looked up in PATH unless it contains '/'), in directory cwd if not
 * NULL, with stdout sent to stdout_path if not NULL. Returns the exit status (0..255), or
 * -1 with err set if it could not be started or died from a signal. */
int fm_spawn_wait(const fm_argv *a, const char *cwd, const char *stdout_path, fm_error *err);

/* Wait for child pid (started for program `name`) and turn its end into the same result
 * as fm_spawn_wait: exit status 0..255, or -1 with err set (not found, killed by a signal). */
int fm_spawn_reap(pid_t pid, const char *name, fm_error *err);

/* Directory holding the running executable (for finding sibling stage executables). */
int fm_self_dir(fm_strbuf *out, fm_error *err);

#endif
