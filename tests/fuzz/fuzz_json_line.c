/* libFuzzer target: one JSON Lines record through the parser and back through the
 * escaper. Property: anything the parser accepts is re-emitted, re-parsed, and the second
 * rendering equals the first (escaping is deterministic and lossless). */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fm_error err = { 0 };
    cJSON *v = fm_json_parse((const char *)data, n, "fuzz", 1, &err);
    if (!v) return 0;
    fm_strbuf a = FM_STRBUF_INIT, b = FM_STRBUF_INIT;
    fm_json_add_value(&a, v);
    cJSON *w = fm_json_parse(a.buf, a.len, "fuzz", 2, &err);
    if (!w) abort(); /* our own output must parse */
    fm_json_add_value(&b, w);
    if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0) abort();
    cJSON_Delete(v);
    cJSON_Delete(w);
    fm_strbuf_release(&a);
    fm_strbuf_release(&b);
    return 0;
}
