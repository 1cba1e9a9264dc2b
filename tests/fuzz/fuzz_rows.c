/* libFuzzer target: `flanmix inspect` on a JSON Lines rows shard a user hands it
 * (rows-00000.jsonl: HF padding-free rows or t5x feature rows, plain or zstd).
 * Property: no crash, leak or UB; an error always has a reason. */
#include "fuzz_util.h"
#include "inspect_shards.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
    char path[256];
    fuzz_write(path, sizeof path, "rows-00000.jsonl", data, n);
    fm_inspect_shards_opts o = { NULL, 0, 1000, 0 };
    fm_error err = { 0 };
    if (fm_inspect_shards(path, &o, devnull, &err) < 0 && err.code == FM_OK) abort();
    return 0;
}
