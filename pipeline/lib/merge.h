/* merge.h: join the outputs of N parts of a stage into what one run would have written.
 *
 * Each part of a stage run with --part I/N writes its units' files (whose names never
 * depend on N) and manifest.part-I-of-N.json. Merging checks that all N part manifests are
 * present, agree on the stage and settings and list disjoint files, then writes
 * manifest.json: outputs joined and sorted by path; counts joined key by key (numbers
 * added, objects merged recursively with their keys in bytewise order when every part
 * keeps them in that order, other values required equal); inputs joined without
 * duplicates. For MDS shard directories it also writes the merged index.json. */
#ifndef FM_MERGE_H
#define FM_MERGE_H

#include "error.h"

/* Merge the parts in dir. Returns the number of parts merged, or -1. */
int fm_merge_parts(const char *dir, fm_error *err);

#endif
