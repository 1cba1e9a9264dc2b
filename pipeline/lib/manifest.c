#include "manifest.h"

#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void fm_manifest_init(fm_manifest *m, const char *stage)
{
    m->root = cJSON_CreateObject();
    cJSON_AddNumberToObject(m->root, "flanmix_manifest", 1);
    cJSON_AddStringToObject(m->root, "stage", stage);
    m->settings = cJSON_AddObjectToObject(m->root, "settings");
    m->inputs = cJSON_AddArrayToObject(m->root, "inputs");
    m->outputs = cJSON_AddArrayToObject(m->root, "outputs");
    m->counts = cJSON_AddObjectToObject(m->root, "counts");
}

void fm_manifest_release(fm_manifest *m)
{
    cJSON_Delete(m->root);
    memset(m, 0, sizeof *m);
}

void fm_manifest_set_str(cJSON *obj, const char *key, const char *v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    cJSON_AddStringToObject(obj, key, v ? v : "");
}

void fm_manifest_set_num(cJSON *obj, const char *key, double v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    cJSON_AddNumberToObject(obj, key, v);
}

void fm_manifest_set_bool(cJSON *obj, const char *key, int v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    cJSON_AddBoolToObject(obj, key, v);
}

cJSON *fm_manifest_obj(cJSON *obj, const char *key)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (c && cJSON_IsObject(c)) return c;
    if (c) cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    return cJSON_AddObjectToObject(obj, key);
}

void fm_manifest_add_count(cJSON *obj, const char *key, double delta)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!c) {
        cJSON_AddNumberToObject(obj, key, delta);
        return;
    }
    cJSON_SetNumberValue(c, c->valuedouble + delta);
}

static cJSON *file_entry(const char *path, uint64_t bytes, uint64_t xxh3)
{
    char hex[17];
    fm_hash_hex(xxh3, hex);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "path", path);
    cJSON_AddNumberToObject(e, "bytes", (double)bytes);
    cJSON_AddStringToObject(e, "xxh3", hex);
    return e;
}

int fm_manifest_add_input(fm_manifest *m, const char *path, fm_error *err)
{
    uint64_t h, size;
    if (fm_file_checksum(path, &h, &size, err) < 0) return -1;
    cJSON_AddItemToArray(m->inputs, file_entry(path, size, h));
    return 0;
}

void fm_manifest_add_output(fm_manifest *m, const char *rel, uint64_t bytes, uint64_t xxh3,
                            long long records)
{
    cJSON *e = file_entry(rel, bytes, xxh3);
    if (records >= 0) cJSON_AddNumberToObject(e, "records", (double)records);
    cJSON_AddItemToArray(m->outputs, e);
}

static int by_path(const void *a, const void *b)
{
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    return strcmp(cJSON_GetObjectItemCaseSensitive(x, "path")->valuestring,
                  cJSON_GetObjectItemCaseSensitive(y, "path")->valuestring);
}

static void sort_files(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 2) return;
    cJSON **items = fm_xmalloc((size_t)n * sizeof *items);
    for (int i = n - 1; i >= 0; i--) items[i] = cJSON_DetachItemFromArray(arr, i);
    fm_qsort(items, (size_t)n, sizeof *items, by_path);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(arr, items[i]);
    free(items);
}

void fm_manifest_sort_outputs(fm_manifest *m)
{
    sort_files(m->outputs);
}

int fm_manifest_write(fm_manifest *m, const char *outdir, const fm_part *part, fm_error *err)
{
    fm_strbuf name = FM_STRBUF_INIT, path = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    if (part && part->count > 1) {
        fm_strbuf_addf(&name, "manifest.part-%d-of-%d.json", part->index, part->count);
        cJSON *p = cJSON_CreateObject();
        cJSON_AddNumberToObject(p, "index", part->index);
        cJSON_AddNumberToObject(p, "count", part->count);
        cJSON_DeleteItemFromObjectCaseSensitive(m->root, "part");
        cJSON_AddItemToObject(m->root, "part", p);
    } else {
        fm_strbuf_addstr(&name, "manifest.json");
    }
    fm_path_join(&path, outdir, name.buf);
    /* Inputs and outputs in bytewise path order, always: the order of a single run, of
     * parts and of their merge is then the same whatever the threads did. */
    sort_files(m->inputs);
    sort_files(m->outputs);
    fm_json_add_value(&text, m->root);
    fm_strbuf_addch(&text, '\n');
    int rc = fm_write_file_atomic(path.buf, text.buf, text.len, err);
    fm_strbuf_release(&name);
    fm_strbuf_release(&path);
    fm_strbuf_release(&text);
    return rc;
}

cJSON *fm_manifest_read(const char *path, fm_error *err)
{
    fm_strbuf text = FM_STRBUF_INIT;
    if (fm_read_file(path, &text, err) < 0) return NULL;
    cJSON *v = fm_json_parse(text.buf, text.len, path, 0, err);
    fm_strbuf_release(&text);
    if (v && (!cJSON_IsObject(v) || !cJSON_GetObjectItemCaseSensitive(v, "flanmix_manifest"))) {
        cJSON_Delete(v);
        fm_error_set(err, FM_EINPUT, path, 0, NULL, "not a flanmix manifest");
        return NULL;
    }
    return v;
}
