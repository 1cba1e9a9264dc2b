# stream_qed: questions over a passage, stream-of-consciousness rationales (data file not in the snapshot)
# fields: question, answer, chain_of_thought (from the FLAN CoT TSV; backslash-n already turned into newlines)
# 15 zero-shot templates (question + a trigger -> rationale + an answer sentence), 10 x_shot patterns, 2 in the template mix

zero_shot
    inputs  "{question} Thinking out loud:"
    targets "{chain_of_thought}\nResult: {answer}."

zero_shot
    inputs  "{question}\nLet me find the relevant part of the passage:"
    targets "{chain_of_thought} All in all, the answer is {answer}."

zero_shot
    inputs  "Q: {question}\nA: Quick thoughts first."
    targets "{chain_of_thought}\nThe answer, then, is {answer}."

zero_shot
    inputs  "Read the passage and answer. {question}"
    targets "{chain_of_thought} We can conclude that the answer is {answer}."

zero_shot
    inputs  "{question} Some notes before answering:"
    targets "{chain_of_thought}\nPutting it together, the answer is {answer}."

zero_shot
    inputs  "{question}\nWhere does the passage say it?"
    targets "{chain_of_thought} Final result: {answer}."

zero_shot
    inputs  "Answer based on the text, thinking aloud. {question}"
    targets "{chain_of_thought} Hence, the answer is {answer}."

zero_shot
    inputs  "{question}\nMy train of thought:"
    targets "{chain_of_thought}\nAnswer: {answer}."

zero_shot
    inputs  "Student: {question}\nTeacher: Let's look at the text together."
    targets "{chain_of_thought} That makes the answer {answer}."

zero_shot
    inputs  "{question} Stream of thinking:"
    targets "{chain_of_thought}\nIn conclusion, the answer is {answer}."

zero_shot
    inputs  "Here is a reading question: {question}\nThoughts:"
    targets "{chain_of_thought} My final answer: {answer}."

zero_shot
    inputs  "{question}\nLet me scan the text first:"
    targets "{chain_of_thought}\nConclusion: {answer}."

zero_shot
    inputs  "{question} Point to the evidence, then answer."
    targets "{chain_of_thought} This gives the answer {answer}."

zero_shot
    inputs  "Using the passage, answer the question. {question}\nReasoning:"
    targets "{chain_of_thought}\nHence, the final answer is {answer}."

zero_shot
    inputs  "{question}\nOk, thinking it over:"
    targets "{chain_of_thought} It follows that the answer is {answer}."

# few-shot patterns (x_shot uses all; fs_mix only those with in_template_mix true)
few_shot
    inputs            "{question}"
    targets           "{chain_of_thought}\nDecision: {answer}."
    inputs_prefix     "Asked: "
    targets_prefix    "Thinking aloud: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "Question: {question}"
    targets           "{chain_of_thought}\nAnswer given: {answer}."
    inputs_prefix     ""
    targets_prefix    "Notes: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\nFind the evidence."
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
    inputs            "Reading question.\n{question}"
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
    inputs            "{question}\nFind the evidence."
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
    inputs            "Reading question.\n{question}"
    targets           "{chain_of_thought} My answer is {answer}."
    inputs_prefix     ""
    targets_prefix    "Let me think. "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
