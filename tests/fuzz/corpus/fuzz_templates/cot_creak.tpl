# cot_creak: claims about entities to verify with common sense (answer: yes or no)
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 2 in the template mix

zero_shot
    inputs  "{question} Explain your thinking, then choose."
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "{question}\nLet's check the claim step by step:"
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "Use common sense to judge this. {question}\nReasoning:"
    targets "{chain_of_thought} It follows that the answer is {answer}."

zero_shot
    inputs  "{question}\nFirst some reasoning, then the verdict:"
    targets "{chain_of_thought}\nResult: {answer}."

zero_shot
    inputs  "Consider the following.\n{question}\nMy thoughts:"
    targets "{chain_of_thought} All in all, the answer is {answer}."

zero_shot
    inputs  "Q: {question}\nA: Let me reason about the claim."
    targets "{chain_of_thought}\nThe answer, then, is {answer}."

zero_shot
    inputs  "{question} Think it over before answering:"
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

zero_shot
    inputs  "Fact-check with your own knowledge: {question}\nWalkthrough:"
    targets "{chain_of_thought}\nPutting it together, the answer is {answer}."

zero_shot
    inputs  "{question}\nReason carefully, then pick yes or no."
    targets "{chain_of_thought} Final result: {answer}."

zero_shot
    inputs  "Here is a claim to evaluate: {question}\nThought process:"
    targets "{chain_of_thought} Hence, the answer is {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nConclusion: {answer}."
    inputs_prefix     "Question: "
    targets_prefix    "Explanation: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Check the claim.\n{question}"
    targets           "{chain_of_thought} My answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Let me think. "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nResult: {answer}."
    inputs_prefix     "Input: "
    targets_prefix    "Thoughts: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "Claim check: {question}"
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
    inputs            "{question}\nJustify the verdict."
    targets           "{chain_of_thought} All in all, {answer}."
    inputs_prefix     ""
    targets_prefix    "Worked answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Check the claim.\n{question}"
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
    inputs            "Claim check: {question}"
    targets           "{chain_of_thought}\nSo: {answer}."
    inputs_prefix     ""
    targets_prefix    "Chain of reasoning:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{question}\nJustify the verdict."
    targets           "{chain_of_thought} Thus {answer}."
    inputs_prefix     "Task: "
    targets_prefix    "Reasoned answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
