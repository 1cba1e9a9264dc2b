/* MDS writer and index merge: shard bytes and index.json text written out by hand from
 * the published layout (docs/formats.md, "MDS"). */
#include "fileio.h"
#include "mds.h"
#include "shardio.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char CFG[] =
    "{\"column_encodings\": [\"int\"], \"column_names\": [\"x\"], \"column_sizes\": [8], "
    "\"compression\": null, \"format\": \"mds\", \"hashes\": [], \"size_limit\": 1000, \"version\": 2}";

static void write_unit(const char *dir, int n, int64_t first)
{
    fm_error err;
    fm_mds_column col = { "x", "int", 8 };
    fm_mds_writer *w = fm_mds_writer_open(dir, &col, 1, 1000, -1, 0, 0, &err);
    CHECK(w != NULL);
    for (int i = 0; i < n; i++) {
        int64_t v = first + i;
        unsigned char b[8];
        for (int k = 0; k < 8; k++) b[k] = (unsigned char)((uint64_t)v >> (8 * k));
        const void *d[1] = { b };
        uint32_t len[1] = { 8 };
        CHECK_EQ_INT(fm_mds_writer_add(w, d, len, 1, &err), 0);
    }
    fm_shard_list out = { 0 };
    CHECK_EQ_INT(fm_mds_writer_finish(w, &out, &err), 0);
    CHECK_EQ_INT(out.n, 2);
    CHECK_EQ_STR(out.v[0].rel, "shard.00000.mds");
    CHECK_EQ_STR(out.v[1].rel, "index.json");
    fm_shard_list_release(&out);
}

static void test_shard_bytes_and_merge(void)
{
    char root[256], u[300], p[320];
    snprintf(root, sizeof root, "%s/fm-mds-%ld", unit_tmpdir(), (long)getpid());
    fm_error err;
    snprintf(u, sizeof u, "%s/u1", root);
    write_unit(u, 2, -1);
    snprintf(u, sizeof u, "%s/u0", root);
    write_unit(u, 1, 7);

    /* u1's shard: n=2, offsets, config, then int64 -1 and 0. */
    size_t c = strlen(CFG), head = 4 + 4 * 3 + c;
    fm_strbuf want = FM_STRBUF_INIT, got = FM_STRBUF_INIT;
    fm_put_u32(&want, 2);
    fm_put_u32(&want, (uint32_t)head);
    fm_put_u32(&want, (uint32_t)head + 8);
    fm_put_u32(&want, (uint32_t)head + 16);
    fm_strbuf_add(&want, CFG, c);
    fm_put_u64(&want, (uint64_t)-1);
    fm_put_u64(&want, 0);
    snprintf(p, sizeof p, "%s/u1/shard.00000.mds", root);
    CHECK_EQ_INT(fm_read_file(p, &got, &err), 0);
    CHECK_EQ_MEM(got.buf, got.len, want.buf, want.len);

    CHECK_EQ_INT(fm_mds_merge_dir(root, &err), 0);
    fm_strbuf idx = FM_STRBUF_INIT, entry0 = FM_STRBUF_INIT, entry1 = FM_STRBUF_INIT;
    const char *tail = "\"size_limit\": 1000, \"version\": 2, \"zip_data\": null}";
    fm_strbuf_addf(&entry0,
                   "{\"column_encodings\": [\"int\"], \"column_names\": [\"x\"], \"column_sizes\": [8], "
                   "\"compression\": null, \"format\": \"mds\", \"hashes\": [], \"raw_data\": {\"basename\": "
                   "\"u0/shard.00000.mds\", \"bytes\": %zu, \"hashes\": {}}, \"samples\": 1, %s",
                   4 + 8 + c + 8, tail);
    fm_strbuf_addf(&entry1,
                   "{\"column_encodings\": [\"int\"], \"column_names\": [\"x\"], \"column_sizes\": [8], "
                   "\"compression\": null, \"format\": \"mds\", \"hashes\": [], \"raw_data\": {\"basename\": "
                   "\"u1/shard.00000.mds\", \"bytes\": %zu, \"hashes\": {}}, \"samples\": 2, %s",
                   want.len, tail);
    fm_strbuf_addf(&idx, "{\"shards\": [%s, %s], \"version\": 2}", entry0.buf, entry1.buf);
    fm_strbuf_reset(&got);
    snprintf(p, sizeof p, "%s/index.json", root);
    CHECK_EQ_INT(fm_read_file(p, &got, &err), 0);
    CHECK_EQ_STR(got.buf, idx.buf);
    fm_strbuf_release(&want);
    fm_strbuf_release(&got);
    fm_strbuf_release(&idx);
    fm_strbuf_release(&entry0);
    fm_strbuf_release(&entry1);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_EQ_INT(system(cmd), 0);
}

/* Rollover exactly as MDSWriter: 8 + len(config) + k * (8 + 4) <= limit. */
static void test_rollover(void)
{
    char root[256];
    snprintf(root, sizeof root, "%s/fm-mds-roll-%ld", unit_tmpdir(), (long)getpid());
    fm_error err;
    fm_mds_column col = { "x", "int", 8 };
    size_t c = strlen(CFG) - 1; /* the limit below has 3 digits, CFG's 1000 has 4 */
    uint64_t limit = 8 + c + 3 * 12; /* room for exactly 3 samples */
    fm_mds_writer *w = fm_mds_writer_open(root, &col, 1, limit, -1, 0, 0, &err);
    unsigned char b[8] = { 0 };
    const void *d[1] = { b };
    uint32_t len[1] = { 8 };
    for (int i = 0; i < 7; i++) CHECK_EQ_INT(fm_mds_writer_add(w, d, len, 1, &err), 0);
    fm_shard_list out = { 0 };
    CHECK_EQ_INT(fm_mds_writer_finish(w, &out, &err), 0);
    CHECK_EQ_INT(out.n, 4); /* 3 + 3 + 1 samples, then index.json */
    CHECK_EQ_INT(out.v[0].rows, 3);
    CHECK_EQ_INT(out.v[1].rows, 3);
    CHECK_EQ_INT(out.v[2].rows, 1);
    CHECK_EQ_INT(out.v[0].bytes, limit);
    fm_shard_list_release(&out);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_EQ_INT(system(cmd), 0);
}

static void test_pydump(void)
{
    cJSON *o = cJSON_Parse("{\"b\":[1,null,\"\\u00e9\\n\"],\"a\":{\"z\":true,\"y\":\"\\ud83d\\ude00\"}}");
    fm_strbuf s = FM_STRBUF_INIT;
    fm_pydump(&s, o);
    CHECK_EQ_STR(s.buf, "{\"a\": {\"y\": \"\\ud83d\\ude00\", \"z\": true}, \"b\": [1, null, \"\\u00e9\\n\"]}");
    fm_strbuf_release(&s);
    cJSON_Delete(o);
}

/* Compressed shards do not depend on how the writer learns a shard's sample count: added
 * one by one without a hint (a shard past the 4 MB staging limit is begun as full, and the
 * short last one is recompressed), through reserve/commit with the count announced first,
 * or announced late. Every way must give the same files, byte for byte, whose content is the
 * MDS layout (checked by decompressing). */
static void write_mode(const char *dir, int mode, int nsamples, uint64_t limit, fm_shard_list *out)
{
    fm_error err;
    enum { SZ = 40000 };
    fm_mds_column col = { "x", "bytes", SZ };
    fm_mds_writer *w = fm_mds_writer_open(dir, &col, 1, limit, 1, 23, 1, &err);
    CHECK(w != NULL);
    static unsigned char b[SZ];
    if (mode == 1) CHECK_EQ_INT(fm_mds_writer_expect(w, (uint64_t)nsamples, &err), 0);
    for (int i = 0; i < nsamples; i++) {
        for (int k = 0; k < SZ; k++) b[k] = (unsigned char)((k * 7 + i * 13 + (k >> 5) * i) & 0xff);
        if (mode == 2 && i == nsamples - 3) CHECK_EQ_INT(fm_mds_writer_expect(w, 3, &err), 0);
        if (mode == 3 && i == nsamples - 130) CHECK_EQ_INT(fm_mds_writer_expect(w, 130, &err), 0);
        if (mode == 0) {
            const void *d[1] = { b };
            uint32_t len[1] = { SZ };
            CHECK_EQ_INT(fm_mds_writer_add(w, d, len, 1, &err), 0);
        } else {
            unsigned char *p = fm_mds_writer_reserve(w);
            CHECK(p != NULL);
            memcpy(p, b, SZ);
            CHECK_EQ_INT(fm_mds_writer_commit(w, 1, &err), 0);
        }
    }
    if (mode == 1) { /* one more than announced is refused */
        CHECK(fm_mds_writer_reserve(w) != NULL);
        CHECK_EQ_INT(fm_mds_writer_commit(w, 1, &err), -1);
        CHECK_EQ_INT(err.code, FM_EINTERNAL);
    }
    CHECK_EQ_INT(fm_mds_writer_finish(w, out, &err), 0);
}

static void test_stream_modes(void)
{
    char root[256], d[300], p[400];
    snprintf(root, sizeof root, "%s/fm-mds-modes-%ld", unit_tmpdir(), (long)getpid());
    /* a full shard holds 200 samples (8 MB); 350 samples = one full + one short of 150 (6 MB:
     * past the 4 MB staging limit, so without a hint, or with one that comes when 3 samples
     * are left, it is begun as full and redone; announced first, or when 130 are left, it is
     * compressed once) */
    uint64_t limit = 200 * 40004ull + 2000;
    fm_shard_list out[4] = { { 0 } };
    fm_strbuf ref = FM_STRBUF_INIT, got = FM_STRBUF_INIT;
    fm_error err;
    for (int mode = 0; mode < 4; mode++) {
        snprintf(d, sizeof d, "%s/m%d", root, mode);
        write_mode(d, mode, 350, limit, &out[mode]);
        CHECK_EQ_INT(out[mode].n, 3);
        CHECK_EQ_INT(out[mode].v[0].rows, 200);
        CHECK_EQ_INT(out[mode].v[1].rows, 150);
        for (size_t i = 0; i < out[mode].n && i < out[0].n; i++) {
            snprintf(p, sizeof p, "%s/m0/%s", root, out[0].v[i].rel);
            fm_strbuf_reset(&ref);
            CHECK_EQ_INT(fm_read_file(p, &ref, &err), 0); /* decompressed */
            snprintf(p, sizeof p, "%s/m%d/%s", root, mode, out[mode].v[i].rel);
            fm_strbuf_reset(&got);
            CHECK_EQ_INT(fm_read_file(p, &got, &err), 0);
            CHECK_EQ_MEM(got.buf, got.len, ref.buf, ref.len);
            CHECK_EQ_INT(out[mode].v[i].bytes, out[0].v[i].bytes);
            CHECK(out[mode].v[i].xxh3 == out[0].v[i].xxh3); /* the compressed bytes */
            if (i < 2) { /* n, offsets of fixed-size samples, and the size */
                unsigned n = i == 0 ? 200 : 150;
                CHECK_EQ_INT(fm_get_u32((const unsigned char *)got.buf), n);
                uint32_t head = fm_get_u32((const unsigned char *)got.buf + 4);
                CHECK_EQ_INT(fm_get_u32((const unsigned char *)got.buf + 4 + 4 * n), head + 40000ull * n);
                CHECK_EQ_INT(got.len, head + 40000ull * n);
            }
        }
    }
    for (int mode = 0; mode < 4; mode++) fm_shard_list_release(&out[mode]);
    fm_strbuf_release(&ref);
    fm_strbuf_release(&got);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_EQ_INT(system(cmd), 0);
}

int main(void)
{
    TEST(test_shard_bytes_and_merge);
    TEST(test_rollover);
    TEST(test_pydump);
    TEST(test_stream_modes);
    UNIT_END();
}
