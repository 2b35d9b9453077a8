"""Opioid use disorder: X:BOT through induction, ITT against per protocol, mortality."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import oud
from naltrexone_course.figures import oud as figures


def test_xbot_induction_is_the_hurdle_for_naltrexone():
    assert oud.randomised("XR-naltrexone") + oud.randomised("buprenorphine-naloxone") == 570
    assert oud.induction_fraction("XR-naltrexone") == pytest.approx(0.72, abs=0.005)
    assert oud.induction_fraction("buprenorphine-naloxone") == pytest.approx(0.94, abs=0.005)


def test_itt_favours_buprenorphine_but_per_protocol_does_not():
    itt = {arm: oud.reported_relapse(arm, "intention to treat") for arm in oud.ARMS}
    pp = {arm: oud.reported_relapse(arm, "per protocol") for arm in oud.ARMS}
    assert itt["XR-naltrexone"] > itt["buprenorphine-naloxone"]
    assert pp["XR-naltrexone"] <= pp["buprenorphine-naloxone"]


@pytest.mark.parametrize("arm", oud.ARMS)
def test_the_reconstruction_is_close_to_the_reported_itt(arm):
    rebuilt = oud.reconstructed_itt(oud.induction_fraction(arm), oud.reported_relapse(arm, "per protocol"))
    assert rebuilt == pytest.approx(oud.reported_relapse(arm, "intention to treat"), abs=0.02)


@given(st.floats(0, 1), st.floats(0, 1))
def test_reconstructed_itt_is_a_fraction_and_never_below_per_protocol(induction, relapse):
    value = oud.reconstructed_itt(induction, relapse)
    assert 0.0 <= value <= 1.0 + 1e-12
    assert value >= relapse - 1e-12
    assert oud.reconstructed_itt(1.0, relapse) == pytest.approx(relapse)


@given(st.integers(1, 1000), st.lists(st.floats(0.01, 1), min_size=1, max_size=5))
def test_whole_people_always_add_up(total, weights):
    shares = [w / sum(weights) for w in weights]
    counts = oud._whole_people(total, shares)
    assert sum(counts) == total and min(counts) >= 0
    assert all(abs(c - s * total) < 1 for c, s in zip(counts, shares))


@pytest.mark.parametrize("arm", oud.ARMS)
def test_flow_of_100_people(arm):
    flow = oud.flow(arm)
    assert flow.total == 100 == flow.never_started + flow.relapsed + flow.not_relapsed
    assert flow.started == round(100 * oud.induction_fraction(arm))
    assert oud.flow(arm, 570).total == 570


def test_mortality_is_higher_out_of_treatment():
    for medicine in ("methadone", "buprenorphine"):
        assert oud.mortality_per_1000py(medicine, "out") > 2 * oud.mortality_per_1000py(medicine, "in")


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: oud.flow("naloxone"), "arm"),
        (lambda: oud.reported_relapse("XR-naltrexone", "as treated"), "analysis"),
        (lambda: oud.reconstructed_itt(1.2, 0.5), "induction"),
        (lambda: oud.reconstructed_itt(0.5, float("nan")), "relapse_after_start"),
        (lambda: oud._whole_people(0, [1.0]), "total"),
        (lambda: oud._whole_people(10, [0.5, 0.4]), "shares"),
        (lambda: oud._whole_people(10, []), "shares"),
        (lambda: oud._whole_people(10, [1.5, -0.5]), "shares"),
        (lambda: oud.mortality_per_1000py("naltrexone", "in"), "medicine"),
        (lambda: oud.mortality_per_1000py("methadone", "after"), "period"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("analysis", oud.ANALYSES)
def test_figure_in_both_layouts(layout, analysis):
    fig = figures.draw_induction_flow("XR-naltrexone", analysis, layout=layout)
    width, height = fig.get_size_inches()
    assert (width < height) == (layout == "narrow")
    text = figures.describe_induction_flow("XR-naltrexone", analysis)
    assert "28 never started" in text and analysis in text


def test_figure_refuses_unknown_controls():
    with pytest.raises(ValueError, match="layout"):
        figures.draw_induction_flow("XR-naltrexone", "per protocol", layout="tall")
    with pytest.raises(ValueError, match="arm"):
        figures.describe_induction_flow("placebo", "per protocol")
