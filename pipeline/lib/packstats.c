#include "packstats.h"

#include "json.h"

void fm_packstats_from_manifest(const cJSON *m, fm_packstats *st)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(m, "counts");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "settings");
    st->format = fm_json_str_or(s, "format", "?");
    st->algo = fm_json_str_or(s, "algo", "?");
    st->layout = fm_json_str_or(s, "layout", "?");
    st->read = fm_json_num_or(c, "examples_read", 0);
    st->packed = fm_json_num_or(c, "examples_packed", 0);
    st->rejected = fm_json_num_or(c, "examples_rejected", 0);
    st->truncated = fm_json_num_or(c, "examples_truncated", 0);
    st->rows = fm_json_num_or(c, "rows", 0);
    st->enc_slots = fm_json_num_or(c, "encoder_slots", 0);
    st->enc_tokens = fm_json_num_or(c, "encoder_tokens", 0);
    st->dec_slots = fm_json_num_or(c, "decoder_slots", 0);
    st->dec_tokens = fm_json_num_or(c, "decoder_tokens", 0);
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
