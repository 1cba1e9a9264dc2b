#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void fm_html_escape(fm_strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': fm_strbuf_addstr(out, "&amp;"); break;
        case '<': fm_strbuf_addstr(out, "&lt;"); break;
        case '>': fm_strbuf_addstr(out, "&gt;"); break;
        case '"': fm_strbuf_addstr(out, "&quot;"); break;
        case '\'': fm_strbuf_addstr(out, "&#39;"); break;
        default: fm_strbuf_addch(out, s[i]);
        }
    }
}

void fm_html_escape_ws(fm_strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case ' ': fm_strbuf_addstr(out, "<span class=ws>\xc2\xb7</span>"); break;
        case '\t': fm_strbuf_addstr(out, "<span class=ws>\xe2\x86\x92</span>"); break;
        case '\n': fm_strbuf_addstr(out, "<span class=ws>\xe2\x86\xb5</span>\n"); break;
        case '\r': fm_strbuf_addstr(out, "<span class=ws>\\r</span>"); break;
        default: fm_html_escape(out, s + i, 1);
        }
    }
}

static const char *const PALETTE[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                       "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };

void fm_svg_bars(fm_strbuf *out, const char *title, const char *a_name, const char *b_name,
                 const fm_bar *bars, size_t n)
{
    const int label_w = 260, plot_w = 420, row_h = 22, top = 34;
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        if (bars[i].a > max) max = bars[i].a;
        if (bars[i].b > max) max = bars[i].b;
    }
    if (max <= 0) max = 1;
    int h = top + (int)n * row_h + 10;
    fm_strbuf_addf(out, "<svg class=chart xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                        "role='img' aria-label='", label_w + plot_w + 90, h);
    fm_html_escape(out, title, strlen(title));
    fm_strbuf_addf(out, "'><text x='4' y='16' class=t>");
    fm_html_escape(out, title, strlen(title));
    fm_strbuf_addf(out, "</text><rect x='%d' y='22' width='10' height='8' fill='none' stroke='#333'/>"
                        "<text x='%d' y='30' class=l>", label_w, label_w + 14);
    fm_html_escape(out, a_name, strlen(a_name));
    fm_strbuf_addf(out, "</text><rect x='%d' y='22' width='10' height='8' fill='#4e79a7'/><text x='%d' y='30' class=l>",
                   label_w + 150, label_w + 164);
    fm_html_escape(out, b_name, strlen(b_name));
    fm_strbuf_addstr(out, "</text>");
    for (size_t i = 0; i < n; i++) {
        int y = top + (int)i * row_h;
        double wa = bars[i].a / max * plot_w, wb = bars[i].b / max * plot_w;
        fm_strbuf_addf(out, "<text x='%d' y='%d' class=l text-anchor='end'>", label_w - 6, y + 14);
        fm_html_escape(out, bars[i].label, strlen(bars[i].label));
        fm_strbuf_addf(out, "</text><rect x='%d' y='%d' width='%.1f' height='8' fill='#4e79a7'/>"
                            "<rect x='%d' y='%d' width='%.1f' height='8' fill='none' stroke='#333'/>"
                            "<text x='%.1f' y='%d' class=l>%.2f%% / %.2f%%</text>",
                       label_w, y + 3, wb, label_w, y + 11, wa,
                       label_w + (wa > wb ? wa : wb) + 6, y + 14, bars[i].a * 100, bars[i].b * 100);
    }
    fm_strbuf_addstr(out, "</svg>\n");
}

void fm_svg_histogram(fm_strbuf *out, const char *title, const uint64_t *bins, size_t nbins,
                      double bin_width, const double *markers, const char *const *marker_labels,
                      size_t nmarkers)
{
    const int w = 640, h = 200, left = 50, bottom = 30, top = 24;
    uint64_t max = 1;
    for (size_t i = 0; i < nbins; i++) if (bins[i] > max) max = bins[i];
    double plot_w = w - left - 10, plot_h = h - top - bottom;
    double range = bin_width * (double)nbins;
    fm_strbuf_addf(out, "<svg class=chart xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' aria-label='", w, h);
    fm_html_escape(out, title, strlen(title));
    fm_strbuf_addstr(out, "'><text x='4' y='16' class=t>");
    fm_html_escape(out, title, strlen(title));
    fm_strbuf_addstr(out, "</text>");
    for (size_t i = 0; i < nbins; i++) {
        if (!bins[i]) continue;
        double bh = (double)bins[i] / (double)max * plot_h;
        fm_strbuf_addf(out, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#59a14f'><title>%.0f-%.0f: %llu</title></rect>",
                       left + plot_w * (double)i / (double)nbins, top + plot_h - bh,
                       plot_w / (double)nbins, bh, bin_width * (double)i, bin_width * (double)(i + 1),
                       (unsigned long long)bins[i]);
    }
    fm_strbuf_addf(out, "<line x1='%d' y1='%.0f' x2='%.0f' y2='%.0f' stroke='#333'/>", left, top + plot_h,
                   left + plot_w, top + plot_h);
    for (int k = 0; k <= 4; k++) {
        double v = range * k / 4;
        fm_strbuf_addf(out, "<text x='%.1f' y='%d' class=l text-anchor='middle'>%.0f</text>",
                       left + plot_w * k / 4, h - 12, v);
    }
    fm_strbuf_addf(out, "<text x='4' y='%d' class=l>%llu</text>", top + 10, (unsigned long long)max);
    for (size_t m = 0; m < nmarkers; m++) {
        double x = left + plot_w * (markers[m] / range);
        if (x > left + plot_w) x = left + plot_w;
        fm_strbuf_addf(out, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%.0f' stroke='#e15759' stroke-dasharray='4 3'/>"
                            "<text x='%.1f' y='%d' class=l fill='#e15759' text-anchor='end'>",
                       x, top, x, top + plot_h, x - 3, top + 10);
        fm_html_escape(out, marker_labels[m], strlen(marker_labels[m]));
        fm_strbuf_addstr(out, "</text>");
    }
    fm_strbuf_addstr(out, "</svg>\n");
}

void fm_svg_packed_rows(fm_strbuf *out, const fm_svg_strip *strips, size_t n)
{
    const int label_w = 110, w = 800, row_h = 16, gap = 8, legend_h = 44;
    int h = (int)n * (row_h + gap) + legend_h;
    fm_strbuf_addf(out, "<svg class='chart packed' xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' "
                        "aria-label='packed rows: segments and loss masks'><defs><pattern id='fm-pad' width='6' "
                        "height='6' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'><rect width='6' "
                        "height='6' fill='#e4e4e4'/><line x1='0' y1='0' x2='0' y2='6' stroke='#b8b8b8' "
                        "stroke-width='3'/></pattern></defs>",
                   label_w + w + 10, h);
    size_t maxlen = 1;
    for (size_t r = 0; r < n; r++) if (strips[r].len > maxlen) maxlen = strips[r].len;
    double scale = (double)w / (double)maxlen;
    for (size_t r = 0; r < n; r++) {
        const fm_svg_strip *st = &strips[r];
        const uint32_t *s = st->seg;
        size_t used = 0;
        uint32_t nseg = 0;
        for (size_t i = 0; i < st->len; i++) {
            used += s[i] != 0;
            if (s[i] > nseg) nseg = s[i];
        }
        int y = (int)r * (row_h + gap) + 4;
        fm_strbuf_addf(out, "<g class=packed-row data-segments='%u' data-used='%zu' data-len='%zu'>", nseg, used, st->len);
        fm_strbuf_addf(out, "<text x='%d' y='%d' class=l text-anchor='end'>", label_w - 6, y + 12);
        fm_html_escape(out, st->label, strlen(st->label));
        fm_strbuf_addstr(out, "</text>");
        for (size_t i = 0; i < st->len;) {
            size_t j = i;
            while (j < st->len && s[j] == s[i]) j++;
            double x = label_w + (double)i * scale, bw = (double)(j - i) * scale;
            if (s[i] == 0) {
                fm_strbuf_addf(out, "<rect class=pad x='%.2f' y='%d' width='%.2f' height='%d' fill='url(#fm-pad)'>"
                                    "<title>padding, positions %zu-%zu</title></rect>",
                               x, y, bw, row_h, i, j - 1);
            } else {
                const char *fill = PALETTE[(s[i] - 1) % 10];
                fm_strbuf_addf(out, "<rect class=seg data-seg='%u' x='%.2f' y='%d' width='%.2f' height='%d' fill='%s' "
                                    "fill-opacity='%s' stroke='#fff' stroke-width='1'><title>segment %u, positions "
                                    "%zu-%zu (%zu tokens)</title></rect>",
                               s[i], x, y, bw, row_h, fill, st->loss ? "0.3" : "0.85", s[i], i, j - 1, j - i);
                for (size_t a = i; st->loss && a < j;) {
                    size_t b = a;
                    while (b < j && st->loss[b] == st->loss[a]) b++;
                    if (st->loss[a])
                        fm_strbuf_addf(out, "<rect class=loss x='%.2f' y='%d' width='%.2f' height='%d' fill='%s'>"
                                            "<title>segment %u, loss on positions %zu-%zu</title></rect>",
                                       label_w + (double)a * scale, y, (double)(b - a) * scale, row_h, fill, s[i], a,
                                       b - 1);
                    a = b;
                }
            }
            i = j;
        }
        fm_strbuf_addstr(out, "</g>");
    }
    int ly = (int)n * (row_h + gap) + 8;
    fm_strbuf_addf(out, "<g class=legend><rect x='%d' y='%d' width='12' height='12' fill='%s'/>"
                        "<rect x='%d' y='%d' width='12' height='12' fill='%s'/>"
                        "<text x='%d' y='%d' class=l>one colour per segment (example)</text>"
                        "<rect x='%d' y='%d' width='12' height='12' fill='%s' fill-opacity='0.3'/>"
                        "<text x='%d' y='%d' class=l>pale: no loss (inputs)</text>"
                        "<rect x='%d' y='%d' width='12' height='12' fill='%s'/>"
                        "<text x='%d' y='%d' class=l>solid: loss on (targets)</text>"
                        "<rect x='%d' y='%d' width='12' height='12' fill='url(#fm-pad)'/>"
                        "<text x='%d' y='%d' class=l>padding</text></g>",
                   label_w, ly, PALETTE[0], label_w + 14, ly, PALETTE[1], label_w + 32, ly + 10,
                   label_w + 230, ly, PALETTE[0], label_w + 246, ly + 10,
                   label_w + 390, ly, PALETTE[0], label_w + 406, ly + 10,
                   label_w + 560, ly, label_w + 576, ly + 10);
    fm_strbuf_addstr(out, "</svg>\n");
}
