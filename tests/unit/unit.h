/* unit.h: a tiny unit-test harness. Each tests/unit/NAME.c is one executable whose
 * main() calls TEST(fn) for each case; it prints one "ok"/"FAIL" line per case and a
 * final "unit: P passed, F failed" line that tests/run adds up. */
#ifndef FM_UNIT_H
#define FM_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed_now;
static int unit_passed, unit_failed;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    unit_failed_now = 1; } } while (0)
#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); if (_a != _b) { \
    fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, _a, _b); \
    unit_failed_now = 1; } } while (0)
#define CHECK_EQ_STR(a, b) do { const char *_a = (a), *_b = (b); \
    if (!_a || !_b || strcmp(_a, _b) != 0) { \
    fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
            _a ? _a : "(null)", _b ? _b : "(null)"); unit_failed_now = 1; } } while (0)
#define CHECK_EQ_MEM(a, alen, b, blen) do { if ((size_t)(alen) != (size_t)(blen) || \
    memcmp((a), (b), (size_t)(alen)) != 0) { \
    fprintf(stderr, "  %s:%d: %s (%zu bytes) differs from expected (%zu bytes)\n", __FILE__, \
            __LINE__, #a, (size_t)(alen), (size_t)(blen)); unit_failed_now = 1; } } while (0)

#define TEST(fn) do { unit_failed_now = 0; fn(); \
    if (unit_failed_now) { unit_failed++; printf("FAIL %s\n", #fn); } \
    else { unit_passed++; printf("ok   %s\n", #fn); } } while (0)

#define UNIT_END() do { printf("unit: %d passed, %d failed\n", unit_passed, unit_failed); \
    return unit_failed ? 1 : 0; } while (0)

/* Temporary directory for a test file: $FM_TMPDIR or /tmp. */
static inline const char *unit_tmpdir(void)
{
    const char *d = getenv("FM_TMPDIR");
    return d && *d ? d : "/tmp";
}

#endif
