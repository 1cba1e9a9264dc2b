# rte: imported from FLAN's flan/v2/templates.py by flanmix import-flan

zero_shot
    inputs  "{premise}\n\nDoes this mean \"{hypothesis}\"?\n\n{options_}"
    targets "{answer}"

zero_shot
    inputs  "Text: {premise} {options_}\nClaim: {hypothesis}"
    targets "{answer}"

zero_shot_no_options
    inputs  "{premise}\n\nCan we say that \"{hypothesis}\"?"
    targets "{answer}"

zero_shot_no_options
    inputs  "{premise}\nIs \"{hypothesis}\" true?"
    targets "{answer}"

few_shot
    inputs            "{premise}\nClaim: {hypothesis} ({options_})"
    targets           "{answer}"
    inputs_prefix     ""
    targets_prefix    "Verdict: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot
    inputs            "Write a claim about: {premise}"
    targets           "{hypothesis}"
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   false

few_shot_no_options
    inputs            "{premise}\nClaim: {hypothesis}"
    targets           "{answer}"
    inputs_prefix     ""
    targets_prefix    "Verdict: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    in_template_mix   true

few_shot_no_options
    inputs            "Write a claim about: {premise}"
    targets           "{hypothesis}"
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    in_template_mix   false
