#include "packstats.h"

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "?";
}

void fm_packstats_from_manifest(const cJSON *m, fm_packstats *st)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(m, "counts");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "settings");
    st->format = str(s, "format");
    st->algo = str(s, "algo");
    st->layout = str(s, "layout");
    st->read = num(c, "examples_read");
    st->packed = num(c, "examples_packed");
    st->rejected = num(c, "examples_rejected");
    st->truncated = num(c, "examples_truncated");
    st->rows = num(c, "rows");
    st->enc_slots = num(c, "encoder_slots");
    st->enc_tokens = num(c, "encoder_tokens");
    st->dec_slots = num(c, "decoder_slots");
    st->dec_tokens = num(c, "decoder_tokens");
}

double fm_packstats_slots(const fm_packstats *st) { return st->enc_slots + st->dec_slots; }

double fm_packstats_efficiency(const fm_packstats *st)
{
    double slots = fm_packstats_slots(st);
    return slots > 0 ? (st->enc_tokens + st->dec_tokens) / slots : 0.0;
}

void fm_packstats_text(const fm_packstats *st, fm_strbuf *o)
{
    double slots = fm_packstats_slots(st), eff = fm_packstats_efficiency(st);
    fm_strbuf_addf(o, "format %s, algo %s\n", st->format, st->algo);
    fm_strbuf_addf(o, "examples: %.0f read, %.0f packed, %.0f rejected, %.0f truncated\n", st->read, st->packed,
                   st->rejected, st->truncated);
    fm_strbuf_addf(o, "rows: %.0f (%.2f examples per row)\n", st->rows, st->rows > 0 ? st->packed / st->rows : 0.0);
    fm_strbuf_addf(o, "efficiency: %.2f%% non-pad", 100.0 * eff);
    if (st->enc_slots > 0)
        fm_strbuf_addf(o, " (encoder %.2f%%, decoder %.2f%%)", 100.0 * st->enc_tokens / st->enc_slots,
                       st->dec_slots > 0 ? 100.0 * st->dec_tokens / st->dec_slots : 0.0);
    fm_strbuf_addch(o, '\n');
    fm_strbuf_addf(o, "padding: %.2f%% of %.0f positions\n", slots > 0 ? 100.0 * (1.0 - eff) : 0.0, slots);
}
