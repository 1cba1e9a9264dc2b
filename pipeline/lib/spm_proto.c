/* spm_proto.c: a minimal protobuf wire-format reader for SentencePiece's ModelProto. */
#include "spm_proto.h"

#include <stdlib.h>
#include <string.h>

typedef struct pbuf {
    const uint8_t *p, *end;
} pbuf;

static int get_varint(pbuf *b, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (b->p >= b->end) return -1;
        uint8_t c = *b->p++;
        r |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

/* Next field: number, wire type; for length-delimited fields *sub is the payload; for
 * varints *v; fixed32 sets *f32. Returns 1 for a field, 0 at the end, -1 if malformed. */
static int next_field(pbuf *b, uint32_t *num, int *wt, uint64_t *v, pbuf *sub, uint32_t *f32)
{
    if (b->p >= b->end) return 0;
    uint64_t key;
    if (get_varint(b, &key)) return -1;
    *num = (uint32_t)(key >> 3);
    *wt = (int)(key & 7);
    switch (*wt) {
    case 0:
        return get_varint(b, v) ? -1 : 1;
    case 1:
        if (b->end - b->p < 8) return -1;
        b->p += 8;
        return 1;
    case 2: {
        uint64_t len;
        if (get_varint(b, &len) || len > (uint64_t)(b->end - b->p)) return -1;
        sub->p = b->p;
        sub->end = b->p + len;
        b->p += len;
        return 1;
    }
    case 5:
        if (b->end - b->p < 4) return -1;
        memcpy(f32, b->p, 4);
        b->p += 4;
        return 1;
    default:
        return -1;
    }
}

static int parse_piece(pbuf b, fm_spm_piece_info *pi)
{
    uint32_t num, f32 = 0;
    int wt, r;
    uint64_t v = 0;
    pbuf sub = { 0, 0 };
    pi->piece = "";
    pi->len = 0;
    pi->score = 0.0f;
    pi->type = FM_PIECE_NORMAL;
    while ((r = next_field(&b, &num, &wt, &v, &sub, &f32)) == 1) {
        if (num == 1 && wt == 2) {
            pi->piece = (const char *)sub.p;
            pi->len = (uint32_t)(sub.end - sub.p);
        } else if (num == 2 && wt == 5) {
            memcpy(&pi->score, &f32, 4);
        } else if (num == 3 && wt == 0) {
            pi->type = (int)v;
        }
    }
    return r;
}

int fm_spm_proto_parse(const uint8_t *data, size_t n, fm_spm_proto *out, fm_error *err)
{
    memset(out, 0, sizeof *out);
    out->model_type = FM_MODEL_UNIGRAM;
    out->add_dummy_prefix = 1;
    out->remove_extra_whitespaces = 1;
    out->escape_whitespaces = 1;
    size_t cap = 0;
    pbuf b = { data, data + n };
    uint32_t num, f32;
    int wt, r;
    uint64_t v;
    pbuf sub;
    while ((r = next_field(&b, &num, &wt, &v, &sub, &f32)) == 1) {
        if (num == 1 && wt == 2) {
            if (out->n_pieces == cap) {
                cap = cap ? cap * 2 : 1024;
                out->pieces = fm_xrealloc(out->pieces, cap * sizeof *out->pieces);
            }
            if (parse_piece(sub, &out->pieces[out->n_pieces++])) goto bad;
        } else if (num == 2 && wt == 2) {
            pbuf t = sub;
            pbuf s2;
            while ((r = next_field(&t, &num, &wt, &v, &s2, &f32)) == 1) {
                if (wt != 0) continue;
                if (num == 3) out->model_type = (int)v;
                else if (num == 24) out->treat_whitespace_as_suffix = v != 0;
                else if (num == 35) out->byte_fallback = v != 0;
            }
            if (r < 0) goto bad;
        } else if (num == 3 && wt == 2) {
            pbuf t = sub;
            pbuf s2;
            while ((r = next_field(&t, &num, &wt, &v, &s2, &f32)) == 1) {
                if (num == 1 && wt == 2) {
                    out->norm_name = (const char *)s2.p;
                    out->norm_name_len = (size_t)(s2.end - s2.p);
                } else if (num == 2 && wt == 2) {
                    out->charsmap = s2.p;
                    out->charsmap_len = (size_t)(s2.end - s2.p);
                } else if (num == 3 && wt == 0) {
                    out->add_dummy_prefix = v != 0;
                } else if (num == 4 && wt == 0) {
                    out->remove_extra_whitespaces = v != 0;
                } else if (num == 5 && wt == 0) {
                    out->escape_whitespaces = v != 0;
                } else if (num == 6 && wt == 2) {
                    out->has_rule_tsv = 1;
                }
            }
            if (r < 0) goto bad;
        }
    }
    if (r < 0) goto bad;
    return 0;
bad:
    fm_spm_proto_release(out);
    return fm_error_set(err, FM_EMODEL, NULL, 0, NULL, "malformed SentencePiece model proto");
}

void fm_spm_proto_release(fm_spm_proto *p)
{
    free(p->pieces);
    p->pieces = NULL;
    p->n_pieces = 0;
}
