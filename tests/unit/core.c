/* Unit tests of the core library: strbuf, JSON escaping and parsing, UTF-8, PRNG, hash,
 * placeholder templates, and file I/O with compression detection. */
#include "unit.h"

#include "error.h"
#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "placeholder.h"
#include "rng.h"
#include "strbuf.h"

#include <unistd.h>
#include <zstd.h>

static void test_strbuf_basic(void)
{
    fm_strbuf sb = FM_STRBUF_INIT;
    CHECK_EQ_INT(sb.len, 0);
    CHECK_EQ_STR(sb.buf, "");
    fm_strbuf_addstr(&sb, "A: ");
    fm_strbuf_addf(&sb, "%d  ", 42);
    CHECK_EQ_STR(sb.buf, "A: 42  ");
    fm_strbuf_rtrim_spaces(&sb);
    CHECK_EQ_STR(sb.buf, "A: 42");
    fm_strbuf_reset(&sb);
    fm_strbuf_addstr(&sb, " \t x y\n\n ");
    fm_strbuf_trim_ascii(&sb);
    CHECK_EQ_STR(sb.buf, "x y");
    fm_strbuf_reset(&sb);
    fm_strbuf_addstr(&sb, "keep\n  ");
    fm_strbuf_rtrim_spaces(&sb);
    CHECK_EQ_STR(sb.buf, "keep\n"); /* only spaces, not newlines */
    fm_strbuf_release(&sb);
}

static void test_utf8(void)
{
    CHECK_EQ_INT(fm_utf8_invalid_at("abc", 3), -1);
    CHECK_EQ_INT(fm_utf8_invalid_at("\xe2\x80\xa8", 3), -1);        /* U+2028 */
    CHECK_EQ_INT(fm_utf8_invalid_at("\xf0\x9f\x98\x80", 4), -1);    /* emoji */
    CHECK_EQ_INT(fm_utf8_invalid_at("ab\xff", 3), 2);
    CHECK_EQ_INT(fm_utf8_invalid_at("ab\xe2\x80", 4), 2);            /* truncated */
    CHECK_EQ_INT(fm_utf8_invalid_at("\xc0\x80", 2), 0);              /* overlong */
    CHECK_EQ_INT(fm_utf8_invalid_at("\xed\xa0\x80", 3), 0);          /* surrogate */
    CHECK_EQ_INT(fm_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0);      /* > U+10FFFF */
}

static void test_json_escape(void)
{
    fm_strbuf sb = FM_STRBUF_INIT;
    const char in[] = "q\"b\\s\n\r\t\x01\x7f \xe2\x80\xa8\xe2\x80\xa9\xc2\x85\xef\xbb\xbf";
    fm_json_add_string(&sb, in, sizeof in - 1);
    CHECK_EQ_STR(sb.buf, "\"q\\\"b\\\\s\\n\\r\\t\\u0001\\u007f \\u2028\\u2029\xc2\x85\xef\xbb\xbf\"");
    /* Round trip through cJSON gives the same bytes back. */
    fm_error err = { 0 };
    cJSON *v = fm_json_parse(sb.buf, sb.len, "t", 1, &err);
    CHECK(v && cJSON_IsString(v));
    if (v) CHECK_EQ_STR(v->valuestring, in);
    cJSON_Delete(v);
    fm_strbuf_release(&sb);
}

static void test_json_int(void)
{
    fm_strbuf sb = FM_STRBUF_INIT;
    const int64_t v[] = { 0, 7, -1, -100, 32099, 1000000007, INT64_MAX, INT64_MIN };
    const char *want = "0,7,-1,-100,32099,1000000007,9223372036854775807,-9223372036854775808";
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        if (i) fm_strbuf_addch(&sb, ',');
        fm_json_add_int(&sb, v[i]);
    }
    CHECK_EQ_STR(sb.buf, want);
    fm_strbuf_release(&sb);
}

static void test_json_errors(void)
{
    fm_error err = { 0 };
    CHECK(!fm_json_parse("{\"a\": 1", 7, "f.jsonl", 3, &err));
    CHECK_EQ_STR(err.file, "f.jsonl");
    CHECK_EQ_INT(err.line, 3);
    CHECK(strstr(err.reason, "malformed JSON") != NULL);
    CHECK(!fm_json_parse("{\"a\": \"\xff\"}", 10, "f", 1, &err));
    CHECK(strstr(err.reason, "invalid UTF-8 at byte 8") != NULL);
    CHECK(!fm_json_parse("{\"a\": NaN}", 10, "f", 1, &err));
    CHECK(!fm_json_parse("{} {}", 5, "f", 1, &err));
    CHECK(!fm_json_parse("\"a\\u0000b\"", 10, "f", 1, &err));
    cJSON *ok = fm_json_parse("\"a\\\\u0000b\"", 11, "f", 1, &err); /* escaped backslash */
    CHECK(ok != NULL);
    cJSON_Delete(ok);
}

static void test_rng_portable(void)
{
    /* Reference values of xoshiro256** seeded by splitmix64(0), worked out from the
     * published algorithms (splitmix64(0) first output = 0xe220a8397b1dcdaf). */
    fm_rng r;
    fm_rng_seed(&r, 0);
    CHECK(r.s[0] == 0xe220a8397b1dcdafull);
    CHECK(r.s[1] == 0x6e789e6aa1b965f4ull);
    CHECK(r.s[2] == 0x06c45d188009454full);
    CHECK(r.s[3] == 0xf88bb8a8724c81ecull);
    /* result = rotl(s1 * 5, 7) * 9 */
    uint64_t s1 = 0x6e789e6aa1b965f4ull * 5;
    uint64_t expect = ((s1 << 7) | (s1 >> 57)) * 9;
    CHECK(fm_rng_next(&r) == expect);
    /* below(): in range and roughly uniform */
    int counts[6] = { 0 };
    fm_rng_seed(&r, 42);
    for (int i = 0; i < 60000; i++) counts[fm_rng_below(&r, 6)]++;
    for (int i = 0; i < 6; i++) CHECK(counts[i] > 9500 && counts[i] < 10500);
    /* keyed streams differ by key, repeat for the same key */
    fm_rng a, b, c;
    fm_rng_seed_keyed(&a, 7, "rte");
    fm_rng_seed_keyed(&b, 7, "rte");
    fm_rng_seed_keyed(&c, 7, "anli");
    uint64_t x = fm_rng_next(&a);
    CHECK(x == fm_rng_next(&b));
    CHECK(x != fm_rng_next(&c));
}

static void test_hash(void)
{
    char hex[17];
    fm_hash_hex(fm_hash64("", 0), hex);
    /* XXH3-64 of the empty input, from the xxHash reference (XXH3_64bits("", 0)). */
    CHECK_EQ_STR(hex, "2d06800538d394c2");
    uint64_t back;
    CHECK_EQ_INT(fm_hash_parse_hex(hex, &back), 0);
    CHECK(back == fm_hash64("", 0));
    CHECK_EQ_INT(fm_hash_parse_hex("xyz", &back), -1);
}

static int lookup(void *ctx, const char *name, size_t n, const char **val, size_t *len)
{
    (void)ctx;
    if (n == 7 && !memcmp(name, "premise", 7)) { *val = "It {rains}."; *len = 11; return 0; }
    if (n == 8 && !memcmp(name, "options_", 8)) { *val = "OPTIONS:\n- yes"; *len = 14; return 0; }
    return -1;
}

static void test_placeholders(void)
{
    fm_error err = { 0 };
    fm_placeholder_lexer *lx = fm_placeholder_lexer_new(&err);
    CHECK(lx != NULL);
    fm_tmpl t;
    const char *src = "P: {premise} {{literal}}\n\n{options_}";
    CHECK_EQ_INT(fm_tmpl_compile(lx, &t, src, strlen(src), &err), 0);
    CHECK(fm_tmpl_uses(&t, "premise"));
    CHECK(!fm_tmpl_uses(&t, "rains"));
    fm_strbuf out = FM_STRBUF_INIT;
    CHECK_EQ_INT(fm_tmpl_render(&t, lookup, NULL, &out, &err), 0);
    /* one pass: "{rains}" inside the value is not substituted again */
    CHECK_EQ_STR(out.buf, "P: It {rains}. {literal}\n\nOPTIONS:\n- yes");
    fm_tmpl_release(&t);
    src = "{missing}";
    CHECK_EQ_INT(fm_tmpl_compile(lx, &t, src, strlen(src), &err), 0);
    fm_strbuf_reset(&out);
    CHECK_EQ_INT(fm_tmpl_render(&t, lookup, NULL, &out, &err), -1);
    CHECK_EQ_STR(err.field, "missing");
    fm_tmpl_release(&t);
    src = "a {b";
    CHECK_EQ_INT(fm_tmpl_compile(lx, &t, src, strlen(src), &err), -1);
    CHECK(strstr(err.reason, "unbalanced '{' at character 3") != NULL);
    src = "a } b";
    CHECK_EQ_INT(fm_tmpl_compile(lx, &t, src, strlen(src), &err), -1);
    src = "{}";
    CHECK_EQ_INT(fm_tmpl_compile(lx, &t, src, strlen(src), &err), -1);
    fm_strbuf_release(&out);
    fm_placeholder_lexer_free(lx);
}

static void write_raw(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

static void test_reader_detects_compression(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fm-core-%d.bin", unit_tmpdir(), (int)getpid());
    const char text[] = "line one\r\nline two\nlast";
    fm_error err = { 0 };
    /* zstd through our writer */
    fm_writer *w = fm_writer_open(path, FM_COMP_ZSTD, 3, &err);
    CHECK(w != NULL);
    fm_writer_write(w, text, sizeof text - 1, &err);
    CHECK_EQ_INT(fm_writer_commit(w, &err), 0);
    fm_reader *r = fm_reader_open(path, &err);
    CHECK(r && fm_reader_compression(r) == FM_COMP_ZSTD);
    fm_strbuf line = FM_STRBUF_INIT;
    int cr = 0;
    CHECK_EQ_INT(fm_reader_getline(r, &line, &cr, &err), 1);
    CHECK_EQ_STR(line.buf, "line one");
    CHECK_EQ_INT(cr, 1);
    CHECK_EQ_INT(fm_reader_getline(r, &line, &cr, &err), 1);
    CHECK_EQ_STR(line.buf, "line two");
    CHECK_EQ_INT(fm_reader_getline(r, &line, &cr, &err), 1);
    CHECK_EQ_STR(line.buf, "last");
    CHECK_EQ_INT(fm_reader_getline(r, &line, &cr, &err), 0);
    CHECK_EQ_INT(fm_reader_lineno(r), 3);
    fm_reader_close(r);

    /* truncated zstd: cut the frame short */
    fm_strbuf raw = FM_STRBUF_INIT;
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    write_raw(path, buf, n - 5);
    r = fm_reader_open(path, &err);
    CHECK(r != NULL);
    int rc;
    while ((rc = fm_reader_getline(r, &line, NULL, &err)) == 1) {}
    CHECK_EQ_INT(rc, -1);
    CHECK(strstr(err.reason, "truncated zstd") != NULL || strstr(err.reason, "corrupt zstd") != NULL);
    fm_reader_close(r);

    /* plain text */
    write_raw(path, "a\nb\n", 4);
    r = fm_reader_open(path, &err);
    CHECK(fm_reader_compression(r) == FM_COMP_NONE);
    CHECK_EQ_INT(fm_reader_slurp(r, &raw, &err), 0);
    CHECK_EQ_STR(raw.buf, "a\nb\n");
    fm_reader_close(r);

    /* missing file names the file */
    CHECK(fm_reader_open("/nonexistent/x.jsonl", &err) == NULL);
    CHECK_EQ_STR(err.file, "/nonexistent/x.jsonl");
    unlink(path);
    fm_strbuf_release(&line);
    fm_strbuf_release(&raw);
}

static void test_writer_abort_leaves_nothing(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fm-core-abort-%d.txt", unit_tmpdir(), (int)getpid());
    fm_error err = { 0 };
    fm_writer *w = fm_writer_open(path, FM_COMP_NONE, 0, &err);
    fm_writer_write(w, "x", 1, &err);
    fm_writer_abort(w);
    CHECK(!fm_path_exists(path));
}

int main(void)
{
    TEST(test_strbuf_basic);
    TEST(test_utf8);
    TEST(test_json_escape);
    TEST(test_json_int);
    TEST(test_json_errors);
    TEST(test_rng_portable);
    TEST(test_hash);
    TEST(test_placeholders);
    TEST(test_reader_detects_compression);
    TEST(test_writer_abort_leaves_nothing);
    UNIT_END();
}
