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
  compartment: naltrexone within about an hour, 6-beta-naltrexol slowly (it crosses
  the blood-brain barrier poorly). Both compete for the same receptors:
  ``X = Ce_naltrexone/K_naltrexone + Ce_naltrexol/K_naltrexol`` and the fraction
  blocked is ``X / (1 + X)`` (``X / ratio`` for kappa and delta). The two potencies and
  the slow rate were fitted to PET data (``tools/pk_fit.py``).

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
    if analyte == "6b-naltrexol":
        fall = _LN2 / _p("naltrexol_half_life_h")
        rise = _p("naltrexol_oral_appearance_rate_per_h")
        tmax = _p("oral_tmax_h")
        amplitude = _p("naltrexol_oral_50mg_cmax_ng_ml") / (math.exp(-fall * tmax) - math.exp(-rise * tmax))
        return ((amplitude, fall), (-amplitude, rise))
    ka = _p("naltrexone_oral_absorption_rate_per_h")
    fast = _LN2 / _p("naltrexone_oral_fast_half_life_h")
    slow = _LN2 / _p("naltrexone_half_life_h")
    tmax = _p("oral_tmax_h")
    auc = _oral_auc_ng_h_ml()
    # two equations (peak value at tmax, total AUC) for the two phase amplitudes
    matrix = np.array(
        [
            [math.exp(-fast * tmax) - math.exp(-ka * tmax), math.exp(-slow * tmax) - math.exp(-ka * tmax)],
            [1 / fast - 1 / ka, 1 / slow - 1 / ka],
        ]
    )
    a_fast, a_slow = np.linalg.solve(matrix, [_p("oral_50mg_naltrexone_cmax_ng_ml"), auc])
    return ((a_fast, fast), (a_slow, slow), (-(a_fast + a_slow), ka))


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
    return np.clip(total * (regimen.dose_mg / reference), 0.0, None).reshape(t.shape)


def _check(regimen: object, t_h: ArrayLike) -> NDArray[np.float64]:
    if not isinstance(regimen, Regimen):
        raise ValueError(f"regimen must be made with pk.oral(...) or pk.injection(...), got {regimen!r}")
    return validation.nonnegative("t_h", t_h)


def plasma(regimen: Regimen, t_h: ArrayLike, analyte: str = "naltrexone"):
    """Plasma level (ng/mL) of ``analyte`` (``"naltrexone"`` or ``"6b-naltrexol"``) at
    times ``t_h`` (hours since the first dose, >= 0). Array in, array out."""
    t = _check(regimen, t_h)
    validation.choice("analyte", analyte, ANALYTES)
    return validation.scalar_or_array(_superpose(regimen, _terms(regimen.route, analyte), t))


def occupancy(regimen: Regimen, t_h: ArrayLike, receptor: str = "mu"):
    """Fraction (0..1) of brain ``receptor`` (``"mu"``, ``"kappa"``, ``"delta"``) blocked
    by naltrexone plus 6-beta-naltrexol at times ``t_h`` (hours since the first dose).

    Calibrated on mu PET data after tablets; for the injection it is an extrapolation
    (no PET study of the injection exists)."""
    t = _check(regimen, t_h)
    validation.choice("receptor", receptor, RECEPTORS)
    ntx, nol = _brain_terms(regimen.route)
    x = _superpose(regimen, ntx, t) + _superpose(regimen, nol, t)
    if receptor != "mu":
        x = x / _p(f"naltrexone_{receptor}_to_mu_ratio")
    return validation.scalar_or_array(x / (1.0 + x))
