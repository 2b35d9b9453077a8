"""Low-dose naltrexone: which target can a dose reach? Opioid receptors versus TLR4.

The question is one of *target engagement*: a mechanism is only plausible at a dose
if the drug reaches the concentration at which that mechanism works. This module
takes the predicted plasma level and brain mu occupancy from the course's
pharmacology model (:mod:`naltrexone_course.pk`) and sets them against the
concentrations at which TLR4 effects were reported in cells.

* Peak plasma naltrexone over the first 24 h after one tablet (total, not free,
  because cell-culture concentrations are nominal totals too).
* Peak brain mu occupancy over the same 24 h.
* How far the peak falls short of the lowest TLR4 concentration (a ratio).

Pure numpy; no plotting. Numbers come from :mod:`naltrexone_course.parameters`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import parameters, pk, validation

#: Hours over which the peak after one tablet is looked for, and the time step.
WINDOW_H = 24.0
_GRID = np.linspace(0.0, WINDOW_H, 24 * 20 + 1)  # every 3 minutes


def _doses(dose_mg: ArrayLike) -> np.ndarray:
    return validation.positive("dose_mg", dose_mg)


def _each(dose_mg: ArrayLike, one) -> float | np.ndarray:
    doses = _doses(dose_mg)
    out = np.array([one(float(d)) for d in doses.ravel()]).reshape(doses.shape)
    return validation.scalar_or_array(out)


def peak_plasma_ng_ml(dose_mg: ArrayLike):
    """Highest plasma naltrexone (ng/mL) after one oral dose of ``dose_mg`` (:func:`pk.tablet_peak_level`)."""
    return pk.tablet_peak_level(dose_mg)


def peak_plasma_nM(dose_mg: ArrayLike):
    """Highest plasma naltrexone (nM, total) after one oral dose (:func:`pk.tablet_peak_level`)."""
    return pk.tablet_peak_level(dose_mg, unit="nM")


def peak_mu_occupancy(dose_mg: ArrayLike):
    """Highest fraction of brain mu receptors blocked in the 24 h after one oral dose."""
    return _each(dose_mg, lambda d: float(np.max(pk.occupancy(pk.oral(dose_mg=d), _GRID, receptor="mu"))))


def pet_fit_occupancy(dose_mg: ArrayLike):
    """Mu occupancy in the first 8 h from the hyperbola Trøstheim et al. fitted to PET
    data: ``dose / (dose + ED50)`` with ED50 = 5.59 mg. An independent check on
    :func:`peak_mu_occupancy`."""
    d = _doses(dose_mg)
    ed50 = parameters.value("mu_occupancy_ed50_mg")
    return validation.scalar_or_array(d / (d + ed50))


def tlr4_range_nM() -> tuple[float, float]:
    """Low and high ends (nM) of the concentrations used in in-vitro TLR4 studies."""
    return parameters.value("tlr4_effect_low_uM") * 1000.0, parameters.value("tlr4_effect_high_uM") * 1000.0


def human_cell_no_effect_nM() -> float:
    """Highest concentration (nM) that had no TLR4 effect in human blood cells (Cant 2017)."""
    return parameters.value("tlr4_no_effect_human_pbmc_uM") * 1000.0


def fold_below_tlr4(dose_mg: ArrayLike):
    """How many times the peak plasma level after ``dose_mg`` falls short of the lowest
    concentration at which TLR4 effects were reported (values below 1 would reach it)."""
    low, _ = tlr4_range_nM()
    with np.errstate(divide="ignore", over="ignore"):
        fold = low / np.asarray(peak_plasma_nM(dose_mg))
    return validation.scalar_or_array(validation.finite_result(fold, "dose_mg"))


def dose_to_reach_nM(target_nM: ArrayLike) -> float | np.ndarray:
    """Single oral dose (mg) whose peak plasma level would reach ``target_nM``.

    Uses the model's dose-proportionality (checked by Meyer et al. 1984 from 50 to
    200 mg); far outside that range this is an extrapolation, not a prediction.
    """
    target = validation.positive("target_nM", target_nM)
    reference_dose = 50.0
    per_mg = float(peak_plasma_nM(reference_dose)) / reference_dose
    with np.errstate(over="ignore"):
        dose = target / per_mg
    return validation.scalar_or_array(validation.finite_result(dose, "target_nM"))
