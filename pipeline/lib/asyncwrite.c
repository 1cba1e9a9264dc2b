#include "asyncwrite.h"

#include "cli.h"

#include <pthread.h>
#include <stdlib.h>

struct fm_awriter {
    fm_writer *w;
    int threaded;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    fm_strbuf pending;   /* the batch the helper writes */
    int has_job, quit;
    int failed;
    fm_error err;        /* first write error */
};

static void *helper(void *arg)
{
    fm_awriter *a = arg;
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!a->has_job && !a->quit) pthread_cond_wait(&a->cv, &a->mu);
        if (!a->has_job) break;
        pthread_mutex_unlock(&a->mu);
        fm_error e;
        fm_error_clear(&e);
        int rc = a->failed ? 0 : fm_writer_write(a->w, a->pending.buf, a->pending.len, &e);
        pthread_mutex_lock(&a->mu);
        if (rc < 0 && !a->failed) {
            a->failed = 1;
            a->err = e;
        }
        fm_strbuf_reset(&a->pending);
        a->has_job = 0;
        /* woken after the unlock: a waiter woken under the lock would block on it at once
         * (one more futex sleep and wake per batch, costly on this kind of VM) */
        pthread_mutex_unlock(&a->mu);
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_lock(&a->mu);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

fm_awriter *fm_awriter_new(int threaded)
{
    fm_awriter *a = fm_xcalloc(1, sizeof *a);
    fm_strbuf_init(&a->pending);
    a->threaded = threaded;
    if (threaded) {
        pthread_mutex_init(&a->mu, NULL);
        pthread_cond_init(&a->cv, NULL);
        if (pthread_create(&a->th, NULL, helper, a) != 0) {
            pthread_mutex_destroy(&a->mu);
            pthread_cond_destroy(&a->cv);
            a->threaded = 0;
        }
    }
    return a;
}

void fm_awriter_attach(fm_awriter *a, fm_writer *w)
{
    a->w = w;
    a->failed = 0;
}

int fm_awriter_write(fm_awriter *a, fm_strbuf *buf, fm_error *err)
{
    if (!buf->len) return 0;
    if (!a->threaded) {
        int rc = fm_writer_write(a->w, buf->buf, buf->len, err);
        fm_strbuf_reset(buf);
        return rc;
    }
    pthread_mutex_lock(&a->mu);
    while (a->has_job) pthread_cond_wait(&a->cv, &a->mu);
    if (a->failed) {
        *err = a->err;
        pthread_mutex_unlock(&a->mu);
        fm_strbuf_reset(buf);
        return -1;
    }
    fm_strbuf t = a->pending; /* empty, keeps its memory for the caller's next batch */
    a->pending = *buf;
    *buf = t;
    a->has_job = 1;
    pthread_mutex_unlock(&a->mu);
    pthread_cond_broadcast(&a->cv); /* after the unlock, as in helper() */
    return 0;
}

fm_writer *fm_awriter_detach(fm_awriter *a, fm_error *err)
{
    int failed = 0;
    if (a->threaded) {
        pthread_mutex_lock(&a->mu);
        while (a->has_job) pthread_cond_wait(&a->cv, &a->mu);
        failed = a->failed;
        if (failed) *err = a->err;
        a->failed = 0;
        pthread_mutex_unlock(&a->mu);
    }
    fm_writer *w = a->w;
    a->w = NULL;
    if (failed) {
        if (w) fm_writer_abort(w);
        return NULL;
    }
    return w;
}

void fm_awriter_free(fm_awriter *a)
{
    if (!a) return;
    if (a->threaded) {
        pthread_mutex_lock(&a->mu);
        while (a->has_job) pthread_cond_wait(&a->cv, &a->mu);
        a->quit = 1;
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
        pthread_join(a->th, NULL);
        pthread_mutex_destroy(&a->mu);
        pthread_cond_destroy(&a->cv);
    }
    if (a->w) fm_writer_abort(a->w);
    fm_strbuf_release(&a->pending);
    free(a);
}

int fm_awriter_worth_it(int workers)
{
    return 2 * workers <= fm_cli_default_threads();
}
