/* strdict.c: see strdict.h. Open addressing (linear probing) over term ids; the strings
 * live back to back in one buffer. */
#include "strdict.h"

#include "error.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>


void fm_strdict_init(fm_strdict *d)
{
    memset(d, 0, sizeof *d);
    fm_strbuf_init(&d->bytes);
    d->nslots = 1024;
    d->slot = fm_xcalloc(d->nslots, sizeof *d->slot);
}

void fm_strdict_release(fm_strdict *d)
{
    free(d->slot);
    free(d->hash);
    free(d->off);
    free(d->len);
    fm_strbuf_release(&d->bytes);
}

static void grow(fm_strdict *d)
{
    size_t ns = d->nslots * 2;
    uint32_t *slot = fm_xcalloc(ns, sizeof *slot);
    for (size_t t = 0; t < d->nterms; t++) {
        size_t i = d->hash[t] & (ns - 1);
        while (slot[i]) i = (i + 1) & (ns - 1);
        slot[i] = (uint32_t)t + 1;
    }
    free(d->slot);
    d->slot = slot;
    d->nslots = ns;
}

long fm_strdict_find(fm_strdict *d, const char *s, size_t n, int insert)
{
    uint64_t h = fm_hash64(s, n);
    size_t i = h & (d->nslots - 1);
    while (d->slot[i]) {
        uint32_t t = d->slot[i] - 1;
        if (d->hash[t] == h && d->len[t] == n && !memcmp(d->bytes.buf + d->off[t], s, n)) return t;
        i = (i + 1) & (d->nslots - 1);
    }
    if (!insert) return -1;
    if (d->nterms == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->hash = fm_xrealloc(d->hash, d->cap * sizeof *d->hash);
        d->off = fm_xrealloc(d->off, d->cap * sizeof *d->off);
        d->len = fm_xrealloc(d->len, d->cap * sizeof *d->len);
    }
    size_t t = d->nterms++;
    d->hash[t] = h;
    d->off[t] = d->bytes.len;
    d->len[t] = (uint32_t)n;
    fm_strbuf_add(&d->bytes, s, n);
    d->slot[i] = (uint32_t)t + 1;
    if (d->nterms * 2 > d->nslots) grow(d);
    return (long)t;
}
