/* hash.h: content hashes for ids and checksums (XXH3 from Debian's libxxhash).
 *
 * Record content hashes and file checksums are XXH3-64, written as 16 lowercase hex
 * digits. The same hash is what MDS index files call "xxh3_64".
 */
#ifndef FM_HASH_H
#define FM_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t fm_hash64(const void *data, size_t n);
uint64_t fm_hash64_seeded(const void *data, size_t n, uint64_t seed);
/* 16 hex digits + NUL into out[17]. */
void fm_hash_hex(uint64_t h, char out[17]);
/* Parse 16 hex digits; 0 on success, -1 if malformed. */
int fm_hash_parse_hex(const char *s, uint64_t *out);

/* Incremental hashing of a stream. */
typedef struct fm_hasher fm_hasher;
fm_hasher *fm_hasher_new(void);
void fm_hasher_update(fm_hasher *h, const void *data, size_t n);
uint64_t fm_hasher_digest(const fm_hasher *h);
void fm_hasher_free(fm_hasher *h);

#endif
