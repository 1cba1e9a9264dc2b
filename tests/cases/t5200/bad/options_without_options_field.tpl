# expect: has no field 'options_'
zero_shot
    inputs  "{question}\n{options_}"
    targets "{answer}"
