# expect: inline_few_shot is only for NIV2 tasks
inline_few_shot
    inputs  "{question}"
    targets "{answer}"
