"""TOY model: several proposed mechanisms of naltrexone acting at once.

The chain is built from the course's own models:

1. dose -> brain mu occupancy ``f`` during daily dosing (:mod:`.pk`);
2. ``f`` -> each pathway's effect ``r_i``, the fraction of a common "relapse drive" it
   removes (all relative to the same person without naltrexone):

   * ``reward``: learned value of drinking after 20 drinking episodes on naltrexone
     (:func:`.reward.learned_value`), ``r = 1 - V``;
   * ``dopamine``: toy craving index from alcohol-evoked dopamine
     (:func:`.dopamine.craving_index`), ``r = 1 - index``;
   * ``glutamate``: cue-evoked glutamate drive with the hypothesised opioid coupling on
     (:func:`.glutamate.glutamate_drive`), ``r = 1 - drive``;
   * ``immune``: share of TLR4 engaged at the peak plasma level, generously taking the
     lowest concentration at which effects were reported (1 µM) as the half-effect
     concentration (:mod:`.immune`), ``r = C / (C + 1 µM)``.

3. Each pathway counts with a weight ``w_i`` (1 for every pathway, or a weight set by
   the strength of its evidence, with a low-high range), and the pathways are assumed
   to act independently:

   ``remaining = prod_i (1 - w_i r_i)``, ``effect = 1 - remaining``.

Independence is the toy's biggest simplification: the reward and dopamine pathways are
two views of the same opioid step, so adding them double-counts. The output is a
teaching number, not a prediction of clinical benefit. Pure numpy; no plotting.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import binding, claims, dopamine, glutamate, immune, parameters, pk, reward, validation

MECHANISMS = ("reward", "dopamine", "glutamate", "immune")
EVIDENCE_LEVELS = claims.EVIDENCE_LEVELS
#: The evidence label of each pathway: the label the claims registry gives its chapter.
EVIDENCE = {name: claims.label_of(f"{name}.md") for name in MECHANISMS}
WEIGHTINGS = ("all equal", "by evidence")
_WEIGHT_KEYS = {
    "established in humans": "weight_established",
    "shown in animals": "weight_animals",
    "hypothesis": "weight_hypothesis",
}
#: Days of daily dosing before the occupancy is read (close to steady state).
STEADY_DAYS = 14


def _mechanism(name: str) -> str:
    return validation.choice("mechanism", name, MECHANISMS)


def _mechanism_set(mechanisms: Iterable[str]) -> tuple[str, ...]:
    if isinstance(mechanisms, str):
        raise ValueError(f"mechanisms must be a collection of names from {MECHANISMS}, got {mechanisms!r}")
    chosen = tuple(dict.fromkeys(validation.choice("mechanisms", m, MECHANISMS) for m in mechanisms))
    return chosen


@functools.lru_cache(maxsize=512)
def _daily_occupancy_one(dose_mg: float) -> float:
    t = np.linspace((STEADY_DAYS - 1) * 24.0, STEADY_DAYS * 24.0, 97)
    return float(np.mean(pk.occupancy(pk.oral(dose_mg=dose_mg, every_h=24, doses=STEADY_DAYS), t)))


def daily_occupancy(dose_mg: ArrayLike):
    """Mean brain mu occupancy over day 14 of one tablet of ``dose_mg`` a day (pk model)."""
    doses = validation.positive("dose_mg", dose_mg)
    values = [_daily_occupancy_one(float(d)) for d in doses.ravel()]
    return validation.scalar_or_array(np.array(values).reshape(doses.shape))


def pathway_effect(mechanism: str, dose_mg: ArrayLike):
    """Fraction (0..1) of the relapse drive that ``mechanism`` alone removes at ``dose_mg``
    taken daily, with full weight."""
    _mechanism(mechanism)
    if mechanism == "immune":
        concentration = np.asarray(pk.tablet_peak_level(dose_mg, unit="nM"))
        half_effect = immune.tlr4_range_nM()[0]
        return binding.occupancy(concentration, half_effect)
    f = np.asarray(daily_occupancy(dose_mg))
    if mechanism == "reward":
        out = 1.0 - np.asarray(reward.learned_value(f))
    elif mechanism == "dopamine":
        out = 1.0 - np.asarray(dopamine.craving_index(f))
    else:
        out = 1.0 - np.asarray(glutamate.glutamate_drive(f, coupling="on"))
    return validation.scalar_or_array(np.clip(out, 0.0, 1.0))


def weight(mechanism: str, weighting: str = "by evidence", bound: str = "estimate") -> float:
    """Weight of ``mechanism`` under ``weighting`` (``"all equal"``: 1; ``"by evidence"``:
    set by its evidence label); ``bound`` is ``"estimate"``, ``"low"`` or ``"high"``."""
    _mechanism(mechanism)
    validation.choice("weighting", weighting, WEIGHTINGS)
    validation.choice("bound", bound, ("estimate", "low", "high"))
    if weighting == "all equal":
        return 1.0
    key = _WEIGHT_KEYS[EVIDENCE[mechanism]]
    return parameters.value(key if bound == "estimate" else f"{key}_{bound}")


@dataclass(frozen=True)
class Combined:
    """The combined toy effect: estimate with low-high range, and each pathway's share."""

    estimate: float | np.ndarray
    low: float | np.ndarray
    high: float | np.ndarray
    contributions: dict[str, float | np.ndarray]


def combine(effects: dict[str, ArrayLike], weights: dict[str, float]):
    """``1 - prod(1 - w_i r_i)`` over the pathways in ``effects`` (independent action)."""
    remaining: np.ndarray | float = 1.0
    for name, r in effects.items():
        r_arr = validation.fraction(f"effect of {name}", r)
        w = validation.fraction(f"weight of {name}", weights[name], scalar=True)
        remaining = remaining * (1.0 - w * r_arr)
    return validation.scalar_or_array(1.0 - np.asarray(remaining, dtype=float))


def combined_effect(
    dose_mg: ArrayLike, mechanisms: Iterable[str], weighting: str = "by evidence"
) -> Combined:
    """Toy combined effect of the chosen ``mechanisms`` at ``dose_mg`` a day.

    ``contributions`` holds each pathway's weighted effect on its own (``w_i r_i``).
    With ``"all equal"`` weighting the range collapses onto the estimate.
    """
    chosen = _mechanism_set(mechanisms)
    validation.choice("weighting", weighting, WEIGHTINGS)
    validation.positive("dose_mg", dose_mg)
    effects = {m: pathway_effect(m, dose_mg) for m in chosen}
    results = {
        bound: combine(effects, {m: weight(m, weighting, bound) for m in chosen})
        for bound in ("estimate", "low", "high")
    }
    contributions = {
        m: validation.scalar_or_array(weight(m, weighting) * np.asarray(effects[m], dtype=float))
        for m in chosen
    }
    if not chosen:
        zero = validation.scalar_or_array(np.zeros_like(validation.positive("dose_mg", dose_mg)))
        return Combined(zero, zero, zero, {})
    return Combined(results["estimate"], results["low"], results["high"], contributions)


# The article's claims live in one registry (:mod:`.claims`); these names are kept here
# for the chapters and figures that read them from this module.
Claim = claims.Claim
CLAIMS = claims.CLAIMS
claim = claims.claim
