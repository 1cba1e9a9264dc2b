/* cli.h: option parsing shared by the stage executables.
 *
 * Every stage accepts the same spellings for the common options (docs/contracts.md):
 * --seed N, -j N, --part I/N, --on-error fail|skip, -q. These helpers parse the values
 * with errors that name the option. */
#ifndef FM_CLI_H
#define FM_CLI_H

#include "error.h"

#include <stdint.h>

typedef struct fm_part {
    int index; /* 0-based */
    int count; /* >= 1 */
} fm_part;

typedef enum { FM_ON_ERROR_FAIL = 0, FM_ON_ERROR_SKIP } fm_on_error;

/* "I/N" with 0 <= I < N. */
int fm_cli_parse_part(const char *s, fm_part *out, fm_error *err);
int fm_cli_parse_u64(const char *opt, const char *s, uint64_t *out, fm_error *err);
int fm_cli_parse_int(const char *opt, const char *s, long min, long max, long *out, fm_error *err);
int fm_cli_parse_on_error(const char *s, fm_on_error *out, fm_error *err);
/* Number of online CPUs (>= 1): the default for -j. */
int fm_cli_default_threads(void);
/* 1 if unit number k (0-based) belongs to this part: k mod N == I. */
int fm_part_owns(const fm_part *p, uint64_t k);

#endif
