/* libFuzzer target: ingest's direct path (direct.h) against the parsed-tree way. The input
 * is one record's text. Property, under three plain mappings (values, labels and
 * "nonempty", the NIV2 default): whenever fm_direct_apply writes, the arena (else cJSON)
 * tree mapped by fm_task_mapper_apply is kept and gives the same bytes; when it declines,
 * it wrote nothing. */
#include "fuzz_util.h"
#include "direct.h"
#include "json.h"
#include "jsonarena.h"
#include "task.h"

static const char *const DEFS[] = {
    "{\"name\":\"a\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"none.jsonl\"]},"
    "\"fields\":{\"q\":\"q\",\"o\":\"o\",\"n\":\"n\",\"c\":{\"const\":\"k\\u2028\"},"
    "\"z\":{\"path\":\"z\",\"optional\":true}}}",
    "{\"name\":\"b\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"none.jsonl\"]},"
    "\"fields\":{\"lab\":{\"path\":\"l\",\"labels\":[\"no\",\"yes\",\"\"]},"
    "\"labo\":{\"path\":\"s\",\"labels\":{\"a\":\"A\",\"b\":\"\",\"true\":\"T\",\"5\":\"five\"}},"
    "\"q\":{\"path\":\"q\",\"nonempty\":true},\"o\":{\"path\":\"o\",\"nonempty\":true}}}",
    "{\"name\":\"c\",\"templates\":\"niv2\",\"source\":{\"format\":\"niv2\",\"files\":[\"none.json\"]}}",
};
#define NDEFS (sizeof DEFS / sizeof DEFS[0])

static fm_task_set *sets[NDEFS];
static fm_task_mapper *mps[NDEFS];
static fm_direct *ds[NDEFS];
static fm_jarena *arena;

static void setup(void)
{
    arena = fm_jarena_new();
    for (size_t i = 0; i < NDEFS; i++) {
        char path[256], name[32];
        snprintf(name, sizeof name, "task%zu.json", i);
        fuzz_write(path, sizeof path, name, DEFS[i], strlen(DEFS[i]));
        fm_error err = { 0 };
        fm_task_load_opts o = { NULL, FM_TASK_NO_SOURCES, -1 };
        const char *paths[] = { path };
        if (!(sets[i] = fm_task_set_load_opts(paths, 1, &o, &err))) abort();
        mps[i] = fm_task_mapper_new(fm_task_set_get(sets[i], 0));
        if (!(ds[i] = fm_direct_new(fm_task_set_get(sets[i], 0)))) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    if (!arena) setup();
    const char *t = (const char *)data;
    fm_strbuf a = FM_STRBUF_INIT, b = FM_STRBUF_INIT;
    for (size_t k = 0; k < NDEFS; k++) {
        fm_strbuf_reset(&a);
        fm_strbuf_reset(&b);
        fm_strbuf_addstr(&a, "x");
        if (!fm_direct_apply(ds[k], t, n, &a)) {
            if (a.len != 1) abort();
            continue;
        }
        fm_error e = { 0 };
        const cJSON *v = fm_jarena_parse(arena, t, n);
        cJSON *own = NULL;
        if (!v || !cJSON_IsObject(v)) v = own = fm_json_parse(t, n, NULL, 0, &e);
        if (!v || !cJSON_IsObject(v)) abort();
        if (fm_task_mapper_apply(mps[k], v, &b, &e) != 0) abort();
        if (a.len - 1 != b.len || memcmp(a.buf + 1, b.buf, b.len)) abort();
        cJSON_Delete(own);
    }
    fm_strbuf_release(&a);
    fm_strbuf_release(&b);
    return 0;
}
