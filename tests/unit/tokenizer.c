/* Unit tests of tokenizer.h: model loading and its errors, ids of known strings (T5 model
 * facts from ../shared/docs/reference/toolchain.md), decode, the thread pool, and the
 * fast path against the library on hand-picked hard cases. */
#include "unit.h"

#include "spm.h"
#include "tokenizer.h"

#include <stdint.h>
#include <unistd.h>

static char t5_path[8300];
static char fb_path[8300];

static int find_models(void)
{
    const char *shared = getenv("FM_SHARED");
    char buf[4096];
    if (!shared || !*shared) {
        const char *root = getenv("FM_ROOT");
        snprintf(buf, sizeof buf, "%s/../shared", root && *root ? root : ".");
        shared = buf;
    }
    snprintf(t5_path, sizeof t5_path, "%s/models/t5/spiece.model", shared);
    snprintf(fb_path, sizeof fb_path, "%s/models/fallback_unigram_8k/spm.model", shared);
    return access(t5_path, R_OK) == 0 && access(fb_path, R_OK) == 0;
}

static void test_load_errors(void)
{
    fm_error err;
    fm_error_clear(&err);
    CHECK(fm_spm_model_load("/nonexistent/spiece.model", &err) == NULL);
    CHECK_EQ_INT(err.code, FM_EMODEL);
    CHECK_EQ_STR(err.file, "/nonexistent/spiece.model");
    CHECK(strstr(err.reason, "not found") != NULL);

    char path[512];
    snprintf(path, sizeof path, "%s/fm-tok-notmodel-%d.txt", unit_tmpdir(), (int)getpid());
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs("this is not a sentencepiece model\n", f);
    fclose(f);
    fm_error_clear(&err);
    CHECK(fm_spm_model_load(path, &err) == NULL);
    CHECK_EQ_INT(err.code, FM_EMODEL);
    CHECK(strstr(err.reason, "not a usable SentencePiece model") != NULL);
    unlink(path);
}

static void test_t5_facts(void)
{
    fm_error err;
    fm_spm_model *m = fm_spm_model_load(t5_path, &err);
    CHECK(m != NULL);
    if (!m) return;
    CHECK_EQ_INT(fm_spm_model_vocab_size(m), 32000);
    CHECK_EQ_INT(fm_spm_model_pad_id(m), 0);
    CHECK_EQ_INT(fm_spm_model_eos_id(m), 1);
    CHECK_EQ_INT(fm_spm_model_unk_id(m), 2);
    CHECK_EQ_INT(fm_spm_model_bos_id(m), -1);
    CHECK_EQ_STR(fm_spm_model_type_name(m), "unigram");
    for (int fast = 0; fast <= 1; fast++) {
        fm_tokenizer *t = fm_tokenizer_new(m, fast);
        fm_ids ids = FM_IDS_INIT;
        CHECK_EQ_INT(fm_tokenizer_encode(t, "Hello world", 11, &ids, &err), 0);
        CHECK_EQ_INT(ids.n, 2);
        if (ids.n == 2) {
            CHECK_EQ_INT(ids.v[0], 8774);
            CHECK_EQ_INT(ids.v[1], 296);
        }
        /* Normalization: extra, leading and trailing whitespace and newlines vanish. */
        const char *messy = "  Hello \n\t world  ";
        CHECK_EQ_INT(fm_tokenizer_encode(t, messy, strlen(messy), &ids, &err), 0);
        CHECK_EQ_INT(ids.n, 2);
        if (ids.n == 2) {
            CHECK_EQ_INT(ids.v[0], 8774);
            CHECK_EQ_INT(ids.v[1], 296);
        }
        /* Empty and all-space text: no ids. */
        CHECK_EQ_INT(fm_tokenizer_encode(t, " \n ", 3, &ids, &err), 0);
        CHECK_EQ_INT(ids.n, 0);
        CHECK_EQ_INT(fm_tokenizer_encode(t, "", 0, &ids, &err), 0);
        CHECK_EQ_INT(ids.n, 0);
        fm_ids_release(&ids);
        fm_tokenizer_free(t);
    }
    fm_strbuf sb = FM_STRBUF_INIT;
    int32_t hw[2] = { 8774, 296 };
    CHECK_EQ_INT(fm_spm_model_decode(m, hw, 2, &sb, &err), 0);
    CHECK_EQ_STR(sb.buf, "Hello world");
    fm_strbuf_reset(&sb);
    CHECK_EQ_INT(fm_spm_model_id_to_piece(m, 296, &sb), 0);
    CHECK_EQ_STR(sb.buf, "\xe2\x96\x81world");
    fm_strbuf_reset(&sb);
    CHECK_EQ_INT(fm_spm_model_id_to_piece(m, 1, &sb), 0);
    CHECK_EQ_STR(sb.buf, "</s>");
    CHECK_EQ_INT(fm_spm_model_id_to_piece(m, 32000, &sb), -1);
    int32_t bad = 40000;
    CHECK_EQ_INT(fm_spm_model_decode(m, &bad, 1, &sb, &err), -1);
    CHECK_EQ_INT(err.code, FM_EINPUT);
    fm_strbuf_release(&sb);
    fm_spm_model_free(m);
}

/* The pool gives, slot by slot, what one tokenizer gives, for 1 and 3 threads. */
static void test_pool_order(void)
{
    fm_error err;
    fm_spm_model *m = fm_spm_model_load(fb_path, &err);
    CHECK(m != NULL);
    if (!m) return;
    enum { N = 500 };
    static char bufs[N][64];
    const char *texts[N];
    size_t lens[N];
    for (int i = 0; i < N; i++) {
        snprintf(bufs[i], sizeof bufs[i], "example %d: the answer is %d apples", i, i * 7919 % 1000);
        texts[i] = bufs[i];
        lens[i] = strlen(bufs[i]);
    }
    fm_tokenizer *t = fm_tokenizer_new(m, 0);
    fm_ids ref[N];
    for (int i = 0; i < N; i++) {
        ref[i] = (fm_ids)FM_IDS_INIT;
        CHECK_EQ_INT(fm_tokenizer_encode(t, texts[i], lens[i], &ref[i], &err), 0);
    }
    fm_tokenizer_free(t);
    for (int threads = 1; threads <= 3; threads += 2) {
        for (int fast = 0; fast <= 1; fast++) {
            fm_tok_pool *p = fm_tok_pool_new(m, threads, fast);
            fm_ids outs[N];
            for (int i = 0; i < N; i++) outs[i] = (fm_ids)FM_IDS_INIT;
            CHECK_EQ_INT(fm_tokenize_batch(p, N, texts, lens, outs, &err), 0);
            int same = 1;
            for (int i = 0; i < N; i++) {
                if (outs[i].n != ref[i].n || memcmp(outs[i].v, ref[i].v, ref[i].n * 4)) same = 0;
                fm_ids_release(&outs[i]);
            }
            CHECK(same);
            fm_tok_pool_free(p);
        }
    }
    for (int i = 0; i < N; i++) fm_ids_release(&ref[i]);
    fm_spm_model_free(m);
}

/* What flanmix reads from the .model file without the library equals what the library
 * reports, and loading does not load the library. */
static void check_facts_against_library(const char *path)
{
    fm_error err;
    fm_spm_model *m = fm_spm_model_load(path, &err);
    fm_spm *s = fm_spm_load(path, &err);
    CHECK(m != NULL);
    CHECK(s != NULL);
    if (!m || !s) goto out;
    CHECK_EQ_INT(fm_spm_model_library_loaded(m), 0);
    CHECK_EQ_INT(fm_spm_model_vocab_size(m), fm_spm_piece_size(s));
    CHECK_EQ_INT(fm_spm_model_unk_id(m), fm_spm_unk_id(s));
    CHECK_EQ_INT(fm_spm_model_bos_id(m), fm_spm_bos_id(s));
    CHECK_EQ_INT(fm_spm_model_eos_id(m), fm_spm_eos_id(s));
    CHECK_EQ_INT(fm_spm_model_pad_id(m), fm_spm_pad_id(s));
    fm_strbuf sb = FM_STRBUF_INIT;
    int same = 1;
    for (int id = -1; id <= fm_spm_piece_size(s); id++) {
        size_t len = 0;
        const char *lp = fm_spm_id_to_piece(s, id, &len);
        fm_strbuf_reset(&sb);
        int rc = fm_spm_model_id_to_piece(m, id, &sb);
        if (!lp ? rc != -1 : (rc != 0 || sb.len != len || memcmp(sb.buf, lp, len))) same = 0;
    }
    CHECK(same);
    fm_strbuf_release(&sb);
    /* Plain text takes the fast path: still no library. */
    fm_tokenizer *t = fm_tokenizer_new(m, 1);
    fm_ids ids = FM_IDS_INIT;
    CHECK_EQ_INT(fm_tokenizer_encode(t, "Hello world", 11, &ids, &err), 0);
    CHECK_EQ_INT(fm_spm_model_library_loaded(m), 0);
    /* Decode needs the library: it is loaded then. */
    fm_strbuf text = FM_STRBUF_INIT;
    CHECK_EQ_INT(fm_spm_model_decode(m, ids.v, ids.n, &text, &err), 0);
    CHECK_EQ_STR(text.buf, "Hello world");
    CHECK_EQ_INT(fm_spm_model_library_loaded(m), 1);
    fm_strbuf_release(&text);
    fm_ids_release(&ids);
    fm_tokenizer_free(t);
out:
    fm_spm_free(s);
    fm_spm_model_free(m);
}

static void test_facts_without_library(void)
{
    check_facts_against_library(t5_path);
    check_facts_against_library(fb_path);
}

/* Texts the fast path hands to the library (a NUL byte, invalid UTF-8), given at once by
 * several threads to a model whose library is not loaded yet: the first one loads it,
 * once, and every text gets the library's ids. */
static void test_lazy_fallback_threads(void)
{
    fm_error err;
    const char *paths[2] = { t5_path, fb_path };
    for (int mi = 0; mi < 2; mi++) {
        fm_spm *s = fm_spm_load(paths[mi], &err);
        CHECK(s != NULL);
        if (!s) return;
        enum { N = 400 };
        static char bufs[N][80];
        const char *texts[N];
        size_t lens[N];
        for (int i = 0; i < N; i++) {
            int k = snprintf(bufs[i], sizeof bufs[i], "text %d: caf", i);
            if (i % 3 == 0) { /* NUL byte */
                bufs[i][k++] = '\0';
                k += snprintf(bufs[i] + k, sizeof bufs[i] - (size_t)k, " then more %d", i * 31);
            } else if (i % 3 == 1) { /* invalid UTF-8 (a Latin-1 e acute) */
                bufs[i][k++] = (char)0xE9;
                k += snprintf(bufs[i] + k, sizeof bufs[i] - (size_t)k, " au lait %d", i);
            } else {
                k += snprintf(bufs[i] + k, sizeof bufs[i] - (size_t)k, "\xc3\xa9 au lait %d", i);
            }
            texts[i] = bufs[i];
            lens[i] = (size_t)k;
        }
        for (int threads = 1; threads <= 4; threads += 3) {
            fm_spm_model *m = fm_spm_model_load(paths[mi], &err);
            CHECK(m != NULL);
            if (!m) break;
            CHECK_EQ_INT(fm_spm_model_library_loaded(m), 0);
            fm_tok_pool *p = fm_tok_pool_new(m, threads, 1);
            fm_ids outs[N];
            for (int i = 0; i < N; i++) outs[i] = (fm_ids)FM_IDS_INIT;
            CHECK_EQ_INT(fm_tokenize_batch(p, N, texts, lens, outs, &err), 0);
            CHECK_EQ_INT(fm_spm_model_library_loaded(m), 1);
            uint64_t fallbacks = 0;
            fm_tok_pool_stats(p, NULL, NULL, &fallbacks);
            CHECK_EQ_INT((long)fallbacks, 134 + 133); /* i % 3 == 0, i % 3 == 1 */
            int same = 1;
            int32_t *ref = NULL;
            size_t rn = 0, rcap = 0;
            for (int i = 0; i < N; i++) {
                if (fm_spm_encode(s, texts[i], lens[i], &ref, &rn, &rcap, &err)) same = 0;
                else if (outs[i].n != rn || memcmp(outs[i].v, ref, rn * 4)) same = 0;
                fm_ids_release(&outs[i]);
            }
            free(ref);
            CHECK(same);
            fm_tok_pool_free(p);
            fm_spm_model_free(m);
        }
        fm_spm_free(s);
    }
}

/* ---- hand-made ModelProtos ------------------------------------------------------------ */
static void pb_varint(fm_strbuf *b, uint64_t v)
{
    while (v >= 0x80) {
        fm_strbuf_addch(b, (char)(v | 0x80));
        v >>= 7;
    }
    fm_strbuf_addch(b, (char)v);
}

static void pb_bytes(fm_strbuf *b, unsigned field, const char *s, size_t n)
{
    pb_varint(b, (uint64_t)field << 3 | 2);
    pb_varint(b, n);
    fm_strbuf_add(b, s, n);
}

static void pb_piece(fm_strbuf *model, const char *piece, float score, int type)
{
    fm_strbuf p = FM_STRBUF_INIT;
    pb_bytes(&p, 1, piece, strlen(piece));
    pb_varint(&p, 2 << 3 | 5);
    fm_strbuf_add(&p, (const char *)&score, 4);
    pb_varint(&p, 3 << 3 | 0);
    pb_varint(&p, (uint64_t)type);
    pb_bytes(model, 1, p.buf, p.len);
    fm_strbuf_release(&p);
}

static char *write_model(const fm_strbuf *b, const char *name)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/fm-tok-%s-%d.model", unit_tmpdir(), name, (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fwrite(b->buf, 1, b->len, f);
    fclose(f);
    return path;
}

/* Protos that parse but that the library refuses: flanmix refuses them too, with the
 * library's verdict (it is asked when flanmix's own checks fail). */
static void test_bad_protos(void)
{
    fm_error err;
    fm_strbuf b = FM_STRBUF_INIT;
    pb_piece(&b, "a", -1.0f, 1);
    pb_piece(&b, "b", -2.0f, 1);
    char *path = write_model(&b, "nounk");
    CHECK(path != NULL);
    fm_error_clear(&err);
    CHECK(fm_spm_model_load(path, &err) == NULL);
    CHECK_EQ_INT(err.code, FM_EMODEL);
    CHECK(strstr(err.reason, "not a usable SentencePiece model") != NULL);
    unlink(path);

    fm_strbuf_reset(&b);
    pb_piece(&b, "<unk>", 0.0f, 2);
    pb_piece(&b, "a", -1.0f, 1);
    pb_piece(&b, "a", -2.0f, 1);
    path = write_model(&b, "dup");
    fm_error_clear(&err);
    CHECK(fm_spm_model_load(path, &err) == NULL);
    CHECK_EQ_INT(err.code, FM_EMODEL);
    unlink(path);
    fm_strbuf_release(&b);
}

/* A small model with renamed reserved pieces and no normalizer: ids and reserved ids as
 * the library's, without loading it. */
static void test_renamed_reserved_pieces(void)
{
    fm_error err;
    fm_strbuf b = FM_STRBUF_INIT, ts = FM_STRBUF_INIT;
    pb_piece(&b, "[PAD]", 0.0f, 3);
    pb_piece(&b, "[UNK]", 0.0f, 2);
    pb_piece(&b, "</s>", 0.0f, 3);
    pb_piece(&b, "<s>", -1.0f, 1); /* a normal piece named like BOS: no BOS id */
    pb_piece(&b, "\xe2\x96\x81", -2.0f, 1);
    pb_piece(&b, "a", -2.5f, 1);
    pb_piece(&b, "b", -3.0f, 1);
    pb_piece(&b, "\xe2\x96\x81" "ab", -4.0f, 1);
    pb_piece(&b, "ba", -3.5f, 1);
    pb_bytes(&ts, 45, "[UNK]", 5);
    pb_bytes(&ts, 48, "[PAD]", 5);
    pb_bytes(&b, 2, ts.buf, ts.len);
    char *path = write_model(&b, "renamed");
    CHECK(path != NULL);
    fm_spm_model *m = fm_spm_model_load(path, &err);
    fm_spm *s = fm_spm_load(path, &err);
    CHECK(m != NULL && s != NULL);
    if (m && s) {
        CHECK_EQ_INT(fm_spm_model_library_loaded(m), 0);
        CHECK_EQ_INT(fm_spm_model_fast_path_supported(m, NULL), 1);
        CHECK_EQ_INT(fm_spm_model_unk_id(m), 1);
        CHECK_EQ_INT(fm_spm_model_pad_id(m), 0);
        CHECK_EQ_INT(fm_spm_model_eos_id(m), 2);
        CHECK_EQ_INT(fm_spm_model_bos_id(m), -1);
        CHECK_EQ_INT(fm_spm_model_unk_id(m), fm_spm_unk_id(s));
        CHECK_EQ_INT(fm_spm_model_pad_id(m), fm_spm_pad_id(s));
        CHECK_EQ_INT(fm_spm_model_eos_id(m), fm_spm_eos_id(s));
        CHECK_EQ_INT(fm_spm_model_bos_id(m), fm_spm_bos_id(s));
        CHECK_EQ_INT(fm_spm_model_vocab_size(m), fm_spm_piece_size(s));
        const char *texts[] = { "ab ba aab", "  bab  abba ", "abc", "xyz yy", "a\xe2\x96\x81" "b" };
        fm_tokenizer *t = fm_tokenizer_new(m, 1);
        fm_ids ids = FM_IDS_INIT;
        int32_t *ref = NULL;
        size_t rn = 0, rcap = 0;
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            CHECK_EQ_INT(fm_tokenizer_encode(t, texts[i], strlen(texts[i]), &ids, &err), 0);
            CHECK_EQ_INT(fm_spm_encode(s, texts[i], strlen(texts[i]), &ref, &rn, &rcap, &err), 0);
            CHECK(ids.n == rn && !memcmp(ids.v, ref, rn * 4));
        }
        uint64_t fallbacks = 1;
        fm_tokenizer_stats(t, NULL, NULL, &fallbacks);
        CHECK_EQ_INT((long)fallbacks, 0);
        CHECK_EQ_INT(fm_spm_model_library_loaded(m), 0);
        free(ref);
        fm_ids_release(&ids);
        fm_tokenizer_free(t);
    }
    fm_spm_free(s);
    fm_spm_model_free(m);
    unlink(path);
    fm_strbuf_release(&b);
    fm_strbuf_release(&ts);
}

int main(void)
{
    TEST(test_load_errors);
    if (!find_models()) {
        printf("SKIP tokenizer: ../shared models are MISSING: model tests NOT RUN\n");
        printf("unit: %d passed, %d failed, 2 skipped\n", unit_passed, unit_failed);
        return unit_failed ? 1 : 0;
    }
    TEST(test_t5_facts);
    TEST(test_pool_order);
    TEST(test_facts_without_library);
    TEST(test_lazy_fallback_threads);
    TEST(test_bad_protos);
    TEST(test_renamed_reserved_pieces);
    UNIT_END();
}
