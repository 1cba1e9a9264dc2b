/* libFuzzer target: the task definition parser (task.h, docs/tasks.md): keys, sources and
 * their globs, field mappings, substitutions and filters (PCRE2), per-file NIV2 families.
 * Each task that loads is then applied to a few fixed raw records.
 * Properties: an error always has a reason; a loaded set's tasks are sorted by name and
 * every kept record maps to a JSON object. The definition's directory holds a few data
 * files so that globs resolve. */
#include "fuzz_util.h"
#include "json.h"
#include "task.h"

static const char *const RECORDS[] = {
    "{\"question\": \"Is it?\", \"answer\": \"yes\", \"options\": [\"yes\", \"no\"], \"label\": 1, "
    "\"0\": \"a\", \"1\": \"b\", \"ok\": true, \"choices\": {\"text\": [\"x\", \"y\"], \"label\": [\"A\", \"B\"]}, "
    "\"answerKey\": \"B\", \"n\": 2.5, \"ctx\": [[\"s\", \"p\", \"o\"]], \"title\": \"Title Here\"}",
    "{\"input\": \"in\", \"output\": [\"out\", \"other\"], \"id\": \"task001-1\"}",
    "{\"question\": null, \"answer\": 3, \"options\": [], \"label\": -1}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static int init;
    char def[256], dummy[256];
    if (!init) {
        init = 1;
        fuzz_write(dummy, sizeof dummy, "d.jsonl", "{\"q\": 1}\n", 9);
        fuzz_write(dummy, sizeof dummy, "task001_a.json", "{\"Instances\": []}", 17);
        fuzz_write(dummy, sizeof dummy, "d.csv", "a,b\n1,2\n", 8);
        fuzz_write(dummy, sizeof dummy, "splits.txt", "task001_a\n", 10);
    }
    fuzz_write(def, sizeof def, "def.json", data, n);
    const char *paths[] = { def };
    for (int pass = 0; pass < 2; pass++) {
        fm_error err = { 0 };
        fm_task_load_opts o = { NULL, pass ? FM_TASK_NO_CHECK : FM_TASK_NO_SOURCES, -1 };
        fm_task_set *set = fm_task_set_load_opts(paths, 1, &o, &err);
        if (!set) {
            if (err.code == FM_OK) abort();
            continue;
        }
        for (size_t i = 0; i < fm_task_set_count(set); i++) {
            const fm_task *t = fm_task_set_get(set, i);
            if (i && strcmp(fm_task_name(fm_task_set_get(set, i - 1)), fm_task_name(t)) >= 0) abort();
            if (fm_task_set_find(set, fm_task_name(t)) != t) abort();
            if (fm_task_is_family(t)) continue;
            fm_task_mapper *m = fm_task_mapper_new(t);
            fm_strbuf out = FM_STRBUF_INIT;
            for (size_t r = 0; r < sizeof RECORDS / sizeof *RECORDS; r++) {
                cJSON *raw = cJSON_Parse(RECORDS[r]);
                memset(&err, 0, sizeof err);
                fm_task_check_record(t, raw, &err);
                fm_strbuf_reset(&out);
                int rc = fm_task_mapper_apply(m, raw, &out, &err);
                if (rc == -1 && err.code == FM_OK) abort();
                if (rc == 0) {
                    cJSON *v = fm_json_parse(out.buf, out.len, "fields", 1, &err);
                    if (!cJSON_IsObject(v)) abort();
                    cJSON_Delete(v);
                }
                cJSON_Delete(raw);
            }
            fm_strbuf_release(&out);
            fm_task_mapper_free(m);
        }
        fm_task_set_free(set);
    }
    return 0;
}
