"""Toy model of the opioid step in alcohol-evoked dopamine release (VTA disinhibition).

The circuit (Johnson and North 1992): a drink releases endogenous opioids; they bind
mu receptors on GABA interneurons, which stop braking the dopamine neurons; dopamine
neurons fire more and dopamine rises in the nucleus accumbens.

* Mu activation of the interneurons by the released opioid, level ``a`` (in units of
  its dissociation constant), beside naltrexone occupying a fraction ``f`` of mu
  receptors (Gaddum, with ``[B]/K_B = f / (1 - f)``):
  ``m(f) = a (1 - f) / (a (1 - f) + 1)``.
* The GABA brake left on the dopamine neuron: ``1 - m(f)``.
* The alcohol-evoked dopamine rise, relative to a 118AA brain without naltrexone:
  ``D(f) = g * m(f) / m(0)``, with ``g = 1`` for OPRM1 118AA and ``g = 4`` for 118GG
  (humanised mice, Ramchandani et al. 2011).
* The anticipatory (cue) dopamine rise does not pass through this step and is not
  changed by naltrexone (rats, Gonzales and Weiss 1998).
* A toy craving index mixes the cue part and the alcohol-evoked part, each relative
  to the same person's response without naltrexone.

All outputs are relative numbers, not concentrations. Pure numpy; no plotting.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import parameters, validation

GENOTYPES = ("AA", "GG")


def _level(opioid_level: float | None) -> float:
    if opioid_level is None:
        return parameters.value("dopamine_endogenous_opioid_level")
    return validation.positive("opioid_level", opioid_level, scalar=True)


def genotype_gain(genotype: str = "AA") -> float:
    """Size of the alcohol-evoked dopamine response for an OPRM1 genotype, relative to 118AA."""
    validation.choice("genotype", genotype, GENOTYPES)
    return 1.0 if genotype == "AA" else parameters.value("dopamine_118gg_fold")


def mu_activation(occupancy: ArrayLike, opioid_level: float | None = None):
    """Fraction of interneuron mu receptors bound by the opioid a drink releases.

    Naltrexone occupying ``occupancy`` (fraction 0..1, measured without agonist)
    competes with it: ``m = a (1 - f) / (a (1 - f) + 1)``; 0 when ``f = 1``.
    """
    f = validation.fraction("occupancy", occupancy)
    a = _level(opioid_level) * (1.0 - f)
    return validation.scalar_or_array(a / (a + 1.0))


def gaba_brake(occupancy: ArrayLike, opioid_level: float | None = None):
    """Fraction of the GABA interneurons' brake on dopamine neurons that stays on during a drink."""
    return validation.scalar_or_array(1.0 - np.asarray(mu_activation(occupancy, opioid_level)))


def evoked_dopamine(occupancy: ArrayLike, genotype: str = "AA", opioid_level: float | None = None):
    """Alcohol-evoked dopamine rise at mu occupancy ``occupancy``.

    Relative to a 118AA brain without naltrexone (1.0); 118GG starts at 4.0. Falls to 0
    when every mu receptor is blocked, because the toy routes the whole evoked rise
    through the opioid step (see the chapter for what that leaves out).
    """
    gain = genotype_gain(genotype)
    m = np.asarray(mu_activation(occupancy, opioid_level))
    return validation.scalar_or_array(gain * m / mu_activation(0.0, opioid_level))


def cue_dopamine(occupancy: ArrayLike, genotype: str = "AA"):
    """Anticipatory dopamine rise to drinking cues: the same at every occupancy."""
    f = validation.fraction("occupancy", occupancy)
    validation.choice("genotype", genotype, GENOTYPES)
    return validation.scalar_or_array(np.full_like(f, parameters.value("dopamine_cue_response")))


def craving_index(occupancy: ArrayLike, genotype: str = "AA", opioid_level: float | None = None):
    """Toy craving index, 1 without naltrexone.

    ``c * (cue part, unchanged) + (1 - c) * D(f) / D(0)``, with ``c`` the cue share.
    Each part is relative to the same person's response without naltrexone, so in
    this toy the genotype changes the size of the dopamine response but not the index.
    """
    validation.choice("genotype", genotype, GENOTYPES)
    cue_share = parameters.value("dopamine_craving_cue_share")
    relative = np.asarray(mu_activation(occupancy, opioid_level)) / mu_activation(0.0, opioid_level)
    return validation.scalar_or_array(cue_share + (1.0 - cue_share) * relative)


def _pulse(t: NDArray[np.float64], onset: float, width: float) -> NDArray[np.float64]:
    """A smooth bump that starts at ``onset`` and peaks at 1 ``width`` later.

    ``(t - onset) / width`` is capped at 800 widths, where the bump is below 1e-300: a
    tiny width (or a late time) then gives 0, not ``inf * exp(-inf)`` = NaN."""
    with np.errstate(over="ignore"):
        x = np.clip((t - onset) / width, 0.0, 800.0)
    return x * np.exp(1.0 - x)


def time_course(
    t_min: ArrayLike,
    occupancy: float,
    genotype: str = "AA",
    drinking_starts_min: float = 20.0,
    cue_width_min: float = 6.0,
    drink_width_min: float = 10.0,
) -> NDArray[np.float64]:
    """Illustrative dopamine rise above baseline over a session: cue (waiting) then drinking.

    The shape is a drawing aid (two smooth bumps, as in the design of Gonzales and
    Weiss 1998: a waiting period with cues, then access to alcohol); only the heights
    come from the model: :func:`cue_dopamine` and :func:`evoked_dopamine`.
    """
    t = validation.nonnegative("t_min", t_min)
    f = validation.fraction("occupancy", occupancy, scalar=True)
    start = validation.positive("drinking_starts_min", drinking_starts_min, scalar=True)
    cue_w = validation.positive("cue_width_min", cue_width_min, scalar=True)
    drink_w = validation.positive("drink_width_min", drink_width_min, scalar=True)
    cue = cue_dopamine(f, genotype) * _pulse(t, 0.0, cue_w)
    drink = evoked_dopamine(f, genotype) * _pulse(t, start, drink_w)
    return cue + drink
