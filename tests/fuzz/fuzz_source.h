/* fuzz_source.h: one source file of a task read record by record and every record mapped
 * to its fields, as ingest does (source.h + task.h), for the fuzz_src_*.c targets. Each
 * target defines FUZZ_TASK (a task definition whose one source file is FUZZ_DATA) and
 * includes this file.
 *
 * Properties: every outcome is one of the documented ones; a bad record (-1) always has
 * a reason and reading goes on; a kept record's fields are valid JSON (an object whose
 * keys are the task's fields, in definition order); NIV2 metadata can be built at the end. */
#include "fuzz_util.h"
#include "json.h"
#include "source.h"
#include "task.h"

#define FUZZ_MAX_RECORDS 2000

typedef struct {
    fm_task_set *set;
    fm_task_mapper *map;
    char data_path[256];
} fuzz_task_state;

static fuzz_task_state *fuzz_task(void)
{
    static fuzz_task_state st;
    if (!st.set) {
        char def[256];
        fuzz_write(def, sizeof def, "task.json", FUZZ_TASK, strlen(FUZZ_TASK));
        fuzz_write(st.data_path, sizeof st.data_path, FUZZ_DATA, "", 0);
        fm_error err = { 0 };
        fm_task_load_opts o = { NULL, FM_TASK_NO_CHECK, -1 };
        const char *paths[] = { def };
        st.set = fm_task_set_load_opts(paths, 1, &o, &err);
        if (!st.set) {
            fprintf(stderr, "fuzz task: %s\n", err.reason);
            abort();
        }
        st.map = fm_task_mapper_new(fm_task_set_get(st.set, 0));
    }
    return &st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_task_state *st = fuzz_task();
    const fm_task *t = fm_task_set_get(st->set, 0);
    char path[256];
    fuzz_write(path, sizeof path, FUZZ_DATA, data, n);
    fm_error err = { 0 };
    fm_source *s = fm_source_open(t, 0, &err);
    if (!s) {
        if (err.code == FM_OK) abort();
        return 0;
    }
    fm_strbuf out = FM_STRBUF_INIT;
    fm_source_rec rec;
    int rc;
    for (int k = 0; k < FUZZ_MAX_RECORDS; k++) {
        memset(&err, 0, sizeof err);
        rc = fm_source_next(s, &rec, &err);
        if (rc == 0 || rc == -2) {
            if (rc == -2 && err.code == FM_OK) abort();
            break;
        }
        if (rc == -1) {
            if (err.code == FM_OK || rec.raw) abort();
            continue;
        }
        if (rc != 1 || !cJSON_IsObject(rec.raw)) abort();
        fm_strbuf_reset(&out);
        int m = fm_task_mapper_apply(st->map, rec.raw, &out, &err);
        if (m == -1 && err.code == FM_OK) abort();
        if (m == 0) {
            cJSON *v = fm_json_parse(out.buf, out.len, "fields", 1, &err);
            if (!cJSON_IsObject(v)) abort();
            const cJSON *c = v->child;
            for (size_t i = 0; i < fm_task_field_count(t); i++, c = c->next)
                if (!c || strcmp(c->string, fm_task_field_name(t, i)) != 0) abort();
            cJSON_Delete(v);
        }
    }
    const cJSON *meta = fm_source_niv2_meta(s);
    if (meta) {
        fm_strbuf_reset(&out);
        fm_json_add_value(&out, meta);
    }
    fm_strbuf_release(&out);
    fm_source_close(s);
    return 0;
}
