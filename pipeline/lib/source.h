/* source.h: read one source file of a task as a stream of raw records (JSON objects).
 *
 * Every reader turns its format into the same thing, a raw record as a cJSON object, so that
 * one field-mapping code path (task.h) serves them all:
 *
 *   jsonl     one object per line                          position: 1-based line
 *   json      the elements of a top-level array (or of the array at source.records)
 *                                                          position: 0-based element index
 *   csv, tsv  {"column": "value", ...} per row; columns named by the header, else "0", "1", ...
 *                                                          position: 1-based data row
 *   niv2      one object per element of `Instances` ({id, input, output: [...]}); the rest of
 *             the file (Definition, examples, ...) is collected for meta.json
 *                                                          position: 0-based instance index
 *   cot_tsv   {"question", "answer", "chain_of_thought"}   position: 1-based line
 *   p3        {"question", "answer", "options"} after FLAN's T0 preprocessing
 *                                                          position: 1-based line
 *
 * Files are streamed (fileio.h detects zstd/gzip/plain): memory does not grow with the file,
 * only with the largest single record. Blank lines of line formats are not records.
 */
#ifndef FM_SOURCE_H
#define FM_SOURCE_H

#include "error.h"
#include "task.h"

#include <cjson/cJSON.h>
#include <stdint.h>

typedef struct fm_source fm_source;

typedef struct fm_source_rec {
    const cJSON *raw;       /* the raw record (owned by the source, valid until next call) */
    long line;              /* 1-based line where the record starts */
    long long position;     /* position used in the record id (see above) */
    const char *text;       /* the record's text as read (for rejects); not NUL-safe */
    size_t text_len;
} fm_source_rec;

/* Open source file i of task t. For CSV/TSV with a header, checks the header against the
 * task's mapping. NULL on error. */
fm_source *fm_source_open(const fm_task *t, size_t file_index, fm_error *err);

/* Next record: 1 (rec filled), 0 at the end of the file, -1 when this record is bad (rec's
 * line, position and text are set; err says why; reading may go on), -2 when the file cannot
 * be read further (truncated or corrupt stream, malformed structure; err set). */
int fm_source_next(fm_source *s, fm_source_rec *rec, fm_error *err);

/* Records as text first (ingest's direct path, direct.h), for the formats whose record is
 * one JSON object as written (jsonl, json, niv2: fm_source_has_text). fm_source_next_text
 * is fm_source_next without the parse: 1 gives rec->text only (rec->raw NULL); other
 * results are as fm_source_next's (other formats: it is fm_source_next). Then
 * fm_source_parse, if the caller needs the tree, gives what fm_source_next would have:
 * 1 and rec->raw, or -1 with err. */
int fm_source_has_text(const fm_task *t);
int fm_source_next_text(fm_source *s, fm_source_rec *rec, fm_error *err);
int fm_source_parse(fm_source *s, fm_source_rec *rec, fm_error *err);

/* NIV2 only, after the end of the file: the task metadata (docs/contracts.md, meta.json
 * "niv2"). Owned by the source. NULL for other formats. */
const cJSON *fm_source_niv2_meta(fm_source *s);

/* After the last record: XXH3-64 and size of the file's bytes as read, the checksum a
 * manifest lists (fm_file_checksum) without reading the file again; -1 when not known
 * (the file was not read to its end, or its reader does not keep one). */
int fm_source_input_checksum(const fm_source *s, uint64_t *xxh3, uint64_t *size);

void fm_source_close(fm_source *s);

#endif
