/* libFuzzer target: the CSV/TSV row reader (csv.h). The first input byte picks the mode
 * (bit 0: tab instead of comma, bit 1: RFC 4180 quoting), the rest is the file.
 * Properties: rows come back with at least one column; without quoting a row's columns
 * joined by the delimiter are exactly its raw bytes; with quoting, writing every row back
 * with every field quoted and reading that again gives the same rows. */
#include "csv.h"
#include "fuzz_util.h"

/* Every row as "ncols\0len\0bytes..." so two readings compare with memcmp. */
static int read_all(const char *path, char delim, int quoting, fm_strbuf *canon, fm_strbuf *requoted)
{
    fm_error err = { 0 };
    fm_csv *c = fm_csv_open(path, delim, quoting, &err);
    if (!c) abort(); /* the file exists */
    int rc;
    long rows = 0;
    while ((rc = fm_csv_next(c, &err)) == 1) {
        size_t n = fm_csv_ncols(c);
        if (n == 0) abort();
        if (fm_csv_row(c) != ++rows) abort();
        fm_strbuf_addf(canon, "%zu", n);
        fm_strbuf_addch(canon, '\0');
        fm_strbuf joined = FM_STRBUF_INIT;
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *s = fm_csv_col(c, i, &len);
            if (!s) abort();
            fm_strbuf_addf(canon, "%zu", len);
            fm_strbuf_addch(canon, '\0');
            fm_strbuf_add(canon, s, len);
            if (i) fm_strbuf_addch(&joined, delim);
            fm_strbuf_add(&joined, s, len);
            if (requoted) {
                if (i) fm_strbuf_addch(requoted, delim);
                fm_strbuf_addch(requoted, '"');
                for (size_t k = 0; k < len; k++) {
                    if (s[k] == '"') fm_strbuf_addch(requoted, '"');
                    fm_strbuf_addch(requoted, s[k]);
                }
                fm_strbuf_addch(requoted, '"');
            }
        }
        if (requoted) fm_strbuf_addch(requoted, '\n');
        size_t rl;
        const char *raw = fm_csv_raw(c, &rl);
        if (!quoting && (rl != joined.len || memcmp(raw, joined.buf, rl) != 0)) abort();
        fm_strbuf_release(&joined);
        if (fm_csv_col(c, n, &rl) != NULL) abort();
    }
    if (rc < 0 && err.code == FM_OK) abort(); /* an error always says why */
    fm_csv_close(c);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    if (n == 0) return 0;
    char delim = (data[0] & 1) ? '\t' : ',';
    int quoting = (data[0] & 2) != 0;
    char path[256], path2[256];
    fuzz_write(path, sizeof path, "in.csv", data + 1, n - 1);
    fm_strbuf a = FM_STRBUF_INIT, q = FM_STRBUF_INIT, b = FM_STRBUF_INIT;
    int rc = read_all(path, delim, quoting, &a, quoting ? &q : NULL);
    if (rc == 0 && quoting) {
        fuzz_write(path2, sizeof path2, "requoted.csv", q.buf ? q.buf : "", q.len);
        if (read_all(path2, delim, 1, &b, NULL) != 0) abort();
        if (a.len != b.len || (a.len && memcmp(a.buf, b.buf, a.len) != 0)) abort();
    }
    fm_strbuf_release(&a);
    fm_strbuf_release(&q);
    fm_strbuf_release(&b);
    return 0;
}
