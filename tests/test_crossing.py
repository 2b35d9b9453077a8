"""The blockade judged against today's sensitivity (issue 27): the crossing of the falling
dose ratio with the rising tolerance lost, fentanyl's caveat, and flagged durations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import blockade, parameters, pk, tolerance

STOPPED = pk.injection(380)  # one injection, no second
WEEK_LATE = pk.injection(380, every_days=35, doses=2)
ON_TIME = pk.injection(380, every_days=28, doses=2)


def _lost_on(day: float, half_time: float | None = None) -> float:
    before = parameters.value("opioid_free_days_min")
    return float(tolerance.fold_lost(day + before, half_time))


def test_on_the_crossing_day_the_usual_dose_acts_as_it_did_before_treatment():
    fold = parameters.value("tolerance_fold_before")
    usual_mg = 25.0 * fold  # the person's usual dose: what 25 mg is to someone without tolerance
    c = blockade.crossing(STOPPED)
    assert c.day is not None
    ratio = float(blockade.dose_ratio(STOPPED, c.day * 24.0))
    now = float(blockade.usual_dose_effect(ratio, _lost_on(c.day), dose_mg=usual_mg))
    before = float(blockade.opioid_effect("heroin", usual_mg / fold))
    assert now == pytest.approx(before, rel=0.01)
    # a day earlier the blockade still weakens it; a day later it acts more strongly than before
    for shift, compare in ((-1.0, np.less), (1.0, np.greater)):
        day = c.day + shift
        ratio = float(blockade.dose_ratio(STOPPED, day * 24.0))
        effect = float(blockade.usual_dose_effect(ratio, _lost_on(day), dose_mg=usual_mg))
        assert compare(effect, before), (shift, effect, before)


def test_the_band_orders_the_crossing_faster_loss_first():
    c = blockade.crossing(STOPPED)
    assert c.earliest < c.day < c.latest


@given(st.floats(min_value=1.0, max_value=30.0), st.floats(min_value=1.05, max_value=3.0))
def test_a_faster_loss_of_tolerance_brings_the_crossing_earlier(half_time, slower_by):
    days = np.linspace(0.0, 80.0, 1281)
    ratio = np.asarray(blockade.dose_ratio(STOPPED, days * 24.0))
    before = parameters.value("opioid_free_days_min")
    fast = blockade.crossing_day(days, ratio, tolerance.fold_lost(days + before, half_time))
    slow = blockade.crossing_day(days, ratio, tolerance.fold_lost(days + before, half_time * slower_by))
    assert fast is not None
    assert slow is None or fast <= slow


def test_a_next_dose_before_the_crossing_removes_it_from_that_interval():
    stopped = blockade.crossing(STOPPED)
    assert stopped.day is not None and 28.0 < stopped.day
    next_day = stopped.day - 2.0
    early = pk.injection(380, every_days=next_day, doses=2)
    c = blockade.crossing(early)
    assert c.day is None or c.day > stopped.day + 7.0
    assert blockade.crossing(ON_TIME).day is None, "an injection on time in the model: no crossing by day 56"


def test_a_week_late_the_crossing_falls_before_the_late_injection():
    c = blockade.crossing(WEEK_LATE)
    assert c.day is not None and 28.0 < c.day < 35.0
    assert c.earliest is not None and c.earliest < 35.0


def test_the_crossing_reads_a_ratio_given_on_a_grid_as_it_reads_a_regimen():
    days = np.linspace(0.0, 56.0, 897)
    ratio = np.asarray(blockade.dose_ratio(STOPPED, days * 24.0))
    assert blockade.crossing(days=days, ratio=ratio).day == pytest.approx(blockade.crossing(STOPPED).day)


def test_fentanyl_is_documented_and_flagged():
    assert "fentanyl" in blockade.OPIOIDS
    assert "fentanyl" in (blockade.__doc__ or "").lower()
    note = blockade.caveat("fentanyl")
    assert "street" in note and "micrograms" in note
    assert blockade.caveat("heroin") == ""
    with pytest.warns(blockade.RoughOpioidWarning, match="street"):
        blockade.effect_blocked(STOPPED, 24.0, "fentanyl", 0.1, "iv")
    duration = blockade.blockade_duration(pk.oral(50), "fentanyl", 0.1)
    assert duration.caveat == note and duration.beyond_measured and duration.flagged
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # heroin: no caveat to warn about
        blockade.effect_blocked(STOPPED, 24.0, "heroin", 25.0, "iv")


def test_a_duration_beyond_the_label_window_is_flagged():
    fourteen = pk.oral(50, 24, 14)
    duration = blockade.blockade_duration(fourteen)
    last = 13 * 24.0
    assert duration.label_end_h == pytest.approx(last + 24.0)
    assert duration.hours > duration.label_end_h
    assert duration.beyond_label_window and duration.flagged
    with pytest.warns(blockade.BeyondLabelWindowWarning, match="past the label's window"):
        hours = blockade.blockade_duration_h(fourteen)
    assert hours == duration.hours


def test_a_duration_inside_the_label_window_is_not_flagged_and_the_injection_past_it_is():
    larger = blockade.blockade_duration(pk.oral(50), dose_mg=50.0)  # twice the label's test dose
    assert 0.0 < larger.hours <= larger.label_end_h
    assert not larger.flagged
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        blockade.blockade_duration_h(pk.oral(50), dose_mg=50.0)
    injection = blockade.blockade_duration(pk.injection(380), horizon_h=60 * 24.0)
    assert injection.label_end_h == pytest.approx(28 * 24.0)
    assert injection.hours > injection.label_end_h and injection.beyond_label_window


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: blockade.crossing(), "regimen"),
        (lambda: blockade.crossing(days=[0.0, 1.0], ratio=[0.5, 2.0]), "ratio"),
        (lambda: blockade.crossing(STOPPED, opioid_free_before_days=-1.0), "opioid_free_before_days"),
        (lambda: blockade.crossing_day([0.0, 1.0], [2.0, 1.0], [1.0]), "lost"),
        (lambda: blockade.usual_dose_strength(0.5, 2.0), "ratio"),
        (lambda: blockade.caveat("tea"), "opioid"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
