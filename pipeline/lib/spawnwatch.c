#include "spawnwatch.h"

#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Hand every complete line in buf to the callback, keep the rest; at_end: the rest too. */
static void drain_lines(fm_strbuf *buf, int progress, const fm_spawn_watch *w, int at_end)
{
    size_t start = 0;
    for (;;) {
        char *nl = buf->len > start ? memchr(buf->buf + start, '\n', buf->len - start) : NULL;
        size_t end = nl ? (size_t)(nl - buf->buf) + 1 : buf->len;
        if (!nl && !(at_end && end > start)) break;
        if (progress) {
            buf->buf[nl ? end - 1 : end] = '\0';
            if (w->progress) w->progress(w->ctx, buf->buf + start);
        } else if (w->stderr_line) {
            w->stderr_line(w->ctx, buf->buf + start, end - start);
        }
        start = end;
        if (!nl) break;
    }
    if (start) {
        memmove(buf->buf, buf->buf + start, buf->len - start);
        fm_strbuf_setlen(buf, buf->len - start);
    }
}

int fm_spawn_watched(const fm_argv *a, const fm_spawn_watch *w, fm_error *err)
{
    if (!a->n) return fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "empty command");
    int pp[2], ep[2];
    if (pipe2(pp, O_CLOEXEC) < 0) return fm_error_set(err, FM_EIO, NULL, 0, NULL, "pipe: %s", strerror(errno));
    if (pipe2(ep, O_CLOEXEC) < 0) {
        close(pp[0]);
        close(pp[1]);
        return fm_error_set(err, FM_EIO, NULL, 0, NULL, "pipe: %s", strerror(errno));
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(pp[0]), close(pp[1]), close(ep[0]), close(ep[1]);
        return fm_error_set(err, FM_EIO, NULL, 0, NULL, "fork failed: %s", strerror(errno));
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* as fm_spawn_wait: a stage dies with its driver */
        if (getppid() != parent) _exit(126);
        /* The progress end survives exec (dup without O_CLOEXEC); stderr is the pipe. */
        int fd = dup(pp[1]);
        if (fd < 0 || dup2(ep[1], 2) < 0) _exit(126);
        char num[16];
        snprintf(num, sizeof num, "%d", fd);
        setenv("FM_PROGRESS_FD", num, 1);
        execvp(a->v[0], a->v);
        _exit(127);
    }
    close(pp[1]);
    close(ep[1]);
    fm_strbuf pbuf = FM_STRBUF_INIT, ebuf = FM_STRBUF_INIT;
    struct pollfd fds[2] = { { pp[0], POLLIN, 0 }, { ep[0], POLLIN, 0 } };
    int open_fds = 2;
    char chunk[4096];
    while (open_fds > 0) {
        int r = poll(fds, 2, w->tick_ms > 0 ? w->tick_ms : 200);
        if (r < 0 && errno != EINTR) break;
        for (int i = 0; i < 2 && r > 0; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            fm_strbuf *b = i == 0 ? &pbuf : &ebuf;
            if (n <= 0) {
                drain_lines(b, i == 0, w, 1);
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            fm_strbuf_add(b, chunk, (size_t)n);
            drain_lines(b, i == 0, w, 0);
        }
        if (w->tick) w->tick(w->ctx);
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0) close(fds[i].fd);
    fm_strbuf_release(&pbuf);
    fm_strbuf_release(&ebuf);
    return fm_spawn_reap(pid, a->v[0], err);
}
