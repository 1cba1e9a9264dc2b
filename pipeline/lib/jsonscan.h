/* jsonscan.h: walk a large JSON document without loading it, one value at a time.
 *
 * A JSON array of records, or an NIV2 task file with 6,500 instances in `Instances`, can be
 * 50 MB or more. fm_jscan finds the boundaries of values with a small byte scanner (it
 * tracks strings, escapes and nesting, nothing else) and hands back each value's text, which
 * the caller parses with fm_json_parse() (cJSON). Memory is one read buffer plus the largest
 * single value, whatever the size of the file.
 *
 * The scanner checks structure only where it has to (brackets, commas, colons, the end of the
 * text); everything inside a value is checked by the parser. A UTF-8 byte order mark at the
 * start of the stream is skipped. Errors name the file and the 1-based line.
 *
 *     fm_jscan *s = fm_jscan_open(path, 0, err);
 *     fm_jscan_array_begin(s, err);
 *     while ((rc = fm_jscan_array_next(s, &text, &line, err)) == 1) parse(text);
 *     fm_jscan_finish(s, err);     // only whitespace may follow
 */
#ifndef FM_JSONSCAN_H
#define FM_JSONSCAN_H

#include "error.h"
#include "strbuf.h"

#include <stdint.h>

typedef struct fm_jscan fm_jscan;

fm_jscan *fm_jscan_open(const char *path, fm_error *err);
void fm_jscan_close(fm_jscan *s);
/* XXH3-64 and size of the file's raw bytes, once its end was read (fileio.h); else -1. */
int fm_jscan_input_checksum(const fm_jscan *s, uint64_t *xxh3, uint64_t *size);
const char *fm_jscan_path(const fm_jscan *s);
long fm_jscan_line(const fm_jscan *s);

/* Next non-whitespace byte without consuming it: 0..255, or -1 at the end of input. Returns
 * -2 on a read error (err set). */
int fm_jscan_peek(fm_jscan *s, fm_error *err);

/* One complete value (string, number, literal, array or object). Its text is appended to
 * out (out may be NULL to skip it); *line gets the line where it starts. 0 or -1. */
int fm_jscan_value(fm_jscan *s, fm_strbuf *out, long *line, fm_error *err);

/* Expect '[' (after whitespace). 0 or -1. */
int fm_jscan_array_begin(fm_jscan *s, fm_error *err);
/* Next element of the array begun last: 1 with its text in out (reset first), 0 at the
 * closing ']', -1 on error. Nested arrays are not tracked: use it for one level at a time. */
int fm_jscan_array_next(fm_jscan *s, fm_strbuf *out, long *line, fm_error *err);

/* Expect '{'. 0 or -1. */
int fm_jscan_object_begin(fm_jscan *s, fm_error *err);
/* Next key of the object begun last: 1 with the decoded key in key (and the ':' consumed,
 * so the caller must then read the value with fm_jscan_value or fm_jscan_array_begin), 0
 * at the closing '}', -1 on error. */
int fm_jscan_object_next(fm_jscan *s, fm_strbuf *key, long *line, fm_error *err);

/* Only whitespace may remain. 0 or -1. */
int fm_jscan_finish(fm_jscan *s, fm_error *err);

/* Rewrite bare NaN tokens (outside strings) in text to null, in place. Returns how many. */
int fm_json_nan_to_null(fm_strbuf *text);
/* Offset of the first bare NaN token outside strings, or -1 (to explain a parse error). */
long fm_json_bare_nan_at(const char *text, size_t n);

#endif
