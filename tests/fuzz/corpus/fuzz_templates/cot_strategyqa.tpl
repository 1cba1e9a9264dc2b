# cot_strategyqa: yes/no questions that need several facts combined (answer: yes or no)
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 3 in the template mix

zero_shot
    inputs  "{question} Reason it out before saying yes or no."
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "Question: {question}\nFacts and reasoning:"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "{question}\nLet's recall what we know first:"
    targets "{chain_of_thought}\nConclusion: {answer}."

zero_shot
    inputs  "Think about the relevant facts, then answer yes or no. {question}"
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "Q: {question}\nReasoning first:"
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "{question} Some background thinking before the answer:"
    targets "{chain_of_thought} It follows that the answer is {answer}."

zero_shot
    inputs  "Here is a question that needs a few facts put together: {question}\nThinking:"
    targets "{chain_of_thought}\nResult: {answer}."

zero_shot
    inputs  "Friend: {question}\nMe: Let me think about what I know."
    targets "{chain_of_thought} All in all, the answer is {answer}."

zero_shot
    inputs  "{question}\nBreak it down, then answer:"
    targets "{chain_of_thought}\nThe answer, then, is {answer}."

zero_shot
    inputs  "Answer with reasoning: {question}"
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nAnswer: {answer}."
    inputs_prefix     ""
    targets_prefix    "Reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\nExplain before answering."
    targets           "{chain_of_thought} Therefore, {answer}."
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nConclusion: {answer}."
    inputs_prefix     "Question: "
    targets_prefix    "Explanation: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Yes or no? {question}"
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
    inputs            "{question}\nExplain before answering."
    targets           "{chain_of_thought} All in all, {answer}."
    inputs_prefix     ""
    targets_prefix    "Worked answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Yes or no? {question}"
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
