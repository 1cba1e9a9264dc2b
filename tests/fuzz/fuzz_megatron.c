/* libFuzzer target: `flanmix inspect` on a Megatron shard pair a user hands it: the .idx
 * bytes, then after a "%%FILE%%" line the .bin bytes (inspect_shards.h).
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
    char idx[256], bin[256];
    fuzz_write(idx, sizeof idx, "shard-00000.idx", part[0], len[0]);
    fuzz_write(bin, sizeof bin, "shard-00000.bin", np > 1 ? part[1] : (const uint8_t *)"", np > 1 ? len[1] : 0);
    fm_inspect_shards_opts o = { NULL, 0, 1000, 0 };
    const char *paths[] = { idx, bin };
    for (int i = 0; i < 2; i++) {
        fm_error err = { 0 };
        if (fm_inspect_shards(paths[i], &o, devnull, &err) < 0 && err.code == FM_OK) abort();
    }
    return 0;
}
