#!/usr/bin/env python3
"""Generate tasks/flan2021/<task>.json for the 71 Flan 2021 ("Muffin") tasks.

One table below holds, per task: the template set, where the user's export lives, how the
exported fields map to the names FLAN's templates use (flan/v2/task_configs_v1.py), and the
dataset's license and provenance. Run from the repository root:

    python3 tools/gen_flan2021_tasks.py            # (re)write tasks/flan2021/*.json
    python3 tools/gen_flan2021_tasks.py --check    # exit 1 if a file differs

The export each task expects is documented in docs/flan2021-exports.md.
"""
import json
import os
import sys

SUPERGLUE_LIC = "SuperGLUE task data; see the original dataset's license (research use)"
GLUE_LIC = "GLUE task data; see the original dataset's license (research use)"

def src(task, split="train"):
    return {"format": "jsonl", "files": [f"flan2021/{task}/{split}*.jsonl*"], "split": "train"}

def strip(field):
    return [{"field": field, "regex": "^\\s+|\\s+$", "replace": ""}]

T = {}

UQ_WS = "(?:\\s|\\\\n)*"   # whitespace or a literal backslash-n

# The target field of generation tasks that have no `answer` (what FLAN's main template emits).
TARGET_FIELD = {
    "aeslc": "subject", "cnn_dailymail": "highlights", "common_gen": "target", "coqa": "numbered_answers",
    "dart": "target", "e2e_nlg": "target", "gigaword": "summary", "multi_news": "summary",
    "newsroom": "summary", "opinion_abstracts_idebate": "claim",
    "opinion_abstracts_rotten_tomatoes": "critic_consensus", "para_crawl": "sent2", "samsum": "summary",
    "web_nlg_en": "target", "wiki_lingua_english_en": "target", "wmt14_enfr": "sent2",
    "wmt16_translate": "sent2", "xsum": "summary",
}

def task(name, templates, fields, export, lic, prov, options=None, subs=None, filters=None,
         split_file="train"):
    d = {
        "name": name,
        "submixture": "flan2021",
        "kind": "flan",
        "templates": templates,
        "source": src(name, split_file),
        "fields": fields,
    }
    if options:
        # a copy of the answer that ZS-Opt does not rewrite (see tools/flan2021/tpl.py)
        fields = dict(fields)
        fields["answer_text"] = fields["answer"]
        d["fields"] = fields
        subs = (subs or []) + [dict(x, field="answer_text") for x in (subs or []) if x["field"] == "answer"]
        filters = filters
    if subs:
        d["substitutions"] = subs
    if filters:
        d["filters"] = filters
    if options:
        d["options_field"] = "options"
    d["answer_field"] = "answer" if "answer" in fields else TARGET_FIELD[templates]
    d["license"] = lic
    d["provenance"] = prov
    d["_export"] = export
    T[name] = d

def labels(path, names):
    return {"path": path, "labels": names}

# ------------------------------------------------------------------ SuperGLUE
task("bool_q", "bool_q", {
    "title": {"path": "title", "optional": True},
    "text": "passage",
    "question": "question",
    "options": {"const": ["no", "yes"]},
    "answer": {"path": "answer", "labels": {"false": "no", "true": "yes"}},
}, ("google/boolq", None, "train", "question, answer (bool), passage; TFDS bool_q also has title"),
    "CC BY-SA 3.0", "BoolQ (Clark et al. 2019); FLAN source TFDS bool_q:1.0.0", options=True)
task("rte", "rte", {
    "premise": "premise", "hypothesis": "hypothesis",
    "options": {"const": ["yes", "no"]},
    "answer": labels("label", ["yes", "no"]),
}, ("super_glue", "rte", "train", "premise, hypothesis, idx, label (0 entailment, 1 not_entailment)"),
    SUPERGLUE_LIC, "RTE via SuperGLUE (Wang et al. 2019); FLAN source TFDS super_glue/rte:1.0.2", options=True)
task("wsc", "wsc", {
    "context": "text", "text1": "span1_text", "text2": "span2_text",
    "options": {"const": ["no", "yes"]},
    "answer": labels("label", ["no", "yes"]),
}, ("super_glue", "wsc.fixed", "train", "text, span1_index, span2_index, span1_text, span2_text, idx, label"),
    "CC BY 4.0", "Winograd Schema Challenge via SuperGLUE; FLAN source TFDS super_glue/wsc.fixed:1.0.2. "
    "FLAN marks the pronoun in context with *...*; here context is the plain text", options=True)
task("wic", "wic", {
    "sentence1": "sentence1", "sentence2": "sentence2", "word": "word",
    "options": {"const": ["different meanings", "the same meaning"]},
    "answer": labels("label", ["different meanings", "the same meaning"]),
}, ("super_glue", "wic", "train", "word, sentence1, sentence2, start1, start2, end1, end2, idx, label"),
    "CC BY-NC 4.0", "WiC (Pilehvar and Camacho-Collados 2019) via SuperGLUE; FLAN source TFDS super_glue/wic:1.0.2", options=True)
task("record", "record", {
    "passage": "passage", "query": "query",
    "options": "entities",
    "options_str": {"join": ["entities"], "sep": "\n- "},
    "answer": {"path": "answers", "index": 0},
    "answers": "answers",
}, ("super_glue", "record", "train", "passage, query, entities, entity_spans, answers, idx"),
    "Apache 2.0 (ReCoRD annotations); CNN/Daily Mail passages", "ReCoRD (Zhang et al. 2018) via SuperGLUE; FLAN source TFDS super_glue/record:1.0.2. "
    "FLAN cuts the query at @placeholder and appends its right part to every entity; here the query keeps a blank",
    subs=[{"field": "options_str", "regex": "^", "replace": "OPTIONS:\n- "},
          {"field": "passage", "regex": "\\n@highlight(?s:.*)$", "replace": ""},
          {"field": "query", "regex": "@placeholder", "replace": "_____"}])
task("multirc", "multirc", {
    "paragraph": "paragraph", "question": "question", "response": "answer",
    "options": {"const": ["no", "yes"]},
    "answer": labels("label", ["no", "yes"]),
}, ("super_glue", "multirc", "train", "paragraph, question, answer, idx, label"),
    "MultiRC license (research use)", "MultiRC (Khashabi et al. 2018) via SuperGLUE; FLAN source TFDS super_glue/multirc:1.0.2", options=True)
task("copa", "copa", {
    "premise": "premise", "question": "question",
    "options": {"list": ["choice1", "choice2"]},
    "answer": {"path": "label", "choose": "options"},
}, ("super_glue", "copa", "train", "premise, choice1, choice2, question (cause|effect), idx, label"),
    "BSD 2-Clause", "COPA (Roemmele et al. 2011) via SuperGLUE; FLAN source TFDS super_glue/copa:1.0.2", options=True)
task("cb", "cb", {
    "premise": "premise", "hypothesis": "hypothesis",
    "options": {"const": ["Yes", "No", "It's impossible to say"]},
    "answer": labels("label", ["Yes", "No", "It's impossible to say"]),
}, ("super_glue", "cb", "train", "premise, hypothesis, idx, label (0 entailment, 1 contradiction, 2 neutral)"),
    "CommitmentBank license (research use)", "CommitmentBank (de Marneffe et al. 2019) via SuperGLUE; FLAN source TFDS super_glue/cb:1.0.2", options=True)

# ------------------------------------------------------------------ GLUE
task("glue_mrpc", "glue_mrpc", {
    "sentence1": "sentence1", "sentence2": "sentence2",
    "options": {"const": ["no", "yes"]}, "answer": labels("label", ["no", "yes"]),
}, ("nyu-mll/glue", "mrpc", "train", "sentence1, sentence2, label, idx"),
    GLUE_LIC, "MRPC (Dolan and Brockett 2005) via GLUE; FLAN source TFDS glue/mrpc:2.0.0", options=True)
task("glue_qqp", "glue_qqp", {
    "question1": "question1", "question2": "question2",
    "options": {"const": ["no", "yes"]}, "answer": labels("label", ["no", "yes"]),
}, ("nyu-mll/glue", "qqp", "train", "question1, question2, label, idx"),
    "Quora Question Pairs terms of use", "QQP via GLUE; FLAN source TFDS glue/qqp:2.0.0", options=True,
    subs=[{"field": "question1", "regex": "\"\"", "replace": "'"},
          {"field": "question2", "regex": "\"\"", "replace": "'"}])
task("cola", "cola", {
    "sentence": "sentence",
    "options": {"const": ["unacceptable", "acceptable"]},
    "answer": labels("label", ["unacceptable", "acceptable"]),
}, ("nyu-mll/glue", "cola", "train", "sentence, label, idx"),
    GLUE_LIC, "CoLA (Warstadt et al. 2019) via GLUE; FLAN source TFDS glue/cola:2.0.0", options=True)
task("sst2", "sst2", {
    "sentence": "sentence",
    "options": {"const": ["negative", "positive"]},
    "answer": labels("label", ["negative", "positive"]),
}, ("nyu-mll/glue", "sst2", "train", "sentence, label, idx"),
    GLUE_LIC, "SST-2 (Socher et al. 2013) via GLUE; FLAN source TFDS glue/sst2:2.0.0", options=True)
MNLI_OPTS = ["yes", "it is not possible to tell", "no"]
for t in ("mnli_matched", "mnli_mismatched"):
    task(t, "mnli", {
        "premise": "premise", "hypothesis": "hypothesis",
        "options": {"const": MNLI_OPTS}, "answer": labels("label", MNLI_OPTS),
    }, ("nyu-mll/glue", "mnli", "train", "premise, hypothesis, label (0 entailment, 1 neutral, 2 contradiction), idx"),
        "OANC / CC BY-SA 3.0 / CC BY 3.0 (MultiNLI data)", "MultiNLI (Williams et al. 2018) via GLUE; FLAN source TFDS glue/mnli:2.0.0 "
        "(matched and mismatched share the train split)", options=True)
task("qnli", "qnli", {
    "sentence": "sentence", "question": "question",
    "options": {"const": ["yes", "no"]}, "answer": labels("label", ["yes", "no"]),
}, ("nyu-mll/glue", "qnli", "train", "question, sentence, label (0 entailment, 1 not_entailment), idx"),
    "CC BY-SA 4.0 (SQuAD-derived)", "QNLI via GLUE; FLAN source TFDS glue/qnli:2.0.0", options=True)
task("wnli", "wnli", {
    "sentence1": "sentence1", "sentence2": "sentence2",
    "options": {"const": ["no", "yes"]}, "answer": labels("label", ["no", "yes"]),
}, ("nyu-mll/glue", "wnli", "train", "sentence1, sentence2, label, idx"),
    "CC BY 4.0", "WNLI via GLUE; FLAN source TFDS glue/wnli:2.0.0", options=True)
# STS-B: FLAN's target is the score printed with precision 0 ("%.0f": round half to even).
stsb_subs = []
for d in range(6):
    stsb_subs.append({"field": "answer", "regex": f"^{d}(?:\\.0*)?$", "replace": str(d)})
for d in range(5):
    half = str(d) if d % 2 == 0 else str(d + 1)
    stsb_subs.append({"field": "answer", "regex": f"^{d}\\.5$", "replace": half})
    stsb_subs.append({"field": "answer", "regex": f"^{d}\\.(?:[0-4]\\d*|50*)$", "replace": str(d)})
    stsb_subs.append({"field": "answer", "regex": f"^{d}\\.\\d+$", "replace": str(d + 1)})
task("stsb", "stsb", {
    "sentence1": "sentence1", "sentence2": "sentence2",
    "options": {"const": ["0", "1", "2", "3", "4", "5"]},
    "answer": "label",
}, ("nyu-mll/glue", "stsb", "train", "sentence1, sentence2, label (float 0-5), idx"),
    GLUE_LIC, "STS-B (Cer et al. 2017) via GLUE; FLAN source TFDS glue/stsb:2.0.0", options=True, subs=stsb_subs)

# ------------------------------------------------------------------ NLI
ANLI_OPTS = ["Yes", "It's impossible to say", "No"]
for r in ("r1", "r2", "r3"):
    task(f"anli_{r}", "anli", {
        "context": "premise", "hypothesis": "hypothesis",
        "options": {"const": ANLI_OPTS}, "answer": labels("label", ANLI_OPTS),
    }, ("facebook/anli", None, f"train_{r}", "uid, premise, hypothesis, label (0 entailment, 1 neutral, 2 contradiction), reason"),
        "CC BY-NC 4.0", f"Adversarial NLI round {r[1]} (Nie et al. 2020); FLAN source TFDS anli/{r}:0.1.0", options=True)
task("snli", "snli", {
    "premise": "premise", "hypothesis": "hypothesis",
    "options": {"const": MNLI_OPTS},
    "answer": {"path": "label", "labels": {"0": MNLI_OPTS[0], "1": MNLI_OPTS[1], "2": MNLI_OPTS[2], "-1": ""}},
}, ("stanfordnlp/snli", None, "train", "premise, hypothesis, label (0 entailment, 1 neutral, 2 contradiction, -1 no gold label)"),
    "CC BY-SA 4.0", "SNLI (Bowman et al. 2015); FLAN source TFDS snli:1.1.0; rows without a gold label are filtered as FLAN does",
    options=True, filters=[{"field": "answer", "regex": "\\S", "keep": True}])

# ------------------------------------------------------------------ QA
task("natural_questions", "natural_questions", {
    "question": "question",
    "answer": {"path": "answer", "index": 0},
    "answers": "answer",
}, ("google-research-datasets/nq_open", None, "train", "question, answer (list)"),
    "CC BY-SA 3.0", "Natural Questions open (Kwiatkowski et al. 2019; Lee et al. 2019); FLAN source TFDS natural_questions_open:1.0.0",
    subs=[{"field": "question", "regex": "\\z", "replace": "?"}])
task("trivia_qa", "trivia_qa", {
    "question": "question",
    "answer": "answer.normalized_value",
    "answers": "answer.normalized_aliases",
}, ("mandarjoshi/trivia_qa", "rc.nocontext", "train", "question, question_id, question_source, answer.{value, normalized_value, aliases, normalized_aliases, ...}"),
    "Apache 2.0 (TriviaQA)", "TriviaQA (Joshi et al. 2017); FLAN source TFDS trivia_qa/rc:1.1.0 (rc.nocontext has the same questions)")
for cfg in ("Challenge", "Easy"):
    task(f"arc_{cfg.lower()}", "arc", {
        "question": "question",
        "options": "choices.text",
        "answer": {"path": "answerKey", "choose": "options", "keys": "choices.label"},
    }, ("allenai/ai2_arc", f"ARC-{cfg}", "train", "id, question, choices.{text, label}, answerKey"),
        "CC BY-SA 4.0", f"AI2 Reasoning Challenge, {cfg} set (Clark et al. 2018); FLAN source TFDS ai2_arc/ARC-{cfg}:1.0.0", options=True)
task("squad_v1", "squad_v1", {
    "title": "title", "context": "context", "question": "question",
    "answer": {"path": "answers.text", "index": 0},
    "answers": "answers.text",
}, ("rajpurkar/squad", None, "train", "id, title, context, question, answers.{text, answer_start}"),
    "CC BY-SA 4.0", "SQuAD 1.1 (Rajpurkar et al. 2016); FLAN source TFDS squad/v1.1:3.0.0",
    subs=[{"field": "title", "regex": "_", "replace": " "}])
task("squad_v2", "squad_v2", {
    "title": "title", "context": "context", "question": "question",
    "answer": {"path": "answers.text", "index": 0, "optional": True},
}, ("rajpurkar/squad_v2", None, "train", "id, title, context, question, answers.{text, answer_start} (empty lists when unanswerable)"),
    "CC BY-SA 4.0", "SQuAD 2.0 (Rajpurkar et al. 2018); FLAN source TFDS squad/v2.0:3.0.0; unanswerable questions answer 'unanswerable'",
    subs=[{"field": "title", "regex": "_", "replace": " "},
          {"field": "answer", "regex": "^\\z", "replace": "unanswerable"}])
task("drop", "drop", {
    "context": "passage", "question": "question",
    "answer": {"path": "answers_spans.spans", "index": 0},
}, ("ucinlp/drop", None, "train", "section_id, query_id, passage, question, answers_spans.{spans, types}"),
    "CC BY-SA 4.0", "DROP (Dua et al. 2019); FLAN source TFDS drop:2.0.0")
task("quac", "quac", {
    "title": "title", "background": "background", "context": "context", "question": "question",
    "answer": "orig_answer.text",
}, ("tfds:quac", None, "train", "title, section_title, background, context, question, orig_answer.{text, answer_start}, followup, yesno (one row per question)"),
    "CC BY-SA 4.0", "QuAC (Choi et al. 2018); FLAN source TFDS quac:1.0.0",
    subs=[s for f in ("title", "background", "context", "question", "answer")
          for s in ({"field": f, "regex": "CANNOTANSWER", "replace": ""},) + tuple(strip(f))],
    filters=[{"field": "answer", "regex": "\\S", "keep": True}])
task("coqa", "coqa", {
    "text": "story",
    "numbered_questions": {"join": ["questions"], "sep": "\n", "numbered": True},
    "numbered_answers": {"join": ["answers.input_text"], "sep": "\n", "numbered": True},
}, ("stanfordnlp/coqa", None, "train", "source, story, questions (list), answers.{input_text, answer_start, answer_end}"),
    "CC BY-SA 4.0 / MSR-LA / Apache 2.0 (CoQA, by source domain)", "CoQA (Reddy et al. 2019); FLAN source TFDS coqa:1.0.0")
task("cosmos_qa", "cosmos_qa", {
    "context": "context", "question": "question",
    "options": {"list": ["answer0", "answer1", "answer2", "answer3"]},
    "answer": {"path": "label", "choose": "options"},
}, ("allenai/cosmos_qa", None, "train", "id, context, question, answer0, answer1, answer2, answer3, label"),
    "CC BY 4.0", "Cosmos QA (Huang et al. 2019); FLAN source TFDS cosmos_qa:1.0.0", options=True)
task("openbookqa", "openbookqa", {
    "question": "question_stem", "fact": "fact1",
    "options": "choices.text",
    "answer": {"path": "answerKey", "choose": "options", "keys": "choices.label"},
}, ("allenai/openbookqa", "additional", "train", "id, question_stem, choices.{text, label}, answerKey, fact1, humanScore, clarity, turkIdMasked"),
    "Apache 2.0", "OpenBookQA (Mihaylov et al. 2018); FLAN source TFDS openbookqa:0.1.0", options=True)
task("piqa", "piqa", {
    "goal": "goal",
    "options": {"list": ["sol1", "sol2"]},
    "answer": {"path": "label", "choose": "options"},
}, ("ybisk/piqa", None, "train", "goal, sol1, sol2, label"),
    "AFL 3.0", "PIQA (Bisk et al. 2020); FLAN source TFDS piqa:1.0.0", options=True)
task("unified_qa_science_inst", "unified_qa_science_inst", {
    # The export keeps UnifiedQA's literal "\\n" (backslash, n) between question and options.
    "question": {"path": "input", "regex": "^" + UQ_WS + "((?s:.*?))" + UQ_WS + "\\(A\\)(?s:.*)$", "replace": "$1"},
    "options": {"list": [
        {"path": "input", "regex": f"^(?s:.*?)\\({a}\\)" + UQ_WS + "((?s:.*?))" + UQ_WS + f"\\({b}\\)(?s:.*)$", "replace": "$1"}
        for a, b in (("A", "B"), ("B", "C"), ("C", "D"))] + [
        {"path": "input", "regex": "^(?s:.*?)\\(D\\)" + UQ_WS + "((?s:.*?))" + UQ_WS + "$", "replace": "$1"}]},
    "answer": "output",
}, ("tfds:unified_qa/ai2_science_middle", None, "train", "input (question, then (A) ... (D) options), output"),
    "CC BY-SA (AI2 science questions) / Apache 2.0 (UnifiedQA)", "UnifiedQA ai2_science_middle (Khashabi et al. 2020); FLAN source TFDS unified_qa/ai2_science_middle:1.0.0; "
    "questions with exactly four options (A)-(D) are kept, as FLAN does",
    options=True,
    subs=[{"field": "question", "regex": "\\\\n", "replace": "\n"}, {"field": "answer", "regex": "\\\\n", "replace": "\n"}]
    + strip("answer"),
    filters=[{"field": "answer", "regex": "\\S", "keep": True}])
task("math_dataset", "math_dataset", {
    "question": "question", "answer": "answer",
}, ("deepmind/math_dataset", "algebra__linear_1d", "train", "question, answer"),
    "Apache 2.0", "DeepMind Mathematics (Saxton et al. 2019), algebra__linear_1d; FLAN source TFDS math_dataset/algebra__linear_1d:1.0.0",
    subs=strip("question") + strip("answer"))
task("lambada", "lambada", {
    "sentence": "text", "answer": "text",
}, ("cimec/lambada", None, "validation", "text, domain (TFDS lambada's train split is this set of passages)"),
    "CC BY 4.0", "LAMBADA (Paperno et al. 2016); FLAN source TFDS lambada:1.0.0 split train. The last word is the answer",
    subs=strip("sentence") + [{"field": "sentence", "regex": " [^ ]*$", "replace": ""}]
    + strip("answer") + [{"field": "answer", "regex": "^(?s:.*) ", "replace": ""}])

# ------------------------------------------------------------------ commonsense / classification
task("story_cloze", "story_cloze", {
    "context": {"join": ["input_sentence_1", "input_sentence_2", "input_sentence_3", "input_sentence_4"], "sep": " "},
    "options": {"list": ["sentence_quiz1", "sentence_quiz2"]},
    "answer": {"path": "answer_right_ending", "choose": "options", "base": 1},
}, ("story_cloze", "2016", "validation", "story_id, input_sentence_1..4, sentence_quiz1, sentence_quiz2, answer_right_ending (1 or 2); needs the manual download"),
    "Story Cloze Test terms (research use, manual download)", "Story Cloze Test 2016 (Mostafazadeh et al. 2016); FLAN source TFDS story_cloze/2016:1.0.0, split validation", options=True)
task("hellaswag", "hellaswag", {
    "context": "ctx",
    "activity_label": "activity_label",
    "options": "endings",
    "answer": {"path": "label", "choose": "options"},
}, ("Rowan/hellaswag", None, "train", "ind, activity_label, ctx_a, ctx_b, ctx, endings (list), source_id, split, split_type, label (string)"),
    "MIT", "HellaSwag (Zellers et al. 2019); FLAN source TFDS hellaswag:1.1.0", options=True,
    subs=[{"field": "context", "regex": "\\[header\\]\\s", "replace": ""},
          {"field": "context", "regex": "\\[.*?\\]\\s", "replace": "\n"}])
task("winogrande", "winogrande", {
    "sentence": "sentence",
    "context": "sentence",
    "options": {"list": ["option1", "option2"]},
    "answer": {"path": "answer", "choose": "options", "base": 1},
}, ("allenai/winogrande", "winogrande_xl", "train", "sentence (with _ for the blank), option1, option2, answer ('1' or '2')"),
    "CC BY", "WinoGrande (Sakaguchi et al. 2020); FLAN source TFDS winogrande:1.1.0 train_xl. "
    "FLAN's options are the completions after the blank; here options are the candidates and `sentence` keeps the blank",
    options=True, subs=[{"field": "context", "regex": "\\s*_(?s:.*)$", "replace": ""}])
task("definite_pronoun_resolution", "definite_pronoun_resolution", {
    "sentence": "sentence", "pronoun": "pronoun",
    "options": "candidates",
    "answer": {"path": "label", "choose": "options"},
}, ("definite_pronoun_resolution", None, "train", "sentence, pronoun, candidates (2), label"),
    "Research use (Rahman and Ng 2012)", "Definite Pronoun Resolution (Rahman and Ng 2012); FLAN source TFDS definite_pronoun_resolution:1.1.0", options=True)
task("paws_wiki", "paws_wiki", {
    "sentence1": "sentence1", "sentence2": "sentence2",
    "options": {"const": ["no", "yes"]}, "answer": labels("label", ["no", "yes"]),
}, ("google-research-datasets/paws", "labeled_final", "train", "id, sentence1, sentence2, label"),
    "Free use with attribution (PAWS license)", "PAWS-Wiki (Zhang et al. 2019); FLAN source TFDS paws_wiki:1.1.0", options=True)
task("ag_news_subset", "ag_news_subset", {
    "title": "title", "text": "description",
    "options": {"const": ["World", "Sports", "Business", "Science/Tech"]},
    "answer": labels("label", ["World", "Sports", "Business", "Science/Tech"]),
}, ("tfds:ag_news_subset", None, "train", "title, description, label (0 World, 1 Sports, 2 Business, 3 Sci/Tech); HF fancyzhx/ag_news merges title and description"),
    "Non-commercial research use (AG's corpus)", "AG News (Zhang et al. 2015); FLAN source TFDS ag_news_subset:1.0.0", options=True)
task("sentiment140", "sentiment140", {
    "text": "text",
    "options": {"const": ["negative", "positive"]},
    "answer": {"path": "sentiment", "labels": {"0": "negative", "1": "negative", "2": "negative", "3": "positive", "4": "positive"}},
}, ("stanfordnlp/sentiment140", None, "train", "text, date, user, sentiment (0 negative, 4 positive), query"),
    "Research use (Sentiment140)", "Sentiment140 (Go et al. 2009); FLAN source TFDS sentiment140:1.0.0", options=True)
task("imdb_reviews", "imdb_reviews", {
    "text": "text",
    "options": {"const": ["negative", "positive"]}, "answer": labels("label", ["negative", "positive"]),
}, ("stanfordnlp/imdb", None, "train", "text, label (0 negative, 1 positive)"),
    "Research use (Large Movie Review Dataset)", "IMDB reviews (Maas et al. 2011); FLAN source TFDS imdb_reviews/plain_text:1.0.0", options=True,
    subs=[{"field": "text", "regex": "<br />", "replace": "\n"}])
task("yelp_polarity_reviews", "yelp_polarity_reviews", {
    "text": "text",
    "options": {"const": ["negative", "positive"]}, "answer": labels("label", ["negative", "positive"]),
}, ("fancyzhx/yelp_polarity", None, "train", "text, label (0 negative, 1 positive)"),
    "Yelp Dataset terms of use", "Yelp polarity (Zhang et al. 2015); FLAN source TFDS yelp_polarity_reviews:0.2.0", options=True,
    subs=[{"field": "text", "regex": "\\\\\"\"", "replace": "\""}, {"field": "text", "regex": "\\\\n", "replace": " "}])
TREC_OPTS = ["description", "entity", "abbreviation", "human", "numeric", "location"]
task("trec", "trec", {
    "text": "text",
    "options": {"const": TREC_OPTS},
    # HF CogComp/trec coarse_label order: ABBR, ENTY, DESC, HUM, LOC, NUM
    "answer": labels("coarse_label", ["abbreviation", "entity", "description", "human", "location", "numeric"]),
}, ("CogComp/trec", None, "train", "text, coarse_label (0 ABBR, 1 ENTY, 2 DESC, 3 HUM, 4 LOC, 5 NUM), fine_label"),
    "Research use (TREC QC)", "TREC question classification (Li and Roth 2002); FLAN source TFDS trec:1.0.0", options=True)

# ------------------------------------------------------------------ summarization
task("aeslc", "aeslc", {
    "body": "email_body", "subject": "subject_line",
}, ("Yale-LILY/aeslc", None, "train", "email_body, subject_line"),
    "CC BY-NC-SA 4.0", "AESLC (Zhang and Tetreault 2019); FLAN source TFDS aeslc:1.0.0",
    subs=[{"field": "body", "regex": "\\n", "replace": " "}, {"field": "subject", "regex": "\\n", "replace": ""}],
    filters=[{"field": "body", "regex": "\\S", "keep": True}])
task("cnn_dailymail", "cnn_dailymail", {
    "text": "article", "highlights": "highlights",
}, ("abisee/cnn_dailymail", "3.0.0", "train", "article, highlights, id"),
    "Apache 2.0", "CNN/Daily Mail (Hermann et al. 2015; See et al. 2017); FLAN source TFDS cnn_dailymail:3.4.0",
    subs=[{"field": "text", "regex": "^(?s:.*)" + sep, "replace": ""}
          for sep in ("2013 \\. ", "2014 \\. ", "2012 \\. ", "\\) -- ")]
    + [{"field": "highlights", "regex": " \\.", "replace": "."}, {"field": "highlights", "regex": "\\n", "replace": " "}])
task("gigaword", "gigaword", {
    "text": "document", "summary": "summary",
}, ("Harvard/gigaword", None, "train", "document, summary"),
    "LDC Gigaword license", "Gigaword headlines (Rush et al. 2015); FLAN source TFDS gigaword:1.2.0; rows with UNK or # are dropped as FLAN does",
    filters=[{"field": "text", "regex": "UNK|#", "keep": False}, {"field": "summary", "regex": "UNK|#", "keep": False}])
task("multi_news", "multi_news", {
    "text": "document", "summary": "summary",
}, ("alexfabbri/multi_news", None, "train", "document, summary"),
    "Non-commercial research use (Multi-News)", "Multi-News (Fabbri et al. 2019); FLAN source TFDS multi_news:1.0.0")
task("newsroom", "newsroom", {
    "text": "text", "title": "title", "summary": "summary",
}, ("lil-lab/newsroom", None, "train", "text, summary, title, url, date, density_bin, coverage_bin, compression_bin, density, coverage, compression; needs the manual download"),
    "Newsroom terms (research use)", "Newsroom (Grusky et al. 2018); FLAN source TFDS newsroom:1.0.0")
task("samsum", "samsum", {
    "dialogue": "dialogue", "summary": "summary",
}, ("Samsung/samsum", None, "train", "id, dialogue, summary"),
    "CC BY-NC-ND 4.0", "SAMSum (Gliwa et al. 2019); FLAN source TFDS samsum:1.0.0",
    subs=[{"field": "dialogue", "regex": "\\r\\n", "replace": "\n"}, {"field": "dialogue", "regex": "<.*>", "replace": " "}])
task("xsum", "xsum", {
    "text": "document", "summary": "summary",
}, ("EdinburghNLP/xsum", None, "train", "document, summary, id"),
    "Research use (XSum, BBC articles)", "XSum (Narayan et al. 2018); FLAN source huggingface:xsum")
task("wiki_lingua_english_en", "wiki_lingua_english_en", {
    "source": "source", "target": "target",
}, ("GEM/wiki_lingua", "en", "train", "gem_id, source, target, references, ..."),
    "CC BY-NC-SA 3.0", "WikiLingua English (Ladhak et al. 2020) via GEM; FLAN source TFDS gem/wiki_lingua_english_en:1.1.0")
task("opinion_abstracts_rotten_tomatoes", "opinion_abstracts_rotten_tomatoes", {
    "movie": "_movie_name",
    "critic_consensus": "_critic_consensus",
    "first_review": {"path": "_critics.value", "index": 0},
    "numbered_reviews": {"join": ["_critics.value"], "sep": "\n", "numbered": True, "max_items": 10},
}, ("tfds:opinion_abstracts/rotten_tomatoes", None, "train", "_movie_name, _movie_id, _critic_consensus, _critics.{key, value} (lists)"),
    "Research use (Wang and Ling 2016)", "Opinion Abstracts, Rotten Tomatoes (Wang and Ling 2016); FLAN source TFDS opinion_abstracts/rotten_tomatoes:1.0.0 train[:-600]",
    subs=[{"field": "movie", "regex": "_", "replace": " "}])
task("opinion_abstracts_idebate", "opinion_abstracts_idebate", {
    "claim": "_claim", "debate_name": "_debate_name",
    "argument_sentences": {"join": ["_argument_sentences.value"], "sep": "\n", "numbered": True, "max_items": 10},
}, ("tfds:opinion_abstracts/idebate", None, "train", "_debate_name, _claim, _claim_id, _argument_sentences.{key, value} (lists)"),
    "Research use (Wang and Ling 2016)", "Opinion Abstracts, idebate (Wang and Ling 2016); FLAN source TFDS opinion_abstracts/idebate:1.0.0 train[:-600]")

# ------------------------------------------------------------------ data to text
task("common_gen", "common_gen", {
    "concepts": {"join": ["concepts"], "sep": ", "},
    "concepts_newline": {"join": ["concepts"], "sep": "\n"},
    "target": "target",
}, ("allenai/common_gen", None, "train", "concept_set_idx, concepts (list), target"),
    "MIT", "CommonGen (Lin et al. 2020); FLAN source TFDS gem/common_gen:1.1.0")
task("dart", "dart", {
    "tripleset": {"join": ["tripleset"], "sep": "; ", "inner_sep": ", "},
    "tripleset_newline": {"join": ["tripleset"], "sep": "\n", "inner_sep": ", "},
    "target": {"path": "annotations.text", "index": 0},
}, ("Yale-LILY/dart", None, "train", "tripleset (list of [subject, relation, object]), subtree_was_extended, annotations.{source, text}"),
    "MIT", "DART (Nan et al. 2021); FLAN source TFDS gem/dart:1.1.0",
    subs=[{"field": "tripleset", "regex": "\\[(.*?)\\]", "replace": ""}])
task("e2e_nlg", "e2e_nlg", {
    "meaning_representation": "meaning_representation", "target": "target",
}, ("GEM/e2e_nlg", None, "train", "gem_id, meaning_representation, target, references"),
    "CC BY-SA 4.0", "E2E NLG (Novikova et al. 2017; Dušek et al. 2019) via GEM; FLAN source TFDS gem/e2e_nlg:1.1.0",
    subs=[{"field": "meaning_representation", "regex": "\\[", "replace": " = "},
          {"field": "meaning_representation", "regex": "\\]", "replace": ""}])
task("web_nlg_en", "web_nlg_en", {
    "input_string": {"join": ["input"], "sep": "; "}, "target": "target",
}, ("GEM/web_nlg", "en", "train", "gem_id, input (list of 'subject | relation | object'), target, references, category, webnlg_id"),
    "CC BY-NC-SA 4.0", "WebNLG 2020 English (Gardent et al. 2017) via GEM; FLAN source TFDS gem/web_nlg_en:1.1.0",
    subs=[{"field": "input_string", "regex": "_", "replace": " "}, {"field": "input_string", "regex": " \\| ", "replace": ", "}])

# ------------------------------------------------------------------ translation
def translation(name, tmpl, hf, cfg, code, lang, lic, prov, split_file="train"):
    task(name, tmpl, {
        "lang1": {"const": "English"}, "lang2": {"const": lang},
        "sent1": "translation.en", "sent2": f"translation.{code}",
    }, (hf, cfg, "train", f"translation.{{en, {code}}}"), lic, prov, split_file=split_file)

translation("para_crawl_enes", "para_crawl", "para_crawl", "enes", "es", "Spanish", "CC0 (ParaCrawl)",
            "ParaCrawl v1.2 en-es (Bañón et al. 2020); FLAN source TFDS para_crawl/enes:1.2.0 train[:30000]")
translation("wmt14_enfr", "wmt14_enfr", "wmt/wmt14", "fr-en", "fr", "French", "WMT14 terms (research use)",
            "WMT14 English-French; FLAN source TFDS wmt14_translate/fr-en:1.0.0")
for code, lang in (("de", "German"), ("tr", "Turkish"), ("cs", "Czech"), ("fi", "Finnish"), ("ro", "Romanian"), ("ru", "Russian")):
    translation(f"wmt16_translate_{code}en", "wmt16_translate", "wmt/wmt16", f"{code}-en", code, lang, "WMT16 terms (research use)",
                f"WMT16 {lang}-English; FLAN source TFDS wmt16_translate/{code}-en:1.0.0")

# ------------------------------------------------------------------ text repair (ParaCrawl en-da English side)
task("true_case", "true_case", {
    "lower": {"path": "translation.en", "lower": True}, "answer": "translation.en",
}, ("para_crawl", "enda", "train[:30000]", "translation.{en, da}; English side only"),
    "CC0 (ParaCrawl)", "ParaCrawl v1.2 en-da English sentences; FLAN source TFDS para_crawl/enda:1.2.0 train[:30000]; "
    "sentences with no upper-case letter are dropped",
    filters=[{"field": "answer", "regex": "[A-Z]", "keep": True}])
task("fix_punct", "fix_punct", {
    "no_punct": "translation.en", "answer": "translation.en",
}, ("para_crawl", "enda", "train[30200:60200]", "translation.{en, da}; English side only"),
    "CC0 (ParaCrawl)", "ParaCrawl v1.2 en-da English sentences; FLAN source TFDS para_crawl/enda:1.2.0 train[30200:60200]; "
    "sentences with no punctuation are dropped",
    subs=[{"field": "no_punct", "regex": "[^\\w\\s]", "replace": ""}],
    filters=[{"field": "answer", "regex": "[^\\w\\s]", "keep": True}])
task("word_segment", "word_segment", {
    "no_space": "translation.en", "answer": "translation.en",
}, ("para_crawl", "enda", "train[60400:90400]", "translation.{en, da}; English side only"),
    "CC0 (ParaCrawl)", "ParaCrawl v1.2 en-da English sentences; FLAN source TFDS para_crawl/enda:1.2.0 train[60400:90400]",
    subs=[{"field": "no_space", "regex": " ", "replace": ""}])


DOC_HEAD = """# Flan 2021 ("Muffin") exports

flanmix builds the 71 Flan 2021 tasks of FLAN v2 (`tasks/flan2021/<task>.json`, template sets in
`templates/`) from raw datasets that **you** export to JSON Lines. This page says, per task,
which dataset, configuration and split to export, how, and which fields the task definition
reads. It is generated with the task files by `tools/gen_flan2021_tasks.py` (do not edit it by hand).

## Layout

Every task reads `flan2021/<task>/train*.jsonl*` relative to `--data-dir` (plain, `.gz` or
`.zst`; several files are read in bytewise order). So with `--data-dir /data`:

```
/data/flan2021/rte/train.jsonl
/data/flan2021/anli_r1/train.jsonl
...
```

Hugging Face datasets (the `datasets` library):

```python
from datasets import load_dataset
load_dataset("super_glue", "rte")["train"].to_json("/data/flan2021/rte/train.jsonl")
# to_json writes JSON Lines with force_ascii; flanmix reads the escapes as usual.
```

TFDS (marked `tfds:` below; used where the Hugging Face copy lacks fields FLAN uses): write every
feature, bytes decoded as UTF-8, nested features as objects and sequences as lists:

```python
import json, tensorflow_datasets as tfds
def plain(x):
    if isinstance(x, dict): return {k: plain(v) for k, v in x.items()}
    if hasattr(x, "tolist"): x = x.tolist()
    if isinstance(x, list): return [plain(v) for v in x]
    return x.decode("utf-8") if isinstance(x, bytes) else x
with open("/data/flan2021/ag_news_subset/train.jsonl", "w") as f:
    for ex in tfds.as_numpy(tfds.load("ag_news_subset", split="train")):
        f.write(json.dumps(plain(ex), ensure_ascii=False) + "\\n")
```

FLAN v2 uses the **full** train split of most tasks (the 30,000 cap limits the mixing rate,
not the data; spec section 3.3). Where FLAN holds out rows for validation (`train[:-200]`) the
few hundred extra rows make no practical difference; the split column below is what to export.
`true_case`, `fix_punct` and `word_segment` take three disjoint slices of the English side of
ParaCrawl en-da, as FLAN does: export them with `.select(range(a, b))`.

## Samples in the repository

`tasks/flan2021/samples/<task>/train.jsonl` holds small exports written for flanmix (own
sentences, same field names and label encoding as the real exports) for rte, anli_r1, bool_q,
squad_v1, ag_news_subset (TFDS shape), common_gen, trec and copa. `tasks/flan2021/samples/flan2021`
is a link to `.`, so the samples directory itself is a valid data dir:

```
flanmix ingest --data-dir tasks/flan2021/samples -o out/ingest \\
    tasks/flan2021/{rte,anli_r1,bool_q,squad_v1,ag_news_subset,common_gen,trec,copa}.json
```

## Where flanmix's mapping differs from FLAN's preprocessing

* `wsc`: FLAN marks the pronoun in `context` with `*...*` using the span index; here `context`
  is the plain text and the templates name the pronoun (`text2`).
* `record`: FLAN cuts the query at `@placeholder` and appends its right part to each entity;
  here `query` keeps a blank (`_____`) and the options are the entities. `options_str` is
  built exactly as FLAN's (`OPTIONS:\\n- a\\n- b`); record has no options formatter (no
  randomized options in ZS-Opt), as in FLAN.
* `winogrande`: FLAN's options are "candidate + rest of the sentence"; here the options are the
  candidates, `sentence` keeps the `_` blank and `context` is the text before it.
* `bool_q`: the Hugging Face export has no `title`; the field is optional (empty) and
  flanmix's templates do not use it. A TFDS export fills it.
* `arc_*` and `unified_qa_science_inst`: FLAN keeps only questions with exactly four options; this
  filter is not applied (a few ARC questions have 3 or 5 options).
* `dart`: each triple is written `subject, relation, object`, triples joined by `; `.
* `opinion_abstracts_*`, `coqa`: numbered lists as FLAN's `numbered_items_str` (`1. a\\n2. b`),
  first 10 reviews / argument sentences.

* Option tasks also map `answer_text`, a copy of `answer`. ZS-Opt rewrites `{answer}` to the
  option label (`(B).`) under enumerating option styles, as FLAN does; flanmix's zero-shot
  templates that use the answer inside a text (inverted prompts such as "Write a positive
  tweet") or without showing the options use `{answer_text}`, which is never rewritten.

These use the mapping forms of `docs/tasks.md` "Mapping extensions".

## Per task

| task | template set | source (HF id or tfds:NAME) | config | split to export | fields in the export | license |
|---|---|---|---|---|---|---|
"""


def doc_text():
    rows = []
    for name in sorted(T):
        d = T[name]
        hf, cfg, split, fields = d["_export"]
        rows.append(f"| {name} | {d['templates']} | `{hf}` | {('`' + cfg + '`') if cfg else '-'} | {split} | "
                    f"{fields} | {d['license']} |")
    return DOC_HEAD + "\n".join(rows) + "\n"


def main():
    check = "--check" in sys.argv
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    outdir = os.path.join(root, "tasks", "flan2021")
    os.makedirs(outdir, exist_ok=True)
    bad = 0
    for name, d in T.items():
        d = {k: v for k, v in d.items() if not k.startswith("_")}
        text = json.dumps(d, indent=2, ensure_ascii=False) + "\n"
        path = os.path.join(outdir, name + ".json")
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        print("differs:", path); bad += 1
            except FileNotFoundError:
                print("missing:", path); bad += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    doc = os.path.join(root, "docs", "flan2021-exports.md")
    if check:
        try:
            if open(doc, encoding="utf-8").read() != doc_text():
                print("differs:", doc); bad += 1
        except FileNotFoundError:
            print("missing:", doc); bad += 1
    else:
        with open(doc, "w", encoding="utf-8") as f:
            f.write(doc_text())
        print(f"wrote {len(T)} task definitions to {outdir} and {doc}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
