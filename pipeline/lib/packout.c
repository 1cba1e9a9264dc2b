#include "packout.h"

#include "json.h"
#include "jsonl_rows.h"
#include "mds.h"
#include "megatron.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <emmintrin.h>
#define FM_ROW_SSE2 1 /* rows are built 8 uint16 values at a time (same bytes as the loops) */
#endif

struct fm_packout {
    fm_pack_cfg cfg;
    fm_packout_opts o;
    fm_mds_writer *mds;
    fm_jsonl_writer *jsonl;
    fm_megatron_writer *meg;
    size_t ncols;
    fm_strbuf col[8];
    fm_strbuf line;
};

int fm_out_format_parse(const char *s, fm_out_format *out, fm_error *err)
{
    if (s && !strcmp(s, "mds")) { *out = FM_FORMAT_MDS; return 0; }
    if (s && !strcmp(s, "jsonl")) { *out = FM_FORMAT_JSONL; return 0; }
    if (s && !strcmp(s, "megatron")) { *out = FM_FORMAT_MEGATRON; return 0; }
    return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--format: expected mds, jsonl or megatron, got '%s'",
                        s ? s : "");
}

const char *fm_out_format_name(fm_out_format f)
{
    return f == FM_FORMAT_MDS ? "mds" : f == FM_FORMAT_JSONL ? "jsonl" : "megatron";
}

/* uint16 for positions and segment ids while they fit (both are < row length). */
static int small_width(uint32_t len) { return len < 65536 ? 2 : 4; }

static void enc_name(char *buf, size_t n, int width, uint32_t len)
{
    snprintf(buf, n, "ndarray:%s:%u", width == 1 ? "uint8" : width == 2 ? "uint16" : "uint32", len);
}

fm_packout *fm_packout_open(const char *dir, const fm_pack_cfg *cfg, const fm_packout_opts *o,
                            fm_error *err)
{
    fm_packout *po = fm_xcalloc(1, sizeof *po);
    po->cfg = *cfg;
    po->o = *o;
    if (o->format == FM_FORMAT_MDS) {
        char enc[8][48];
        fm_mds_column cols[8];
        size_t n = 0;
        int dt = (int)o->dtype;
        if (cfg->layout == FM_LAYOUT_PREFIXLM) {
            uint32_t L = cfg->seq_len;
            int pw = small_width(L);
            const char *names[4] = { "loss_mask", "positions", "segment_ids", "tokens" };
            int widths[4] = { 1, pw, pw, dt };
            for (; n < 4; n++) {
                enc_name(enc[n], sizeof enc[n], widths[n], L);
                cols[n] = (fm_mds_column){ names[n], enc[n], (uint32_t)widths[n] * L };
            }
        } else {
            uint32_t A = cfg->inputs_len, B = cfg->targets_len;
            const char *names[8] = { "decoder_input_tokens", "decoder_loss_weights", "decoder_positions",
                                     "decoder_segment_ids", "decoder_target_tokens", "encoder_input_tokens",
                                     "encoder_positions", "encoder_segment_ids" };
            int widths[8] = { dt, 1, small_width(B), small_width(B), dt, dt, small_width(A), small_width(A) };
            uint32_t lens[8] = { B, B, B, B, B, A, A, A };
            for (; n < 8; n++) {
                enc_name(enc[n], sizeof enc[n], widths[n], lens[n]);
                cols[n] = (fm_mds_column){ names[n], enc[n], (uint32_t)widths[n] * lens[n] };
            }
        }
        po->ncols = n;
        po->mds = fm_mds_writer_open(dir, cols, n, o->shard_bytes, o->zstd_level, o->zstd_window_log,
                                     o->hash_xxh3, err);
        if (!po->mds) goto fail;
        if (o->zcctx) fm_mds_writer_use_cctx(po->mds, o->zcctx);
    } else if (o->format == FM_FORMAT_JSONL) {
        po->jsonl = fm_jsonl_writer_open(dir, o->shard_bytes, o->zstd_level, err);
        if (!po->jsonl) goto fail;
    } else {
        if (cfg->layout != FM_LAYOUT_PREFIXLM) {
            fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                         "--format megatron holds decoder-only sequences: use --layout prefixlm");
            goto fail;
        }
        po->meg = fm_megatron_writer_open(dir, o->dtype, o->shard_bytes, err);
        if (!po->meg) goto fail;
    }
    return po;
fail:
    free(po);
    return NULL;
}

/* Little-endian array of x[0..n) in `width` bytes each; ids checked against the width. */
static int put_array(fm_strbuf *sb, const int32_t *x, uint32_t n, int width, fm_error *err)
{
    fm_strbuf_reset(sb);
    fm_strbuf_grow(sb, (size_t)n * (size_t)width);
    unsigned char *p = (unsigned char *)sb->buf;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t v = (uint32_t)x[i];
        if (x[i] < 0 || (width == 2 && v > 65535))
            return fm_error_set(err, FM_EINPUT, NULL, 0, NULL,
                                "token id %d does not fit uint%d (use --dtype uint32)", (int)x[i], width * 8);
        p[0] = (unsigned char)v;
        p[1] = (unsigned char)(v >> 8);
        if (width == 4) {
            p[2] = (unsigned char)(v >> 16);
            p[3] = (unsigned char)(v >> 24);
        }
        p += width;
    }
    fm_strbuf_setlen(sb, (size_t)n * (size_t)width);
    return 0;
}

static void put_bytes(fm_strbuf *sb, const uint8_t *x, uint32_t n)
{
    fm_strbuf_reset(sb);
    fm_strbuf_add(sb, x, n);
}

static void json_ints(fm_strbuf *sb, const char *key, const int32_t *x, uint32_t n)
{
    fm_strbuf_addf(sb, "\"%s\":[", key);
    for (uint32_t i = 0; i < n; i++) {
        if (i) fm_strbuf_addch(sb, ',');
        fm_json_add_int(sb, x[i]);
    }
    fm_strbuf_addch(sb, ']');
}

static void json_u8(fm_strbuf *sb, const char *key, const uint8_t *x, uint32_t n)
{
    fm_strbuf_addf(sb, "\"%s\":[", key);
    for (uint32_t i = 0; i < n; i++) {
        if (i) fm_strbuf_addch(sb, ',');
        fm_strbuf_addch(sb, (char)('0' + x[i]));
    }
    fm_strbuf_addch(sb, ']');
}

int fm_packout_add(fm_packout *po, const fm_row *r, fm_error *err)
{
    const fm_pack_cfg *c = &po->cfg;
    int dt = (int)po->o.dtype;
    uint64_t tokens = (uint64_t)r->enc_used + r->dec_used;
    if (po->meg) return fm_megatron_writer_add(po->meg, r->dec_tokens, r->dec_used, err);
    if (po->mds) {
        const void *data[8];
        uint32_t len[8];
        if (c->layout == FM_LAYOUT_PREFIXLM) {
            int pw = small_width(r->dec_len);
            put_bytes(&po->col[0], r->dec_loss, r->dec_len);
            if (put_array(&po->col[1], r->dec_pos, r->dec_len, pw, err) < 0 ||
                put_array(&po->col[2], r->dec_seg, r->dec_len, pw, err) < 0 ||
                put_array(&po->col[3], r->dec_tokens, r->dec_len, dt, err) < 0)
                return -1;
        } else {
            int bw = small_width(r->dec_len), aw = small_width(r->enc_len);
            if (put_array(&po->col[0], r->dec_inputs, r->dec_len, dt, err) < 0) return -1;
            put_bytes(&po->col[1], r->dec_loss, r->dec_len);
            if (put_array(&po->col[2], r->dec_pos, r->dec_len, bw, err) < 0 ||
                put_array(&po->col[3], r->dec_seg, r->dec_len, bw, err) < 0 ||
                put_array(&po->col[4], r->dec_tokens, r->dec_len, dt, err) < 0 ||
                put_array(&po->col[5], r->enc_tokens, r->enc_len, dt, err) < 0 ||
                put_array(&po->col[6], r->enc_pos, r->enc_len, aw, err) < 0 ||
                put_array(&po->col[7], r->enc_seg, r->enc_len, aw, err) < 0)
                return -1;
        }
        for (size_t i = 0; i < po->ncols; i++) {
            data[i] = po->col[i].buf;
            len[i] = (uint32_t)po->col[i].len;
        }
        return fm_mds_writer_add(po->mds, data, len, tokens, err);
    }
    fm_strbuf *l = &po->line;
    fm_strbuf_reset(l);
    fm_strbuf_addch(l, '{');
    if (c->layout == FM_LAYOUT_PREFIXLM) {
        /* Padding-free: only the used positions. */
        uint32_t n = r->dec_used;
        json_ints(l, "input_ids", r->dec_tokens, n);
        fm_strbuf_addch(l, ',');
        if (po->o.jsonl_labels == FM_JSONL_LABELS) {
            fm_strbuf_addstr(l, "\"labels\":[");
            for (uint32_t i = 0; i < n; i++) {
                if (i) fm_strbuf_addch(l, ',');
                fm_json_add_int(l, r->dec_loss[i] ? r->dec_tokens[i] : -100);
            }
            fm_strbuf_addch(l, ']');
        } else {
            json_u8(l, "completion_mask", r->dec_loss, n);
        }
        fm_strbuf_addch(l, ',');
        json_ints(l, "position_ids", r->dec_pos, n);
        fm_strbuf_addstr(l, ",\"seq_lengths\":[");
        for (uint32_t s = 0; s < r->nseg; s++) fm_strbuf_addf(l, s ? ",%u" : "%u", r->seg_len[s]);
        fm_strbuf_addch(l, ']');
    } else {
        json_ints(l, "encoder_input_tokens", r->enc_tokens, r->enc_len);
        fm_strbuf_addch(l, ',');
        json_ints(l, "encoder_segment_ids", r->enc_seg, r->enc_len);
        fm_strbuf_addch(l, ',');
        json_ints(l, "encoder_positions", r->enc_pos, r->enc_len);
        fm_strbuf_addch(l, ',');
        json_ints(l, "decoder_target_tokens", r->dec_tokens, r->dec_len);
        fm_strbuf_addch(l, ',');
        json_ints(l, "decoder_input_tokens", r->dec_inputs, r->dec_len);
        fm_strbuf_addch(l, ',');
        json_ints(l, "decoder_segment_ids", r->dec_seg, r->dec_len);
        fm_strbuf_addch(l, ',');
        json_ints(l, "decoder_positions", r->dec_pos, r->dec_len);
        fm_strbuf_addch(l, ',');
        json_u8(l, "decoder_loss_weights", r->dec_loss, r->dec_len);
    }
    fm_strbuf_addch(l, '}');
    return fm_jsonl_writer_add(po->jsonl, l->buf, l->len, tokens, err);
}

/* ---- rows written straight from the examples ------------------------------------------------
 * For MDS (fixed-size samples) and Megatron (one example per row) a row's bytes are written
 * directly from its examples, without materializing the row's int32 arrays first. The bytes
 * are the same as fm_pack_build_row() + fm_packout_add() give; an id that does not fit its
 * column sends the row through that path, which reports it. */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline void st16(unsigned char *p, uint32_t v) { uint16_t t = (uint16_t)v; memcpy(p, &t, 2); }
static inline void st32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
#else
static inline void st16(unsigned char *p, uint32_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static inline void st32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
#endif

/* n little-endian values of `width` bytes: from, from+1, ... (step 1) or v repeated (step 0). */
static void put_seq(unsigned char *p, int width, uint32_t n, uint32_t from, uint32_t step)
{
    uint32_t i = 0;
    if (width == 2) {
#ifdef FM_ROW_SSE2
        /* uint16 lanes wrap as st16 truncates */
        __m128i v = _mm_add_epi16(_mm_set1_epi16((short)from),
                                  _mm_mullo_epi16(_mm_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7), _mm_set1_epi16((short)step)));
        __m128i inc = _mm_set1_epi16((short)(8 * step));
        for (; i + 8 <= n; i += 8) {
            _mm_storeu_si128((__m128i *)(void *)(p + 2 * (size_t)i), v);
            v = _mm_add_epi16(v, inc);
        }
#endif
        for (; i < n; i++) st16(p + 2 * (size_t)i, from + step * i);
    } else {
        for (; i < n; i++) st32(p + 4 * (size_t)i, from + step * i);
    }
}

/* Ids x[0..n) as `width`-byte values; returns nonzero if one does not fit (negative or too big). */
static uint32_t put_ids(unsigned char *p, int width, const int32_t *x, uint32_t n)
{
    uint32_t bad = 0, i = 0;
    if (width == 2) {
#ifdef FM_ROW_SSE2
        /* SSE2 has no unsigned 32 -> 16 pack: shift into the signed range, pack with signed
         * saturation (exact for ids in [0, 65536)), shift back. Ids out of range leave other
         * bytes than st16's, but then the row is refused (bad) and rebuilt by the row path. */
        const __m128i bias = _mm_set1_epi32(32768), flip = _mm_set1_epi16((short)0x8000);
        __m128i any = _mm_setzero_si128();
        for (; i + 8 <= n; i += 8) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(x + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(x + i + 4));
            any = _mm_or_si128(any, _mm_or_si128(a, b));
            __m128i w = _mm_packs_epi32(_mm_sub_epi32(a, bias), _mm_sub_epi32(b, bias));
            _mm_storeu_si128((__m128i *)(void *)(p + 2 * (size_t)i), _mm_xor_si128(w, flip));
        }
        any = _mm_or_si128(any, _mm_srli_si128(any, 8));
        any = _mm_or_si128(any, _mm_srli_si128(any, 4));
        bad = (uint32_t)_mm_cvtsi128_si32(any);
#endif
        for (; i < n; i++) {
            uint32_t v = (uint32_t)x[i];
            bad |= v;
            st16(p + 2 * (size_t)i, v);
        }
        return bad >> 16;
    }
    for (; i < n; i++) {
        uint32_t v = (uint32_t)x[i];
        bad |= v;
        st32(p + 4 * (size_t)i, v);
    }
    return bad >> 31;
}

static uint32_t pad_bad(int width, int32_t pad)
{
    return width == 2 ? (uint32_t)pad >> 16 : (uint32_t)pad >> 31;
}

/* A prefixlm sample: loss_mask, positions, segment_ids, tokens (seq_len each). */
static int sample_prefixlm(const fm_packout *po, const fm_example *ex, const fm_pack_plan *p, uint32_t r,
                           unsigned char *s, uint32_t *used)
{
    const fm_pack_cfg *c = &po->cfg;
    uint32_t L = c->seq_len, k = 0, seg = 0, bad = 0;
    int pw = small_width(L), dt = (int)po->o.dtype;
    unsigned char *loss = s, *pos = loss + L, *sid = pos + (size_t)pw * L, *tok = sid + (size_t)pw * L;
    for (uint32_t m = p->row_start[r]; m < p->row_start[r + 1]; m++) {
        const fm_example *e = &ex[p->members[m]];
        uint32_t n = e->n_in + e->n_tg;
        seg++;
        memset(loss + k, c->loss_on_inputs ? 1 : 0, e->n_in);
        memset(loss + k + e->n_in, 1, e->n_tg);
        put_seq(pos + (size_t)pw * k, pw, n, 0, 1);
        put_seq(sid + (size_t)pw * k, pw, n, seg, 0);
        bad |= put_ids(tok + (size_t)dt * k, dt, e->in, e->n_in);
        bad |= put_ids(tok + (size_t)dt * (k + e->n_in), dt, e->tg, e->n_tg);
        k += n;
    }
    memset(loss + k, 0, L - k);
    memset(pos + (size_t)pw * k, 0, (size_t)pw * (L - k));
    memset(sid + (size_t)pw * k, 0, (size_t)pw * (L - k));
    put_seq(tok + (size_t)dt * k, dt, L - k, (uint32_t)c->pad_id, 0);
    bad |= pad_bad(dt, c->pad_id);
    *used = k;
    return bad ? -1 : 0;
}

/* An encdec sample: decoder_input_tokens, decoder_loss_weights, decoder_positions,
 * decoder_segment_ids, decoder_target_tokens (targets_len each), encoder_input_tokens,
 * encoder_positions, encoder_segment_ids (inputs_len each). */
static int sample_encdec(const fm_packout *po, const fm_example *ex, const fm_pack_plan *p, uint32_t r,
                         unsigned char *s, uint32_t *enc_used, uint32_t *dec_used)
{
    const fm_pack_cfg *c = &po->cfg;
    uint32_t A = c->inputs_len, B = c->targets_len, ka = 0, kb = 0, seg = 0, bad = 0;
    int aw = small_width(A), bw = small_width(B), dt = (int)po->o.dtype;
    unsigned char *din = s, *dloss = din + (size_t)dt * B, *dpos = dloss + B, *dseg = dpos + (size_t)bw * B;
    unsigned char *dtok = dseg + (size_t)bw * B, *etok = dtok + (size_t)dt * B;
    unsigned char *epos = etok + (size_t)dt * A, *eseg = epos + (size_t)aw * A;
    for (uint32_t m = p->row_start[r]; m < p->row_start[r + 1]; m++) {
        const fm_example *e = &ex[p->members[m]];
        seg++;
        bad |= put_ids(etok + (size_t)dt * ka, dt, e->in, e->n_in);
        put_seq(epos + (size_t)aw * ka, aw, e->n_in, 0, 1);
        put_seq(eseg + (size_t)aw * ka, aw, e->n_in, seg, 0);
        ka += e->n_in;
        if (e->n_tg) {
            /* decoder inputs: the pad id (decoder start), then the targets shifted right */
            put_seq(din + (size_t)dt * kb, dt, 1, (uint32_t)c->pad_id, 0);
            bad |= put_ids(din + (size_t)dt * (kb + 1), dt, e->tg, e->n_tg - 1);
        }
        memset(dloss + kb, 1, e->n_tg);
        put_seq(dpos + (size_t)bw * kb, bw, e->n_tg, 0, 1);
        put_seq(dseg + (size_t)bw * kb, bw, e->n_tg, seg, 0);
        bad |= put_ids(dtok + (size_t)dt * kb, dt, e->tg, e->n_tg);
        kb += e->n_tg;
    }
    put_seq(din + (size_t)dt * kb, dt, B - kb, (uint32_t)c->pad_id, 0);
    memset(dloss + kb, 0, B - kb);
    memset(dpos + (size_t)bw * kb, 0, (size_t)bw * (B - kb));
    memset(dseg + (size_t)bw * kb, 0, (size_t)bw * (B - kb));
    put_seq(dtok + (size_t)dt * kb, dt, B - kb, (uint32_t)c->pad_id, 0);
    put_seq(etok + (size_t)dt * ka, dt, A - ka, (uint32_t)c->pad_id, 0);
    memset(epos + (size_t)aw * ka, 0, (size_t)aw * (A - ka));
    memset(eseg + (size_t)aw * ka, 0, (size_t)aw * (A - ka));
    bad |= pad_bad(dt, c->pad_id);
    *enc_used = ka;
    *dec_used = kb;
    return bad ? -1 : 0;
}

int fm_packout_add_planned(fm_packout *po, const fm_example *ex, const fm_pack_plan *p, uint32_t r,
                           fm_row *row, fm_pack_stats *st, fm_error *err)
{
    const fm_pack_cfg *c = &po->cfg;
    uint32_t nseg = p->row_start[r + 1] - p->row_start[r], enc_used = 0, dec_used = 0;
    int direct = 0;
    if (po->mds) {
        unsigned char *s = fm_mds_writer_reserve(po->mds);
        direct = s && (c->layout == FM_LAYOUT_PREFIXLM ? sample_prefixlm(po, ex, p, r, s, &dec_used)
                                                       : sample_encdec(po, ex, p, r, s, &enc_used, &dec_used)) == 0;
    } else if (po->meg && nseg == 1) {
        const fm_example *e = &ex[p->members[p->row_start[r]]];
        const int32_t *parts[2] = { e->in, e->tg };
        uint32_t lens[2] = { e->n_in, e->n_tg };
        if (fm_megatron_writer_add_parts(po->meg, parts, lens, 2, err) < 0) return -1;
        dec_used = e->n_in + e->n_tg;
        direct = 2;
    }
    if (!direct) {
        fm_pack_build_row(c, ex, p, r, row, st);
        return fm_packout_add(po, row, err);
    }
    if (st) { /* as fm_pack_build_row counts */
        st->rows++;
        st->examples += nseg;
        if (c->layout == FM_LAYOUT_ENCDEC) {
            st->enc_slots += c->inputs_len;
            st->enc_tokens += enc_used;
            st->dec_slots += c->targets_len;
        } else {
            st->dec_slots += c->seq_len;
        }
        st->dec_tokens += dec_used;
    }
    return direct == 2 ? 0 : fm_mds_writer_commit(po->mds, (uint64_t)enc_used + dec_used, err);
}

int fm_packout_expect(fm_packout *po, uint64_t rows, fm_error *err)
{
    return po->mds ? fm_mds_writer_expect(po->mds, rows, err) : 0;
}

static void packout_free(fm_packout *po)
{
    for (size_t i = 0; i < 8; i++) fm_strbuf_release(&po->col[i]);
    fm_strbuf_release(&po->line);
    free(po);
}

int fm_packout_finish(fm_packout *po, fm_shard_list *out, fm_error *err)
{
    int rc;
    if (po->mds) rc = fm_mds_writer_finish(po->mds, out, err);
    else if (po->jsonl) rc = fm_jsonl_writer_finish(po->jsonl, out, err);
    else rc = fm_megatron_writer_finish(po->meg, out, err);
    packout_free(po);
    return rc;
}

void fm_packout_abort(fm_packout *po)
{
    if (!po) return;
    fm_mds_writer_abort(po->mds);
    fm_jsonl_writer_abort(po->jsonl);
    fm_megatron_writer_abort(po->meg);
    packout_free(po);
}
