#include "placeholder.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct fm_placeholder_lexer {
    pcre2_code *re;
};

/* Alternatives, tried left to right at each brace:
 *   \{\{  -> literal "{"      \}\}  -> literal "}"
 *   \{(\w+)\}  -> field       [{}]  -> unbalanced brace (error) */
static const char LEXER_PATTERN[] = "\\{\\{|\\}\\}|\\{(\\w+)\\}|[{}]";

fm_placeholder_lexer *fm_placeholder_lexer_new(fm_error *err)
{
    int code;
    PCRE2_SIZE off;
    /* ASCII \w on purpose: field names are identifiers, as in FLAN's r"{\w*}". */
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)LEXER_PATTERN, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                                   &code, &off, NULL);
    if (!re) {
        fm_error_set(err, FM_EINTERNAL, NULL, 0, NULL, "placeholder pattern does not compile");
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    fm_placeholder_lexer *lx = fm_xcalloc(1, sizeof *lx);
    lx->re = re;
    return lx;
}

void fm_placeholder_lexer_free(fm_placeholder_lexer *lx)
{
    if (!lx) return;
    pcre2_code_free(lx->re);
    free(lx);
}

static void push_seg(fm_tmpl *t, size_t *cap, int is_field, const char *s, size_t n)
{
    if (!n && !is_field) return;
    /* Merge adjacent literals so rendering copies as few pieces as possible. */
    if (!is_field && t->nsegs && !t->segs[t->nsegs - 1].is_field) {
        fm_tmpl_seg *last = &t->segs[t->nsegs - 1];
        last->text = fm_xrealloc(last->text, last->len + n + 1);
        memcpy(last->text + last->len, s, n);
        last->len += n;
        last->text[last->len] = '\0';
        return;
    }
    if (t->nsegs == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        t->segs = fm_xrealloc(t->segs, *cap * sizeof *t->segs);
    }
    t->segs[t->nsegs].is_field = is_field;
    t->segs[t->nsegs].text = fm_xstrndup(s, n);
    t->segs[t->nsegs].len = n;
    t->nsegs++;
}

int fm_tmpl_compile(const fm_placeholder_lexer *lx, fm_tmpl *t, const char *src, size_t n,
                    fm_error *err)
{
    memset(t, 0, sizeof *t);
    t->source = fm_xstrndup(src, n);
    size_t cap = 0, pos = 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(lx->re, NULL);
    int rc = 0;
    while (pos <= n) {
        int m = pcre2_match(lx->re, (PCRE2_SPTR)src, n, pos, 0, md, NULL);
        if (m == PCRE2_ERROR_NOMATCH) {
            push_seg(t, &cap, 0, src + pos, n - pos);
            break;
        }
        if (m < 0) {
            rc = fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "template is not valid UTF-8");
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t b = ov[0], e = ov[1];
        push_seg(t, &cap, 0, src + pos, b - pos);
        if (e - b == 2 && src[b] == src[b + 1]) {
            push_seg(t, &cap, 0, src + b, 1); /* "{{" or "}}" */
        } else if (m >= 2 && ov[2] != PCRE2_UNSET) {
            push_seg(t, &cap, 1, src + ov[2], ov[3] - ov[2]);
        } else {
            rc = fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                              "unbalanced '%c' at character %zu (write '%c%c' for a literal brace)",
                              src[b], b + 1, src[b], src[b]);
            break;
        }
        pos = e;
        if (pos == n) break;
    }
    pcre2_match_data_free(md);
    if (rc < 0) fm_tmpl_release(t);
    return rc;
}

void fm_tmpl_release(fm_tmpl *t)
{
    for (size_t i = 0; i < t->nsegs; i++) free(t->segs[i].text);
    free(t->segs);
    free(t->source);
    memset(t, 0, sizeof *t);
}

int fm_tmpl_uses(const fm_tmpl *t, const char *name)
{
    for (size_t i = 0; i < t->nsegs; i++)
        if (t->segs[i].is_field && strcmp(t->segs[i].text, name) == 0) return 1;
    return 0;
}

int fm_tmpl_render(const fm_tmpl *t, fm_field_lookup lookup, void *ctx, fm_strbuf *out,
                   fm_error *err)
{
    for (size_t i = 0; i < t->nsegs; i++) {
        const fm_tmpl_seg *s = &t->segs[i];
        if (!s->is_field) {
            fm_strbuf_add(out, s->text, s->len);
            continue;
        }
        const char *v;
        size_t vl;
        if (lookup(ctx, s->text, s->len, &v, &vl) < 0)
            return fm_error_set(err, FM_EINPUT, NULL, 0, s->text,
                                "the template needs this field and the record does not have it");
        fm_strbuf_add(out, v, vl);
    }
    return 0;
}
