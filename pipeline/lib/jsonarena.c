#include "jsonarena.h"

#include "error.h"
#include "json.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BLOCK 32   /* nodes; blocks double up to MAX_BLOCK (small records stay small:
                           * the formatter keeps a whole NIV2 task's records parsed) */
#define MAX_BLOCK 4096
#define MAX_DEPTH 200   /* cJSON refuses 1000; stay well below and let cJSON decide beyond */
#define MAX_NUMBER 63   /* cJSON copies at most 63 number characters */

typedef struct block {
    struct block *next;
    size_t n;
    cJSON nodes[];
} block;

struct fm_jarena {
    char *text;          /* copy of the input; strings are decoded in place */
    size_t cap;
    block *first, *cur;  /* node blocks, kept across records */
    size_t used;         /* nodes used in cur */
};

fm_jarena *fm_jarena_new(void)
{
    return fm_xcalloc(1, sizeof(fm_jarena));
}

void fm_jarena_free(fm_jarena *a)
{
    if (!a) return;
    for (block *b = a->first; b;) {
        block *n = b->next;
        free(b);
        b = n;
    }
    free(a->text);
    free(a);
}

static cJSON *node(fm_jarena *a)
{
    if (!a->cur || a->used == a->cur->n) {
        block *nb = a->cur ? a->cur->next : a->first;
        if (!nb) {
            size_t k = a->cur ? a->cur->n * 2 : FIRST_BLOCK;
            if (k > MAX_BLOCK) k = MAX_BLOCK;
            nb = fm_xmalloc(sizeof *nb + k * sizeof(cJSON));
            nb->next = NULL;
            nb->n = k;
            if (a->cur) a->cur->next = nb;
            else a->first = nb;
        }
        a->cur = nb;
        a->used = 0;
    }
    cJSON *n = &a->cur->nodes[a->used++];
    memset(n, 0, sizeof *n);
    return n;
}

typedef struct parser {
    fm_jarena *a;
    char *p;       /* NUL-terminated copy */
    int depth;
} parser;

static inline char *skip_ws(char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* Nonzero if some byte of w is '"', '\\' or below 0x20 (exact as a yes/no). */
static inline uint64_t special8(uint64_t w)
{
    uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
    return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w)) & HIGHS;
}

/* p at the opening quote. Decodes in place, NUL-terminates; returns the start or NULL. */
static char *parse_string(parser *ps)
{
    char *p = ps->p + 1, *start = p;
    /* Plain run: no escape, no control character (cJSON accepts raw controls; strict
     * JSON does not: such text goes to cJSON). 8 bytes at a time while none is special
     * (the text is NUL-terminated, so a word never crosses its end unseen: NUL is < 0x20,
     * and the buffer has room for the word, see fm_jarena_parse). */
    for (;;) {
        uint64_t w;
        memcpy(&w, p, 8);
        if (special8(w)) break;
        p += 8;
    }
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            *p = '\0';
            ps->p = p + 1;
            return start;
        }
        if (c == '\\' || c < 0x20) break;
        p++;
    }
    char *o = p;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') break;
        if (c < 0x20) return NULL; /* control character, or the end of the text */
        if (c != '\\') {
            *o++ = (char)c;
            p++;
            continue;
        }
        char e = p[1];
        p += 2;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp;
            if (fm_json_hex4(p, &cp) < 0 || cp == 0) return NULL; /* U+0000: fm_json_parse says why */
            p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return NULL;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (p[0] != '\\' || p[1] != 'u' || fm_json_hex4(p + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            o += fm_utf8_encode(o, cp);
            break;
        }
        default: return NULL;
        }
    }
    *o = '\0';
    ps->p = p + 1;
    return start;
}

static int parse_number(parser *ps, cJSON *n)
{
    char *p = ps->p, *s = p;
    int neg = 0, frac = 0;
    if (*p == '-') { neg = 1; p++; }
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (*p >= '0' && *p <= '9') p++;
    else return -1;
    size_t intdigits = (size_t)(p - s) - (size_t)neg;
    if (*p == '.') {
        frac = 1;
        p++;
        if (!(*p >= '0' && *p <= '9')) return -1;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        frac = 1;
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return -1;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (p - s > MAX_NUMBER) return -1;
    double d;
    if (!frac && intdigits <= 15 && !(neg && intdigits == 1 && s[1] == '0')) {
        /* exact in a double: the value strtod would give */
        int64_t v = 0;
        for (const char *q = s + neg; q < p; q++) v = v * 10 + (*q - '0');
        d = (double)(neg ? -v : v);
    } else {
        char save = *p;
        *p = '\0';
        d = strtod(s, NULL);
        *p = save;
    }
    n->type = cJSON_Number;
    n->valuedouble = d;
    if (d >= INT_MAX) n->valueint = INT_MAX;
    else if (d <= (double)INT_MIN) n->valueint = INT_MIN;
    else n->valueint = (int)d;
    ps->p = p;
    return 0;
}

static int parse_value(parser *ps, cJSON *n);

static int parse_container(parser *ps, cJSON *n, int obj)
{
    if (++ps->depth > MAX_DEPTH) return -1;
    n->type = obj ? cJSON_Object : cJSON_Array;
    char close = obj ? '}' : ']';
    char *p = skip_ws(ps->p + 1);
    if (*p == close) {
        ps->p = p + 1;
        ps->depth--;
        return 0;
    }
    cJSON *last = NULL;
    for (;;) {
        cJSON *c = node(ps->a);
        if (obj) {
            if (*p != '"') return -1;
            ps->p = p;
            if (!(c->string = parse_string(ps))) return -1;
            p = skip_ws(ps->p);
            if (*p != ':') return -1;
            p = skip_ws(p + 1);
        }
        ps->p = p;
        if (parse_value(ps, c) < 0) return -1;
        if (last) {
            last->next = c;
            c->prev = last;
        } else {
            n->child = c;
        }
        last = c;
        p = skip_ws(ps->p);
        if (*p == ',') {
            p = skip_ws(p + 1);
            continue;
        }
        if (*p != close) return -1;
        break;
    }
    n->child->prev = last; /* as cJSON links them */
    ps->p = p + 1;
    ps->depth--;
    return 0;
}

/* ps->p at the first character of the value (whitespace skipped). */
static int parse_value(parser *ps, cJSON *n)
{
    char *p = ps->p;
    switch (*p) {
    case '"':
        n->type = cJSON_String;
        return (n->valuestring = parse_string(ps)) ? 0 : -1;
    case '{': return parse_container(ps, n, 1);
    case '[': return parse_container(ps, n, 0);
    case 't':
        if (strncmp(p, "true", 4)) return -1;
        n->type = cJSON_True;
        n->valueint = 1;
        ps->p = p + 4;
        return 0;
    case 'f':
        if (strncmp(p, "false", 5)) return -1;
        n->type = cJSON_False;
        ps->p = p + 5;
        return 0;
    case 'n':
        if (strncmp(p, "null", 4)) return -1;
        n->type = cJSON_NULL;
        ps->p = p + 4;
        return 0;
    default:
        return parse_number(ps, n);
    }
}

const cJSON *fm_jarena_parse(fm_jarena *a, const char *text, size_t n)
{
    if (memchr(text, '\0', n) || fm_utf8_invalid_at(text, n) >= 0) return NULL;
    if (n + 8 > a->cap) { /* NUL, and slack for 8-byte reads */
        size_t nc = a->cap ? a->cap : 256;
        while (nc < n + 8) nc *= 2;
        free(a->text);
        a->text = fm_xmalloc(nc);
        a->cap = nc;
    }
    memcpy(a->text, text, n);
    memset(a->text + n, 0, 8);
    a->cur = NULL;
    a->used = 0;
    parser ps = { a, skip_ws(a->text), 0 };
    if (!*ps.p) return NULL;
    cJSON *root = node(a);
    if (parse_value(&ps, root) < 0) return NULL;
    if (*skip_ws(ps.p)) return NULL; /* extra text, or a NUL we put there ourselves */
    return root;
}
