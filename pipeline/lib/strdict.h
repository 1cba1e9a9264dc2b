/* strdict.h: interns byte strings to dense ids 0, 1, 2, ... in first-seen order (BM25's
 * term dictionary, the report's per-task tallies). The bytes are copied; look-ups are O(1)
 * expected. */
#ifndef FM_STRDICT_H
#define FM_STRDICT_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fm_strdict {
    uint32_t *slot;   /* term id + 1, 0 = empty */
    size_t nslots;    /* power of two */
    uint64_t *hash;   /* per term */
    size_t *off;      /* per term: offset in bytes */
    uint32_t *len;
    size_t nterms, cap;
    fm_strbuf bytes;
} fm_strdict;

void fm_strdict_init(fm_strdict *d);
void fm_strdict_release(fm_strdict *d);
/* Id of s[0..n): -1 if unknown and insert is 0; with insert 1, a new id (= the number of
 * strings before it) when unknown. */
long fm_strdict_find(fm_strdict *d, const char *s, size_t n, int insert);

#endif
