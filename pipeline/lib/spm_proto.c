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
                if (wt == 2 && num >= 45 && num <= 48) {
                    const char **name[] = { &out->unk_piece, &out->bos_piece, &out->eos_piece,
                                            &out->pad_piece };
                    size_t *len[] = { &out->unk_piece_len, &out->bos_piece_len, &out->eos_piece_len,
                                      &out->pad_piece_len };
                    *name[num - 45] = (const char *)s2.p;
                    *len[num - 45] = (size_t)(s2.end - s2.p);
                }
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
        } else if (num == 4) {
            out->has_self_test_data = 1;
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

/* ---- what the library's loader checks and reports -------------------------------------- */
/* Pieces by (map, text): the library keeps NORMAL, USER_DEFINED and UNUSED pieces in one
 * map and the others (UNKNOWN, CONTROL, BYTE) in a second one, and PieceToId looks in the
 * second first. An open-addressing set of piece indices per map finds duplicates and
 * answers the four reserved-name lookups. */
typedef struct piece_set {
    uint32_t *slot; /* piece index + 1, 0 empty */
    size_t mask;
} piece_set;

static int is_reserved_type(int type)
{
    return !(type == FM_PIECE_NORMAL || type == FM_PIECE_USER_DEFINED || type == FM_PIECE_UNUSED);
}

static uint64_t piece_hash(const char *s, size_t n, int reserved)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)reserved;
    for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* Index of the piece with this text in the given map, or -1. */
static long set_find(const piece_set *ps, const fm_spm_proto *p, const char *s, size_t n, int reserved)
{
    size_t i = (size_t)piece_hash(s, n, reserved) & ps->mask;
    for (;; i = (i + 1) & ps->mask) {
        uint32_t e = ps->slot[i];
        if (!e) return -1;
        const fm_spm_piece_info *pi = &p->pieces[e - 1];
        if (is_reserved_type(pi->type) == reserved && pi->len == n && !memcmp(pi->piece, s, n))
            return (long)e - 1;
    }
}

/* PieceToId(name) as the library: the name is used up to its first NUL (the library
 * passes the std::string's data() to a C-string view); an empty name means the default. */
static int piece_to_id(const piece_set *ps, const fm_spm_proto *p, const char *name, size_t len,
                       const char *dflt, int unk_id)
{
    if (!name || len == 0) {
        name = dflt;
        len = strlen(dflt);
    } else {
        len = strnlen(name, len);
    }
    long id = set_find(ps, p, name, len, 1);
    if (id < 0) id = set_find(ps, p, name, len, 0);
    return id < 0 ? unk_id : (int)id;
}

int fm_spm_proto_check(const fm_spm_proto *p, fm_spm_proto_ids *ids, const char **why)
{
    *why = "";
    if (p->n_pieces == 0 || p->n_pieces > (size_t)INT32_MAX / 2) {
        *why = "no pieces";
        return -1;
    }
    piece_set ps;
    size_t size = 16;
    while (size < 2 * p->n_pieces) size *= 2;
    ps.slot = fm_xcalloc(size, sizeof *ps.slot);
    ps.mask = size - 1;
    int unk = -1, normal = 0, rc = 0;
    for (size_t i = 0; i < p->n_pieces && !rc; i++) {
        const fm_spm_piece_info *pi = &p->pieces[i];
        int reserved = is_reserved_type(pi->type);
        if (pi->len == 0) {
            *why = "empty piece";
            rc = -1;
        } else if (pi->type < FM_PIECE_NORMAL || pi->type > FM_PIECE_BYTE) {
            *why = "unknown piece type";
            rc = -1;
        } else if (pi->type == FM_PIECE_BYTE) {
            *why = "byte pieces"; /* not validated here: the caller lets the library decide */
            rc = -1;
        } else if (set_find(&ps, p, pi->piece, pi->len, reserved) >= 0) {
            *why = "piece defined twice";
            rc = -1;
        } else if (pi->type == FM_PIECE_UNKNOWN && unk >= 0) {
            *why = "unknown piece defined twice";
            rc = -1;
        } else {
            size_t k = (size_t)piece_hash(pi->piece, pi->len, reserved) & ps.mask;
            while (ps.slot[k]) k = (k + 1) & ps.mask;
            ps.slot[k] = (uint32_t)i + 1;
            if (pi->type == FM_PIECE_UNKNOWN) unk = (int)i;
            if (!reserved) normal++;
        }
    }
    if (!rc && unk < 0) {
        *why = "no unknown piece";
        rc = -1;
    }
    if (!rc && normal == 0) {
        *why = "no pieces"; /* the unigram trie would be empty */
        rc = -1;
    }
    if (!rc) {
        int id;
        ids->vocab_size = (int)p->n_pieces;
        id = piece_to_id(&ps, p, p->unk_piece, p->unk_piece_len, "<unk>", unk);
        ids->unk_id = p->pieces[id].type == FM_PIECE_UNKNOWN ? id : -1;
        id = piece_to_id(&ps, p, p->bos_piece, p->bos_piece_len, "<s>", unk);
        ids->bos_id = p->pieces[id].type == FM_PIECE_CONTROL ? id : -1;
        id = piece_to_id(&ps, p, p->eos_piece, p->eos_piece_len, "</s>", unk);
        ids->eos_id = p->pieces[id].type == FM_PIECE_CONTROL ? id : -1;
        id = piece_to_id(&ps, p, p->pad_piece, p->pad_piece_len, "<pad>", unk);
        ids->pad_id = p->pieces[id].type == FM_PIECE_CONTROL ? id : -1;
    }
    free(ps.slot);
    return rc;
}
