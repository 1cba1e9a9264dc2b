/* inspect_shards: the PrefixLM / EncDec docstring rows written by each writer and printed
 * back with segment boundaries and loss runs (expected text written by hand). */
#include "inspect_shards.h"
#include "mds.h"
#include "pack.h"
#include "packout.h"
#include "unit.h"

#include <stdlib.h>
#include <unistd.h>

static char *render(const char *path)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    fm_inspect_shards_opts o = { NULL, 0, -1, 0 };
    fm_error err;
    int rc = fm_inspect_shards(path, &o, f, &err);
    fclose(f);
    if (rc < 0) fprintf(stderr, "  inspect failed: %s\n", err.reason);
    return buf;
}

static void write_rows(const char *dir, fm_pack_cfg *c, fm_out_format fmt)
{
    int32_t in1[] = { 7, 8, 5, 1 }, tg1[] = { 3, 9, 1 }, in2[] = { 8, 4, 9, 3, 1 }, tg2[] = { 4, 1 };
    fm_example ex[2] = { { in1, 4, tg1, 3 }, { in2, 5, tg2, 2 } };
    fm_pack_plan p = { 0 };
    fm_pack_window(c, ex, 2, &p);
    fm_packout_opts o = { fmt, FM_DTYPE_U16, 1 << 20, 3, 1, FM_JSONL_COMPLETION_MASK, 0, NULL };
    fm_error err;
    fm_packout *po = fm_packout_open(dir, c, &o, &err);
    CHECK(po != NULL);
    fm_row r;
    fm_row_init(&r, c);
    for (uint32_t k = 0; k < p.nrows; k++) {
        fm_pack_build_row(c, ex, &p, k, &r, NULL);
        CHECK_EQ_INT(fm_packout_add(po, &r, &err), 0);
    }
    fm_shard_list files = { 0 };
    CHECK_EQ_INT(fm_packout_finish(po, &files, &err), 0);
    fm_shard_list_release(&files);
    fm_row_release(&r);
    fm_pack_plan_release(&p);
}

static void test_prefixlm_all_formats(void)
{
    char root[256], d[300];
    snprintf(root, sizeof root, "%s/fm-insp-%ld", unit_tmpdir(), (long)getpid());
    fm_pack_cfg c = { 0 };
    c.layout = FM_LAYOUT_PREFIXLM;
    c.algo = FM_ALGO_BFD;
    c.seq_len = 15;
    c.eos_id = 1;
    const char *segs = "-- segment 1 (7 tokens)\n   loss 0 | 7 8 5 1\n   loss 1 | 3 9 1\n"
                       "-- segment 2 (7 tokens)\n   loss 0 | 8 4 9 3 1\n   loss 1 | 4 1\n";
    char want[1024];

    snprintf(d, sizeof d, "%s/mds", root);
    write_rows(d, &c, FM_FORMAT_MDS);
    char *got = render(d);
    snprintf(want, sizeof want, "== row 0 (shard.00000.mds.zstd #0): 2 segments, 14/15 tokens\n%s", segs);
    CHECK_EQ_STR(got, want);
    free(got);

    snprintf(d, sizeof d, "%s/jsonl", root);
    write_rows(d, &c, FM_FORMAT_JSONL);
    snprintf(d, sizeof d, "%s/jsonl/rows-00000.jsonl.zst", root);
    got = render(d);
    snprintf(want, sizeof want, "== row 0 (line 1): 2 segments, 14/14 tokens\n%s", segs);
    CHECK_EQ_STR(got, want);
    free(got);

    c.algo = FM_ALGO_NONE;
    snprintf(d, sizeof d, "%s/meg", root);
    write_rows(d, &c, FM_FORMAT_MEGATRON);
    snprintf(d, sizeof d, "%s/meg/shard-00000.idx", root);
    got = render(d);
    snprintf(want, sizeof want,
             "megatron %s/meg/shard-00000: 2 sequences, dtype code 8\n== sequence 0 (7 tokens)\n   7 8 5 1 3 9 1\n"
             "== sequence 1 (7 tokens)\n   8 4 9 3 1 4 1\n", root);
    CHECK_EQ_STR(got, want);
    free(got);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_EQ_INT(system(cmd), 0);
}

static void test_encdec_mds(void)
{
    char root[256];
    snprintf(root, sizeof root, "%s/fm-insp-ed-%ld", unit_tmpdir(), (long)getpid());
    fm_pack_cfg c = { 0 };
    c.layout = FM_LAYOUT_ENCDEC;
    c.inputs_len = 10;
    c.targets_len = 7;
    c.eos_id = 1;
    write_rows(root, &c, FM_FORMAT_MDS);
    char *got = render(root);
    CHECK_EQ_STR(got, "== row 0 (shard.00000.mds.zstd #0): 2 segments, 5/7 tokens, encoder 9/10\n"
                      "-- segment 1 (3 tokens)\n   enc    | 7 8 5 1\n   loss 1 | 3 9 1\n"
                      "-- segment 2 (2 tokens)\n   enc    | 8 4 9 3 1\n   loss 1 | 4 1\n");
    free(got);
    CHECK(fm_inspect_shards_match(root));
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_EQ_INT(system(cmd), 0);
}

int main(void)
{
    TEST(test_prefixlm_all_formats);
    TEST(test_encdec_mds);
    UNIT_END();
}
