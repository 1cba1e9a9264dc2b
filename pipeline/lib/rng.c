#include "rng.h"

#include "hash.h"

#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void fm_rng_seed(fm_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

void fm_rng_seed_keyed(fm_rng *r, uint64_t seed, const char *key)
{
    fm_rng_seed(r, seed ^ fm_hash64(key, strlen(key)));
}

void fm_rng_seed_keyed_index(fm_rng *r, uint64_t seed, const char *key, uint64_t index)
{
    uint64_t x = seed ^ fm_hash64(key, strlen(key));
    x ^= splitmix64(&index);
    fm_rng_seed(r, x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t fm_rng_next(fm_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t fm_rng_below(fm_rng *r, uint64_t n)
{
    if (n <= 1) return 0;
    /* Lemire: multiply-high with rejection of the biased low part. */
    unsigned __int128 m = (unsigned __int128)fm_rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t t = (0 - n) % n;
        while (lo < t) {
            m = (unsigned __int128)fm_rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double fm_rng_double(fm_rng *r)
{
    return (double)(fm_rng_next(r) >> 11) * 0x1.0p-53;
}

void fm_rng_shuffle(fm_rng *r, void *base, size_t n, size_t size)
{
    unsigned char *b = base;
    unsigned char tmp[64];
    if (n < 2) return;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)fm_rng_below(r, (uint64_t)i + 1);
        if (j == i) continue;
        for (size_t off = 0; off < size; off += sizeof tmp) {
            size_t k = size - off < sizeof tmp ? size - off : sizeof tmp;
            memcpy(tmp, b + i * size + off, k);
            memcpy(b + i * size + off, b + j * size + off, k);
            memcpy(b + j * size + off, tmp, k);
        }
    }
}
