#include "buildview.h"

#include "fileio.h"
#include "json.h"
#include "packstats.h"
#include "manifest.h"
#include "progress.h"
#include "strbuf.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Share of a build's work per stage: fixed guesses (tokenize and format cost the most per
 * byte), not measured per build. Used only to weigh stages in the overall ETA, which is
 * therefore rough until late in a build; the per-stage ETA does not depend on them. */
static double stage_weight(const char *stage)
{
    static const struct { const char *name; double w; } W[] = {
        { "ingest", 0.15 }, { "format", 0.30 }, { "mix", 0.05 }, { "tokenize", 0.35 }, { "pack", 0.15 },
    };
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        if (!strcmp(stage, W[i].name)) return W[i].w;
    return 0.1;
}

void fm_buildview_init(fm_buildview *v, FILE *out, int nstages)
{
    memset(v, 0, sizeof *v);
    v->out = out;
    v->tty = isatty(fileno(out));
    v->width = 80;
    struct winsize ws;
    if (v->tty && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) v->width = ws.ws_col;
    /* Plain lines every 5 s; FM_PROGRESS_INTERVAL (seconds) overrides, for logs and tests. */
    const char *e = getenv("FM_PROGRESS_INTERVAL");
    v->interval = e && atof(e) > 0 ? atof(e) : 5.0;
    v->nstages = nstages;
    v->build_start = fm_now_seconds();
}

void fm_buildview_stage_begin(fm_buildview *v, int stage_no, const char *stage, uint64_t expected_records)
{
    v->stage_no = stage_no;
    v->stage = stage;
    v->weight = stage_weight(stage);
    v->records = v->bytes = v->total_bytes = 0;
    v->expected_records = expected_records;
    v->stage_start = v->last_draw = fm_now_seconds();
    if (v->tty) v->last_draw = 0; /* on a terminal, show the stage's line at once */
}

void fm_buildview_feed(fm_buildview *v, const char *line)
{
    unsigned long long a = 0, b = 0;
    char name[64];
    if (sscanf(line, "start %63s %llu", name, &a) == 2) {
        v->total_bytes = a;
    } else if (sscanf(line, "update %llu %llu", &a, &b) == 2 || sscanf(line, "done %llu %llu", &a, &b) == 2) {
        v->records = a;
        v->bytes = b;
    }
}

/* Fraction of this stage done: input bytes consumed of the total when the stage knows its
 * input size, else records against the driver's estimate; -1 when neither is known. */
static double stage_fraction(const fm_buildview *v)
{
    double f = -1;
    if (v->total_bytes) f = (double)v->bytes / (double)v->total_bytes;
    else if (v->expected_records) f = (double)v->records / (double)v->expected_records;
    if (f > 0.99) f = 0.99; /* an estimate ran short: not done until the stage says so */
    return f;
}

static void fmt_eta(char *buf, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (s < 0) snprintf(buf, n, "?");
    else if (t < 90) snprintf(buf, n, "%lds", t);
    else if (t < 5400) snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
}

/* The status text: stage, records, rates, stage ETA, build ETA. */
static void status(const fm_buildview *v, double now, fm_strbuf *out, int tty)
{
    double dt = now - v->stage_start;
    if (dt <= 1e-6) dt = 1e-6;
    double f = stage_fraction(v);
    char se[32] = "?", be[32] = "?";
    if (f > 0) fmt_eta(se, sizeof se, dt * (1 - f) / f);
    /* Overall: weight done so far, time per unit of weight from what this process ran. */
    double wdone = v->weight_done + v->weight * (f > 0 ? f : 0);
    double wrun = v->weight_run + v->weight * (f > 0 ? f : 0);
    double trun = v->seconds_run + dt;
    if (wrun > 0.005 && wdone < 1) fmt_eta(be, sizeof be, trun / wrun * (1 - wdone));
    char sp[16] = "", bp[16];
    if (f >= 0) snprintf(sp, sizeof sp, "%.0f%% ", 100 * f);
    snprintf(bp, sizeof bp, "%.0f%%", 100 * (wdone > 1 ? 1 : wdone));
    if (tty)
        fm_strbuf_addf(out, "[%d/%d] %s  %" PRIu64 " rec  %.0f rec/s  %.2f MB/s  stage %sETA %s  |  build %s ETA %s",
                       v->stage_no, v->nstages, v->stage, v->records, (double)v->records / dt,
                       (double)v->bytes / 1e6 / dt, sp, se, bp, be);
    else
        fm_strbuf_addf(out, "build: [%d/%d] %s: %" PRIu64 " records, %.1f MB, %.0f rec/s, %.2f MB/s, "
                       "stage %sETA %s, build %s ETA %s\n",
                       v->stage_no, v->nstages, v->stage, v->records, (double)v->bytes / 1e6,
                       (double)v->records / dt, (double)v->bytes / 1e6 / dt, sp, se, bp, be);
}

void fm_buildview_clear(fm_buildview *v)
{
    if (v->tty && v->shown) {
        fputs("\r\033[K", v->out);
        v->shown = 0;
    }
}

void fm_buildview_tick(fm_buildview *v)
{
    double now = fm_now_seconds();
    if (now - v->last_draw < (v->tty ? 0.2 : v->interval)) return;
    v->last_draw = now;
    fm_strbuf s = FM_STRBUF_INIT;
    status(v, now, &s, v->tty);
    if (v->tty) {
        /* One screen line, or the redraw would leave wrapped pieces behind. */
        if ((int)s.len > v->width - 1) fm_strbuf_setlen(&s, (size_t)(v->width - 1));
        fprintf(v->out, "\r\033[K%s", s.buf);
        v->shown = 1;
    } else {
        fputs(s.buf, v->out);
    }
    fflush(v->out);
    fm_strbuf_release(&s);
}

void fm_buildview_print(fm_buildview *v, const char *text, size_t n)
{
    fm_buildview_clear(v);
    fwrite(text, 1, n, v->out);
    fflush(v->out);
}

void fm_buildview_stage_end(fm_buildview *v, int ran)
{
    double dt = fm_now_seconds() - v->stage_start;
    fm_buildview_clear(v);
    v->weight_done += v->weight;
    if (ran) {
        v->weight_run += v->weight;
        v->seconds_run += dt;
        double d = dt > 1e-6 ? dt : 1e-6;
        fprintf(v->out, "build: [%d/%d] %s: done in %.1fs: %" PRIu64 " records, %.1f MB, %.0f rec/s, %.2f MB/s\n",
                v->stage_no, v->nstages, v->stage, dt, v->records, (double)v->bytes / 1e6,
                (double)v->records / d, (double)v->bytes / 1e6 / d);
    }
    fflush(v->out);
}

/* ---- summary ---------------------------------------------------------------------------- */

static cJSON *stage_manifest(const char *outdir, const char *dir)
{
    fm_strbuf p = FM_STRBUF_INIT;
    fm_path_join(&p, outdir, dir);
    fm_strbuf_addstr(&p, "/manifest.json");
    fm_error err = { 0 };
    cJSON *m = fm_manifest_read(p.buf, &err);
    fm_strbuf_release(&p);
    return m;
}

/* Examples drawn for a mixture member: its unit's draws, or the sum over its subtask units
 * ("task/format/..."), times the member's share of the unit's weight (a unit named by two
 * members is one stream). */
static double member_drawn(const cJSON *tfs, const cJSON *mem)
{
    const char *name = fm_json_str_or(mem, "name", "");
    size_t nl = strlen(name);
    double drawn = 0, unit_weight = 0;
    const cJSON *tf;
    cJSON_ArrayForEach(tf, tfs) {
        const char *u = fm_json_str_or(tf, "name", "");
        if (!strcmp(u, name) || (!strncmp(u, name, nl) && u[nl] == '/')) {
            drawn += fm_json_num_or(tf, "drawn", 0);
            unit_weight += fm_json_num_or(tf, "weight", 0);
        }
    }
    double w = fm_json_num_or(mem, "weight", 0);
    return unit_weight > 0 && w < unit_weight ? drawn * w / unit_weight : drawn;
}

void fm_build_summary(FILE *out, const char *outdir, double wall)
{
    cJSON *ing = stage_manifest(outdir, "ingest"), *fmt = stage_manifest(outdir, "format");
    cJSON *mix = stage_manifest(outdir, "mix"), *tok = stage_manifest(outdir, "tokens");
    cJSON *pk = stage_manifest(outdir, "shards");
    const cJSON *ic = cJSON_GetObjectItemCaseSensitive(ing, "counts");
    const cJSON *fc = cJSON_GetObjectItemCaseSensitive(fmt, "counts");
    const cJSON *mc = cJSON_GetObjectItemCaseSensitive(mix, "counts");
    const cJSON *tc = cJSON_GetObjectItemCaseSensitive(tok, "counts");
    const cJSON *tfs = cJSON_GetObjectItemCaseSensitive(mc, "task_formats");
    const cJSON *mems = cJSON_GetObjectItemCaseSensitive(mc, "members");
    fm_packstats ps;
    fm_packstats_from_manifest(pk, &ps);

    fprintf(out, "build: summary of %s\n", outdir);
    fprintf(out,
            "build: ingest: %.0f records read, %.0f written, %.0f filtered, %.0f deduplicated, %.0f rejected (%.0f "
            "tasks)\n",
            fm_json_num_or(ic, "read", 0), fm_json_num_or(ic, "written", 0), fm_json_num_or(ic, "filtered", 0),
            fm_json_num_or(ic, "deduplicated", 0), fm_json_num_or(ic, "rejected", 0), fm_json_num_or(ic, "tasks", 0));
    fprintf(out, "build: format: %.0f examples formatted, %.0f dropped (too few records), %.0f without exemplars\n",
            fm_json_num_or(fc, "formatted", 0), fm_json_num_or(fc, "dropped_tail", 0),
            fm_json_num_or(fc, "dropped_no_exemplars", 0));
    fprintf(out, "build: mix: %.0f examples drawn from %d task-formats\n", fm_json_num_or(mc, "draws", 0),
            cJSON_GetArraySize(tfs));

    /* Per submixture: members grouped by their mixture path, in file order. */
    const cJSON *m;
    size_t nm = (size_t)cJSON_GetArraySize(mems);
    const char **paths = fm_xcalloc(nm ? nm : 1, sizeof *paths);
    double *drawn = fm_xcalloc(nm ? nm : 1, sizeof *drawn);
    size_t np = 0;
    cJSON_ArrayForEach(m, mems) {
        const char *p = fm_json_str_or(m, "path", "");
        size_t i = 0;
        while (i < np && strcmp(paths[i], p)) i++;
        if (i == np) paths[np++] = p;
        drawn[i] += member_drawn(tfs, m);
    }
    double total = fm_json_num_or(mc, "draws", 0);
    for (size_t i = 0; i < np; i++)
        fprintf(out, "build: submixture %s: %.0f examples (%.1f%%)\n", paths[i], drawn[i],
                total > 0 ? 100 * drawn[i] / total : 0.0);
    free(paths);
    free(drawn);

    /* Per task: what ingest kept and rejected, and what the mixture drew from it. */
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(ic, "per_task");
    const cJSON *t;
    cJSON_ArrayForEach(t, per) {
        double d = 0;
        const cJSON *tf;
        cJSON_ArrayForEach(tf, tfs)
            if (!strcmp(fm_json_str_or(tf, "task", ""), t->string)) d += fm_json_num_or(tf, "drawn", 0);
        fprintf(out, "build: task %s: %.0f records, %.0f rejected, %.0f examples drawn\n", t->string,
                fm_json_num_or(t, "written", 0), fm_json_num_or(t, "rejected", 0), d);
    }

    double it = fm_json_num_or(tc, "inputs_tokens", 0), tt = fm_json_num_or(tc, "targets_tokens", 0);
    fprintf(out, "build: tokens: %.0f inputs + %.0f targets = %.0f (tokenize); %.0f packed in rows\n", it, tt,
            it + tt, ps.enc_tokens + ps.dec_tokens);
    fprintf(out, "build: packing: %.0f examples in %.0f rows, efficiency %.2f%% non-pad", ps.packed, ps.rows,
            100 * fm_packstats_efficiency(&ps));
    if (ps.enc_slots > 0 && ps.dec_slots > 0)
        fprintf(out, " (encoder %.2f%%, decoder %.2f%%)", 100 * ps.enc_tokens / ps.enc_slots,
                100 * ps.dec_tokens / ps.dec_slots);
    fputc('\n', out);
    fprintf(out,
            "build: truncations: tokenize cut the inputs of %.0f examples and the targets of %.0f "
            "(%.0f tokens); pack truncated %.0f examples\n",
            fm_json_num_or(tc, "inputs_truncated_examples", 0), fm_json_num_or(tc, "targets_truncated_examples", 0),
            fm_json_num_or(tc, "inputs_truncated_tokens", 0) + fm_json_num_or(tc, "targets_truncated_tokens", 0),
            ps.truncated);
    fprintf(out, "build: rejects: %.0f at ingest, %.0f at tokenize, %.0f at pack\n", fm_json_num_or(ic, "rejected", 0),
            fm_json_num_or(tc, "rejected", 0), ps.rejected);
    fprintf(out, "build: wall time: %.1fs\n", wall);
    fflush(out);
    cJSON_Delete(ing);
    cJSON_Delete(fmt);
    cJSON_Delete(mix);
    cJSON_Delete(tok);
    cJSON_Delete(pk);
}
