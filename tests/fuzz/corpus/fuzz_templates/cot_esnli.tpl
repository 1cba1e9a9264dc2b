# cot_esnli: natural language inference with explanations (data file not in the snapshot)
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 3 in the template mix

zero_shot
    inputs  "{question} Reason about it step by step."
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

zero_shot
    inputs  "{question}\nLet's analyse the two sentences first:"
    targets "{chain_of_thought}\nPutting it together, the answer is {answer}."

zero_shot
    inputs  "Think about what the premise says. {question}\nReasoning:"
    targets "{chain_of_thought} Final result: {answer}."

zero_shot
    inputs  "{question}\nCompare the statements, then answer:"
    targets "{chain_of_thought} Hence, the answer is {answer}."

zero_shot
    inputs  "Q: {question}\nA: Let me look at what is and is not stated."
    targets "{chain_of_thought}\nAnswer: {answer}."

zero_shot
    inputs  "{question} Explain before answering:"
    targets "{chain_of_thought} That makes the answer {answer}."

zero_shot
    inputs  "Natural language inference: {question}\nThought process:"
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "{question}\nWork it out carefully:"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "Decide with a short explanation. {question}"
    targets "{chain_of_thought}\nConclusion: {answer}."

zero_shot
    inputs  "Here is an inference question: {question}\nMy reasoning:"
    targets "{chain_of_thought} This gives the answer {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} So it is {answer}."
    inputs_prefix     "Student asks: "
    targets_prefix    "Teacher explains: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\nExplain the relation."
    targets           "{chain_of_thought} All in all, {answer}."
    inputs_prefix     ""
    targets_prefix    "Worked answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Inference question.\n{question}"
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
    in_template_mix   false

few_shot
    inputs            "Premise and hypothesis: {question}"
    targets           "{chain_of_thought}\nSo: {answer}."
    inputs_prefix     ""
    targets_prefix    "Chain of reasoning:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nExplain the relation."
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
    inputs            "Inference question.\n{question}"
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
    inputs            "Premise and hypothesis: {question}"
    targets           "{chain_of_thought}\nAnswer given: {answer}."
    inputs_prefix     ""
    targets_prefix    "Notes: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   false
