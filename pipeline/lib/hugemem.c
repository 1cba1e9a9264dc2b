#include "hugemem.h"

#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void *fm_huge_alloc(size_t bytes, size_t min, size_t *mapped)
{
    *mapped = 0;
    if (bytes < min || bytes > SIZE_MAX / 2) return fm_xcalloc(1, bytes);
    size_t len = (bytes + FM_HUGE_PAGE - 1) & ~(FM_HUGE_PAGE - 1);
    /* Map one page more than needed and trim it to a 2 MiB boundary. */
    void *p = mmap(NULL, len + FM_HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return fm_xcalloc(1, bytes);
    uintptr_t a = ((uintptr_t)p + FM_HUGE_PAGE - 1) & ~(uintptr_t)(FM_HUGE_PAGE - 1);
    size_t head = (size_t)(a - (uintptr_t)p);
    if (head) munmap(p, head);
    if (FM_HUGE_PAGE - head) munmap((char *)a + len, FM_HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
    madvise((void *)a, len, MADV_HUGEPAGE);
#endif
    *mapped = len;
    return (void *)a;
}

void fm_huge_advise(void *p, size_t n)
{
    uintptr_t a = ((uintptr_t)p + FM_HUGE_PAGE - 1) & ~(uintptr_t)(FM_HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(FM_HUGE_PAGE - 1);
#ifdef MADV_HUGEPAGE
    if (e > a) madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#endif
}

void fm_huge_free(void *p, size_t mapped)
{
    if (!p) return;
    if (mapped) munmap(p, mapped);
    else free(p);
}
