/* libFuzzer target: a CSV file with a header, RFC 4180 quoting, mapped through a task
 * definition (fuzz_source.h). */
#define FUZZ_DATA "data.csv"
#define FUZZ_TASK "{\"name\": \"fz\", \"templates\": \"x\", \"source\": {\"format\": \"csv\", " \
    "\"files\": [\"data.csv\"], \"header\": true}, \"fields\": {\"question\": \"question\", " \
    "\"options\": {\"list\": [\"opt1\", {\"path\": \"opt2\", \"regex\": \"^\\\\s+|\\\\s+$\", \"replace\": \"\"}]}, " \
    "\"answer\": {\"path\": \"label\", \"choose\": \"options\"}, " \
    "\"note\": {\"path\": \"note\", \"optional\": true}}, \"options_field\": \"options\", \"answer_field\": \"answer\"}"
#include "fuzz_source.h"
