# t0_multiple_choice_separated_options: P3 prompts whose answer choices are not shown in the prompt; flanmix appends them
# fields: question (the P3 prompt), options_ (rendered answer_choices), answer

zero_shot
    inputs  "{question}\n\n{options_}"
    targets "{answer}"

zero_shot
    inputs  "{question}\n{options_}\nYour choice:"
    targets "{answer}"

zero_shot
    inputs  "Pick the best response to the prompt.\n\n{question}\n\n{options_}"
    targets "{answer}"

zero_shot
    inputs  "Prompt: {question}\n\n{options_}\n\nSelected answer:"
    targets "{answer}"

zero_shot
    inputs  "{question}\n\nGive the answer that fits best.\n{options_}"
    targets "{answer}"

zero_shot
    inputs  "Give the correct answer.\n{question}\n{options_}"
    targets "{answer}"

zero_shot
    inputs  "{question}\n\n{options_}\nAnswer:"
    targets "{answer}"

zero_shot
    inputs  "Q: {question}\n\n{options_}\nA:"
    targets "{answer}"

zero_shot
    inputs  "Here is a question: {question}\n\n{options_}\n\nThe right answer is"
    targets "{answer}"

zero_shot
    inputs  "{question}\n\nYour answer?\n{options_}"
    targets "{answer}"

# few-shot patterns
few_shot
    inputs            "{question}\n{options_}"
    targets           "{answer}"
    inputs_prefix     "Question: "
    targets_prefix    "Answer: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\n\n{options_}"
    targets           "{answer}"
    inputs_prefix     ""
    targets_prefix    "Choice: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\n{options_}"
    targets           "{answer}"
    inputs_prefix     "Prompt: "
    targets_prefix    "Selected: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question} ({options_})"
    targets           "{answer}"
    inputs_prefix     "Q: "
    targets_prefix    "A: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\n\n{options_}"
    targets           "{answer}"
    inputs_prefix     "Item: "
    targets_prefix    "Correct option: "
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\n{options_}"
    targets           "{answer}"
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\n{options_}"
    targets           "{answer}"
    inputs_prefix     "Problem: "
    targets_prefix    "Pick: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question} | {options_}"
    targets           "{answer}"
    inputs_prefix     "Input: "
    targets_prefix    "Output: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "{question}\n\n{options_}"
    targets           "{answer}"
    inputs_prefix     "Task:\n"
    targets_prefix    "Answer:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true

few_shot
    inputs            "Write a prompt whose correct answer is \"{answer}\" ({options_})"
    targets           "{question}"
    inputs_prefix     ""
    targets_prefix    "Prompt: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   false
