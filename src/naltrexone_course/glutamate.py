"""Toy model of cue-triggered relapse, with a switchable HYPOTHETICAL opioid-glutamate coupling.

Relapse after one strong drinking cue takes two steps:

1. **Lapse.** The cue drives prefrontal-to-accumbens glutamate, which can trigger a
   first drink with probability ``L`` (animal models, mostly of other drugs:
   Kalivas 2009). If a share ``c`` of that glutamate drive depended on endogenous
   opioids (the *hypothesis*; no study found measures it for naltrexone), naltrexone
   at mu occupancy ``f`` would lower it: ``P(lapse) = L * cue * (1 - c f)``. With the
   coupling ``"off"``, ``c = 0``.
2. **From lapse to relapse.** The first drink is less rewarding on naltrexone
   (the reward model's opioid share ``s``): ``P(relapse | lapse) = P_0 (1 - s f)``, with
   ``P_0`` the placebo rate among patients who sampled alcohol (Volpicelli 1992).

``relapse_risk = P(lapse) * P(relapse | lapse)``. Pure numpy; no plotting.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import parameters, validation

COUPLINGS = ("off", "on")


def coupling_share(coupling: str = "off") -> float:
    """``c``: the share of cue-evoked glutamate drive that naltrexone could block (0 when off)."""
    validation.choice("coupling", coupling, COUPLINGS)
    return parameters.value("glutamate_opioid_coupling") if coupling == "on" else 0.0


def glutamate_drive(occupancy: ArrayLike, coupling: str = "off", cue: float = 1.0):
    """Cue-evoked glutamate drive relative to a full-strength cue without naltrexone: ``cue (1 - c f)``."""
    f = validation.fraction("occupancy", occupancy)
    strength = validation.fraction("cue", cue, scalar=True)
    return validation.scalar_or_array(strength * (1.0 - coupling_share(coupling) * f))


def lapse_probability(occupancy: ArrayLike, coupling: str = "off", cue: float = 1.0):
    """Chance that one cue leads to a first drink: ``L * cue * (1 - c f)``."""
    drive = np.asarray(glutamate_drive(occupancy, coupling, cue))
    return validation.scalar_or_array(parameters.value("glutamate_lapse_probability") * drive)


def relapse_after_lapse(occupancy: ArrayLike):
    """Chance that a lapse becomes a relapse: ``P_0 (1 - s f)``, the opioid share of reward blocked."""
    f = validation.fraction("occupancy", occupancy)
    p0 = parameters.value("glutamate_relapse_after_lapse")
    share = parameters.value("reward_opioid_share")
    return validation.scalar_or_array(p0 * (1.0 - share * f))


def relapse_risk(occupancy: ArrayLike, coupling: str = "off", cue: float = 1.0):
    """Chance that one strong drinking cue ends in relapse, at mu occupancy ``occupancy`` (0..1)."""
    lapse = np.asarray(lapse_probability(occupancy, coupling, cue))
    return validation.scalar_or_array(lapse * np.asarray(relapse_after_lapse(occupancy)))


def risk_breakdown(occupancy: float, coupling: str = "off", cue: float = 1.0) -> dict[str, float]:
    """Where the predicted risk goes at one occupancy.

    Keys: ``no_drug`` (risk without naltrexone), ``via_reward`` (removed because a lapse is
    less rewarding), ``via_coupling`` (removed by the hypothesised coupling; 0 when off)
    and ``remaining``. ``via_reward + via_coupling + remaining == no_drug``.
    """
    f = validation.fraction("occupancy", occupancy, scalar=True)
    no_drug = float(relapse_risk(0.0, coupling, cue))
    without_coupling = float(relapse_risk(f, "off", cue))
    remaining = float(relapse_risk(f, coupling, cue))
    return {
        "no_drug": no_drug,
        "via_reward": no_drug - without_coupling,
        "via_coupling": without_coupling - remaining,
        "remaining": remaining,
    }
