# stream_aqua: algebra word problems with lettered options, stream-of-consciousness rationales (answer like (C))
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 15 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 2 in the template mix

zero_shot
    inputs  "{question} Work it out quickly, then pick an option."
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "{question}\nThinking out loud:"
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "Q: {question}\nA: Quick reasoning:"
    targets "{chain_of_thought} It follows that the answer is {answer}."

zero_shot
    inputs  "Solve and choose the right option.\n{question}"
    targets "{chain_of_thought}\nResult: {answer}."

zero_shot
    inputs  "{question} Some rough working first:"
    targets "{chain_of_thought} All in all, the answer is {answer}."

zero_shot
    inputs  "Maths problem with options: {question}\nScratch work:"
    targets "{chain_of_thought}\nThe answer, then, is {answer}."

zero_shot
    inputs  "{question}\nLet me jot down my working:"
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

zero_shot
    inputs  "Student: {question}\nTeacher: Here is one way to get it:"
    targets "{chain_of_thought}\nPutting it together, the answer is {answer}."

zero_shot
    inputs  "{question} Calculate, then answer."
    targets "{chain_of_thought} Final result: {answer}."

zero_shot
    inputs  "Answer the question, showing the working briefly. {question}"
    targets "{chain_of_thought} Hence, the answer is {answer}."

zero_shot
    inputs  "{question}\nHmm, let me work through this:"
    targets "{chain_of_thought}\nAnswer: {answer}."

zero_shot
    inputs  "Here is a multiple-choice maths question: {question}\nMy working:"
    targets "{chain_of_thought} That makes the answer {answer}."

zero_shot
    inputs  "{question} Rough calculation:"
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "Pick the correct option after solving. {question}\nSolution:"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "Quick maths: {question}\nWorking:"
    targets "{chain_of_thought}\nConclusion: {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nThe result is {answer}."
    inputs_prefix     "Puzzle: "
    targets_prefix    "Walkthrough: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Maths question with options.\n{question}"
    targets           "{chain_of_thought} Then the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Explanation first. "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nDecision: {answer}."
    inputs_prefix     "Asked: "
    targets_prefix    "Thinking aloud: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nAnswer given: {answer}."
    inputs_prefix     ""
    targets_prefix    "Notes: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nRough working, then the letter."
    targets           "{chain_of_thought} Which means {answer}."
    inputs_prefix     "Q) "
    targets_prefix    "A) "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nIn short, {answer}."
    inputs_prefix     "Homework: "
    targets_prefix    "Tutor's reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Maths question with options.\n{question}"
    targets           "{chain_of_thought}\nHence, the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Step-by-step reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} The answer: {answer}."
    inputs_prefix     "Q: "
    targets_prefix    "A: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nAnswer: {answer}."
    inputs_prefix     ""
    targets_prefix    "Reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nRough working, then the letter."
    targets           "{chain_of_thought} Therefore, {answer}."
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
