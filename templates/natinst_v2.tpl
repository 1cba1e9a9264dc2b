# natinst_v2: Super-NaturalInstructions tasks: a task definition plus one instance
# fields: Definition (task definition, from meta), input, output (first reference);
# inline_few_shot also: ex_input, ex_output, ex_explanation (the task's first positive example)

zero_shot
    inputs  "Instructions: {Definition}\n\n{input}"
    targets "{output}"

zero_shot
    inputs  "{Definition}\n\nHere is the input:\n{input}\n\nYour output:"
    targets "{output}"

zero_shot
    inputs  "Task description: {Definition}\nData: {input}\nResult:"
    targets "{output}"

zero_shot
    inputs  "You will be given a task. {Definition}\n\n{input}"
    targets "{output}"

zero_shot
    inputs  "{Definition}\nQ: {input}\nA:"
    targets "{output}"

zero_shot
    inputs  "Follow the instructions to solve the problem.\nInstructions: {Definition}\nProblem: {input}\nSolution:"
    targets "{output}"

zero_shot
    inputs  "Detailed instructions: {Definition}\n{input}"
    targets "{output}"

zero_shot
    inputs  "Assignment: {Definition}\n\nWork on this: {input}\n\nAnswer:"
    targets "{output}"

zero_shot
    inputs  "{input}\n\nWhat to do with the text above: {Definition}\nResponse:"
    targets "{output}"

zero_shot
    inputs  "Read the guidelines, then handle the example.\nGuidelines: {Definition}\nExample: {input}\nHandled:"
    targets "{output}"

# inline few-shot: the definition with one solved example, then the instance
inline_few_shot
    inputs  "{Definition}\n\nSolved example:\nInput: {ex_input}\nOutput: {ex_output}\nReason: {ex_explanation}\n\nNow you try:\nInput: {input}\nOutput:"
    targets "{output}"

inline_few_shot
    inputs  "Instructions: {Definition}\n\nFor instance, given\n{ex_input}\nthe answer is\n{ex_output}\nbecause {ex_explanation}\n\nNow solve:\n{input}\nAnswer:"
    targets "{output}"

inline_few_shot
    inputs  "Study the task and the worked example, then do the new case.\nTask: {Definition}\nExample input: {ex_input}\nExample output: {ex_output}\nWhy: {ex_explanation}\nNew case: {input}\nOutput:"
    targets "{output}"

inline_few_shot
    inputs  "{Definition}\nHere is how it is done.\n{ex_input} -> {ex_output}\n({ex_explanation})\n\n{input} ->"
    targets "{output}"

inline_few_shot
    inputs  "Teacher's instructions: {Definition}\nDemonstration:\n{ex_input}\nAnswer: {ex_output}\nExplanation: {ex_explanation}\n\nYour turn:\n{input}\nAnswer:"
    targets "{output}"

inline_few_shot
    inputs  "Here is a task with a sample solution.\n\n{Definition}\n\nSample: {ex_input}\nSample solution: {ex_output}\nThe reasoning: {ex_explanation}\n\nProblem: {input}\nSolution:"
    targets "{output}"

inline_few_shot
    inputs  "Task: {Definition}\n\nInput: {ex_input}\nOutput: {ex_output}\nThis is correct because {ex_explanation}\n\nInput: {input}\nOutput:"
    targets "{output}"

inline_few_shot
    inputs  "You are given a definition and one example.\nDefinition: {Definition}\nExample: {ex_input}\nOutput of the example: {ex_output}\nExplanation of the example: {ex_explanation}\nNow complete this one: {input}"
    targets "{output}"

inline_few_shot
    inputs  "{Definition}\n\nLook at this example first.\nQ: {ex_input}\nA: {ex_output}\nComment: {ex_explanation}\n\nQ: {input}\nA:"
    targets "{output}"

inline_few_shot
    inputs  "Guidelines: {Definition}\nWorked example -- input: {ex_input} | output: {ex_output} | rationale: {ex_explanation}\nInput to handle: {input}\nOutput:"
    targets "{output}"

# x_shot patterns: two exemplars of the same task after the definition
few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Input: "
    targets_prefix    "Output: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Sample input:\n"
    targets_prefix    "Sample output:\n"
    x_y_delimiter     "\n\n"
    example_separator "\n\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Q: "
    targets_prefix    "A: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Problem: "
    targets_prefix    "Solution: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     ""
    targets_prefix    ""
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Data: "
    targets_prefix    "Result: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Case:\n"
    targets_prefix    "Answer:\n"
    x_y_delimiter     "\n"
    example_separator "\n\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Given: "
    targets_prefix    "Produce: "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "[input] "
    targets_prefix    "[output] "
    x_y_delimiter     "\n"
    example_separator "\n\n"
    input_pattern     "{Definition}\n\n{_prompt}"
    in_template_mix   true

few_shot
    inputs            "{input}"
    targets           "{output}"
    inputs_prefix     "Text: "
    targets_prefix    "Response: "
    x_y_delimiter     " "
    example_separator "\n\n"
    input_pattern     "Task definition: {Definition}\n\n{_prompt}"
    in_template_mix   false
