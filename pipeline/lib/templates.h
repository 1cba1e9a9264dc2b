/* templates.h: template sets (templates/<set>.tpl, docs/templates.md).
 *
 * A set is parsed once into compiled templates grouped by kind. Missing no-options kinds
 * are derived from the options kinds by FLAN's substring removal (docs/templates.md), so
 * every loaded set has all four zero-/few-shot kinds it can have. Loading never looks at
 * records; fm_template_set_check() then checks a set against one task's field names, so
 * that a template naming a field the task lacks fails at load time with file and line.
 */
#ifndef FM_TEMPLATES_H
#define FM_TEMPLATES_H

#include "error.h"
#include "placeholder.h"

#include <stddef.h>

typedef enum {
    FM_TK_ZERO_SHOT = 0,
    FM_TK_ZERO_SHOT_NO_OPTIONS,
    FM_TK_FEW_SHOT,
    FM_TK_FEW_SHOT_NO_OPTIONS,
    FM_TK_INLINE_FEW_SHOT,
    FM_TK_COUNT
} fm_tpl_kind;

/* Properties of a template, in the order of fm_template.prop[]. */
typedef enum {
    FM_TP_INPUTS = 0,
    FM_TP_TARGETS,
    FM_TP_INPUTS_PREFIX,
    FM_TP_TARGETS_PREFIX,
    FM_TP_X_Y_DELIMITER,
    FM_TP_EXAMPLE_SEPARATOR,
    FM_TP_INPUT_PATTERN,
    FM_TP_COUNT /* in_template_mix is a boolean, kept apart */
} fm_tpl_prop;

const char *fm_tpl_kind_name(fm_tpl_kind k);
const char *fm_tpl_prop_name(fm_tpl_prop p);

typedef struct fm_template {
    fm_tpl_kind kind;
    int index;                  /* 0-based within its kind */
    long line;                  /* line of the kind line (for derived: of the source) */
    int derived;                /* 1 if derived from the options kind */
    fm_tmpl prop[FM_TP_COUNT];  /* every property compiled (defaults filled in) */
    long prop_line[FM_TP_COUNT];/* line the property was written on, 0 if defaulted */
    int in_template_mix;
} fm_template;

typedef struct fm_template_set {
    char *name;
    char *path;
    fm_template *t[FM_TK_COUNT];
    size_t n[FM_TK_COUNT];
    /* few-shot templates with in_template_mix, as indexes into t[kind]: [0] for
     * FM_TK_FEW_SHOT, [1] for FM_TK_FEW_SHOT_NO_OPTIONS. */
    size_t *mix[2];
    size_t nmix[2];
} fm_template_set;

/* Parse text (the file's content) named `path`; the set's name is given. */
int fm_template_set_parse(fm_template_set *s, const fm_placeholder_lexer *lx, const char *name,
                          const char *path, const char *text, size_t n, fm_error *err);
/* Read and parse DIR/<name>.tpl. */
int fm_template_set_load(fm_template_set *s, const fm_placeholder_lexer *lx, const char *dir,
                         const char *name, fm_error *err);
void fm_template_set_release(fm_template_set *s);

/* Check every template against the names a task provides (fields[0..nfields)).
 * `_prompt` is allowed only in input_pattern. Error names the set file and line. */
int fm_template_set_check(const fm_template_set *s, const char *const *fields, size_t nfields,
                          fm_error *err);

/* Mix list for a few-shot kind (FM_TK_FEW_SHOT or FM_TK_FEW_SHOT_NO_OPTIONS). */
static inline const size_t *fm_template_set_mix(const fm_template_set *s, fm_tpl_kind k, size_t *n)
{
    int i = k == FM_TK_FEW_SHOT_NO_OPTIONS;
    *n = s->nmix[i];
    return s->mix[i];
}

/* FLAN's no-options derivation applied to one compiled template (exposed for tests):
 * removes the given substrings, in order, where "{options_}" means the placeholder. */
void fm_tmpl_remove_options(const fm_placeholder_lexer *lx, fm_tmpl *t, int few_shot);

#endif
