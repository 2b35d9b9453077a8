"""Clinical effect sizes in alcohol use disorder: relative risk, absolute risk, NNT.

A meta-analysis reports a *relative* risk (RR): the risk of an outcome on naltrexone
divided by the risk on placebo. What that means for a group of people depends on how
common the outcome is without treatment (the *baseline risk*):

* risk on naltrexone = baseline risk x RR;
* absolute risk reduction ARR = baseline risk - risk on naltrexone = baseline x (1 - RR);
* number needed to treat NNT = 1 / ARR (infinite when RR = 1: no one is helped).

The pooled risk ratios come from the Cochrane review (Rösner et al. 2010) and live in
:mod:`naltrexone_course.parameters`. Pure numpy; no plotting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import parameters, validation

#: The two outcomes the course compares, as named in the Cochrane review.
OUTCOMES = ("heavy drinking", "any drinking")
_KEYS = {"heavy drinking": "aud_rr_heavy_drinking", "any drinking": "aud_rr_any_drinking"}
_NNT_KEYS = {"heavy drinking": "aud_nnt_heavy_drinking", "any drinking": "aud_nnt_any_drinking"}


@dataclass(frozen=True)
class RiskRatio:
    """A pooled risk ratio with its 95% confidence interval."""

    outcome: str
    estimate: float
    low: float
    high: float


def risk_ratio(outcome: str) -> RiskRatio:
    """The pooled risk ratio (naltrexone vs placebo) for returning to ``outcome``:
    ``"heavy drinking"`` or ``"any drinking"`` (Rösner et al. 2010)."""
    validation.choice("outcome", outcome, OUTCOMES)
    key = _KEYS[outcome]
    return RiskRatio(
        outcome,
        parameters.value(key),
        parameters.value(f"{key}_low"),
        parameters.value(f"{key}_high"),
    )


def published_nnt(outcome: str) -> float:
    """The number needed to treat that Jonas et al. (2014) pooled for ``outcome``."""
    validation.choice("outcome", outcome, OUTCOMES)
    return parameters.value(_NNT_KEYS[outcome])


def _inputs(baseline_risk: ArrayLike, relative_risk: ArrayLike):
    base = validation.fraction("baseline_risk", baseline_risk)
    rr = validation.nonnegative("relative_risk", relative_risk)
    treated = base * rr
    if np.any(treated > 1.0 + 1e-12):
        raise ValueError(
            "relative_risk must keep the treated risk (baseline_risk x relative_risk) within [0, 1], "
            f"got baseline_risk={baseline_risk!r}, relative_risk={relative_risk!r}"
        )
    return base, rr


def treated_risk(baseline_risk: ArrayLike, relative_risk: ArrayLike):
    """Risk of the outcome on treatment: ``baseline_risk x relative_risk``."""
    base, rr = _inputs(baseline_risk, relative_risk)
    return validation.scalar_or_array(base * rr)


def absolute_risk_reduction(baseline_risk: ArrayLike, relative_risk: ArrayLike):
    """Absolute risk reduction ``baseline x (1 - RR)`` (negative if RR > 1: harm)."""
    base, rr = _inputs(baseline_risk, relative_risk)
    return validation.scalar_or_array(base * (1.0 - rr))


def number_needed_to_treat(baseline_risk: ArrayLike, relative_risk: ArrayLike):
    """How many people must be treated for one fewer to have the outcome: ``1 / ARR``.

    ``inf`` when there is no difference (RR = 1 or baseline risk 0); negative values
    mean harm (a number needed to harm).
    """
    arr = np.asarray(absolute_risk_reduction(baseline_risk, relative_risk), dtype=float)
    with np.errstate(divide="ignore"):
        nnt = np.where(np.abs(arr) < 1e-12, np.inf, 1.0 / np.where(arr == 0, 1.0, arr))
    return validation.scalar_or_array(nnt)


def nnt_interval(baseline_risk: float, outcome: str) -> tuple[float, float, float]:
    """NNT at ``baseline_risk`` for ``outcome``: (estimate, best case, worst case).

    The best case uses the lower end of the risk ratio's confidence interval, the
    worst case the upper end; ``inf`` means the interval includes "no effect".
    """
    if validation.fraction("baseline_risk", baseline_risk).ndim:
        raise ValueError(f"baseline_risk must be a single number in [0, 1], got {baseline_risk!r}")
    rr = risk_ratio(outcome)
    return (
        float(number_needed_to_treat(baseline_risk, rr.estimate)),
        float(number_needed_to_treat(baseline_risk, rr.low)),
        float(number_needed_to_treat(baseline_risk, rr.high)),
    )


@dataclass(frozen=True)
class IconCounts:
    """What happens to ``total`` people given naltrexone, with a baseline risk.

    ``affected``: have the outcome even on naltrexone; ``spared``: would have had it on
    placebo but not on naltrexone; ``unaffected``: would not have had it either way.
    """

    affected: int
    spared: int
    unaffected: int

    @property
    def total(self) -> int:
        return self.affected + self.spared + self.unaffected


def icon_counts(baseline_risk: float, relative_risk: float, total: int = 100) -> IconCounts:
    """Whole-person counts for an icon array of ``total`` people (largest-remainder
    rounding, so the three counts always add up to ``total``).

    A relative risk above 1 (harm) is shown as no one spared and more people affected.
    """
    base, rr = _inputs(baseline_risk, relative_risk)
    if base.ndim or rr.ndim:
        raise ValueError("baseline_risk and relative_risk must be single numbers for an icon array")
    if isinstance(total, bool) or not isinstance(total, int | np.integer) or not 1 <= total <= 10_000:
        raise ValueError(f"total must be a whole number in [1, 10000], got {total!r}")
    base_f, rr_f = float(base), float(rr)
    treated = base_f * rr_f
    spared = max(base_f - treated, 0.0)
    shares = [treated, spared, 1.0 - max(treated, base_f)]
    raw = [share * total for share in shares]
    counts = [math.floor(x + 1e-9) for x in raw]
    order = sorted(range(3), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return IconCounts(*counts)
