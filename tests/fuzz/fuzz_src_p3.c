/* libFuzzer target: P3 rows (JSON Lines with FLAN's T0 preprocessing: newlines, answer
 * among answer_choices) through a t0 task mapping (fuzz_source.h). */
#define FUZZ_DATA "p3.jsonl"
#define FUZZ_TASK "{\"name\": \"fz\", \"templates\": \"t0_question_answer\", " \
    "\"source\": {\"format\": \"p3\", \"files\": [\"p3.jsonl\"]}, " \
    "\"fields\": {\"question\": \"question\", \"answer\": \"answer\", \"options\": {\"path\": \"options\", \"optional\": true}}, " \
    "\"answer_field\": \"answer\"}"
#include "fuzz_source.h"
