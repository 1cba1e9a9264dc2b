#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_customMem, ZSTD_createCCtx_advanced */
#include "zcctx.h"

#include "error.h"
#include "hugemem.h"

#include <stdio.h>
#include <stdlib.h>

#define BIG_ALLOC ((size_t)1 << 20) /* workspace-sized allocations go to huge pages */
#define MAX_BIG 8

struct fm_zcctx {
    ZSTD_CCtx *cc;
    struct { void *p; size_t mapped; } big[MAX_BIG]; /* live huge allocations */
    size_t nbig;
};

static void *z_alloc(void *opaque, size_t size)
{
    fm_zcctx *z = opaque;
    if (size < BIG_ALLOC || z->nbig == MAX_BIG) return malloc(size);
    size_t mapped;
    void *p = fm_huge_alloc(size, BIG_ALLOC, &mapped);
    z->big[z->nbig].p = p;
    z->big[z->nbig].mapped = mapped;
    z->nbig++;
    return p;
}

static void z_free(void *opaque, void *p)
{
    fm_zcctx *z = opaque;
    if (!p) return;
    for (size_t i = 0; i < z->nbig; i++)
        if (z->big[i].p == p) {
            fm_huge_free(p, z->big[i].mapped);
            z->big[i] = z->big[--z->nbig];
            return;
        }
    free(p);
}

fm_zcctx *fm_zcctx_new(void)
{
    fm_zcctx *z = fm_xcalloc(1, sizeof *z);
    ZSTD_customMem mem = { z_alloc, z_free, z };
    z->cc = ZSTD_createCCtx_advanced(mem);
    if (!z->cc) {
        free(z);
        fprintf(stderr, "flanmix: out of memory (zstd context)\n");
        abort();
    }
    return z;
}

void fm_zcctx_free(fm_zcctx *z)
{
    if (!z) return;
    ZSTD_freeCCtx(z->cc);
    free(z);
}

ZSTD_CCtx *fm_zcctx_fresh(fm_zcctx *z)
{
    ZSTD_CCtx_reset(z->cc, ZSTD_reset_session_and_parameters);
    return z->cc;
}
