"""The model's value of every number a self-check question takes from a glued value.

Each entry recomputes, from the models and the parameter registry, the value that a
chapter's code cell glues and a ``{question}`` reads as ``answer: glue:KEY`` (or as its
tolerance). ``tests/test_questions.py`` checks that the chapter's cell glues the same number
and that no glued answer is missing here; ``tests/test_site.py`` that the built page asks
for it. A new numeric question adds its recomputation here.
"""

from __future__ import annotations

from collections.abc import Callable

from naltrexone_course import (
    binding,
    blockade,
    clinical,
    glutamate,
    immune,
    mechanisms,
    oud,
    parameters,
    reward,
)


def _opposite_coupling_risk_pct() -> float:
    c = parameters.value("glutamate_opioid_coupling")
    lapse = parameters.value("glutamate_lapse_probability") * (1.0 + c * 0.9)
    return 100.0 * lapse * float(glutamate.relapse_after_lapse(0.9))


#: chapter -> glue key -> the model's value
MODEL_VALUES: dict[str, dict[str, Callable[[], float]]] = {
    "antagonism": {"q_dr30": lambda: float(binding.dose_ratio(30.0, binding.naltrexone_ki_nM("mu")))},
    "blockade-over-time": {"q_ratio_75": lambda: float(blockade.dose_ratio_at_occupancy(0.75))},
    "immune": {
        "q_fold_ldn": lambda: float(immune.fold_below_tlr4(parameters.value("ldn_typical_dose_mg"))),
        "q_fold_ldn_tolerance": lambda: 0.15
        * float(immune.fold_below_tlr4(parameters.value("ldn_typical_dose_mg"))),
    },
    "reward": {"q_reward_90": lambda: float(reward.episode_reward(0.9, 0.5))},
    "glutamate": {"q_opposite_risk_pct": _opposite_coupling_risk_pct},
    "mechanisms": {
        "q_combined_pct": lambda: 100.0
        * float(mechanisms.combine({"a": 0.4, "b": 0.3}, {"a": 1.0, "b": 1.0}))
    },
    "oud": {
        "q_itt_rebuilt_pct": lambda: 100.0
        * oud.reconstructed_itt(
            oud.induction_fraction("XR-naltrexone"), oud.reported_relapse("XR-naltrexone", "per protocol")
        )
    },
    "craving": {"q_nnt_40": lambda: float(clinical.number_needed_to_treat(0.40, 0.83))},
}
