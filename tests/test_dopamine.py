"""Dopamine toy model: opioid disinhibition of VTA dopamine neurons, blocked by naltrexone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import binding, dopamine, parameters

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
genotypes = st.sampled_from(dopamine.GENOTYPES)
levels = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False)


@given(fractions, levels)
def test_mu_activation_and_brake_are_fractions_that_add_to_one(f, a):
    m = dopamine.mu_activation(f, a)
    assert 0.0 <= m <= 1.0
    assert m + dopamine.gaba_brake(f, a) == pytest.approx(1.0)


@given(fractions, fractions, genotypes)
def test_more_occupancy_never_increases_evoked_dopamine_or_craving(f1, f2, g):
    low, high = sorted((f1, f2))
    assert dopamine.evoked_dopamine(high, g) <= dopamine.evoked_dopamine(low, g) + 1e-12
    assert dopamine.craving_index(high, g) <= dopamine.craving_index(low, g) + 1e-12


@given(genotypes)
def test_zero_occupancy_is_the_no_drug_response(g):
    assert dopamine.evoked_dopamine(0.0, g) == pytest.approx(dopamine.genotype_gain(g))
    assert dopamine.craving_index(0.0, g) == pytest.approx(1.0)


def test_full_blockade_removes_the_evoked_rise_but_not_the_cue_rise():
    assert dopamine.evoked_dopamine(1.0) == 0.0
    assert dopamine.cue_dopamine(1.0) == dopamine.cue_dopamine(0.0) > 0
    assert dopamine.craving_index(1.0) == pytest.approx(parameters.value("dopamine_craving_cue_share"))


@given(fractions)
def test_gg_response_is_four_times_aa_at_every_occupancy(f):
    ratio = parameters.value("dopamine_118gg_fold")
    assert dopamine.evoked_dopamine(f, "GG") == pytest.approx(ratio * dopamine.evoked_dopamine(f, "AA"))


@given(fractions, genotypes)
def test_craving_falls_less_than_dopamine(f, g):
    relative_dopamine = dopamine.evoked_dopamine(f, g) / dopamine.genotype_gain(g)
    assert dopamine.craving_index(f, g) >= relative_dopamine - 1e-12


@given(st.floats(min_value=0.0, max_value=0.999), levels)
def test_mu_activation_is_gaddum(f, a):
    """m(f) is Gaddum's agonist occupancy (agonist in units of K_A) with [B]/K_B = f/(1-f)."""
    expected = binding.gaddum(a, 1.0, f / (1.0 - f), 1.0)
    assert dopamine.mu_activation(f, a) == pytest.approx(expected)


def test_vectorised_and_time_course():
    f = np.linspace(0, 1, 11)
    assert dopamine.evoked_dopamine(f).shape == (11,)
    t = np.linspace(0, 60, 121)
    on = dopamine.time_course(t, 0.9)
    off = dopamine.time_course(t, 0.0)
    early = t < 15
    assert np.allclose(on[early], off[early])  # the cue phase is untouched
    assert on.max() <= off.max()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: dopamine.evoked_dopamine(1.2), "occupancy"),
        (lambda: dopamine.evoked_dopamine(float("nan")), "occupancy"),
        (lambda: dopamine.evoked_dopamine([]), "occupancy"),
        (lambda: dopamine.evoked_dopamine(0.5, genotype="AG"), "genotype"),
        (lambda: dopamine.craving_index(0.5, genotype="gg"), "genotype"),
        (lambda: dopamine.cue_dopamine(-1), "occupancy"),
        (lambda: dopamine.mu_activation(0.5, opioid_level=0), "opioid_level"),
        (lambda: dopamine.time_course([-1, 2], 0.5), "t_min"),
        (lambda: dopamine.time_course([1, 2], 0.5, drinking_starts_min=0), "drinking_starts_min"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("occupancy", [0.0, 0.9, 1.0])
@pytest.mark.parametrize("genotype", dopamine.GENOTYPES)
def test_figure_draws_and_describes_itself(occupancy, genotype):
    from matplotlib.figure import Figure

    from naltrexone_course.figures import dopamine as figures

    assert isinstance(figures.draw_dopamine_and_craving(occupancy, genotype), Figure)
    text = figures.describe_dopamine_and_craving(occupancy, genotype)
    assert f"118{genotype}" in text and f"{occupancy:.0%}" in text
