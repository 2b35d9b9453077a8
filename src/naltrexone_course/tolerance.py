"""Opioid tolerance lost while opioid-free: a toy model, drawn as a band.

Tolerance shifts an opioid's log dose-response curve to the right without changing its
slope (shown in rats and mice, Cox et al. 1975): a tolerant person needs ``fold`` times the
dose a non-tolerant person needs for the same effect. The model lets the logarithm of that
fold decay exponentially while the person takes no opioid (the blockade counts as none)::

    remaining(d) = 2 ** (-d / half_time)                     (fraction of log-tolerance, 0 < r <= 1)
    fold(d)      = fold_before ** remaining(d)               (>= 1)
    lost(d)      = fold_before / fold(d) = fold_before ** (1 - remaining(d))

``lost`` is how many times stronger the person's *old usual dose* now acts than it did
before they stopped (in dose units). Nobody has measured how fast tolerance falls in people,
so the half-time is a band, not a value (:data:`BAND`):

* **fast edge** (``tolerance_half_time_fast_days``): what clinical practice assumes in
  people: methadone guidelines halve the dose after 3 missed days and restart as a new
  induction after 5 (Australian national guidelines, 2003), which with the toy's fold of 4
  is a half-time of 3 days;
* **slow edge** (``tolerance_half_time_slow_days``): the slow phase of recovery from
  morphine tolerance in rats, 13.2 days (Cox et al. 1975; 17.4 days in mice).

The fold before treatment (``tolerance_fold_before``) is a toy too: the dose a guideline
presumes safe in a person without tolerance (20 mg methadone) against a typical maintenance
dose (80 mg, inside the 60-120 mg range). People differ far more than that. The band is
bounded, not measured, by the timing of overdose deaths after prison release (most excess
deaths in the first 2 weeks, still raised in weeks 3-4; Merrall et al. 2010). Grade:
toy / hypothesis. Pure numpy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import parameters, validation

#: The edges of the band, fastest loss first: the parameter that gives each half-time.
BAND = ("tolerance_half_time_fast_days", "tolerance_half_time_slow_days")


def half_times_days() -> tuple[float, float, float]:
    """The band's half-times in days: (fast edge, middle, slow edge); the middle is the
    geometric mean of the edges (a midpoint on the log scale, not an estimate)."""
    fast, slow = (parameters.value(name) for name in BAND)
    return fast, float(np.sqrt(fast * slow)), slow


def _half_time(half_time_days: float | None) -> float:
    if half_time_days is None:
        return half_times_days()[1]
    return float(validation.positive("half_time_days", half_time_days, scalar=True))


def _fold_before(fold_before: float | None) -> float:
    if fold_before is None:
        return parameters.value("tolerance_fold_before")
    fold = float(validation.as_array("fold_before", fold_before, scalar=True))
    if not fold >= 1.0:
        raise ValueError(f"fold_before must be at least 1 (1 = no tolerance), got {fold_before!r}")
    return fold


def remaining(days_opioid_free: ArrayLike, half_time_days: float | None = None):
    """Fraction (0 < r <= 1) of the log-tolerance left after ``days_opioid_free`` days (>= 0)
    without opioids; ``half_time_days`` (> 0, default the band's middle) sets the speed."""
    d = validation.nonnegative("days_opioid_free", days_opioid_free)
    h = _half_time(half_time_days)
    # 2**(-d/h) underflows to 0 only beyond about 1000 half-times: keep the fraction positive
    return validation.scalar_or_array(np.maximum(np.exp2(-d / h), np.finfo(float).tiny))


def fold_lost(
    days_opioid_free: ArrayLike, half_time_days: float | None = None, fold_before: float | None = None
):
    """How many times stronger (>= 1) the old usual dose acts after ``days_opioid_free`` days
    without opioids than it did before: ``fold_before ** (1 - remaining)``. A toy."""
    r = np.asarray(remaining(days_opioid_free, half_time_days), dtype=float)
    return validation.scalar_or_array(_fold_before(fold_before) ** (1.0 - r))


def fold_lost_band(days_opioid_free: ArrayLike, fold_before: float | None = None):
    """The band of :func:`fold_lost` over the half-times of :data:`BAND`: (lower, middle,
    upper) arrays; the lower edge is the slow loss, the upper the fast."""
    fast, middle, slow = half_times_days()
    return (
        np.asarray(fold_lost(days_opioid_free, slow, fold_before), dtype=float),
        np.asarray(fold_lost(days_opioid_free, middle, fold_before), dtype=float),
        np.asarray(fold_lost(days_opioid_free, fast, fold_before), dtype=float),
    )
