#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fm_cli_parse_u64(const char *opt, const char *s, uint64_t *out, fm_error *err)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "%s: expected a non-negative integer", opt);
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "%s: '%s' is not a non-negative integer",
                            opt, s);
    *out = v;
    return 0;
}

int fm_cli_parse_int(const char *opt, const char *s, long min, long max, long *out, fm_error *err)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || errno || *end || v < min || v > max)
        return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "%s: expected an integer in [%ld, %ld], got '%s'",
                            opt, min, max, s ? s : "");
    *out = v;
    return 0;
}

int fm_cli_parse_part(const char *s, fm_part *out, fm_error *err)
{
    const char *slash = s ? strchr(s, '/') : NULL;
    char *end;
    if (!slash) goto bad;
    errno = 0;
    long i = strtol(s, &end, 10);
    if (end != slash || errno) goto bad;
    long n = strtol(slash + 1, &end, 10);
    if (*end || errno || n < 1 || i < 0 || i >= n || n > 1000000) goto bad;
    out->index = (int)i;
    out->count = (int)n;
    return 0;
bad:
    return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL,
                        "--part: expected I/N with 0 <= I < N (e.g. 0/4), got '%s'", s ? s : "");
}

int fm_cli_parse_on_error(const char *s, fm_on_error *out, fm_error *err)
{
    if (s && !strcmp(s, "fail")) { *out = FM_ON_ERROR_FAIL; return 0; }
    if (s && !strcmp(s, "skip")) { *out = FM_ON_ERROR_SKIP; return 0; }
    return fm_error_set(err, FM_EUSAGE, NULL, 0, NULL, "--on-error: expected fail or skip, got '%s'",
                        s ? s : "");
}

int fm_cli_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 1 ? (int)n : 1;
}

int fm_part_owns(const fm_part *p, uint64_t k)
{
    return p->count <= 1 || k % (uint64_t)p->count == (uint64_t)p->index;
}
