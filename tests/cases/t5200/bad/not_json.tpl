# expect: not a valid JSON string
zero_shot
    inputs  "{question}\q"
    targets "{answer}"
