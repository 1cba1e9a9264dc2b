/* zcctx.h: a zstd compression context that keeps its memory, to be reused.
 *
 * A ZSTD_CCtx allocates its workspace (the window buffer and match tables: about 9 MiB at
 * level 3 with an 8 MiB window) at its first frame and keeps it across frames. Creating a
 * fresh context per shard or per block pays for that memory again, and on a VM fresh pages
 * are expensive (hugemem.h). This context's workspace lives in transparent huge pages, and
 * one context can serve every writer of a run, one after the other (never two at once).
 * Reuse does not change the bytes: a frame depends only on its parameters and input.
 */
#ifndef FM_ZCCTX_H
#define FM_ZCCTX_H

#include <zstd.h>

typedef struct fm_zcctx fm_zcctx;

fm_zcctx *fm_zcctx_new(void);
void fm_zcctx_free(fm_zcctx *z);
/* The context, with every parameter reset to libzstd's defaults (its memory is kept). */
ZSTD_CCtx *fm_zcctx_fresh(fm_zcctx *z);

#endif
