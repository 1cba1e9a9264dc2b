# expect: in_template_mix must be true or false
few_shot
    inputs  "{question}"
    targets "{answer}"
    in_template_mix yes
