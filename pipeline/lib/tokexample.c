/* tokexample.c: formatted example line -> tokenized example (see tokexample.h). */
#include "tokexample.h"

#include "json.h"

#include <stdlib.h>
#include <string.h>

void fm_tok_example_init(fm_tok_example *ex)
{
    memset(ex, 0, sizeof *ex);
    fm_strbuf_init(&ex->id);
    fm_strbuf_init(&ex->task);
}

void fm_tok_example_release(fm_tok_example *ex)
{
    fm_strbuf_release(&ex->id);
    fm_strbuf_release(&ex->task);
    fm_ids_release(&ex->inputs);
    fm_ids_release(&ex->targets);
}

/* seqio's append_eos_after_trim: keep max_len - 1 ids, then EOS. Returns ids cut. */
static uint64_t trim_append_eos(fm_ids *ids, long max_len, int32_t eos)
{
    uint64_t cut = 0;
    if (ids->n > (size_t)(max_len - 1)) {
        cut = ids->n - (size_t)(max_len - 1);
        ids->n = (size_t)(max_len - 1);
    }
    fm_ids_push(ids, eos);
    return cut;
}

int fm_tok_example_from_line(fm_tokenizer *t, const fm_tok_limits *lim, const char *line, size_t n,
                             const char *file, long lineno, fm_tok_example *ex, fm_error *err)
{
    cJSON *root = fm_json_parse(line, n, file, lineno, err);
    if (!root) return -1;
    int rc = -1;
    const char *id, *task, *inputs, *targets;
    if (!cJSON_IsObject(root)) {
        fm_error_set(err, FM_EINPUT, file, lineno, NULL, "expected a JSON object (an example), got %s",
                     fm_json_type_name(root));
        goto out;
    }
    if (fm_json_get_string(root, "id", &id, 1, file, lineno, err) ||
        fm_json_get_string(root, "task", &task, 1, file, lineno, err) ||
        fm_json_get_string(root, "inputs", &inputs, 1, file, lineno, err) ||
        fm_json_get_string(root, "targets", &targets, 1, file, lineno, err))
        goto out;
    fm_strbuf_reset(&ex->id);
    fm_strbuf_addstr(&ex->id, id);
    fm_strbuf_reset(&ex->task);
    fm_strbuf_addstr(&ex->task, task);
    size_t li = strlen(inputs), lt = strlen(targets);
    ex->text_bytes = li + lt;
    if (fm_tokenizer_encode(t, inputs, li, &ex->inputs, err) ||
        fm_tokenizer_encode(t, targets, lt, &ex->targets, err)) {
        fm_error_locate(err, file, lineno);
        goto out;
    }
    ex->inputs_truncated = trim_append_eos(&ex->inputs, lim->inputs_len, lim->eos_id);
    ex->targets_truncated = trim_append_eos(&ex->targets, lim->targets_len, lim->eos_id);
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

static void add_ids(fm_strbuf *out, const fm_ids *ids)
{
    fm_strbuf_grow(out, ids->n * 7 + 2);
    char *p = out->buf + out->len;
    *p++ = '[';
    for (size_t i = 0; i < ids->n; i++) {
        if (i) *p++ = ',';
        int32_t v = ids->v[i];
        if (v < 0) {
            *p++ = '-';
            v = -v;
        }
        char tmp[12];
        int k = 0;
        do {
            tmp[k++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (k) *p++ = tmp[--k];
    }
    *p++ = ']';
    out->len = (size_t)(p - out->buf);
    out->buf[out->len] = '\0';
}

void fm_tok_example_write_json(const fm_tok_example *ex, fm_strbuf *out)
{
    fm_strbuf_addstr(out, "{\"id\":");
    fm_json_add_string(out, ex->id.buf, ex->id.len);
    fm_strbuf_addstr(out, ",\"task\":");
    fm_json_add_string(out, ex->task.buf, ex->task.len);
    fm_strbuf_addstr(out, ",\"inputs\":");
    add_ids(out, &ex->inputs);
    fm_strbuf_addstr(out, ",\"targets\":");
    add_ids(out, &ex->targets);
    fm_strbuf_addf(out, ",\"inputs_truncated\":%llu,\"targets_truncated\":%llu}\n",
                   (unsigned long long)ex->inputs_truncated, (unsigned long long)ex->targets_truncated);
}

typedef struct batch {
    const fm_tok_limits *lim;
    const char *const *lines;
    const size_t *lens;
    const char *file;
    long first_line;
    fm_tok_example *exs;
    int skip_bad;
    unsigned char *failed;
    fm_error *errs;
} batch;

static int batch_one(void *ctx, size_t i, fm_tokenizer *t, fm_error *err)
{
    batch *b = ctx;
    if (b->failed) b->failed[i] = 0;
    if (fm_tok_example_from_line(t, b->lim, b->lines[i], b->lens[i], b->file, b->first_line + (long)i,
                                 &b->exs[i], err) == 0)
        return 0;
    if (!b->skip_bad || err->code != FM_EINPUT) return -1;
    if (b->failed) b->failed[i] = 1;
    if (b->errs) b->errs[i] = *err;
    return 0;
}

int fm_tok_example_run_batch(fm_tok_pool *pool, const fm_tok_limits *lim, size_t n,
                             const char *const *lines, const size_t *lens, const char *file,
                             long first_line, fm_tok_example *exs, int skip_bad,
                             unsigned char *failed, fm_error *errs, fm_error *err)
{
    batch b = { lim, lines, lens, file, first_line, exs, skip_bad, failed, errs };
    return fm_tok_pool_run(pool, n, batch_one, &b, err);
}
