# expect: has no field 'rationale'
zero_shot
    inputs  "{question}"
    targets "{rationale} {answer}"
