# cot_sensemaking: which of two sentences goes against common sense (answer like Sentence A); questions end with a newline
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 3 in the template mix

zero_shot
    inputs  "{question}Explain your choice, then give it."
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "{question}Let's reason about each sentence:"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "Read both sentences carefully.\n{question}Reasoning:"
    targets "{chain_of_thought}\nConclusion: {answer}."

zero_shot
    inputs  "{question}Thinking it through:"
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "Q: {question}A: Let me check each sentence."
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "{question}Use common sense and explain:"
    targets "{chain_of_thought} It follows that the answer is {answer}."

zero_shot
    inputs  "Common sense check.\n{question}Step by step:"
    targets "{chain_of_thought}\nResult: {answer}."

zero_shot
    inputs  "{question}Let me think about it before answering."
    targets "{chain_of_thought} All in all, the answer is {answer}."

zero_shot
    inputs  "Here is a question about everyday sense: {question}My thoughts:"
    targets "{chain_of_thought}\nThe answer, then, is {answer}."

zero_shot
    inputs  "{question}First the reasoning, then the answer:"
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nSo: {answer}."
    inputs_prefix     ""
    targets_prefix    "Chain of reasoning:\n"
    x_y_delimiter     ""
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}Explain."
    targets           "{chain_of_thought} Thus {answer}."
    inputs_prefix     "Task: "
    targets_prefix    "Reasoned answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nThe result is {answer}."
    inputs_prefix     "Puzzle: "
    targets_prefix    "Walkthrough: "
    x_y_delimiter     ""
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Sense check.\n{question}"
    targets           "{chain_of_thought} Then the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Explanation first. "
    x_y_delimiter     ""
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nDecision: {answer}."
    inputs_prefix     "Asked: "
    targets_prefix    "Thinking aloud: "
    x_y_delimiter     ""
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
    inputs            "{question}Explain."
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
    x_y_delimiter     ""
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Sense check.\n{question}"
    targets           "{chain_of_thought}\nHence, the answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Step-by-step reasoning: "
    x_y_delimiter     ""
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought} The answer: {answer}."
    inputs_prefix     "Q: "
    targets_prefix    "A: "
    x_y_delimiter     ""
    example_separator "\n\n"
    in_template_mix   false
