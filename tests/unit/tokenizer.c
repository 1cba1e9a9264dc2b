/* Unit tests of tokenizer.h: model loading and its errors, ids of known strings (T5 model
 * facts from ../shared/docs/reference/toolchain.md), decode, the thread pool, and the
 * fast path against the library on hand-picked hard cases. */
#include "unit.h"

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
    UNIT_END();
}
