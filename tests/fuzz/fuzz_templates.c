/* libFuzzer target: the template file parser (templates.h, docs/templates.md): kinds,
 * indented properties, placeholders, derived no-options kinds, mix lists; then the check
 * against a task's field names and a render of every compiled property.
 * Properties: a set that parses has at least one template, every template's properties
 * render when every field resolves, and mix lists point at templates that exist. */
#include "placeholder.h"
#include "templates.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int any_field(void *ctx, const char *name, size_t n, const char **val, size_t *len)
{
    (void)ctx;
    *val = name;
    *len = n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static fm_placeholder_lexer *lx;
    fm_error err = { 0 };
    if (!lx && !(lx = fm_placeholder_lexer_new(&err))) abort();
    fm_template_set s;
    if (fm_template_set_parse(&s, lx, "fuzz", "fuzz.tpl", (const char *)data, n, &err) < 0) {
        if (err.code == FM_OK) abort();
        return 0;
    }
    size_t total = 0;
    fm_strbuf out = FM_STRBUF_INIT;
    for (int k = 0; k < FM_TK_COUNT; k++) {
        total += s.n[k];
        for (size_t i = 0; i < s.n[k]; i++)
            for (int p = 0; p < FM_TP_COUNT; p++) {
                fm_strbuf_reset(&out);
                if (fm_tmpl_render(&s.t[k][i].prop[p], any_field, NULL, &out, &err) < 0) abort();
            }
    }
    if (total == 0) abort();
    for (int f = 0; f < 2; f++) {
        fm_tpl_kind k = f ? FM_TK_FEW_SHOT_NO_OPTIONS : FM_TK_FEW_SHOT;
        size_t nm;
        const size_t *mix = fm_template_set_mix(&s, k, &nm);
        for (size_t i = 0; i < nm; i++)
            if (mix[i] >= s.n[k]) abort();
    }
    static const char *const fields[] = { "question", "answer", "options", "context", "premise",
                                          "hypothesis", "title", "text" };
    memset(&err, 0, sizeof err);
    if (fm_template_set_check(&s, fields, sizeof fields / sizeof *fields, &err) < 0 && err.code == FM_OK)
        abort();
    fm_strbuf_release(&out);
    fm_template_set_release(&s);
    return 0;
}
