# expect: lacks required property 'targets'
zero_shot
    inputs  "{question}"
