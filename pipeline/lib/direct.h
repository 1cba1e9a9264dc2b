/* direct.h: ingest's direct path from a JSON record's text to its fields JSON.
 *
 * The usual way from a record to its fields (source.h, task.h) parses the text into a tree,
 * copies each mapped value out of it and escapes it again. For the common task, whose
 * fields are constants or values of top-level keys (fm_task_plain_fields), that is three
 * passes and three copies over bytes that end up unchanged. fm_direct_apply scans the text
 * once, validating it as it goes, and writes the fields JSON straight to the output: a
 * string whose JSON text is already what fm_json_add_string would write (most are) is
 * copied as it stands; others are decoded and escaped.
 *
 * It writes only what fm_task_mapper_apply would write for the same record, byte for byte,
 * and only for records it can prove that for: strict JSON that the arena parser
 * (jsonarena.h) reads, every mapped key present once-or-first, values of the types it
 * handles (strings, integers of up to 15 digits, booleans, lists of those), labels that
 * resolve. For any other record it writes nothing and returns 0, and the caller parses the
 * record and maps it the usual way, which gives the same output or the same error as
 * before. tests/unit/direct.c and the fuzz_direct target check the agreement.
 */
#ifndef FM_DIRECT_H
#define FM_DIRECT_H

#include "strbuf.h"
#include "task.h"

#include <stddef.h>

typedef struct fm_direct fm_direct;

/* NULL when the task's mapping is not plain (then every record goes the usual way). */
fm_direct *fm_direct_new(const fm_task *t);
void fm_direct_free(fm_direct *d);

/* The record text[0..n) (one JSON object, as read: line or array element). 1: its fields
 * JSON was appended to out; 0: out is unchanged, map the record the usual way. */
int fm_direct_apply(fm_direct *d, const char *text, size_t n, fm_strbuf *out);

#endif
