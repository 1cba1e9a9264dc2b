/* flanmix report OUTDIR [-o FILE] [--text]: write the build report (report.h). */
#include "error.h"
#include "fileio.h"
#include "report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *out = NULL;
    int text = 0;
    fm_report_opts opt = { 1, 4 };
    static const struct option longopts[] = { { "text", no_argument, 0, 't' },
                                              { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
    int c;
    while ((c = getopt_long(argc, argv, "o:th", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 't': text = 1; break;
        case 'h':
            printf("usage: flanmix report BUILDDIR [-o FILE] [--text]\n\n"
                   "Writes BUILDDIR/report.html (or FILE): one self-contained HTML page with the\n"
                   "mixture (configured vs drawn), token length histograms, packing, samples,\n"
                   "rejects, settings and checksums. --text prints the statistics instead.\n");
            return 0;
        default: return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: flanmix report BUILDDIR [-o FILE] [--text]\n");
        return 2;
    }
    const char *build = argv[optind];
    fm_error err = { 0 };
    fm_strbuf doc = FM_STRBUF_INIT, path = FM_STRBUF_INIT;
    int rc = text ? fm_report_text(build, &opt, &doc, &err) : fm_report_html(build, &opt, &doc, &err);
    if (rc == 0) {
        if (text) {
            fwrite(doc.buf, 1, doc.len, stdout);
        } else {
            if (out) fm_strbuf_addstr(&path, out);
            else fm_path_join(&path, build, "report.html");
            rc = fm_write_file_atomic(path.buf, doc.buf, doc.len, &err);
            if (rc == 0) fprintf(stderr, "report: wrote %s (%zu bytes)\n", path.buf, doc.len);
        }
    }
    fm_strbuf_release(&doc);
    fm_strbuf_release(&path);
    if (rc < 0) {
        fm_error_print(&err, "flanmix-report");
        return fm_error_exit_status(&err);
    }
    return 0;
}
