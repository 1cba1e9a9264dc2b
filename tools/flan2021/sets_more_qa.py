"""Second pass for the question-answering and multiple-choice sets."""
from .tpl import add, FS

add("bool_q",
    zs=["Answer yes or no, using the passage.\nQuestion: {question}?\nPassage: {text}\n\n{options_}"],
    fs=[FS("Passage: {text}\n\nIs it true that {question}?\n\n{options_}", tp="Answer: ", sep="\n\n"),
        FS("{question}? (see: {text}) {options_}", tp="-> ", xy=" ", sep="\n")])

add("multirc",
    zs=["Read the text and judge the answer.\n\n{paragraph}\n\nQuestion: {question}\nIs \"{response}\" correct?\n\n{options_}",
        "{question}\n\nCould the answer be \"{response}\"? Use this paragraph:\n{paragraph}\n\n{options_}",
        ("{paragraph}\n\nQuestion: {question}\n\nWrite an answer to the question that is judged correct: {answer}", "{response}")],
    zsno=["{paragraph}\n\nQuestion: \"{question}\"\n\nIs \"{response}\" a correct answer?",
          "Read the paragraph and check the answer.\n\n{paragraph}\n\nQ: {question}\nA: {response}\n\nIs A right?",
          "{paragraph}\n\nSomeone answered \"{question}\" with \"{response}\". Were they right?",
          "Paragraph:\n{paragraph}\n\nDoes \"{response}\" correctly answer \"{question}\"?",
          "Text: {paragraph}\nQuestion: {question}\nCandidate: {response}\n\nCorrect or not?"],
    fs=[FS("{question}\nCandidate: {response}\nText: {paragraph}\n{options_}", tp="Correct: ", xy="\n", sep="\n\n"),
        FS("Paragraph: {paragraph}\nWrite a question about it.", "{question}", xy="\n", mix=False)])

add("record",
    zs=["Here is an article:\n{passage}\n\nNow complete this follow-up sentence: {query}\n\n{options_str}",
        "{query}\n\nThe blank above refers to an entity in this story:\n{passage}\n\nWhich one?\n{options_str}",
        "Cloze test.\n\nPassage: {passage}\n\nSentence: {query}\n\nPick the entity for the blank.\n\n{options_str}",
        "{passage}\n\nWho or what is missing from \"{query}\"?\n{options_str}"],
    fs=[FS("{passage}\n\nQ: {query}\n\n{options_str}", tp="A: ", sep="\n\n"),
        FS("Story: {passage} || Gap: {query} || {options_str}", tp="-> ", xy=" ", sep="\n")])

add("copa",
    zs=["Premise: \"{premise}\"\n\nSelect the {question}:\n\n{options_}",
        "What is the {question} of the following?\n{premise}\n\n{options_}"],
    zsno=["Think about the situation below. What could be its {question}?\n\n{premise}"],
    fs=[FS("{premise}\n\nWhat is the most plausible {question}?\n\n{options_}", ip="Q: ", tp="A: "),
        FS("Event: {premise}\nWrite its {question}.", "{answer}", xy="\n", mix=False)])

add("arc",
    zs=["Grade-school science.\n\n{question}\n\n{options_}",
        ("Write a multiple-choice science question that has \"{answer}\" as one of its choices, and it is the right one.", "{question}")],
    fs=[FS("Question: {question}\n{options_}", tp="Correct answer: ", xy="\n", sep="\n\n"),
        FS("{question} | {options_}", tp="=> ", xy=" ", sep="\n")])

add("cosmos_qa",
    zs=["Story: {context}\n\nQuestion: {question}\n\nChoose the answer that fits best.\n\n{options_}",
        "{context}\n\nAnswer the question below using common sense.\n{question}\n{options_}",
        ("{context}\n\nWrite a question about the text whose answer is: {answer}", "{question}")],
    zsno=["{context}\n\n{question}",
          "Read the passage and answer the question.\n\n{context}\n\nQuestion: {question}",
          "Context: {context}\n\nQ: {question}\nA:",
          "{context}\n\nBased on the story, {question}",
          "{question}\n\nUse this passage and common sense:\n{context}"],
    fs=[FS("{context}\n\nQ: {question}\n\n{options_}", tp="A: ", sep="\n\n"),
        FS("Context: {context}\nWrite a question about it.", "{question}", xy="\n", mix=False)])

add("openbookqa",
    zs=["Science fact: {fact}\n\nApply it: {question}\n\n{options_}",
        "{question}\n\n{options_}\n\nRemember that {fact}",
        "Answer the question. You may use the fact given.\n\nFact: {fact}\nQuestion: {question}\n{options_}"],
    zsno=["Fact: {fact}\n\nQuestion: {question}",
          "{fact}\n\nWith that in mind, {question}",
          "{question}\n\nHint: {fact}",
          "Use the fact to answer the question.\nFact: {fact}\n\n{question}",
          "Knowing that {fact}, complete this: {question}"],
    fs=[FS("{fact}\n\nQ: {question}\n\n{options_}", tp="A: ", sep="\n\n"),
        FS("Fact: {fact}\nWrite a question it helps answer.", "{question}", xy="\n", mix=False)])

add("piqa",
    zs=["Which of these is the right way to do it?\n\n{goal}\n\n{options_}",
        "Physical common sense: {goal}\n\nWhat would you do?\n{options_}",
        "I want to {goal}. Which method works?\n{options_}",
        ("How would you do the following? Describe one practical method.\n\n{goal}", "{answer}")],
    zsno=["Goal: {goal}\n\nHow would you do it?",
          "How do you do this? {goal}",
          "{goal}\n\nDescribe a sensible way to do it.",
          "What is a practical way to achieve this: {goal}",
          "Practical question: {goal}\nAnswer:"],
    fs=[FS("{goal}\n\nQ: which works?\n\n{options_}", tp="A: ", sep="\n\n"),
        FS("Goal: {goal}\nHow?", "{answer}", xy="\n", mix=False)])

add("hellaswag",
    zs=["What is the most likely way this continues?\n\n{context}\n\n{options_}",
        "[{activity_label}]\n{context}\n\nPick the ending that fits.\n{options_}",
        "{context}\n\nWhich of the following follows most naturally?\n\n{options_}"],
    zsno=["{context}\n\nWhat comes next?",
          "Topic: {activity_label}\n\n{context}\n\nContinue the text.",
          "Finish the passage in the most sensible way.\n\n{context}",
          "{context}\n\nWrite the next sentence.",
          "Continue this description of \"{activity_label}\": {context}"],
    fs=[FS("Topic: {activity_label}\n{context}\n\n{options_}", tp="Next: ", sep="\n\n"),
        FS("{context}", "{answer}", tp="Continue: ", xy="\n", mix=False)])

add("story_cloze",
    zs=["{context}\n\nWhat happens next?\n\n{options_}",
        "Four sentences of a story:\n{context}\n\nSelect the ending that makes sense.\n{options_}",
        "Pick the right fifth sentence for this story.\n\n{context}\n\n{options_}"],
    zsno=["{context}\n\nHow does the story end?",
          "Story: {context}\n\nWrite the final sentence.",
          "{context}\n\nWhat is the most fitting last line?",
          "Here are the first four sentences of a story.\n{context}\n\nWhat is the fifth sentence?",
          "Continue the story with one sentence: {context}"],
    fs=[FS("{context}\n\nQ: how does it end?\n\n{options_}", tp="A: ", sep="\n\n"),
        FS("Story: {context}", "{answer}", tp="Ending: ", xy="\n", mix=False)])

add("winogrande",
    zs=["Who or what goes in the blank?\n\n{sentence}\n\n{options_}",
        "{context} ___\n\nThe sentence continues after the blank. Which option goes there?\n{options_}",
        "Replace the _ in the following sentence with the correct option.\n{sentence}\n\n{options_}"],
    zsno=["{sentence}\n\nWho or what does the _ stand for?",
          "Fill in the blank.\n\n{sentence}",
          "Sentence: {sentence}\n\nWhat replaces the underscore?",
          "What word or name should go in the blank? {sentence}",
          "{sentence}\n\nIn the sentence above, the blank refers to"],
    fs=[FS("{sentence}\n\nQ: what is _?\n\n{options_}", tp="A: ", sep="\n\n"),
        FS("Write a sentence with a blank (_) for: {answer}", "{sentence}", xy="\n", mix=False)])

add("definite_pronoun_resolution",
    zs=["Who is meant by \"{pronoun}\"?\n\n{sentence}\n\n{options_}",
        "Sentence: {sentence}\n\nThe word \"{pronoun}\" refers to one of these. Which one?\n{options_}",
        "{sentence}\n\nChoose what \"{pronoun}\" refers to.\n{options_}",
        ("Write a sentence in which the pronoun \"{pronoun}\" refers to {answer}.", "{sentence}")],
    zsno=["{sentence}\n\nWho is \"{pronoun}\" in this sentence?",
          "Sentence: {sentence}\nPronoun: {pronoun}\n\nWhat does the pronoun refer to?",
          "In \"{sentence}\", what does the word \"{pronoun}\" point to?",
          "Resolve the pronoun \"{pronoun}\".\n\n{sentence}",
          "{sentence}\n\nHere, \"{pronoun}\" means"],
    fs=[FS("{sentence}\n\nQ: who is \"{pronoun}\"?\n\n{options_}", tp="A: ", sep="\n\n"),
        FS("Pronoun \"{pronoun}\" -> {answer}. Write the sentence.", "{sentence}", xy="\n", mix=False)])

add("unified_qa_science_inst",
    zs=["Science question:\n{question}\n\nWhat is the answer?\n\n{options_}",
        "{question}\n\nChoose the best answer from the options.\n{options_}",
        "Test yourself: {question}\n{options_}"],
    zsno=["{question}",
          "Answer the science question below.\n\n{question}",
          "Question: {question}\nAnswer:",
          "Middle-school science: {question}",
          "Here is a quiz question. {question}"],
    fs=[FS("{question}\n\n{options_}", ip="Q: ", tp="A: ", sep="\n\n"),
        FS("Answer: {answer}\nWrite the question.", "{question}", xy="\n", mix=False)])

add("natural_questions",
    fs=[FS("Q: {question}", tp="Short answer: ", xy="\n", sep="\n\n"),
        FS("{question} ->", xy=" ", sep="\n")],
    zs=["Search query: {question}\nWhat is the answer?"])

add("trivia_qa",
    zs=["Answer in a few words: {question}"],
    fs=[FS("Question: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
        FS("{question} ->", xy=" ", sep="\n"),
        FS("Answer: {answer}\nWhat was the question?", "{question}", xy="\n", mix=False)])

add("squad_v1",
    zs=["Answer a question about this article on {title}.\n\n{context}\n\nQuestion: {question}"],
    fs=[FS("Article: {title}\n\n{context}\n\nQuestion: {question}", tp="Answer: ", sep="\n\n"),
        FS("{question} (from: {context})", tp="-> ", xy=" ", sep="\n")])

add("squad_v2",
    zs=["Article about {title}:\n{context}\n\nIf the article answers the question, give the answer; otherwise say \"unanswerable\".\n\n{question}",
        "{context}\n\nQ: {question}\n\nAnswer from the text, or reply unanswerable if it does not say.",
        "Read this passage about {title}.\n\n{context}\n\nNow answer: {question}"],
    fs=[FS("{title}\n{context}\n\nQ: {question}", tp="A: ", sep="\n\n"),
        FS("{question} (from: {context})", tp="-> ", xy=" ", sep="\n")])

add("drop",
    zs=["Read the passage and answer with a number, date or short span.\n\n{context}\n\nQuestion: {question}",
        "Passage:\n{context}\n\nQuestion: {question}\n\nAnswer:",
        "Use the numbers in the text to answer. {question}\n\n{context}"],
    fs=[FS("Passage: {context}\n\n{question}", tp="Answer: ", sep="\n\n"),
        FS("{question} (from: {context})", tp="-> ", xy=" ", sep="\n")])

add("quac",
    zs=["Here is a section from an article titled \"{title}\".\n\n{context}\n\nAnswer this question with a quote from the section: {question}",
        "Background on {title}: {background}\n\n{context}\n\nQ: {question}",
        "{context}\n\nQuestion about the text above: {question}\nAnswer:"],
    fs=[FS("Title: {title}\n\n{context}\n\n{question}", tp="Answer: ", sep="\n\n"),
        FS("{question} (from: {title})", tp="-> ", xy=" ", sep="\n")])

add("coqa",
    zs=[("Story: {text}\n\nAnswer the following questions, one line per question, keeping the numbers.\n\n{numbered_questions}", "{numbered_answers}"),
        ("{numbered_questions}\n\nAnswer the numbered questions above using this text:\n\n{text}", "{numbered_answers}"),
        ("Read the passage.\n\n{text}\n\nQuestions:\n{numbered_questions}\n\nAnswers:", "{numbered_answers}"),
        ("{text}\n\nHere are the answers to some questions about the text:\n{numbered_answers}\n\nWhat were the questions?", "{numbered_questions}")],
    fs=[FS("Text: {text}\n\nQ:\n{numbered_questions}", "{numbered_answers}", tp="A:\n", sep="\n\n"),
        FS("Story: {text}\nAnswers:\n{numbered_answers}\nWrite the questions.", "{numbered_questions}", xy="\n", mix=False)])

add("math_dataset",
    zs=["Solve for the unknown.\n\n{question}",
        "{question}\nAnswer:"],
    fs=[FS("Solve: {question}", tp="= ", xy="\n", sep="\n"),
        FS("{question}", tp="The answer is ", xy=" ", sep="\n\n"),
        FS("Solution: {answer}\nWrite an equation with this solution.", "{question}", xy="\n", mix=False)])

add("lambada",
    zs=["What single word finishes this text?\n\n{sentence}",
        "{sentence} ...\n\nThe final word is:",
        ("Write a passage whose last word is \"{answer}\".", "{sentence} {answer}")],
    fs=[FS("{sentence}", tp="... ", xy=" ", sep="\n\n"),
        FS("Passage: {sentence}\nMissing last word?", xy="\n", sep="\n\n")])
