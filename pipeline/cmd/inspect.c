/* flanmix-inspect: print records, examples (and, from other files, tokens and shards)
 * readably. Dispatch: the first inspector in INSPECTORS whose probe accepts the input. */
#include "cli.h"
#include "error.h"
#include "fileio.h"
#include "inspect.h"
#include "inspect_shards.h"
#include "tokenizer.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROG "flanmix-inspect"

/* One line per kind of input; more specific probes first. */
static const fm_inspector *const INSPECTORS[] = {
    &fm_inspector_shards,
    &fm_inspector_examples,
    &fm_inspector_records,
};

static const char USAGE[] =
    "usage: flanmix inspect [options] FILE|OUTDIR\n"
    "  --task T        only task T\n"
    "  --format F      only format F (zs_opt, fs_x, ...)\n"
    "  -n N            items per task and format (default 3)\n"
    "  --show-ws       show spaces as '\xc2\xb7', tabs as '\xe2\x86\x92', newlines as '\xe2\x86\xb5'\n"
    "  --model PATH    add token counts (SentencePiece model); decode shards to text\n"
    "  --ids           shards: print token ids (also with --model)\n"
    "  --stats         shards: packing efficiency and counts only\n"
    "Shards (flanmix pack output: MDS, JSONL rows, Megatron) are decoded row by row with\n"
    "segment boundaries and loss masks visible; -n limits the rows.\n";

int main(int argc, char **argv)
{
    fm_error err;
    fm_error_clear(&err);
    fm_inspect_opts o = { .n = 3, .out = stdout };
    const char *model_path = NULL;
    int show_ids = 0, stats = 0;
    enum { O_TASK = 256, O_FORMAT, O_SHOWWS, O_MODEL, O_IDS, O_STATS };
    static const struct option opts[] = {
        { "task", required_argument, 0, O_TASK },
        { "format", required_argument, 0, O_FORMAT },
        { "show-ws", no_argument, 0, O_SHOWWS },
        { "model", required_argument, 0, O_MODEL },
        { "ids", no_argument, 0, O_IDS },
        { "stats", no_argument, 0, O_STATS },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 },
    };
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': rc = fm_cli_parse_int("-n", optarg, 0, 1L << 40, &o.n, &err); break;
        case O_TASK: o.task = optarg; break;
        case O_FORMAT: o.format = optarg; break;
        case O_SHOWWS: o.show_ws = 1; break;
        case O_MODEL: model_path = optarg; break;
        case O_IDS: show_ids = 1; break;
        case O_STATS: stats = 1; break;
        case 'h': fputs(USAGE, stdout); return 0;
        default: fputs(USAGE, stderr); return 2;
        }
        if (rc < 0) break;
    }
    if (rc == 0 && optind != argc - 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    fm_spm_model *model = NULL;
    if (rc == 0 && model_path) {
        if (!(model = fm_spm_model_load(model_path, &err))) rc = -1;
        else o.tok = fm_tokenizer_new(model, 1);
        o.model = model;
    }
    const char *path = argv[optind];
    struct stat st;
    int is_dir = 0;
    fm_strbuf first = FM_STRBUF_INIT;
    if (rc == 0) {
        if (stat(path, &st) != 0) rc = fm_error_set(&err, FM_EIO, path, 0, NULL, "no such file or directory");
        else is_dir = S_ISDIR(st.st_mode);
    }
    if (rc == 0 && !is_dir) {
        fm_reader *r = fm_reader_open(path, &err);
        if (!r || fm_reader_getline(r, &first, NULL, &err) < 0) rc = -1;
        if (r) fm_reader_close(r);
    }
    /* pack output (MDS, JSONL rows, Megatron): decoded by inspect_shards.c */
    if (rc == 0 && fm_inspect_shards_match(path)) {
        fm_inspect_shards_opts so = { .model = model, .show_ids = show_ids, .max_rows = o.n, .stats = stats };
        rc = fm_inspect_shards(path, &so, stdout, &err);
    } else if (rc == 0) {
        const fm_inspector *in = NULL;
        for (size_t i = 0; i < sizeof INSPECTORS / sizeof *INSPECTORS && !in; i++)
            if (INSPECTORS[i]->probe(path, is_dir, is_dir ? NULL : first.buf, first.len)) in = INSPECTORS[i];
        if (!in) rc = fm_error_set(&err, FM_EUSAGE, path, 0, NULL, "not something flanmix inspect knows");
        else rc = in->run(path, is_dir, &o, &err);
    }
    fm_strbuf_release(&first);
    if (o.tok) fm_tokenizer_free(o.tok);
    if (model) fm_spm_model_free(model);
    if (rc < 0) {
        fm_error_print(&err, PROG);
        return fm_error_exit_status(&err);
    }
    return 0;
}
