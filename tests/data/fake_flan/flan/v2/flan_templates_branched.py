"""Stand-in for FLAN 2021's templates (own wording): no-options prompts for rte."""
PATTERNS = {
    "rte": [
        ("{premise}\n\nCan we say that \"{hypothesis}\"?\n\n{options_}", "{answer}"),
        ("{premise}\nIs \"{hypothesis}\" true?{options_}", "{answer}"),
    ],
}
