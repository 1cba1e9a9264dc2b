/* flanmix build MIXTURE -o OUTDIR: run the whole pipeline (build.h). */
#include "build.h"
#include "cli.h"
#include "error.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static void usage(FILE *f)
{
    fprintf(f,
        "usage: flanmix build MIXTURE.json -o OUTDIR --model SPM.model --tasks PATH [options]\n\n"
        "Runs ingest, format, mix, tokenize and pack into OUTDIR/{ingest,format,mix,tokens,shards}\n"
        "and writes OUTDIR/manifest.json last. Rerunning resumes: stages whose manifest verifies\n"
        "are kept, others are redone, and the result is byte-identical to an uninterrupted build.\n\n"
        "  --tasks PATH          task definition file or directory of *.json (repeatable)\n"
        "  --data-dir DIR        resolve task source paths against DIR\n"
        "  --templates DIR       template sets (default: the repository's templates/)\n"
        "  --model PATH          SentencePiece model for tokenizing and few-shot length pruning\n"
        "  --formats LIST        formats to build (default zs_opt,zs_noopt,fs_mix,fs_x,fs_x_noopt)\n"
        "  --count N             examples to draw from the mixture (default 10000)\n"
        "  --layout encdec|prefixlm   packed row layout (default encdec)\n"
        "  --format mds|jsonl|megatron  output format (default mds)\n"
        "  --inputs-len N --targets-len N   token lengths (default 2048 / 512)\n"
        "  --seq-len N           prefix-LM row length (default 2048)\n"
        "  --zstd-level N        zstd level of the ingest and format outputs (default: each\n"
        "                        stage's own; negative: zstd's fast levels)\n"
        "  --stage NAME --part I/N   run part I of N of one stage (ingest, format, mix,\n"
        "                        tokenize, pack); then `flanmix merge OUTDIR/<stage dir>`\n"
        "  --seed N  -j N  --on-error fail|skip  --allow-missing  --no-fast-tokenizer  -q\n");
}

int main(int argc, char **argv)
{
    fm_build_opts o;
    fm_build_opts_init(&o);
    const char **tasks = calloc((size_t)argc, sizeof *tasks);
    fm_error err = { 0 };
    enum { O_TASKS = 256, O_DATA, O_TEMPLATES, O_MODEL, O_FORMATS, O_COUNT, O_LAYOUT, O_FORMAT,
           O_ILEN, O_TLEN, O_SEQ, O_SEED, O_ONERR, O_MISSING, O_NOFAST, O_STAGE, O_PART, O_ZLEVEL };
    static const struct option longopts[] = {
        { "tasks", required_argument, 0, O_TASKS }, { "data-dir", required_argument, 0, O_DATA },
        { "templates", required_argument, 0, O_TEMPLATES }, { "model", required_argument, 0, O_MODEL },
        { "formats", required_argument, 0, O_FORMATS }, { "count", required_argument, 0, O_COUNT },
        { "layout", required_argument, 0, O_LAYOUT }, { "format", required_argument, 0, O_FORMAT },
        { "inputs-len", required_argument, 0, O_ILEN }, { "targets-len", required_argument, 0, O_TLEN },
        { "seq-len", required_argument, 0, O_SEQ }, { "seed", required_argument, 0, O_SEED },
        { "on-error", required_argument, 0, O_ONERR }, { "allow-missing", no_argument, 0, O_MISSING },
        { "no-fast-tokenizer", no_argument, 0, O_NOFAST }, { "help", no_argument, 0, 'h' },
        { "stage", required_argument, 0, O_STAGE }, { "part", required_argument, 0, O_PART },
        { "zstd-level", required_argument, 0, O_ZLEVEL },
        { 0, 0, 0, 0 } };
    int c;
    long v;
    fm_on_error oe;
    while ((c = getopt_long(argc, argv, "o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.outdir = optarg; break;
        case 'j': if (fm_cli_parse_int("-j", optarg, 1, 1024, &v, &err) < 0) goto fail; o.threads = (int)v; break;
        case 'q': o.quiet = 1; break;
        case 'h': usage(stdout); free(tasks); return 0;
        case O_TASKS: tasks[o.ntasks++] = optarg; break;
        case O_DATA: o.data_dir = optarg; break;
        case O_TEMPLATES: o.templates_dir = optarg; break;
        case O_MODEL: o.model = optarg; break;
        case O_FORMATS: o.formats = optarg; break;
        case O_COUNT: if (fm_cli_parse_u64("--count", optarg, &o.count, &err) < 0) goto fail; break;
        case O_LAYOUT: o.layout = optarg; break;
        case O_FORMAT: o.out_format = optarg; break;
        case O_ILEN: if (fm_cli_parse_int("--inputs-len", optarg, 2, 1 << 24, &o.inputs_len, &err) < 0) goto fail; break;
        case O_TLEN: if (fm_cli_parse_int("--targets-len", optarg, 2, 1 << 24, &o.targets_len, &err) < 0) goto fail; break;
        case O_SEQ: if (fm_cli_parse_int("--seq-len", optarg, 4, 1 << 24, &o.seq_len, &err) < 0) goto fail; break;
        case O_SEED: if (fm_cli_parse_u64("--seed", optarg, &o.seed, &err) < 0) goto fail; break;
        case O_ONERR: if (fm_cli_parse_on_error(optarg, &oe, &err) < 0) goto fail; o.on_error = optarg; break;
        case O_MISSING: o.allow_missing = 1; break;
        case O_NOFAST: o.no_fast_tokenizer = 1; break;
        case O_ZLEVEL: {
            long l;
            if (fm_cli_parse_int("--zstd-level", optarg, ZSTD_minCLevel(), ZSTD_maxCLevel(), &l, &err) < 0) goto fail;
            o.zstd_level = (int)l;
            break;
        }
        case O_STAGE: o.only_stage = optarg; break;
        case O_PART: {
            fm_part pt;
            if (fm_cli_parse_part(optarg, &pt, &err) < 0) goto fail;
            o.part = optarg;
            break;
        }
        default: usage(stderr); free(tasks); return 2;
        }
    }
    if (optind != argc - 1 || !o.outdir || !o.model || !o.ntasks) {
        usage(stderr);
        free(tasks);
        return 2;
    }
    o.mixture = argv[optind];
    o.tasks = tasks;
    if (fm_build_run(&o, &err) < 0) goto fail;
    free(tasks);
    return 0;
fail:
    fm_error_print(&err, "flanmix-build");
    free(tasks);
    return fm_error_exit_status(&err);
}
