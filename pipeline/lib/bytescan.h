#ifndef FM_BYTESCAN_H
#define FM_BYTESCAN_H

/* Finding the next byte of interest in a run of text, 16 bytes at a time where SSE2 is
 * there: the JSON scanners skip plain string bytes this way. */

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first byte of [p, e) that equals a, b or c; e if there is none. */
static inline const unsigned char *fm_find_byte3(const unsigned char *p, const unsigned char *e,
                                                 unsigned char a, unsigned char b, unsigned char c)
{
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b), vc = _mm_set1_epi8((char)c);
    while (e - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)), _mm_cmpeq_epi8(x, vc)));
        if (m) return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    while (p < e && *p != a && *p != b && *p != c) p++;
    return p;
}

#endif
