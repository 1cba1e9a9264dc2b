/* json.h: JSON in and out, on top of cJSON.
 *
 * Parsing uses cJSON, after checking that the text is valid UTF-8 (cJSON does not), so
 * that an error can say where the bad byte is. Strings holding U+0000 are refused:
 * cJSON keeps C strings and would cut them silently.
 *
 * Writing JSON Lines goes through fm_json_add_string(), a streaming escaper, so records
 * are written without building cJSON trees for each line. Its escaping is fixed and
 * documented in docs/formats.md: '"' '\\' and the short escapes \b \f \n \r \t; every
 * other control character (U+0000-U+001F, U+007F) as \u00XX; U+2028 and U+2029 as
 * \u2028 / \u2029 (so JavaScript consumers can read the line); all other text raw UTF-8.
 * The same bytes in always give the same bytes out.
 */
#ifndef FM_JSON_H
#define FM_JSON_H

#include "error.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stdint.h>

/* Byte offset of the first invalid UTF-8 sequence in s[0..n), or -1 if valid. */
long fm_utf8_invalid_at(const char *s, size_t n);

/* Code point cp (at most U+10FFFF) as UTF-8 into o; returns its length (1 to 4). Inline:
 * the JSON scanners call it per \u escape. */
static inline size_t fm_utf8_encode(char o[4], unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The four hex digits of a JSON \u escape at p (either case) into *out: 0, or -1 when one
 * of them is not a hex digit. */
static inline int fm_json_hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = (unsigned char)p[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = (v << 4) | d;
    }
    *out = v;
    return 0;
}

/* Parse one JSON text. On failure fills err with file/line (as given) and the reason:
 * invalid UTF-8 at byte K, or a JSON syntax error at column K. */
cJSON *fm_json_parse(const char *text, size_t n, const char *file, long line, fm_error *err);

/* Append s[0..n) as a JSON string literal, quotes included. */
void fm_json_add_string(fm_strbuf *out, const char *s, size_t n);
/* Append any cJSON value, compactly (objects keep their key order). */
void fm_json_add_value(fm_strbuf *out, const cJSON *v);
/* Append a 64-bit number: integers exactly, others as cJSON prints them. */
void fm_json_add_int(fm_strbuf *out, int64_t v);

/* Typed field access with errors that name the field. `what` is the file for errors. */
const cJSON *fm_json_get(const cJSON *obj, const char *key);
int fm_json_get_string(const cJSON *obj, const char *key, const char **out, int required,
                       const char *file, long line, fm_error *err);
int fm_json_get_int(const cJSON *obj, const char *key, long long *out, int required,
                    const char *file, long line, fm_error *err);
int fm_json_get_bool(const cJSON *obj, const char *key, int *out, int required,
                     const char *file, long line, fm_error *err);
const char *fm_json_type_name(const cJSON *v);

/* Lenient access for reading our own manifests for display: the field's value when it
 * has the right type, else dflt (also when obj is NULL). */
double fm_json_num_or(const cJSON *obj, const char *key, double dflt);
const char *fm_json_str_or(const cJSON *obj, const char *key, const char *dflt);

#endif
