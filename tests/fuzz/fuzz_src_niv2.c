/* libFuzzer target: a Super-NaturalInstructions task file (streamed JSON: header keys,
 * Instances, metadata), through the default NIV2 mapping (fuzz_source.h). */
#define FUZZ_DATA "task001_fuzz.json"
#define FUZZ_TASK "{\"name\": \"fz\", \"templates\": \"natinst_v2\", \"nan\": \"null\", " \
    "\"source\": {\"format\": \"niv2\", \"files\": [\"task001_fuzz.json\"]}}"
#include "fuzz_source.h"
