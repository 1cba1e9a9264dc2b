#include "verify.h"

#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "manifest.h"
#include "relpath.h"
#include "strbuf.h"
#include "verify_shards.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void fm_verify_fault(fm_verify_report *rep, const char *path, const char *fmt, ...)
{
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    rep->faults++;
    if (rep->fault) rep->fault(rep->ctx, path, what);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Count lines and check each parses as JSON. Returns the count, or -1 after a fault. */
static long long check_jsonl(const char *path, fm_verify_report *rep)
{
    fm_error err = { 0 };
    fm_reader *r = fm_reader_open(path, &err);
    if (!r) {
        fm_verify_fault(rep, path, "%s", err.reason);
        return -1;
    }
    fm_strbuf line = FM_STRBUF_INIT;
    long long n = 0;
    int rc;
    while ((rc = fm_reader_getline(r, &line, NULL, &err)) == 1) {
        n++;
        cJSON *v = fm_json_parse(line.buf, line.len, path, n, &err);
        if (!v) {
            fm_verify_fault(rep, path, "line %lld: %s", n, err.reason);
            n = -1;
            break;
        }
        cJSON_Delete(v);
    }
    if (rc < 0) {
        fm_verify_fault(rep, path, "%s", err.reason);
        n = -1;
    }
    fm_strbuf_release(&line);
    fm_reader_close(r);
    return n;
}

/* Stage-specific checkers (verify.h). */
static const fm_verify_checker *const CHECKERS[] = {
    &fm_verify_pack_checker,
};

static const fm_verify_checker *checker_for(const cJSON *m)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(m, "stage");
    for (size_t i = 0; cJSON_IsString(st) && i < sizeof CHECKERS / sizeof *CHECKERS; i++)
        if (!strcmp(CHECKERS[i]->stage, st->valuestring)) return CHECKERS[i];
    return NULL;
}

static void verify_manifest(const char *dir, const char *mpath, fm_verify_report *rep)
{
    fm_error err = { 0 };
    cJSON *m = fm_manifest_read(mpath, &err);
    rep->manifests++;
    if (!m) {
        fm_verify_fault(rep, mpath, "unreadable manifest: %s", err.reason);
        return;
    }
    const cJSON *outs = cJSON_GetObjectItemCaseSensitive(m, "outputs");
    if (!cJSON_IsArray(outs)) {
        fm_verify_fault(rep, mpath, "manifest has no outputs list");
        cJSON_Delete(m);
        return;
    }
    const fm_verify_checker *ck = checker_for(m);
    void *cs = ck ? ck->begin(dir, mpath, m, rep) : NULL;
    int all_read = 1;
    fm_strbuf p = FM_STRBUF_INIT;
    const cJSON *o;
    cJSON_ArrayForEach(o, outs) {
        const cJSON *jp = cJSON_GetObjectItemCaseSensitive(o, "path");
        const cJSON *jb = cJSON_GetObjectItemCaseSensitive(o, "bytes");
        const cJSON *jx = cJSON_GetObjectItemCaseSensitive(o, "xxh3");
        const cJSON *jr = cJSON_GetObjectItemCaseSensitive(o, "records");
        if (!cJSON_IsString(jp) || !cJSON_IsNumber(jb) || !cJSON_IsString(jx)) {
            fm_verify_fault(rep, mpath, "output entry without path, bytes or xxh3");
            all_read = 0;
            continue;
        }
        if (!fm_relpath_inside(jp->valuestring)) {
            fm_verify_fault(rep, mpath, "output path '%s' leaves the directory", jp->valuestring);
            continue;
        }
        fm_path_join(&p, dir, jp->valuestring);
        rep->files++;
        uint64_t h, size, want;
        struct stat st;
        if (stat(p.buf, &st) == 0 && !S_ISREG(st.st_mode)) {
            fm_verify_fault(rep, p.buf, "not a regular file");
            continue;
        }
        if (fm_file_checksum(p.buf, &h, &size, &err) < 0) {
            fm_verify_fault(rep, p.buf, "missing or unreadable: %s", err.reason);
            all_read = 0;
            continue;
        }
        if (size != (uint64_t)jb->valuedouble) {
            fm_verify_fault(rep, p.buf, "size %llu, manifest says %.0f", (unsigned long long)size,
                            jb->valuedouble);
            all_read = 0;
            continue;
        }
        if (fm_hash_parse_hex(jx->valuestring, &want) < 0 || want != h) {
            char hex[17];
            fm_hash_hex(h, hex);
            fm_verify_fault(rep, p.buf, "checksum xxh3 %s, manifest says %s", hex, jx->valuestring);
            all_read = 0;
            continue;
        }
        if (cs && ck->file(cs, p.buf, o)) continue;
        if (ends_with(p.buf, ".jsonl.zst") || ends_with(p.buf, ".jsonl")) {
            long long n = check_jsonl(p.buf, rep);
            if (n >= 0) {
                rep->records += (uint64_t)n;
                if (cJSON_IsNumber(jr) && (long long)jr->valuedouble != n)
                    fm_verify_fault(rep, p.buf, "%lld records, manifest says %.0f", n, jr->valuedouble);
            }
        }
    }
    if (cs) ck->end(cs, all_read);
    fm_strbuf_release(&p);
    cJSON_Delete(m);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int verify_tree(const char *dir, fm_verify_report *rep, int depth)
{
    int found = 0;
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, dir, "manifest.json");
    if (fm_path_exists(p.buf)) {
        verify_manifest(dir, p.buf, rep);
        found = 1;
    }
    if (depth < 3) {
        DIR *d = opendir(dir);
        if (d) {
            struct dirent *e;
            char **names = NULL;
            size_t n = 0;
            while ((e = readdir(d))) {
                if (e->d_name[0] == '.') continue;
                names = fm_xrealloc(names, (n + 1) * sizeof *names);
                names[n++] = fm_xstrdup(e->d_name);
            }
            closedir(d);
            fm_qsort(names, n, sizeof *names, cmp_names);
            for (size_t i = 0; i < n; i++) {
                struct stat st;
                fm_path_join(&p, dir, names[i]);
                /* a build directory holds one stage output per subdirectory */
                if (stat(p.buf, &st) == 0 && S_ISDIR(st.st_mode))
                    found |= verify_tree(p.buf, rep, depth + 1);
                free(names[i]);
            }
            free(names);
        }
    }
    fm_strbuf_release(&p);
    return found;
}

int fm_verify_dir(const char *dir, fm_verify_report *rep, fm_error *err)
{
    if (!verify_tree(dir, rep, 0))
        return fm_error_set(err, FM_EINPUT, dir, 0, NULL,
                            "no manifest.json here or in its subdirectories: not a flanmix output");
    return 0;
}
