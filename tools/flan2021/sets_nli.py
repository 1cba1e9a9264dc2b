from .tpl import S, FS

# ---------------------------------------------------------------- rte
S("rte", "does the premise entail the hypothesis?", "premise, hypothesis, options_, answer",
  zs=[
    "{premise}\n\nIf the text above is true, must \"{hypothesis}\" also be true?\n\n{options_}",
    "Passage: {premise}\nClaim: {hypothesis}\n\nIs the claim supported by the passage?\n{options_}",
    "Read the following and decide whether the final statement follows from it.\n\n{premise}\n\nStatement: {hypothesis}\n\n{options_}",
    "Here is a short text:\n\"{premise}\"\n\nDoes it tell us that {hypothesis}\n{options_}",
    "Premise: {premise}\n\nHypothesis: {hypothesis}\n\nDoes the premise entail the hypothesis? Pick one.\n\n{options_}",
    "Decide if the second sentence can be inferred from the first.\nFirst: {premise}\nSecond: {hypothesis}\n\n{options_}",
    "{premise}\n\nWould you say it is correct to infer the following?\n{hypothesis}\n\n{options_}",
    "Consider this information: {premise}\n\nQuestion: is \"{hypothesis}\" a valid conclusion?\n\n{options_}",
    ("Write a short passage, then a sentence that can be checked against it.", "Passage: {premise}\n\nSentence to check: {hypothesis}"),
    ("{premise}\n\nWrite one sentence about the text above. Asked whether the text entails it, the answer should be \"{answer}\".", "{hypothesis}"),
  ],
  zsno=[
    "{premise}\n\nIf the text above is true, must \"{hypothesis}\" also be true?",
    "Passage: {premise}\nClaim: {hypothesis}\n\nIs the claim supported by the passage? Answer yes or no.",
    "Read the following text.\n\n{premise}\n\nCan we infer that {hypothesis}",
    "{premise}\n\nDoes this mean that \"{hypothesis}\"? Yes or no?",
    "Given \"{premise}\", is it true that \"{hypothesis}\"?",
  ],
  fs=[
    FS("{premise}\nDoes it follow that \"{hypothesis}\"?\n{options_}", tp="Answer: ", xy="\n"),
    FS("Text: {premise}\nHypothesis: {hypothesis}\nEntailed?\n{options_}", xy="\n", sep="\n\n"),
    FS("{premise}\n\nQuestion: is it true that \"{hypothesis}\"?\n\n{options_}", tp="A: ", ip="Q: "),
    FS("Premise: {premise} | Hypothesis: {hypothesis} | {options_}", tp="=> ", xy=" ", sep="\n"),
    FS("Write a passage and a statement; does the passage entail it? {answer}", "{premise}\n\nStatement: {hypothesis}", mix=False),
  ])

# ---------------------------------------------------------------- anli
S("anli", "adversarial NLI: does the context support, contradict or leave open the hypothesis?",
  "context, hypothesis, options_, answer",
  zs=[
    "{context}\n\nBased on this, is the following statement true?\n\"{hypothesis}\"\n\n{options_}",
    "Context: {context}\nStatement: {hypothesis}\n\nDoes the context make the statement true?\n{options_}",
    "Read carefully:\n\n{context}\n\nNow judge this claim: {hypothesis}\n\n{options_}",
    "Is \"{hypothesis}\" correct, given the text below?\n\n{context}\n\n{options_}",
    "{context}\n\nQuestion: does it follow that {hypothesis}\n{options_}",
    "Here is a paragraph:\n{context}\n\nFrom the paragraph, can one tell that \"{hypothesis}\"?\n\n{options_}",
    "Decide whether the text backs up the hypothesis, rules it out, or neither.\n\nText: {context}\nHypothesis: {hypothesis}\n\n{options_}",
    "{context}\n\nTrue, false or undecidable from the text: {hypothesis}\n{options_}",
    ("Write a paragraph, then a hypothesis about it, and say whether the paragraph supports it.",
     "Paragraph: {context}\nHypothesis: {hypothesis}\nSupported: {answer}"),
    ("{context}\n\nWrite a statement about the paragraph above whose truth is: {answer}", "{hypothesis}"),
  ],
  zsno=[
    "{context}\n\nBased on this, is the following statement true?\n\"{hypothesis}\"",
    "Context: {context}\n\nCan we say that \"{hypothesis}\"?",
    "{context}\n\nFrom the text, is it certain that {hypothesis}",
    "Is \"{hypothesis}\" correct, given the text below?\n\n{context}",
    "Read the text and say whether this is true: {hypothesis}\n\n{context}",
  ],
  fs=[
    FS("{context}\nCan we infer: {hypothesis}\n{options_}", tp="Answer: ", xy="\n"),
    FS("Context: {context}\nHypothesis: {hypothesis}\n{options_}", tp="Verdict: ", xy="\n", sep="\n\n"),
    FS("{context}\n\nIs it true that \"{hypothesis}\"?\n\n{options_}", ip="Q: ", tp="A: "),
    FS("Text: {context} || Claim: {hypothesis} || {options_}", tp="-> ", xy=" ", sep="\n"),
    FS("Give a context and a hypothesis with the label \"{answer}\".", "Context: {context}\nHypothesis: {hypothesis}", mix=False),
  ])

# ---------------------------------------------------------------- cb
S("cb", "CommitmentBank: is the speaker committed to the hypothesis?", "premise, hypothesis, options_, answer",
  zs=[
    "{premise}\n\nGiven the passage, is it true that \"{hypothesis}\"?\n\n{options_}",
    "Text: {premise}\n\nDoes the writer hold that {hypothesis}\n{options_}",
    "Read this passage and answer the question.\n\n{premise}\n\nQuestion: {hypothesis}?\n{options_}",
    "{premise}\n\nFrom what is said above, can we tell that \"{hypothesis}\"?\n\n{options_}",
    "Passage:\n{premise}\n\nHypothesis:\n{hypothesis}\n\nIs the hypothesis true?\n{options_}",
    "Consider: \"{premise}\"\n\nDoes this commit the speaker to the idea that {hypothesis}\n\n{options_}",
    "{premise}\n\nWould it be right to conclude that {hypothesis}\n{options_}",
    ("Write a passage in which the speaker's view on a statement can be judged, and give the statement.",
     "{premise}\n\nStatement: {hypothesis}"),
  ],
  fs=[
    FS("{premise}\nIs it true that \"{hypothesis}\"?\n{options_}", tp="Answer: ", xy="\n"),
    FS("Passage: {premise}\nHypothesis: {hypothesis}\n{options_}", tp="Label: ", xy="\n", sep="\n\n"),
    FS("{premise}\n\nDoes it follow that {hypothesis}\n\n{options_}", ip="Q: ", tp="A: "),
  ])

# ---------------------------------------------------------------- mnli
S("mnli", "MultiNLI: entailment, neutral or contradiction", "premise, hypothesis, options_, answer",
  zs=[
    "Premise: \"{premise}\"\nHypothesis: \"{hypothesis}\"\n\nDoes the premise entail the hypothesis?\n\n{options_}",
    "{premise}\n\nIf that is true, is this also true? {hypothesis}\n{options_}",
    "Sentence A: {premise}\nSentence B: {hypothesis}\n\nIf A holds, does B hold too?\n{options_}",
    "Here is a premise: {premise}\n\nAnd a hypothesis: {hypothesis}\n\nCan the hypothesis be concluded from the premise?\n\n{options_}",
    "Suppose that {premise}\n\nCan we then say that \"{hypothesis}\"?\n\n{options_}",
    "Decide how these two statements relate.\n1. {premise}\n2. {hypothesis}\n\nDoes 1 imply 2?\n{options_}",
    "{premise}\n\nQuestion: given the sentence above, is it the case that {hypothesis}\n\n{options_}",
    "Is \"{hypothesis}\" entailed by \"{premise}\"?\n\n{options_}",
    ("{premise}\n\nWrite a second sentence. If someone asks whether the first sentence entails it, the answer should be: {answer}", "{hypothesis}"),
    ("Write a premise and a hypothesis, and say whether the premise entails it.",
     "Premise: {premise}\nHypothesis: {hypothesis}\nEntailed: {answer}"),
  ],
  zsno=[
    "Premise: \"{premise}\"\nHypothesis: \"{hypothesis}\"\n\nDoes the premise entail the hypothesis?",
    "{premise}\n\nIf that is true, is this also true? {hypothesis}",
    "Suppose that {premise} Can we then say that \"{hypothesis}\"?",
    "Is \"{hypothesis}\" entailed by \"{premise}\"?",
    "{premise}\n\nDoes it follow that {hypothesis}",
  ],
  fs=[
    FS("Premise: {premise}\nHypothesis: {hypothesis}\n{options_}", tp="Entailed: ", xy="\n"),
    FS("{premise}\nDoes that mean \"{hypothesis}\"?\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{premise}\" -> \"{hypothesis}\"? {options_}", tp="Answer: ", xy=" ", sep="\n"),
    FS("{premise}\n\nIs it true that {hypothesis}\n\n{options_}", ip="Q: ", tp="A: "),
  ])

# ---------------------------------------------------------------- snli
S("snli", "SNLI: does the image caption entail the hypothesis?", "premise, hypothesis, options_, answer",
  zs=[
    "Caption: {premise}\n\nFrom this caption, can we say that \"{hypothesis}\"?\n\n{options_}",
    "\"{premise}\"\n\nDoes this description imply that {hypothesis}\n{options_}",
    "Scene: {premise}\nStatement: {hypothesis}\n\nIs the statement true of the scene?\n{options_}",
    "If \"{premise}\", is it also true that \"{hypothesis}\"?\n\n{options_}",
    "Picture this: {premise}\n\nQuestion: {hypothesis} True?\n\n{options_}",
    "Premise: {premise}\nHypothesis: {hypothesis}\n\nCan the hypothesis be inferred?\n{options_}",
    "Read the sentence and answer.\n\n{premise}\n\nDoes it follow that {hypothesis}\n\n{options_}",
    ("Describe a scene in one sentence, then write a second sentence. Does the first entail the second? {answer}",
     "{premise}\n{hypothesis}"),
  ],
  fs=[
    FS("Caption: {premise}\nClaim: {hypothesis}\n{options_}", tp="Answer: ", xy="\n"),
    FS("{premise}\nSo, {hypothesis}?\n{options_}", xy="\n", sep="\n\n"),
    FS("If \"{premise}\", then \"{hypothesis}\"? {options_}", tp="A: ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- qnli
S("qnli", "QNLI: does the sentence answer the question?", "question, sentence, options_, answer",
  zs=[
    "Question: {question}\nSentence: {sentence}\n\nDoes the sentence contain the answer to the question?\n\n{options_}",
    "{sentence}\n\nCan the question \"{question}\" be answered from the sentence above?\n{options_}",
    "Does this sentence answer the question?\n\nQ: {question}\nS: {sentence}\n\n{options_}",
    "Someone asked: \"{question}\"\nThe reply was: \"{sentence}\"\n\nIs that reply an answer to the question?\n{options_}",
    "{question}\n\nIs the following a good answer? {sentence}\n\n{options_}",
    "Read the sentence: {sentence}\n\nWould it answer \"{question}\"?\n\n{options_}",
    "Check whether the text answers the question.\nText: {sentence}\nQuestion: {question}\n{options_}",
    ("{sentence}\n\nWrite a question. Does the sentence above answer it? It should be: {answer}", "{question}"),
  ],
  fs=[
    FS("Q: {question}\nSentence: {sentence}\nAnswered?\n{options_}", xy="\n"),
    FS("{sentence}\nDoes this answer \"{question}\"?\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("Question: {question} | Candidate: {sentence} | {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- wnli
S("wnli", "WNLI: does the second sentence follow once the pronoun is resolved?", "sentence1, sentence2, options_, answer",
  zs=[
    "{sentence1}\n\nIf the above is true, is this true as well? {sentence2}\n\n{options_}",
    "Sentence 1: {sentence1}\nSentence 2: {sentence2}\n\nDoes sentence 1 entail sentence 2?\n{options_}",
    "Read: \"{sentence1}\"\nNow decide: is it right that \"{sentence2}\"?\n\n{options_}",
    "{sentence1}\n\nQuestion: does it follow that {sentence2}\n{options_}",
    "Work out who the pronoun refers to, then answer.\n\n{sentence1}\n\nTherefore: {sentence2}\nCorrect?\n\n{options_}",
    "Given that {sentence1} is it true that {sentence2}\n\n{options_}",
    ("{sentence1}\n\nRewrite part of this sentence with a pronoun replaced by a noun. Should the rewrite follow from the sentence? {answer}", "{sentence2}"),
  ],
  fs=[
    FS("{sentence1}\nSo: {sentence2}\n{options_}", tp="Follows: ", xy="\n"),
    FS("A: {sentence1}\nB: {sentence2}\nDoes A entail B?\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{sentence1}\" => \"{sentence2}\"? {options_}", tp="Answer: ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- glue_mrpc
S("glue_mrpc", "MRPC: are the two sentences paraphrases?", "sentence1, sentence2, options_, answer",
  zs=[
    "{sentence1}\n{sentence2}\n\nDo these two sentences say the same thing?\n\n{options_}",
    "Sentence one: {sentence1}\nSentence two: {sentence2}\n\nAre they paraphrases of each other?\n{options_}",
    "Is the meaning kept when \"{sentence1}\" is rewritten as \"{sentence2}\"?\n\n{options_}",
    "Compare these sentences:\n1) {sentence1}\n2) {sentence2}\n\nSame meaning?\n{options_}",
    "Tell me whether the two news sentences below express the same fact.\n\n{sentence1}\n\n{sentence2}\n\n{options_}",
    "\"{sentence1}\"\n\nCould this be reworded as \"{sentence2}\" without changing what it says?\n{options_}",
    "Do these sentences mean the same?\nA: {sentence1}\nB: {sentence2}\n\n{options_}",
    ("{sentence1}\n\nWrite a similar sentence. Is it a paraphrase of the one above? {answer}", "{sentence2}"),
  ],
  fs=[
    FS("{sentence1}\n{sentence2}\nParaphrases?\n{options_}", xy="\n"),
    FS("A: {sentence1}\nB: {sentence2}\nSame meaning?\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("\"{sentence1}\" vs \"{sentence2}\" {options_}", tp="Equivalent: ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- glue_qqp
S("glue_qqp", "QQP: do the two questions ask the same thing?", "question1, question2, options_, answer",
  zs=[
    "{question1}\n{question2}\n\nAre these two questions asking the same thing?\n\n{options_}",
    "Question A: {question1}\nQuestion B: {question2}\n\nWould one answer serve both questions?\n{options_}",
    "Are \"{question1}\" and \"{question2}\" duplicates?\n\n{options_}",
    "Someone posted \"{question1}\". Another user asked \"{question2}\". Should the two posts be merged as the same question?\n{options_}",
    "First question: {question1}\n\nSecond question: {question2}\n\nDo they have the same meaning?\n\n{options_}",
    "Decide whether these questions are paraphrases.\n1. {question1}\n2. {question2}\n{options_}",
    ("{question1}\n\nWrite another question. Should it count as the same question as this one? {answer}", "{question2}"),
  ],
  fs=[
    FS("{question1}\n{question2}\nSame question?\n{options_}", xy="\n"),
    FS("Q1: {question1}\nQ2: {question2}\n{options_}", tp="Duplicate: ", xy="\n", sep="\n\n"),
    FS("\"{question1}\" / \"{question2}\" {options_}", tp="Same: ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- paws_wiki
S("paws_wiki", "PAWS: are the two sentences paraphrases despite word overlap?", "sentence1, sentence2, options_, answer",
  zs=[
    "{sentence1}\n{sentence2}\n\nDo the two sentences above have the same meaning?\n\n{options_}",
    "Sentence 1: {sentence1}\nSentence 2: {sentence2}\n\nIs sentence 2 a paraphrase of sentence 1?\n{options_}",
    "These sentences share most of their words. Do they also share their meaning?\n\n- {sentence1}\n- {sentence2}\n\n{options_}",
    "Does \"{sentence2}\" mean the same as \"{sentence1}\"?\n\n{options_}",
    "Check the two sentences for the same meaning.\n\nFirst: {sentence1}\nSecond: {sentence2}\n{options_}",
    "{sentence1}\n\nIs the following a faithful rewording of the sentence above?\n{sentence2}\n\n{options_}",
    ("{sentence1}\n\nReorder or reword this sentence. Does the result keep the meaning? {answer}", "{sentence2}"),
  ],
  fs=[
    FS("{sentence1}\n{sentence2}\nSame meaning?\n{options_}", xy="\n"),
    FS("1: {sentence1}\n2: {sentence2}\nParaphrase?\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{sentence1} || {sentence2} || {options_}", tp="-> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- wic
S("wic", "WiC: is the word used with the same meaning in both sentences?", "sentence1, sentence2, word, options_, answer",
  zs=[
    "{sentence1}\n{sentence2}\n\nIn these two sentences, does \"{word}\" carry the same sense?\n\n{options_}",
    "Word: {word}\nSentence A: {sentence1}\nSentence B: {sentence2}\n\nDoes the word have the same meaning in A and B?\n{options_}",
    "Look at how \"{word}\" is used here:\n1. {sentence1}\n2. {sentence2}\n\nSame meaning or different meanings?\n{options_}",
    "Is \"{word}\" used in the same way in \"{sentence1}\" and \"{sentence2}\"?\n\n{options_}",
    "The word \"{word}\" appears in both sentences below. Compare its meaning.\n\n{sentence1}\n{sentence2}\n\n{options_}",
    "{sentence1}\n\nDoes \"{word}\" mean the same thing in the next sentence?\n{sentence2}\n\n{options_}",
    ("Write two sentences that use the word \"{word}\" with {answer}.", "{sentence1}\n{sentence2}"),
  ],
  fs=[
    FS("\"{word}\" in: {sentence1} / {sentence2}\n{options_}", tp="Meaning: ", xy="\n"),
    FS("Sentence 1: {sentence1}\nSentence 2: {sentence2}\nWord: {word}\n{options_}", xy="\n", sep="\n\n"),
    FS("Compare \"{word}\": \"{sentence1}\" and \"{sentence2}\" {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- wsc
S("wsc", "WSC: does the pronoun refer to the noun phrase?", "context, text1, text2, options_, answer",
  zs=[
    "{context}\n\nIn the sentence above, does \"{text2}\" refer to \"{text1}\"?\n\n{options_}",
    "Sentence: {context}\nPronoun: {text2}\nCandidate: {text1}\n\nIs the candidate what the pronoun points to?\n{options_}",
    "Read: {context}\n\nWho or what is \"{text2}\"? Is it \"{text1}\"?\n{options_}",
    "In \"{context}\", is \"{text1}\" the antecedent of \"{text2}\"?\n\n{options_}",
    "Resolve the pronoun.\n\n{context}\n\nDoes \"{text2}\" stand for \"{text1}\" here?\n\n{options_}",
    "{context}\n\nQuestion: when the text says \"{text2}\", does it mean {text1}?\n{options_}",
  ],
  fs=[
    FS("{context}\n\"{text2}\" = \"{text1}\"?\n{options_}", xy="\n"),
    FS("Sentence: {context}\nDoes \"{text2}\" refer to \"{text1}\"?\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{context} [{text2} -> {text1}?] {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- stsb
S("stsb", "STS-B: similarity of two sentences on a 0-5 scale", "sentence1, sentence2, options_, answer",
  zs=[
    "{sentence1}\n{sentence2}\n\nOn a scale from 0 (unrelated) to 5 (same meaning), how similar are these sentences?\n\n{options_}",
    "Rate the semantic similarity of the two sentences below from 0 to 5.\n\nA: {sentence1}\nB: {sentence2}\n\n{options_}",
    "Sentence 1: \"{sentence1}\"\nSentence 2: \"{sentence2}\"\n\nHow close in meaning are they, from 0 to 5?\n{options_}",
    "How much do \"{sentence1}\" and \"{sentence2}\" overlap in meaning? Give a score where 0 means nothing in common and 5 means equivalent.\n\n{options_}",
    "Score the pair for similarity (0-5).\n{sentence1}\n{sentence2}\n{options_}",
    "{sentence1}\n\nGive a similarity score between this and the next sentence (0 = none, 5 = identical meaning).\n{sentence2}\n\n{options_}",
    ("{sentence1}\n\nWrite a sentence whose similarity to the one above is {answer} out of 5.", "{sentence2}"),
  ],
  fs=[
    FS("{sentence1}\n{sentence2}\nSimilarity (0-5)?\n{options_}", xy="\n"),
    FS("A: {sentence1}\nB: {sentence2}\n{options_}", tp="Score: ", xy="\n", sep="\n\n"),
    FS("\"{sentence1}\" ~ \"{sentence2}\" {options_}", tp="Similarity: ", xy=" ", sep="\n"),
  ])
