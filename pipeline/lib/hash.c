#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>
#if defined(__x86_64__) || defined(_M_X64)
/* XXH3_64bits* become the _dispatch entry points of Debian's libxxhash, which pick the
 * SSE2/AVX2/AVX512 kernel for the running CPU: same values, but the plain exported
 * XXH3_64bits_update is a generic build that streams at about a quarter of the speed
 * (docs/perf-ingest-format.md, "Fourth pass"). */
#include <xxh_x86dispatch.h>
#endif

uint64_t fm_hash64(const void *data, size_t n)
{
    return XXH3_64bits(data, n);
}

uint64_t fm_hash64_seeded(const void *data, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(data, n, seed);
}

void fm_hash_hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int fm_hash_parse_hex(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return -1;
        v = (v << 4) | (uint64_t)d;
    }
    if (s[16] != '\0') return -1;
    *out = v;
    return 0;
}

struct fm_hasher {
    XXH3_state_t *st;
};

fm_hasher *fm_hasher_new(void)
{
    fm_hasher *h = malloc(sizeof *h);
    if (!h) abort();
    h->st = XXH3_createState();
    if (!h->st) abort();
    XXH3_64bits_reset(h->st);
    return h;
}

void fm_hasher_update(fm_hasher *h, const void *data, size_t n)
{
    XXH3_64bits_update(h->st, data, n);
}

uint64_t fm_hasher_digest(const fm_hasher *h)
{
    return XXH3_64bits_digest(h->st);
}

void fm_hasher_free(fm_hasher *h)
{
    if (!h) return;
    XXH3_freeState(h->st);
    free(h);
}
