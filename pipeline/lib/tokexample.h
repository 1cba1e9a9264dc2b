/* tokexample.h: one formatted example -> one tokenized example (docs/contracts.md 4).
 *
 * The tokenize stage and pack's on-the-fly tokenization share this: parse an example or
 * mixed-stream JSON line, take "id", "task", "inputs" and "targets", encode both texts,
 * cut each to max_len - 1 ids and append EOS (seqio's append_eos_after_trim), counting
 * the ids cut. fm_tok_example_run_batch() does a batch of lines on a tokenizer pool,
 * preserving order.
 */
#ifndef FM_TOKEXAMPLE_H
#define FM_TOKEXAMPLE_H

#include "error.h"
#include "strbuf.h"
#include "tokenizer.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fm_tok_limits {
    long inputs_len;  /* >= 1; ids after EOS is appended (default 2048) */
    long targets_len; /* >= 1 (default 512) */
    int32_t eos_id;   /* appended to both */
} fm_tok_limits;

typedef struct fm_tok_example {
    fm_strbuf id, task;
    fm_ids inputs, targets;        /* with EOS */
    uint64_t inputs_truncated;     /* ids cut from inputs */
    uint64_t targets_truncated;
    size_t text_bytes;             /* bytes of inputs + targets text */
} fm_tok_example;

void fm_tok_example_init(fm_tok_example *ex);
void fm_tok_example_release(fm_tok_example *ex);

/* Parse line[0..n) (file/lineno for errors) and tokenize it into ex. 0 or -1 (FM_EINPUT
 * for a bad line: not JSON, missing or non-string "id", "task", "inputs", "targets"). */
int fm_tok_example_from_line(fm_tokenizer *t, const fm_tok_limits *lim, const char *line, size_t n,
                             const char *file, long lineno, fm_tok_example *ex, fm_error *err);

/* Append ex as one JSON line (with "\n"):
 * {"id":…,"task":…,"inputs":[…],"targets":[…],"inputs_truncated":K,"targets_truncated":K} */
void fm_tok_example_write_json(const fm_tok_example *ex, fm_strbuf *out);

/* Tokenize lines[i] (lens[i] bytes, line number first_line + i of file) into exs[i] on
 * the pool, for i in [0, n). exs must hold n initialized examples. On failure returns -1
 * with the error of the first bad line (in input order); with skip_bad, bad lines get
 * failed[i] = 1 and their error in errs[i] (when errs is not NULL) instead. */
int fm_tok_example_run_batch(fm_tok_pool *pool, const fm_tok_limits *lim, size_t n,
                             const char *const *lines, const size_t *lens, const char *file,
                             long first_line, fm_tok_example *exs, int skip_bad,
                             unsigned char *failed, fm_error *errs, fm_error *err);

#endif
