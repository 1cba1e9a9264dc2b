# expect: unbalanced brace at character 2
zero_shot
    inputs  "a} {question}"
    targets "{answer}"
