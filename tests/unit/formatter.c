/* Unit tests of templates.c (no-options derivation) and formatter.c (length pruning with an
 * injected token counter: one token per space-separated word). Expected values by hand. */
#include "unit.h"

#include "formatter.h"
#include "templates.h"

#include <unistd.h>

static long words(void *ctx, const char *s, size_t n, fm_error *err)
{
    (void)ctx; (void)err;
    long w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') in = 0;
        else if (!in) { in = 1; w++; }
    }
    return w;
}

static void test_derivation(void)
{
    fm_error err;
    fm_placeholder_lexer *lx = fm_placeholder_lexer_new(&err);
    const char *text =
        "zero_shot\n    inputs \"x {{options_}}\\n{options_}\"\n    targets \"{a}\"\n"
        "few_shot\n    inputs \"A\\n\\n{options_} B {options_}\"\n    targets \"{a}\"\n"
        "few_shot\n    inputs \"Q ({options_}) | {options_}\"\n    targets \"{a}\"\n";
    fm_template_set s;
    CHECK_EQ_INT(fm_template_set_parse(&s, lx, "d", "d.tpl", text, strlen(text), &err), 0);
    CHECK_EQ_INT(s.n[FM_TK_ZERO_SHOT_NO_OPTIONS], 1);
    CHECK_EQ_INT(s.n[FM_TK_FEW_SHOT_NO_OPTIONS], 2);
    /* "\n{options_}" removed; the literal {{options_}} stays */
    CHECK_EQ_STR(s.t[FM_TK_ZERO_SHOT_NO_OPTIONS][0].prop[FM_TP_INPUTS].source, "x {{options_}}");
    /* "\n\n{options_}" first, then " {options_}" */
    CHECK_EQ_STR(s.t[FM_TK_FEW_SHOT_NO_OPTIONS][0].prop[FM_TP_INPUTS].source, "A B");
    /* " | {options_}" before " ({options_})": "Q ({options_})" then " ({options_})" -> "Q" */
    CHECK_EQ_STR(s.t[FM_TK_FEW_SHOT_NO_OPTIONS][1].prop[FM_TP_INPUTS].source, "Q");
    CHECK(s.t[FM_TK_FEW_SHOT_NO_OPTIONS][1].derived);
    fm_template_set_release(&s);
    fm_placeholder_lexer_free(lx);
}

typedef struct got { int n; size_t nex[8]; } got;
static int collect(void *ctx, const fm_example *ex, fm_error *err)
{
    (void)err;
    got *g = ctx;
    if (g->n < 8) g->nex[g->n] = ex->nexemplars;
    g->n++;
    return 0;
}

static void test_pruning(void)
{
    fm_error err;
    fm_placeholder_lexer *lx = fm_placeholder_lexer_new(&err);
    const char *text = "few_shot\n    inputs \"{q}\"\n    targets \"{a}\"\n";
    fm_template_set s;
    CHECK_EQ_INT(fm_template_set_parse(&s, lx, "p", "p.tpl", text, strlen(text), &err), 0);
    const char *meta = "{\"task\":\"p\",\"templates\":\"p\",\"fields\":[\"q\",\"a\"]}";
    fm_task task;
    CHECK_EQ_INT(fm_task_parse_meta(&task, meta, strlen(meta), "meta.json", &err), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/fm-unit-prune-%d.jsonl", unit_tmpdir(), (int)getpid());
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 3; i++)
        fprintf(f, "{\"id\":\"p:%d\",\"fields\":{\"q\":\"w w w w\",\"a\":\"x\"}}\n", i);
    fclose(f);
    char *files[1] = { path };
    fm_format_cfg cfg;
    fm_format_cfg_init(&cfg);
    cfg.count_tokens = words;
    /* 1 template, 3 records: each window holds 25 exemplars of 4 + 1 tokens; query 4
     * tokens; budget 16 - 4 = 12 keeps 2 (10 tokens), prunes 23 per query. */
    cfg.fewshot_max_len = 16;
    got g = { 0, { 0 } };
    fm_format_counts c;
    CHECK_EQ_INT(fm_format_task(&cfg, &task, &s, FM_FMT_FS_X, files, 1, 3, collect, &g, &c, &err), 0);
    CHECK_EQ_INT(g.n, 3);
    CHECK_EQ_INT(g.nex[0], 2);
    CHECK_EQ_INT(c.pruned, 69);
    CHECK_EQ_INT(c.formatted, 3);
    /* budget 8 - 4 = 4: not even one exemplar (5) fits: every query dropped */
    cfg.fewshot_max_len = 8;
    g.n = 0;
    CHECK_EQ_INT(fm_format_task(&cfg, &task, &s, FM_FMT_FS_X, files, 1, 3, collect, &g, &c, &err), 0);
    CHECK_EQ_INT(g.n, 0);
    CHECK_EQ_INT(c.dropped_no_exemplars, 3);
    CHECK_EQ_INT(c.pruned, 75);
    unlink(path);
    fm_task_release(&task);
    fm_template_set_release(&s);
    fm_placeholder_lexer_free(lx);
}

int main(void)
{
    TEST(test_derivation);
    TEST(test_pruning);
    UNIT_END();
}
