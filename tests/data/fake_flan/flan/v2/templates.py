"""A tiny stand-in for FLAN's flan/v2/templates.py, written for flanmix's tests.

Same structure as FLAN's file (PATTERNS, PATTERNS_NO_OPTIONS built from
flan_templates_branched, FewShotPattern, FEWSHOT_PATTERNS, FEWSHOT_PATTERNS_NO_OPTIONS,
INLINE_FS_PATTERNS), with wording of our own."""
import copy
import dataclasses

from flan.v2 import flan_templates_branched

PATTERNS = {
    "rte": [
        ("{premise}\n\nDoes this mean \"{hypothesis}\"?\n\n{options_}", "{answer}"),
        ("Text: {premise} {options_}\nClaim: {hypothesis}", "{answer}"),
    ],
    "demo_qa": [
        ("Q: {question}\nReply as {\"answer\": ...}\nA:", "{answer}"),
        ("{question}\n{options_}", "{answer}\n"),
    ],
    "natinst_v2": [
        ("{Definition}\n\n{input}", "{output}"),
    ],
}

PATTERNS_NO_OPTIONS = copy.deepcopy(PATTERNS)
PATTERNS_NO_OPTIONS.update(flan_templates_branched.PATTERNS)
for _k, _v in PATTERNS_NO_OPTIONS.items():
  PATTERNS_NO_OPTIONS[_k] = [
      (x.replace("\n\n{options_}", "").replace("\n{options_}", "").replace(
          "{options_}", "").replace("\n\n{options_str}", ""), y) for x, y in _v
  ]


@dataclasses.dataclass
class FewShotPattern:
  """Few-shot pattern fields, as FLAN's."""
  inputs: str
  targets: str
  inputs_prefix: str = ""
  targets_prefix: str = ""
  x_y_delimiter: str = "\n\n"
  example_separator: str = "\n\n\n"
  final_suffix: str = ""
  input_pattern: str = "{{inputs}}{final_suffix}"
  in_template_mix: bool = True

  @property
  def combined_inputs_w_target_prefix(self):
    return self.inputs_prefix + self.inputs + self.x_y_delimiter + self.targets_prefix

  @property
  def combined_targets_wo_target_prefix(self):
    return self.targets + self.example_separator


FEWSHOT_PATTERNS = {
    "rte": [
        FewShotPattern(
            inputs="{premise}\nClaim: {hypothesis} ({options_})",
            targets="{answer}",
            targets_prefix="Verdict: ",
            x_y_delimiter="\n",
            example_separator="\n\n"),
        FewShotPattern(
            inputs="Write a claim about: {premise}",
            targets="{hypothesis}",
            in_template_mix=False),
    ],
    "natinst_v2": [
        FewShotPattern(
            inputs="{input}",
            targets="{output}",
            inputs_prefix="In:\n",
            targets_prefix="Out: ",
            x_y_delimiter="\n",
            input_pattern="{{Definition}}\n\n{{inputs}}{final_suffix}"),
    ],
}

FEWSHOT_PATTERNS_NO_OPTIONS = copy.deepcopy(FEWSHOT_PATTERNS)
for _k, _v in FEWSHOT_PATTERNS_NO_OPTIONS.items():
  for _p in _v:
    _p.inputs = _p.inputs.replace("\n\n{options_}", "").replace(
        "\n{options_}", "").replace(" | {options_}", "").replace(
            " {options_}", "").replace(" ({options_})", "").replace(
                "{options_}", "").replace("\n\n{options_str}", "").replace(
                    "\n{options_str}", "")

INLINE_FS_PATTERNS = {
    "natinst_v2": [
        ("{Definition}\nFor example: {ex_input} -> {ex_output} ({ex_explanation})\n"
         "Now: {input}", "{output}"),
    ],
}
