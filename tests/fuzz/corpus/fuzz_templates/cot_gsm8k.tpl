# cot_gsm8k: grade-school maths word problems (answer: a number)
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 10 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 3 in the template mix

zero_shot
    inputs  "{question} Work through it step by step before answering."
    targets "{chain_of_thought} Hence, the answer is {answer}."

zero_shot
    inputs  "Solve this maths word problem and show your work.\n{question}"
    targets "{chain_of_thought}\nAnswer: {answer}."

zero_shot
    inputs  "{question}\nLet's calculate carefully:"
    targets "{chain_of_thought} That makes the answer {answer}."

zero_shot
    inputs  "Problem: {question}\nWorked solution:"
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "Explain each step, then give the final number. {question}"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "Q: {question}\nA: Let me work this out step by step."
    targets "{chain_of_thought}\nConclusion: {answer}."

zero_shot
    inputs  "{question}\nShow the arithmetic, then answer."
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "Here is a word problem: {question}\nSolution with reasoning:"
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "Student: {question}\nTutor: Let's break the problem into steps."
    targets "{chain_of_thought} It follows that the answer is {answer}."

zero_shot
    inputs  "{question} Think about the numbers first, then answer:"
    targets "{chain_of_thought}\nResult: {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "Solve the word problem.\n{question}"
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
    inputs            "Problem: {question}"
    targets           "{chain_of_thought}\nAnswer: {answer}."
    inputs_prefix     ""
    targets_prefix    "Reasoning: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\nShow your working."
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
    inputs            "Solve the word problem.\n{question}"
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
    inputs            "Problem: {question}"
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
    inputs            "{question}\nShow your working."
    targets           "{chain_of_thought} All in all, {answer}."
    inputs_prefix     ""
    targets_prefix    "Worked answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
