/* MDS writer and index merge: shard bytes and index.json text written out by hand from
 * the published layout (docs/formats.md, "MDS"). */
#include "fileio.h"
#include "mds.h"
#include "shardio.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static const char CFG[] =
    "{\"column_encodings\": [\"int\"], \"column_names\": [\"x\"], \"column_sizes\": [8], "
    "\"compression\": null, \"format\": \"mds\", \"hashes\": [], \"size_limit\": 1000, \"version\": 2}";

static void write_unit(const char *dir, int n, int64_t first)
{
    fm_error err;
    fm_mds_column col = { "x", "int", 8 };
    fm_mds_writer *w = fm_mds_writer_open(dir, &col, 1, 1000, -1, 0, &err);
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
    fm_mds_writer *w = fm_mds_writer_open(root, &col, 1, limit, -1, 0, &err);
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

int main(void)
{
    TEST(test_shard_bytes_and_merge);
    TEST(test_rollover);
    TEST(test_pydump);
    UNIT_END();
}
