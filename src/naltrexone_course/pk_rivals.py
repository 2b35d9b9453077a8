"""Rival explanations of naltrexone's long blockade, each a complete model of the brain side.

The book's model (:mod:`naltrexone_course.pk`) explains why PET occupancy falls with a
half-time of 72-108 h (Lee 1988) although plasma naltrexone falls with a 4 h half-life
through its metabolite: 6-beta-naltrexol, present at about ten times the level of
naltrexone, reaches the brain through a slow compartment (a fitted half-time of about two
days, unusual for a small molecule). Two other structures can give a slow offset too.
Each keeps the book's plasma model (fitted once, to the plasma points) and replaces only
what the rival explanation changes; its own parameters are fitted to the very same
reference points (``tools/pk_fit.py --rivals``), and all are graded hypotheses.

* **Rebinding** (:func:`rebinding_receptor_load`): naltrexone binds mu receptors with a
  slow dissociation (``k_off``) and a fast association (``k_on * C``): high plasma levels
  occupy receptors within minutes, and receptors empty only as fast as the drug lets go
  (Kim 1997 measured a receptor clearance half-time of about 29 h for nalmefene with the
  same method, "not reflected in the plasma curve"). 6-beta-naltrexol competes at
  equilibrium with its plasma level; there is no slow brain compartment.
* **Terminal phase** (:func:`terminal_plasma`): plasma naltrexone after a tablet has a
  slow terminal phase that the 4 h elimination phase hides (8.9 h after oral doses in
  Wall 1981; Lee 1988 quote a 96 h terminal phase), and brain levels follow plasma at
  once. The depot's release is slower than any such phase, so the injection's plasma
  curve is the book's. 6-beta-naltrexol acts at equilibrium.

Occupancy is ``X / (1 + X)`` with ``X`` the receptor load (kappa and delta: ``X`` divided by
the in vitro ratios), and the dose ratio of an opioid ``1 + X``, as in :mod:`pk`; for the
rebinding model ``X = B / (1 - B)`` from the bound fraction ``B`` (an opioid given while
naltrexone is slow to leave meets the receptors it left free: hemi-equilibrium). Units:
hours, ng/mL, fractions. Every number comes from :mod:`naltrexone_course.parameters`
(family "pk_rivals").
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import binding, parameters, pk, validation

RECEPTORS = binding.RECEPTORS
#: Time step (h) of the exact piecewise solution of the binding equation.
STEP_H = 0.1
_MAX_H = 24.0 * 400  # the longest time the rebinding model integrates to (400 days)
_LN2 = math.log(2.0)


def _p(name: str) -> float:
    return parameters.value(name)


def _regimen(regimen: object, t_h: ArrayLike) -> NDArray[np.float64]:
    if not isinstance(regimen, pk.Regimen):
        raise ValueError(f"regimen must be made with pk.oral(...) or pk.injection(...), got {regimen!r}")
    return validation.nonnegative("t_h", t_h)


def _to_receptor(x: NDArray[np.float64], receptor: str) -> NDArray[np.float64]:
    validation.choice("receptor", receptor, RECEPTORS)
    return x if receptor == "mu" else x / _p(f"naltrexone_{receptor}_to_mu_ratio")


# --- rival 1: slow dissociation and rebinding -------------------------------------------
def _bound_naltrexone(regimen: pk.Regimen, grid: NDArray[np.float64]) -> NDArray[np.float64]:
    """Fraction of mu receptors bound by naltrexone on ``grid`` (a uniform STEP_H grid from 0).

    ``dB/dt = k_on C (1 - B - B_2) - k_off B`` with 6-beta-naltrexol's share ``B_2`` at
    equilibrium; over each step plasma is held at its mid-step value, where the equation
    is linear and solved exactly (stable for any ``k_on C``)."""
    koff = _LN2 / _p("rebinding_naltrexone_off_half_time_h")
    kon = koff / _p("rebinding_naltrexone_kd_ng_ml")
    mid = grid[:-1] + STEP_H / 2
    c1 = np.asarray(pk.plasma(regimen, mid), dtype=float)
    x2 = np.asarray(pk.plasma(regimen, mid, "6b-naltrexol"), dtype=float) / _p(
        "rebinding_naltrexol_ec50_ng_ml"
    )
    a = kon * c1 / (1.0 + x2)  # association rate onto the receptors 6-beta-naltrexol leaves free
    rate = a + koff
    equilibrium = a / rate
    decay = np.exp(-rate * STEP_H)
    bound = np.empty(grid.size)
    b = 0.0
    bound[0] = 0.0
    for i in range(mid.size):
        b = equilibrium[i] + (b - equilibrium[i]) * decay[i]
        bound[i + 1] = b
    return bound


def rebinding_receptor_load(regimen: pk.Regimen, t_h: ArrayLike):
    """Receptor load ``X`` (>= 0) at mu receptors at times ``t_h`` (h since the first dose)
    in the rebinding model: ``X = B / (1 - B)`` with ``B`` the fraction bound by either
    analyte. Times up to 400 days."""
    t = _regimen(regimen, t_h)
    if np.any(t > _MAX_H):
        raise ValueError(f"t_h must lie in [0, {_MAX_H:g}] h for the rebinding model, got {t_h!r}")
    end = float(t.max()) if t.size else 0.0
    grid = np.arange(0.0, end + 2 * STEP_H, STEP_H)
    b1 = _bound_naltrexone(regimen, grid)
    x2 = np.asarray(pk.plasma(regimen, grid, "6b-naltrexol"), dtype=float) / _p(
        "rebinding_naltrexol_ec50_ng_ml"
    )
    bound = b1 + (1.0 - b1) * x2 / (1.0 + x2)
    bound = np.clip(np.interp(t.reshape(-1), grid, bound), 0.0, 1.0 - 1e-12)
    return validation.scalar_or_array((bound / (1.0 - bound)).reshape(t.shape))


def rebinding_occupancy(regimen: pk.Regimen, t_h: ArrayLike, receptor: str = "mu"):
    """Fraction (0..1) of brain ``receptor`` blocked at times ``t_h`` in the rebinding model."""
    x = _to_receptor(np.asarray(rebinding_receptor_load(regimen, t_h), dtype=float), receptor)
    return validation.scalar_or_array(x / (1.0 + x))


def rebinding_metabolite_load(regimen: pk.Regimen, t_h: ArrayLike):
    """The receptor load 6-beta-naltrexol alone would give (>= 0) in the rebinding model."""
    t = _regimen(regimen, t_h)
    x = np.asarray(pk.plasma(regimen, t, "6b-naltrexol"), dtype=float) / _p("rebinding_naltrexol_ec50_ng_ml")
    return validation.scalar_or_array(x)


def rebinding_opioid_link() -> tuple[float, float]:
    """(ED50 in mg IV morphine, Hill slope) of the opioid dose-effect curve, refitted with
    the rebinding model."""
    return _p("rebinding_opioid_ed50_morphine_iv_mg"), _p("rebinding_opioid_hill")


# --- rival 2: a slow terminal plasma phase ----------------------------------------------
def terminal_plasma(regimen: pk.Regimen, t_h: ArrayLike, analyte: str = "naltrexone"):
    """Plasma level (ng/mL) of ``analyte`` at times ``t_h`` in the terminal-phase model: the
    book's curve plus, after tablets, a slow terminal phase of naltrexone holding a fitted
    share of the tablet's exposure (a tablet's extra ng*h/mL, absorbed at the tablet's rate)."""
    t = _regimen(regimen, t_h)
    validation.choice("analyte", analyte, pk.ANALYTES)
    base = np.asarray(pk.plasma(regimen, t, analyte), dtype=float)
    if regimen.route != "oral" or analyte != "naltrexone":
        return validation.scalar_or_array(base)
    ka = _p("naltrexone_oral_absorption_rate_per_h")
    fall = _LN2 / _p("terminal_naltrexone_half_life_h")
    auc = _p("terminal_naltrexone_auc_share") * pk._oral_auc_ng_h_ml() * regimen.dose_mg / 50.0
    amplitude = auc / (1.0 / fall - 1.0 / ka)
    extra = np.zeros(t.shape)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in regimen.dose_times_h:
            since = t - start
            on = since >= 0
            extra[on] += amplitude * (np.exp(-fall * since[on]) - np.exp(-ka * since[on]))
        level = base + np.clip(extra, 0.0, None)
    return validation.scalar_or_array(validation.finite_result(level, "dose_mg"))


def terminal_receptor_load(regimen: pk.Regimen, t_h: ArrayLike):
    """Receptor load ``X`` (>= 0) at mu receptors in the terminal-phase model: both analytes
    at equilibrium with plasma, ``X = C_naltrexone/K_1 + C_naltrexol/K_2``."""
    t = _regimen(regimen, t_h)
    x = np.asarray(terminal_plasma(regimen, t), dtype=float) / _p(
        "terminal_naltrexone_ec50_ng_ml"
    ) + np.asarray(pk.plasma(regimen, t, "6b-naltrexol"), dtype=float) / _p("terminal_naltrexol_ec50_ng_ml")
    return validation.scalar_or_array(x)


def terminal_occupancy(regimen: pk.Regimen, t_h: ArrayLike, receptor: str = "mu"):
    """Fraction (0..1) of brain ``receptor`` blocked at times ``t_h`` in the terminal-phase model."""
    x = _to_receptor(np.asarray(terminal_receptor_load(regimen, t_h), dtype=float), receptor)
    return validation.scalar_or_array(x / (1.0 + x))


def terminal_metabolite_load(regimen: pk.Regimen, t_h: ArrayLike):
    """The receptor load 6-beta-naltrexol alone would give (>= 0) in the terminal-phase model."""
    t = _regimen(regimen, t_h)
    x = np.asarray(pk.plasma(regimen, t, "6b-naltrexol"), dtype=float) / _p("terminal_naltrexol_ec50_ng_ml")
    return validation.scalar_or_array(x)


def terminal_opioid_link() -> tuple[float, float]:
    """(ED50 in mg IV morphine, Hill slope) of the opioid dose-effect curve, refitted with
    the terminal-phase model."""
    return _p("terminal_opioid_ed50_morphine_iv_mg"), _p("terminal_opioid_hill")
