/* Unit tests of ingest's building blocks: the JSON value scanner (element boundaries across
 * read-buffer edges), the CSV reader, NaN rewriting, number formatting, and task definition
 * errors. Expected values are worked out by hand. */
#include "unit.h"

#include "csv.h"
#include "fileio.h"
#include "jsonscan.h"
#include "strbuf.h"
#include "task.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char tmp_path[512];

static const char *write_tmp(const char *name, const char *data, size_t n)
{
    snprintf(tmp_path, sizeof tmp_path, "%s/fm-unit-ingest-%ld-%s", unit_tmpdir(), (long)getpid(), name);
    FILE *f = fopen(tmp_path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
    return tmp_path;
}

static void test_jscan_elements(void)
{
    const char *doc = "\xEF\xBB\xBF [ {\"a\": \"x]}\\\"[{\"}, [1, [2]],\n \"s\\\\\", 12.5e3 , null,true ]  \n";
    const char *p = write_tmp("a.json", doc, strlen(doc));
    fm_error err;
    fm_jscan *s = fm_jscan_open(p, &err);
    CHECK(s != NULL);
    CHECK_EQ_INT(fm_jscan_array_begin(s, &err), 0);
    fm_strbuf v = FM_STRBUF_INIT;
    long line = 0;
    const char *want[] = { "{\"a\": \"x]}\\\"[{\"}", "[1, [2]]", "\"s\\\\\"", "12.5e3", "null", "true" };
    long lines[] = { 1, 1, 2, 2, 2, 2 };
    for (int i = 0; i < 6; i++) {
        CHECK_EQ_INT(fm_jscan_array_next(s, &v, &line, &err), 1);
        CHECK_EQ_STR(v.buf, want[i]);
        CHECK_EQ_INT(line, lines[i]);
    }
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, &line, &err), 0);
    CHECK_EQ_INT(fm_jscan_finish(s, &err), 0);
    fm_jscan_close(s);
    fm_strbuf_release(&v);
    unlink(p);
}

/* Elements much longer than the 64 KiB read buffer, with escapes at every offset. */
static void test_jscan_buffer_edges(void)
{
    fm_strbuf doc = FM_STRBUF_INIT, big = FM_STRBUF_INIT;
    for (int i = 0; i < 40000; i++) fm_strbuf_addstr(&big, "ab\\\"\\\\[");
    fm_strbuf_addch(&doc, '[');
    for (int k = 0; k < 3; k++) {
        if (k) fm_strbuf_addch(&doc, ',');
        fm_strbuf_addstr(&doc, "{\"k\":\"");
        fm_strbuf_add(&doc, big.buf, big.len);
        fm_strbuf_addstr(&doc, "\"}");
    }
    fm_strbuf_addch(&doc, ']');
    const char *p = write_tmp("b.json", doc.buf, doc.len);
    fm_error err;
    fm_jscan *s = fm_jscan_open(p, &err);
    CHECK_EQ_INT(fm_jscan_array_begin(s, &err), 0);
    fm_strbuf v = FM_STRBUF_INIT;
    int n = 0;
    while (fm_jscan_array_next(s, &v, NULL, &err) == 1) {
        CHECK_EQ_INT(v.len, big.len + 8);
        n++;
    }
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(fm_jscan_finish(s, &err), 0);
    fm_jscan_close(s);
    fm_strbuf_release(&v);
    fm_strbuf_release(&doc);
    fm_strbuf_release(&big);
    unlink(p);
}

static void test_jscan_errors(void)
{
    fm_error err;
    const char *p = write_tmp("c.json", "[1,\n2,]", 7);
    fm_jscan *s = fm_jscan_open(p, &err);
    fm_strbuf v = FM_STRBUF_INIT;
    CHECK_EQ_INT(fm_jscan_array_begin(s, &err), 0);
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), 1);
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), 1);
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), -1); /* trailing comma */
    CHECK(strstr(err.reason, "expected a value") != NULL);
    CHECK_EQ_INT(err.line, 2);
    fm_jscan_close(s);
    p = write_tmp("d.json", "[\"abc", 5);
    s = fm_jscan_open(p, &err);
    CHECK_EQ_INT(fm_jscan_array_begin(s, &err), 0);
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), -1);
    CHECK(strstr(err.reason, "inside a string") != NULL);
    fm_jscan_close(s);
    fm_strbuf_release(&v);
    unlink(p);
}

static void test_jscan_object(void)
{
    const char *doc = "{\"A\\u0042\": [1], \"Instances\": [{\"x\":1},{\"x\":2}], \"z\": {}}";
    const char *p = write_tmp("e.json", doc, strlen(doc));
    fm_error err;
    fm_jscan *s = fm_jscan_open(p, &err);
    fm_strbuf k = FM_STRBUF_INIT, v = FM_STRBUF_INIT;
    CHECK_EQ_INT(fm_jscan_object_begin(s, &err), 0);
    CHECK_EQ_INT(fm_jscan_object_next(s, &k, NULL, &err), 1);
    CHECK_EQ_STR(k.buf, "AB");
    CHECK_EQ_INT(fm_jscan_value(s, NULL, NULL, &err), 0);
    CHECK_EQ_INT(fm_jscan_object_next(s, &k, NULL, &err), 1);
    CHECK_EQ_STR(k.buf, "Instances");
    CHECK_EQ_INT(fm_jscan_array_begin(s, &err), 0);
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), 1);
    CHECK_EQ_STR(v.buf, "{\"x\":1}");
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), 1);
    CHECK_EQ_INT(fm_jscan_array_next(s, &v, NULL, &err), 0);
    CHECK_EQ_INT(fm_jscan_object_next(s, &k, NULL, &err), 1);
    CHECK_EQ_STR(k.buf, "z");
    fm_strbuf_reset(&v);
    CHECK_EQ_INT(fm_jscan_value(s, &v, NULL, &err), 0);
    CHECK_EQ_STR(v.buf, "{}");
    CHECK_EQ_INT(fm_jscan_object_next(s, &k, NULL, &err), 0);
    CHECK_EQ_INT(fm_jscan_finish(s, &err), 0);
    fm_jscan_close(s);
    fm_strbuf_release(&k);
    fm_strbuf_release(&v);
    unlink(p);
}

static void test_nan(void)
{
    fm_strbuf t = FM_STRBUF_INIT;
    fm_strbuf_addstr(&t, "{\"URL\": [NaN], \"s\": \"NaN \\\" NaN\", \"NaNa\": NaN}");
    CHECK_EQ_INT(fm_json_bare_nan_at(t.buf, t.len), 9);
    CHECK_EQ_INT(fm_json_nan_to_null(&t), 2);
    CHECK_EQ_STR(t.buf, "{\"URL\": [null], \"s\": \"NaN \\\" NaN\", \"NaNa\": null}");
    CHECK_EQ_INT(fm_json_bare_nan_at(t.buf, t.len), -1);
    fm_strbuf_release(&t);
}

static void test_numbers(void)
{
    const double in[] = { 0, 100, -3, 1.5, -0.25, 0.1, 1e21, 3.14159 };
    const char *out[] = { "0", "100", "-3", "1.5", "-0.25", "0.1", "1e+21", "3.14159" };
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        fm_strbuf b = FM_STRBUF_INIT;
        fm_format_number(&b, in[i]);
        CHECK_EQ_STR(b.buf, out[i]);
        fm_strbuf_release(&b);
    }
}

static void test_csv(void)
{
    const char *doc = "a,b\r\n\"x,\"\"y\"\"\",2\r\n\r\n\"multi\nline\",3\nlast,\n";
    const char *p = write_tmp("f.csv", doc, strlen(doc));
    fm_error err;
    fm_csv *c = fm_csv_open(p, ',', 1, &err);
    size_t len;
    const char *col;
    CHECK_EQ_INT(fm_csv_next(c, &err), 1);
    CHECK_EQ_INT(fm_csv_ncols(c), 2);
    CHECK_EQ_INT(fm_csv_next(c, &err), 1);
    col = fm_csv_col(c, 0, &len);
    CHECK_EQ_MEM(col, len, "x,\"y\"", 5);
    CHECK_EQ_INT(fm_csv_line(c), 2);
    CHECK_EQ_INT(fm_csv_next(c, &err), 1); /* the blank line is skipped */
    col = fm_csv_col(c, 0, &len);
    CHECK_EQ_MEM(col, len, "multi\nline", 10);
    CHECK_EQ_INT(fm_csv_line(c), 4);
    CHECK_EQ_INT(fm_csv_row(c), 3);
    CHECK_EQ_INT(fm_csv_next(c, &err), 1);
    CHECK_EQ_INT(fm_csv_ncols(c), 2);
    col = fm_csv_col(c, 1, &len);
    CHECK_EQ_MEM(col, len, "", 0);
    CHECK_EQ_INT(fm_csv_line(c), 6);
    CHECK_EQ_INT(fm_csv_next(c, &err), 0);
    fm_csv_close(c);
    p = write_tmp("g.tsv", "a\tb\n\"open\tx\n", 12);
    c = fm_csv_open(p, '\t', 1, &err);
    CHECK_EQ_INT(fm_csv_next(c, &err), 1);
    CHECK_EQ_INT(fm_csv_next(c, &err), -1);
    CHECK_EQ_INT(err.line, 2);
    CHECK(strstr(err.reason, "unterminated") != NULL);
    fm_csv_close(c);
    unlink(p);
}

static int load_err(const char *def, fm_error *err)
{
    const char *p = write_tmp("t.json", def, strlen(def));
    fm_task_load_opts o = { NULL, FM_TASK_NO_SOURCES, -1 };
    fm_task_set *s = fm_task_set_load_opts(&p, 1, &o, err);
    int ok = s != NULL;
    fm_task_set_free(s);
    unlink(p);
    return ok ? 0 : -1;
}

static void test_task_errors(void)
{
    fm_error err;
    CHECK_EQ_INT(load_err("{\"name\":\"t\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"a\"]},"
                          "\"fields\":{\"a\":\"a\"}}", &err), 0);
    CHECK_EQ_INT(load_err("{\"name\":\"t\",\"templates\":\"x\",\"source\":{\"format\":\"xml\",\"files\":[\"a\"]},"
                          "\"fields\":{\"a\":\"a\"}}", &err), -1);
    CHECK_EQ_STR(err.field, "source.format");
    CHECK_EQ_INT(err.code, FM_EUSAGE);
    CHECK_EQ_INT(load_err("{\"name\":\"t\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"a\"]},"
                          "\"fields\":{\"a\":{\"path\":\"a\",\"labels\":[1]}}}", &err), -1);
    CHECK_EQ_STR(err.field, "fields.a");
    CHECK_EQ_INT(load_err("{\"name\":\"t\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"a\"]},"
                          "\"fields\":{\"a\":\"a\",\"b\":{\"path\":\"c\",\"choose\":\"z\"}}}", &err), -1);
    CHECK(strstr(err.reason, "not a field declared before") != NULL);
    CHECK_EQ_INT(load_err("{\"name\":\"bad name\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"a\"]},"
                          "\"fields\":{\"a\":\"a\"}}", &err), -1);
    CHECK_EQ_STR(err.field, "name");
    CHECK_EQ_INT(load_err("{\"tasks\":[{\"name\":\"t\",\"templates\":\"x\",\"source\":{\"format\":\"cot_tsv\",\"files\":[\"a\"]}},"
                          "{\"name\":\"t\",\"templates\":\"x\",\"source\":{\"format\":\"cot_tsv\",\"files\":[\"b\"]}}]}", &err), -1);
    CHECK(strstr(err.reason, "defined twice") != NULL);
}

/* The checksum taken while reading equals fm_file_checksum's (plain: chunks handed over
 * without a copy; zstd: the compressed bytes), and is refused before the end. */
static void test_reader_checksum(void)
{
    fm_strbuf text = FM_STRBUF_INIT;
    for (int i = 0; i < 40000; i++) fm_strbuf_addf(&text, "{\"line\": %d, \"pad\": \"abcdefgh\"}\n", i);
    for (int z = 0; z < 2; z++) {
        fm_error err;
        fm_error_clear(&err);
        const char *p = write_tmp(z ? "c.jsonl.zst" : "c.jsonl", "", 0);
        if (z) {
            fm_writer *w = fm_writer_open(p, FM_COMP_ZSTD, 1, &err);
            CHECK(w && fm_writer_write(w, text.buf, text.len, &err) == 0 && fm_writer_commit(w, &err) == 0);
        } else {
            write_tmp("c.jsonl", text.buf, text.len);
        }
        uint64_t h1 = 0, n1 = 0, h2 = 1, n2 = 1;
        CHECK_EQ_INT(fm_file_checksum(p, &h1, &n1, &err), 0);
        fm_reader *r = fm_reader_open(p, &err);
        CHECK(r != NULL);
        fm_reader_hash_input(r);
        fm_strbuf line = FM_STRBUF_INIT, all = FM_STRBUF_INIT;
        int rc;
        long k = 0;
        while ((rc = fm_reader_getline(r, &line, NULL, &err)) == 1) {
            if (++k == 100) CHECK_EQ_INT(fm_reader_input_checksum(r, &h2, &n2), -1);
            fm_strbuf_add(&all, line.buf, line.len);
            fm_strbuf_addch(&all, '\n');
        }
        CHECK_EQ_INT(rc, 0);
        CHECK_EQ_MEM(all.buf, all.len, text.buf, text.len);
        CHECK_EQ_INT(fm_reader_input_checksum(r, &h2, &n2), 0);
        CHECK(h1 == h2);
        CHECK(n1 == n2);
        fm_reader_close(r);
        fm_strbuf_release(&line);
        fm_strbuf_release(&all);
        unlink(p);
    }
    fm_strbuf_release(&text);
}

/* fm_reader_getline_view gives the lines fm_reader_getline gives (CR rule, lines across
 * the 128 KiB buffer edges, a last line without newline, empty lines). */
static void test_getline_view(void)
{
    fm_strbuf text = FM_STRBUF_INIT;
    for (int i = 0; i < 30000; i++) {
        fm_strbuf_addf(&text, "%d %.*s%s", i, i % 97, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                       i % 7 == 0 ? "\r\n" : i % 11 == 0 ? "\n\n" : "\n");
    }
    fm_strbuf_addstr(&text, "last\r");
    const char *p = write_tmp("v.txt", text.buf, text.len);
    fm_error err;
    fm_error_clear(&err);
    fm_reader *a = fm_reader_open(p, &err), *b = fm_reader_open(p, &err);
    CHECK(a && b);
    fm_strbuf la = FM_STRBUF_INIT, scratch = FM_STRBUF_INIT;
    long lines = 0;
    for (;;) {
        const char *v;
        size_t vn;
        int ra = fm_reader_getline(a, &la, NULL, &err);
        int rb = fm_reader_getline_view(b, &v, &vn, &scratch, &err);
        CHECK_EQ_INT(rb, ra);
        if (ra != 1 || rb != 1) break;
        CHECK_EQ_MEM(v, vn, la.buf, la.len);
        CHECK_EQ_INT(fm_reader_lineno(b), fm_reader_lineno(a));
        if (unit_failed_now) break;
        lines++;
    }
    CHECK(lines > 30000);
    fm_reader_close(a);
    fm_reader_close(b);
    fm_strbuf_release(&la);
    fm_strbuf_release(&scratch);
    fm_strbuf_release(&text);
    unlink(p);
}

int main(void)
{
    TEST(test_jscan_elements);
    TEST(test_jscan_buffer_edges);
    TEST(test_jscan_errors);
    TEST(test_jscan_object);
    TEST(test_nan);
    TEST(test_numbers);
    TEST(test_csv);
    TEST(test_task_errors);
    TEST(test_reader_checksum);
    TEST(test_getline_view);
    UNIT_END();
}
