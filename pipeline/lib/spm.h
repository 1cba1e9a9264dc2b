/* spm.h: a thin C interface to libsentencepiece (C++17), the project's only door to it.
 *
 * Debian's libsentencepiece 0.1.97 has a C++ API only; spm_shim.cc wraps one
 * SentencePieceProcessor behind these extern "C" functions and catches every C++
 * exception at the boundary (an exception becomes an fm_error, never a crash).
 *
 * A loaded fm_spm is immutable: every function taking `const fm_spm *` may be called from
 * several threads at once (SentencePieceProcessor::Encode and Decode are const).
 *
 * Higher layers use tokenizer.h (fm_spm_model, fm_tokenizer); this header is the raw
 * library access that tokenizer.c and benchmarks build on.
 */
#ifndef FM_SPM_H
#define FM_SPM_H

#include "error.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fm_spm fm_spm;

/* Load a SentencePiece model file. NULL with err (FM_EMODEL) if the file is missing,
 * unreadable, or not a SentencePiece model. */
fm_spm *fm_spm_load(const char *path, fm_error *err);
void fm_spm_free(fm_spm *s);

/* ids of text[0..n) exactly as the library gives them (spm_encode --output_format=id):
 * *ids is a malloc'd array grown as needed (*cap elements), *len is set. 0 or -1. */
int fm_spm_encode(const fm_spm *s, const char *text, size_t n, int32_t **ids, size_t *len,
                  size_t *cap, fm_error *err);
/* Text of ids, appended to out. Ids out of range are an error. 0 or -1. */
int fm_spm_decode(const fm_spm *s, const int32_t *ids, size_t n, fm_strbuf *out, fm_error *err);

int fm_spm_piece_size(const fm_spm *s);
/* Piece text of id (not NUL-safe copy: points into the model, valid while it is loaded).
 * NULL if id is out of range. */
const char *fm_spm_id_to_piece(const fm_spm *s, int id, size_t *len);
float fm_spm_score(const fm_spm *s, int id);
int fm_spm_is_unknown(const fm_spm *s, int id);
int fm_spm_is_control(const fm_spm *s, int id);
int fm_spm_is_unused(const fm_spm *s, int id);
int fm_spm_is_byte(const fm_spm *s, int id);
/* Reserved ids, -1 when the model defines none. */
int fm_spm_unk_id(const fm_spm *s);
int fm_spm_bos_id(const fm_spm *s);
int fm_spm_eos_id(const fm_spm *s);
int fm_spm_pad_id(const fm_spm *s);

/* The model's serialized ModelProto (protobuf wire format), appended to out: the source of
 * everything the C API does not expose (model type, normalizer spec, user-defined
 * symbols). spm_proto.h parses it. 0 or -1. */
int fm_spm_serialized_proto(const fm_spm *s, fm_strbuf *out, fm_error *err);

#ifdef __cplusplus
}
#endif

#endif
