# expect: unknown template kind 'zero_shots'
zero_shots
    inputs  "{question}"
    targets "{answer}"
