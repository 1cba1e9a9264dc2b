/* flanmix merge DIR...: join the part manifests of stage outputs (merge.h). */
#include "error.h"
#include "merge.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: flanmix merge STAGE_DIR...\n\n"
                "For each directory, checks that every part manifest (manifest.part-I-of-N.json) of a\n"
                "split run is present and consistent, and writes the manifest.json (and, for MDS\n"
                "shards, the index.json) that a single run would have written.\n");
        return argc < 2 ? 2 : 0;
    }
    for (int i = 1; i < argc; i++) {
        fm_error err = { 0 };
        int n = fm_merge_parts(argv[i], &err);
        if (n < 0) {
            fm_error_print(&err, "flanmix-merge");
            return fm_error_exit_status(&err);
        }
        fprintf(stderr, "merge: %s: %d parts merged\n", argv[i], n);
    }
    return 0;
}
