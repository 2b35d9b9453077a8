"""Opioid use disorder: 100 people through induction and six months of treatment.

X:BOT (Lee et al. 2018) randomised 570 people leaving inpatient detoxification to
extended-release injectable naltrexone (XR-NTX) or daily buprenorphine-naloxone
(BUP-NX). Two numbers describe what happened in each arm:

* the share who *started* the medicine (induction): XR-NTX needs the person to be
  opioid-free first, BUP-NX does not;
* the share of those who started who relapsed within 24 weeks (*per protocol*).

The *intention-to-treat* relapse rate counts everyone randomised. If every person who
never started counted as relapsed, it would be

    ITT = (1 - induction) + induction x per-protocol relapse,

which this module calls the *reconstruction* and compares with the trial's reported
ITT. The trial's own analysis was a time-to-event analysis, so the reconstruction is
close to, not equal to, the published figure. Pure numpy; no plotting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import parameters, validation

#: The two arms of X:BOT, as the course names them.
ARMS = ("XR-naltrexone", "buprenorphine-naloxone")
#: The two ways of counting relapse.
ANALYSES = ("intention to treat", "per protocol")
_SUFFIX = {"XR-naltrexone": "xrntx", "buprenorphine-naloxone": "bupnx"}
_ANALYSIS_KEY = {"intention to treat": "itt", "per protocol": "pp"}


def _arm(arm: str) -> str:
    return _SUFFIX[validation.choice("arm", arm, ARMS)]


def randomised(arm: str) -> int:
    """Number of people randomised to ``arm`` in X:BOT."""
    return int(parameters.value(f"xbot_randomised_{_arm(arm)}"))


def induction_fraction(arm: str) -> float:
    """Share (0..1) of the people randomised to ``arm`` who started the medicine."""
    suffix = _arm(arm)
    return parameters.value(f"xbot_inducted_{suffix}") / parameters.value(f"xbot_randomised_{suffix}")


def reported_relapse(arm: str, analysis: str) -> float:
    """Relapse within 24 weeks as X:BOT reported it, for ``analysis`` in :data:`ANALYSES`."""
    suffix = _arm(arm)
    key = _ANALYSIS_KEY[validation.choice("analysis", analysis, ANALYSES)]
    return parameters.value(f"xbot_relapse_{key}_{suffix}")


def reconstructed_itt(induction: float, relapse_after_start: float) -> float:
    """ITT relapse if everyone who never started counts as relapsed:
    ``(1 - induction) + induction x relapse_after_start`` (both fractions 0..1)."""
    f = validation.fraction("induction", induction, scalar=True)
    r = validation.fraction("relapse_after_start", relapse_after_start, scalar=True)
    return float((1.0 - f) + f * r)


def _whole_people(total: int, shares: list[float]) -> list[int]:
    """Split ``total`` people into whole numbers proportional to ``shares`` (which must
    add up to 1) by the largest-remainder rule, so the counts always add up to ``total``."""
    if isinstance(total, bool) or not isinstance(total, (int, np.integer)) or total < 1:
        raise ValueError(f"total must be a whole number of people >= 1, got {total!r}")
    if not shares:
        raise ValueError("shares must hold at least one share, got an empty list")
    arr = validation.fraction("shares", np.asarray(shares, dtype=float))
    if abs(float(np.sum(arr)) - 1.0) > 1e-9:
        raise ValueError(f"shares must add up to 1, got {shares!r} (sum {float(np.sum(arr)):.6f})")
    exact = arr * total
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    for i in order[: total - int(counts.sum())]:
        counts[i] += 1
    return [int(c) for c in counts]


@dataclass(frozen=True)
class Flow:
    """What happened to ``total`` people randomised to one arm (whole people)."""

    arm: str
    total: int
    never_started: int
    relapsed: int
    not_relapsed: int

    @property
    def started(self) -> int:
        return self.relapsed + self.not_relapsed


def flow(arm: str, total: int = 100) -> Flow:
    """``total`` people randomised to ``arm``, split by X:BOT's induction and per-protocol
    relapse rates into never started / started and relapsed / started and did not relapse."""
    f = induction_fraction(arm)
    r = reported_relapse(arm, "per protocol")
    never, relapsed, fine = _whole_people(total, [1.0 - f, f * r, f * (1.0 - r)])
    return Flow(arm, total, never, relapsed, fine)


def mortality_per_1000py(medicine: str, period: str) -> float:
    """Pooled all-cause deaths per 1000 person-years ``"in"`` or ``"out"`` of treatment
    with ``"methadone"`` or ``"buprenorphine"`` (Sordo et al. 2017, cohort studies)."""
    validation.choice("medicine", medicine, ("methadone", "buprenorphine"))
    validation.choice("period", period, ("in", "out"))
    return parameters.value(f"mortality_{period}_{medicine}_per_1000py")
