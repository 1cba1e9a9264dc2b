#include "packin.h"

#include "json.h"

#include <stdlib.h>
#include <string.h>

/* ---- the scanner ------------------------------------------------------------------------ */

typedef struct scan {
    const char *p, *end;
} scan;

static void ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) s->p++;
}

/* Skip a string starting at '"'. 0 or -1. */
static int skip_string(scan *s)
{
    s->p++;
    while (s->p < s->end) {
        char c = *s->p++;
        if (c == '\\') s->p++;
        else if (c == '"') return 0;
    }
    return -1;
}

/* Skip any value (bracket balance only; the full parser validates when something looks
 * wrong). 0 or -1. */
static int skip_value(scan *s)
{
    if (s->p >= s->end) return -1;
    if (*s->p == '"') return skip_string(s);
    if (*s->p != '[' && *s->p != '{') {
        while (s->p < s->end && *s->p != ',' && *s->p != '}' && *s->p != ']' && *s->p != ' ') s->p++;
        return 0;
    }
    int depth = 0;
    while (s->p < s->end) {
        char c = *s->p;
        if (c == '"') {
            if (skip_string(s) < 0) return -1;
            continue;
        }
        s->p++;
        if (c == '[' || c == '{') depth++;
        else if ((c == ']' || c == '}') && --depth == 0) return 0;
    }
    return -1;
}

/* An array of non-negative integers. 0, -1 (not such an array: fall back). */
static int int_array(scan *s, fm_ids *out)
{
    out->n = 0;
    s->p++; /* '[' */
    ws(s);
    if (s->p < s->end && *s->p == ']') { s->p++; return 0; }
    for (;;) {
        ws(s);
        if (s->p >= s->end || *s->p < '0' || *s->p > '9') return -1;
        int64_t v = 0;
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
            v = v * 10 + (*s->p++ - '0');
            if (v > INT32_MAX) return -1;
        }
        if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E')) return -1;
        fm_ids_push(out, (int32_t)v);
        ws(s);
        if (s->p < s->end && *s->p == ',') { s->p++; continue; }
        if (s->p < s->end && *s->p == ']') { s->p++; return 0; }
        return -1;
    }
}

/* 1: parsed a tokenized example; 0: it has text features (or is unusual): use cJSON. */
static int fast_parse(const char *line, size_t n, fm_ids *in, fm_ids *tg)
{
    scan s = { line, line + n };
    int got_in = 0, got_tg = 0;
    ws(&s);
    if (s.p >= s.end || *s.p != '{') return 0;
    s.p++;
    for (;;) {
        ws(&s);
        if (s.p >= s.end) return 0;
        if (*s.p == '}') break;
        if (*s.p != '"') return 0;
        const char *k = s.p + 1;
        if (skip_string(&s) < 0) return 0;
        size_t klen = (size_t)(s.p - 1 - k);
        ws(&s);
        if (s.p >= s.end || *s.p != ':') return 0;
        s.p++;
        ws(&s);
        fm_ids *dst = NULL;
        if (klen == 6 && !memcmp(k, "inputs", 6)) dst = in, got_in++;
        else if (klen == 7 && !memcmp(k, "targets", 7)) dst = tg, got_tg++;
        if (dst) {
            if (s.p >= s.end || *s.p != '[' || int_array(&s, dst) < 0) return 0;
        } else if (skip_value(&s) < 0) {
            return 0;
        }
        ws(&s);
        if (s.p < s.end && *s.p == ',') { s.p++; continue; }
        if (s.p < s.end && *s.p == '}') break;
        return 0;
    }
    s.p++;
    ws(&s);
    return s.p == s.end && got_in == 1 && got_tg == 1;
}

/* ---- the full path ----------------------------------------------------------------------- */

static int feature(const cJSON *o, const char *key, fm_tokenizer *tok, uint32_t max_len,
                   const fm_packin_limits *lim, fm_ids *out, uint64_t *cut, fm_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    out->n = 0;
    if (cJSON_IsArray(v)) {
        for (const cJSON *c = v->child; c; c = c->next) {
            if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble > INT32_MAX ||
                c->valuedouble != (double)(int32_t)c->valuedouble)
                return fm_error_set(err, FM_EINPUT, NULL, 0, key, "expected an array of token ids, found %s",
                                    fm_json_type_name(c));
            fm_ids_push(out, (int32_t)c->valuedouble);
        }
        return 0;
    }
    if (cJSON_IsString(v)) {
        if (!tok)
            return fm_error_set(err, FM_EUSAGE, NULL, 0, key,
                                "a formatted (text) example: give --model to tokenize it, or tokenize first");
        if (fm_tokenizer_encode(tok, v->valuestring, strlen(v->valuestring), out, err) < 0) return -1;
        if (max_len >= 1 && out->n > max_len - 1) {
            *cut += out->n - (max_len - 1);
            out->n = max_len - 1;
        }
        fm_ids_push(out, lim->eos_id);
        return 0;
    }
    return fm_error_set(err, FM_EINPUT, NULL, 0, key, "expected token ids or text, found %s",
                        fm_json_type_name(v));
}

static int check(const char *key, const fm_ids *x, const fm_packin_limits *lim, fm_error *err)
{
    if (x->n == 0)
        return fm_error_set(err, FM_EINPUT, NULL, 0, key, "no tokens (a tokenized feature ends in EOS)");
    for (size_t i = 0; i < x->n; i++) {
        if (lim->vocab_size > 0 && x->v[i] >= lim->vocab_size)
            return fm_error_set(err, FM_EINPUT, NULL, 0, key, "token id %d is outside the vocabulary (size %lld)",
                                (int)x->v[i], (long long)lim->vocab_size);
        if (x->v[i] == lim->pad_id)
            return fm_error_set(err, FM_EINPUT, NULL, 0, key,
                                "token id %d at position %zu equals the pad id: padding would be "
                                "indistinguishable from data (choose another --pad-id)",
                                (int)x->v[i], i);
    }
    if (x->v[x->n - 1] != lim->eos_id)
        return fm_error_set(err, FM_EINPUT, NULL, 0, key,
                            "does not end in EOS id %d (tokenized with another model?)", (int)lim->eos_id);
    return 0;
}

int fm_packin_parse(const char *line, size_t n, fm_tokenizer *tok, const fm_packin_limits *lim,
                    fm_ids *in, fm_ids *tg, uint64_t *tok_truncated, fm_error *err)
{
    uint64_t cut = 0;
    if (!fast_parse(line, n, in, tg)) {
        cJSON *o = fm_json_parse(line, n, NULL, 0, err);
        if (!o) return -1;
        int rc = 0;
        if (!cJSON_IsObject(o))
            rc = fm_error_set(err, FM_EINPUT, NULL, 0, NULL, "expected a JSON object, found %s",
                              fm_json_type_name(o));
        if (rc == 0) rc = feature(o, "inputs", tok, lim->max_inputs_len, lim, in, &cut, err);
        if (rc == 0) rc = feature(o, "targets", tok, lim->max_targets_len, lim, tg, &cut, err);
        cJSON_Delete(o);
        if (rc < 0) return -1;
    }
    if (tok_truncated) *tok_truncated = cut;
    if (check("inputs", in, lim, err) < 0 || check("targets", tg, lim, err) < 0) return -1;
    if (tg->n < 2)
        return fm_error_set(err, FM_EINPUT, NULL, 0, "targets",
                            "empty targets (only EOS): nothing to train on");
    return 0;
}
