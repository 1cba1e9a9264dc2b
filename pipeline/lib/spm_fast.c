/* spm_fast.c: flanmix's exact re-implementation of SentencePiece unigram encoding.
 *
 * What libsentencepiece 0.1.97 does for Encode(text) -> ids, and what this file mirrors
 * (docs/tokenizer.md has the full argument):
 *
 *  1. Normalizer::Normalize: repeatedly take the longest rule of the precompiled charsmap
 *     (a darts-clone double array) that is a prefix of the rest of the input, or else one
 *     UTF-8 character as it is; drop leading spaces, collapse runs of spaces, escape ' '
 *     as U+2581 "▁", add a dummy "▁" prefix, drop trailing "▁".
 *  2. unigram::Model::EncodeOptimized: a Viterbi pass over the normalized bytes that keeps,
 *     per end position, the best path score as a float. A candidate is computed in double
 *     ((double)score + (double)best_at_start), compared with the stored float, and stored
 *     rounded to float; unknown characters score min_score - 10 (float arithmetic).
 *     Ties keep the first candidate.
 *  3. Runs of consecutive <unk> pieces are merged into one <unk> id.
 *
 * Word decomposition: when no piece holds "▁" after its first character, every "▁" of the
 * normalized text starts a piece, so the Viterbi pass restarts at every "▁" with a single
 * float (the best score so far) as its only state. The segmentation of a word is a function
 * of that float; flanmix tracks the float exactly (it is the float fold of the scores of
 * the pieces emitted so far) and can replay the library's float arithmetic for any word.
 * A word cache stores each word's segmentation from an exact (double) Viterbi together
 * with how far its decisions are from a tie; a cached segmentation is used only when
 * that margin exceeds a bound on the float rounding error at the current score magnitude,
 * otherwise the word is replayed with the library's float arithmetic.
 */
#include "spm_fast.h"

#include "hash.h"
#include "hugemem.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define WS "\xe2\x96\x81" /* U+2581, SentencePiece's escaped space */
#define WS_LEN 3
#define MAX_CACHED_WORD 128            /* longer words are segmented every time */
#define CACHE_ARENA_MAX (24u << 20)    /* bytes of cached words and ids per thread */

/* ---- the piece trie: a double array ----------------------------------------------------- */
/* Node x's child for byte c is node base[x] + c if that node's check is x + 1. One array
 * access per byte, and the arrays stay compact (a few percent of free cells). The piece
 * ending at a node sits in the same cell, so a step of the Viterbi walk reads one 12-byte
 * cell. Cell 0 is the root; DA_PAD free cells at the end make base + c always in bounds. */
typedef struct da_cell {
    int32_t base;   /* children at base + byte; 0 for a leaf */
    uint32_t check; /* parent + 1; 0: free cell (the root has UINT32_MAX) */
    int32_t piece;  /* id of the piece ending here, -1 if none */
} da_cell;

#define DA_PAD 256

struct fm_fast_model {
    /* normalizer */
    const uint32_t *cm_units; /* darts-clone units of the charsmap, NULL if none */
    size_t cm_nunits;
    const char *cm_strings;   /* NUL-separated replacement strings */
    size_t cm_strings_len;
    uint32_t *cm_copy;        /* aligned copy of the units */
    int add_dummy_prefix, remove_extra_whitespaces;
    uint8_t ascii_ident[128]; /* 1: no charsmap rule starts with this byte */
    uint8_t single_ok[128];   /* 1: no rule is exactly this byte */
    uint8_t pair_ok[128][128]; /* 1: single_ok[b] and no rule starts with bytes b, c */
    int printable_plain;      /* 1: pair_ok[b][c] for every b in 0x21..0x7E and every ASCII c */
    /* pieces */
    da_cell *da;
    size_t da_size;           /* cells, DA_PAD free ones at the end included */
    float *scores;            /* by id */
    int n_ids;
    float unk_score;
    int unk_id;
};

/* ---- darts-clone double array (the charsmap) ------------------------------------------ */
static inline uint32_t da_offset(uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); }
static inline uint32_t da_label(uint32_t u) { return u & ((1u << 31) | 0xFF); }
static inline int da_has_leaf(uint32_t u) { return (u >> 8) & 1; }
static inline uint32_t da_value(uint32_t u) { return u & ((1u << 31) - 1); }

/* Longest charsmap rule that is a prefix of s[0..n): its length (0 if none) and the
 * offset of its replacement in cm_strings. Like Normalizer::NormalizePrefix, only the
 * first 32 matches count (the library's result array). */
static size_t charsmap_longest(const fm_fast_model *fm, const uint8_t *s, size_t n, uint32_t *value)
{
    const uint32_t *a = fm->cm_units;
    size_t na = fm->cm_nunits;
    size_t longest = 0, found = 0;
    uint32_t pos = da_offset(a[0]);
    for (size_t i = 0; i < n; i++) {
        pos ^= s[i];
        if (pos >= na) break;
        uint32_t u = a[pos];
        if (da_label(u) != s[i]) break;
        pos ^= da_offset(u);
        if (pos >= na) break;
        if (da_has_leaf(u)) {
            if (found < 32) {
                longest = i + 1;
                *value = da_value(a[pos]);
            }
            found++;
        }
    }
    return longest;
}

/* Length of the valid UTF-8 character at s (n > 0 bytes left), 0 if invalid. */
static size_t utf8_char_len(const uint8_t *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t need;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; min = 0x10000; }
    else return 0;
    if (n <= need) return 0;
    unsigned cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
    for (size_t k = 1; k <= need; k++) {
        unsigned d = s[k];
        if ((d & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need + 1;
}

/* SentencePiece's OneCharLen: length from the lead byte alone. */
static inline size_t one_char_len(uint8_t c)
{
    static const uint8_t t[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4 };
    return t[c >> 4];
}

/* ---- building the double array ------------------------------------------------------------ */
/* The pieces are placed depth by depth as an MSD radix sort: the pieces below one node are
 * grouped by their next byte, the node's children get the first base where all their
 * cells are free, then each group is placed below its child. Linear in the pieces' bytes;
 * no sort and no temporary trie. */
typedef struct da_builder {
    fm_fast_model *fm;
    const fm_spm_proto *p;
    size_t cap;       /* cells allocated */
    size_t used_end;  /* one past the last used cell */
    uint32_t *tmp;    /* scratch piece indices, as many as pieces */
    /* free cells as a doubly-linked list in ascending order (FREE_END ends it) */
    uint32_t *next, *prev;
    uint32_t head, tail;
} da_builder;

#define FREE_END UINT32_MAX

static void da_grow(da_builder *B, size_t need)
{
    if (need + DA_PAD <= B->cap) return;
    size_t c = B->cap ? B->cap : 1024;
    while (c < need + DA_PAD) c *= 2;
    B->fm->da = fm_xrealloc(B->fm->da, c * sizeof *B->fm->da);
    B->next = fm_xrealloc(B->next, c * sizeof *B->next);
    B->prev = fm_xrealloc(B->prev, c * sizeof *B->prev);
    for (size_t i = B->cap; i < c; i++) {
        B->fm->da[i].base = 0;
        B->fm->da[i].check = 0;
        B->fm->da[i].piece = -1;
        B->prev[i] = B->tail;
        B->next[i] = FREE_END;
        if (B->tail == FREE_END) B->head = (uint32_t)i;
        else B->next[B->tail] = (uint32_t)i;
        B->tail = (uint32_t)i;
    }
    B->cap = c;
}

static void da_use(da_builder *B, size_t c, uint32_t check)
{
    B->fm->da[c].check = check;
    uint32_t n = B->next[c], p = B->prev[c];
    if (p == FREE_END) B->head = n;
    else B->next[p] = n;
    if (n == FREE_END) B->tail = p;
    else B->prev[n] = p;
    if (c + 1 > B->used_end) B->used_end = c + 1;
}

/* A base >= 1 at which the cells base + labels[k] are all free: the first one in free-list
 * order among a few tries, else one just past the used cells (always free). Free cells
 * that keep failing are taken off the list for good (they stay free in the array), so
 * crowded regions are not searched again and again. */
static int32_t da_find_base(da_builder *B, const uint8_t *labels, size_t nl)
{
    uint32_t pos = B->head;
    for (size_t tries = 1; pos != FREE_END && tries <= 32; tries++) {
        if (pos >= (size_t)labels[0] + 1) {
            size_t base = pos - labels[0];
            if (base + 256 + DA_PAD > B->cap) da_grow(B, base + 256);
            const da_cell *da = B->fm->da;
            size_t k = 1;
            while (k < nl && !da[base + labels[k]].check) k++;
            if (k == nl) return (int32_t)base;
        }
        uint32_t nx = B->next[pos];
        if (tries % 16 == 0 && B->head != pos && B->head < B->used_end) {
            /* drop the list's first cell (it stays a free cell) */
            uint32_t h = B->head;
            B->head = B->next[h];
            B->prev[B->head] = FREE_END; /* head != pos: the list goes on */
        }
        pos = nx;
    }
    size_t base = B->used_end > (size_t)labels[0] + 1 ? B->used_end - labels[0] : 1;
    da_grow(B, base + 256);
    return (int32_t)base;
}

/* Place the children of node for pieces idx[0..n) (all sharing its depth bytes). */
static int da_place(da_builder *B, uint32_t node, uint32_t *idx, size_t n, size_t depth, const char **why)
{
    const fm_spm_piece_info *pieces = B->p->pieces;
    /* The piece ending exactly here, if any, comes out of the group. */
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        const fm_spm_piece_info *pi = &pieces[idx[k]];
        if (pi->len == depth) {
            if (B->fm->da[node].piece >= 0) {
                *why = "duplicate pieces";
                return -1;
            }
            B->fm->da[node].piece = (int32_t)idx[k];
        } else {
            idx[m++] = idx[k];
        }
    }
    n = m;
    if (n == 0) return 0;
    /* Group by the byte at depth: insertion sort for the many small groups, else a
     * counting sort through tmp. */
    uint32_t count[256];
    uint8_t labels[256];
    size_t nl = 0;
    if (n <= 24) {
        for (size_t k = 1; k < n; k++) {
            uint32_t v = idx[k];
            uint8_t c = (uint8_t)pieces[v].piece[depth];
            size_t j = k;
            while (j > 0 && (uint8_t)pieces[idx[j - 1]].piece[depth] > c) {
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = v;
        }
        for (size_t k = 0; k < n; k++) {
            uint8_t c = (uint8_t)pieces[idx[k]].piece[depth];
            if (nl && labels[nl - 1] == c) {
                count[c]++;
            } else {
                labels[nl++] = c;
                count[c] = 1;
            }
        }
    } else {
        memset(count, 0, sizeof count);
        for (size_t k = 0; k < n; k++) count[(uint8_t)pieces[idx[k]].piece[depth]]++;
        uint32_t start[256];
        size_t acc = 0;
        for (int c = 0; c < 256; c++) {
            if (!count[c]) continue;
            labels[nl++] = (uint8_t)c;
            start[c] = (uint32_t)acc;
            acc += count[c];
        }
        uint32_t *tmp = B->tmp;
        for (size_t k = 0; k < n; k++) {
            uint8_t c = (uint8_t)pieces[idx[k]].piece[depth];
            tmp[start[c]++] = idx[k];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
    int32_t base = da_find_base(B, labels, nl);
    da_cell *da = B->fm->da;
    da[node].base = base;
    for (size_t k = 0; k < nl; k++) da_use(B, (size_t)base + labels[k], node + 1);
    /* Children in label order; their groups are consecutive in idx. */
    size_t off = 0;
    for (size_t k = 0; k < nl; k++) {
        size_t cnt = count[labels[k]];
        if (da_place(B, (uint32_t)(base + labels[k]), idx + off, cnt, depth + 1, why)) return -1;
        off += cnt;
    }
    return 0;
}

static int da_build(fm_fast_model *fm, const fm_spm_proto *p, const char **why)
{
    size_t n = 0, bytes = 0;
    for (size_t i = 0; i < p->n_pieces; i++) {
        if (p->pieces[i].type != FM_PIECE_NORMAL) continue;
        n++;
        bytes += p->pieces[i].len;
    }
    uint32_t *idx = fm_xmalloc((n + 1) * sizeof *idx);
    da_builder B = { fm, p, 0, 1, fm_xmalloc((n + 1) * sizeof *B.tmp), NULL, NULL, FREE_END, FREE_END };
    n = 0;
    for (size_t i = 0; i < p->n_pieces; i++)
        if (p->pieces[i].type == FM_PIECE_NORMAL) idx[n++] = (uint32_t)i;
    fm->da = NULL;
    da_grow(&B, bytes / 4 + 1024);
    da_use(&B, 0, UINT32_MAX);
    int rc = da_place(&B, 0, idx, n, 0, why);
    free(idx);
    free(B.tmp);
    free(B.next);
    free(B.prev);
    if (rc) return -1;
    /* Keep the used cells and DA_PAD free ones (all cells past used_end are free). */
    fm->da_size = B.used_end + DA_PAD;
    if (fm->da_size < B.cap) fm->da = fm_xrealloc(fm->da, fm->da_size * sizeof *fm->da);
    return 0;
}

/* ---- model ------------------------------------------------------------------------------- */
static int charsmap_setup(fm_fast_model *fm, const fm_spm_proto *p, const char **why)
{
    if (!p->charsmap || p->charsmap_len == 0) return 0; /* identity normalizer */
    if (p->charsmap_len <= 4) {
        *why = "broken normalization charsmap";
        return -1;
    }
    uint32_t tsize;
    memcpy(&tsize, p->charsmap, 4); /* little-endian host assumed, as the library does */
    if ((size_t)tsize >= p->charsmap_len - 4 || tsize % 4 || tsize == 0) {
        *why = "broken normalization charsmap";
        return -1;
    }
    fm->cm_nunits = tsize / 4;
    fm->cm_copy = fm_xmalloc(tsize);
    memcpy(fm->cm_copy, p->charsmap + 4, tsize);
    fm->cm_units = fm->cm_copy;
    fm->cm_strings = (const char *)p->charsmap + 4 + tsize;
    fm->cm_strings_len = p->charsmap_len - 4 - tsize;
    /* Every replacement must be valid UTF-8 so that the normalized text is. */
    const uint8_t *s = (const uint8_t *)fm->cm_strings;
    size_t n = fm->cm_strings_len, i = 0;
    while (i < n) {
        if (s[i] == 0) { i++; continue; }
        size_t l = utf8_char_len(s + i, n - i);
        if (!l) {
            *why = "normalization charsmap with invalid UTF-8 replacements";
            return -1;
        }
        i += l;
    }
    return 0;
}

fm_fast_model *fm_fast_model_new(const fm_spm_proto *p, int unk, const char **why)
{
    *why = "";
    if (p->model_type != FM_MODEL_UNIGRAM) {
        *why = "not a unigram model";
        return NULL;
    }
    if (p->byte_fallback) {
        *why = "byte fallback";
        return NULL;
    }
    if (p->treat_whitespace_as_suffix) {
        *why = "treat_whitespace_as_suffix";
        return NULL;
    }
    if (!p->escape_whitespaces) {
        *why = "whitespace not escaped";
        return NULL;
    }
    int n = (int)p->n_pieces;
    if (n <= 0 || (size_t)n != p->n_pieces) {
        *why = "no pieces";
        return NULL;
    }
    if (unk < 0 || unk >= n || p->pieces[unk].type != FM_PIECE_UNKNOWN) {
        *why = "no unknown piece";
        return NULL;
    }
    fm_fast_model *fm = fm_xcalloc(1, sizeof *fm);
    fm->add_dummy_prefix = p->add_dummy_prefix;
    fm->remove_extra_whitespaces = p->remove_extra_whitespaces;
    fm->unk_id = unk;
    fm->n_ids = n;
    if (charsmap_setup(fm, p, why)) goto unsupported;

    float min_score = FLT_MAX;
    for (int i = 0; i < n; i++) {
        const fm_spm_piece_info *pi = &p->pieces[i];
        if (pi->type == FM_PIECE_USER_DEFINED) {
            *why = "user-defined symbols";
            goto unsupported;
        }
        if (pi->type == FM_PIECE_BYTE) {
            *why = "byte pieces";
            goto unsupported;
        }
        if (pi->type != FM_PIECE_NORMAL) continue;
        if (pi->len == 0) {
            *why = "empty piece";
            goto unsupported;
        }
        /* "▁" inside a piece would let a piece span a word boundary. */
        for (uint32_t k = 1; k + WS_LEN <= pi->len; k++) {
            if (!memcmp(pi->piece + k, WS, WS_LEN)) {
                *why = "pieces with inner whitespace";
                goto unsupported;
            }
        }
        if (pi->score < min_score) min_score = pi->score;
    }
    fm->scores = fm_xmalloc((size_t)n * sizeof *fm->scores);
    for (int i = 0; i < n; i++) fm->scores[i] = p->pieces[i].score;
    fm->unk_score = min_score - 10.0f; /* kUnkPenalty, in float as the library */

    if (da_build(fm, p, why)) goto unsupported;
    for (int b = 0; b < 128; b++) {
        uint32_t v;
        uint8_t c = (uint8_t)b;
        fm->single_ok[b] = b != 0 && (!fm->cm_units || charsmap_longest(fm, &c, 1, &v) == 0);
        fm->ascii_ident[b] = fm->single_ok[b];
        for (int d = 0; d < 128; d++) fm->pair_ok[b][d] = fm->single_ok[b];
        /* Longer rules starting with b: then b alone is not enough to decide, but b and
         * the next byte may be (NFKC rules start letters followed by combining marks). */
        if (fm->single_ok[b] && fm->cm_units) {
            uint32_t pos = da_offset(fm->cm_units[0]) ^ c;
            if (pos < fm->cm_nunits && da_label(fm->cm_units[pos]) == c) {
                fm->ascii_ident[b] = 0;
                uint32_t node = pos ^ da_offset(fm->cm_units[pos]);
                for (int d = 0; d < 128; d++) {
                    uint32_t p2 = node ^ (uint32_t)d;
                    if (p2 >= fm->cm_nunits || da_label(fm->cm_units[p2]) == (uint32_t)d) fm->pair_ok[b][d] = 0;
                }
            }
        }
    }
    fm->printable_plain = 1;
    for (int b = 0x21; b < 0x7F; b++)
        for (int d = 0; d < 128; d++)
            if (!fm->pair_ok[b][d]) fm->printable_plain = 0;
    return fm;
unsupported:
    fm_fast_model_free(fm);
    return NULL;
}

void fm_fast_model_free(fm_fast_model *fm)
{
    if (!fm) return;
    free(fm->cm_copy);
    free(fm->da);
    free(fm->scores);
    free(fm);
}

/* ---- per-thread state and the word caches ---------------------------------------------- */
/* Short words (at most SW_MAX bytes, nearly all of them) live in an open-addressing table
 * of 32-byte slots that hold the word itself, its ids (up to two; more go to an id arena)
 * and the score bound under which they hold: a lookup reads one slot, usually one cache
 * line, with no separate hash or string compare. The table starts small and doubles (up
 * to the configured number of words), so short runs touch little memory.
 *
 * Longer words (up to MAX_CACHED_WORD) live in a second cache: an arena of entries (this
 * header, the word's bytes, then its ids, 4-byte aligned) and a table of arena offsets (in
 * 8-byte units, + 1). */
#define SW_MAX 16
#define SW_INLINE_IDS 2
#define SW_MIN_SLOTS (1u << 12)

typedef struct sw_slot {
    uint64_t k0, k1; /* the word's bytes, zero-padded to 16 (normalized text has no NUL
                      * byte, so the key also gives the length); k0 == 0: empty slot */
    float thr;       /* the cached ids hold while |best score at the word's start| < thr */
    float wsum;      /* sum of |score| of the ids, rounded up; -1: the ids hold an <unk> */
    int32_t ids[SW_INLINE_IDS]; /* one id: ids[1] = -1; two: both; more: ids[0] = -1 - k
                                 * with sw_ids[k] the count and the ids after it */
} sw_slot;

typedef struct cache_entry {
    uint64_t hash;
    uint32_t word_len, n_ids;
    double maxabs;               /* largest |relative best score| inside the word */
    double limit;                /* the cached decisions hold while |score| + maxabs + 1 < limit */
} cache_entry;

struct fm_fast {
    const fm_fast_model *fm;
    /* short-word cache */
    sw_slot *sw;
    size_t sw_mapped;             /* fm_huge_alloc's *mapped for sw */
    size_t sw_mask, sw_n, sw_max; /* slots - 1, words cached, most words cached */
    unsigned sw_shift;            /* 64 - log2(slots) */
    int32_t *sw_ids;              /* ids of words with more than SW_INLINE_IDS */
    size_t sw_ids_len, sw_ids_cap;
    /* long-word cache */
    size_t n_entries, max_entries;
    uint32_t *table; /* open addressing, entry index + 1, 0 empty */
    size_t table_mask;
    char *arena;
    size_t arena_len;
    /* scratch */
    fm_strbuf norm;
    double *dbest, *dsecond;
    float *fbest;
    int32_t *from, *pid;
    size_t dp_cap;
    int32_t *word_ids;
    size_t word_ids_cap;
    struct word_ref *words; /* the words of the current text */
    size_t words_cap;
    uint64_t hits, misses, replays;
};

typedef struct word_ref {
    size_t start;
    size_t len;
    uint64_t h; /* sw_hash of short words */
} word_ref;

static inline uint64_t sw_hash(uint64_t k0, uint64_t k1)
{
    uint64_t h = (k0 ^ (k1 * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

/* The slot table is zeroed memory; from 4 MB up it is 2 MB aligned and marked for
 * transparent huge pages (hugemem.h), so random probes do not miss the TLB on every 4 KB page
 * and first touches fault once per 2 MB. */
static void sw_alloc(fm_fast *f, size_t slots)
{
    f->sw = fm_huge_alloc(slots * sizeof *f->sw, 2 * FM_HUGE_PAGE, &f->sw_mapped);
    f->sw_mask = slots - 1;
    unsigned bits = 0;
    while (((size_t)1 << bits) < slots) bits++;
    f->sw_shift = 64 - bits;
}

fm_fast *fm_fast_new(const fm_fast_model *fm, size_t cache_entries)
{
    if (!fm) return NULL;
    fm_fast *f = fm_xcalloc(1, sizeof *f);
    f->fm = fm;
    size_t max = cache_entries < 1024 ? 1024 : cache_entries;
    f->sw_max = max;
    sw_alloc(f, SW_MIN_SLOTS);
    /* Long words are rare (well under 1% of words): a quarter of the budget. */
    f->max_entries = max / 4 < 1024 ? 1024 : max / 4;
    size_t tsize = 1;
    while (tsize < 2 * f->max_entries) tsize *= 2;
    f->table = fm_xcalloc(tsize, sizeof *f->table);
    f->table_mask = tsize - 1;
    f->arena = fm_xmalloc(CACHE_ARENA_MAX);
    fm_strbuf_init(&f->norm);
    return f;
}

void fm_fast_free(fm_fast *f)
{
    if (!f) return;
    fm_huge_free(f->sw, f->sw_mapped);
    free(f->sw_ids);
    free(f->words);
    free(f->table);
    free(f->arena);
    fm_strbuf_release(&f->norm);
    free(f->dbest);
    free(f->dsecond);
    free(f->fbest);
    free(f->from);
    free(f->pid);
    free(f->word_ids);
    free(f);
}

void fm_fast_stats(const fm_fast *f, uint64_t *hits, uint64_t *misses)
{
    *hits = f->hits;
    *misses = f->misses + f->replays;
}

/* The word w[0..n) (n <= SW_MAX) as two zero-padded little-endian words. w must have 16
 * readable bytes (the normalized text keeps 16 zero bytes after its end). */
static inline void sw_key(const uint8_t *w, size_t n, uint64_t *k0, uint64_t *k1)
{
    uint64_t a, b;
    memcpy(&a, w, 8);
    memcpy(&b, w + 8, 8);
    if (n < 8) {
        a &= ((uint64_t)1 << (8 * n)) - 1;
        b = 0;
    } else if (n < 16) {
        b &= ((uint64_t)1 << (8 * (n - 8))) - 1;
    }
    *k0 = a;
    *k1 = b;
}

static inline const sw_slot *sw_find(const fm_fast *f, uint64_t h, uint64_t k0, uint64_t k1)
{
    size_t i = (size_t)(h >> f->sw_shift);
    for (;;) {
        const sw_slot *sl = &f->sw[i];
        if (sl->k0 == k0 && sl->k1 == k1) return sl;
        if (!sl->k0) return NULL;
        i = (i + 1) & f->sw_mask;
    }
}

/* The slot's ids; *n their count. */
static inline const int32_t *sw_slot_ids(const fm_fast *f, const sw_slot *sl, size_t *n)
{
    if (sl->ids[0] < 0) {
        const int32_t *p = f->sw_ids + (-1 - (ptrdiff_t)sl->ids[0]);
        *n = (size_t)p[0];
        return p + 1;
    }
    *n = sl->ids[1] < 0 ? 1 : 2;
    return sl->ids;
}

static sw_slot *sw_place(fm_fast *f, uint64_t h)
{
    size_t i = (size_t)(h >> f->sw_shift);
    while (f->sw[i].k0) i = (i + 1) & f->sw_mask;
    return &f->sw[i];
}

/* Float bound of a cached word: |B| < thr implies |B| + maxabs + 1 < limit, rounded
 * towards caution (thr may only be smaller than the exact value). */
static float sw_threshold(double limit, double maxabs)
{
    if (isinf(limit)) return INFINITY;
    double t = (limit - maxabs - 1.0) * (1.0 - 0x1p-20);
    if (!(t > 0)) return 0.0f;
    float tf = (float)t;
    if ((double)tf > t) tf = nextafterf(tf, 0.0f);
    return tf;
}

static double safe_limit(double allowance);

static void sw_add(fm_fast *f, uint64_t k0, uint64_t k1, size_t n, uint64_t h, const int32_t *ids,
                   size_t n_ids, double allowance, double maxabs)
{
    if (n_ids == 0 || n_ids > (1u << 20)) return;
    if (2 * (f->sw_n + 1) > f->sw_mask + 1) {
        if (f->sw_n + 1 > f->sw_max) {
            /* Full: start again (hot words come back at once). */
            memset(f->sw, 0, (f->sw_mask + 1) * sizeof *f->sw);
            f->sw_n = 0;
            f->sw_ids_len = 0;
        } else {
            /* Double and rehash. */
            sw_slot *old = f->sw;
            size_t old_mapped = f->sw_mapped;
            size_t nold = f->sw_mask + 1;
            sw_alloc(f, nold * 2);
            for (size_t k = 0; k < nold; k++) {
                if (!old[k].k0) continue;
                *sw_place(f, sw_hash(old[k].k0, old[k].k1)) = old[k];
            }
            fm_huge_free(old, old_mapped);
        }
    }
    sw_slot *sl = sw_place(f, h);
    sl->k0 = k0;
    sl->k1 = k1;
    sl->thr = sw_threshold(safe_limit(allowance), maxabs);
    double sum = 0.0;
    int has_unk = 0;
    for (size_t k = 0; k < n_ids; k++) {
        if (ids[k] == f->fm->unk_id) has_unk = 1;
        else sum += fabs((double)f->fm->scores[ids[k]]);
    }
    float ws = (float)sum;
    if ((double)ws < sum) ws = nextafterf(ws, INFINITY);
    sl->wsum = has_unk ? -1.0f : ws;
    if (n_ids == 1) {
        sl->ids[0] = ids[0];
        sl->ids[1] = -1;
    } else if (n_ids == 2) {
        sl->ids[0] = ids[0];
        sl->ids[1] = ids[1];
    } else {
        if (f->sw_ids_len + n_ids + 1 > f->sw_ids_cap) {
            size_t c = f->sw_ids_cap ? f->sw_ids_cap : 4096;
            while (c < f->sw_ids_len + n_ids + 1) c *= 2;
            f->sw_ids = fm_xrealloc(f->sw_ids, c * sizeof *f->sw_ids);
            f->sw_ids_cap = c;
        }
        f->sw_ids[f->sw_ids_len] = (int32_t)n_ids;
        memcpy(f->sw_ids + f->sw_ids_len + 1, ids, n_ids * sizeof *ids);
        sl->ids[0] = -1 - (int32_t)f->sw_ids_len;
        sl->ids[1] = 0;
        f->sw_ids_len += n_ids + 1;
    }
    f->sw_n++;
}

static void cache_clear(fm_fast *f)
{
    memset(f->table, 0, (f->table_mask + 1) * sizeof *f->table);
    f->n_entries = 0;
    f->arena_len = 0;
}

static inline const int32_t *entry_ids(const cache_entry *ce)
{
    const char *p = (const char *)(ce + 1);
    return (const int32_t *)(p + ((ce->word_len + 3) & ~(size_t)3));
}

static const cache_entry *cache_find(const fm_fast *f, uint64_t h, const char *w, size_t n)
{
    size_t i = (size_t)h & f->table_mask;
    for (;;) {
        uint32_t e = f->table[i];
        if (!e) return NULL;
        const cache_entry *ce = (const cache_entry *)(f->arena + (size_t)(e - 1) * 8);
        if (ce->hash == h && ce->word_len == n && !memcmp(ce + 1, w, n)) return ce;
        i = (i + 1) & f->table_mask;
    }
}

/* The limit L with: float_ulp_bound(m) < allowance - 1e-9  <=>  m < L, for m >= 1
 * (float_ulp_bound(m) is 2^(e-23) for m in [2^(e-1), 2^e), so L is a power of two). */
static double safe_limit(double allowance)
{
    double a = allowance - 1e-9;
    if (!(a > 0)) return 0.0;
    if (isinf(a)) return INFINITY;
    int e = ilogb(a) + 24;
    while (e > -1100 && !(ldexp(1.0, e - 23) < a)) e--;
    while (e < 1100 && ldexp(1.0, e + 1 - 23) < a) e++;
    return ldexp(1.0, e);
}

static void cache_add(fm_fast *f, uint64_t h, const char *w, size_t n, const int32_t *ids,
                      size_t n_ids, double allowance, double maxabs)
{
    size_t need = sizeof(cache_entry) + ((n + 3) & ~(size_t)3) + n_ids * sizeof(int32_t) + 7;
    if (f->n_entries == f->max_entries || f->arena_len + need > CACHE_ARENA_MAX) cache_clear(f);
    if (need > CACHE_ARENA_MAX) return;
    cache_entry *ce = (cache_entry *)(f->arena + f->arena_len);
    ce->hash = h;
    ce->word_len = (uint32_t)n;
    ce->n_ids = (uint32_t)n_ids;
    ce->maxabs = maxabs;
    ce->limit = safe_limit(allowance);
    memcpy(ce + 1, w, n);
    memcpy((void *)entry_ids(ce), ids, n_ids * sizeof(int32_t));
    size_t off = f->arena_len;
    f->arena_len = (f->arena_len + need) & ~(size_t)7;
    f->n_entries++;
    size_t i = (size_t)h & f->table_mask;
    while (f->table[i]) i = (i + 1) & f->table_mask;
    f->table[i] = (uint32_t)(off / 8 + 1);
}

/* ---- normalization ---------------------------------------------------------------------- */
/* Normalizer::Normalize of text into f->norm. Returns 0, or -1 when the text is outside
 * what is reproduced here (invalid UTF-8, NUL bytes): the caller then uses the library. */
static int normalize(fm_fast *f, const uint8_t *s, size_t n)
{
    const fm_fast_model *fm = f->fm;
    fm_strbuf *out = &f->norm;
    fm_strbuf_reset(out);
    /* Invariant of the main loop: room for 3 output bytes per input byte left (+ 9), so
     * the fast lanes below need no capacity checks. */
    fm_strbuf_grow(out, n * 3 + 16);
    char *o = out->buf;
    size_t ol = 0;
    size_t i = 0;

    /* One NormalizePrefix step at s+i: replacement (rep, replen) and bytes consumed. */
#define PREFIX_STEP(rep, replen, consumed)                                              \
    do {                                                                                \
        uint8_t c0_ = s[i];                                                             \
        if (c0_ < 0x80 && fm->ascii_ident[c0_]) {                                       \
            rep = (const char *)s + i;                                                  \
            replen = 1;                                                                 \
            consumed = 1;                                                               \
        } else {                                                                        \
            if (c0_ == 0) return -1;                                                    \
            size_t cl_ = utf8_char_len(s + i, n - i);                                   \
            if (!cl_) return -1;                                                        \
            uint32_t v_ = 0;                                                            \
            size_t ml_ = fm->cm_units ? charsmap_longest(fm, s + i, n - i, &v_) : 0;    \
            if (ml_) {                                                                  \
                if (v_ >= fm->cm_strings_len) return -1;                                \
                rep = fm->cm_strings + v_;                                              \
                replen = strnlen(rep, fm->cm_strings_len - v_);                         \
                consumed = ml_;                                                         \
            } else {                                                                    \
                rep = (const char *)s + i;                                              \
                replen = cl_;                                                           \
                consumed = cl_;                                                         \
            }                                                                           \
        }                                                                               \
    } while (0)

    if (fm->remove_extra_whitespaces) {
        while (i < n) {
            const char *rep;
            size_t replen, consumed;
            PREFIX_STEP(rep, replen, consumed);
            if (!(replen == 1 && rep[0] == ' ')) break;
            i += consumed;
        }
    }
    if (i == n) {
        /* Only whitespace: the library returns an empty normalized text. Still the rest of
         * the input must be something we reproduce; it is (spaces). */
        out->len = 0;
        out->buf[0] = '\0';
        return 0;
    }
    if (fm->add_dummy_prefix) {
        memcpy(o + ol, WS, WS_LEN);
        ol += WS_LEN;
    }
    int is_prev_space = fm->remove_extra_whitespaces;
    while (i < n) {
#ifdef __SSE2__
        /* Vector lane: 16 printable ASCII bytes (0x21..0x7E) at a time, copied as they are
         * when no rule starts with any of them followed by an ASCII byte (printable_plain).
         * The output has room: 3 bytes per input byte left. */
        if (fm->printable_plain && i + 16 <= n) {
            size_t i0 = i;
            const __m128i lo = _mm_set1_epi8(0x20), hi = _mm_set1_epi8(0x7F);
            while (i + 16 <= n) {
                __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
                int mask = _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi)));
                _mm_storeu_si128((__m128i *)(o + ol), v);
                if (mask == 0xFFFF) {
                    i += 16;
                    ol += 16;
                    continue;
                }
                unsigned k = (unsigned)__builtin_ctz(~(unsigned)mask);
                i += k;
                ol += k;
                break;
            }
            /* Before a non-ASCII byte the last one is plain only if no rule starts with it:
             * give it back to the lanes below. */
            if (i != i0 && i < n && s[i] >= 0x80 && !fm->ascii_ident[s[i - 1]]) {
                i--;
                ol--;
            }
            if (i != i0) {
                is_prev_space = 0;
                continue;
            }
        }
#endif
        uint8_t c = s[i];
        /* Fastest lane: a run of ASCII bytes other than spaces, each copied as it is (the
         * fast-lane test below, for bytes that are not the last). */
        if (i + 1 < n && c < 0x80 && c != ' ') {
            size_t i0 = i;
            for (;;) {
                uint8_t d = s[i + 1];
                if (!(d < 0x80 ? fm->pair_ok[c][d] : fm->ascii_ident[c])) break;
                o[ol++] = (char)c;
                if (++i + 1 == n) break;
                c = d;
                if (c >= 0x80 || c == ' ') break;
            }
            if (i != i0) {
                is_prev_space = 0;
                continue;
            }
        }
        /* Fast lane: an ASCII byte no rule touches is copied (or is a space): no rule
         * starts with it, or none is it alone and none starts with it and the next byte. */
        if (c < 0x80 && (fm->ascii_ident[c] ||
                         (fm->single_ok[c] && (i + 1 == n || (s[i + 1] < 0x80 && fm->pair_ok[c][s[i + 1]]))))) {
            if (c == ' ') {
                if (!is_prev_space) {
                    memcpy(o + ol, WS, WS_LEN);
                    ol += WS_LEN;
                    is_prev_space = fm->remove_extra_whitespaces;
                }
            } else {
                o[ol++] = (char)c;
                is_prev_space = 0;
            }
            i++;
            continue;
        }
        const char *rep;
        size_t replen, consumed;
        PREFIX_STEP(rep, replen, consumed);
        if (is_prev_space)
            while (replen && rep[0] == ' ') { rep++; replen--; }
        if (replen) {
            out->len = ol;
            fm_strbuf_grow(out, replen * 3 + 8);
            o = out->buf;
            for (size_t k = 0; k < replen; k++) {
                if (rep[k] == ' ') {
                    memcpy(o + ol, WS, WS_LEN);
                    ol += WS_LEN;
                } else {
                    o[ol++] = rep[k];
                }
            }
            is_prev_space = rep[replen - 1] == ' ';
        }
        i += consumed;
        if (!fm->remove_extra_whitespaces) is_prev_space = 0;
        if (ol + 3 * (n - i) + 9 > out->cap) {
            out->len = ol;
            fm_strbuf_grow(out, 3 * (n - i) + 9);
            o = out->buf;
        }
    }
#undef PREFIX_STEP
    if (fm->remove_extra_whitespaces)
        while (ol >= WS_LEN && !memcmp(o + ol - WS_LEN, WS, WS_LEN)) ol -= WS_LEN;
    out->len = ol;
    /* 16 zero bytes after the text: sw_key reads 16 bytes at any word start. */
    fm_strbuf_grow(out, 17);
    memset(out->buf + ol, 0, 17);
    return 0;
}

/* ---- Viterbi over one word -------------------------------------------------------------- */
static void dp_reserve(fm_fast *f, size_t n)
{
    if (n + 1 <= f->dp_cap) return;
    size_t c = f->dp_cap ? f->dp_cap : 256;
    while (c < n + 1) c *= 2;
    f->dbest = fm_xrealloc(f->dbest, c * sizeof *f->dbest);
    f->dsecond = fm_xrealloc(f->dsecond, c * sizeof *f->dsecond);
    f->fbest = fm_xrealloc(f->fbest, c * sizeof *f->fbest);
    f->from = fm_xrealloc(f->from, c * sizeof *f->from);
    f->pid = fm_xrealloc(f->pid, c * sizeof *f->pid);
    f->dp_cap = c;
}

static void word_ids_reserve(fm_fast *f, size_t n)
{
    if (n <= f->word_ids_cap) return;
    size_t c = f->word_ids_cap ? f->word_ids_cap : 256;
    while (c < n) c *= 2;
    f->word_ids = fm_xrealloc(f->word_ids, c * sizeof *f->word_ids);
    f->word_ids_cap = c;
}

/* Backtrack from -> ids into f->word_ids; returns the count. */
static size_t backtrack(fm_fast *f, size_t n)
{
    size_t count = 0;
    for (size_t e = n; e > 0; e = (size_t)f->from[e]) count++;
    word_ids_reserve(f, count);
    size_t k = count;
    for (size_t e = n; e > 0; e = (size_t)f->from[e]) f->word_ids[--k] = f->pid[e];
    return count;
}

/* The library's float arithmetic on word w[0..n) starting from best score `start`
 * (EncodeOptimized restricted to the word). Ids into f->word_ids; returns the count. */
static size_t replay_float(fm_fast *f, const uint8_t *w, size_t n, float start)
{
    const fm_fast_model *fm = f->fm;
    const da_cell *da = fm->da;
    dp_reserve(f, n);
    float *best = f->fbest;
    int32_t *from = f->from, *pid = f->pid;
    for (size_t k = 0; k <= n; k++) from[k] = -1;
    best[0] = start;
    from[0] = 0;
    size_t st = 0;
    while (st < n) {
        size_t mblen = one_char_len(w[st]);
        if (mblen > n - st) mblen = n - st;
        const float here = best[st];
        int has_single = 0;
        uint32_t node = 0;
        for (size_t k = st; k < n; k++) {
            uint32_t ch = (uint32_t)(da[node].base + w[k]);
            if (da[ch].check != node + 1) break;
            node = ch;
            int32_t id = da[node].piece;
            if (id < 0) continue;
            size_t end = k + 1;
            double cand = (double)fm->scores[id] + (double)here;
            if (from[end] == -1 || cand > (double)best[end]) {
                best[end] = (float)cand;
                from[end] = (int32_t)st;
                pid[end] = id;
            }
            if (end - st == mblen) has_single = 1;
        }
        if (!has_single) {
            size_t end = st + mblen;
            float cand = fm->unk_score + here;
            if (from[end] == -1 || cand > best[end]) {
                best[end] = cand;
                from[end] = (int32_t)st;
                pid[end] = fm->unk_id;
            }
        }
        st += mblen;
    }
    return backtrack(f, n);
}

/* Exact-arithmetic Viterbi (double, from 0) of word w[0..n): ids into f->word_ids, and
 * for the cache: the smallest (gap between the best and second-best candidate at a
 * position on the chosen path) divided by (chars + 2), and the largest |best score|. */
static size_t analyze_word(fm_fast *f, const uint8_t *w, size_t n, double *allowance, double *maxabs)
{
    const fm_fast_model *fm = f->fm;
    const da_cell *da = fm->da;
    dp_reserve(f, n);
    double *best = f->dbest, *second = f->dsecond;
    int32_t *from = f->from, *pid = f->pid;
    for (size_t k = 0; k <= n; k++) {
        from[k] = -1;
        second[k] = -INFINITY;
    }
    best[0] = 0.0;
    from[0] = 0;
    size_t st = 0, chars = 0;
    double mx = 0.0;
    while (st < n) {
        size_t mblen = one_char_len(w[st]);
        if (mblen > n - st) mblen = n - st;
        const double here = best[st];
        if (fabs(here) > mx) mx = fabs(here);
        int has_single = 0;
        uint32_t node = 0;
        for (size_t k = st; k < n; k++) {
            uint32_t ch = (uint32_t)(da[node].base + w[k]);
            if (da[ch].check != node + 1) break;
            node = ch;
            int32_t id = da[node].piece;
            if (id < 0) continue;
            size_t end = k + 1;
            double cand = (double)fm->scores[id] + here;
            if (from[end] == -1) {
                best[end] = cand;
                from[end] = (int32_t)st;
                pid[end] = id;
            } else if (cand > best[end]) {
                second[end] = best[end];
                best[end] = cand;
                from[end] = (int32_t)st;
                pid[end] = id;
            } else if (cand > second[end]) {
                second[end] = cand;
            }
            if (end - st == mblen) has_single = 1;
        }
        if (!has_single) {
            size_t end = st + mblen;
            double cand = (double)fm->unk_score + here;
            if (from[end] == -1) {
                best[end] = cand;
                from[end] = (int32_t)st;
                pid[end] = fm->unk_id;
            } else if (cand > best[end]) {
                second[end] = best[end];
                best[end] = cand;
                from[end] = (int32_t)st;
                pid[end] = fm->unk_id;
            } else if (cand > second[end]) {
                second[end] = cand;
            }
        }
        st += mblen;
        chars++;
    }
    if (fabs(best[n]) > mx) mx = fabs(best[n]);
    double gap = INFINITY;
    for (size_t e = n; e > 0; e = (size_t)from[e]) {
        double g = best[e] - second[e];
        if (g < gap) gap = g;
    }
    *allowance = gap / (double)(chars + 2);
    *maxabs = mx;
    return backtrack(f, n);
}

/* Unit in the last place of a float of magnitude up to m, doubled for safety. */
static inline double float_ulp_bound(double m)
{
    int e;
    frexp(m, &e); /* m in [2^(e-1), 2^e) */
    return ldexp(1.0, e - 23);
}

/* ---- encode ------------------------------------------------------------------------------- */
static inline void emit(fm_ids *out, const int32_t *ids, size_t n, int unk_id, float *score,
                        const fm_fast_model *fm)
{
    if (out->n + n > out->cap) fm_ids_reserve(out, out->n + n);
    /* Locals: stores to v must not force out->n through memory on every id. */
    int32_t *v = out->v;
    size_t on = out->n;
    const float *scores = fm->scores;
    float b = *score;
    for (size_t i = 0; i < n; i++) {
        int32_t id = ids[i];
        if (id == unk_id) {
            b = fm->unk_score + b;
            if (on && v[on - 1] == unk_id) continue; /* merged <unk> run */
        } else {
            b = (float)((double)scores[id] + (double)b);
        }
        v[on++] = id;
    }
    out->n = on;
    *score = b;
}

/* Split the normalized text into words (each runs to the next "▁" not at its own start,
 * or the end) into f->words; returns the count. */
static void add_word(fm_fast *f, size_t *nw, const uint8_t *s, size_t start, size_t end)
{
    if (*nw == f->words_cap) {
        f->words_cap = f->words_cap ? 2 * f->words_cap : 256;
        f->words = fm_xrealloc(f->words, f->words_cap * sizeof *f->words);
    }
    word_ref *wr = &f->words[(*nw)++];
    wr->start = start;
    wr->len = end - start;
    wr->h = 0;
    if (wr->len <= SW_MAX) {
        uint64_t k0, k1;
        sw_key(s + start, wr->len, &k0, &k1);
        wr->h = sw_hash(k0, k1);
        /* The lookups come after the whole text is split: prefetching the slot now lets
         * the cache misses of all the text's words overlap. */
        __builtin_prefetch(&f->sw[wr->h >> f->sw_shift]);
    }
}

static size_t split_words(fm_fast *f, const uint8_t *s, size_t len)
{
    /* A word ends where a "▁" starts (at a position > the word's start). 0xE2 is only ever
     * a lead byte, so the "▁"s are found by their first byte. */
    size_t nw = 0, start = 0;
    if (len == 0) return 0;
#ifdef __SSE2__
    /* 16 bytes at a time; the text has 16 zero bytes after its end. */
    const __m128i e2 = _mm_set1_epi8((char)0xE2);
    for (size_t base = 0; base < len; base += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + base)), e2));
        while (mask) {
            size_t p = base + (size_t)__builtin_ctz(mask);
            mask &= mask - 1;
            if (p > start && p + WS_LEN <= len && s[p + 1] == 0x96 && s[p + 2] == 0x81) {
                add_word(f, &nw, s, start, p);
                start = p;
            }
        }
    }
#else
    for (size_t p = 1; p + WS_LEN <= len; p++) {
        if (s[p] == 0xE2 && s[p + 1] == 0x96 && s[p + 2] == 0x81) {
            add_word(f, &nw, s, start, p);
            start = p;
        }
    }
#endif
    add_word(f, &nw, s, start, len);
    return nw;
}

int fm_fast_encode(fm_fast *f, const char *text, size_t n, fm_ids *out)
{
    const fm_fast_model *fm = f->fm;
    out->n = 0;
    if (normalize(f, (const uint8_t *)text, n)) return 0;
    const uint8_t *s = (const uint8_t *)f->norm.buf;
    size_t len = f->norm.len;
    size_t nw = split_words(f, s, len);
    if (out->cap < len / 4 + 16) fm_ids_reserve(out, len / 4 + 16);
    /* The library's best-path score B at the current word start is needed exactly only to
     * replay a word or to emit one holding <unk>; cached words need only |B| < thr. So
     * score is B exact as of out->v[sync_n], and B's later changes are folded lazily: the
     * words emitted since hold no <unk> (their ids go to out as they are), and
     * dsum * (1 + kc * 2^-23) bounds |B| from above, with dsum = |B at sync| + the sum of
     * |score| of the kc ids since (each float step rounds by at most 2^-24 relative). */
    float score = 0.0f;
    size_t sync_n = 0, kc = 0;
    double dsum = 0.0;
#define SYNC()                                                                          \
    do {                                                                                \
        for (size_t z_ = sync_n; z_ < out->n; z_++)                                     \
            score = (float)((double)fm->scores[out->v[z_]] + (double)score);            \
        sync_n = out->n;                                                                \
        dsum = fabs((double)score);                                                     \
        kc = 0;                                                                         \
    } while (0)
#define EMIT_EXACT(ids_, n_)                                                            \
    do {                                                                                \
        SYNC();                                                                         \
        emit(out, (ids_), (n_), fm->unk_id, &score, fm);                                \
        sync_n = out->n;                                                                \
        dsum = fabs((double)score);                                                     \
    } while (0)
    for (size_t q = 0; q < nw; q++) {
        const uint8_t *w = s + f->words[q].start;
        size_t wl = f->words[q].len;
        if (wl <= SW_MAX) {
            uint64_t k0, k1;
            sw_key(w, wl, &k0, &k1);
            const sw_slot *sl = sw_find(f, f->words[q].h, k0, k1);
            if (sl) {
                size_t nid;
                const int32_t *ids = sw_slot_ids(f, sl, &nid);
                if (sl->wsum >= 0.0f && dsum * (1.0 + (double)kc * 0x1p-23) < (double)sl->thr) {
                    f->hits++;
                    if (out->n + nid > out->cap) fm_ids_reserve(out, out->n + nid);
                    int32_t *dst = out->v + out->n;
                    for (size_t z = 0; z < nid; z++) dst[z] = ids[z]; /* 1-2 ids: no memcpy call */
                    out->n += nid;
                    dsum += (double)sl->wsum;
                    kc += nid;
                    continue;
                }
                SYNC();
                if (fabsf(score) < sl->thr) {
                    f->hits++;
                    EMIT_EXACT(ids, nid);
                    continue;
                }
            } else {
                SYNC();
                double allowance, maxabs;
                size_t k = analyze_word(f, w, wl, &allowance, &maxabs);
                f->misses++;
                sw_add(f, k0, k1, wl, f->words[q].h, f->word_ids, k, allowance, maxabs);
                double m = fabs((double)score) + maxabs + 1.0;
                if (float_ulp_bound(m) < allowance - 1e-9) {
                    EMIT_EXACT(f->word_ids, k);
                    continue;
                }
            }
            size_t k = replay_float(f, w, wl, score);
            f->replays++;
            EMIT_EXACT(f->word_ids, k);
            continue;
        }
        SYNC();
        if (wl > MAX_CACHED_WORD) {
            size_t k = replay_float(f, w, wl, score);
            f->replays++;
            EMIT_EXACT(f->word_ids, k);
            continue;
        }
        uint64_t h = fm_hash64(w, wl);
        const cache_entry *ce = cache_find(f, h, (const char *)w, wl);
        if (ce) {
            double m = fabs((double)score) + ce->maxabs + 1.0;
            if (m < ce->limit) {
                f->hits++;
                EMIT_EXACT(entry_ids(ce), ce->n_ids);
                continue;
            }
            size_t k = replay_float(f, w, wl, score);
            f->replays++;
            EMIT_EXACT(f->word_ids, k);
            continue;
        }
        double allowance, maxabs;
        size_t k = analyze_word(f, w, wl, &allowance, &maxabs);
        f->misses++;
        cache_add(f, h, (const char *)w, wl, f->word_ids, k, allowance, maxabs);
        double m = fabs((double)score) + maxabs + 1.0;
        if (!(float_ulp_bound(m) < allowance - 1e-9)) {
            k = replay_float(f, w, wl, score);
            f->replays++;
        }
        EMIT_EXACT(f->word_ids, k);
    }
#undef EMIT_EXACT
#undef SYNC
    return 1;
}
