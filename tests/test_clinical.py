"""Clinical effect sizes: relative risk, absolute risk reduction, NNT and icon arrays."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import clinical, parameters
from naltrexone_course.figures import craving as figures

risks = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
protective = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(st.floats(min_value=1e-3, max_value=1.0), st.floats(min_value=0.0, max_value=0.999))
def test_nnt_is_one_over_the_absolute_risk_reduction(baseline, rr):
    arr = clinical.absolute_risk_reduction(baseline, rr)
    assert arr == pytest.approx(baseline * (1 - rr))
    if arr > 1e-9:
        assert clinical.number_needed_to_treat(baseline, rr) == pytest.approx(1 / arr)


@given(risks)
def test_relative_risk_of_one_makes_no_difference(baseline):
    assert clinical.absolute_risk_reduction(baseline, 1.0) == 0.0
    assert math.isinf(clinical.number_needed_to_treat(baseline, 1.0))
    counts = clinical.icon_counts(baseline, 1.0)
    assert counts.spared == 0


@given(risks, protective, st.integers(min_value=1, max_value=1000))
def test_icon_counts_always_add_up(baseline, rr, total):
    counts = clinical.icon_counts(baseline, rr, total)
    assert counts.total == total
    assert min(counts.affected, counts.spared, counts.unaffected) >= 0


@given(risks, protective)
def test_icon_counts_match_the_risks_within_rounding(baseline, rr):
    counts = clinical.icon_counts(baseline, rr)
    assert abs(counts.affected - 100 * baseline * rr) <= 1
    assert abs(counts.affected + counts.spared - 100 * baseline) <= 1


@given(st.floats(min_value=0.01, max_value=1.0), protective, protective)
def test_stronger_effect_never_needs_more_people(baseline, rr1, rr2):
    strong, weak = sorted((rr1, rr2))
    assert clinical.number_needed_to_treat(baseline, strong) <= clinical.number_needed_to_treat(
        baseline, weak
    )


def test_harm_gives_a_negative_nnt_and_no_one_spared():
    assert clinical.number_needed_to_treat(0.5, 1.2) == pytest.approx(-10)
    counts = clinical.icon_counts(0.5, 1.2)
    assert (counts.affected, counts.spared, counts.unaffected) == (60, 0, 40)


def test_pooled_risk_ratios_are_the_cochrane_values():
    heavy = clinical.risk_ratio("heavy drinking")
    assert (heavy.estimate, heavy.low, heavy.high) == (0.83, 0.76, 0.90)
    anything = clinical.risk_ratio("any drinking")
    assert (anything.estimate, anything.low, anything.high) == (0.96, 0.92, 1.00)
    for outcome in clinical.OUTCOMES:
        rr = clinical.risk_ratio(outcome)
        assert rr.low <= rr.estimate <= rr.high


def test_model_reproduces_the_published_nnt_at_a_typical_baseline():
    """Jonas et al. 2014 pooled NNT 12 (8-26) for heavy drinking: at the placebo relapse rate
    of the first trial (54%), the Cochrane risk ratio gives an NNT inside that interval."""
    baseline = parameters.value("volpicelli_relapse_placebo")
    estimate, best, worst = clinical.nnt_interval(baseline, "heavy drinking")
    assert 8 <= estimate <= 26
    assert best < estimate < worst


def test_any_drinking_interval_includes_no_effect():
    _, best, worst = clinical.nnt_interval(0.7, "any drinking")
    assert math.isinf(worst) and math.isfinite(best)


def test_arrays_in_arrays_out():
    out = clinical.treated_risk([0.2, 0.5], 0.5)
    assert list(out) == [0.1, 0.25]
    assert isinstance(clinical.treated_risk(0.2, 0.5), float)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: clinical.treated_risk(1.2, 0.8), "baseline_risk"),
        (lambda: clinical.treated_risk(-0.1, 0.8), "baseline_risk"),
        (lambda: clinical.treated_risk(float("nan"), 0.8), "baseline_risk"),
        (lambda: clinical.treated_risk([], 0.8), "baseline_risk"),
        (lambda: clinical.treated_risk(0.5, -1), "relative_risk"),
        (lambda: clinical.treated_risk(0.8, 2.0), "relative_risk"),
        (lambda: clinical.number_needed_to_treat(0.5, "x"), "relative_risk"),
        (lambda: clinical.risk_ratio("mild drinking"), "outcome"),
        (lambda: clinical.published_nnt("mild drinking"), "outcome"),
        (lambda: clinical.icon_counts(0.5, 0.8, total=0), "total"),
        (lambda: clinical.icon_counts(0.5, 0.8, total=2.5), "total"),
        (lambda: clinical.icon_counts([0.5, 0.6], 0.8), "baseline_risk"),
        (lambda: clinical.nnt_interval([0.5], "heavy drinking"), "baseline_risk"),
        (lambda: clinical.nnt_interval(1.5, "heavy drinking"), "baseline_risk"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


@pytest.mark.parametrize("outcome", clinical.OUTCOMES)
def test_figure_and_alt_text(outcome):
    fig = figures.draw_icon_array(outcome, 0.6)
    assert len(fig.axes) == 2
    text = figures.describe_icon_array(outcome, 0.6)
    counts = clinical.icon_counts(0.6, clinical.risk_ratio(outcome).estimate)
    assert f"{counts.spared} are spared" in text and "Number needed to treat" in text


def test_nnt_is_shown_in_whole_people():
    assert figures.format_nnt(9.8) == "10"
    assert figures.format_nnt(10.0) == "10"
    assert figures.format_nnt(math.inf) == "no benefit"
