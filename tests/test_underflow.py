"""Scales so small (or so large) that the arithmetic underflows or overflows (issue 30).

A fresh clone's ``make test`` once drew ``dopamine.time_course(..., cue_width_min=2.2e-311)``
and got NaN: ``t / width`` became infinite and ``inf * exp(-inf)`` NaN. The class of bug is
fixed in :mod:`naltrexone_course.validation` (a scale below the smallest normal float is
refused, naming the argument; Emax/Hill curves saturate instead of giving ``inf / inf``) and
in the modules that divide by a width, a rate or a potency. Here every public model function
(the same inspection as ``tests/test_reliability.py``) meets each extreme on each numeric
argument, deterministically: a finite, sound answer or a ``ValueError`` naming the argument.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_reliability import FUNCTIONS, _baseline, check_result, names_argument

from naltrexone_course import binding, blockade, dopamine, validation

EXTREMES = (5e-324, 2.2e-311, 2.3e-308, 1e-300, 1e-200, 1e200, 1e300, 1.7e308)


def test_the_reported_draw_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="cue_width_min"):
        dopamine.time_course([0.0, 5.0, 30.0], 0.5, cue_width_min=2.2e-311)
    with pytest.raises(ValueError, match="drink_width_min"):
        dopamine.time_course([0.0, 5.0, 30.0], 0.5, drink_width_min=5e-324)


def test_a_tiny_but_normal_width_gives_a_sharp_bump_not_nan():
    t = np.array([0.0, 1e-300, 1.0, 1e10])
    course = dopamine.time_course(t, 0.5, cue_width_min=1e-300, drink_width_min=1e-300)
    assert np.all(np.isfinite(course)) and np.all(course >= 0)


def test_saturating_curves_reach_one_instead_of_nan():
    assert binding.occupancy(1e300, 1e-300) == 1.0
    assert blockade.opioid_effect("heroin", 1e300) == 1.0
    assert validation.saturating(np.inf) == 1.0
    assert validation.saturating(0.0) == 0.0


def test_an_overflowing_ratio_is_refused_naming_its_arguments():
    with pytest.raises(ValueError, match="antagonist_kd_nM"):
        binding.dose_ratio(1e300, 1e-300)


@pytest.mark.parametrize("function", [f for _, f in FUNCTIONS if f is not None], ids=lambda f: f.__qualname__)
def test_every_model_function_meets_extreme_scales_soundly(function):
    arguments, kinds, reason = _baseline(function)
    if reason:
        pytest.skip(reason)
    numeric = [n for n, k in kinds.items() if k == "number" and arguments.get(n) is not None]
    where = f"{function.__module__}.{function.__name__}"
    for name in numeric:
        for value in EXTREMES:
            call = {**arguments, name: value}
            try:
                result = function(**call)
            except ValueError as error:
                assert names_argument(error, *call), f"{where}({name}={value!r}): {error}"
                continue
            check_result(f"{where}({name}={value!r})", function.__name__, result)
