/* libFuzzer target: manifest.json as `flanmix verify` and `flanmix inspect --stats` read it
 * from a directory a user hands them: the manifest, then after a "%%FILE%%" line the bytes
 * of the one data file beside it (part-00000.jsonl), which the manifest may list.
 * Properties: verify runs (returns 0: a manifest is there) and counts a fault for every
 * problem instead of stopping; no crash, leak or UB. Output paths that leave the
 * directory are faults, never read. */
#include "fuzz_util.h"
#include "inspect_shards.h"
#include "manifest.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w"))) abort();
    const uint8_t *part[2];
    size_t len[2];
    size_t np = fuzz_split(data, n, part, len, 2);
    char man[256], file[256], dir[256];
    fuzz_write(man, sizeof man, "manifest.json", part[0], len[0]);
    fuzz_write(file, sizeof file, "part-00000.jsonl", np > 1 ? part[1] : (const uint8_t *)"", np > 1 ? len[1] : 0);
    fuzz_path(dir, sizeof dir, "");
    fm_error err = { 0 };
    cJSON *m = fm_manifest_read(man, &err);
    if (!m && err.code == FM_OK) abort();
    cJSON_Delete(m);
    fm_verify_report rep = { 0 };
    memset(&err, 0, sizeof err);
    if (fm_verify_dir(dir, &rep, &err) < 0) abort();
    if (rep.manifests != 1) abort();
    fm_inspect_shards_opts o = { NULL, 0, 1000, 1 };
    memset(&err, 0, sizeof err);
    if (fm_inspect_shards(dir, &o, devnull, &err) < 0 && err.code == FM_OK) abort();
    return 0;
}
