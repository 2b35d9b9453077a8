"""The tolerance model (issue 27): a toy, drawn as a band, whose every number is cited.

Properties a reader relies on: the tolerance left is a fraction in (0, 1]; it never grows
while a person stays opioid-free; the band's slow edge lies below its fast edge; the fold
lost starts at 1 (nothing lost yet) and never passes the fold the person had before.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import parameters, tolerance

DAYS = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)
HALF_TIMES = st.floats(min_value=0.05, max_value=1e3, allow_nan=False)


@given(DAYS, HALF_TIMES)
def test_the_tolerance_left_is_a_fraction_in_0_1(days, half_time):
    left = tolerance.remaining(days, half_time)
    assert 0.0 < left <= 1.0


@given(DAYS, DAYS, HALF_TIMES)
def test_the_tolerance_left_never_grows_while_opioid_free(a, b, half_time):
    early, late = sorted((a, b))
    assert tolerance.remaining(late, half_time) <= tolerance.remaining(early, half_time)


@given(st.floats(min_value=0.01, max_value=1e3, allow_nan=False))
def test_the_band_slow_edge_lies_below_its_fast_edge(days):
    slow, middle, fast = tolerance.fold_lost_band(days)
    assert slow < middle < fast or np.isclose(slow, fast)
    assert slow <= middle <= fast


@given(DAYS, HALF_TIMES, st.floats(min_value=1.0, max_value=1e3, allow_nan=False))
def test_the_fold_lost_starts_at_1_and_never_passes_the_fold_before(days, half_time, fold):
    lost = tolerance.fold_lost(days, half_time, fold)
    assert 1.0 <= lost <= fold * (1 + 1e-12)
    assert tolerance.fold_lost(0.0, half_time, fold) == pytest.approx(1.0)


def test_at_one_half_time_half_the_log_tolerance_is_left():
    fast, _, _ = tolerance.half_times_days()
    assert tolerance.remaining(fast, fast) == pytest.approx(0.5)
    fold = parameters.value("tolerance_fold_before")
    assert tolerance.fold_lost(fast, fast) == pytest.approx(np.sqrt(fold))


def test_the_band_edges_come_from_the_registry_with_their_sources():
    fast, middle, slow = tolerance.half_times_days()
    assert (fast, slow) == tuple(parameters.value(name) for name in tolerance.BAND)
    assert fast < middle < slow
    assert parameters.get("tolerance_half_time_slow_days").evidence == "animal"
    assert parameters.get("tolerance_half_time_fast_days").confidence == "toy"
    assert parameters.get("tolerance_fold_before").confidence == "toy"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: tolerance.remaining(-1.0), "days_opioid_free"),
        (lambda: tolerance.remaining(float("nan")), "days_opioid_free"),
        (lambda: tolerance.remaining(3.0, 0.0), "half_time_days"),
        (lambda: tolerance.remaining(3.0, -2.0), "half_time_days"),
        (lambda: tolerance.fold_lost(3.0, 3.0, 0.5), "fold_before"),
        (lambda: tolerance.fold_lost(3.0, 3.0, float("inf")), "fold_before"),
        (lambda: tolerance.fold_lost_band("soon"), "days_opioid_free"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
