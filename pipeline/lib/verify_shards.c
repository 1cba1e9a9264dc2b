#include "verify_shards.h"

#include "fileio.h"
#include "hash.h"
#include "json.h"
#include "shardrows.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vpack {
    fm_verify_report *rep;
    char *dir;
    /* settings */
    int encdec, fmt_kind, labels;
    uint32_t L, A, B;
    int32_t pad, eos;
    uint64_t vocab;
    int dtype_bytes, loss_on_inputs;
    const cJSON *counts; /* borrowed from the manifest (alive until end) */
    /* the file being checked */
    const char *path;
    uint64_t row;
    unsigned shown;
    uint64_t suppressed;
    int32_t *scratch_seg, *scratch_loss;
    size_t scratch_cap;
    /* totals */
    uint64_t rows, segments, enc_tokens, dec_tokens, mds_shards;
    int unreadable;  /* a shard could not be read: totals are not compared */
    int undecided;   /* a row of this file has no valid segments: its counts are unknown */
} vpack;

/* Report a fault of the current file, printing only the first FM_VERIFY_SHARD_FAULTS. */
static void vfault(vpack *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void vfault(vpack *v, const char *fmt, ...)
{
    if (v->shown >= FM_VERIFY_SHARD_FAULTS) {
        v->suppressed++;
        v->rep->faults++;
        return;
    }
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    v->shown++;
    fm_verify_fault(v->rep, v->path, "%s", what);
}

#define RFAULT(v, col, fmt, ...) \
    vfault(v, "row %llu, column %s: " fmt, (unsigned long long)(v)->row, (col), __VA_ARGS__)

/* ---- one side of a row: tokens, segment ids, positions ---------------------------------- */

/* Segment ids 1,1,…,2,…,k then 0 to the end. Returns k, or -1 after a fault (then the
 * row's segments and tokens are unknown, so the file's counts are not compared). */
static long check_segments_(vpack *v, const fm_rowcol *s);
static long check_segments(vpack *v, const fm_rowcol *s)
{
    long k = check_segments_(v, s);
    if (k < 0) v->undecided = 1;
    return k;
}

static long check_segments_(vpack *v, const fm_rowcol *s)
{
    int32_t prev = 0;
    int in_pad = 0;
    size_t pad_at = 0;
    if (s->n == 0) {
        RFAULT(v, s->name, "%s", "empty row");
        return -1;
    }
    for (size_t i = 0; i < s->n; i++) {
        int32_t x = s->v[i];
        if (x == 0) {
            if (i == 0) {
                RFAULT(v, s->name, "%s", "position 0 is padding (segment id 0): a row starts with its first example");
                return -1;
            }
            if (!in_pad) pad_at = i;
            in_pad = 1;
            continue;
        }
        if (in_pad) {
            RFAULT(v, s->name,
                   "segment id %d at position %zu after padding (segment id 0) at position %zu: padding must only be at "
                   "the end of the row",
                   (int)x, i, pad_at);
            return -1;
        }
        if (i == 0 && x != 1) {
            RFAULT(v, s->name, "the first segment id is %d, expected 1", (int)x);
            return -1;
        }
        if (x != prev && x != prev + 1) {
            RFAULT(v, s->name,
                   "segment id %d at position %zu follows %d: ids start at 1 and grow by one at each boundary", (int)x,
                   i, (int)prev);
            return -1;
        }
        prev = x;
    }
    return prev;
}

static int seg_starts(const int32_t *seg, size_t i)
{
    return seg[i] != 0 && (i == 0 || seg[i - 1] != seg[i]);
}
static int seg_ends(const int32_t *seg, size_t n, size_t i) { return seg[i] != 0 && (i + 1 == n || seg[i + 1] != seg[i]); }

static void check_positions(vpack *v, const fm_rowcol *p, const int32_t *seg)
{
    int32_t want = 0;
    for (size_t i = 0; i < p->n; i++) {
        want = seg[i] == 0 || seg_starts(seg, i) ? 0 : want + 1;
        if (p->v[i] != want) {
            RFAULT(v, p->name, "position %zu is %d, expected %d (positions restart at 0 in each segment, 0 on padding)", i,
                   (int)p->v[i], (int)want);
            return;
        }
    }
}

/* Ids in range, pad exactly on padding, every segment ends in EOS. */
static void check_tokens(vpack *v, const fm_rowcol *t, const int32_t *seg)
{
    for (size_t i = 0; i < t->n; i++) {
        int32_t x = t->v[i];
        if (x < 0 || (uint64_t)x >= v->vocab) {
            RFAULT(v, t->name, "id %d at position %zu is outside the vocabulary [0, %llu)", (int)x, i,
                   (unsigned long long)v->vocab);
            return;
        }
        if (seg[i] == 0 && x != v->pad) {
            RFAULT(v, t->name, "position %zu is padding (segment id 0) but holds %d, not the pad id %d", i, (int)x,
                   (int)v->pad);
            return;
        }
        if (seg[i] != 0 && x == v->pad) {
            RFAULT(v, t->name, "pad id %d at position %zu inside segment %d", (int)x, i, (int)seg[i]);
            return;
        }
        if (seg_ends(seg, t->n, i) && x != v->eos) {
            RFAULT(v, t->name, "segment %d ends in %d at position %zu, not EOS %d", (int)seg[i], (int)x, i, (int)v->eos);
            return;
        }
    }
}

static int want_len(vpack *v, const fm_rowcol *c, size_t n, const char *what)
{
    if (c->n == n) return 1;
    v->undecided = 1;
    RFAULT(v, c->name, "%zu values, expected %zu (%s)", c->n, n, what);
    return 0;
}

/* ---- prefixlm ------------------------------------------------------------------------------ */

/* The loss mask of a prefixlm row (loss[i] in {0,1}, already checked) against the
 * segments: 0 on padding; per segment inputs … EOS (loss 0) then targets … EOS (loss 1),
 * or 1 everywhere with loss_on_inputs (then the segment still holds the inputs' EOS). */
static void check_prefix_loss(vpack *v, const char *lname, const char *tname, const int32_t *tok,
                              const int32_t *seg, const int32_t *loss, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (loss[i] != 0 && loss[i] != 1) {
            RFAULT(v, lname, "loss %d at position %zu: must be 0 or 1", (int)loss[i], i);
            return;
        }
        if (seg[i] == 0 && loss[i]) {
            RFAULT(v, lname, "loss 1 on padding at position %zu", i);
            return;
        }
    }
    for (size_t a = 0; a < n && seg[a] != 0;) {
        size_t e = a;
        while (e < n && seg[e] == seg[a]) e++;
        int s = (int)seg[a];
        if (v->loss_on_inputs) {
            for (size_t i = a; i < e; i++)
                if (!loss[i]) {
                    RFAULT(v, lname, "loss 0 at position %zu in segment %d: loss_on_inputs is set, so every token of an "
                           "example has loss 1", i, s);
                    return;
                }
            int eos_before_end = 0;
            for (size_t i = a; i + 1 < e; i++) eos_before_end |= tok[i] == v->eos;
            if (!eos_before_end) {
                RFAULT(v, tname, "segment %d (positions %zu-%zu) has no EOS before its last token: expected inputs … EOS "
                       "targets … EOS", s, a, e - 1);
                return;
            }
        } else {
            size_t t = a;
            while (t < e && !loss[t]) t++;
            if (t == e) {
                RFAULT(v, lname, "segment %d (positions %zu-%zu) has no loss-1 token: its targets must have loss 1", s,
                       a, e - 1);
                return;
            }
            if (t == a) {
                RFAULT(v, lname, "segment %d has loss 1 on its first token (position %zu): the inputs, with loss 0, come "
                       "first", s, a);
                return;
            }
            for (size_t i = t; i < e; i++)
                if (!loss[i]) {
                    RFAULT(v, lname, "segment %d has loss 1 at position %zu but loss 0 at position %zu after it: the loss "
                           "mask must be 0 on the inputs, then 1 on the targets (loss on an input token?)", s, t, i);
                    return;
                }
            if (tok[t - 1] != v->eos) {
                RFAULT(v, tname, "segment %d: the inputs (loss 0, positions %zu-%zu) end in %d, not EOS %d", s, a, t - 1,
                       (int)tok[t - 1], (int)v->eos);
                return;
            }
        }
        a = e;
    }
}

static void scratch(vpack *v, size_t n)
{
    if (n > v->scratch_cap) {
        v->scratch_cap = n;
        v->scratch_seg = fm_xrealloc(v->scratch_seg, n * sizeof *v->scratch_seg);
        v->scratch_loss = fm_xrealloc(v->scratch_loss, n * sizeof *v->scratch_loss);
    }
}

static uint64_t count_nonpad(const int32_t *seg, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) k += seg[i] != 0;
    return k;
}

static const char *need(const fm_shard_row *r, int role, const char *name)
{
    return r->c[role].present ? NULL : name;
}

/* Returns the row's non-pad tokens; segments added to *nseg. */
static uint64_t check_prefixlm_row(vpack *v, const fm_shard_row *r, fm_shard_kind kind, uint64_t *nseg)
{
    const fm_rowcol *t = &r->c[FM_RC_TOKENS], *p = &r->c[FM_RC_POSITIONS];
    const char *missing = need(r, FM_RC_TOKENS, kind == FM_SHARD_JSONL ? "input_ids" : "tokens");
    if (!missing) missing = need(r, FM_RC_POSITIONS, kind == FM_SHARD_JSONL ? "position_ids" : "positions");
    if (kind == FM_SHARD_JSONL) {
        if (!missing) missing = need(r, FM_RC_SEQ_LENGTHS, "seq_lengths");
        if (!missing) missing = v->labels ? need(r, FM_RC_LABELS, "labels") : need(r, FM_RC_LOSS, "completion_mask");
    } else {
        if (!missing) missing = need(r, FM_RC_SEGMENTS, "segment_ids");
        if (!missing) missing = need(r, FM_RC_LOSS, "loss_mask");
    }
    if (missing) {
        RFAULT(v, missing, "%s", "missing (the manifest's layout and format need it)");
        v->undecided = 1;
        return 0;
    }
    size_t n = t->n;
    scratch(v, n ? n : 1);
    int32_t *seg = v->scratch_seg, *loss = v->scratch_loss;
    const fm_rowcol *lc = v->labels && kind == FM_SHARD_JSONL ? &r->c[FM_RC_LABELS] : &r->c[FM_RC_LOSS];
    long k;
    if (kind == FM_SHARD_JSONL) {
        /* padding-free: only the used positions, segments from seq_lengths */
        const fm_rowcol *sl = &r->c[FM_RC_SEQ_LENGTHS];
        if (n == 0 || n > v->L) {
            RFAULT(v, t->name, "%zu tokens: a row holds 1 to seq_len = %u", n, v->L);
            v->undecided = 1;
            return 0;
        }
        if (!want_len(v, p, n, "one per token") || !want_len(v, lc, n, "one per token")) return 0;
        size_t pos = 0;
        for (size_t s = 0; s < sl->n; s++) {
            if (sl->v[s] <= 0 || (size_t)sl->v[s] > n - pos) {
                RFAULT(v, sl->name, "segment %zu has length %d: the lengths must be positive and add up to the %zu tokens",
                       s + 1, (int)sl->v[s], n);
                v->undecided = 1;
                return 0;
            }
            for (int32_t q = 0; q < sl->v[s]; q++) seg[pos++] = (int32_t)s + 1;
        }
        if (pos != n) {
            RFAULT(v, sl->name, "the lengths add up to %zu, the row has %zu tokens", pos, n);
            v->undecided = 1;
            return 0;
        }
        k = (long)sl->n;
    } else {
        const fm_rowcol *s = &r->c[FM_RC_SEGMENTS];
        if (!want_len(v, t, v->L, "seq_len") || !want_len(v, s, v->L, "seq_len") || !want_len(v, p, v->L, "seq_len") ||
            !want_len(v, lc, v->L, "seq_len"))
            return 0;
        if ((k = check_segments(v, s)) < 0) return 0;
        memcpy(seg, s->v, n * sizeof *seg);
    }
    if (lc == &r->c[FM_RC_LABELS]) {
        int bad = 0;
        for (size_t i = 0; i < n; i++) {
            if (!bad && lc->v[i] != -100 && lc->v[i] != t->v[i]) {
                RFAULT(v, lc->name, "label %d at position %zu is neither -100 nor the token %d", (int)lc->v[i], i,
                       (int)t->v[i]);
                bad = 1;
            }
            loss[i] = lc->v[i] != -100;
        }
    } else {
        memcpy(loss, lc->v, n * sizeof *loss);
    }
    check_positions(v, p, seg);
    check_tokens(v, t, seg);
    check_prefix_loss(v, lc->name, t->name, t->v, seg, loss, n);
    *nseg += (uint64_t)k;
    return count_nonpad(seg, n);
}

/* ---- encdec -------------------------------------------------------------------------------- */

static void check_encdec_row(vpack *v, const fm_shard_row *r, uint64_t *nseg, uint64_t *etok, uint64_t *dtok)
{
    static const struct { int role; const char *name; } cols[] = {
        { FM_RC_TOKENS, "decoder_target_tokens" },    { FM_RC_SEGMENTS, "decoder_segment_ids" },
        { FM_RC_POSITIONS, "decoder_positions" },     { FM_RC_LOSS, "decoder_loss_weights" },
        { FM_RC_DEC_INPUTS, "decoder_input_tokens" }, { FM_RC_ENC_TOKENS, "encoder_input_tokens" },
        { FM_RC_ENC_SEGMENTS, "encoder_segment_ids" }, { FM_RC_ENC_POSITIONS, "encoder_positions" },
    };
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        if (!r->c[cols[c].role].present) {
            RFAULT(v, cols[c].name, "%s", "missing (the manifest's layout is encdec)");
            v->undecided = 1;
            return;
        }
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
        int enc = cols[c].role >= FM_RC_ENC_TOKENS;
        if (!want_len(v, &r->c[cols[c].role], enc ? v->A : v->B, enc ? "inputs_len" : "targets_len")) return;
    }
    const fm_rowcol *et = &r->c[FM_RC_ENC_TOKENS], *es = &r->c[FM_RC_ENC_SEGMENTS], *ep = &r->c[FM_RC_ENC_POSITIONS];
    const fm_rowcol *dt = &r->c[FM_RC_TOKENS], *ds = &r->c[FM_RC_SEGMENTS], *dp = &r->c[FM_RC_POSITIONS],
                    *dl = &r->c[FM_RC_LOSS], *di = &r->c[FM_RC_DEC_INPUTS];
    long ke = check_segments(v, es), kd = check_segments(v, ds);
    if (ke >= 0) {
        check_positions(v, ep, es->v);
        check_tokens(v, et, es->v);
        *etok += count_nonpad(es->v, es->n);
    }
    if (kd < 0) return;
    *dtok += count_nonpad(ds->v, ds->n);
    *nseg += (uint64_t)kd;
    if (ke >= 0 && ke != kd)
        RFAULT(v, es->name, "the encoder holds %ld segments, the decoder %ld: every example has inputs and targets", ke, kd);
    check_positions(v, dp, ds->v);
    check_tokens(v, dt, ds->v);
    for (size_t i = 0; i < dl->n; i++) {
        int32_t want = ds->v[i] != 0;
        if (dl->v[i] != want) {
            RFAULT(v, dl->name, "position %zu is %d, expected %d (1 on every target token, 0 on padding)", i, (int)dl->v[i],
                   (int)want);
            break;
        }
    }
    for (size_t i = 0; i < di->n; i++) {
        int32_t want = ds->v[i] == 0 || seg_starts(ds->v, i) ? v->pad : dt->v[i - 1];
        if (di->v[i] != want) {
            RFAULT(v, di->name, "position %zu is %d, expected %d (the targets shifted right within each segment; the pad "
                   "id %d at each segment's start and on padding)", i, (int)di->v[i], (int)want, (int)v->pad);
            break;
        }
    }
}

/* ---- Megatron ------------------------------------------------------------------------------ */

static uint64_t check_megatron_seq(vpack *v, const fm_shard_row *r)
{
    const fm_rowcol *t = &r->c[FM_RC_TOKENS];
    size_t n = t->n, eos = 0;
    if (n < 2 || n > v->L) {
        RFAULT(v, t->name, "sequence of %zu tokens: expected 2 to seq_len = %u", n, v->L);
        return n;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t x = t->v[i];
        if (x < 0 || (uint64_t)x >= v->vocab) {
            RFAULT(v, t->name, "id %d at position %zu is outside the vocabulary [0, %llu)", (int)x, i,
                   (unsigned long long)v->vocab);
            return n;
        }
        if (x == v->pad) {
            RFAULT(v, t->name, "pad id %d at position %zu: sequences are unpadded", (int)x, i);
            return n;
        }
        eos += x == v->eos;
    }
    if (t->v[n - 1] != v->eos)
        RFAULT(v, t->name, "the sequence ends in %d at position %zu, not EOS %d", (int)t->v[n - 1], n - 1, (int)v->eos);
    else if (eos < 2)
        RFAULT(v, t->name, "the sequence holds one EOS: expected inputs … EOS targets … EOS (%d)", (int)v->eos);
    return n;
}

/* ---- MDS index.json entry ------------------------------------------------------------------- */

static void check_mds_index(vpack *v, fm_shard_reader *rd, const cJSON *entry)
{
    const char *base = strrchr(v->path, '/');
    base = base ? base + 1 : v->path;
    fm_strbuf ip = FM_STRBUF_INIT, text = FM_STRBUF_INIT;
    fm_strbuf_add(&ip, v->path, (size_t)(base - v->path));
    fm_strbuf_addstr(&ip, "index.json");
    fm_error err = { 0 };
    cJSON *idx = NULL;
    if (fm_read_file(ip.buf, &text, &err) == 0) idx = fm_json_parse(text.buf, text.len, ip.buf, 0, &err);
    if (!idx) {
        vfault(v, "its index.json: %s", err.reason);
        goto out;
    }
    const cJSON *sh, *found = NULL;
    cJSON_ArrayForEach(sh, cJSON_GetObjectItemCaseSensitive(idx, "shards")) {
        const cJSON *z = cJSON_GetObjectItemCaseSensitive(sh, "zip_data");
        const cJSON *rw = cJSON_GetObjectItemCaseSensitive(sh, "raw_data");
        const char *zb = cJSON_IsObject(z) ? fm_json_str_or(z, "basename", NULL) : NULL;
        const char *rb = fm_json_str_or(rw, "basename", NULL);
        if ((zb && !strcmp(zb, base)) || (rb && !strcmp(rb, base))) found = sh;
    }
    if (!found) {
        vfault(v, "not listed in %s", ip.buf);
        goto out;
    }
    size_t rawlen = 0;
    const void *raw = fm_shard_reader_raw(rd, &rawlen);
    const cJSON *rw = cJSON_GetObjectItemCaseSensitive(found, "raw_data");
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(found, "zip_data");
    if (fm_json_num_or(found, "samples", -1) != (double)fm_shard_reader_declared_rows(rd))
        vfault(v, "%lld samples, index.json says %.0f", (long long)fm_shard_reader_declared_rows(rd),
               fm_json_num_or(found, "samples", -1));
    if (fm_json_num_or(rw, "bytes", -1) != (double)rawlen)
        vfault(v, "%zu bytes decompressed, index.json raw_data says %.0f", rawlen, fm_json_num_or(rw, "bytes", -1));
    const char *rh = fm_json_str_or(cJSON_GetObjectItemCaseSensitive(rw, "hashes"), "xxh3_64", NULL);
    char hex[17];
    fm_hash_hex(fm_hash64(raw, rawlen), hex);
    if (rh && strcmp(rh, hex) != 0) vfault(v, "decompressed xxh3 %s, index.json raw_data says %s", hex, rh);
    if (cJSON_IsObject(z)) {
        if (fm_json_num_or(z, "bytes", -1) != fm_json_num_or(entry, "bytes", -2))
            vfault(v, "index.json zip_data says %.0f bytes, the manifest %.0f", fm_json_num_or(z, "bytes", -1),
                   fm_json_num_or(entry, "bytes", -2));
        const char *zh = fm_json_str_or(cJSON_GetObjectItemCaseSensitive(z, "hashes"), "xxh3_64", NULL);
        const char *mh = fm_json_str_or(entry, "xxh3", NULL);
        if (zh && mh && strcmp(zh, mh) != 0) vfault(v, "index.json zip_data says xxh3 %s, the manifest %s", zh, mh);
    }
out:
    cJSON_Delete(idx);
    fm_strbuf_release(&ip);
    fm_strbuf_release(&text);
}

/* ---- the checker ------------------------------------------------------------------------------ */

static void *begin(const char *dir, const char *mpath, const cJSON *m, fm_verify_report *rep)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "settings");
    const char *layout = fm_json_str_or(s, "layout", NULL), *format = fm_json_str_or(s, "format", NULL);
    const char *dtype = fm_json_str_or(s, "dtype", NULL);
    const char *labels = fm_json_str_or(s, "labels", NULL);
    vpack *v = fm_xcalloc(1, sizeof *v);
    v->rep = rep;
    v->dir = fm_xstrdup(dir);
    v->counts = cJSON_GetObjectItemCaseSensitive(m, "counts");
    v->encdec = layout && !strcmp(layout, "encdec");
    v->fmt_kind = !format ? -1 : !strcmp(format, "mds") ? FM_SHARD_MDS : !strcmp(format, "jsonl") ? FM_SHARD_JSONL
                               : !strcmp(format, "megatron") ? FM_SHARD_MEGATRON : -1;
    v->labels = labels && !strcmp(labels, "labels");
    v->L = (uint32_t)fm_json_num_or(s, "seq_len", 0);
    v->A = (uint32_t)fm_json_num_or(s, "inputs_len", 0);
    v->B = (uint32_t)fm_json_num_or(s, "targets_len", 0);
    v->pad = (int32_t)fm_json_num_or(s, "pad_id", -1);
    v->eos = (int32_t)fm_json_num_or(s, "eos_id", -1);
    v->vocab = (uint64_t)fm_json_num_or(s, "vocab_size", 0);
    v->dtype_bytes = dtype && !strcmp(dtype, "uint16") ? 2 : dtype && !strcmp(dtype, "uint32") ? 4 : 0;
    const cJSON *loi = cJSON_GetObjectItemCaseSensitive(s, "loss_on_inputs");
    v->loss_on_inputs = cJSON_IsTrue(loi);
    const char *bad = !layout || (v->encdec ? 0 : strcmp(layout, "prefixlm") != 0) ? "layout"
                      : v->fmt_kind < 0                                              ? "format"
                      : v->encdec && (!v->A || !v->B)                                ? "inputs_len/targets_len"
                      : !v->encdec && !v->L                                          ? "seq_len"
                      : v->pad < 0 || v->eos < 0                                     ? "pad_id/eos_id"
                      : !v->vocab                                                    ? "vocab_size"
                      : !v->dtype_bytes                                              ? "dtype"
                      : !cJSON_IsBool(loi)                                           ? "loss_on_inputs"
                                                                                     : NULL;
    if (bad) {
        fm_verify_fault(rep, mpath, "pack settings: '%s' missing or invalid, shard invariants not checked", bad);
        free(v->dir);
        free(v);
        return NULL;
    }
    return v;
}

static int file(void *state, const char *path, const cJSON *entry)
{
    vpack *v = state;
    int kind = fm_shard_kind_of(path);
    size_t plen = strlen(path);
    if (kind < 0) /* a Megatron .idx is checked with its .bin */
        return plen > 4 && !strcmp(path + plen - 4, ".idx") && v->fmt_kind == FM_SHARD_MEGATRON;
    v->path = path;
    v->shown = 0;
    v->suppressed = 0;
    v->undecided = 0;
    if (kind != v->fmt_kind) {
        vfault(v, "a %s shard in a pack output whose format is %s", kind == FM_SHARD_MDS ? "mds" : kind == FM_SHARD_JSONL ? "jsonl" : "megatron",
               v->fmt_kind == FM_SHARD_MDS ? "mds" : v->fmt_kind == FM_SHARD_JSONL ? "jsonl" : "megatron");
        v->unreadable = 1;
        return 1;
    }
    fm_error err = { 0 };
    fm_shard_reader *rd = fm_shard_reader_open(path, &err);
    if (!rd) {
        vfault(v, "%s", err.reason);
        v->unreadable = 1;
        return 1;
    }
    int dt = fm_shard_reader_dtype(rd);
    if (kind == FM_SHARD_MDS && dt && dt != v->dtype_bytes)
        vfault(v, "token columns of %d bytes, the manifest's dtype has %d", dt, v->dtype_bytes);
    if (kind == FM_SHARD_MEGATRON && dt != (v->dtype_bytes == 2 ? 8 : 4))
        vfault(v, ".idx dtype code %d, the manifest's dtype %s needs %d", dt, v->dtype_bytes == 2 ? "uint16" : "uint32",
               v->dtype_bytes == 2 ? 8 : 4);
    if (kind == FM_SHARD_MDS) check_mds_index(v, rd, entry);
    fm_shard_row row = { 0 };
    uint64_t rows = 0, tokens = 0;
    int got;
    while ((got = fm_shard_reader_next(rd, &row, &err)) == 1) {
        v->row = row.index;
        rows++;
        if (kind == FM_SHARD_MEGATRON) {
            uint64_t n = check_megatron_seq(v, &row);
            tokens += n;
            v->dec_tokens += n;
            v->segments++;
        } else if (v->encdec) {
            uint64_t e = 0, d = 0;
            check_encdec_row(v, &row, &v->segments, &e, &d);
            tokens += e + d;
            v->enc_tokens += e;
            v->dec_tokens += d;
        } else {
            uint64_t d = check_prefixlm_row(v, &row, (fm_shard_kind)kind, &v->segments);
            tokens += d;
            v->dec_tokens += d;
        }
    }
    if (got < 0 || v->undecided) v->unreadable = 1;
    if (got < 0) {
        vfault(v, "row %llu: %s", (unsigned long long)rows, err.reason);
    } else {
        double want_rows = fm_json_num_or(entry, "records", -1), want_tokens = fm_json_num_or(entry, "tokens", -1);
        if (want_rows != (double)rows)
            vfault(v, "%llu rows, manifest says %.0f", (unsigned long long)rows, want_rows);
        if (!v->undecided && want_tokens != (double)tokens)
            vfault(v, "%llu non-pad tokens, manifest says %.0f", (unsigned long long)tokens, want_tokens);
    }
    v->rows += rows;
    v->rep->records += rows;
    if (kind == FM_SHARD_MDS) v->mds_shards++;
    fm_shard_row_release(&row);
    fm_shard_reader_close(rd);
    if (v->suppressed && v->rep->fault) {
        char what[128];
        snprintf(what, sizeof what, "… and %llu more faults in this file (only the first %d are shown)",
                 (unsigned long long)v->suppressed, FM_VERIFY_SHARD_FAULTS);
        v->rep->fault(v->rep->ctx, path, what);
    }
    return 1;
}

static void end(void *state, int all_read)
{
    vpack *v = state;
    if (all_read && !v->unreadable) {
        fm_strbuf mp = FM_STRBUF_INIT;
        fm_path_join(&mp, v->dir, "manifest.json");
        const cJSON *c = v->counts;
        struct { const char *key; double got; } want[] = {
            { "rows", (double)v->rows },
            { "examples_packed", (double)v->segments },
            { "decoder_tokens", (double)v->dec_tokens },
            { "decoder_slots", (double)v->rows * (v->encdec ? v->B : v->L) },
            { "encoder_tokens", (double)v->enc_tokens },
            { "encoder_slots", (double)v->rows * v->A },
        };
        for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
            if (i >= 4 && !v->encdec) break;
            double m = fm_json_num_or(c, want[i].key, -1);
            if (m != want[i].got)
                fm_verify_fault(v->rep, mp.buf, "counts.%s is %.0f, the shards hold %.0f", want[i].key, m, want[i].got);
        }
        fm_strbuf_release(&mp);
    }
    free(v->scratch_seg);
    free(v->scratch_loss);
    free(v->dir);
    free(v);
}

const fm_verify_checker fm_verify_pack_checker = { "pack", begin, file, end };
