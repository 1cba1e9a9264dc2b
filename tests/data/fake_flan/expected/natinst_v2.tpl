# natinst_v2: imported from FLAN's flan/v2/templates.py by flanmix import-flan

zero_shot
    inputs  "{Definition}\n\n{input}"
    targets "{output}"

zero_shot_no_options
    inputs  "{Definition}\n\n{input}"
    targets "{output}"

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "In:\n"
    targets_prefix    "Out: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true
    input_pattern     "{Definition}\n\n{_prompt}"

few_shot_no_options
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "In:\n"
    targets_prefix    "Out: "
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    in_template_mix   true
    input_pattern     "{Definition}\n\n{_prompt}"

inline_few_shot
    inputs  "{Definition}\nFor example: {ex_input} -> {ex_output} ({ex_explanation})\nNow: {input}"
    targets "{output}"
