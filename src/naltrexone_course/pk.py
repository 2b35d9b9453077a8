"""Dose, time and occupancy: how much naltrexone is in the blood, and how much of the
brain's opioid receptors it blocks, after tablets or the monthly injection.

Units: doses in mg, times in hours since the first dose, plasma levels in ng/mL,
occupancy as a fraction 0..1 of receptors blocked. Pure numpy, no plotting.

Structure (every number comes from :mod:`naltrexone_course.parameters`, family "pk"):

* **Tablet, naltrexone.** A sum of exponentials after first-order absorption: a fast
  phase (spreading into tissues, first-pass) and the 4 h elimination phase. Its
  amplitudes are solved so that 50 mg gives the labelled peak (13.3 ng/mL at 1 h) and
  an exposure (AUC) of ``F * dose / CL``.
* **Tablet, 6-beta-naltrexol.** Appears with the first pass (peak 108 ng/mL at 1 h)
  and leaves with its 13 h half-life.
* **Injection.** Three release phases of the microspheres (a burst that peaks at about
  2 h, diffusion that peaks at 2-3 days, erosion that holds levels to about day 14),
  all ending in the label's 5-10 day apparent half-life; 6-beta-naltrexol is formed
  from the naltrexone in the blood.
* **Brain occupancy.** Each analyte reaches the brain through its own effect
  compartment: naltrexone within hours (the fitted delay also stands in for its slow
  terminal plasma phase, which the tablet curve lacks: about 0.08 ng/mL remain 24 h
  after 50 mg in the model, where Wall 1981 report an 8.9 h oral terminal half-life),
  6-beta-naltrexol over days (it crosses the blood-brain barrier poorly). This is one
  explanation of the long blockade among others (slow receptor dissociation; a terminal
  plasma phase: :mod:`naltrexone_course.pk_rivals`), chosen because it fits the fitted
  points best, not because it is known. Both compete for the same receptors:
  ``X = Ce_naltrexone/K_naltrexone + Ce_naltrexol/K_naltrexol`` and the fraction
  blocked is ``X / (1 + X)`` (``X / ratio`` for kappa and delta). The two potencies and
  the two delays were fitted to PET data, Lee 1988's slow decline and the label's
  blockade durations (``tools/pk_fit.py``); both delays are hypotheses.

Every single-dose curve is a list of ``(coefficient, rate)`` pairs meaning
``sum(c * exp(-rate * t))``; doses add up (linear kinetics), so arrays are fast.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import binding, parameters, validation

ANALYTES = ("naltrexone", "6b-naltrexol")
RECEPTORS = binding.RECEPTORS
_LN2 = math.log(2.0)
_ORAL_REFERENCE_MG = 50.0  # the tablet dose the label values describe
_INJECTION_REFERENCE_MG = 380.0  # the injection dose the label values describe
_MAX_DOSES = 1000

Terms = tuple[tuple[float, float], ...]  # (coefficient in ng/mL per reference dose, rate in 1/h)


@dataclass(frozen=True)
class Regimen:
    """A dosing schedule. Build one with :func:`oral` or :func:`injection`.

    ``route`` is ``"oral"`` or ``"injection"``; ``dose_mg`` the amount of each dose;
    ``every_h`` the hours between doses; ``doses`` how many are scheduled (the first at
    time 0); ``missed`` the 0-based indices of scheduled doses that were not taken.
    """

    route: str
    dose_mg: float
    every_h: float
    doses: int
    missed: tuple[int, ...] = ()

    @property
    def dose_times_h(self) -> NDArray[np.float64]:
        """Times (h) of the doses actually taken."""
        taken = [i for i in range(self.doses) if i not in self.missed]
        return np.asarray(taken, dtype=float) * self.every_h

    @property
    def label(self) -> str:
        """A short description, e.g. ``"50 mg tablet every 24 h x 14 (2 missed)"``."""
        form = "tablet" if self.route == "oral" else "injection"
        every = f"{self.every_h:g} h" if self.route == "oral" else f"{self.every_h / 24:g} days"
        text = f"{self.dose_mg:g} mg {form} every {every} x {self.doses}"
        return text + (f" ({len(self.missed)} missed)" if self.missed else "")


def _count(name: str, value: object, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= int(value) <= _MAX_DOSES:
        raise ValueError(f"{name} must lie in [{low}, {_MAX_DOSES}], got {value!r}")
    return int(value)


def _scalar(name: str, value: object) -> float:
    arr = validation.positive(name, value)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number, got {value!r}")
    return float(arr)


def oral(dose_mg: float = 50, every_h: float = 24, doses: int = 1, missed: Iterable[int] = ()) -> Regimen:
    """Tablets of ``dose_mg`` (mg, any dose > 0) every ``every_h`` hours, ``doses`` times;
    ``missed`` lists 0-based indices of doses skipped (e.g. ``missed=(5, 6)``)."""
    dose = _scalar("dose_mg", dose_mg)
    every = _scalar("every_h", every_h)
    n = _count("doses", doses)
    if isinstance(missed, (str, bytes)) or not isinstance(missed, Iterable):
        raise ValueError(f"missed must be a collection of dose indices, got {missed!r}")
    skipped = []
    for index in missed:
        i = _count("missed", index, low=0)
        if i >= n:
            raise ValueError(f"missed must hold dose indices in [0, {n - 1}], got {index!r}")
        skipped.append(i)
    return Regimen("oral", dose, every, n, tuple(sorted(set(skipped))))


def injection(dose_mg: float = 380, every_days: float = 28, doses: int = 1) -> Regimen:
    """Extended-release intramuscular injections of ``dose_mg`` (mg) every ``every_days``
    days, ``doses`` times. Levels scale with dose (dose-proportional, Dunbar 2006)."""
    dose = _scalar("dose_mg", dose_mg)
    every = _scalar("every_days", every_days)
    return Regimen("injection", dose, every * 24.0, _count("doses", doses))


# --- single-dose curves ---------------------------------------------------------------
def _p(name: str) -> float:
    return parameters.value(name)


def _bateman(auc: float, rise: float, fall: float) -> Terms:
    """A first-order input into first-order loss, scaled to ``auc`` (ng*h/mL)."""
    if abs(rise - fall) < 1e-9 * fall:
        rise *= 1.0 + 1e-6
    amplitude = auc / (1.0 / fall - 1.0 / rise)
    return ((amplitude, fall), (-amplitude, rise))


def _through(terms: Terms, rate: float, gain: float | None = None) -> Terms:
    """Pass a curve through a compartment ``y' = gain * x - rate * y`` (gain defaults to
    ``rate``: an effect compartment that follows ``x`` with a delay)."""
    gain = rate if gain is None else gain
    out, total = [], 0.0
    for c, r in terms:
        if abs(rate - r) < 1e-9 * rate:
            r *= 1.0 + 1e-6
        coefficient = c * gain / (rate - r)
        out.append((coefficient, r))
        total += coefficient
    out.append((-total, rate))
    return tuple(out)


@functools.cache
def _oral_terms(analyte: str) -> Terms:
    ka = _p("naltrexone_oral_absorption_rate_per_h")
    if analyte == "6b-naltrexol":
        # formed on the first pass: appears at its own rate, leaves with its 13 h half-life
        fall = _LN2 / _p("naltrexol_half_life_h")
        return _bateman(
            _p("naltrexol_oral_50mg_auc_ng_h_ml"), _p("naltrexol_oral_appearance_rate_per_h"), fall
        )
    fast = _LN2 / _p("naltrexone_oral_fast_half_life_h")
    slow = _LN2 / _p("naltrexone_half_life_h")
    auc = _oral_auc_ng_h_ml()
    share = _p("naltrexone_oral_fast_share")
    # two phases after first-order absorption: a fast fall (distribution) and the 4 h phase;
    # every parameter is fitted jointly (tools/pk_fit.py), none is solved to meet one point
    return _bateman(share * auc, ka, fast) + _bateman((1.0 - share) * auc, ka, slow)


def _oral_auc_ng_h_ml() -> float:
    """Naltrexone exposure after one 50 mg tablet: F * dose / CL (ng*h/mL)."""
    return (
        _p("naltrexone_oral_bioavailability") * _ORAL_REFERENCE_MG * 1000.0 / _p("naltrexone_clearance_L_h")
    )


def _injection_auc_ng_h_ml() -> float:
    """Naltrexone exposure after one 380 mg injection: F * dose / CL (ng*h/mL)."""
    return (
        _p("naltrexone_xr_bioavailability")
        * _INJECTION_REFERENCE_MG
        * 1000.0
        / _p("naltrexone_clearance_L_h")
    )


@functools.cache
def _injection_terms(analyte: str) -> Terms:
    if analyte == "6b-naltrexol":
        fall = _LN2 / _p("naltrexol_half_life_h")
        return _through(_injection_terms("naltrexone"), fall, gain=_p("naltrexol_xr_ratio") * fall)
    auc = _injection_auc_ng_h_ml()
    burst = _p("xr_burst_fraction")
    diffusion = _p("xr_diffusion_fraction")
    day = 24.0
    fall = _LN2 / (_p("xr_apparent_half_life_days") * day)
    return (
        _bateman(burst * auc, _p("xr_burst_rise_per_h"), _p("xr_burst_fall_per_h"))
        + _bateman(
            diffusion * auc,
            _LN2 / (_p("xr_diffusion_rise_half_life_days") * day),
            _LN2 / (_p("xr_diffusion_fall_half_life_days") * day),
        )
        + _bateman((1 - burst - diffusion) * auc, _LN2 / (_p("xr_erosion_rise_half_life_days") * day), fall)
    )


def _terms(route: str, analyte: str) -> Terms:
    return _oral_terms(analyte) if route == "oral" else _injection_terms(analyte)


@functools.cache
def _brain_terms(route: str) -> tuple[Terms, Terms]:
    """Effect-site curves, already divided by each analyte's in vivo potency, so that
    their sum is the occupancy ratio ``X`` per reference dose."""
    ntx = _through(_terms(route, "naltrexone"), _LN2 / _p("naltrexone_brain_half_time_h"))
    nol = _through(_terms(route, "6b-naltrexol"), _LN2 / _p("naltrexol_brain_half_time_h"))
    k_ntx, k_nol = _p("naltrexone_brain_ec50_ng_ml"), _p("naltrexol_brain_ec50_ng_ml")
    return tuple((c / k_ntx, r) for c, r in ntx), tuple((c / k_nol, r) for c, r in nol)


def _superpose(regimen: Regimen, terms: Terms, t: NDArray[np.float64]) -> NDArray[np.float64]:
    reference = _ORAL_REFERENCE_MG if regimen.route == "oral" else _INJECTION_REFERENCE_MG
    coefficients = np.array([c for c, _ in terms])
    rates = np.array([r for _, r in terms])
    flat = t.reshape(-1)
    total = np.zeros_like(flat)
    for start in regimen.dose_times_h:
        since = flat - start
        mask = since >= 0
        if np.any(mask):
            total[mask] += np.exp(-np.outer(since[mask], rates)) @ coefficients
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = total * (regimen.dose_mg / reference)
    return np.clip(validation.finite_result(scaled, "dose_mg"), 0.0, None).reshape(t.shape)


def _check(regimen: object, t_h: ArrayLike) -> NDArray[np.float64]:
    if not isinstance(regimen, Regimen):
        raise ValueError(f"regimen must be made with pk.oral(...) or pk.injection(...), got {regimen!r}")
    return validation.nonnegative("t_h", t_h)


# --- people differ ------------------------------------------------------------------
@dataclass(frozen=True)
class Population:
    """Per-person multipliers (1 = the typical person) drawn by :func:`virtual_patients`.

    ``oral_exposure`` scales tablet naltrexone (bioavailability), ``clearance`` divides
    the exposure of both analytes, ``injection_exposure`` scales the depot's release and
    ``brain_potency`` multiplies both brain potencies (above 1: a weaker blockade)."""

    seed: int
    oral_exposure: NDArray[np.float64]
    clearance: NDArray[np.float64]
    injection_exposure: NDArray[np.float64]
    brain_potency: NDArray[np.float64]

    @property
    def size(self) -> int:
        """How many people."""
        return int(self.clearance.size)


_MAX_PEOPLE = 100_000


def virtual_patients(n: int = 100, seed: int = 0) -> Population:
    """``n`` virtual people (1..100000) drawn reproducibly with ``seed`` (>= 0).

    Each multiplier is log-normal with median 1 (so the population is centred on the
    typical person of the other functions) and the log-SD registered in
    :mod:`naltrexone_course.parameters` (family "population": the bioavailability spread
    comes from the label's 5-40% range; the others are assumed and graded toy)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= int(n) <= _MAX_PEOPLE:
        raise ValueError(f"n must be a whole number in [1, {_MAX_PEOPLE}], got {n!r}")
    size = int(n)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    rng = np.random.default_rng(int(seed))
    names = ("oral_bioavailability", "clearance", "injection_exposure", "brain_potency")
    draws = {name: np.exp(_p(f"population_{name}_log_sd") * rng.standard_normal(size)) for name in names}
    return Population(
        int(seed),
        draws["oral_bioavailability"],
        draws["clearance"],
        draws["injection_exposure"],
        draws["brain_potency"],
    )


def _person_scale(regimen: Regimen, patients: Population | None, analyte: str) -> NDArray[np.float64]:
    """Per-person factor (n, 1) on the typical curve of ``analyte`` in plasma."""
    if patients is None:
        return np.ones((1, 1))
    if not isinstance(patients, Population):
        raise ValueError(f"patients must come from pk.virtual_patients(...), got {patients!r}")
    if regimen.route == "injection":
        factor = patients.injection_exposure / patients.clearance
    elif analyte == "naltrexone":
        factor = patients.oral_exposure / patients.clearance
    else:  # formed on the first pass: set by clearance, hardly by bioavailability
        factor = 1.0 / patients.clearance
    return factor.reshape(-1, 1)


def _per_person(values: NDArray[np.float64], scale: NDArray[np.float64], patients) -> NDArray[np.float64]:
    if patients is None:
        return values
    return (scale * values.reshape(1, -1)).reshape((patients.size,) + values.shape)


def plasma(regimen: Regimen, t_h: ArrayLike, analyte: str = "naltrexone", patients: Population | None = None):
    """Plasma level (ng/mL) of ``analyte`` (``"naltrexone"`` or ``"6b-naltrexol"``) at
    times ``t_h`` (hours since the first dose, >= 0). Array in, array out; with
    ``patients`` (from :func:`virtual_patients`) one row per person."""
    t = _check(regimen, t_h)
    validation.choice("analyte", analyte, ANALYTES)
    scale = _person_scale(regimen, patients, analyte)
    typical = _superpose(regimen, _terms(regimen.route, analyte), t)
    return validation.scalar_or_array(_per_person(typical, scale, patients))


def tablet_peak(dose_mg: float = 50, analyte: str = "naltrexone") -> tuple[float, float]:
    """Time (h) and level (ng/mL) of the highest plasma ``analyte`` in the 24 h after one
    tablet of ``dose_mg`` (found on a 3-minute grid, then refined to under 2 seconds)."""
    regimen = oral(dose_mg)
    validation.choice("analyte", analyte, ANALYTES)
    coarse = np.linspace(0.0, 24.0, 481)
    t0 = float(coarse[int(np.argmax(_superpose(regimen, _terms("oral", analyte), coarse)))])
    fine = np.linspace(max(0.0, t0 - 0.05), t0 + 0.05, 201)
    level = _superpose(regimen, _terms("oral", analyte), fine)
    i = int(np.argmax(level))
    return float(fine[i]), float(level[i])


def tablet_peak_level(dose_mg: ArrayLike, analyte: str = "naltrexone", unit: str = "ng/mL"):
    """Highest plasma ``analyte`` after one tablet of each dose in ``dose_mg`` (mg, > 0), in
    ``unit`` (``"ng/mL"`` or ``"nM"``, total drug, with the registry's molar masses)."""
    doses = validation.positive("dose_mg", dose_mg)
    validation.choice("unit", unit, ("ng/mL", "nM"))
    levels = np.array([tablet_peak(float(d), analyte)[1] for d in doses.ravel()]).reshape(doses.shape)
    if unit == "nM":
        mass = "naltrexone_molar_mass" if analyte == "naltrexone" else "naltrexol_molar_mass"
        with np.errstate(over="ignore"):
            levels = levels * 1000.0 / _p(mass)  # binding.ng_per_ml_to_nM, overflow named below
    return validation.scalar_or_array(validation.finite_result(levels, "dose_mg"))


def receptor_load(regimen: Regimen, t_h: ArrayLike, patients: Population | None = None):
    """The competition term ``X = Ce_naltrexone/K_naltrexone + Ce_naltrexol/K_naltrexol``
    at brain mu receptors (dimensionless, >= 0): occupancy is ``X / (1 + X)`` and the
    dose ratio of an opioid ``1 + X`` (Gaddum). With ``patients``, one row per person."""
    t = _check(regimen, t_h)
    ntx, nol = _brain_terms(regimen.route)
    x_ntx = _superpose(regimen, ntx, t)
    x_nol = _superpose(regimen, nol, t)
    if patients is None:
        return validation.scalar_or_array(x_ntx + x_nol)
    _person_scale(regimen, patients, "naltrexone")  # checks ``patients``
    potency = patients.brain_potency.reshape(-1, 1)
    x = (
        _person_scale(regimen, patients, "naltrexone") * x_ntx.reshape(1, -1)
        + _person_scale(regimen, patients, "6b-naltrexol") * x_nol.reshape(1, -1)
    ) / potency
    return x.reshape((patients.size,) + t.shape)


def receptor_load_of(regimen: Regimen, t_h: ArrayLike, analyte: str = "6b-naltrexol"):
    """The part of :func:`receptor_load` that ``analyte`` carries (``Ce/K`` of that analyte
    alone, dimensionless, >= 0): with ``"6b-naltrexol"``, the blockade the metabolite would
    give by itself, the model's prediction for a dose of the metabolite alone."""
    t = _check(regimen, t_h)
    validation.choice("analyte", analyte, ANALYTES)
    ntx, nol = _brain_terms(regimen.route)
    return validation.scalar_or_array(_superpose(regimen, ntx if analyte == "naltrexone" else nol, t))


def occupancy(regimen: Regimen, t_h: ArrayLike, receptor: str = "mu", patients: Population | None = None):
    """Fraction (0..1) of brain ``receptor`` (``"mu"``, ``"kappa"``, ``"delta"``) blocked
    by naltrexone plus 6-beta-naltrexol at times ``t_h`` (hours since the first dose).

    Fitted jointly to mu PET data after tablets and to opioid challenges
    (``tools/pk_fit.py``); kappa and delta follow from the in vitro affinity ratios and were
    never fitted to people, but both were measured in people by PET and serve as
    out-of-sample checks: delta blockade on daily 50 mg tablets (Weerts 2008, about 21%)
    and kappa occupancy after a week of 100 mg daily (de Laat 2021, about 92%); see the
    page "How well the model fits". For the injection it is an extrapolation (no PET study
    of the injection exists)."""
    t = _check(regimen, t_h)
    validation.choice("receptor", receptor, RECEPTORS)
    x = np.asarray(receptor_load(regimen, t, patients), dtype=float)
    if receptor != "mu":
        x = x / _p(f"naltrexone_{receptor}_to_mu_ratio")
    return validation.scalar_or_array(x / (1.0 + x))
