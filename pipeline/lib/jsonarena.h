/* jsonarena.h: a fast path for parsing one JSON record, without a malloc per value.
 *
 * Ingest and format parse millions of small JSON objects; with cJSON every value and every
 * string is its own malloc and free, which costs more than the parsing. fm_jarena_parse
 * builds the same tree (cJSON structs, so all code that reads cJSON trees works unchanged)
 * inside an arena that is reused from record to record: nodes come from fixed blocks, and
 * strings are decoded in place in the arena's copy of the text.
 *
 * It accepts only plain RFC 8259 JSON that cJSON + fm_json_parse read to the same tree:
 * valid UTF-8, no NUL, no "\u0000", no lone surrogates, whitespace only ' ' \t \r \n,
 * numbers of at most 63 characters, nesting below 200. For anything else it returns NULL
 * and the caller parses with fm_json_parse(), which gives the exact error message (or the
 * tree, for the few inputs cJSON accepts that are not strict JSON). So the fast path never
 * changes what is accepted, what is rejected, or any error text.
 *
 * The tree is read-only: never pass it to cJSON_Delete, cJSON_Add*, cJSON_Detach*. It is
 * valid until the next fm_jarena_parse or fm_jarena_free on the same arena.
 */
#ifndef FM_JSONARENA_H
#define FM_JSONARENA_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct fm_jarena fm_jarena;

fm_jarena *fm_jarena_new(void);
void fm_jarena_free(fm_jarena *a);

/* Parse text[0..n) (one JSON value, surrounded by optional whitespace). NULL: not on the
 * fast path (see above); the arena stays usable. */
const cJSON *fm_jarena_parse(fm_jarena *a, const char *text, size_t n);

#endif
