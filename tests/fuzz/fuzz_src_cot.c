/* libFuzzer target: FLAN's chain-of-thought TSV (question, answer, rationale; "\n" escapes)
 * through its default mapping (fuzz_source.h). */
#define FUZZ_DATA "cot.tsv"
#define FUZZ_TASK "{\"name\": \"fz\", \"templates\": \"cot_gsm8k\", " \
    "\"source\": {\"format\": \"cot_tsv\", \"files\": [\"cot.tsv\"]}}"
#include "fuzz_source.h"
