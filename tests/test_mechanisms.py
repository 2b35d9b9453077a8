"""Toy combination of mechanisms: composition of the course's models, weights and ranges."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naltrexone_course import dopamine, glutamate, immune, mechanisms, parameters, reward
from naltrexone_course.figures import mechanisms as figures

doses = st.sampled_from([1.0, 2.0, 4.5, 6.0, 12.5, 25.0, 50.0, 100.0])
subsets = st.lists(st.sampled_from(mechanisms.MECHANISMS), unique=True)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(doses, subsets, st.sampled_from(mechanisms.WEIGHTINGS))
def test_combined_effect_is_a_fraction_inside_its_range(dose, chosen, weighting):
    c = mechanisms.combined_effect(dose, chosen, weighting)
    assert 0.0 <= c.low <= c.estimate + 1e-12 <= c.high + 2e-12 <= 1.0 + 2e-12


@settings(max_examples=40, deadline=None)
@given(doses, subsets, st.sampled_from(mechanisms.MECHANISMS))
def test_switching_a_pathway_on_never_lowers_the_effect(dose, chosen, extra):
    without = mechanisms.combined_effect(dose, [m for m in chosen if m != extra]).estimate
    with_it = mechanisms.combined_effect(dose, [*chosen, extra]).estimate
    assert with_it >= without - 1e-12


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(mechanisms.MECHANISMS), st.tuples(fractions, fractions)))
def test_combination_rule_is_independent_action(pairs):
    effects = {name: r for name, (r, _) in pairs.items()}
    weights = {name: w for name, (_, w) in pairs.items()}
    expected = 1.0 - np.prod([1.0 - weights[n] * effects[n] for n in effects]) if effects else 0.0
    assert mechanisms.combine(effects, weights) == pytest.approx(expected)
    # never more than the sum of the parts, never less than the largest part
    parts = [weights[n] * effects[n] for n in effects]
    assert mechanisms.combine(effects, weights) <= sum(parts) + 1e-12
    assert mechanisms.combine(effects, weights) >= max(parts, default=0.0) - 1e-12


@settings(max_examples=20, deadline=None)
@given(doses, doses)
def test_more_drug_never_means_less_effect(d1, d2):
    low, high = sorted((d1, d2))
    for m in mechanisms.MECHANISMS:
        assert mechanisms.pathway_effect(m, low) <= mechanisms.pathway_effect(m, high) + 1e-12


def test_no_pathway_means_no_effect():
    c = mechanisms.combined_effect(50, [])
    assert (c.estimate, c.low, c.high, c.contributions) == (0.0, 0.0, 0.0, {})


def test_single_pathway_with_full_weight_is_that_pathway():
    for m in mechanisms.MECHANISMS:
        c = mechanisms.combined_effect(50, [m], "all equal")
        assert c.estimate == pytest.approx(mechanisms.pathway_effect(m, 50))
        assert c.low == c.high == c.estimate


def test_pathways_are_the_issue_4_models_at_the_pk_occupancy():
    """The toy composes the package's models; it does not draw its own curves."""
    f = mechanisms.daily_occupancy(50)
    assert 0.85 < f < 1.0
    assert mechanisms.pathway_effect("reward", 50) == pytest.approx(1 - reward.learned_value(f))
    assert mechanisms.pathway_effect("dopamine", 50) == pytest.approx(1 - dopamine.craving_index(f))
    assert mechanisms.pathway_effect("glutamate", 50) == pytest.approx(
        1 - glutamate.glutamate_drive(f, coupling="on")
    )
    c = immune.peak_plasma_nM(50)
    assert mechanisms.pathway_effect("immune", 50) == pytest.approx(c / (c + 1000.0))


def test_immune_pathway_is_negligible_at_prescribed_doses():
    for dose in (4.5, 50, 100):
        assert mechanisms.pathway_effect("immune", dose) < 0.1


def test_evidence_weights_follow_the_labels():
    for m, label in mechanisms.EVIDENCE.items():
        assert label in mechanisms.EVIDENCE_LEVELS
        low, est, high = (mechanisms.weight(m, "by evidence", b) for b in ("low", "estimate", "high"))
        assert 0.0 <= low <= est <= high <= 1.0
        assert mechanisms.weight(m, "all equal") == 1.0
    assert mechanisms.weight("glutamate") < mechanisms.weight("reward")
    for level in ("established", "animals", "hypothesis"):
        assert parameters.get(f"weight_{level}").confidence == "toy"


def test_weighting_by_evidence_never_exceeds_taking_everything_at_face_value():
    for r in range(1, len(mechanisms.MECHANISMS) + 1):
        for chosen in itertools.combinations(mechanisms.MECHANISMS, r):
            full = mechanisms.combined_effect(50, chosen, "all equal").estimate
            assert mechanisms.combined_effect(50, chosen, "by evidence").high <= full + 1e-12


def test_arrays_in_arrays_out():
    c = mechanisms.combined_effect(np.array([4.5, 50.0]), ["reward", "immune"])
    assert isinstance(c.estimate, np.ndarray) and c.estimate.shape == (2,)
    assert isinstance(mechanisms.combined_effect(50.0, ["reward"]).estimate, float)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: mechanisms.pathway_effect("serotonin", 50), "mechanism"),
        (lambda: mechanisms.combined_effect(50, ["reward", "serotonin"]), "mechanisms"),
        (lambda: mechanisms.combined_effect(50, "reward"), "mechanisms"),
        (lambda: mechanisms.combined_effect(50, ["reward"], "by vote"), "weighting"),
        (lambda: mechanisms.combined_effect(-5, ["reward"]), "dose_mg"),
        (lambda: mechanisms.combined_effect(float("nan"), ["reward"]), "dose_mg"),
        (lambda: mechanisms.daily_occupancy(0), "dose_mg"),
        (lambda: mechanisms.weight("reward", bound="middle"), "bound"),
        (lambda: mechanisms.combine({"reward": 1.5}, {"reward": 1.0}), "effect of reward"),
        (lambda: mechanisms.combine({"reward": 0.5}, {"reward": -1.0}), "weight of reward"),
        (lambda: figures.draw_combination("everything", "all equal"), "pathways"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


@pytest.mark.parametrize("weighting", mechanisms.WEIGHTINGS)
def test_figure_and_alt_text(weighting):
    fig = figures.draw_combination("all four", weighting)
    assert len(fig.axes) == 2
    text = figures.describe_combination("all four", weighting)
    assert "Toy model" in text and "50 mg" in text and "immune" in text


def test_claims_use_the_evidence_labels_and_point_to_real_chapters():
    from pathlib import Path

    book = Path(__file__).resolve().parents[1] / "book"
    for c in mechanisms.CLAIMS:
        assert c.evidence in mechanisms.EVIDENCE_LEVELS
        assert (book / c.chapter).exists(), c.chapter
        assert mechanisms.claim(c.name) is c
    # the pathways of the toy model carry the same labels as their claims
    by_chapter = {c.chapter: c.evidence for c in mechanisms.CLAIMS}
    assert by_chapter["glutamate.md"] == mechanisms.EVIDENCE["glutamate"]
    assert by_chapter["immune.md"] == mechanisms.EVIDENCE["immune"]
    assert by_chapter["dopamine.md"] == mechanisms.EVIDENCE["dopamine"]


def test_unknown_claim_names_the_argument():
    with pytest.raises(ValueError, match="name"):
        mechanisms.claim("cures everything")


@pytest.mark.parametrize("claim", [c.name for c in mechanisms.CLAIMS])
def test_evidence_map_figure_and_alt_text(claim):
    fig = figures.draw_evidence_map(claim)
    plt.close(fig)  # ten claims, each a figure: none is kept open (matplotlib warns past 20)
    assert len(fig.axes) == 1
    text = figures.describe_evidence_map(claim)
    assert claim in text and mechanisms.claim(claim).evidence in text
