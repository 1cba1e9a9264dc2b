/* read_mds.c: load a flanmix MDS dataset from C (libzstd only; no JSON library: the
 * index is scanned for the few keys needed). Prints every row's segments and loss mask
 * for the prefixlm layout (columns loss_mask, positions, segment_ids, tokens).
 *
 *   cc -O2 -o read_mds tools/examples/read_mds.c -lzstd
 *   ./read_mds OUT          (OUT/index.json, written by `flanmix pack --format mds`)
 *
 * Layout (docs/formats.md section 5): a shard is u32 n, u32 offsets[n+1] (absolute), a JSON
 * config, then samples; each sample is its columns back to back in sorted name order;
 * compressed shards are one zstd frame with the content size in the header. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(sz > 0 ? (size_t)sz : 1);
    *n = fread(b, 1, (size_t)sz, f);
    fclose(f);
    return b;
}

static uint32_t u32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* Width of an "ndarray:<t>:<n>" encoding's values and its count. */
static void enc_info(const char *e, size_t len, int *w, unsigned *cnt)
{
    *w = !strncmp(e, "ndarray:uint8:", 14) ? 1 : !strncmp(e, "ndarray:uint16:", 15) ? 2 : 4;
    const char *c = memchr(e + 8, ':', len - 8);
    *cnt = c ? (unsigned)strtoul(c + 1, NULL, 10) : 0;
}

static uint32_t get(const unsigned char *p, int w, unsigned i)
{
    p += (size_t)i * w;
    return w == 1 ? p[0] : w == 2 ? (uint32_t)(p[0] | p[1] << 8) : u32(p);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: read_mds DIR\n");
        return 2;
    }
    char path[4096];
    size_t ilen;
    snprintf(path, sizeof path, "%s/index.json", argv[1]);
    unsigned char *index = slurp(path, &ilen);
    if (!index) { perror(path); return 1; }
    long row = 0;
    /* Each shard entry has "column_encodings": [...] and a zip_data (or raw_data) basename. */
    for (char *e = strstr((char *)index, "\"column_encodings\": ["); e; e = strstr(e + 1, "\"column_encodings\": [")) {
        /* encodings of loss_mask, positions, segment_ids, tokens (sorted order) */
        int w[4];
        unsigned cnt[4];
        char *q = e + 21;
        for (int c = 0; c < 4; c++) {
            q = strchr(q, '"') + 1;
            char *end = strchr(q, '"');
            enc_info(q, (size_t)(end - q), &w[c], &cnt[c]);
            q = end + 1;
        }
        char *z = strstr(e, "\"zip_data\": {\"basename\": \"");
        char *r = strstr(e, "\"raw_data\": {\"basename\": \"");
        char *next = strstr(e + 1, "\"column_encodings\"");
        int zipped = z && (!next || z < next);
        char *b = zipped ? z + 26 : r + 26;
        snprintf(path, sizeof path, "%s/%.*s", argv[1], (int)(strchr(b, '"') - b), b);
        size_t n;
        unsigned char *data = slurp(path, &n);
        if (!data) { perror(path); return 1; }
        if (zipped) {
            unsigned long long rn = ZSTD_getFrameContentSize(data, n);
            if (rn == ZSTD_CONTENTSIZE_UNKNOWN || rn == ZSTD_CONTENTSIZE_ERROR) {
                fprintf(stderr, "%s: no content size\n", path);
                return 1;
            }
            unsigned char *raw = malloc(rn ? rn : 1);
            size_t got = ZSTD_decompress(raw, rn, data, n);
            if (ZSTD_isError(got) || got != rn) { fprintf(stderr, "%s: corrupt\n", path); return 1; }
            free(data);
            data = raw;
            n = got;
        }
        uint32_t samples = u32(data);
        for (uint32_t i = 0; i < samples; i++) {
            const unsigned char *s = data + u32(data + 4 + 4 * i);
            const unsigned char *loss = s, *pos = loss + cnt[0] * w[0], *seg = pos + cnt[1] * w[1],
                                *tok = seg + cnt[2] * w[2];
            (void)pos;
            printf("row %ld\n", row++);
            uint32_t cur = 0;
            for (unsigned k = 0; k < cnt[3]; k++) {
                uint32_t sg = get(seg, w[2], k);
                if (sg == 0) break;
                if (sg != cur) printf("%s  segment %u:", cur ? "\n" : "", sg);
                cur = sg;
                printf(" %u%s", get(tok, w[3], k), get(loss, w[0], k) ? "*" : "");
            }
            printf("\n");
        }
        free(data);
    }
    free(index);
    return 0;
}
