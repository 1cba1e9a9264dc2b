# cot_ii_aqua: CoT input inversion for stream_aqua (task stream_input_inversion_aqua): from the reasoning and the answer, write the question
# fields: question, answer, chain_of_thought; targets contain the question
# 18 zero-shot templates shared by all nine inversion sets, 10 dataset-specific x_shot patterns

zero_shot
    inputs  "Here is a line of reasoning and its conclusion. What question was being answered?\nReasoning: {chain_of_thought}\nConclusion: {answer}"
    targets "{question}"

zero_shot
    inputs  "Reconstruct the question from this explanation and answer.\n{chain_of_thought}\nAnswer: {answer}"
    targets "Question: {question}"

zero_shot
    inputs  "{chain_of_thought}\nThis reasoning leads to \"{answer}\". What was the question?"
    targets "{question}"

zero_shot
    inputs  "Work backwards: the answer is {answer}, reached like this: {chain_of_thought}\nWhat question fits?"
    targets "The question: {question}"

zero_shot
    inputs  "Reasoning: {chain_of_thought}\nAnswer: {answer}\nWrite the question."
    targets "{question}"

zero_shot
    inputs  "What question would this explanation answer? {chain_of_thought} Hence, {answer}."
    targets "Q: {question}"

zero_shot
    inputs  "Someone reasoned like this: {chain_of_thought}\nThey concluded: {answer}\nWhat were they asked?"
    targets "They were asked: {question}"

zero_shot
    inputs  "Come up with the question for this rationale and answer.\nRationale: {chain_of_thought}\nAnswer: {answer}"
    targets "Question: {question}"

zero_shot
    inputs  "{chain_of_thought}\nFinal answer: {answer}\nNow guess the question."
    targets "{question}"

zero_shot
    inputs  "Given the explanation and answer below, produce the original question.\nExplanation: {chain_of_thought}\nAnswer: {answer}"
    targets "Original question: {question}"

zero_shot
    inputs  "Answer: {answer}\nWhy: {chain_of_thought}\nWhat is the question?"
    targets "{question}"

zero_shot
    inputs  "Invert this: the reasoning \"{chain_of_thought}\" ends with the answer {answer}. State the question it solves."
    targets "{question}"

zero_shot
    inputs  "Think of a question whose step-by-step solution is below.\n{chain_of_thought}\nResult: {answer}"
    targets "The question is: {question}"

zero_shot
    inputs  "Teacher's solution: {chain_of_thought}\nTeacher's answer: {answer}\nWhat was the student's question?"
    targets "Student's question: {question}"

zero_shot
    inputs  "Rationale first, answer second, question missing.\n{chain_of_thought}\n{answer}\nFill in the question."
    targets "{question}"

zero_shot
    inputs  "Infer the question.\nThought process: {chain_of_thought}\nOutcome: {answer}"
    targets "Question: {question}"

zero_shot
    inputs  "This is an explanation together with its answer ({answer}): {chain_of_thought}\nWhich question does it address?"
    targets "{question}"

zero_shot
    inputs  "Write a question that could be answered by this reasoning.\n\n{chain_of_thought}\n\nAnswer: {answer}"
    targets "{question}"

# few-shot patterns
few_shot
    inputs            "Working: {chain_of_thought}\nAnswer: {answer}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "The maths question with options: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{chain_of_thought} The answer is {answer}."
    targets           "{question}"
    inputs_prefix     "Reasoning and answer: "
    targets_prefix    "Question: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Answer: {answer}\nExplanation: {chain_of_thought}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "Which maths question with options is this? "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{chain_of_thought}\n=> {answer}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "Q: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Write the maths question with options for this reasoning. {chain_of_thought} Answer: {answer}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{chain_of_thought}\nAnswer: {answer}"
    targets           "{question}"
    inputs_prefix     "Rationale:\n"
    targets_prefix    "Original question:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot
    inputs            "{answer} -- because {chain_of_thought}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "Asked: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "Reasoning: {chain_of_thought} | Answer: {answer}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "Reconstructed maths question with options: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{chain_of_thought}\nConclusion: {answer}"
    targets           "{question}"
    inputs_prefix     "Given this:\n"
    targets_prefix    "the question was: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false

few_shot
    inputs            "{answer}\n{chain_of_thought}"
    targets           "{question}"
    inputs_prefix     "Answer and reasoning:\n"
    targets_prefix    "Question:\n"
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   false
