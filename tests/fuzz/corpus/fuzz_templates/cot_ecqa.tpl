# cot_ecqa: commonsense multiple choice (answer: the option text)
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 2 in the template mix

zero_shot
    inputs  "{question} Use common sense and explain your choice."
    targets "{chain_of_thought} Hence, the answer is {answer}."

zero_shot
    inputs  "{question}\nLet's think about each option:"
    targets "{chain_of_thought}\nAnswer: {answer}."

zero_shot
    inputs  "Q: {question}\nA: Some reasoning first."
    targets "{chain_of_thought} That makes the answer {answer}."

zero_shot
    inputs  "Think about everyday situations. {question}\nReasoning:"
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "{question}\nExplain the choice before giving it:"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "Here is a commonsense question: {question}\nThought process:"
    targets "{chain_of_thought}\nConclusion: {answer}."

zero_shot
    inputs  "{question} Consider the options carefully, then answer:"
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "Student: {question}\nTeacher: Let's reason it through."
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "{question}\nMy reasoning goes like this:"
    targets "{chain_of_thought} It follows that the answer is {answer}."

zero_shot
    inputs  "Pick the best option and say why. {question}"
    targets "{chain_of_thought}\nResult: {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "Common sense question.\n{question}"
    targets           "{chain_of_thought}\nThat gives {answer}."
    inputs_prefix     "Exercise. "
    targets_prefix    "Solution sketch: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} Answer: {answer}."
    inputs_prefix     "[Q] "
    targets_prefix    "[A] "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nSo: {answer}."
    inputs_prefix     ""
    targets_prefix    "Chain of reasoning:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nWhy that option?"
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
    inputs            "Common sense question.\n{question}"
    targets           "{chain_of_thought} Then the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Explanation first. "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

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
    inputs            "{question}\nWhy that option?"
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
