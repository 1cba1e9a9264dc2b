/* spm_proto.h: what flanmix needs to know of a SentencePiece ModelProto, read from its
 * protobuf wire bytes (fm_spm_serialized_proto) without protobuf headers (Debian ships
 * libsentencepiece without them).
 *
 * Fields read (sentencepiece_model.proto): ModelProto.pieces (1: piece 1, score 2,
 * type 3), trainer_spec (2: model_type 3, treat_whitespace_as_suffix 24, byte_fallback 35,
 * unk_piece 45, bos_piece 46, eos_piece 47, pad_piece 48), normalizer_spec (3: name 1,
 * precompiled_charsmap 2, add_dummy_prefix 3, remove_extra_whitespaces 4,
 * escape_whitespaces 5, normalization_rule_tsv 6), self_test_data (4, presence only).
 * Unknown fields are skipped; proto2 defaults apply to absent ones.
 *
 * The bytes may be a .model file as it is (the file is the serialized ModelProto):
 * tokenizer.c builds the fast path from the file without loading libsentencepiece, and
 * fm_spm_proto_check() reproduces what the library's loader checks and the reserved ids
 * it reports.
 */
#ifndef FM_SPM_PROTO_H
#define FM_SPM_PROTO_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

enum fm_spm_piece_type {
    FM_PIECE_NORMAL = 1,
    FM_PIECE_UNKNOWN = 2,
    FM_PIECE_CONTROL = 3,
    FM_PIECE_USER_DEFINED = 4,
    FM_PIECE_UNUSED = 5,
    FM_PIECE_BYTE = 6
};

enum fm_spm_model_type { FM_MODEL_UNIGRAM = 1, FM_MODEL_BPE = 2, FM_MODEL_WORD = 3, FM_MODEL_CHAR = 4 };

typedef struct fm_spm_piece_info {
    const char *piece; /* points into the proto bytes; not NUL-terminated */
    uint32_t len;
    float score;
    int type; /* enum fm_spm_piece_type */
} fm_spm_piece_info;

typedef struct fm_spm_proto {
    fm_spm_piece_info *pieces;
    size_t n_pieces;
    int model_type;                 /* enum fm_spm_model_type; default unigram */
    int treat_whitespace_as_suffix; /* default 0 */
    int byte_fallback;              /* default 0 */
    /* normalizer spec */
    const char *norm_name;          /* points into proto bytes, norm_name_len long */
    size_t norm_name_len;
    const uint8_t *charsmap;        /* precompiled_charsmap, may be NULL */
    size_t charsmap_len;
    int add_dummy_prefix;           /* default 1 */
    int remove_extra_whitespaces;   /* default 1 */
    int escape_whitespaces;         /* default 1 */
    int has_rule_tsv;               /* normalization_rule_tsv present */
    /* trainer_spec names of the reserved pieces; NULL when absent (or empty: the library
     * then uses "<unk>", "<s>", "</s>", "<pad>") */
    const char *unk_piece, *bos_piece, *eos_piece, *pad_piece;
    size_t unk_piece_len, bos_piece_len, eos_piece_len, pad_piece_len;
    int has_self_test_data;         /* ModelProto.self_test_data present */
} fm_spm_proto;

/* What SentencePieceProcessor reports for a model, computed from its proto as the library
 * does (ModelInterface::InitializePieces, PieceToId, unk_id() ... pad_id()). */
typedef struct fm_spm_proto_ids {
    int vocab_size;
    int unk_id, bos_id, eos_id, pad_id; /* -1 when the model defines none */
} fm_spm_proto_ids;

/* 0 and *ids when the library would load this proto (as far as flanmix can tell: the
 * checks of InitializePieces: pieces present and non-empty, no piece defined twice, one
 * <unk>, byte pieces only with byte_fallback); -1 with *why otherwise. */
int fm_spm_proto_check(const fm_spm_proto *p, fm_spm_proto_ids *ids, const char **why);

/* Parse proto bytes (which must outlive *out: pointers point into them). 0 or -1. */
int fm_spm_proto_parse(const uint8_t *data, size_t n, fm_spm_proto *out, fm_error *err);
void fm_spm_proto_release(fm_spm_proto *p);

#endif
