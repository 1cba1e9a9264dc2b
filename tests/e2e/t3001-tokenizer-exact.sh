#!/usr/bin/env bash
# Token-exactness: flanmix's ids (fast path and library path) equal spm_encode's for the
# T5 model and the fallback model, on all of ../shared/data (NIV2 definitions, examples,
# instance inputs and outputs; CoT questions, answers, rationales), Flan-like prompts and
# adversarial text (tests/tokenize/make_corpus.py). spm_encode reads one text per line, so
# texts with newlines are compared between the fast path and the library itself (the
# library call is the one spm_encode makes; the first tests show the two agree).
# Under the sanitizer build a 1-in-25 sample of the data texts is used (all adversarial
# texts are kept).
. "$(dirname "$0")/../lib.sh"
require_shared 'tokenizer exactness against spm_encode' 5

every=1
[ "$FM_VARIANT" = san ] && every=25
CORPUS=$TRASH/corpus

test_expect_success 'build the comparison corpus' "
    /usr/bin/python3 '$FM_ROOT/tests/tokenize/make_corpus.py' '$FM_SHARED' '$CORPUS' --every $every &&
    test -s '$CORPUS/lines.txt' && test -s '$CORPUS/texts.jsonl'
"

for model in t5/spiece.model fallback_unigram_8k/spm.model; do
    M=$FM_SHARED/models/$model
    test_expect_success "fast path ids = spm_encode ids ($model)" "
        spm_encode --model='$M' --output_format=id <'$CORPUS/lines.txt' >expected &&
        test \$(wc -l <expected) -eq \$(wc -l <'$CORPUS/lines.txt') &&
        flanmix bench-tokenize encode --model '$M' '$CORPUS/lines.txt' >actual &&
        test_cmp expected actual &&
        flanmix bench-tokenize encode --no-fast-tokenizer --model '$M' '$CORPUS/lines.txt' >actual-lib &&
        test_cmp expected actual-lib
    "
    test_expect_success "fast path ids = library ids on multi-line prompts ($model)" "
        flanmix bench-tokenize compare --json --model '$M' '$CORPUS/texts.jsonl' >out &&
        grep ' 0 differ' out && grep ' 0 library fallbacks' out
    "
done
test_done
