"""Functional blockade (``blockade``), the virtual population (``pk.virtual_patients``)
and the joint fit: reference points with their source and tolerance, properties a
learner would notice, and bad input for every new argument."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naltrexone_course import blockade, parameters, pk, pk_checks

DAY = 24.0
# the points the joint fit weighs; the out-of-sample ones are tested against the model in
# tests/test_model_fit.py (they are reported with their residual, not fitted to 2 SD)
POINTS = pk_checks.fitted_points()


@pytest.fixture(scope="module")
def pk_fit():
    spec = importlib.util.spec_from_file_location("pk_fit", Path(__file__).parents[1] / "tools" / "pk_fit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- every fitted reference point, within 2 SD (the weight the joint fit gives it) ------------
@pytest.mark.parametrize("point", POINTS, ids=[f"{p.key}-{p.source}" for p in POINTS])
def test_every_reference_point_within_2_sd_of_its_source(point):
    value = point.model()
    z = (value - point.target) / point.sd
    assert abs(z) <= 2.0, (
        f"{point.key} {point.what} ({point.source}): literature {point.literature}, "
        f"fit target {point.target:g} +- {point.sd:g} {point.unit}; model {value:.3g} ({z:+.1f} SD)"
    )


def test_no_point_is_met_by_a_parameter_tuned_to_it_alone(pk_fit):
    """The fit is joint: the fitted parameters outnumber no one point, and the points far
    outnumber the fitted parameters."""
    assert len(POINTS) >= 2 * len(pk_fit.FITTED)
    for name in pk_fit.FITTED:
        p = parameters.get(name)
        assert p.confidence == "derived" and p.citation == "pk_joint_fit", name


def test_the_registry_holds_the_joint_fit_optimum(pk_fit):
    """Moving any fitted parameter 5% either way does not lower the weighted sum of
    squares by more than 0.5 (the registry holds the optimum, not hand-tuned values)."""
    base = {n: parameters.value(n) for n in pk_fit.FITTED}
    best = float(np.sum(pk_checks.residuals() ** 2))
    try:
        for name, value in base.items():
            for factor in (0.95, 1.05):
                pk_fit.set_values({name: value * factor})
                cost = float(np.sum(pk_checks.residuals() ** 2))
                assert cost > best - 0.5, f"{name} x {factor}: {cost:.2f} < optimum {best:.2f}"
                pk_fit.set_values({name: value})
    finally:
        pk_fit.set_values(base)


# --- reference points for the blockade, named one by one --------------------------------
def test_castillo2024_plasma_2_ng_ml_blocks_nearly_all_heroin_liking_within_0_1():
    """Castillo 2024: above 2 ng/mL plasma naltrexone, liking of 25 mg IV heroin nearly all
    blocked; tolerance: 'nearly all' read as 0.9 - 0.1."""
    t = pk_checks.castillo_time_h()
    assert pk.plasma(pk.injection(380), t) == pytest.approx(2.0, abs=0.05)
    assert blockade.effect_blocked(pk.injection(380), t, "heroin", 25.0, "iv") >= 0.8


@pytest.mark.parametrize(("xr_mg", "day"), [(75, 14), (150, 21), (300, 28)])
def test_bigelow2012_3mg_hydromorphone_blocked_through_day_14_21_28(xr_mg, day):
    """Bigelow 2012: 'any drug effect' of 3 mg IM hydromorphone completely blocked for 14,
    21 and 28 days after 75, 150 and 300 mg; tolerance 0.9 - 0.1; and less blocked at the
    next test (7 days later for 75/150 mg, 14 for 300 mg)."""
    r = pk.injection(xr_mg)
    now = blockade.effect_blocked(r, day * DAY, "hydromorphone", 3.0, "im")
    later = blockade.effect_blocked(r, (day + (14 if xr_mg == 300 else 7)) * DAY, "hydromorphone", 3.0, "im")
    assert now >= 0.8, f"Bigelow 2012 {xr_mg} mg day {day}: model {now:.2f}"
    assert later < now


@pytest.mark.parametrize(("dose", "hours"), [(50, 24), (100, 48), (150, 72)])
def test_label_tablet_blocks_25mg_iv_heroin_24_48_72h(dose, hours):
    """US label / Swiss SmPC: 50 mg blocks 25 mg IV heroin for about 24 h, 100 mg for 48 h,
    150 mg for 72 h; tolerance 0.9 - 0.15 (0.1 plus the label's 'about')."""
    blocked = blockade.effect_blocked(pk.oral(dose), float(hours), "heroin", 25.0, "iv")
    assert blocked >= 0.75, f"label {dose} mg at {hours} h: model {blocked:.2f}"


def test_75pct_occupancy_means_four_times_the_dose():
    """Gaddum: with 75% of mu receptors occupied an opioid needs 4 times its dose."""
    r, t = pk.oral(50), np.linspace(1, 200, 50)
    occ, ratio = pk.occupancy(r, t), blockade.dose_ratio(r, t)
    np.testing.assert_allclose(ratio, 1.0 / (1.0 - occ), rtol=1e-9)


# --- properties ---------------------------------------------------------------------------
TIMES = st.floats(0.0, 60 * DAY)
REGIMENS = st.sampled_from(
    [pk.oral(50), pk.oral(25, 24, 7), pk.injection(380), pk.oral(50, 24, 14, missed=(9, 10))]
)


@settings(max_examples=60, deadline=None)
@given(
    REGIMENS,
    TIMES,
    st.sampled_from([(o, r) for o, routes in blockade.OPIOID_ROUTES.items() for r in routes]),
    st.floats(0.0, 500.0),
)
def test_effect_blocked_is_a_fraction(regimen, t, opioid_route, dose):
    opioid, route = opioid_route
    b = blockade.effect_blocked(regimen, t, opioid, dose, route)
    assert 0.0 <= b <= 1.0


@settings(max_examples=60, deadline=None)
@given(REGIMENS, TIMES, st.floats(0.5, 200.0), st.floats(1.05, 20.0))
def test_a_larger_opioid_dose_overcomes_more_of_the_blockade(regimen, t, dose, factor):
    """Surmountable: more opioid, less of its effect blocked."""
    small = blockade.effect_blocked(regimen, t, "heroin", dose, "iv")
    large = blockade.effect_blocked(regimen, t, "heroin", dose * factor, "iv")
    assert large <= small + 1e-12


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 150.0), st.floats(1.05, 5.0), st.floats(0.5, 400.0))
def test_more_naltrexone_blocks_more(dose, factor, t):
    low = blockade.effect_blocked(pk.oral(dose), t)
    high = blockade.effect_blocked(pk.oral(dose * factor), t)
    assert high >= low - 1e-12


def test_after_one_dose_the_blockade_and_the_dose_ratio_fall_day_by_day():
    """Day by day after one tablet (from its peak) and after the injection's second peak.
    (Within a day after a tablet the model has a plateau at 18-48 h while 6-beta-naltrexol
    reaches the brain; the chapter says so.)"""
    for regimen, t in (
        (pk.oral(50), np.arange(1.0, 41 * DAY, DAY)),
        (pk.injection(380), np.arange(5 * DAY, 60 * DAY, 1.0)),
    ):
        ratio = blockade.dose_ratio(regimen, t)
        blocked = blockade.effect_blocked(regimen, t)
        assert np.all(ratio >= 1.0)
        assert np.all(np.diff(ratio) <= 1e-9), regimen.label
        assert np.all(np.diff(blocked) <= 1e-9), regimen.label
        assert ratio[-1] < 1.5 and blocked[-1] < 0.3, "the blockade fades: the dangerous days"


def test_dose_ratio_is_one_before_the_first_dose_of_the_day_ends_and_without_naltrexone():
    assert blockade.dose_ratio(pk.oral(50), 0.0) == pytest.approx(1.0)
    assert blockade.effect_blocked(pk.oral(50), 0.0) == pytest.approx(0.0)


def test_arrays_in_arrays_out():
    t = np.array([1.0, 24.0, 72.0])
    assert blockade.dose_ratio(pk.oral(50), t).shape == (3,)
    assert blockade.effect_blocked(pk.oral(50), t, dose_mg=[5.0, 25.0, 100.0]).shape == (3,)
    assert isinstance(blockade.effect_blocked(pk.oral(50), 24.0), float)


def test_every_opioid_and_route_has_a_cited_potency():
    for opioid, routes in blockade.OPIOID_ROUTES.items():
        for route, name in routes.items():
            assert blockade.potency(opioid, route) > 0
            if name:
                assert parameters.get(name).citation


# --- people differ --------------------------------------------------------------------------
def test_virtual_population_is_reproducible_with_its_seed():
    a, b, c = (
        pk.virtual_patients(50, seed=3),
        pk.virtual_patients(50, seed=3),
        pk.virtual_patients(50, seed=4),
    )
    np.testing.assert_array_equal(a.clearance, b.clearance)
    assert not np.allclose(a.clearance, c.clearance)


def test_virtual_population_is_centred_on_the_typical_person():
    people = pk.virtual_patients(4000, seed=1)
    for field in ("oral_exposure", "clearance", "injection_exposure", "brain_potency"):
        assert np.median(getattr(people, field)) == pytest.approx(1.0, rel=0.05), field
    t = np.array([24.0, 72.0, 7 * DAY])
    ratios = blockade.dose_ratio(pk.oral(50, 24, 7), t + 6 * DAY, people)
    typical = blockade.dose_ratio(pk.oral(50, 24, 7), t + 6 * DAY)
    np.testing.assert_allclose(np.median(ratios, axis=0), typical, rtol=0.15)
    assert ratios.shape == (4000, 3)


def test_people_differ_so_the_band_is_wide():
    people = pk.virtual_patients(500, seed=2)
    ratios = blockade.dose_ratio(pk.injection(380), 28 * DAY, people)
    p5, p95 = np.percentile(ratios, [5, 95])
    assert p95 > 1.5 * p5


# --- bad input names the argument ------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: blockade.dose_ratio("50 mg", 1.0), "regimen"),
        (lambda: blockade.dose_ratio(pk.oral(50), -1.0), "t_h"),
        (lambda: blockade.dose_ratio(pk.oral(50), float("nan")), "t_h"),
        (lambda: blockade.dose_ratio(pk.oral(50), 1.0, patients="everyone"), "patients"),
        (lambda: blockade.effect_blocked(pk.oral(50), 1.0, opioid="codeine"), "opioid"),
        (lambda: blockade.effect_blocked(pk.oral(50), 1.0, route="smoked"), "route"),
        (lambda: blockade.effect_blocked(pk.oral(50), 1.0, opioid="oxycodone", route="iv"), "route"),
        (lambda: blockade.effect_blocked(pk.oral(50), 1.0, dose_mg=-5.0), "dose_mg"),
        (lambda: blockade.effect_blocked(pk.oral(50), 1.0, dose_mg=float("nan")), "dose_mg"),
        (lambda: blockade.effect_blocked(pk.oral(50), [1.0, 2.0], dose_mg=[1.0, 2.0, 3.0]), "dose_mg"),
        (lambda: blockade.effect_blocked(pk.oral(50), float("nan")), "t_h"),
        (lambda: blockade.opioid_effect("heroin", -1.0), "dose_mg"),
        (lambda: blockade.potency("aspirin"), "opioid"),
        (lambda: pk.virtual_patients(0), "n"),
        (lambda: pk.virtual_patients(2.5), "n"),
        (lambda: pk.virtual_patients(10, seed=-1), "seed"),
        (lambda: pk.virtual_patients(10, seed=1.5), "seed"),
        (lambda: pk.plasma(pk.oral(50), 1.0, patients=[1, 2]), "patients"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


# --- the label's blockade window: what the figures count on, whatever the model says ---
def test_label_window_is_24_h_per_50_mg_tablet_up_to_72_h_and_28_days_for_the_injection():
    # REVIA label: 50 mg blocks 25 mg IV heroin for as long as 24 h, 100 mg 48 h, 150 mg 72 h
    assert blockade.label_window_h(pk.oral(50)) == pytest.approx(24.0)
    assert blockade.label_window_h(pk.oral(100)) == pytest.approx(48.0)
    assert blockade.label_window_h(pk.oral(150)) == pytest.approx(72.0)
    assert blockade.label_window_h(pk.oral(300)) == pytest.approx(72.0)  # no longer window promised
    # VIVITROL label: about 28 days
    assert blockade.label_window_h(pk.injection(380)) == pytest.approx(28 * DAY)


def test_one_missed_tablet_leaves_everyone_unprotected_even_where_the_model_ratio_is_high():
    regimen = pk.oral(50, 24, 30, missed=(21,))
    people = pk.virtual_patients(100, seed=0)
    t = np.array([21 * DAY + 12, 22 * DAY + 6])  # 36 h after the last tablet taken; 6 h after the next
    assert np.asarray(blockade.hours_since_last_dose(regimen, t)) == pytest.approx([36.0, 6.0])
    assert np.asarray(blockade.beyond_label_window(regimen, t)).tolist() == [True, False]
    ratio = np.asarray(blockade.dose_ratio(regimen, t[0], people))
    assert (ratio > parameters.value("danger_dose_ratio")).any()  # the model alone would say "blocked"
    assert np.asarray(blockade.unprotected(regimen, t[0], people)).all()


def test_taking_every_tablet_keeps_the_typical_person_inside_the_label_window():
    regimen = pk.oral(50, 24, 30)
    t = np.arange(2.0, 29 * DAY, 6.0)
    assert not np.asarray(blockade.beyond_label_window(regimen, t)).any()
    assert blockade.hours_since_last_dose(regimen, 0.5) == pytest.approx(0.5)


def test_past_28_days_after_an_injection_no_blockade_is_counted_on():
    regimen = pk.injection(380)
    assert blockade.unprotected(regimen, 29 * DAY) is True
    assert blockade.beyond_label_window(regimen, 27 * DAY) is False


@pytest.mark.parametrize(
    "call",
    [
        lambda: blockade.label_window_h("50 mg"),
        lambda: blockade.hours_since_last_dose(None, 1.0),
        lambda: blockade.hours_since_last_dose(pk.oral(50), -1.0),
        lambda: blockade.hours_since_last_dose(pk.oral(50), float("nan")),
        lambda: blockade.beyond_label_window(pk.oral(50), -2.0),
        lambda: blockade.unprotected(pk.oral(50), float("nan")),
    ],
)
def test_label_window_functions_reject_bad_input_naming_the_argument(call):
    with pytest.raises(ValueError, match="regimen|t_h"):
        call()
