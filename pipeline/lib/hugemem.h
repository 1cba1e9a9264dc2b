/* hugemem.h: big buffers backed by transparent huge pages.
 *
 * On the virtual machines flanmix is measured on, the first touch of a fresh 4 KiB page costs
 * about 14 us of CPU (a trap to the hypervisor per page): tens of MB of fresh buffers cost
 * more than the work done in them. A buffer of 2 MiB-aligned 2 MiB pages marked
 * MADV_HUGEPAGE faults once per 2 MiB instead (when the kernel's THP mode is "always" or
 * "madvise"; otherwise it behaves like plain memory). Only for big, long-lived buffers that
 * are mostly filled: a touched huge page is resident whole.
 */
#ifndef FM_HUGEMEM_H
#define FM_HUGEMEM_H

#include <stddef.h>

#define FM_HUGE_PAGE ((size_t)2 << 20)

/* At least `bytes` of zeroed memory. Below `min` bytes (or when mapping fails) it is plain
 * fm_xcalloc memory and *mapped is 0; otherwise *mapped is the size of the mapping (bytes
 * rounded up to 2 MiB). Aborts on out-of-memory like fm_xmalloc. */
void *fm_huge_alloc(size_t bytes, size_t min, size_t *mapped);
/* Mark the whole 2 MiB pages inside p[0..n) (any memory, e.g. a big malloc'd buffer) for
 * huge pages: worth it for a buffer of several MiB that is not touched yet. */
void fm_huge_advise(void *p, size_t n);
/* Free what fm_huge_alloc returned, given its *mapped. */
void fm_huge_free(void *p, size_t mapped);

#endif
