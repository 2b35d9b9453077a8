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
modelled, and the studies found subjective effects easier to block than others.

**Fentanyl** is in :data:`OPIOIDS` with a caveat (:data:`CAVEATS`, :func:`caveat`): its
potency is a table's value for pharmaceutical fentanyl, the strength of a street supply is
unknown, its kinetics differ from heroin's, and no naltrexone challenge study used it.
:func:`effect_blocked` and :func:`blockade_duration_h` warn (:class:`RoughOpioidWarning`)
when asked about it, and :class:`Duration` carries the caveat. A blockade is overcome by
micrograms of fentanyl.

**Flags.** A duration or verdict past the label's window or beyond anything measured is
flagged in the result (:func:`blockade_duration` returns a :class:`Duration`;
:func:`beyond_label_window` and :func:`unprotected` mark the times), and the bare
:func:`blockade_duration_h` warns (:class:`BeyondLabelWindowWarning`).

**Today's sensitivity.** :func:`crossing` sets the dose ratio against the tolerance lost
(:mod:`naltrexone_course.tolerance`, a toy drawn as a band): the day from which the old
usual dose acts at least as strongly as before treatment. Pure numpy.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

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
    surmountable. ``t_h`` and ``dose_mg`` broadcast against each other. For fentanyl a
    :class:`RoughOpioidWarning` carries its caveat (:data:`CAVEATS`)."""
    warn_rough(opioid)
    return _effect_blocked(regimen, t_h, opioid, dose_mg, route, patients)


def _effect_blocked(regimen, t_h, opioid, dose_mg, route, patients=None):
    """:func:`effect_blocked` without its warning (for callers that flag in their result)."""
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
    """Hours after the first dose until the model's blockade ends (see :func:`_duration_h`).
    When the answer lies past the label's window after the last dose taken, or beyond
    anything measured (:func:`blockade_duration`), a :class:`BeyondLabelWindowWarning` says so;
    for an opioid in :data:`CAVEATS` (fentanyl) a :class:`RoughOpioidWarning` too."""
    duration = blockade_duration(regimen, opioid, dose_mg, route, criterion, horizon_h, step_h)
    _warn_if_flagged(duration)
    warn_rough(opioid)
    return duration.hours


def _duration_h(
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
    blocked = np.asarray(_effect_blocked(regimen, t, opioid, dose_mg, route), dtype=float)
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


# --- issue 27: flags on answers beyond the label or beyond anything measured; fentanyl ---

#: Opioids whose model answers are rougher than the others', with the reason. A figure or a
#: page that uses one of them shows the reason beside it (:func:`caveat`).
CAVEATS: dict[str, str] = {
    "fentanyl": (
        "fentanyl is rough in this model: its potency is taken from an equianalgesic table "
        "(100 micrograms = 10 mg of morphine) for pharmaceutical fentanyl, while the strength of a "
        "street supply is unknown and varies from dose to dose; it enters and leaves the brain "
        "faster than heroin, and no naltrexone challenge study used it. A blockade is overcome "
        "by micrograms of it."
    ),
}


class BeyondLabelWindowWarning(UserWarning):
    """A blockade duration or verdict lies beyond the label's window or anything measured."""


class RoughOpioidWarning(UserWarning):
    """The answer is for an opioid the model describes only roughly (:data:`CAVEATS`)."""


def caveat(opioid: str) -> str:
    """Why the model's answers for ``opioid`` are rough ('' when no caveat applies)."""
    validation.choice("opioid", opioid, OPIOIDS)
    return CAVEATS.get(opioid, "")


#: Single tablet doses whose blockade of 25 mg IV heroin the label reports (mg).
MEASURED_TABLET_MG = (50.0, 150.0)


@dataclass(frozen=True)
class Duration:
    """A blockade duration with what it rests on.

    ``hours``: the model's duration (h after the first dose; see :func:`blockade_duration_h`);
    ``label_end_h``: the end of the label's window after the last dose taken (h after the first
    dose); ``beyond_label_window``: the duration runs past it; ``beyond_measured``: the answer
    rests on no measurement (past the label's window, or a tablet dose outside the label's
    50-150 mg, or an opioid in :data:`CAVEATS`); ``caveat``: the opioid's caveat, or ''."""

    hours: float
    label_end_h: float
    beyond_label_window: bool
    beyond_measured: bool
    caveat: str

    @property
    def flagged(self) -> bool:
        """True when the duration must not be read as a measured or labelled one."""
        return self.beyond_label_window or self.beyond_measured


def blockade_duration(
    regimen: pk.Regimen,
    opioid: str = "heroin",
    dose_mg: float = 25.0,
    route: str = "iv",
    criterion: float | None = None,
    horizon_h: float | None = None,
    step_h: float = 0.25,
) -> Duration:
    """:func:`blockade_duration_h` with its flags (a :class:`Duration`): whether the answer
    lies past the label's window after the last dose taken, or beyond anything measured.

    The chosen behaviour (documented here and on the page "How long the blockade lasts"): the
    answer is **flagged in the result**; :func:`blockade_duration_h`, which returns a bare
    number, also issues a :class:`BeyondLabelWindowWarning` when its number is flagged."""
    hours = _duration_h(regimen, opioid, dose_mg, route, criterion, horizon_h, step_h)
    taken = regimen.dose_times_h
    last = float(taken[-1]) if taken.size else 0.0
    end = last + label_window_h(regimen)
    beyond = hours > end
    low, high = MEASURED_TABLET_MG
    untested_dose = regimen.route == "oral" and not low <= regimen.dose_mg <= high
    note = caveat(opioid)
    return Duration(hours, end, bool(beyond), bool(beyond or untested_dose or note), note)


def _warn_if_flagged(duration: Duration) -> None:
    if duration.beyond_label_window:
        warnings.warn(
            f"the model's blockade lasts {duration.hours:.0f} h, past the label's window (which ends "
            f"{duration.label_end_h:.0f} h after the first dose): no blockade is established there, "
            "and none is protection anywhere",
            BeyondLabelWindowWarning,
            stacklevel=3,
        )
    elif duration.beyond_measured:
        warnings.warn(
            f"the model's blockade duration ({duration.hours:.0f} h) rests on no measurement "
            f"(a tablet dose outside the label's 50-150 mg, or a rough opioid). {duration.caveat}".strip(),
            BeyondLabelWindowWarning,
            stacklevel=3,
        )


def warn_rough(opioid: str) -> None:
    """Issue a :class:`RoughOpioidWarning` when ``opioid`` has a caveat (:data:`CAVEATS`)."""
    note = caveat(opioid)
    if note:
        warnings.warn(note, RoughOpioidWarning, stacklevel=3)


# --- issue 27: the blockade against today's sensitivity (the crossing) ---


@dataclass(frozen=True)
class Crossing:
    """Where the blockade's dose ratio falls to the tolerance lost (:func:`crossing`).

    ``days``: the time grid (days since the first naltrexone dose); ``ratio``: the dose ratio
    on it; ``lost``: (slow, middle, fast) fold of tolerance lost on it; ``day``, ``earliest``,
    ``latest``: the first day on which the old usual dose acts at least as strongly as before
    treatment, for the middle, fast and slow loss of tolerance (None: not within the grid);
    ``beyond_label_window``: for each of (day, earliest, latest), whether it lies past the
    label's window (then the model's ratio there is beyond anything established)."""

    days: np.ndarray
    ratio: np.ndarray
    lost: tuple[np.ndarray, np.ndarray, np.ndarray]
    day: float | None
    earliest: float | None
    latest: float | None


def crossing_day(days: ArrayLike, ratio: ArrayLike, lost: ArrayLike) -> float | None:
    """The first day (interpolated on the grid ``days``) on which ``ratio`` (the blockade's
    dose ratio, >= 1) falls to ``lost`` (the fold of tolerance lost) or below, after having been
    above it: from then on the old usual dose acts at least as strongly as before treatment.
    None if it never does on the grid."""
    d = validation.as_array("days", days)
    r = validation.as_array("ratio", ratio)
    lost_ = validation.as_array("lost", lost)
    if not d.shape == r.shape == lost_.shape or d.ndim != 1:
        raise ValueError(
            f"days, ratio and lost must be 1-D of one shape, got {d.shape}, {r.shape}, {lost_.shape}"
        )
    gap = np.log(r) - np.log(lost_)  # > 0: the blockade still outweighs the tolerance lost
    above = np.nonzero(gap > 0)[0]
    if not above.size:
        return None
    after = np.nonzero(gap[above[0] :] <= 0)[0]
    if not after.size:
        return None
    i = above[0] + after[0]  # first grid point at or below, with i - 1 above
    g0, g1 = gap[i - 1], gap[i]
    return float(d[i - 1] + (d[i] - d[i - 1]) * g0 / (g0 - g1))


def crossing(
    regimen: pk.Regimen | None = None,
    days: ArrayLike | None = None,
    ratio: ArrayLike | None = None,
    opioid_free_before_days: float | None = None,
    fold_before: float | None = None,
) -> Crossing:
    """The crossing of the blockade's dose ratio (falling) with the tolerance lost (rising),
    for the typical person, with the band of :mod:`tolerance` (a toy: see its docstring).

    Give a ``regimen`` (its ratio is computed on ``days``, default 0-56 in 1.5 h steps) or the
    ``ratio`` itself on ``days`` (for schedules a :class:`pk.Regimen` cannot express). Tolerance
    falls from the last opioid use, ``opioid_free_before_days`` (default the label's minimum
    opioid-free interval, 7 days) before the first naltrexone dose, and keeps falling while
    naltrexone blocks the receptors. Not a safe day: before the crossing the usual dose is only
    *less* strong than before treatment, a larger one overcomes the blockade at any time, and
    breathing is not modelled."""
    from . import tolerance

    grid = np.linspace(0.0, 56.0, 897) if days is None else validation.nonnegative("days", days)
    if ratio is None:
        if regimen is None:
            raise ValueError("crossing needs a regimen or a ratio")
        r = np.asarray(dose_ratio(regimen, grid * 24.0), dtype=float)
    else:
        r = validation.as_array("ratio", ratio)
        if np.any(r < 1.0):
            raise ValueError(f"ratio must be >= 1 everywhere (1 = no blockade), got a minimum of {r.min()!r}")
    before = (
        parameters.value("opioid_free_days_min")
        if opioid_free_before_days is None
        else float(validation.nonnegative("opioid_free_before_days", opioid_free_before_days, scalar=True))
    )
    slow, middle, fast = tolerance.fold_lost_band(grid + before, fold_before)
    return Crossing(
        days=grid,
        ratio=r,
        lost=(slow, middle, fast),
        day=crossing_day(grid, r, middle),
        earliest=crossing_day(grid, r, fast),
        latest=crossing_day(grid, r, slow),
    )


def usual_dose_strength(ratio: ArrayLike, lost: ArrayLike):
    """How strongly the old usual dose acts now against before treatment, in dose units:
    ``lost / ratio`` (1 = as before; above 1 stronger than the person was used to)."""
    r = validation.as_array("ratio", ratio)
    if np.any(r < 1.0):
        raise ValueError(f"ratio must be >= 1 (1 = no blockade), got {ratio!r}")
    return validation.scalar_or_array(validation.positive("lost", lost) / r)


def usual_dose_effect(
    ratio: ArrayLike,
    lost: ArrayLike,
    opioid: str = "heroin",
    dose_mg: float = 25.0,
    route: str = "iv",
    fold_before: float | None = None,
):
    """Subjective effect (0..1) of the old usual dose ``dose_mg`` of ``opioid`` now, for a
    person whose tolerance before treatment was ``fold_before`` (default the toy's) and who
    has lost ``lost`` of it, under a blockade of dose ratio ``ratio``; compare with
    :func:`opioid_effect` of ``dose_mg / fold_before`` (before treatment)."""
    from . import tolerance

    fold = tolerance._fold_before(fold_before)
    strength = np.asarray(usual_dose_strength(ratio, lost), dtype=float)
    return opioid_effect(opioid, validation.nonnegative("dose_mg", dose_mg) * strength / fold, route)
