"""Receptor binding at equilibrium: occupancy, competitive antagonism, Schild.

Concentrations are free (unbound) concentrations in nM; results are fractions 0..1
of receptors occupied. Pure numpy; no plotting.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import parameters, validation

RECEPTORS = ("mu", "kappa", "delta")


def occupancy(concentration_nM: ArrayLike, kd_nM: ArrayLike, hill: float = 1.0):
    """Fraction of receptors occupied by a ligand at equilibrium (Hill-Langmuir).

    ``f = C^n / (C^n + Kd^n)`` with ``C`` the free concentration (nM), ``Kd`` the
    dissociation constant (nM) and ``n`` the Hill coefficient (1 for simple binding).
    """
    c = validation.nonnegative("concentration_nM", concentration_nM)
    kd = validation.positive("kd_nM", kd_nM)
    n = validation.in_range("hill", hill, 0.1, 10.0, scalar=True)
    with np.errstate(over="ignore"):
        ratio = (c / kd) ** n
    return validation.scalar_or_array(validation.saturating(ratio))


def gaddum(
    agonist_nM: ArrayLike,
    agonist_kd_nM: ArrayLike,
    antagonist_nM: ArrayLike,
    antagonist_kd_nM: ArrayLike,
):
    """Fraction of receptors the agonist occupies beside a competitive antagonist.

    Gaddum's equation: ``f_A = [A] / ([A] + K_A (1 + [B]/K_B))`` (all in nM).
    With no antagonist it reduces to :func:`occupancy`.
    """
    a = validation.nonnegative("agonist_nM", agonist_nM)
    ka = validation.positive("agonist_kd_nM", agonist_kd_nM)
    b = validation.nonnegative("antagonist_nM", antagonist_nM)
    kb = validation.positive("antagonist_kd_nM", antagonist_kd_nM)
    return validation.scalar_or_array(a / (a + ka * (1.0 + b / kb)))


def dose_ratio(antagonist_nM: ArrayLike, antagonist_kd_nM: ArrayLike):
    """Schild dose ratio ``DR = 1 + [B]/K_B``: how many times more agonist is needed
    for the same effect when a competitive antagonist at ``antagonist_nM`` is present."""
    b = validation.nonnegative("antagonist_nM", antagonist_nM)
    kb = validation.positive("antagonist_kd_nM", antagonist_kd_nM)
    with np.errstate(over="ignore"):
        ratio = 1.0 + b / kb
    return validation.scalar_or_array(validation.finite_result(ratio, "antagonist_nM", "antagonist_kd_nM"))


def naltrexone_ki_nM(receptor: str = "mu") -> float:
    """Naltrexone's inhibition constant (nM) at ``"mu"``, ``"kappa"`` or ``"delta"``.

    The mu value is measured; kappa and delta follow from the selectivity ratios
    used by Trøstheim et al. (2022).
    """
    validation.choice("receptor", receptor, RECEPTORS)
    ki_mu = parameters.value("naltrexone_ki_mu_nM")
    if receptor == "mu":
        return ki_mu
    return ki_mu * parameters.value(f"naltrexone_{receptor}_to_mu_ratio")


def ng_per_ml_to_nM(concentration_ng_ml: ArrayLike, molar_mass_g_mol: float):
    """Convert a mass concentration (ng/mL) to a molar one (nM)."""
    c = validation.nonnegative("concentration_ng_ml", concentration_ng_ml)
    mw = validation.positive("molar_mass_g_mol", molar_mass_g_mol, scalar=True)
    with np.errstate(over="ignore"):
        molar = c * 1000.0 / mw
    return validation.scalar_or_array(
        validation.finite_result(molar, "concentration_ng_ml", "molar_mass_g_mol")
    )


def naltrexone_occupancy(free_naltrexone_nM: ArrayLike, receptor: str = "mu"):
    """Fraction of ``receptor`` occupied at a free naltrexone concentration (nM)."""
    concentration = validation.nonnegative("free_naltrexone_nM", free_naltrexone_nM)
    return occupancy(concentration, naltrexone_ki_nM(receptor))


def log_concentration_grid(low_nM: float, high_nM: float, points: int = 200) -> NDArray[np.float64]:
    """Log-spaced concentrations (nM) from ``low_nM`` to ``high_nM`` for plotting."""
    low = validation.positive("low_nM", low_nM, scalar=True)
    high = validation.positive("high_nM", high_nM, scalar=True)
    if high <= low:
        raise ValueError(f"high_nM must be greater than low_nM ({low}), got {high}")
    if int(points) < 2:
        raise ValueError(f"points must be >= 2, got {points}")
    return np.logspace(np.log10(low), np.log10(high), int(points))
