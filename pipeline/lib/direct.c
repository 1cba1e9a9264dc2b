#include "direct.h"

#include "bytescan.h"
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Stricter than the arena (200 levels, 63-character numbers): what is refused here goes
 * the usual way, so being stricter only costs speed on odd records. */
#define MAX_DEPTH 64
#define MAX_NUMBER 63

typedef unsigned char uc;

enum vtype { V_NONE = 0, V_STR, V_NUM, V_TRUE, V_FALSE, V_NULL, V_ARR, V_OBJ };

typedef struct vinfo {
    int type;
    const uc *s, *e; /* the value's text (a string's with its quotes) */
    int canon;       /* string: its text is exactly what fm_json_add_string writes for it */
    int bs;          /* string: has a backslash (its value differs from its text) */
    int simple;      /* number: an integer of at most 15 digits, not -0: its text is what
                      * fm_format_number writes for it */
} vinfo;

typedef struct dfield {
    fm_strbuf head;  /* "name": escaped; for a constant, "name":value in full */
    int is_const;
    size_t slot;     /* index of the key in fm_direct.keys */
    const cJSON *labels;
    fm_strbuf *lab;  /* array labels, each escaped */
    size_t nlab;
    int nonempty;
} dfield;

struct fm_direct {
    dfield *f;
    size_t nf;
    char **keys;
    size_t *keylen;
    size_t nkeys;
    vinfo *v;        /* per key: its (first) value in the current record */
    fm_strbuf dec;   /* a decoded string value */
};

/* ---- plan --------------------------------------------------------------------------------- */

void fm_direct_free(fm_direct *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->nf; i++) {
        fm_strbuf_release(&d->f[i].head);
        for (size_t k = 0; k < d->f[i].nlab; k++) fm_strbuf_release(&d->f[i].lab[k]);
        free(d->f[i].lab);
    }
    for (size_t k = 0; k < d->nkeys; k++) free(d->keys[k]);
    free(d->f);
    free(d->keys);
    free(d->keylen);
    free(d->v);
    fm_strbuf_release(&d->dec);
    free(d);
}

fm_direct *fm_direct_new(const fm_task *t)
{
    size_t nf = fm_task_field_count(t);
    fm_task_plain_field *pf = fm_xcalloc(nf ? nf : 1, sizeof *pf);
    if (!fm_task_plain_fields(t, pf)) {
        free(pf);
        return NULL;
    }
    fm_direct *d = fm_xcalloc(1, sizeof *d);
    fm_strbuf_init(&d->dec);
    d->nf = nf;
    d->f = fm_xcalloc(nf ? nf : 1, sizeof *d->f);
    d->keys = fm_xcalloc(nf ? nf : 1, sizeof *d->keys);
    d->keylen = fm_xcalloc(nf ? nf : 1, sizeof *d->keylen);
    d->v = fm_xcalloc(nf ? nf : 1, sizeof *d->v);
    int ok = 1;
    for (size_t i = 0; i < nf; i++) {
        dfield *f = &d->f[i];
        fm_strbuf_init(&f->head);
        fm_json_add_string(&f->head, pf[i].name, strlen(pf[i].name));
        fm_strbuf_addch(&f->head, ':');
        f->nonempty = pf[i].nonempty;
        f->labels = pf[i].labels;
        if (pf[i].konst) {
            const cJSON *k = pf[i].konst;
            f->is_const = 1;
            if (cJSON_IsString(k)) {
                if (f->nonempty && !*k->valuestring) ok = 0; /* an error on every record */
                fm_json_add_string(&f->head, k->valuestring, strlen(k->valuestring));
            } else {
                if (f->nonempty && !k->child) ok = 0;
                fm_strbuf_addch(&f->head, '[');
                for (const cJSON *e = k->child; e; e = e->next) {
                    if (e != k->child) fm_strbuf_addch(&f->head, ',');
                    fm_json_add_string(&f->head, e->valuestring, strlen(e->valuestring));
                }
                fm_strbuf_addch(&f->head, ']');
            }
            continue;
        }
        size_t kl = strlen(pf[i].key), k;
        for (k = 0; k < d->nkeys; k++)
            if (d->keylen[k] == kl && !memcmp(d->keys[k], pf[i].key, kl)) break;
        if (k == d->nkeys) {
            d->keys[k] = fm_xstrdup(pf[i].key);
            d->keylen[k] = kl;
            d->nkeys++;
        }
        f->slot = k;
        if (cJSON_IsArray(f->labels)) {
            f->nlab = (size_t)cJSON_GetArraySize(f->labels);
            f->lab = fm_xcalloc(f->nlab ? f->nlab : 1, sizeof *f->lab);
            size_t j = 0;
            for (const cJSON *e = f->labels->child; e; e = e->next, j++) {
                fm_strbuf_init(&f->lab[j]);
                fm_json_add_string(&f->lab[j], e->valuestring, strlen(e->valuestring));
            }
        }
    }
    free(pf);
    if (!ok) {
        fm_direct_free(d);
        return NULL;
    }
    return d;
}

/* ---- scanning (validates as the arena parser does, or more strictly) --------------------- */

static inline const uc *ws(const uc *p, const uc *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

/* p at the opening quote; returns the end of the string (after its closing quote) or NULL
 * when the arena would not take it: a raw control character, a bad escape, \u0000, a lone
 * surrogate, invalid UTF-8. */
static const uc *scan_string(const uc *p, const uc *e, int *canon, int *bs)
{
    int cn = 1, b = 0;
    p++;
    for (;;) {
#if defined(__SSE2__)
        /* 16 bytes at a time up to the next '"', '\\', control, DEL or non-ASCII byte
         * (the signed compare puts bytes >= 0x80 below 0x20) */
        const __m128i q = _mm_set1_epi8('"'), bsl = _mm_set1_epi8('\\');
        const __m128i sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
        while (e - p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, bsl)),
                                     _mm_or_si128(_mm_cmplt_epi8(x, sp), _mm_cmpeq_epi8(x, del)));
            unsigned mask = (unsigned)_mm_movemask_epi8(m);
            if (mask) {
                p += __builtin_ctz(mask);
                break;
            }
            p += 16;
        }
#endif
        if (p >= e) return NULL;
        unsigned c = *p;
        if (c == '"') {
            *canon = cn;
            *bs = b;
            return p + 1;
        }
        if (c == '\\') {
            if (e - p < 2) return NULL;
            b = 1;
            switch (p[1]) {
            case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
                p += 2; /* written back the same way */
                break;
            case '/':
                cn = 0;
                p += 2;
                break;
            case 'u': {
                unsigned cp;
                if (e - p < 6 || fm_json_hex4((const char *)p + 2, &cp) < 0 || cp == 0) return NULL;
                p += 6;
                cn = 0;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return NULL;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (e - p < 6 || p[0] != '\\' || p[1] != 'u' || fm_json_hex4((const char *)p + 2, &lo) < 0 ||
                        lo < 0xDC00 || lo > 0xDFFF)
                        return NULL;
                    p += 6;
                }
                break;
            }
            default:
                return NULL;
            }
            continue;
        }
        if (c < 0x20) return NULL;
        if (c < 0x7f) {
            p++;
            continue;
        }
        if (c == 0x7f) {
            cn = 0;
            p++;
            continue;
        }
        size_t need;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; min = 0x10000; }
        else return NULL;
        if ((size_t)(e - p) <= need) return NULL;
        unsigned cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
        for (size_t k = 1; k <= need; k++) {
            unsigned x = p[k];
            if ((x & 0xC0) != 0x80) return NULL;
            cp = (cp << 6) | (x & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return NULL;
        if (cp == 0x2028 || cp == 0x2029) cn = 0; /* written as \u2028 / \u2029 */
        p += need + 1;
    }
}

static inline int digit(const uc *p, const uc *e)
{
    return p < e && *p >= '0' && *p <= '9';
}

static const uc *scan_number(const uc *p, const uc *e, int *simple)
{
    const uc *s = p;
    int neg = 0, frac = 0;
    if (p < e && *p == '-') {
        neg = 1;
        p++;
    }
    if (p < e && *p == '0') p++;
    else if (p < e && *p >= '1' && *p <= '9') while (digit(p, e)) p++;
    else return NULL;
    size_t intdigits = (size_t)(p - s) - (size_t)neg;
    if (p < e && *p == '.') {
        frac = 1;
        p++;
        if (!digit(p, e)) return NULL;
        while (digit(p, e)) p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        frac = 1;
        p++;
        if (p < e && (*p == '+' || *p == '-')) p++;
        if (!digit(p, e)) return NULL;
        while (digit(p, e)) p++;
    }
    if (p - s > MAX_NUMBER) return NULL;
    *simple = !frac && intdigits <= 15 && !(neg && intdigits == 1 && s[1] == '0');
    return p;
}

static const uc *scan_value(const uc *p, const uc *e, int depth, vinfo *v);

/* p at '{' or '['; depth counts this container. */
static const uc *scan_container(const uc *p, const uc *e, int depth, int obj)
{
    if (depth > MAX_DEPTH) return NULL;
    uc close = obj ? '}' : ']';
    p = ws(p + 1, e);
    if (p < e && *p == close) return p + 1;
    for (;;) {
        if (p >= e) return NULL;
        if (obj) {
            int c, b;
            if (*p != '"' || !(p = scan_string(p, e, &c, &b))) return NULL;
            p = ws(p, e);
            if (p >= e || *p != ':') return NULL;
            p = ws(p + 1, e);
            if (p >= e) return NULL;
        }
        vinfo tmp;
        if (!(p = scan_value(p, e, depth, &tmp))) return NULL;
        p = ws(p, e);
        if (p >= e) return NULL;
        if (*p == ',') {
            p = ws(p + 1, e);
            continue;
        }
        return *p == close ? p + 1 : NULL;
    }
}

/* p < e, at the first character of a value inside a container of the given depth. */
static const uc *scan_value(const uc *p, const uc *e, int depth, vinfo *v)
{
    v->s = p;
    switch (*p) {
    case '"':
        v->type = V_STR;
        p = scan_string(p, e, &v->canon, &v->bs);
        break;
    case '{':
        v->type = V_OBJ;
        p = scan_container(p, e, depth + 1, 1);
        break;
    case '[':
        v->type = V_ARR;
        p = scan_container(p, e, depth + 1, 0);
        break;
    case 't':
        v->type = V_TRUE;
        p = e - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
        break;
    case 'f':
        v->type = V_FALSE;
        p = e - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
        break;
    case 'n':
        v->type = V_NULL;
        p = e - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
        break;
    default:
        v->type = V_NUM;
        p = scan_number(p, e, &v->simple);
        break;
    }
    v->e = p;
    return p;
}

/* ---- writing --------------------------------------------------------------------------------- */

/* fm_strbuf_add without a call per piece; the closing NUL is written once, at the end of
 * fm_direct_apply (fm_json_add_string in between keeps it too). */
static inline void put(fm_strbuf *o, const void *p, size_t n)
{
    if (o->cap - o->len <= n) fm_strbuf_grow(o, n);
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static inline void putc1(fm_strbuf *o, char c)
{
    if (o->cap - o->len <= 1) fm_strbuf_grow(o, 1);
    o->buf[o->len++] = c;
}

/* The code point of the \u escape at q (q[0] is the backslash) of a string scan_string
 * accepted, a surrogate pair taken whole; returns the first byte after the escape. */
static const uc *u_escape(const uc *q, unsigned *cp)
{
    unsigned lo = 0;
    *cp = 0; /* the scan checked the digits; this only quiets -Wmaybe-uninitialized */
    fm_json_hex4((const char *)q + 2, cp);
    if (*cp < 0xD800 || *cp > 0xDBFF) return q + 6;
    fm_json_hex4((const char *)q + 8, &lo);
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    return q + 12;
}

/* The value of a string scan_string accepted, [p, e) inside the quotes. */
static void decode(const uc *p, const uc *e, fm_strbuf *out)
{
    fm_strbuf_reset(out);
    while (p < e) {
        const uc *q = memchr(p, '\\', (size_t)(e - p));
        if (!q) {
            fm_strbuf_add(out, p, (size_t)(e - p));
            break;
        }
        fm_strbuf_add(out, p, (size_t)(q - p));
        p = q + 2;
        switch (q[1]) {
        case 'b': fm_strbuf_addch(out, '\b'); break;
        case 'f': fm_strbuf_addch(out, '\f'); break;
        case 'n': fm_strbuf_addch(out, '\n'); break;
        case 'r': fm_strbuf_addch(out, '\r'); break;
        case 't': fm_strbuf_addch(out, '\t'); break;
        case 'u': {
            unsigned cp;
            char o[4];
            p = u_escape(q, &cp);
            fm_strbuf_add(out, o, fm_utf8_encode(o, cp));
            break;
        }
        default: fm_strbuf_addch(out, (char)q[1]); break; /* " \ / */
        }
    }
}

/* The code point cp (decoded from an escape) as fm_json_add_string writes it. */
static void put_cp_escaped(fm_strbuf *out, unsigned cp)
{
    static const char hex[] = "0123456789abcdef";
    char b[6];
    switch (cp) {
    case '"': put(out, "\\\"", 2); return;
    case '\\': put(out, "\\\\", 2); return;
    case '\b': put(out, "\\b", 2); return;
    case '\f': put(out, "\\f", 2); return;
    case '\n': put(out, "\\n", 2); return;
    case '\r': put(out, "\\r", 2); return;
    case '\t': put(out, "\\t", 2); return;
    case 0x2028: put(out, "\\u2028", 6); return;
    case 0x2029: put(out, "\\u2029", 6); return;
    default: break;
    }
    if (cp < 0x20 || cp == 0x7f) {
        b[0] = '\\'; b[1] = 'u'; b[2] = '0'; b[3] = '0'; b[4] = hex[cp >> 4]; b[5] = hex[cp & 15];
        put(out, b, 6);
        return;
    }
    put(out, b, fm_utf8_encode(b, cp));
}

/* A string scan_string accepted, [p, e) inside its quotes, written as fm_json_add_string
 * writes its value: in one pass, without decoding it first. */
static void put_string_escaped(fm_strbuf *out, const uc *p, const uc *e)
{
    putc1(out, '"');
    while (p < e) {
        const uc *q = fm_find_byte3(p, e, '\\', 0x7f, 0xE2);
        put(out, p, (size_t)(q - p));
        if (q >= e) break;
        if (*q == 0x7f) {
            put(out, "\\u007f", 6);
            p = q + 1;
        } else if (*q == 0xE2) {
            if (q[1] == 0x80 && (q[2] == 0xA8 || q[2] == 0xA9)) put(out, q[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            else put(out, q, 3);
            p = q + 3; /* E2 leads a 3-byte sequence (the text was checked) */
        } else {
            p = q + 2;
            switch (q[1]) {
            case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
                put(out, q, 2); /* written back the same way */
                break;
            case '/': putc1(out, '/'); break;
            default: { /* 'u' */
                unsigned cp;
                p = u_escape(q, &cp);
                put_cp_escaped(out, cp);
            }
            }
        }
    }
    putc1(out, '"');
}

/* One scalar as fm_task_mapper_apply writes it (scalar_text, then fm_json_add_string).
 * -1: not handled here (the usual path decides). single: a field's only value, where
 * "nonempty" refuses an empty string. */
static int put_scalar(fm_direct *d, const dfield *f, const vinfo *v, int single, fm_strbuf *out)
{
    const char *txt;
    size_t len;
    switch (v->type) {
    case V_STR:
        if (!f->labels) {
            if (single && f->nonempty && v->e - v->s == 2) return -1;
            if (v->canon) put(out, v->s, (size_t)(v->e - v->s));
            else put_string_escaped(out, v->s + 1, v->e - 1);
            return 0;
        }
        if (v->bs) {
            decode(v->s + 1, v->e - 1, &d->dec);
            txt = d->dec.buf;
            len = d->dec.len;
        } else {
            txt = (const char *)v->s + 1;
            len = (size_t)(v->e - v->s) - 2;
        }
        break;
    case V_NUM:
        if (!v->simple) return -1;
        txt = (const char *)v->s;
        len = (size_t)(v->e - v->s);
        break;
    case V_TRUE: txt = "true"; len = 4; break;
    case V_FALSE: txt = "false"; len = 5; break;
    default: return -1;
    }
    if (f->labels && f->lab) {
        /* an index: digits only (is_number_text + strtol in task.c; a sign, or more
         * digits than a label list can have, go the usual way) */
        if (len == 0 || len > 9) return -1;
        size_t k = 0;
        for (size_t i = 0; i < len; i++) {
            if (txt[i] < '0' || txt[i] > '9') return -1;
            k = k * 10 + (size_t)(txt[i] - '0');
        }
        if (k >= f->nlab) return -1;
        if (single && f->nonempty && f->lab[k].len == 2) return -1;
        put(out, f->lab[k].buf, f->lab[k].len);
        return 0;
    }
    if (f->labels) {
        if (txt != d->dec.buf) {
            fm_strbuf_reset(&d->dec);
            fm_strbuf_add(&d->dec, txt, len);
        }
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(f->labels, d->dec.buf);
        if (!l) return -1;
        txt = l->valuestring;
        len = strlen(txt);
    }
    if (single && f->nonempty && len == 0) return -1;
    fm_json_add_string(out, txt, len);
    return 0;
}

static int put_value(fm_direct *d, const dfield *f, const vinfo *v, fm_strbuf *out)
{
    if (v->type != V_ARR) return put_scalar(d, f, v, 1, out);
    /* a list of scalars (the text was checked: each element scans) */
    const uc *p = ws(v->s + 1, v->e);
    size_t n = 0;
    putc1(out, '[');
    if (*p != ']') {
        for (;;) {
            vinfo el;
            p = scan_value(p, v->e, 1, &el);
            if (el.type == V_NULL || el.type == V_ARR || el.type == V_OBJ) return -1;
            if (n++) putc1(out, ',');
            if (put_scalar(d, f, &el, 0, out) < 0) return -1;
            p = ws(p, v->e);
            if (*p != ',') break;
            p = ws(p + 1, v->e);
        }
    }
    if (!n && f->nonempty) return -1;
    putc1(out, ']');
    return 0;
}

int fm_direct_apply(fm_direct *d, const char *text, size_t n, fm_strbuf *out)
{
    const uc *p = (const uc *)text, *e = p + n;
    for (size_t k = 0; k < d->nkeys; k++) d->v[k].type = V_NONE;
    p = ws(p, e);
    if (p >= e || *p != '{') return 0;
    p = ws(p + 1, e);
    if (p < e && *p == '}') {
        p++;
    } else {
        for (;;) {
            if (p >= e || *p != '"') return 0;
            const uc *ks = p + 1;
            int canon, bs;
            if (!(p = scan_string(p, e, &canon, &bs))) return 0;
            vinfo *slot = NULL, tmp;
            if (bs) {
                if (d->nkeys) return 0; /* its value might be one of the keys */
            } else {
                size_t kl = (size_t)(p - 1 - ks);
                for (size_t k = 0; k < d->nkeys; k++)
                    if (d->keylen[k] == kl && !memcmp(d->keys[k], ks, kl)) {
                        if (d->v[k].type == V_NONE) slot = &d->v[k]; /* the first wins */
                        break;
                    }
            }
            p = ws(p, e);
            if (p >= e || *p != ':') return 0;
            p = ws(p + 1, e);
            if (p >= e || !(p = scan_value(p, e, 1, slot ? slot : &tmp))) return 0;
            p = ws(p, e);
            if (p >= e) return 0;
            if (*p == ',') {
                p = ws(p + 1, e);
                continue;
            }
            if (*p != '}') return 0;
            p++;
            break;
        }
    }
    if (ws(p, e) != e) return 0;

    size_t mark = out->len;
    putc1(out, '{');
    for (size_t i = 0; i < d->nf; i++) {
        const dfield *f = &d->f[i];
        if (i) putc1(out, ',');
        put(out, f->head.buf, f->head.len);
        if (f->is_const) continue;
        if (put_value(d, f, &d->v[f->slot], out) < 0) {
            fm_strbuf_setlen(out, mark);
            return 0;
        }
    }
    putc1(out, '}');
    out->buf[out->len] = '\0';
    return 1;
}
