"""Low-dose naltrexone target engagement: plasma level and mu occupancy against the TLR4 range."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naltrexone_course import immune, parameters
from naltrexone_course.figures import immune as figures

doses = st.floats(min_value=0.5, max_value=200.0, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(doses, doses)
def test_more_drug_never_means_less_plasma_or_occupancy(d1, d2):
    low, high = sorted((d1, d2))
    assert immune.peak_plasma_nM(low) <= immune.peak_plasma_nM(high) + 1e-9
    assert immune.peak_mu_occupancy(low) <= immune.peak_mu_occupancy(high) + 1e-9


@settings(max_examples=25, deadline=None)
@given(doses)
def test_occupancies_are_fractions_and_shortfall_is_consistent(dose):
    assert 0.0 < immune.peak_mu_occupancy(dose) < 1.0
    assert 0.0 < immune.pet_fit_occupancy(dose) < 1.0
    low, _ = immune.tlr4_range_nM()
    assert immune.fold_below_tlr4(dose) * immune.peak_plasma_nM(dose) == pytest.approx(low)


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=1.0, max_value=1e6))
def test_dose_to_reach_inverts_the_peak(target):
    dose = immune.dose_to_reach_nM(target)
    assert immune.peak_plasma_nM(50.0) / 50.0 * dose == pytest.approx(target)


def test_50_mg_peak_matches_the_label():
    """Swiss SmPC: 13.3 ng/mL about 1 h after 50 mg (facts.md R1, about 39 nM)."""
    assert immune.peak_plasma_ng_ml(50) == pytest.approx(
        parameters.value("oral_50mg_naltrexone_cmax_ng_ml"), rel=0.1
    )


def test_ldn_is_hundreds_of_times_below_the_tlr4_range():
    """facts.md R16 (derived): 4.5 mg peaks near 1.2 ng/mL (3.5 nM), about 300x below 1 µM."""
    ldn = parameters.value("ldn_typical_dose_mg")
    assert immune.peak_plasma_nM(ldn) == pytest.approx(3.5, rel=0.2)
    assert 200 <= immune.fold_below_tlr4(ldn) <= 400
    # even the full 50 mg dose does not reach the low end of the TLR4 range
    assert immune.fold_below_tlr4(50) > 10
    # and a dose that would reach 1 µM is far beyond any prescribed dose
    assert immune.dose_to_reach_nM(immune.tlr4_range_nM()[0]) > 500


def test_ldn_blocks_a_substantial_share_of_mu_receptors():
    """PET-based estimate (Trøstheim fit to Rabiner 2011): about 45% at 4.5 mg."""
    ldn = parameters.value("ldn_typical_dose_mg")
    assert immune.pet_fit_occupancy(ldn) == pytest.approx(0.45, abs=0.02)
    assert 0.3 < immune.peak_mu_occupancy(ldn) < 0.8


def test_human_cells_showed_no_effect_above_the_range():
    low, high = immune.tlr4_range_nM()
    assert low < high < immune.human_cell_no_effect_nM()


def test_arrays_in_arrays_out():
    out = immune.peak_plasma_nM(np.array([4.5, 50.0]))
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    assert isinstance(immune.peak_plasma_nM(4.5), float)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: immune.peak_plasma_nM(0), "dose_mg"),
        (lambda: immune.peak_plasma_nM(-4.5), "dose_mg"),
        (lambda: immune.peak_mu_occupancy(float("nan")), "dose_mg"),
        (lambda: immune.pet_fit_occupancy([]), "dose_mg"),
        (lambda: immune.fold_below_tlr4("a lot"), "dose_mg"),
        (lambda: immune.dose_to_reach_nM(0), "target_nM"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


@pytest.mark.parametrize("dose", [1, 4.5, 100])
def test_figure_and_alt_text(dose):
    fig = figures.draw_target_engagement(dose)
    assert len(fig.axes) == 2
    text = figures.describe_target_engagement(dose)
    assert f"{dose:g} mg" in text and "TLR4" in text and "mu receptors" in text
