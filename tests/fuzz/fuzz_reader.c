/* libFuzzer target: the compressed/plain stream reader (zstd, gzip, plain detected by
 * content) and its line splitting, on arbitrary bytes. Property: no crash, no leak, and an
 * error or a clean end, never both. */
#include "fileio.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fm-fuzz-reader-%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, n, f);
    fclose(f);
    fm_error err = { 0 };
    fm_reader *r = fm_reader_open(path, &err);
    if (r) {
        fm_strbuf line = FM_STRBUF_INIT;
        int rc;
        long lines = 0;
        while ((rc = fm_reader_getline(r, &line, NULL, &err)) == 1) lines++;
        if (rc == 0 && err.code != FM_OK) abort();
        if (lines != fm_reader_lineno(r)) abort();
        fm_strbuf_release(&line);
        fm_reader_close(r);
    }
    unlink(path);
    return 0;
}
