/* relpath.h: checks on relative paths read from files (manifests, MDS index.json).
 *
 * A manifest or an index a user hands to verify or inspect may come from anywhere; the
 * paths it lists must not make us read outside its directory (/dev/zero, a FIFO, someone
 * else's files). */
#ifndef FM_RELPATH_H
#define FM_RELPATH_H

/* 1 if rel is non-empty, relative, and has no ".." component; else 0. */
int fm_relpath_inside(const char *rel);

#endif
