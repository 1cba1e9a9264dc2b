"""Second pass for the NLI and sentence-pair sets: more zero-shot and few-shot wordings and
distinct no-options wordings (FLAN's ZS-NoOpt prompts are not the ZS-Opt ones minus options)."""
from .tpl import add, FS

add("rte",
    fs=[FS("{premise}\n\nBased on that, \"{hypothesis}\" -- true?\n{options_}", tp="Answer: ", xy="\n", sep="\n\n")],
    zsno=["Passage:\n{premise}\n\nWould a careful reader agree that {hypothesis}"])

add("anli",
    fs=[FS("Read: {context}\n\nNow decide about \"{hypothesis}\".\n{options_}", tp="Decision: ", xy="\n", sep="\n\n")],
    zsno=["Here is a paragraph:\n{context}\n\nDoes the paragraph back up \"{hypothesis}\", contradict it, or leave it open?"])

add("cb",
    zs=["Dialogue or text: {premise}\n\nIs the following implied: {hypothesis}?\n\n{options_}",
        "Question about the passage below: {hypothesis}?\n\n{premise}\n\n{options_}"],
    zsno=["{premise}\n\nGiven the passage, is it true that \"{hypothesis}\"?",
          "Text: {premise}\n\nDoes the writer believe that {hypothesis}",
          "{premise}\n\nCan we conclude that {hypothesis}? Yes, no, or can't tell?",
          "Passage:\n{premise}\n\nHypothesis: {hypothesis}\n\nIs the hypothesis supported?",
          "Read this and tell me whether \"{hypothesis}\" holds.\n\n{premise}"],
    fs=[FS("Text: {premise} | Claim: {hypothesis} | {options_}", tp="-> ", xy=" ", sep="\n"),
        FS("Write a passage and a statement whose truth the passage settles as \"{answer}\".",
           "{premise}\nStatement: {hypothesis}", mix=False)])

add("mnli",
    fs=[FS("Given: {premise}\nClaim: {hypothesis}\nDoes the claim follow?\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
        FS("Write a premise and a hypothesis. Entailed? {answer}", "Premise: {premise}\nHypothesis: {hypothesis}", mix=False)],
    zsno=["Sentence A: {premise}\nSentence B: {hypothesis}\n\nIf A holds, does B hold too?"])

add("snli",
    zs=["A photo is described as \"{premise}\". Would it be accurate to say \"{hypothesis}\"?\n\n{options_}",
        ("\"{premise}\"\n\nWrite a sentence about the same scene. Does the description entail it? It should be: {answer}", "{hypothesis}")],
    zsno=["Caption: {premise}\n\nFrom this caption, can we say that \"{hypothesis}\"?",
          "If \"{premise}\", is it also true that \"{hypothesis}\"?",
          "Premise: {premise}\nHypothesis: {hypothesis}\n\nIs the hypothesis entailed, contradicted, or neither?",
          "\"{premise}\"\n\nDoes this description imply that {hypothesis}",
          "Scene: {premise}\n\nIs it the case that {hypothesis}"],
    fs=[FS("{premise}\n\nQ: does that mean \"{hypothesis}\"?\n\n{options_}", tp="A: "),
        FS("Caption: {premise}\nEntailed: {answer}\nWrite the hypothesis.", "{hypothesis}", xy="\n", mix=False)])

add("qnli",
    zs=["Does the passage below answer \"{question}\"?\n\nPassage: {sentence}\n\n{options_}",
        "{question}\n{sentence}\n\nIs the second line an answer to the first?\n{options_}"],
    zsno=["Question: {question}\nSentence: {sentence}\n\nDoes the sentence contain the answer to the question?",
          "{sentence}\n\nCan the question \"{question}\" be answered from the sentence above?",
          "Someone asked: \"{question}\"\nThe reply was: \"{sentence}\"\n\nDoes the reply answer the question?",
          "Is \"{sentence}\" an answer to \"{question}\"?",
          "Check whether the text answers the question.\nText: {sentence}\nQuestion: {question}"],
    fs=[FS("{sentence}\n\nQ: does this answer \"{question}\"?\n\n{options_}", tp="A: "),
        FS("Sentence: {sentence}\nAnswers the question: {answer}\nWrite the question.", "{question}", xy="\n", mix=False)])

add("wnli",
    zs=["Premise: {sentence1}\nHypothesis: {sentence2}\n\nIs the hypothesis implied?\n{options_}",
        "Two sentences:\n\"{sentence1}\"\n\"{sentence2}\"\n\nDoes the second follow from the first?\n\n{options_}",
        ("{sentence1}\n\nWrite a sentence that names who a pronoun above refers to; it should be {answer} that the sentence above implies it.", "{sentence2}")],
    zsno=["{sentence1}\n\nIf the above is true, is this true as well? {sentence2}",
          "Sentence 1: {sentence1}\nSentence 2: {sentence2}\n\nDoes sentence 1 entail sentence 2?",
          "Given that {sentence1} is it true that {sentence2}",
          "{sentence1}\n\nQuestion: does it follow that {sentence2}",
          "Read: \"{sentence1}\"\nIs it right that \"{sentence2}\"?"],
    fs=[FS("{sentence1}\n\nDoes it follow that \"{sentence2}\"?\n\n{options_}", ip="Q: ", tp="A: ")])

add("glue_mrpc",
    zs=["Here are two sentences from news reports.\n{sentence1}\n{sentence2}\n\nIs the second a paraphrase of the first?\n\n{options_}",
        "Sentence A: {sentence1}\n\nSentence B: {sentence2}\n\nWould a reader learn the same thing from both?\n{options_}"],
    zsno=["{sentence1}\n{sentence2}\n\nDo these two sentences say the same thing?",
          "Sentence one: {sentence1}\nSentence two: {sentence2}\n\nAre they paraphrases of each other?",
          "Is the meaning kept when \"{sentence1}\" is rewritten as \"{sentence2}\"?",
          "Compare these sentences:\n1) {sentence1}\n2) {sentence2}\n\nSame meaning?",
          "Do \"{sentence1}\" and \"{sentence2}\" express the same fact?"],
    fs=[FS("{sentence1}\n\nDoes this mean the same as \"{sentence2}\"?\n\n{options_}", ip="Q: ", tp="A: "),
        FS("Sentence: {sentence1}\nParaphrase: {answer}\nWrite the second sentence.", "{sentence2}", xy="\n", mix=False)])

add("glue_qqp",
    zs=["Would these two questions get the same answers?\n\n{question1}\n{question2}\n\n{options_}",
        "{question1}\n\nIs that the same question as this one: {question2}\n{options_}",
        ("Write a question that a moderator would judge a duplicate of \"{question1}\": {answer}.", "{question2}")],
    zsno=["{question1}\n{question2}\n\nAre these two questions asking the same thing?",
          "Question A: {question1}\nQuestion B: {question2}\n\nWould one answer serve both?",
          "Are \"{question1}\" and \"{question2}\" duplicates?",
          "First question: {question1}\nSecond question: {question2}\n\nDo they have the same meaning?",
          "Should \"{question1}\" and \"{question2}\" be merged as one question?"],
    fs=[FS("{question1}\n\nSame as \"{question2}\"?\n\n{options_}", ip="Q: ", tp="A: "),
        FS("Question: {question1}\nDuplicate: {answer}\nWrite the other question.", "{question2}", xy="\n", mix=False)])

add("paws_wiki",
    zs=["Do these two sentences mean the same thing, even though their words are similar?\n1. {sentence1}\n2. {sentence2}\n\n{options_}",
        "Sentence: {sentence1}\nRewrite: {sentence2}\n\nDid the rewrite keep the meaning?\n{options_}",
        ("{sentence1}\n\nWrite a sentence that uses mostly the same words. Same meaning? {answer}", "{sentence2}")],
    zsno=["{sentence1}\n{sentence2}\n\nDo the two sentences above have the same meaning?",
          "Sentence 1: {sentence1}\nSentence 2: {sentence2}\n\nIs sentence 2 a paraphrase of sentence 1?",
          "Does \"{sentence2}\" mean the same as \"{sentence1}\"?",
          "{sentence1}\n\nIs the following a faithful rewording of the sentence above?\n{sentence2}",
          "Same meaning or not?\n- {sentence1}\n- {sentence2}"],
    fs=[FS("{sentence1}\n\nDoes \"{sentence2}\" say the same?\n\n{options_}", ip="Q: ", tp="A: "),
        FS("Sentence: {sentence1}\nSame meaning: {answer}\nWrite the reworded sentence.", "{sentence2}", xy="\n", mix=False)])

add("wic",
    zs=["Does the word \"{word}\" have the same meaning in these two sentences?\n\n{sentence1}\n\n{sentence2}\n\n{options_}",
        "First use: {sentence1}\nSecond use: {sentence2}\n\nTarget word: {word}. Compare its senses.\n{options_}",
        ("Write two sentences in which \"{word}\" is used with {answer}.", "1. {sentence1}\n2. {sentence2}")],
    zsno=["{sentence1}\n{sentence2}\n\nIs \"{word}\" used with the same meaning in both sentences?",
          "Word: {word}\nSentence A: {sentence1}\nSentence B: {sentence2}\n\nSame meaning or different meanings?",
          "Is \"{word}\" used in the same way in \"{sentence1}\" and \"{sentence2}\"?",
          "The word \"{word}\" appears in both sentences below. Does it mean the same thing?\n\n{sentence1}\n{sentence2}",
          "{sentence1}\n\nDoes \"{word}\" mean the same in: {sentence2}"],
    fs=[FS("Word: {word}\n{sentence1}\n{sentence2}\n\n{options_}", tp="Answer: "),
        FS("Use \"{word}\" twice, with {answer}.", "{sentence1}\n{sentence2}", xy="\n", mix=False)])

add("wsc",
    zs=["{context}\n\nWho does \"{text2}\" refer to? Is it {text1}?\n\n{options_}",
        "Here is a sentence with a pronoun: {context}\n\nCan \"{text2}\" be replaced by \"{text1}\" without changing the meaning?\n{options_}",
        "Pronoun resolution.\nText: {context}\nQuestion: \"{text2}\" = \"{text1}\"?\n\n{options_}",
        "{context}\n\nIn this sentence, is \"{text1}\" what \"{text2}\" is about?\n{options_}"],
    zsno=["{context}\n\nIn the sentence above, does \"{text2}\" refer to \"{text1}\"?",
          "Sentence: {context}\n\nDoes the pronoun \"{text2}\" point to \"{text1}\"?",
          "In \"{context}\", is \"{text1}\" the antecedent of \"{text2}\"?",
          "{context}\n\nWhen the text says \"{text2}\", does it mean {text1}?",
          "Read: {context}\n\nIs \"{text2}\" the same as \"{text1}\" here?"],
    fs=[FS("{context}\n\nDoes \"{text2}\" mean \"{text1}\"?\n\n{options_}", ip="Q: ", tp="A: ")])

add("stsb",
    zs=["How similar are these two sentences, on a scale of 0 to 5?\n\n\"{sentence1}\"\n\"{sentence2}\"\n\n{options_}",
        "First sentence: {sentence1}\nSecond sentence: {sentence2}\n\nGive a similarity rating (0-5).\n{options_}",
        "Pick a number from 0 to 5 for how much these mean the same thing.\n{sentence1}\n{sentence2}\n\n{options_}"],
    zsno=["{sentence1}\n{sentence2}\n\nOn a scale from 0 to 5, how similar are these sentences?",
          "Rate the semantic similarity of the two sentences below from 0 to 5.\n\nA: {sentence1}\nB: {sentence2}",
          "How close in meaning are \"{sentence1}\" and \"{sentence2}\"? Answer with a number from 0 to 5.",
          "Similarity score (0 = unrelated, 5 = equivalent):\n{sentence1}\n{sentence2}",
          "{sentence1}\n\nFrom 0 to 5, how similar is this sentence: {sentence2}"],
    fs=[FS("{sentence1}\n\nHow similar is \"{sentence2}\" (0-5)?\n\n{options_}", ip="Q: ", tp="A: "),
        FS("Write a sentence with similarity {answer}/5 to: {sentence1}", "{sentence2}", xy="\n", mix=False)])
