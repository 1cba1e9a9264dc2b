/* libFuzzer target: a JSON array of records under "source.records" (streamed by jsonscan),
 * through a mapping with joins and labels (fuzz_source.h). */
#define FUZZ_DATA "data.json"
#define FUZZ_TASK "{\"name\": \"fz\", \"templates\": \"x\", \"nan\": \"null\", " \
    "\"source\": {\"format\": \"json\", \"files\": [\"data.json\"], \"records\": \"data.rows\"}, " \
    "\"fields\": {\"q\": \"q\", \"ctx\": {\"join\": [\"ctx\"], \"sep\": \"; \", \"inner_sep\": \", \", \"optional\": true}, " \
    "\"flag\": {\"path\": \"ok\", \"labels\": {\"true\": \"yes\", \"false\": \"no\"}, \"optional\": true}}}"
#include "fuzz_source.h"
