/* libFuzzer target: a plain TSV file without header or quoting, mapped through a task
 * definition with substitutions and filters (fuzz_source.h). */
#define FUZZ_DATA "data.tsv"
#define FUZZ_TASK "{\"name\": \"fz\", \"templates\": \"x\", \"dedup\": true, \"source\": {\"format\": \"tsv\", " \
    "\"files\": [\"data.tsv\"], \"header\": false, \"quoting\": false}, " \
    "\"fields\": {\"premise\": \"0\", \"hypothesis\": \"1\", \"label\": {\"path\": \"2\", \"optional\": true}}, " \
    "\"substitutions\": [{\"field\": \"premise\", \"regex\": \"(\\\\w+)@(\\\\w+)\", \"replace\": \"$2 at $1\"}], " \
    "\"filters\": [{\"field\": \"hypothesis\", \"regex\": \"\\\\S\", \"keep\": true}]}"
#include "fuzz_source.h"
