# expect: repeated property 'inputs'
zero_shot
    inputs  "{question}"
    inputs  "{question}?"
    targets "{answer}"
