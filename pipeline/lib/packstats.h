/* packstats.h: the packing statistics of a pack output, from its manifest's counts, shared
 * by `flanmix inspect --stats` (text) and the build report (HTML), so both say the same:
 * examples read/packed/rejected/truncated, sequences (packed rows), packing efficiency
 * (non-pad positions / all positions, docs/formats.md section 3) and the pad fraction. */
#ifndef FM_PACKSTATS_H
#define FM_PACKSTATS_H

#include "strbuf.h"

#include <cjson/cJSON.h>

typedef struct fm_packstats {
    const char *format, *algo, *layout; /* borrowed from the manifest; "?" if absent */
    double read, packed, rejected, truncated, rows;
    double enc_slots, enc_tokens, dec_slots, dec_tokens;
} fm_packstats;

void fm_packstats_from_manifest(const cJSON *manifest, fm_packstats *st);
double fm_packstats_slots(const fm_packstats *st);      /* all positions */
double fm_packstats_efficiency(const fm_packstats *st); /* 0..1 */
/* Append the statistics as text lines (what `flanmix inspect --stats` prints). */
void fm_packstats_text(const fm_packstats *st, fm_strbuf *out);

#endif
