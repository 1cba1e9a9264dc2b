# expect: reserved placeholder '{_prompt}' in inputs
few_shot
    inputs  "{_prompt}"
    targets "{answer}"
