#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

void fm_argv_push(fm_argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = fm_xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = fm_xstrdup(s);
    a->v[a->n] = NULL;
}

void fm_argv_pushf(fm_argv *a, const char *fmt, ...)
{
    fm_strbuf sb = FM_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    fm_strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    fm_argv_push(a, sb.buf);
    fm_strbuf_release(&sb);
}

void fm_argv_release(fm_argv *a)
{
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

void fm_argv_to_text(const fm_argv *a, fm_strbuf *out)
{
    for (int i = 0; i < a->n; i++) {
        if (i) fm_strbuf_addch(out, ' ');
        const char *s = a->v[i];
        if (i == 0 && strrchr(s, '/')) s = strrchr(s, '/') + 1;
        fm_strbuf_addstr(out, s);
    }
}

int fm_spawn_reap(pid_t pid, const char *name, fm_error *err)
{
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            return fm_error_set(err, FM_EIO, NULL, 0, NULL, "waitpid failed: %s", strerror(errno));
    }
    if (WIFEXITED(st)) {
        int rc = WEXITSTATUS(st);
        if (rc == 127)
            return fm_error_set(err, FM_EIO, NULL, 0, NULL, "cannot run %s (not found?)", name);
        return rc;
    }
    return fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "%s died from signal %d (%s)", name,
                        WTERMSIG(st), strsignal(WTERMSIG(st)));
}

int fm_spawn_wait(const fm_argv *a, const char *cwd, const char *stdout_path, fm_error *err)
{
    if (!a->n) return fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "empty command");
    int out_fd = -1;
    if (stdout_path) {
        out_fd = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out_fd < 0)
            return fm_error_set(err, FM_EIO, stdout_path, 0, NULL, "cannot create: %s", strerror(errno));
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        if (out_fd >= 0) close(out_fd);
        return fm_error_set(err, FM_EIO, NULL, 0, NULL, "fork failed: %s", strerror(errno));
    }
    if (pid == 0) {
        /* A stage dies with its driver: a killed build must not leave a stage running
         * that would race the resumed build over the same files. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(126);
        if (cwd && chdir(cwd) < 0) _exit(126);
        if (out_fd >= 0) dup2(out_fd, 1);
        execvp(a->v[0], a->v);
        _exit(127);
    }
    if (out_fd >= 0) close(out_fd);
    return fm_spawn_reap(pid, a->v[0], err);
}

int fm_self_dir(fm_strbuf *out, fm_error *err)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return fm_error_set(err, FM_EIO, NULL, 0, NULL, "cannot find own executable");
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash) *slash = '\0';
    fm_strbuf_reset(out);
    fm_strbuf_addstr(out, buf);
    return 0;
}
