/* placeholder.h: the template placeholder syntax, compiled once, rendered many times.
 *
 * Syntax (docs/templates.md):
 *   {name}   the value of field `name` (name = letters, digits, underscore; may be empty
 *            only in FLAN's grammar, which flanmix rejects as an error)
 *   {{  }}   a literal "{" and "}"
 *   any other "{" or "}" is an unbalanced brace: an error at compile time.
 * Substitution is one pass: a value that itself contains "{x}" is copied as it is.
 *
 * The lexer is a PCRE2 pattern compiled once per fm_placeholder_lexer; compiling a
 * template splits it into literal and field segments, so rendering is plain copying.
 */
#ifndef FM_PLACEHOLDER_H
#define FM_PLACEHOLDER_H

#include "error.h"
#include "strbuf.h"

#include <stddef.h>

typedef struct fm_placeholder_lexer fm_placeholder_lexer;

fm_placeholder_lexer *fm_placeholder_lexer_new(fm_error *err);
void fm_placeholder_lexer_free(fm_placeholder_lexer *lx);

typedef struct fm_tmpl_seg {
    int is_field;   /* 1: text is a field name; 0: text is literal */
    char *text;
    size_t len;
} fm_tmpl_seg;

typedef struct fm_tmpl {
    fm_tmpl_seg *segs;
    size_t nsegs;
    char *source;   /* the template text as written (unescaped JSON string) */
} fm_tmpl;

/* Compile src[0..n). On error, err->reason says what and at which character; the caller
 * sets file and line. */
int fm_tmpl_compile(const fm_placeholder_lexer *lx, fm_tmpl *t, const char *src, size_t n,
                    fm_error *err);
void fm_tmpl_release(fm_tmpl *t);
/* 1 if the template uses field `name`. */
int fm_tmpl_uses(const fm_tmpl *t, const char *name);

/* Look up a field's value for rendering: return 0 and set val and len, or -1 if absent. */
typedef int (*fm_field_lookup)(void *ctx, const char *name, size_t name_len,
                               const char **val, size_t *len);

/* Append the rendered template to out. A missing field is an error naming the field. */
int fm_tmpl_render(const fm_tmpl *t, fm_field_lookup lookup, void *ctx, fm_strbuf *out,
                   fm_error *err);

#endif
