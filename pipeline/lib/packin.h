/* packin.h: reading one input example for `flanmix pack`.
 *
 * A line is either a tokenized example (docs/contracts.md section 4: "inputs" and
 * "targets" are arrays of ids, each ending in EOS) or a formatted example (section 2:
 * "inputs" and "targets" are strings), which is tokenized here as the tokenize stage
 * would: ids of the text, cut to max_len - 1, then EOS.
 *
 * Tokenized lines are read by a small scanner that parses only what packing needs (so
 * packing stays cheap next to tokenization); anything it does not expect is handed to
 * the full JSON parser, which gives the error message.
 *
 * Checks, all input errors naming the field: ids in [0, vocab_size); no id equal to the
 * pad id (a real token that trainers would take for padding); each feature non-empty and
 * ending in EOS (else it was tokenized with another model); targets not empty (more than
 * the EOS).
 */
#ifndef FM_PACKIN_H
#define FM_PACKIN_H

#include "error.h"
#include "tokenizer.h"

#include <stdint.h>

typedef struct fm_packin_limits {
    int64_t vocab_size;       /* ids must be below; <= 0: unchecked */
    int32_t eos_id, pad_id;
    uint32_t max_inputs_len;  /* text path: tokenize-stage truncation (defaults 2048 / 512) */
    uint32_t max_targets_len;
} fm_packin_limits;

/* Parse line[0..n) into in/tg (replaced). tok may be NULL: then a text example is an
 * error asking for --model. *tok_truncated (if not NULL) gets the number of tokens the
 * text path cut. Errors carry the reason and field; the caller sets file and line. */
int fm_packin_parse(const char *line, size_t n, fm_tokenizer *tok, const fm_packin_limits *lim,
                    fm_ids *in, fm_ids *tg, uint64_t *tok_truncated, fm_error *err);

#endif
