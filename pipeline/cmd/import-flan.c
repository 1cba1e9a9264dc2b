/* flanmix-import-flan: runs tools/import_flan.py (FLAN's templates.py is Python, so the
 * importer is too). The script is found at <dir of this executable>/../tools (and up to two
 * levels more, for build/san/bin), else ./tools. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char self[PATH_MAX], script[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    script[0] = '\0';
    if (n > 0) {
        self[n] = '\0';
        for (int up = 1; up <= 4 && !script[0]; up++) {
            char *slash = strrchr(self, '/');
            if (!slash) break;
            *slash = '\0';
            snprintf(script, sizeof script, "%s/tools/import_flan.py", self);
            if (access(script, R_OK) != 0) script[0] = '\0';
        }
    }
    if (!script[0]) snprintf(script, sizeof script, "tools/import_flan.py");
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args) return 3;
    args[0] = "python3";
    args[1] = script;
    for (int i = 1; i < argc; i++) args[i + 1] = argv[i];
    execvp("python3", args);
    fprintf(stderr, "flanmix-import-flan: cannot run python3: %s\n", strerror(errno));
    free(args);
    return 2;
}
