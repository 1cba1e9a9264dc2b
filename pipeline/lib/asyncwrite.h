/* asyncwrite.h: hand an fm_writer's writes (zstd compression, hashing, write(2)) to a helper
 * thread, so that producing the next batch overlaps compressing the previous one.
 *
 * The writer sees exactly the same sequence of fm_writer_write() calls with the same bytes
 * as without the thread, so the output (zstd frames and blocks included) is byte-identical;
 * only where the work runs changes. One batch is in flight at a time (double buffering):
 * fm_awriter_write() waits if the helper is still busy with the previous batch.
 *
 *     fm_awriter *a = fm_awriter_new(threaded);
 *     fm_awriter_attach(a, fm_writer_open(...));
 *     fm_awriter_write(a, &batch, err);        // batch is taken and reset
 *     fm_writer *w = fm_awriter_detach(a, err); // all batches written; commit w yourself
 *     fm_awriter_free(a);                      // aborts a writer still attached
 */
#ifndef FM_ASYNCWRITE_H
#define FM_ASYNCWRITE_H

#include "error.h"
#include "fileio.h"
#include "strbuf.h"

typedef struct fm_awriter fm_awriter;

/* threaded = 0: writes happen in the caller, as plain fm_writer_write(). */
fm_awriter *fm_awriter_new(int threaded);
/* Attach the writer that the next batches go to (none may be attached). */
void fm_awriter_attach(fm_awriter *a, fm_writer *w);
/* Write buf's bytes (taken over; buf comes back empty, with some capacity). -1 if this or
 * an earlier batch failed (err set). */
int fm_awriter_write(fm_awriter *a, fm_strbuf *buf, fm_error *err);
/* Wait until every batch is written, detach and return the writer (NULL on a write error:
 * err set, the writer aborted). */
fm_writer *fm_awriter_detach(fm_awriter *a, fm_error *err);
/* Stop the helper; a writer still attached is aborted. NULL is fine. */
void fm_awriter_free(fm_awriter *a);

/* Should a worker use a helper thread? Yes when the workers leave a core idle for it. */
int fm_awriter_worth_it(int workers);

#endif
