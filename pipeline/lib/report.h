/* report.h: the build report, one self-contained HTML page (flanmix report OUTDIR).
 *
 * Everything comes from the build directory's files (docs/contracts.md): the stage
 * manifests (settings, checksums, counts, rates), task metadata, the formatted examples
 * (samples), the tokenized examples (length histograms) and the packed rows. Each section
 * is shown when its data exists, so the page also works on a partial build. No network:
 * charts are inline SVG (svg.h), the style sheet and the task filter script are inline.
 * Also renders the same statistics as plain text for terminals (fm_report_text). */
#ifndef FM_REPORT_H
#define FM_REPORT_H

#include "error.h"
#include "strbuf.h"

typedef struct fm_report_opts {
    int samples_per_format;   /* formatted examples shown per task and format (default 1) */
    int packed_rows;          /* packed rows pictured (default 4) */
} fm_report_opts;

int fm_report_html(const char *builddir, const fm_report_opts *o, fm_strbuf *html, fm_error *err);
int fm_report_text(const char *builddir, const fm_report_opts *o, fm_strbuf *text, fm_error *err);

#endif
