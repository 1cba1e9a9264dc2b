# cot_qasc: science multiple choice, two facts combined (answer like (D))
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 2 in the template mix

zero_shot
    inputs  "{question}\nLet's reason from the facts we know:"
    targets "{chain_of_thought}\nResult: {answer}."

zero_shot
    inputs  "Science question: {question}\nExplain, then choose a letter."
    targets "{chain_of_thought} All in all, the answer is {answer}."

zero_shot
    inputs  "{question} Think about which facts connect, then answer."
    targets "{chain_of_thought}\nThe answer, then, is {answer}."

zero_shot
    inputs  "Q: {question}\nA: Let me combine two facts first."
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

zero_shot
    inputs  "Use your science knowledge. {question}\nReasoning:"
    targets "{chain_of_thought}\nPutting it together, the answer is {answer}."

zero_shot
    inputs  "{question}\nChain the facts together before answering:"
    targets "{chain_of_thought} Final result: {answer}."

zero_shot
    inputs  "Here is a multiple-choice question: {question}\nStep-by-step thinking:"
    targets "{chain_of_thought} Hence, the answer is {answer}."

zero_shot
    inputs  "{question} Work it out first:"
    targets "{chain_of_thought}\nAnswer: {answer}."

zero_shot
    inputs  "Pick the right option and explain why. {question}"
    targets "{chain_of_thought} That makes the answer {answer}."

zero_shot
    inputs  "{question}\nWhat do we know that helps here?"
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nResult: {answer}."
    inputs_prefix     "Input: "
    targets_prefix    "Thoughts: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nFinal answer: {answer}."
    inputs_prefix     ""
    targets_prefix    "Working: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} So it is {answer}."
    inputs_prefix     "Student asks: "
    targets_prefix    "Teacher explains: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nCombine the facts."
    targets           "{chain_of_thought} All in all, {answer}."
    inputs_prefix     ""
    targets_prefix    "Worked answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Science quiz.\n{question}"
    targets           "{chain_of_thought}\nThat gives {answer}."
    inputs_prefix     "Exercise. "
    targets_prefix    "Solution sketch: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} Answer: {answer}."
    inputs_prefix     "[Q] "
    targets_prefix    "[A] "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nSo: {answer}."
    inputs_prefix     ""
    targets_prefix    "Chain of reasoning:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nCombine the facts."
    targets           "{chain_of_thought} Thus {answer}."
    inputs_prefix     "Task: "
    targets_prefix    "Reasoned answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nThe result is {answer}."
    inputs_prefix     "Puzzle: "
    targets_prefix    "Walkthrough: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Science quiz.\n{question}"
    targets           "{chain_of_thought} Then the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Explanation first. "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
