/* jsonarena: the fast path gives the tree cJSON gives, and declines (NULL) whatever it does
 * not read exactly like fm_json_parse, so the caller's fallback keeps every error message. */
#include "json.h"
#include "jsonarena.h"
#include "rng.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* Same tree? Compared through cJSON's printer (types, keys, order, values). */
static int same_as_cjson(fm_jarena *a, const char *text, int *fast)
{
    fm_error e;
    const cJSON *f = fm_jarena_parse(a, text, strlen(text));
    cJSON *c = fm_json_parse(text, strlen(text), NULL, 0, &e);
    *fast = f != NULL;
    if (!f) {
        cJSON_Delete(c);
        return 1; /* declining is always allowed */
    }
    if (!c) return 0; /* accepted what fm_json_parse rejects */
    char *pf = cJSON_PrintUnformatted(f), *pc = cJSON_PrintUnformatted(c);
    int same = !strcmp(pf, pc);
    free(pf);
    free(pc);
    cJSON_Delete(c);
    return same;
}

static void accepts_plain_json(void)
{
    fm_jarena *a = fm_jarena_new();
    static const char *const ok[] = {
        "{}", " [ ] ", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
        "{\"s\":\"\\u00e9\\u2028\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}",
        "{\"n\":[0,-0,-1,12345678901234567890,1.5,-2.25e-3,1E400,3e+2]}",
        "{\"dup\":1,\"dup\":2}", "\"just a string\"", "{\"k\":\"caf\xc3\xa9\"}\r\n",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int fast;
        CHECK(same_as_cjson(a, ok[i], &fast));
        CHECK(fast);
    }
    fm_jarena_free(a);
}

static void declines_what_cjson_must_judge(void)
{
    fm_jarena *a = fm_jarena_new();
    static const char *const no[] = {
        "", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\"}", "{\"a\":\"tab\there\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":NaN}",
        "{\"a\":+1}", "{\"a\":\"\xff\"}", "{\"a\":1} x", "{\"a\":\"\\x\"}", "\xEF\xBB\xBF{}",
        "{\"a\":1111111111111111111111111111111111111111111111111111111111111111111}",
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        CHECK(fm_jarena_parse(a, no[i], strlen(no[i])) == NULL);
    }
    /* deep nesting goes to cJSON */
    char deep[1003];
    memset(deep, '[', 500);
    memset(deep + 500, ']', 500);
    deep[1000] = '\0';
    CHECK(fm_jarena_parse(a, deep, 1000) == NULL);
    fm_jarena_free(a);
}

/* Random mutations of a record: whenever the fast path accepts, cJSON agrees. */
static void random_texts_agree(void)
{
    static const char base[] =
        "{\"id\":\"t:f:1\",\"fields\":{\"q\":\"a \\\"b\\\" \\u00e9\",\"o\":[\"x\",\"y\"],\"n\":-12.5e1,"
        "\"t\":true,\"z\":null}}";
    static const char alphabet[] = "{}[]\":,\\u0123456789abcdefnrtE.+- \t\n\x01\xc3\xa9\xe2\x80\xa8";
    fm_jarena *a = fm_jarena_new();
    fm_rng r;
    fm_rng_seed_keyed_index(&r, 1, "jsonarena", 0);
    int fast_seen = 0;
    for (int it = 0; it < 20000; it++) {
        char t[sizeof base + 8];
        memcpy(t, base, sizeof base);
        int muts = 1 + (int)fm_rng_below(&r, 3);
        for (int m = 0; m < muts; m++)
            t[fm_rng_below(&r, sizeof base - 1)] = alphabet[fm_rng_below(&r, sizeof alphabet - 1)];
        int fast;
        if (!same_as_cjson(a, t, &fast)) {
            CHECK(!"fast path disagrees with cJSON");
            printf("  text: %s\n", t);
            break;
        }
        fast_seen += fast;
    }
    CHECK(fast_seen > 100);
    fm_jarena_free(a);
}

int main(void)
{
    TEST(accepts_plain_json);
    TEST(declines_what_cjson_must_judge);
    TEST(random_texts_agree);
    UNIT_END();
}
