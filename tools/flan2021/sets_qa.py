from .tpl import S, FS

# ---------------------------------------------------------------- bool_q
S("bool_q", "BoolQ: yes/no question about a passage", "title, text, question, options_, answer",
  zs=[
    "{text}\n\nAfter reading the passage, answer: {question}?\n\n{options_}",
    "Passage: {text}\n\nQuestion: {question}?\n{options_}",
    "Use the text to answer the yes/no question.\n\n{text}\n\n{question}?\n\n{options_}",
    "Read this and respond with yes or no.\n\n{text}\n\nIs it the case that {question}?\n{options_}",
    "{question}?\n\nAnswer using the following passage:\n{text}\n\n{options_}",
    "Here is some background: {text}\n\nBased on it, {question}?\n\n{options_}",
    "Text:\n{text}\n\nQ: {question}?\n{options_}",
    "{text}\n\nWould you say that {question}?\n{options_}",
    ("{text}\n\nWrite a yes/no question about the passage above whose answer is \"{answer}\".", "{question}?"),
  ],
  zsno=[
    "{text}\n\nAfter reading the passage, answer: {question}?",
    "Passage: {text}\n\nQuestion: {question}? Yes or no?",
    "{question}?\n\nAnswer using the following passage:\n{text}",
    "Here is some background: {text}\n\nBased on it, {question}?",
    "Text:\n{text}\n\nQ: {question}?",
  ],
  fs=[
    FS("{text}\n\n{question}?\n{options_}", tp="Answer: ", xy="\n"),
    FS("Passage: {text}\nQuestion: {question}?\n{options_}", xy="\n", sep="\n\n"),
    FS("{text}\n\nQ: {question}?\n\n{options_}", tp="A: "),
    FS("Write a passage and a yes/no question about it.", "{text}\n\n{question}?", mix=False),
  ])

# ---------------------------------------------------------------- multirc
S("multirc", "MultiRC: is the response a correct answer to the question about the paragraph?",
  "paragraph, question, response, options_, answer",
  zs=[
    "{paragraph}\n\nQuestion: \"{question}\"\n\nProposed answer: \"{response}\"\n\nIs the proposed answer correct?\n\n{options_}",
    "Read the paragraph and check the answer.\n\n{paragraph}\n\nQ: {question}\nA: {response}\n\nIs A right?\n{options_}",
    "{paragraph}\n\nSomeone answered the question \"{question}\" with \"{response}\". Were they right?\n{options_}",
    "Paragraph:\n{paragraph}\n\nDoes \"{response}\" correctly answer \"{question}\"?\n\n{options_}",
    "{paragraph}\n\nBased on the text, is \"{response}\" a valid answer to: {question}\n{options_}",
    "Text: {paragraph}\nQuestion: {question}\nCandidate answer: {response}\n\nTrue or not?\n{options_}",
    ("{paragraph}\n\nWrite a question about the paragraph above that needs more than one sentence of it to answer.", "{question}"),
  ],
  fs=[
    FS("{paragraph}\nQ: {question}\nA: {response}\nCorrect?\n{options_}", xy="\n"),
    FS("Paragraph: {paragraph}\nQuestion: {question}\nAnswer: {response}\n{options_}", tp="Valid: ", xy="\n", sep="\n\n"),
    FS("{paragraph}\n\nIs \"{response}\" right for \"{question}\"?\n\n{options_}", tp="Answer: "),
  ])

# ---------------------------------------------------------------- record
S("record", "ReCoRD: which entity fills the blank in the query?", "passage, query, options_str, answer",
  zs=[
    "{passage}\n\nFill in the blank: {query}\n\n{options_str}",
    "Read the news story and complete the sentence.\n\n{passage}\n\n{query}\n\n{options_str}",
    "{passage}\n\nWhich entity belongs in the blank?\n\"{query}\"\n{options_str}",
    "Story:\n{passage}\n\nSentence with a gap: {query}\n\nWhat goes in the gap?\n{options_str}",
    "Complete the statement using the article.\n\nArticle: {passage}\n\nStatement: {query}\n\n{options_str}",
    "{passage}\n\nQuestion: in \"{query}\", the blank stands for which of these?\n\n{options_str}",
  ],
  fs=[
    FS("{passage}\n\n{query}\n{options_str}", tp="Blank: ", xy="\n"),
    FS("Article: {passage}\nComplete: {query}\n{options_str}", xy="\n", sep="\n\n"),
    FS("{passage}\n\nWhat fills the blank in \"{query}\"?\n\n{options_str}", tp="Answer: "),
  ])

# ---------------------------------------------------------------- copa
S("copa", "COPA: choose the more plausible cause or effect", "premise, question, options_, answer",
  zs=[
    "{premise}\n\nWhat was the {question} of this?\n\n{options_}",
    "Premise: {premise}\nWhich option is the more likely {question}?\n{options_}",
    "Pick the more plausible {question} for the situation below.\n\n{premise}\n\n{options_}",
    "\"{premise}\"\n\nWhich of the following is the {question}?\n{options_}",
    "Situation: {premise}\n\nChoose the {question}.\n\n{options_}",
    "{premise} What is the most likely {question}?\n\n{options_}",
    "Think about cause and effect. {premise}\n\nWhich is the better {question}?\n{options_}",
    ("Write a sentence describing an event, then give a plausible {question} of it.", "{premise}\n{answer}"),
  ],
  zsno=[
    "{premise}\n\nWhat was the {question} of this?",
    "Premise: {premise}\nWhat is a likely {question}?",
    "\"{premise}\" What might the {question} be?",
    "Situation: {premise}\n\nSuggest the {question}.",
  ],
  fs=[
    FS("{premise}\nWhat was the {question}?\n{options_}", tp="Answer: ", xy="\n"),
    FS("Premise: {premise} ({question})\n{options_}", xy="\n", sep="\n\n"),
    FS("{premise} | {question}? | {options_}", tp="-> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- arc
S("arc", "ARC: grade-school science multiple choice", "question, options_, answer",
  zs=[
    "{question}\n\n{options_}",
    "Science question: {question}\n\nChoose the best answer.\n{options_}",
    "Answer this school science question.\n\n{question}\n\n{options_}",
    "Question: {question}\n\nWhich option is correct?\n{options_}",
    "{question}\nPick one answer from the list below.\n{options_}",
    "Here is a test question: {question}\n\nWhat is the right answer?\n\n{options_}",
    "Use your science knowledge to answer.\n{question}\n{options_}",
    ("Write a science question whose correct answer is \"{answer}\".", "{question}"),
  ],
  zsno=[
    "{question}",
    "Science question: {question}",
    "Answer this school science question.\n\n{question}",
    "Question: {question}\nAnswer:",
    "Here is a test question: {question}\n\nWhat is the right answer?",
  ],
  fs=[
    FS("{question}\n{options_}", tp="Answer: ", xy="\n"),
    FS("Question: {question}\n\n{options_}", xy="\n", sep="\n\n"),
    FS("{question} {options_}", ip="Q: ", tp="A: ", xy="\n", sep="\n\n"),
  ])

# ---------------------------------------------------------------- cosmos_qa
S("cosmos_qa", "Cosmos QA: commonsense reading comprehension", "context, question, options_, answer",
  zs=[
    "{context}\n\n{question}\n\n{options_}",
    "Read the passage and answer the question.\n\n{context}\n\nQuestion: {question}\n{options_}",
    "Context: {context}\n\nQ: {question}\n\nPick the most sensible answer.\n{options_}",
    "{context}\n\nBased on the story, {question}\n\n{options_}",
    "Here is a short text:\n{context}\n\nNow answer: {question}\n{options_}",
    "{question}\n\nUse this passage and common sense:\n{context}\n\n{options_}",
    ("{context}\n\nWrite a question about the text above that needs some common sense to answer.", "{question}"),
  ],
  fs=[
    FS("{context}\nQ: {question}\n{options_}", tp="A: ", xy="\n"),
    FS("Passage: {context}\nQuestion: {question}\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{context}\n\n{question}\n\n{options_}"),
  ])

# ---------------------------------------------------------------- openbookqa
S("openbookqa", "OpenBookQA: science question with a supporting fact", "fact, question, options_, answer",
  zs=[
    "Fact: {fact}\n\nQuestion: {question}\n\n{options_}",
    "{fact}\n\nWith that in mind, {question}\n{options_}",
    "Use the fact to answer the question.\nFact: {fact}\n\n{question}\n\n{options_}",
    "{question}\n\nHint: {fact}\n\n{options_}",
    "Knowing that {fact}, which answer completes this? {question}\n{options_}",
    "Here is a piece of science: {fact}\n\nNow, {question}\n\n{options_}",
    ("Given the fact \"{fact}\", write a question whose answer is \"{answer}\".", "{question}"),
  ],
  fs=[
    FS("Fact: {fact}\nQ: {question}\n{options_}", tp="A: ", xy="\n"),
    FS("{fact}\n{question}\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{question} (Hint: {fact}) {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- piqa
S("piqa", "PIQA: choose the better way to reach a physical goal", "goal, options_, answer",
  zs=[
    "Goal: {goal}\n\nWhich way works better?\n\n{options_}",
    "How would you do this? {goal}\n{options_}",
    "{goal}\n\nPick the more sensible method.\n\n{options_}",
    "Here is something someone wants to do: {goal}\n\nChoose the solution that would actually work.\n{options_}",
    "Practical question: {goal}\n{options_}",
    "To achieve \"{goal}\", what should one do?\n\n{options_}",
    ("Write a practical goal that the following method achieves: {answer}", "{goal}"),
  ],
  fs=[
    FS("Goal: {goal}\n{options_}", tp="Solution: ", xy="\n"),
    FS("{goal}\n{options_}", xy="\n", sep="\n\n"),
    FS("How to: {goal} {options_}", tp="Best: ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- hellaswag
S("hellaswag", "HellaSwag: pick the most plausible continuation", "context, activity_label, options_, answer",
  zs=[
    "{context}\n\nWhat comes next?\n\n{options_}",
    "Topic: {activity_label}\n\n{context}\n\nHow does the text continue?\n{options_}",
    "Finish the passage in the most sensible way.\n\n{context}\n\n{options_}",
    "{context}\n\nWhich ending makes the most sense?\n{options_}",
    "Continue the description of \"{activity_label}\":\n{context}\n\n{options_}",
    "Choose the next sentence.\n{context}\n{options_}",
    ("Write the beginning of a description of \"{activity_label}\" that the ending below could follow.\n\nEnding: {answer}", "{context}"),
  ],
  fs=[
    FS("{context}\n{options_}", tp="Continuation: ", xy="\n"),
    FS("[{activity_label}] {context}\n{options_}", xy="\n", sep="\n\n"),
    FS("{context}\n\nWhat happens next?\n\n{options_}"),
  ])

# ---------------------------------------------------------------- story_cloze
S("story_cloze", "Story Cloze: choose the right ending of a four-sentence story", "context, options_, answer",
  zs=[
    "{context}\n\nHow does the story end?\n\n{options_}",
    "Story: {context}\n\nPick the best ending.\n{options_}",
    "Read the start of a story and choose how it continues.\n\n{context}\n\n{options_}",
    "{context}\n\nWhich sentence is the most fitting final line?\n{options_}",
    "Complete the story:\n{context} ___\n\n{options_}",
    "Here are the first four sentences of a story.\n{context}\n\nWhat is the fifth sentence?\n\n{options_}",
    ("Write the first four sentences of a story that ends with: {answer}", "{context}"),
  ],
  fs=[
    FS("{context}\n{options_}", tp="Ending: ", xy="\n"),
    FS("Story: {context}\nWhat happens next?\n{options_}", xy="\n", sep="\n\n"),
    FS("{context} ... {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- winogrande
S("winogrande", "WinoGrande: which option fills the blank (_) in the sentence?", "sentence, context, options_, answer",
  zs=[
    "{sentence}\n\nWho or what does the _ stand for?\n\n{options_}",
    "Fill in the blank.\n\n{sentence}\n\n{options_}",
    "Sentence: {sentence}\n\nWhich option best replaces the underscore?\n{options_}",
    "Choose the word that makes the sentence make sense: {sentence}\n{options_}",
    "{sentence}\n\nIn the sentence above, the blank refers to\n\n{options_}",
    "Complete this with the right option: {sentence}\n\n{options_}",
    ("Write a sentence with a blank (_) that should be filled by \"{answer}\".", "{sentence}"),
  ],
  fs=[
    FS("{sentence}\n{options_}", tp="_ = ", xy="\n"),
    FS("Fill in: {sentence}\n{options_}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{sentence} {options_}", tp="-> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- definite_pronoun_resolution
S("definite_pronoun_resolution", "which candidate does the pronoun refer to?", "sentence, pronoun, options_, answer",
  zs=[
    "{sentence}\n\nWho is \"{pronoun}\" in this sentence?\n\n{options_}",
    "Sentence: {sentence}\nPronoun: {pronoun}\n\nWhich candidate does the pronoun refer to?\n{options_}",
    "In \"{sentence}\", what does the word \"{pronoun}\" point to?\n{options_}",
    "Resolve the pronoun \"{pronoun}\".\n\n{sentence}\n\n{options_}",
    "{sentence}\n\nHere, \"{pronoun}\" means\n{options_}",
    "Read the sentence and tell me who \"{pronoun}\" refers to.\n{sentence}\n\n{options_}",
  ],
  fs=[
    FS("{sentence}\n\"{pronoun}\" refers to:\n{options_}", xy="\n"),
    FS("Sentence: {sentence}\nPronoun: {pronoun}\n{options_}", tp="Referent: ", xy="\n", sep="\n\n"),
    FS("{sentence} [{pronoun}?] {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- unified_qa_science_inst
S("unified_qa_science_inst", "middle-school science multiple choice (UnifiedQA ai2_science_middle)", "question, options_, answer",
  zs=[
    "{question}\n\n{options_}",
    "Answer the science question below.\n\n{question}\n{options_}",
    "Question: {question}\n\nChoose one answer.\n\n{options_}",
    "{question}\nWhich of these is correct?\n{options_}",
    "Middle-school science: {question}\n\n{options_}",
    "Here is a quiz question. {question}\n\nPick the right option.\n{options_}",
    ("Write a middle-school science question whose answer is \"{answer}\".", "{question}"),
  ],
  fs=[
    FS("{question}\n{options_}", tp="Answer: ", xy="\n"),
    FS("Q: {question}\n{options_}", tp="A: ", xy="\n", sep="\n\n"),
    FS("Science question: {question}\n\n{options_}"),
  ])

# ---------------------------------------------------------------- natural_questions
S("natural_questions", "open-domain question answering (Natural Questions)", "question, answer",
  zs=[
    "{question}",
    "Answer this question: {question}",
    "Question: {question}\nAnswer:",
    "Please tell me: {question}",
    "I have a question. {question}\n\nWhat is the answer?",
    "Give a short answer.\n\n{question}",
    "What is the answer to the following question?\n{question}",
    "Quick question: {question}",
    ("Write a question that someone might type into a search engine whose answer is \"{answer}\".", "{question}"),
  ],
  fs=[
    FS("{question}", ip="Q: ", tp="A: ", xy="\n"),
    FS("Question: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{question}"),
    FS("Answer: {answer}\nWrite the question.", "{question}", mix=False),
  ])

# ---------------------------------------------------------------- trivia_qa
S("trivia_qa", "trivia question answering", "question, answer",
  zs=[
    "{question}",
    "Trivia question: {question}\nAnswer:",
    "Answer the following trivia question.\n\n{question}",
    "Here's a quiz question for you: {question}",
    "{question}\n\nWhat is the answer?",
    "Pub quiz time! {question}",
    "Can you answer this? {question}",
    "Question: {question}\n\nGive the answer in a few words.",
    ("Write a trivia question whose answer is \"{answer}\".", "{question}"),
  ],
  fs=[
    FS("{question}", ip="Q: ", tp="A: ", xy="\n"),
    FS("Trivia: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{question}"),
  ])

# ---------------------------------------------------------------- squad_v1
S("squad_v1", "SQuAD 1.1: extractive question answering", "title, context, question, answer",
  zs=[
    "{context}\n\nQuestion: {question}",
    "Read this passage about {title} and answer the question.\n\n{context}\n\n{question}",
    "Title: {title}\n\n{context}\n\nQ: {question}\nA:",
    "{question}\n\nThe answer is in this text:\n{context}",
    "Here is an article on {title}:\n{context}\n\nUsing a phrase from the article, answer: {question}",
    "Passage: {context}\n\nAnswer with words taken from the passage. {question}",
    "{context}\n\nWhat is the answer to \"{question}\"?",
    ("{context}\n\nWrite a question about the passage whose answer is \"{answer}\".", "{question}"),
    ("Write a paragraph about {title}.", "{context}"),
  ],
  fs=[
    FS("{context}\n\nQ: {question}", tp="A: ", xy="\n"),
    FS("Title: {title}\nPassage: {context}\nQuestion: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{context}\n\n{question}"),
    FS("Read the passage and ask a question about it.\n\n{context}", "{question}", mix=False),
  ])

# ---------------------------------------------------------------- squad_v2
S("squad_v2", "SQuAD 2.0: extractive QA that may be unanswerable", "title, context, question, answer",
  zs=[
    "{context}\n\nQuestion: {question} (If the passage does not say, answer \"unanswerable\".)",
    "Read about {title}:\n{context}\n\nAnswer the question if the text allows it: {question}",
    "Title: {title}\n\n{context}\n\nQ: {question}\nA:",
    "{question}\n\nFind the answer in the text below, or say it is unanswerable.\n\n{context}",
    "Passage: {context}\n\nCan this be answered from the passage? If so, answer it: {question}",
    "{context}\n\n{question}",
    ("{context}\n\nWrite a question about {title} that the passage above answers with \"{answer}\".", "{question}"),
  ],
  fs=[
    FS("{context}\n\nQ: {question}", tp="A: ", xy="\n"),
    FS("Title: {title}\nPassage: {context}\nQuestion: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{context}\n\n{question}"),
  ])

# ---------------------------------------------------------------- drop
S("drop", "DROP: reading comprehension with discrete reasoning", "context, question, answer",
  zs=[
    "{context}\n\nQuestion: {question}",
    "Read the passage and work out the answer.\n\n{context}\n\n{question}",
    "Passage: {context}\n\nQ: {question}\nA:",
    "{question}\n\nThe information you need is here:\n{context}",
    "Answer using the text; you may need to count, add or compare numbers.\n\n{context}\n\n{question}",
    "{context}\n\nBased on the passage, {question}",
    ("{context}\n\nWrite a question about the passage that requires counting or arithmetic to answer.", "{question}"),
  ],
  fs=[
    FS("{context}\n\nQ: {question}", tp="A: ", xy="\n"),
    FS("Passage: {context}\nQuestion: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{context}\n\n{question}"),
  ])

# ---------------------------------------------------------------- quac
S("quac", "QuAC: question answering about a section of a Wikipedia article", "title, background, context, question, answer",
  zs=[
    "{title}\n\n{background}\n\n{context}\n\nQuestion: {question}",
    "Background: {background}\n\nSection text: {context}\n\nAnswer the question using a span of the text: {question}",
    "Article: {title}\n{context}\n\nQ: {question}\nA:",
    "{context}\n\nAbout {title}: {question}",
    "Read this part of an article about {title}.\n\n{context}\n\nNow answer: {question}",
    "{question}\n\nContext:\n{background}\n{context}",
    ("{title}\n\n{context}\n\nWrite a question about the text above whose answer is: {answer}", "{question}"),
  ],
  fs=[
    FS("{title}\n{context}\nQ: {question}", tp="A: ", xy="\n"),
    FS("Background: {background}\nText: {context}\nQuestion: {question}", tp="Answer: ", xy="\n", sep="\n\n"),
    FS("{context}\n\n{question}"),
  ])

# ---------------------------------------------------------------- coqa
S("coqa", "CoQA: answer a numbered list of questions about a story", "text, numbered_questions, numbered_answers",
  zs=[
    ("{text}\n\nAnswer these questions in order:\n{numbered_questions}", "{numbered_answers}"),
    ("Story:\n{text}\n\nQuestions:\n{numbered_questions}\n\nNumbered answers:", "{numbered_answers}"),
    ("Read the text below, then answer each numbered question briefly.\n\n{text}\n\n{numbered_questions}", "{numbered_answers}"),
    ("{text}\n\nGive short answers to:\n{numbered_questions}", "{numbered_answers}"),
    ("Here is a passage followed by questions. Number your answers.\n\n{text}\n\n{numbered_questions}", "{numbered_answers}"),
    ("{text}\n\nWrite a numbered list of questions about the passage whose answers are:\n{numbered_answers}", "{numbered_questions}"),
  ],
  fs=[
    FS("{text}\n\n{numbered_questions}", "{numbered_answers}", tp="Answers:\n", xy="\n\n"),
    FS("Story: {text}\nQuestions:\n{numbered_questions}", "{numbered_answers}", xy="\n", sep="\n\n"),
    FS("{text}\n\nAnswer in order:\n{numbered_questions}", "{numbered_answers}"),
  ])

# ---------------------------------------------------------------- math_dataset
S("math_dataset", "solve a linear equation in one variable", "question, answer",
  zs=[
    "{question}",
    "Math problem: {question}\nAnswer:",
    "Solve this: {question}",
    "{question}\n\nWhat is the solution?",
    "Work out the value of the variable. {question}",
    "Here is an algebra exercise.\n{question}\n\nSolution:",
    "Find the answer to this equation: {question}",
    ("Write a linear equation in one variable whose solution is {answer}.", "{question}"),
  ],
  fs=[
    FS("{question}", tp="Answer: ", xy="\n"),
    FS("Problem: {question}", tp="Solution: ", xy="\n", sep="\n\n"),
    FS("{question}", ip="Q: ", tp="A: ", xy="\n", sep="\n\n"),
  ])

# ---------------------------------------------------------------- lambada
S("lambada", "LAMBADA: predict the last word of a passage", "sentence, answer",
  zs=[
    "{sentence}\n\nWhat is the word that ends this passage?",
    "Complete the last word of the text.\n\n{sentence} ___",
    "{sentence}...\n\nWhich word comes next?",
    "Read the passage and guess the final word.\n{sentence}",
    "Fill in the missing last word: {sentence}",
    "{sentence}\n\nNext word:",
    "Here is a story that stops one word early:\n\n{sentence}\n\nWhat is that word?",
  ],
  fs=[
    FS("{sentence}", tp="Last word: ", xy="\n"),
    FS("{sentence} ___", xy="\n", sep="\n\n"),
    FS("Text: {sentence}", tp="Next word: ", xy="\n", sep="\n\n"),
  ])
