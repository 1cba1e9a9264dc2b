# t0_question_answer: wrappers around a P3 prompt (T0-SF question-answer and multiple-choice tasks)
# fields: question (the P3 prompt, newlines turned into spaces), answer
# The P3 prompt is already a complete instruction, so these wrappers stay light.

zero_shot
    inputs  "{question}"
    targets "{answer}"

zero_shot
    inputs  "Question: {question}\nAnswer:"
    targets "{answer}"

zero_shot
    inputs  "Respond to the prompt below.\n\n{question}"
    targets "{answer}"

zero_shot
    inputs  "{question}\n\nWhat is the right response?"
    targets "{answer}"

zero_shot
    inputs  "Here is a task for you: {question}"
    targets "{answer}"

zero_shot
    inputs  "Input: {question}\nOutput:"
    targets "{answer}"

zero_shot
    inputs  "{question}\nYour reply:"
    targets "{answer}"

zero_shot
    inputs  "Read the request carefully and give the correct response.\n{question}"
    targets "{answer}"

zero_shot
    inputs  "Prompt: {question}\n\nResponse:"
    targets "{answer}"

zero_shot
    inputs  "I was handed this exercise: {question}\nWhat should I write?"
    targets "{answer}"

# few-shot patterns
few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Question: "
    targets_prefix    "Answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Input: "
    targets_prefix    "Output: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     ""
    targets_prefix    "Response: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Prompt: "
    targets_prefix    "Reply: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Task: "
    targets_prefix    "Solution: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Q: "
    targets_prefix    "A: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Problem:\n"
    targets_prefix    "Answer:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}"
    targets           "{answer}"
    inputs_prefix     "Request: "
    targets_prefix    "Result: "
    x_y_delimiter     " "
    example_separator "\n"
    in_template_mix   true

few_shot
    inputs            "Write the prompt that produces this response: {answer}"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "Prompt: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
