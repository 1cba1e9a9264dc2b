// spm_shim.cc: extern "C" wrapper of sentencepiece::SentencePieceProcessor (see spm.h).
// Every entry point catches C++ exceptions (std::bad_alloc included) and turns them into
// an fm_error, so no exception ever crosses into C.
extern "C" {
#include "error.h"
#include "fileio.h"
#include "strbuf.h"
}
#include "spm.h"

#include <sentencepiece_processor.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

struct fm_spm {
    sentencepiece::SentencePieceProcessor sp;
};

extern "C" fm_spm *fm_spm_load(const char *path, fm_error *err)
{
    try {
        if (!fm_path_exists(path)) {
            fm_error_set(err, FM_EMODEL, path, 0, nullptr,
                         "tokenizer model not found (pass --model PATH to a SentencePiece .model file)");
            return nullptr;
        }
        fm_spm *s = new fm_spm;
        const auto st = s->sp.Load(path);
        if (!st.ok()) {
            fm_error_set(err, FM_EMODEL, path, 0, nullptr,
                         "not a usable SentencePiece model: %s", st.ToString().c_str());
            delete s;
            return nullptr;
        }
        if (s->sp.GetPieceSize() <= 0) {
            fm_error_set(err, FM_EMODEL, path, 0, nullptr, "SentencePiece model has no pieces");
            delete s;
            return nullptr;
        }
        return s;
    } catch (const std::exception &e) {
        fm_error_set(err, FM_EMODEL, path, 0, nullptr, "cannot load SentencePiece model: %s", e.what());
    } catch (...) {
        fm_error_set(err, FM_EMODEL, path, 0, nullptr, "cannot load SentencePiece model");
    }
    return nullptr;
}

extern "C" void fm_spm_free(fm_spm *s)
{
    delete s;
}

extern "C" int fm_spm_encode(const fm_spm *s, const char *text, size_t n, int32_t **ids,
                             size_t *len, size_t *cap, fm_error *err)
{
    try {
        // One vector per thread, reused: the library appends into it.
        thread_local std::vector<int> v;
        v.clear();
        const auto st = s->sp.Encode(absl::string_view(text, n), &v);
        if (!st.ok())
            return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece: %s",
                                st.ToString().c_str());
        if (v.size() > *cap) {
            size_t c = *cap ? *cap : 64;
            while (c < v.size()) c *= 2;
            *ids = static_cast<int32_t *>(fm_xrealloc(*ids, c * sizeof(int32_t)));
            *cap = c;
        }
        for (size_t i = 0; i < v.size(); i++) (*ids)[i] = v[i];
        *len = v.size();
        if (v.capacity() > (1u << 20)) std::vector<int>().swap(v); // do not pin huge buffers
        return 0;
    } catch (const std::exception &e) {
        return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece encode: %s", e.what());
    } catch (...) {
        return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece encode failed");
    }
}

extern "C" int fm_spm_decode(const fm_spm *s, const int32_t *ids, size_t n, fm_strbuf *out,
                             fm_error *err)
{
    try {
        const int size = s->sp.GetPieceSize();
        std::vector<int> v(n);
        for (size_t i = 0; i < n; i++) {
            if (ids[i] < 0 || ids[i] >= size)
                return fm_error_set(err, FM_EINPUT, nullptr, 0, nullptr,
                                    "token id %ld out of range (vocabulary has %d pieces)",
                                    (long)ids[i], size);
            v[i] = ids[i];
        }
        std::string text;
        const auto st = s->sp.Decode(v, &text);
        if (!st.ok())
            return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece decode: %s",
                                st.ToString().c_str());
        fm_strbuf_add(out, text.data(), text.size());
        return 0;
    } catch (const std::exception &e) {
        return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece decode: %s", e.what());
    } catch (...) {
        return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece decode failed");
    }
}

extern "C" int fm_spm_piece_size(const fm_spm *s)
{
    return s->sp.GetPieceSize();
}

extern "C" const char *fm_spm_id_to_piece(const fm_spm *s, int id, size_t *len)
{
    if (id < 0 || id >= s->sp.GetPieceSize()) return nullptr;
    try {
        const std::string &p = s->sp.IdToPiece(id);
        if (len) *len = p.size();
        return p.c_str();
    } catch (...) {
        return nullptr;
    }
}

#define FM_SPM_ID_PRED(name, method)                                   \
    extern "C" int name(const fm_spm *s, int id)                       \
    {                                                                  \
        if (id < 0 || id >= s->sp.GetPieceSize()) return 0;            \
        try {                                                          \
            return s->sp.method(id) ? 1 : 0;                           \
        } catch (...) {                                                \
            return 0;                                                  \
        }                                                              \
    }
FM_SPM_ID_PRED(fm_spm_is_unknown, IsUnknown)
FM_SPM_ID_PRED(fm_spm_is_control, IsControl)
FM_SPM_ID_PRED(fm_spm_is_unused, IsUnused)
FM_SPM_ID_PRED(fm_spm_is_byte, IsByte)

extern "C" float fm_spm_score(const fm_spm *s, int id)
{
    if (id < 0 || id >= s->sp.GetPieceSize()) return 0.0f;
    try {
        return s->sp.GetScore(id);
    } catch (...) {
        return 0.0f;
    }
}

extern "C" int fm_spm_unk_id(const fm_spm *s) { return s->sp.unk_id(); }
extern "C" int fm_spm_bos_id(const fm_spm *s) { return s->sp.bos_id(); }
extern "C" int fm_spm_eos_id(const fm_spm *s) { return s->sp.eos_id(); }
extern "C" int fm_spm_pad_id(const fm_spm *s) { return s->sp.pad_id(); }

extern "C" int fm_spm_serialized_proto(const fm_spm *s, fm_strbuf *out, fm_error *err)
{
    try {
        const std::string b = s->sp.serialized_model_proto();
        fm_strbuf_add(out, b.data(), b.size());
        return 0;
    } catch (const std::exception &e) {
        return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece: %s", e.what());
    } catch (...) {
        return fm_error_set(err, FM_EMODEL, nullptr, 0, nullptr, "sentencepiece: cannot serialize model");
    }
}
