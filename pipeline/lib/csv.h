/* csv.h: a streaming CSV/TSV row reader (RFC 4180 quoting).
 *
 * Fields are separated by `delim` (',' or '\t'); rows end at "\n" or "\r\n". With quoting on,
 * a field that starts with '"' runs to the next '"' not doubled; inside it, '""' is one
 * quote and delimiters and line ends are data. A '"' in the middle of an unquoted field is
 * data (as Python's csv module reads it). With quoting off every byte up to the delimiter is
 * data (plain TSV as many exports write it). Blank lines are skipped. A UTF-8 BOM at the
 * start of the stream is dropped. Memory is one read buffer plus the current row.
 */
#ifndef FM_CSV_H
#define FM_CSV_H

#include "error.h"
#include "strbuf.h"

#include <stddef.h>

typedef struct fm_csv fm_csv;

fm_csv *fm_csv_open(const char *path, char delim, int quoting, fm_error *err);
void fm_csv_close(fm_csv *c);

/* Next row: 1 (row available), 0 at the end, -1 on an error the reader cannot get past
 * (an unterminated quote: err names the line where the field starts; read errors). */
int fm_csv_next(fm_csv *c, fm_error *err);
size_t fm_csv_ncols(const fm_csv *c);
const char *fm_csv_col(const fm_csv *c, size_t i, size_t *len);
/* Physical line where the current row starts (1-based), and the row's number counting
 * non-blank rows from 1 (the header, if any, is row 1). */
long fm_csv_line(const fm_csv *c);
long fm_csv_row(const fm_csv *c);
/* The current row's bytes as read (for rejects), without the line end. */
const char *fm_csv_raw(const fm_csv *c, size_t *len);

#endif
