# expect: unknown property 'input_pattern' for kind zero_shot
zero_shot
    inputs  "{question}"
    targets "{answer}"
    input_pattern "{_prompt}"
