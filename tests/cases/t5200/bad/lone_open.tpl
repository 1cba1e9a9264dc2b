# expect: unbalanced brace at character 4
zero_shot
    inputs  "Q: {question"
    targets "{answer}"
