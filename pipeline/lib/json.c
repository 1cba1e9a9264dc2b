#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long fm_utf8_invalid_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* Fast path: 8 ASCII bytes at a time (most text is ASCII). */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t need;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; min = 0x10000; }
        else return (long)i;
        if (n - i <= need) return (long)i;
        unsigned cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
        for (size_t k = 1; k <= need; k++) {
            unsigned d = s[i + k];
            if ((d & 0xC0) != 0x80) return (long)i;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (long)i;
        i += need + 1;
    }
    return -1;
}

static int contains_escaped_nul(const char *s, size_t n)
{
    /* Only a "\u0000" escape can put U+0000 into a parsed string; raw NUL bytes end the
     * text for cJSON and are reported as a syntax error by the length check below.
     * memchr finds each backslash fast; the escaped character is skipped, so "\\u0000"
     * (an escaped backslash, then text) is not hit. */
    const char *p = s, *e = s + n;
    while ((p = memchr(p, '\\', (size_t)(e - p))) != NULL) {
        if (e - p >= 6 && memcmp(p, "\\u0000", 6) == 0) return 1;
        p += 2;
        if (p >= e) break;
    }
    return 0;
}

cJSON *fm_json_parse(const char *text, size_t n, const char *file, long line, fm_error *err)
{
    long bad = fm_utf8_invalid_at(text, n);
    if (bad >= 0) {
        fm_error_set(err, FM_EINPUT, file, line, NULL, "invalid UTF-8 at byte %ld", bad + 1);
        return NULL;
    }
    if (memchr(text, '\0', n)) {
        fm_error_set(err, FM_EINPUT, file, line, NULL, "NUL byte in JSON text at byte %ld",
                     (long)((const char *)memchr(text, '\0', n) - text) + 1);
        return NULL;
    }
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(text, n, &end, 0);
    if (!v) {
        long col = end ? (long)(end - text) + 1 : 0;
        const char *near = end && end < text + n ? end : text + n;
        char snippet[24];
        size_t k = 0;
        for (; k < 16 && near + k < text + n && near[k]; k++)
            snippet[k] = (near[k] >= 0x20 && near[k] < 0x7f) ? near[k] : '?';
        snippet[k] = '\0';
        if (end && end >= text + n)
            fm_error_set(err, FM_EINPUT, file, line, NULL, "malformed JSON: unexpected end of text");
        else
            fm_error_set(err, FM_EINPUT, file, line, NULL, "malformed JSON at column %ld near '%s'",
                         col, snippet);
        return NULL;
    }
    /* Anything but whitespace after the value is an error (two values on one line). */
    if (end) {
        while (end < text + n && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')) end++;
        if (end < text + n) {
            cJSON_Delete(v);
            fm_error_set(err, FM_EINPUT, file, line, NULL,
                         "malformed JSON: extra text after the value at column %ld",
                         (long)(end - text) + 1);
            return NULL;
        }
    }
    if (contains_escaped_nul(text, n)) {
        cJSON_Delete(v);
        fm_error_set(err, FM_EINPUT, file, line, NULL,
                     "string contains U+0000 (\\u0000), which flanmix does not accept");
        return NULL;
    }
    return v;
}

/* Bytes that may need an escape: controls, '"', '\\', DEL, and 0xE2 (lead byte of U+2028/9). */
static const unsigned char json_esc_candidate[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
    ['"'] = 1, ['\\'] = 1, [0x7f] = 1, [0xe2] = 1,
};

/* Nonzero if some byte of w may be a candidate: below 0x20, '"', '\\', 0x7f or 0xe2
 * (exact as a yes/no, which is all it is used for). */
static inline uint64_t esc_candidate8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\'), d = w ^ (ones * 0x7f), e = w ^ (ones * 0xe2);
    return (((q - ones) & ~q) | ((b - ones) & ~b) | ((d - ones) & ~d) | ((e - ones) & ~e) |
            ((w - ones * 0x20) & ~w)) & highs;
}

void fm_json_add_string(fm_strbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    fm_strbuf_grow(out, n + 2);
    fm_strbuf_addch(out, '"');
    size_t run = 0; /* start of the current run of bytes copied as they are */
    for (size_t i = 0; i < n; i++) {
        /* 8 bytes at a time while none is a candidate (most text has none) */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (esc_candidate8(w)) break;
            i += 8;
        }
        while (i < n && !json_esc_candidate[(unsigned char)s[i]]) i++;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[7];
        size_t skip = 1;
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            default:
                ubuf[0] = '\\'; ubuf[1] = 'u'; ubuf[2] = '0'; ubuf[3] = '0';
                ubuf[4] = hex[c >> 4]; ubuf[5] = hex[c & 15]; ubuf[6] = '\0';
                esc = ubuf;
            }
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (!esc) continue;
        fm_strbuf_add(out, s + run, i - run);
        fm_strbuf_addstr(out, esc);
        i += skip - 1;
        run = i + 1;
    }
    fm_strbuf_add(out, s + run, n - run);
    fm_strbuf_addch(out, '"');
}

void fm_json_add_int(fm_strbuf *out, int64_t v)
{
    /* by hand, not printf: packed JSON Lines rows are millions of small integers */
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    fm_strbuf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

void fm_json_add_value(fm_strbuf *out, const cJSON *v)
{
    if (!v) {
        fm_strbuf_addstr(out, "null");
        return;
    }
    if (cJSON_IsString(v)) {
        fm_json_add_string(out, v->valuestring, strlen(v->valuestring));
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        /* A number too large for a double parses as infinity; JSON cannot write that. */
        if (!isfinite(d)) fm_strbuf_addstr(out, "null");
        else if (d == floor(d) && fabs(d) < 9007199254740992.0) fm_strbuf_addf(out, "%lld", (long long)d);
        else fm_strbuf_addf(out, "%.17g", d);
    } else if (cJSON_IsBool(v)) {
        fm_strbuf_addstr(out, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNull(v)) {
        fm_strbuf_addstr(out, "null");
    } else if (cJSON_IsArray(v)) {
        fm_strbuf_addch(out, '[');
        int first = 1;
        for (const cJSON *c = v->child; c; c = c->next) {
            if (!first) fm_strbuf_addch(out, ',');
            first = 0;
            fm_json_add_value(out, c);
        }
        fm_strbuf_addch(out, ']');
    } else if (cJSON_IsObject(v)) {
        fm_strbuf_addch(out, '{');
        int first = 1;
        for (const cJSON *c = v->child; c; c = c->next) {
            if (!first) fm_strbuf_addch(out, ',');
            first = 0;
            fm_json_add_string(out, c->string, strlen(c->string));
            fm_strbuf_addch(out, ':');
            fm_json_add_value(out, c);
        }
        fm_strbuf_addch(out, '}');
    } else {
        fm_strbuf_addstr(out, "null");
    }
}

const cJSON *fm_json_get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

double fm_json_num_or(const cJSON *obj, const char *key, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

const char *fm_json_str_or(const cJSON *obj, const char *key, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

const char *fm_json_type_name(const cJSON *v)
{
    if (!v) return "nothing";
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsObject(v)) return "an object";
    return "an invalid value";
}

int fm_json_get_string(const cJSON *obj, const char *key, const char **out, int required,
                       const char *file, long line, fm_error *err)
{
    const cJSON *v = fm_json_get(obj, key);
    if (!v) {
        *out = NULL;
        return required ? fm_error_set(err, FM_EINPUT, file, line, key, "missing") : 0;
    }
    if (!cJSON_IsString(v))
        return fm_error_set(err, FM_EINPUT, file, line, key, "expected a string, got %s",
                            fm_json_type_name(v));
    *out = v->valuestring;
    return 0;
}

int fm_json_get_int(const cJSON *obj, const char *key, long long *out, int required,
                    const char *file, long line, fm_error *err)
{
    const cJSON *v = fm_json_get(obj, key);
    if (!v) return required ? fm_error_set(err, FM_EINPUT, file, line, key, "missing") : 0;
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return fm_error_set(err, FM_EINPUT, file, line, key, "expected an integer, got %s",
                            fm_json_type_name(v));
    *out = (long long)v->valuedouble;
    return 0;
}

int fm_json_get_bool(const cJSON *obj, const char *key, int *out, int required,
                     const char *file, long line, fm_error *err)
{
    const cJSON *v = fm_json_get(obj, key);
    if (!v) return required ? fm_error_set(err, FM_EINPUT, file, line, key, "missing") : 0;
    if (!cJSON_IsBool(v))
        return fm_error_set(err, FM_EINPUT, file, line, key, "expected true or false, got %s",
                            fm_json_type_name(v));
    *out = cJSON_IsTrue(v);
    return 0;
}
