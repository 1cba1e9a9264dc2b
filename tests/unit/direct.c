/* direct: ingest's direct path (direct.h) writes exactly what parsing the record and
 * fm_task_mapper_apply write, or declines the record (writing nothing). Differential:
 * fixed records, then random mutations of several records under several mappings. */
#include "direct.h"
#include "json.h"
#include "jsonarena.h"
#include "rng.h"
#include "task.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Mappings: A copies values (strings, numbers, booleans, lists) and has constants; B goes
 * through labels and "nonempty"; C is the NIV2 default mapping; D is not plain. */
static const char *const DEFS[] = {
    "{\"name\":\"a\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"none.jsonl\"]},"
    "\"fields\":{\"q\":\"q\",\"o\":\"o\",\"n\":\"n\",\"t\":\"t\",\"c\":{\"const\":\"k\\u2028\\\"\"},"
    "\"cl\":{\"const\":[\"x\",\"y\\n\"]},\"z\":{\"path\":\"z\",\"optional\":true}}}",
    "{\"name\":\"b\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"none.jsonl\"]},"
    "\"fields\":{\"lab\":{\"path\":\"l\",\"labels\":[\"no\",\"yes\",\"\"]},"
    "\"labo\":{\"path\":\"s\",\"labels\":{\"a\":\"A\",\"b\":\"\",\"true\":\"T\",\"5\":\"five\",\"\\u00e9\":\"E\\t\"}},"
    "\"q\":{\"path\":\"q\",\"nonempty\":true},\"o\":{\"path\":\"o\",\"nonempty\":true},"
    "\"ol\":{\"path\":\"o\",\"labels\":[\"zero\",\"one\"]}}}",
    "{\"name\":\"c\",\"templates\":\"niv2\",\"source\":{\"format\":\"niv2\",\"files\":[\"none.json\"]}}",
    "{\"name\":\"d\",\"templates\":\"x\",\"source\":{\"format\":\"jsonl\",\"files\":[\"none.jsonl\"]},"
    "\"fields\":{\"q\":{\"path\":\"q\",\"regex\":\"a\",\"replace\":\"b\"}}}",
};
#define NDEFS (sizeof DEFS / sizeof DEFS[0])

typedef struct fixture {
    fm_task_set *set[NDEFS];
    fm_task_mapper *mp[NDEFS];
    fm_direct *d[NDEFS];
    fm_jarena *arena;
} fixture;

static void fixture_open(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->arena = fm_jarena_new();
    for (size_t i = 0; i < NDEFS; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/fm_unit_direct_%ld_%zu.json", unit_tmpdir(), (long)getpid(), i);
        FILE *f = fopen(path, "w");
        fputs(DEFS[i], f);
        fclose(f);
        fm_error err;
        fm_error_clear(&err);
        const char *paths[] = { path };
        fm_task_load_opts o = { NULL, FM_TASK_NO_SOURCES, -1 };
        fx->set[i] = fm_task_set_load_opts(paths, 1, &o, &err);
        remove(path);
        if (!fx->set[i]) {
            fprintf(stderr, "  task %zu: %s\n", i, err.reason);
            exit(1);
        }
        const fm_task *t = fm_task_set_get(fx->set[i], 0);
        fx->mp[i] = fm_task_mapper_new(t);
        fx->d[i] = fm_direct_new(t);
    }
}

static void fixture_close(fixture *fx)
{
    for (size_t i = 0; i < NDEFS; i++) {
        fm_direct_free(fx->d[i]);
        fm_task_mapper_free(fx->mp[i]);
        fm_task_set_free(fx->set[i]);
    }
    fm_jarena_free(fx->arena);
}

/* What ingest did before the direct path: the arena's tree, else fm_json_parse's; an
 * object, mapped. -1 rejected, 1 filtered, 0 written to out. */
static int reference(fixture *fx, size_t k, const char *t, size_t n, fm_strbuf *out)
{
    fm_error e;
    fm_error_clear(&e);
    const cJSON *v = fm_jarena_parse(fx->arena, t, n);
    cJSON *own = NULL;
    if (!v || !cJSON_IsObject(v)) v = own = fm_json_parse(t, n, NULL, 0, &e);
    int m = -1;
    if (v && cJSON_IsObject(v)) m = fm_task_mapper_apply(fx->mp[k], v, out, &e);
    cJSON_Delete(own);
    return m;
}

/* 1: the direct path wrote (and agreed), 0: declined; -1: disagreement (printed). */
static int compare(fixture *fx, size_t k, const char *t, size_t n)
{
    fm_strbuf a = FM_STRBUF_INIT, b = FM_STRBUF_INIT;
    fm_strbuf_addstr(&a, "prefix");
    int got = fm_direct_apply(fx->d[k], t, n, &a);
    int rc = got;
    if (!got) {
        if (a.len != 6 || memcmp(a.buf, "prefix", 6)) rc = -1; /* declined but wrote */
    } else {
        int m = reference(fx, k, t, n, &b);
        if (m != 0 || a.len - 6 != b.len || memcmp(a.buf + 6, b.buf, b.len)) rc = -1;
        if (rc < 0) printf("  task %zu: direct %.*s\n  mapper (%d) %s\n", k, (int)(a.len - 6), a.buf + 6, m, b.buf);
    }
    if (rc < 0) printf("  record: %.*s\n", (int)n, t);
    fm_strbuf_release(&a);
    fm_strbuf_release(&b);
    return rc;
}

static void which_tasks_are_plain(void)
{
    fixture fx;
    fixture_open(&fx);
    CHECK(fx.d[0] && fx.d[1] && fx.d[2]);
    CHECK(fx.d[3] == NULL); /* a regex: always the usual way */
    fixture_close(&fx);
}

/* Fields worked out by hand from the escaping rule (docs/formats.md). */
static void writes_fields_by_hand(void)
{
    fixture fx;
    fixture_open(&fx);
    static const struct { size_t task; const char *rec, *want; } cases[] = {
        { 0, "{\"q\":\"plain\",\"o\":[\"x\",1,true],\"n\":12,\"t\":false,\"z\":\"\"}",
          "{\"q\":\"plain\",\"o\":[\"x\",\"1\",\"true\"],\"n\":\"12\",\"t\":\"false\","
          "\"c\":\"k\\u2028\\\"\",\"cl\":[\"x\",\"y\\n\"],\"z\":\"\"}" },
        /* raw U+2028 and DEL are escaped; \/ and \u00e9 decoded; the short escapes stay */
        { 0, " { \"z\" : \"a\xe2\x80\xa8\x7f\" , \"q\":\"\\/\\u00e9\\\"\\n\\u001f\",\"o\":[],\"n\":-7,\"t\":true}\r",
          "{\"q\":\"/\xc3\xa9\\\"\\n\\u001f\",\"o\":[],\"n\":\"-7\",\"t\":\"true\","
          "\"c\":\"k\\u2028\\\"\",\"cl\":[\"x\",\"y\\n\"],\"z\":\"a\\u2028\\u007f\"}" },
        /* the first of two equal keys; other values are skipped whatever they hold */
        { 0, "{\"q\":\"1st\",\"q\":\"2nd\",\"x\":{\"deep\":[1.5e3,null,{}]},\"o\":\"s\",\"n\":\"t\",\"t\":\"\\ud83d\\ude00\",\"z\":0}",
          "{\"q\":\"1st\",\"o\":\"s\",\"n\":\"t\",\"t\":\"\xf0\x9f\x98\x80\",\"c\":\"k\\u2028\\\"\","
          "\"cl\":[\"x\",\"y\\n\"],\"z\":\"0\"}" },
        { 1, "{\"l\":1,\"s\":\"\\u00e9\",\"q\":\"x\",\"o\":[0,\"1\"]}",
          "{\"lab\":\"yes\",\"labo\":\"E\\t\",\"q\":\"x\",\"o\":[\"0\",\"1\"],\"ol\":[\"zero\",\"one\"]}" },
        { 1, "{\"l\":\"2\",\"s\":true,\"q\":\"x\",\"o\":\"1\"}",
          "{\"lab\":\"\",\"labo\":\"T\",\"q\":\"x\",\"o\":\"1\",\"ol\":\"one\"}" },
        { 2, "{\"id\":\"task1-a\",\"input\":\"in\xe2\x80\xa9\",\"output\":[\"o1\",\"o\\u2029\"]}",
          "{\"input\":\"in\\u2029\",\"output\":[\"o1\",\"o\\u2029\"],\"instance_id\":\"task1-a\"}" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fm_strbuf out = FM_STRBUF_INIT;
        CHECK_EQ_INT(fm_direct_apply(fx.d[cases[i].task], cases[i].rec, strlen(cases[i].rec), &out), 1);
        CHECK_EQ_STR(out.buf, cases[i].want);
        CHECK_EQ_INT(compare(&fx, cases[i].task, cases[i].rec, strlen(cases[i].rec)), 1);
        fm_strbuf_release(&out);
    }
    fixture_close(&fx);
}

/* Declined: not strict JSON, or a value the mapper has to judge (missing, null, object,
 * fraction, unknown label, empty where nonempty...). The mapper gives the error. */
static void declines_what_the_mapper_judges(void)
{
    fixture fx;
    fixture_open(&fx);
    static const struct { size_t task; const char *rec; } cases[] = {
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":1,\"t\":true" },                 /* truncated */
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":1,\"t\":true} x" },
        { 0, "[\"q\"]" },
        { 0, "{\"q\":\"a\\u0000\",\"o\":\"b\",\"n\":1,\"t\":true}" },
        { 0, "{\"q\":\"\\ud800\",\"o\":\"b\",\"n\":1,\"t\":true}" },
        { 0, "{\"q\":\"tab\there\",\"o\":\"b\",\"n\":1,\"t\":true}" },
        { 0, "{\"q\":\"\xff\",\"o\":\"b\",\"n\":1,\"t\":true}" },
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":NaN,\"t\":true}" },
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":1.5,\"t\":true}" },                /* %g, not here */
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":-0,\"t\":true}" },
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":1234567890123456,\"t\":true}" },
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"t\":true}" },                       /* missing */
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":null,\"t\":true}" },
        { 0, "{\"q\":\"a\",\"o\":\"b\",\"n\":1,\"t\":true}" },                /* optional z */
        { 0, "{\"q\":{},\"o\":\"b\",\"n\":1,\"t\":true,\"z\":\"\"}" },
        { 0, "{\"q\":\"a\",\"o\":[[\"b\"]],\"n\":1,\"t\":true,\"z\":\"\"}" },
        { 0, "{\"q\":\"a\",\"o\":[null],\"n\":1,\"t\":true,\"z\":\"\"}" },
        { 0, "{\"\\u0071\":\"a\",\"o\":\"b\",\"n\":1,\"t\":true,\"z\":\"\"}" },  /* escaped key */
        { 1, "{\"l\":3,\"s\":\"a\",\"q\":\"x\",\"o\":\"1\"}" },
        { 1, "{\"l\":\"-1\",\"s\":\"a\",\"q\":\"x\",\"o\":\"1\"}" },
        { 1, "{\"l\":1,\"s\":\"c\",\"q\":\"x\",\"o\":\"1\"}" },
        { 1, "{\"l\":1,\"s\":\"a\",\"q\":\"\",\"o\":\"1\"}" },
        { 1, "{\"l\":1,\"s\":\"a\",\"q\":\"x\",\"o\":[]}" },
        { 2, "{\"id\":\"i\",\"input\":\"in\",\"output\":[]}" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = compare(&fx, cases[i].task, cases[i].rec, strlen(cases[i].rec));
        if (rc != 0) printf("  case %zu\n", i);
        CHECK_EQ_INT(rc, 0);
    }
    /* the records those would be without the flaw are taken */
    static const char ok[] = "{\"q\":\"a\",\"o\":\"b\",\"n\":1,\"t\":true,\"z\":\"\"}";
    CHECK_EQ_INT(compare(&fx, 0, ok, strlen(ok)), 1);
    fixture_close(&fx);
}

/* Random mutations: whenever the direct path writes, it writes what the mapper writes. */
static void random_records_agree(void)
{
    static const char *const bases[] = {
        "{\"q\":\"a \\\"b\\\" \\u00e9 c\xe2\x80\xa8\",\"o\":[\"x\",7,false],\"n\":-12,\"t\":true,"
        "\"z\":\"zz\",\"l\":2,\"s\":\"5\",\"m\":{\"k\":[1.5,null]}}",
        "{\"id\":\"t1-0\",\"input\":\"some input \\n text\xe2\x80\xa9\",\"output\":[\"yes\",\"y\\u00e9s\"],"
        "\"q\":\"1\",\"o\":\"0\",\"n\":3,\"t\":\"f\",\"z\":1,\"l\":0,\"s\":\"b\"}",
    };
    static const char alphabet[] =
        "{}[]\":,\\u0123456789abcdefnrtE.+- \t\n\x01\x7f\xc3\xa9\xe2\x80\xa8\xa9\xf0\x9f\xed";
    fixture fx;
    fixture_open(&fx);
    fm_rng r;
    fm_rng_seed_keyed_index(&r, 1, "direct", 0);
    int direct = 0, bad = 0;
    for (int it = 0; it < 40000 && !bad; it++) {
        const char *base = bases[it % 2];
        size_t n = strlen(base);
        char t[512];
        memcpy(t, base, n + 1);
        int muts = (int)fm_rng_below(&r, 4);
        for (int m = 0; m < muts; m++) {
            size_t at = fm_rng_below(&r, n);
            int op = (int)fm_rng_below(&r, 3);
            char c = alphabet[fm_rng_below(&r, sizeof alphabet - 1)];
            if (op == 0) t[at] = c;
            else if (op == 1 && n + 1 < sizeof t) { /* insert */
                memmove(t + at + 1, t + at, n - at + 1);
                t[at] = c;
                n++;
            } else if (n > 1) { /* delete */
                memmove(t + at, t + at + 1, n - at);
                n--;
            }
        }
        for (size_t k = 0; k < NDEFS; k++) {
            if (!fx.d[k]) continue;
            int rc = compare(&fx, k, t, n);
            if (rc < 0) bad = 1;
            direct += rc == 1;
        }
    }
    CHECK(!bad);
    CHECK(direct > 5000); /* not vacuous */
    fixture_close(&fx);
}

int main(void)
{
    TEST(which_tasks_are_plain);
    TEST(writes_fields_by_hand);
    TEST(declines_what_the_mapper_judges);
    TEST(random_records_agree);
    UNIT_END();
}
