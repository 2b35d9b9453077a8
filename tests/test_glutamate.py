"""Glutamate toy model: cue-triggered relapse with a switchable hypothesised opioid coupling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import glutamate, parameters

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
couplings = st.sampled_from(glutamate.COUPLINGS)


@given(fractions, couplings, fractions)
def test_risk_is_a_probability(f, c, cue):
    assert 0.0 <= glutamate.relapse_risk(f, c, cue) <= 1.0


@given(fractions, fractions, couplings)
def test_more_occupancy_never_increases_risk(f1, f2, c):
    low, high = sorted((f1, f2))
    assert glutamate.relapse_risk(high, c) <= glutamate.relapse_risk(low, c) + 1e-12


@given(couplings, fractions)
def test_zero_occupancy_is_the_no_drug_model_with_or_without_coupling(c, cue):
    expected = (
        parameters.value("glutamate_lapse_probability")
        * cue
        * parameters.value("glutamate_relapse_after_lapse")
    )
    assert glutamate.relapse_risk(0.0, c, cue) == pytest.approx(expected)


@given(fractions, fractions)
def test_switching_the_coupling_off_removes_exactly_its_share(f, cue):
    on = glutamate.relapse_risk(f, "on", cue)
    off = glutamate.relapse_risk(f, "off", cue)
    c = parameters.value("glutamate_opioid_coupling")
    assert off - on == pytest.approx(off * c * f, abs=1e-12)
    assert on <= off + 1e-12


@given(fractions, couplings, fractions)
def test_breakdown_adds_up(f, c, cue):
    parts = glutamate.risk_breakdown(f, c, cue)
    assert parts["via_reward"] + parts["via_coupling"] + parts["remaining"] == pytest.approx(parts["no_drug"])
    assert min(parts.values()) >= -1e-12
    if c == "off":
        assert parts["via_coupling"] == 0.0


def test_coupling_off_leaves_cue_glutamate_untouched():
    assert glutamate.glutamate_drive(1.0, "off") == 1.0
    coupling = parameters.value("glutamate_opioid_coupling")
    assert glutamate.glutamate_drive(1.0, "on") == pytest.approx(1 - coupling)


def test_lapse_to_relapse_is_close_to_the_volpicelli_naltrexone_group():
    """A sanity check, not a fit: at ~90% occupancy the toy gives about 52% (trial: 8/16)."""
    assert glutamate.relapse_after_lapse(0.9) == pytest.approx(0.5, abs=0.05)


def test_vectorised():
    f = np.linspace(0, 1, 7)
    assert glutamate.relapse_risk(f, "on").shape == (7,)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: glutamate.relapse_risk(1.1), "occupancy"),
        (lambda: glutamate.relapse_risk(float("inf")), "occupancy"),
        (lambda: glutamate.relapse_risk([]), "occupancy"),
        (lambda: glutamate.relapse_risk(0.5, coupling="maybe"), "coupling"),
        (lambda: glutamate.relapse_risk(0.5, cue=-0.5), "cue"),
        (lambda: glutamate.risk_breakdown(2.0), "occupancy"),
        (lambda: glutamate.relapse_after_lapse(-0.2), "occupancy"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("occupancy", [0.0, 0.9, 1.0])
@pytest.mark.parametrize("coupling", glutamate.COUPLINGS)
def test_figure_draws_and_describes_itself(occupancy, coupling):
    from matplotlib.figure import Figure

    from naltrexone_course.figures import glutamate as figures

    assert isinstance(figures.draw_relapse_risk(coupling, occupancy), Figure)
    text = figures.describe_relapse_risk(coupling, occupancy)
    assert f"coupling {coupling}" in text and "%" in text
