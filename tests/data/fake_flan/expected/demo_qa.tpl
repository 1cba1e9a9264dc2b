# demo_qa: imported from FLAN's flan/v2/templates.py by flanmix import-flan

zero_shot
    inputs  "Q: {question}\nReply as {{\"answer\": ...}}\nA:"
    targets "{answer}"

zero_shot
    inputs  "{question}\n{options_}"
    targets "{answer}\n"

zero_shot_no_options
    inputs  "Q: {question}\nReply as {{\"answer\": ...}}\nA:"
    targets "{answer}"

zero_shot_no_options
    inputs  "{question}"
    targets "{answer}\n"
