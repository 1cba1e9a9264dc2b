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
    targets           "{chain_of_thought}\nHence, the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Step-by-step reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} The answer: {answer}."
    inputs_prefix     "Q: "
    targets_prefix    "A: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nAnswer: {answer}."
    inputs_prefix     ""
    targets_prefix    "Reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nWhy that option?"
    targets           "{chain_of_thought} Therefore, {answer}."
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nConclusion: {answer}."
    inputs_prefix     "Question: "
    targets_prefix    "Explanation: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Common sense question.\n{question}"
    targets           "{chain_of_thought} My answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Let me think. "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nResult: {answer}."
    inputs_prefix     "Input: "
    targets_prefix    "Thoughts: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nFinal answer: {answer}."
    inputs_prefix     ""
    targets_prefix    "Working: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} So it is {answer}."
    inputs_prefix     "Student asks: "
    targets_prefix    "Teacher explains: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nWhy that option?"
    targets           "{chain_of_thought} All in all, {answer}."
    inputs_prefix     ""
    targets_prefix    "Worked answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
