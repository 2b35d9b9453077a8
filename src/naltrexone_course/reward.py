"""Toy reinforcement-learning model of drinking on and off naltrexone.

A Rescorla-Wagner learner keeps a learned value ``V`` (a prediction of reward, not
"wanting": incentive salience is another process) for the cue that
predicts a drink. On each drinking episode it receives a reward ``R`` and moves its
value a fraction ``alpha`` of the way towards it:

``V <- V + alpha * (R - V)``, with prediction error ``delta = R - V``.

The reward of one drink is normalised to 1 without naltrexone. A share ``s`` of it is
carried by endogenous opioids at mu receptors; naltrexone blocks that share in
proportion to the fraction ``f`` of mu receptors it occupies:

``R = 1 - s * f``.

When the person does not drink, there is no reward and no prediction error, so the
value does not change: naltrexone has nothing to act on (Sinclair's extinction account).
Values are fractions of the no-drug reward. Pure numpy; no plotting. Every number
comes from :mod:`naltrexone_course.parameters` (all toy values).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import parameters, validation


def _share(opioid_share: float | None) -> float:
    if opioid_share is None:
        return parameters.value("reward_opioid_share")
    return validation.fraction("opioid_share", opioid_share, scalar=True)


def _rate(learning_rate: float | None) -> float:
    if learning_rate is None:
        return parameters.value("reward_learning_rate")
    rate = validation.fraction("learning_rate", learning_rate, scalar=True)
    if rate == 0.0:
        raise ValueError("learning_rate must lie in (0, 1], got 0")
    return rate


def episode_reward(occupancy: ArrayLike, opioid_share: float | None = None):
    """Reward of one drinking episode at mu occupancy ``occupancy`` (fraction 0..1).

    ``R = 1 - s * f``: 1 without naltrexone, ``1 - s`` with every mu receptor blocked.
    """
    f = validation.fraction("occupancy", occupancy)
    return validation.scalar_or_array(1.0 - _share(opioid_share) * f)


def learned_value(
    occupancy: ArrayLike,
    episodes: int = 20,
    learning_rate: float | None = None,
    drinking: bool = True,
    initial_value: float = 1.0,
    opioid_share: float | None = None,
):
    """Learned value of the drinking cue after ``episodes`` episodes at constant occupancy.

    Starts from ``initial_value`` (1 = the value learned from drinking without
    naltrexone). If ``drinking`` is true, every episode is a drink at occupancy
    ``occupancy`` and the value approaches ``R = 1 - s f`` geometrically:
    ``V_n = R + (V_0 - R)(1 - alpha)^n``. If false (abstinence while on naltrexone),
    there is nothing to learn from and ``V_n = V_0``. Vectorised over ``occupancy``.
    """
    f = validation.fraction("occupancy", occupancy)
    n = _episodes(episodes)
    alpha = _rate(learning_rate)
    v0 = validation.in_range("initial_value", initial_value, 0.0, 1.0, scalar=True)
    if not isinstance(drinking, bool | np.bool_):
        raise ValueError(f"drinking must be True or False, got {drinking!r}")
    if not drinking:
        return validation.scalar_or_array(np.full_like(f, v0))
    reward = 1.0 - _share(opioid_share) * f
    return validation.scalar_or_array(reward + (v0 - reward) * (1.0 - alpha) ** n)


def _episodes(episodes: int) -> int:
    if isinstance(episodes, bool) or not isinstance(episodes, int | np.integer) or episodes < 0:
        raise ValueError(f"episodes must be a whole number >= 0, got {episodes!r}")
    return int(episodes)


def _schedule(occupancy: ArrayLike, drinking: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    drink = validation.as_array("drinking", drinking)
    if drink.ndim != 1:
        raise ValueError(f"drinking must be a 1-D sequence of True/False, got shape {drink.shape}")
    if not np.all((drink == 0) | (drink == 1)):
        raise ValueError("drinking must hold only True/False (1/0) per episode")
    f = validation.fraction("occupancy", occupancy)
    if f.ndim == 0:
        f = np.full(drink.shape, float(f))
    if f.shape != drink.shape:
        raise ValueError(
            f"occupancy must be one number or one value per episode ({drink.size}), got shape {f.shape}"
        )
    return f, drink.astype(bool)


def value_trajectory(
    occupancy: ArrayLike,
    drinking: ArrayLike,
    learning_rate: float | None = None,
    initial_value: float = 1.0,
    opioid_share: float | None = None,
) -> NDArray[np.float64]:
    """Learned value before each episode and after the last (length ``len(drinking) + 1``).

    ``drinking`` says, episode by episode, whether the person drinks (True) or not;
    ``occupancy`` is one mu occupancy for all episodes or one per episode (so a
    course of treatment followed by stopping is a schedule with zeros at the end).
    """
    f, drink = _schedule(occupancy, drinking)
    alpha = _rate(learning_rate)
    share = _share(opioid_share)
    values = np.empty(drink.size + 1)
    values[0] = validation.in_range("initial_value", initial_value, 0.0, 1.0, scalar=True)
    for i in range(drink.size):
        delta = (1.0 - share * f[i]) - values[i] if drink[i] else 0.0
        values[i + 1] = values[i] + alpha * delta
    return values


def prediction_errors(
    occupancy: ArrayLike,
    drinking: ArrayLike,
    learning_rate: float | None = None,
    initial_value: float = 1.0,
    opioid_share: float | None = None,
) -> NDArray[np.float64]:
    """Prediction error ``delta = R - V`` of each episode (0 when the person does not drink).

    Negative errors ("less than expected") are what lowers the learned value.
    """
    f, drink = _schedule(occupancy, drinking)
    values = value_trajectory(f, drink, learning_rate, initial_value, opioid_share)
    reward = 1.0 - _share(opioid_share) * f
    return np.where(drink, reward - values[:-1], 0.0)
