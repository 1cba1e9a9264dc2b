#include "merge.h"

#include "fileio.h"
#include "ingest.h"
#include "json.h"
#include "manifest.h"
#include "mds.h"
#include "strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int keys_sorted(const cJSON *obj)
{
    const cJSON *a = obj->child;
    while (a && a->next) {
        if (strcmp(a->string, a->next->string) > 0) return 0;
        a = a->next;
    }
    return 1;
}

static int by_key(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/* Reorder an object's members by key, bytewise (objects whose keys every part kept in
 * that order, such as per-task tables, stay in it after the merge). */
static void sort_keys(cJSON *obj)
{
    int n = cJSON_GetArraySize(obj);
    if (n < 2) return;
    cJSON **items = fm_xmalloc((size_t)n * sizeof *items);
    for (int i = n - 1; i >= 0; i--) items[i] = cJSON_DetachItemFromArray(obj, i);
    fm_qsort(items, (size_t)n, sizeof *items, by_key);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(obj, items[i]);
    free(items);
}

/* How counts add up across parts. Most stages count only their own units, so every
 * number adds. The mix stage records totals of the whole draw in every part (they are
 * the same in each) and only a few per-part numbers (`per_part`). */
typedef struct merge_policy {
    const char *const *per_part; /* NULL: every number is per part */
} merge_policy;

static int adds_up(const merge_policy *pol, const char *key)
{
    if (!pol->per_part) return 1;
    for (const char *const *k = pol->per_part; *k; k++)
        if (key && !strcmp(*k, key)) return 1;
    return 0;
}

static int merge_counts(cJSON *dst, const cJSON *src, const char *path, const merge_policy *pol,
                        fm_error *err);

/* Arrays of objects (per-member tables) merge element by element: parts list the same
 * members in the same order. */
static int merge_array(cJSON *dst, const cJSON *src, const char *path, const merge_policy *pol,
                       fm_error *err)
{
    if (cJSON_GetArraySize(dst) != cJSON_GetArraySize(src))
        return fm_error_set(err, FM_EINPUT, NULL, 0, path, "parts list different numbers of entries");
    cJSON *d = dst->child;
    const cJSON *s = src->child;
    for (; d && s; d = d->next, s = s->next) {
        if (cJSON_IsObject(d) && cJSON_IsObject(s)) {
            if (merge_counts(d, s, path, pol, err) < 0) return -1;
        } else if (!cJSON_Compare(d, s, 1)) {
            return fm_error_set(err, FM_EINPUT, NULL, 0, path, "parts disagree on an entry");
        }
    }
    return 0;
}

/* Merge src into dst (both objects). */
static int merge_counts(cJSON *dst, const cJSON *src, const char *path, const merge_policy *pol,
                        fm_error *err)
{
    int sorted = keys_sorted(dst) && keys_sorted(src);
    const cJSON *s;
    cJSON_ArrayForEach(s, src) {
        cJSON *d = cJSON_GetObjectItemCaseSensitive(dst, s->string);
        if (!d) {
            /* keeps its key; put in order below (cJSON cannot insert into objects) */
            cJSON_AddItemToArray(dst, cJSON_Duplicate(s, 1));
            continue;
        }
        if (cJSON_IsNumber(d) && cJSON_IsNumber(s) && adds_up(pol, s->string)) {
            cJSON_SetNumberValue(d, d->valuedouble + s->valuedouble);
        } else if (cJSON_IsObject(d) && cJSON_IsObject(s)) {
            if (merge_counts(d, s, s->string, pol, err) < 0) return -1;
        } else if (cJSON_IsArray(d) && cJSON_IsArray(s)) {
            if (merge_array(d, s, s->string, pol, err) < 0) return -1;
        } else if (!cJSON_Compare(d, s, 1)) {
            return fm_error_set(err, FM_EINPUT, NULL, 0, s->string,
                                "parts disagree on this count (under '%s') and it cannot be added", path);
        }
    }
    if (sorted) sort_keys(dst);
    return 0;
}

static int by_path(const void *a, const void *b)
{
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    const cJSON *px = cJSON_GetObjectItemCaseSensitive(x, "path"), *py = cJSON_GetObjectItemCaseSensitive(y, "path");
    return strcmp(cJSON_IsString(px) ? px->valuestring : "", cJSON_IsString(py) ? py->valuestring : "");
}

static void sort_array_by_path(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 2) return;
    cJSON **items = fm_xmalloc((size_t)n * sizeof *items);
    for (int i = n - 1; i >= 0; i--) items[i] = cJSON_DetachItemFromArray(arr, i);
    fm_qsort(items, (size_t)n, sizeof *items, by_path);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(arr, items[i]);
    free(items);
}

int fm_merge_parts(const char *dir, fm_error *err)
{
    /* find manifest.part-I-of-N.json */
    DIR *d = opendir(dir);
    if (!d) return fm_error_set(err, FM_EIO, dir, 0, NULL, "cannot open directory");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        int i, k;
        char tail[8];
        if (sscanf(e->d_name, "manifest.part-%d-of-%d.jso%1s", &i, &k, tail) == 3 && k > 0) {
            if (n && n != k) {
                closedir(d);
                return fm_error_set(err, FM_EINPUT, dir, 0, NULL, "part manifests of different splits (%d and %d parts)", n, k);
            }
            n = k;
        }
    }
    closedir(d);
    if (!n) return fm_error_set(err, FM_EINPUT, dir, 0, NULL, "no part manifests (manifest.part-I-of-N.json) to merge");
    static const char *const MIX_PER_PART[] = { "drawn", "drawn_in_part", NULL };
    merge_policy pol = { NULL };
    const char *stage = "";
    cJSON *merged = NULL;
    fm_strbuf p = FM_STRBUF_INIT;
    int rc = -1;
    for (int i = 0; i < n; i++) {
        fm_strbuf_reset(&p);
        fm_strbuf_addf(&p, "%s/manifest.part-%d-of-%d.json", dir, i, n);
        if (!fm_path_exists(p.buf)) {
            fm_error_set(err, FM_EINPUT, p.buf, 0, NULL, "part %d of %d is missing: run it before merging", i, n);
            goto done;
        }
        cJSON *m = fm_manifest_read(p.buf, err);
        if (!m) goto done;
        cJSON_DeleteItemFromObjectCaseSensitive(m, "part");
        if (!merged) {
            merged = m;
            const cJSON *st = cJSON_GetObjectItemCaseSensitive(m, "stage");
            stage = cJSON_IsString(st) ? st->valuestring : "";
            if (!strcmp(stage, "ingest")) {
                /* ingest also joins the parts' rejects files: its own merge does it all */
                rc = fm_ingest_merge(dir, err) < 0 ? -1 : n;
                goto done;
            }
            if (!strcmp(stage, "mix")) pol.per_part = MIX_PER_PART;
            continue;
        }
        const char *fields[] = { "stage", "settings" };
        for (int f = 0; f < 2; f++) {
            if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(merged, fields[f]),
                               cJSON_GetObjectItemCaseSensitive(m, fields[f]), 1)) {
                fm_error_set(err, FM_EINPUT, p.buf, 0, fields[f], "differs from part 0: parts of different runs?");
                cJSON_Delete(m);
                goto done;
            }
        }
        cJSON *mo = cJSON_GetObjectItemCaseSensitive(merged, "outputs");
        cJSON *o;
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(m, "outputs")) {
            const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "path");
            const cJSON *x;
            cJSON_ArrayForEach(x, mo) {
                if (cJSON_Compare(cJSON_GetObjectItemCaseSensitive(x, "path"), op, 1)) {
                    fm_error_set(err, FM_EINPUT, p.buf, 0, NULL, "two parts wrote %s", cJSON_IsString(op) ? op->valuestring : "?");
                    cJSON_Delete(m);
                    goto done;
                }
            }
        }
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(m, "outputs"))
            cJSON_AddItemToArray(mo, cJSON_Duplicate(o, 1));
        cJSON *mi = cJSON_GetObjectItemCaseSensitive(merged, "inputs");
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(m, "inputs")) {
            int dup = 0;
            const cJSON *x;
            cJSON_ArrayForEach(x, mi) if (cJSON_Compare(x, o, 1)) dup = 1;
            if (!dup) cJSON_AddItemToArray(mi, cJSON_Duplicate(o, 1));
        }
        if (merge_counts(cJSON_GetObjectItemCaseSensitive(merged, "counts"),
                         cJSON_GetObjectItemCaseSensitive(m, "counts"), "counts", &pol, err) < 0) {
            fm_error_locate(err, p.buf, 0);
            cJSON_Delete(m);
            goto done;
        }
        cJSON_Delete(m);
    }
    sort_array_by_path(cJSON_GetObjectItemCaseSensitive(merged, "outputs"));
    sort_array_by_path(cJSON_GetObjectItemCaseSensitive(merged, "inputs"));
    fm_strbuf text = FM_STRBUF_INIT;
    fm_json_add_value(&text, merged);
    fm_strbuf_addch(&text, '\n');
    fm_path_join(&p, dir, "manifest.json");
    /* MDS: the top-level index.json over every block's index, as a single run writes it
     * (before its manifest) */
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(merged, "settings"), "format");
    if (!strcmp(stage, "pack") && cJSON_IsString(fmt) && !strcmp(fmt->valuestring, "mds") &&
        fm_mds_merge_dir(dir, err) < 0) {
        fm_strbuf_release(&text);
        goto done;
    }
    rc = fm_write_file_atomic(p.buf, text.buf, text.len, err) < 0 ? -1 : n;
    fm_strbuf_release(&text);
done:
    cJSON_Delete(merged);
    fm_strbuf_release(&p);
    return rc;
}
