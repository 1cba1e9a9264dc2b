/* dirlist.h: sorted directory listings (file system order never reaches output). */
#ifndef FM_DIRLIST_H
#define FM_DIRLIST_H

#include "error.h"

#include <stddef.h>

/* Names in dir (not "." or "..") that start with prefix and end with suffix (either may be
 * NULL), keeping only directories when dirs_only is 1 and only regular files when it is 2;
 * sorted bytewise. Free with fm_list_free. */
int fm_list_dir(const char *dir, const char *prefix, const char *suffix, int dirs_only,
                char ***names, size_t *n, fm_error *err);
void fm_list_free(char **names, size_t n);

#endif
