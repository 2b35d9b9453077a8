"""Functional blockade: how much opioid would overcome naltrexone now, and how much of an
opioid dose's effect naltrexone removes.

Naltrexone and 6-beta-naltrexol compete with an opioid for brain mu receptors
(competitive, Gaddum antagonism). An opioid then needs ``dose_ratio`` times its usual dose
for the usual effect::

    dose_ratio(t) = 1 + Ce_naltrexone(t)/K_naltrexone + Ce_naltrexol(t)/K_naltrexol   (>= 1)

(the same competition term as :func:`naltrexone_course.pk.occupancy`: with 75% of
receptors occupied the ratio is 4). The effect of a dose D with naltrexone is the effect
of D / dose_ratio without it, through an Emax (Hill) link from the dose, in intravenous
morphine equivalents, to the subjective effect::

    E(M) = M**n / (M**n + ED50**n),   effect_blocked = 1 - E(M / dose_ratio) / E(M)

Each opioid's potency comes from equianalgesic tables (``parameters``, family
"blockade"); ED50 and n were fitted jointly with the pk parameters to human opioid
challenge studies and to the label's blockade durations (50/100/150 mg block 25 mg IV
heroin for as long as 24/48/72 h; :func:`blockade_duration_h`, ``tools/pk_fit.py``).

Why not the operational model of agonism (Black and Leff 1983)? With a competitive
antagonist it gives ``E = (tau rho)**n / (1 + (tau rho)**n)`` with agonist occupancy
``rho = m / (m + ratio)``: the same Gaddum shift of the dose, so the dose ratio does not
depend on efficacy or reserve (Schild). For the *fraction of a dose's effect removed*
only where the dose sits on its curve matters, and with a large receptor reserve (tau
large, doses far below the agonist's K_A) the operational model is exactly this Hill
link. With n = 1 (a hyperbolic transducer) removing 80% of the effect of a dose at half
its maximum needs a dose ratio of 9 (89% of receptors occupied) for as long as the label
says; the fitted slope (about 1.8) meets the label's durations at lower occupancy. The
operational model was not fitted: it would add tau as a third free parameter, and the
two-parameter Hill link already meets every reference point within 2 SD.

The model describes subjective effects ("liking", "any drug effect"); breathing is not
modelled, and the studies found subjective effects easier to block than others. Pure numpy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import parameters, pk, validation

#: The opioids and the routes the model knows, with the potency parameter of each.
OPIOID_ROUTES: dict[str, dict[str, str | None]] = {
    "heroin": {"iv": "heroin_iv_potency"},
    "morphine": {"iv": None, "oral": "morphine_oral_potency"},
    "hydromorphone": {
        "im": "hydromorphone_parenteral_potency",
        "iv": "hydromorphone_parenteral_potency",
        "oral": "hydromorphone_oral_potency",
    },
    "oxycodone": {"oral": "oxycodone_oral_potency"},
    "fentanyl": {"iv": "fentanyl_iv_potency"},
}
OPIOIDS = tuple(OPIOID_ROUTES)


def potency(opioid: str = "heroin", route: str = "iv") -> float:
    """mg of intravenous morphine that one mg of ``opioid`` by ``route`` is equivalent to."""
    validation.choice("opioid", opioid, OPIOIDS)
    validation.choice("route", route, tuple(OPIOID_ROUTES[opioid]))
    name = OPIOID_ROUTES[opioid][route]
    return 1.0 if name is None else parameters.value(name)


def dose_ratio(regimen: pk.Regimen, t_h: ArrayLike, patients: pk.Population | None = None):
    """How many times their usual opioid dose a person would need for the usual effect at
    times ``t_h`` (hours since the first naltrexone dose): ``1 + X`` (>= 1), from
    competition with naltrexone and 6-beta-naltrexol at brain mu receptors. With
    ``patients`` (from :func:`pk.virtual_patients`), one row per person.

    Not a safe dose: the ratio for any one person is unknown, and an attempt to overcome
    the blockade can kill."""
    return validation.scalar_or_array(1.0 + np.asarray(pk.receptor_load(regimen, t_h, patients)))


def dose_ratio_at_occupancy(occupancy: ArrayLike):
    """The dose ratio ``1 + X = 1 / (1 - f)`` at a fraction ``f`` (0 <= f < 1) of mu receptors
    occupied by a competitive antagonist: with 75% occupied, 4 times the usual dose."""
    f = validation.fraction("occupancy", occupancy)
    if np.any(f >= 1.0):
        raise ValueError(
            f"occupancy must be below 1 (all receptors occupied has no ratio), got {occupancy!r}"
        )
    return validation.scalar_or_array(1.0 / (1.0 - f))


def _remaining(ratio: np.ndarray, morphine_mg: np.ndarray) -> np.ndarray:
    """E(M / ratio) / E(M) for the Emax link, finite also for M = 0 (limit ratio**-n)."""
    n = parameters.value("opioid_effect_hill")
    ed50 = parameters.value("opioid_effect_ed50_morphine_iv_mg")
    u = np.minimum((morphine_mg / ed50) ** n, 1e200)  # (M / ED50)**n
    shrink = ratio ** (-n)
    return shrink * (1.0 + u) / (1.0 + shrink * u)


def opioid_effect(opioid: str = "heroin", dose_mg: ArrayLike = 25.0, route: str = "iv"):
    """Subjective effect (fraction 0..1 of the maximum) of ``dose_mg`` (mg, >= 0) of
    ``opioid`` by ``route`` without naltrexone, from the fitted Emax link."""
    dose = validation.nonnegative("dose_mg", dose_mg)
    morphine = dose * potency(opioid, route)
    n = parameters.value("opioid_effect_hill")
    with np.errstate(over="ignore"):
        u = (morphine / parameters.value("opioid_effect_ed50_morphine_iv_mg")) ** n
    return validation.scalar_or_array(validation.saturating(u))


def effect_blocked(
    regimen: pk.Regimen,
    t_h: ArrayLike,
    opioid: str = "heroin",
    dose_mg: ArrayLike = 25.0,
    route: str = "iv",
    patients: pk.Population | None = None,
):
    """Fraction (0..1) of the subjective effect of ``dose_mg`` (mg, >= 0) of ``opioid``
    (one of :data:`OPIOIDS`) by ``route`` that naltrexone removes at times ``t_h`` (hours
    since the first naltrexone dose). Lower for larger opioid doses: the blockade is
    surmountable. ``t_h`` and ``dose_mg`` broadcast against each other."""
    scale = potency(opioid, route)
    dose = validation.nonnegative("dose_mg", dose_mg)
    ratio = np.asarray(dose_ratio(regimen, t_h, patients), dtype=float)
    try:
        shape = np.broadcast_shapes(ratio.shape, dose.shape)
    except ValueError:
        raise ValueError(
            f"dose_mg must be one number or match the shape of t_h, got shape {dose.shape}"
        ) from None
    blocked = 1.0 - _remaining(np.broadcast_to(ratio, shape), np.broadcast_to(dose * scale, shape))
    return validation.scalar_or_array(np.clip(blocked, 0.0, 1.0))


#: The finest time grid :func:`blockade_duration_h` evaluates (points per horizon).
MAX_DURATION_STEPS = 100_000


def blockade_duration_h(
    regimen: pk.Regimen,
    opioid: str = "heroin",
    dose_mg: float = 25.0,
    route: str = "iv",
    criterion: float | None = None,
    horizon_h: float | None = None,
    step_h: float = 0.25,
) -> float:
    """Hours after the first dose until the model's blockade of ``dose_mg`` of ``opioid``
    by ``route`` ends: the last time at which at least ``criterion`` (a fraction; default
    the registry's ``blockade_duration_criterion``, 80%) of that dose's subjective effect is
    removed, interpolated on a ``step_h`` grid up to ``horizon_h`` (default: 10 days past the
    last scheduled dose). 0 if the dose is never blocked that much.

    The model's answer, not a promise: the labels establish no blockade beyond
    :func:`label_window_h`, and even inside it a larger dose overcomes the blockade."""
    if not isinstance(regimen, pk.Regimen):
        raise ValueError(f"regimen must be a pk.Regimen (pk.oral or pk.injection), got {regimen!r}")
    level = (
        parameters.value("blockade_duration_criterion")
        if criterion is None
        else validation.as_array("criterion", criterion, scalar=True)
    )
    if not 0.0 < level < 1.0:
        raise ValueError(f"criterion must lie strictly between 0 and 1, got {criterion!r}")
    if horizon_h is None:
        end = (regimen.doses - 1) * regimen.every_h + 240.0
    else:
        end = validation.positive("horizon_h", horizon_h, scalar=True)
    step = validation.positive("step_h", step_h, scalar=True)
    if end / step > MAX_DURATION_STEPS:
        raise ValueError(
            f"step_h must be at least horizon_h / {MAX_DURATION_STEPS} ({end / MAX_DURATION_STEPS:.3g} h "
            f"for a {end:g} h horizon), got {step_h!r}"
        )
    step_h = step
    t = np.arange(0.0, end + step_h, step_h)
    blocked = np.asarray(effect_blocked(regimen, t, opioid, dose_mg, route), dtype=float)
    above = np.nonzero(blocked >= level)[0]
    if not above.size:
        return 0.0
    i = int(above[-1])
    if i + 1 >= t.size:
        return float(t[-1])
    return float(t[i] + step_h * (blocked[i] - level) / (blocked[i] - blocked[i + 1]))


def label_window_h(regimen: pk.Regimen) -> float:
    """Hours after a dose for which the labels establish a blockade: 24 h per 50 mg tablet
    (at most 72 h, for 150 mg; REVIA label) or the injection's 28 days (VIVITROL label)."""
    if not isinstance(regimen, pk.Regimen):
        raise ValueError(f"regimen must be a pk.Regimen (pk.oral or pk.injection), got {regimen!r}")
    if regimen.route == "injection":
        return parameters.value("xrntx_blockade_days") * 24.0
    per_50 = parameters.value("tablet_blockade_h_per_50mg")
    return float(min(regimen.dose_mg / 50.0, 3.0) * per_50)


def hours_since_last_dose(regimen: pk.Regimen, t_h: ArrayLike):
    """Hours (>= 0) since the most recent dose taken at or before each time ``t_h``;
    ``inf`` before the first dose taken."""
    if not isinstance(regimen, pk.Regimen):
        raise ValueError(f"regimen must be a pk.Regimen (pk.oral or pk.injection), got {regimen!r}")
    t = validation.nonnegative("t_h", t_h)
    taken = regimen.dose_times_h
    since = np.full(np.shape(t), np.inf)
    for start in taken:
        since = np.where(t >= start, np.minimum(since, t - start), since)
    return validation.scalar_or_array(since)


def beyond_label_window(regimen: pk.Regimen, t_h: ArrayLike):
    """True where more time has passed since the last dose than the label's blockade window
    (:func:`label_window_h`): there no blockade is established, whatever the model says."""
    since = np.asarray(hours_since_last_dose(regimen, t_h))
    return _bool_or_array(since > label_window_h(regimen))


def unprotected(regimen: pk.Regimen, t_h: ArrayLike, patients: pk.Population | None = None):
    """True where a person must count on no blockade: the model's dose ratio is below the
    danger ratio (``danger_dose_ratio``), or the time since the last dose is beyond the
    label's window. With ``patients``, one row per person. Even where this is False the
    blockade is surmountable: it is never protection."""
    ratio = np.asarray(dose_ratio(regimen, t_h, patients))
    return _bool_or_array(
        (ratio < parameters.value("danger_dose_ratio")) | np.asarray(beyond_label_window(regimen, t_h))
    )


def _bool_or_array(arr: np.ndarray) -> bool | np.ndarray:
    return bool(arr) if arr.ndim == 0 else arr
