"""Reward-learning toy model: Rescorla-Wagner values with an opioid share naltrexone blocks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone_course import parameters, reward

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
rates = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)
episodes = st.integers(min_value=0, max_value=200)
schedules = st.lists(st.booleans(), min_size=1, max_size=60)


@given(fractions)
def test_reward_is_bounded_by_the_opioid_share(f):
    share = parameters.value("reward_opioid_share")
    assert 1.0 - share - 1e-12 <= reward.episode_reward(f) <= 1.0


@given(fractions, fractions)
def test_more_occupancy_never_increases_reward(f1, f2):
    low, high = sorted((f1, f2))
    assert reward.episode_reward(high) <= reward.episode_reward(low) + 1e-12


@given(fractions, episodes, rates, fractions)
def test_learned_value_stays_between_start_and_reward(f, n, alpha, v0):
    v = reward.learned_value(f, n, alpha, initial_value=v0)
    r = reward.episode_reward(f)
    assert min(v0, r) - 1e-12 <= v <= max(v0, r) + 1e-12


@given(fractions, fractions, episodes, rates)
def test_more_occupancy_never_increases_learned_value(f1, f2, n, alpha):
    low, high = sorted((f1, f2))
    assert reward.learned_value(high, n, alpha) <= reward.learned_value(low, n, alpha) + 1e-12


@given(episodes, rates, fractions)
def test_zero_occupancy_is_the_no_drug_model(n, alpha, v0):
    """Without naltrexone the reward is 1: plain Rescorla-Wagner towards 1."""
    expected = 1.0 + (v0 - 1.0) * (1.0 - alpha) ** n
    assert reward.learned_value(0.0, n, alpha, initial_value=v0) == pytest.approx(expected)


@given(fractions, episodes, rates)
def test_abstinence_changes_nothing(f, n, alpha):
    assert reward.learned_value(f, n, alpha, drinking=False) == 1.0


@given(fractions, st.integers(min_value=0, max_value=60), rates)
def test_closed_form_matches_the_episode_by_episode_update(f, n, alpha):
    traj = reward.value_trajectory(f, [True] * n, alpha) if n else np.array([1.0])
    assert traj[-1] == pytest.approx(reward.learned_value(f, n, alpha))


@given(fractions, schedules, rates)
def test_trajectory_is_bounded_and_errors_drive_it(f, schedule, alpha):
    traj = reward.value_trajectory(f, schedule, alpha)
    errors = reward.prediction_errors(f, schedule, alpha)
    assert traj.shape == (len(schedule) + 1,)
    assert np.all((traj >= reward.episode_reward(f) - 1e-12) & (traj <= 1.0 + 1e-12))
    assert np.allclose(np.diff(traj), alpha * errors)
    assert np.all(errors[~np.asarray(schedule)] == 0.0)


def test_drinking_on_naltrexone_extinguishes_towards_the_unblocked_share():
    share = parameters.value("reward_opioid_share")
    assert reward.learned_value(1.0, 500) == pytest.approx(1.0 - share)
    assert reward.learned_value(0.9, 20) < reward.learned_value(0.9, 20, drinking=False)


def test_per_episode_occupancy_schedule():
    traj = reward.value_trajectory([0.9] * 10 + [0.0] * 10, [True] * 20)
    assert traj[10] < 1.0
    assert traj[20] > traj[10]  # relearning once the blockade is gone


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: reward.episode_reward(1.5), "occupancy"),
        (lambda: reward.episode_reward(-0.1), "occupancy"),
        (lambda: reward.episode_reward(float("nan")), "occupancy"),
        (lambda: reward.episode_reward([]), "occupancy"),
        (lambda: reward.episode_reward(0.5, opioid_share=2), "opioid_share"),
        (lambda: reward.learned_value(0.5, -1), "episodes"),
        (lambda: reward.learned_value(0.5, 2.5), "episodes"),
        (lambda: reward.learned_value(0.5, 10, 0.0), "learning_rate"),
        (lambda: reward.learned_value(0.5, 10, 1.5), "learning_rate"),
        (lambda: reward.learned_value(0.5, 10, initial_value=2), "initial_value"),
        (lambda: reward.learned_value(0.5, 10, drinking="yes"), "drinking"),
        (lambda: reward.value_trajectory(0.5, [1, 2]), "drinking"),
        (lambda: reward.value_trajectory(0.5, []), "drinking"),
        (lambda: reward.value_trajectory([0.5, 0.5], [True] * 3), "occupancy"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("occupancy", [0.0, 0.9, 1.0])
@pytest.mark.parametrize("learning_rate", [0.05, 0.4])
def test_figure_draws_and_describes_itself(occupancy, learning_rate):
    from matplotlib.figure import Figure

    from naltrexone_course.figures import reward as figures

    assert isinstance(figures.draw_learned_value(occupancy, learning_rate), Figure)
    text = figures.describe_learned_value(occupancy, learning_rate)
    assert f"{occupancy:.0%}" in text and "abstinence" in text


def _lines_along(ax, y: float, x0: float, x1: float) -> list[str]:
    """Labels (or kinds) of everything drawn as a line at height ``y`` from ``x0`` to ``x1``."""
    found = []
    for line in ax.lines:
        xs, ys = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        inside = (xs >= x0) & (xs <= x1)
        if inside.sum() >= 2 and np.allclose(ys[inside], y):
            found.append(line.get_label())
    for collection in ax.collections:
        for segment in getattr(collection, "get_segments", lambda: [])():
            segment = np.asarray(segment)
            if len(segment) == 2 and np.allclose(segment[:, 1], y) and segment[:, 0].min() <= x0 + 1e-9:
                found.append("a segment")
    return found


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_at_no_blockade_the_reward_of_a_drink_is_said_not_drawn_on_the_drinking_line(layout):
    """At 0% blocked the learned value stays at the reward of a drink (1.00) all through the
    treatment: the dotted reward line drawn there lay on the blue drinking line, and the two read
    as one line hiding the other. The figure says where the reward is instead; with a blockade
    the dotted line is drawn, under the curve that falls towards it."""
    import matplotlib.pyplot as plt

    from naltrexone_course.figures import reward as figures

    fig = figures.draw_learned_value(0.0, 0.1, layout=layout)
    ax = fig.axes[0]
    along = _lines_along(ax, 1.0, 0, figures.TREATMENT_EPISODES)
    texts = [t.get_text() for t in ax.texts]
    plt.close(fig)
    assert along == ["drinking while on naltrexone"], f"drawn along the drinking line: {along}"
    assert "reward of a drink: 1.00 (this line)" in texts, texts
    fig = figures.draw_learned_value(0.9, 0.1, layout=layout)
    floor = float(reward.episode_reward(0.9))
    drawn = _lines_along(fig.axes[0], floor, 0, figures.TREATMENT_EPISODES)
    texts = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    assert drawn == ["a segment"], "with a blockade the reward line is drawn"
    assert f"reward of a drink on naltrexone: {floor:.2f}" in texts
