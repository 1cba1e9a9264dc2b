/* libFuzzer target: `flanmix inspect` on MDS output a user hands it (inspect_shards.h):
 * index.json, then after a "%%FILE%%" line the bytes of shard.00000.mds (and .mds.zstd: plain or one
 * zstd frame), decoded through the directory and through the lone shard file.
 * Property: no crash, leak or UB; an error always has a reason. */
#include "fuzz_util.h"
#include "inspect_shards.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
    const uint8_t *part[2];
    size_t len[2];
    size_t np = fuzz_split(data, n, part, len, 2);
    char idx[256], shard[256], dir[256];
    fuzz_write(idx, sizeof idx, "index.json", part[0], len[0]);
    const uint8_t *sb = np > 1 ? part[1] : (const uint8_t *)"";
    fuzz_write(shard, sizeof shard, "shard.00000.mds.zstd", sb, np > 1 ? len[1] : 0);
    fuzz_write(shard, sizeof shard, "shard.00000.mds", sb, np > 1 ? len[1] : 0);
    fuzz_path(dir, sizeof dir, "");
    fm_inspect_shards_opts o = { NULL, 0, 1000, 0 };
    const char *paths[] = { dir, idx, shard };
    for (int i = 0; i < 3; i++) {
        fm_error err = { 0 };
        if (fm_inspect_shards(paths[i], &o, devnull, &err) < 0 && err.code == FM_OK) abort();
    }
    return 0;
}
