#include "dirlist.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fm_list_dir(const char *dir, const char *prefix, const char *suffix, int dirs_only,
                char ***names, size_t *n, fm_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return fm_error_set(err, FM_EIO, dir, 0, NULL, "cannot open directory: %s", strerror(errno));
    size_t cap = 0;
    struct dirent *e;
    size_t pl = prefix ? strlen(prefix) : 0, sl = suffix ? strlen(suffix) : 0;
    char *path = NULL;
    while ((e = readdir(d))) {
        const char *nm = e->d_name;
        size_t l = strlen(nm);
        if (!strcmp(nm, ".") || !strcmp(nm, "..")) continue;
        if (l < pl + sl || (pl && memcmp(nm, prefix, pl)) || (sl && memcmp(nm + l - sl, suffix, sl)))
            continue;
        if (dirs_only) {
            struct stat st;
            path = fm_xrealloc(path, strlen(dir) + l + 2);
            strcpy(path, dir);
            strcat(path, "/");
            strcat(path, nm);
            if (stat(path, &st) != 0) continue;
            if (dirs_only == 1 && !S_ISDIR(st.st_mode)) continue;
            if (dirs_only == 2 && !S_ISREG(st.st_mode)) continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *names = fm_xrealloc(*names, cap * sizeof **names);
        }
        (*names)[(*n)++] = fm_xstrdup(nm);
    }
    free(path);
    closedir(d);
    if (*n) fm_qsort(*names, *n, sizeof **names, cmp_names);
    return 0;
}

void fm_list_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}
