/* fileio.h: all file I/O of flanmix goes through here (as zstd's programs/fileio.c).
 *
 * Reading: fm_reader opens a file (or "-" for stdin) and detects its compression from
 * the first bytes, never from the name: zstd frames (28 B5 2F FD), gzip members (1F 8B)
 * or plain bytes. Concatenated frames/members are read as one stream. A stream that ends
 * inside a frame is reported as truncated, a corrupt frame as corrupt. Memory is bounded:
 * a reader holds one input and one output buffer, plus the current line.
 *
 * Writing: fm_writer writes to "<path>.tmp-<pid>" and only fm_writer_commit() makes the
 * file appear under its final name (flush, fsync, rename, fsync of the directory), so a
 * killed or failed stage never leaves a partial file under a final name. Output may be
 * plain or one zstd frame. The writer hashes what it writes (XXH3-64 of the bytes on
 * disk) for manifests.
 */
#ifndef FM_FILEIO_H
#define FM_FILEIO_H

#include "error.h"
#include "strbuf.h"

#include <stdint.h>
#include <stdio.h>

typedef enum { FM_COMP_NONE = 0, FM_COMP_ZSTD, FM_COMP_GZIP } fm_compression;

const char *fm_compression_name(fm_compression c);

/* ---- reading ------------------------------------------------------------------------ */
typedef struct fm_reader fm_reader;

fm_reader *fm_reader_open(const char *path, fm_error *err);
/* Read up to n decompressed bytes. Returns bytes read, 0 at the end, -1 on error. */
long fm_reader_read(fm_reader *r, void *buf, size_t n, fm_error *err);
/* Next line without its "\n" (a "\r\n" ending loses the "\r" too, and *had_cr is set
 * when had_cr is not NULL). Returns 1 for a line, 0 at end of input, -1 on error.
 * A last line without a final newline is still a line. */
int fm_reader_getline(fm_reader *r, fm_strbuf *line, int *had_cr, fm_error *err);
/* fm_reader_getline without copying the line when it lies whole in the reader's buffer:
 * *line points there (or into scratch, which holds a line that spans buffers) and stays
 * valid until the next call on r. Same lines, line numbers and CR rule. */
int fm_reader_getline_view(fm_reader *r, const char **line, size_t *len, fm_strbuf *scratch,
                           fm_error *err);
/* Read the whole rest of the stream into out (appends). 0 or -1. */
int fm_reader_slurp(fm_reader *r, fm_strbuf *out, fm_error *err);
long fm_reader_lineno(const fm_reader *r);          /* lines returned so far */
uint64_t fm_reader_raw_offset(const fm_reader *r);  /* compressed bytes consumed (progress) */
/* Checksum the raw bytes (as stored) while they are read, so that a stage that reads a
 * whole input need not read it again for its manifest: call right after fm_reader_open;
 * fm_reader_input_checksum gives what fm_file_checksum would (XXH3-64 and size) once the
 * end of the file was reached, else -1. */
void fm_reader_hash_input(fm_reader *r);
int fm_reader_input_checksum(const fm_reader *r, uint64_t *xxh3, uint64_t *size);
uint64_t fm_reader_raw_size(const fm_reader *r);    /* file size, 0 if unknown (pipe) */
fm_compression fm_reader_compression(const fm_reader *r);
const char *fm_reader_path(const fm_reader *r);
void fm_reader_close(fm_reader *r);

/* Whole file into memory (decompressed). For small files: templates, tasks, mixtures. */
int fm_read_file(const char *path, fm_strbuf *out, fm_error *err);

/* ---- writing ------------------------------------------------------------------------ */
typedef struct fm_writer fm_writer;

/* level is the zstd level (ignored for FM_COMP_NONE). */
fm_writer *fm_writer_open(const char *path, fm_compression comp, int level, fm_error *err);
int fm_writer_write(fm_writer *w, const void *data, size_t n, fm_error *err);
/* Finish: end frame, flush, fsync, rename to the final name, fsync the directory.
 * The writer is freed whether or not it succeeds (on failure the temp file is removed). */
int fm_writer_commit(fm_writer *w, fm_error *err);
/* Drop everything written: remove the temp file and free the writer. */
void fm_writer_abort(fm_writer *w);
uint64_t fm_writer_bytes_in(const fm_writer *w);   /* uncompressed bytes given */
uint64_t fm_writer_bytes_out(const fm_writer *w);  /* bytes on disk */
/* XXH3-64 of the bytes on disk; valid after commit succeeded via the out-params below. */
int fm_writer_commit_info(fm_writer *w, uint64_t *bytes_out, uint64_t *xxh3, fm_error *err);

/* Write a whole buffer atomically (same durability as fm_writer). */
int fm_write_file_atomic(const char *path, const void *data, size_t n, fm_error *err);

/* ---- paths and directories ------------------------------------------------------------ */
int fm_mkdir_p(const char *path, fm_error *err);
int fm_path_exists(const char *path);
/* dir + "/" + name into out (reset first). */
void fm_path_join(fm_strbuf *out, const char *dir, const char *name);
/* Checksum of a file's bytes on disk: XXH3-64, and its size. */
int fm_file_checksum(const char *path, uint64_t *xxh3, uint64_t *size, fm_error *err);
/* Remove "*.tmp-PID" files left in dir by runs that are gone (PID not alive); temps of
 * live processes (other parts running now) stay. Returns how many were removed. */
int fm_remove_stale_temps(const char *dir);

#endif
