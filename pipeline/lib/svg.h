/* svg.h: small inline-SVG charts and HTML escaping for the build report.
 *
 * The report must be one self-contained HTML file (no scripts or fonts from the network),
 * so charts are drawn here as inline SVG: a horizontal bar chart (configured vs drawn per
 * task) and a histogram with marker lines (token lengths with truncation limits), plus a
 * strip picture of packed rows (segments and loss masks). */
#ifndef FM_SVG_H
#define FM_SVG_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Append s with & < > " ' escaped for HTML text and attribute values. */
void fm_html_escape(fm_strbuf *out, const char *s, size_t n);
/* As fm_html_escape, but spaces, tabs and newlines shown visibly (·, →, ↵ + line break). */
void fm_html_escape_ws(fm_strbuf *out, const char *s, size_t n);

typedef struct fm_bar {
    const char *label;
    double a, b;   /* two values per bar, e.g. configured share and drawn share */
} fm_bar;

/* Paired horizontal bars (a: outlined, b: filled), values as percent labels. */
void fm_svg_bars(fm_strbuf *out, const char *title, const char *a_name, const char *b_name,
                 const fm_bar *bars, size_t n);

/* Histogram of counts over equal-width bins [0, bin_width * nbins); markers are vertical
 * lines at given x values (e.g. the truncation limit), each with a label. */
void fm_svg_histogram(fm_strbuf *out, const char *title, const uint64_t *bins, size_t nbins,
                      double bin_width, const double *markers, const char *const *marker_labels,
                      size_t nmarkers);

/* Packed rows as horizontal strips, one per row side: one band per segment (colour by
 * segment id, class "seg", data-seg=k), the loss-on tokens drawn solid over a pale band
 * (class "loss"), padding grey and hatched (class "pad"), a label left of each strip and a
 * legend below. Each strip is a <g class=packed-row> with data-segments, data-used
 * (non-pad positions) and data-len, so tests can count what is drawn. loss may be NULL
 * (the format has no loss mask, e.g. Megatron, or an encoder row). */
typedef struct fm_svg_strip {
    const uint32_t *seg;  /* len segment ids, 0 = padding */
    const uint8_t *loss;  /* len 0/1, or NULL */
    size_t len;
    const char *label;
} fm_svg_strip;

void fm_svg_packed_rows(fm_strbuf *out, const fm_svg_strip *strips, size_t n);

#endif
