#include "relpath.h"

#include <string.h>

int fm_relpath_inside(const char *rel)
{
    if (!*rel || rel[0] == '/') return 0;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') return 0;
        p += n;
        while (*p == '/') p++;
    }
    return 1;
}
