"""Binding models: equilibrium occupancy, Gaddum's equation and the Schild dose ratio."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import binding, parameters

concentrations = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)
affinities = st.floats(min_value=1e-4, max_value=1e5, allow_nan=False)


@given(concentrations, affinities)
def test_occupancy_is_a_fraction(c, kd):
    assert 0.0 <= binding.occupancy(c, kd) <= 1.0


@given(concentrations, concentrations, affinities)
def test_occupancy_never_falls_as_concentration_rises(c1, c2, kd):
    low, high = sorted((c1, c2))
    assert binding.occupancy(low, kd) <= binding.occupancy(high, kd) + 1e-12


@given(affinities)
def test_half_occupied_at_kd(kd):
    assert binding.occupancy(kd, kd) == pytest.approx(0.5)


@given(concentrations, affinities, affinities)
def test_gaddum_without_antagonist_is_plain_binding(a, ka, kb):
    assert binding.gaddum(a, ka, 0.0, kb) == pytest.approx(binding.occupancy(a, ka))


@given(concentrations, affinities, concentrations, affinities)
def test_antagonist_never_raises_agonist_occupancy(a, ka, b, kb):
    assert binding.gaddum(a, ka, b, kb) <= binding.occupancy(a, ka) + 1e-12


@given(
    st.floats(min_value=1e-3, max_value=1e4),
    affinities,
    st.floats(min_value=0, max_value=1e4),
    affinities,
)
def test_dose_ratio_restores_occupancy(a, ka, b, kb):
    """Surmountable: multiplying the agonist by the dose ratio gives back the same occupancy."""
    ratio = binding.dose_ratio(b, kb)
    assert binding.gaddum(a * ratio, ka, b, kb) == pytest.approx(binding.occupancy(a, ka), rel=1e-9)


def test_dose_ratio_formula():
    assert binding.dose_ratio(30.0, 0.11) == pytest.approx(1 + 30 / 0.11)
    assert binding.dose_ratio(0.0, 0.11) == 1.0


def test_hill_coefficient_steepens_the_curve():
    assert binding.occupancy(2.0, 1.0, hill=2.0) == pytest.approx(0.8)
    assert binding.occupancy(2.0, 1.0) == pytest.approx(2 / 3)


def test_arrays_in_arrays_out():
    out = binding.occupancy(np.array([0.0, 1.0, 3.0]), 1.0)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [0.0, 0.5, 0.75])
    assert isinstance(binding.occupancy(1.0, 1.0), float)


def test_naltrexone_selectivity_follows_the_cited_ratios():
    """Trøstheim et al. 2022 model DOR and KOR blockade with affinity ratios 1:79:2."""
    mu = binding.naltrexone_ki_nM("mu")
    assert binding.naltrexone_ki_nM("delta") / mu == pytest.approx(79)
    assert binding.naltrexone_ki_nM("kappa") / mu == pytest.approx(2)
    assert mu == parameters.value("naltrexone_ki_mu_nM")


def test_peak_after_50_mg_saturates_mu_receptors():
    """Free peak after 50 mg (13.3 ng/mL x 79% unbound, about 31 nM) occupies >99% of mu in vitro;
    PET finds 92-98% in the brain (Rabiner 2011), below that, as the chapter explains."""
    free = binding.ng_per_ml_to_nM(13.3, parameters.value("naltrexone_molar_mass")) * 0.79
    assert free == pytest.approx(30.8, rel=0.02)
    assert binding.naltrexone_occupancy(free, "mu") > 0.99


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: binding.occupancy(-1.0, 1.0), "concentration_nM"),
        (lambda: binding.occupancy(math.nan, 1.0), "concentration_nM"),
        (lambda: binding.occupancy([], 1.0), "concentration_nM"),
        (lambda: binding.occupancy(1.0, 0.0), "kd_nM"),
        (lambda: binding.occupancy(1.0, 1.0, hill=0), "hill"),
        (lambda: binding.gaddum(1.0, 1.0, -2.0, 1.0), "antagonist_nM"),
        (lambda: binding.gaddum(1.0, -1.0, 2.0, 1.0), "agonist_kd_nM"),
        (lambda: binding.dose_ratio(1.0, math.inf), "antagonist_kd_nM"),
        (lambda: binding.naltrexone_ki_nM("epsilon"), "receptor"),
        (lambda: binding.log_concentration_grid(10, 1), "high_nM"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
