/* libFuzzer target: the mixture file parser (mixture.h, docs/mixtures.md): nested members,
 * rates, caps, defaults, groups, and (after a "%%FILE%%" line) the counts table (FLAN's
 * rates TSV or task/format/num_examples). The mixture's directory also holds a small valid
 * sub-mixture "sub.json" that the input may include.
 * Properties: an error always has a reason; a loaded mixture's unit weights are finite,
 * non-negative and sum to 1. */
#include "fuzz_util.h"
#include "mixture.h"

#include <math.h>

static const char DEFAULT_COUNTS[] = "task\tformat\tnum_examples\n"
                                     "rte\tzs_opt\t100\nrte\tfs_mix\t50\nanli_r1\tzs_opt\t1000\n"
                                     "cot_gsm8k\tzs_opt\t7000\ntask001_a\tzs_opt\t64\n";
static const char SUB[] = "{\"name\": \"sub\", \"members\": [{\"task\": \"rte\", \"format\": \"zs_opt\", "
                          "\"rate\": \"examples\", \"cap\": 30}, {\"task\": \"anli_r1\", \"format\": \"zs_opt\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const uint8_t *part[2];
    size_t len[2];
    size_t np = fuzz_split(data, n, part, len, 2);
    char mpath[256], cpath[256], sub[256];
    fuzz_write(sub, sizeof sub, "sub.json", SUB, strlen(SUB));
    fuzz_write(mpath, sizeof mpath, "mix.json", part[0], len[0]);
    if (np > 1) fuzz_write(cpath, sizeof cpath, "counts.tsv", part[1], len[1]);
    else fuzz_write(cpath, sizeof cpath, "counts.tsv", DEFAULT_COUNTS, strlen(DEFAULT_COUNTS));
    fm_error err = { 0 };
    fm_mix_catalog cat;
    fm_mix_catalog_init(&cat);
    if (fm_mix_catalog_add_counts_tsv(&cat, cpath, &err) < 0) {
        if (err.code == FM_OK) abort();
        fm_mix_catalog_release(&cat);
        return 0;
    }
    for (int flags = 0; flags < 4; flags++) {
        fm_mixture *m = NULL;
        memset(&err, 0, sizeof err);
        if (fm_mixture_load(mpath, &cat, flags, &m, &err) < 0) {
            if (err.code == FM_OK || m) abort();
            continue;
        }
        double sum = 0;
        for (size_t i = 0; i < m->n_units; i++) {
            double w = m->units[i].weight;
            if (!isfinite(w) || w < 0) abort();
            sum += w;
        }
        if (m->n_units && fabs(sum - 1) > 1e-6) abort();
        fm_mixture_free(m);
    }
    fm_mix_catalog_release(&cat);
    return 0;
}
