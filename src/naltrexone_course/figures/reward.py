"""Drawing functions for the chapter "The reward system": learned value on and off naltrexone."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import reward
from .style import COLOURS, COMPARISON, GREY, INK, TEXT_COLOURS, legend_row, new_figure, text_size

#: Episodes on naltrexone, then the same number after stopping it (drinking resumes).
TREATMENT_EPISODES = 20
AFTER_EPISODES = 15


def _schedules(occupancy: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(occupancy per episode, drinking per episode) for the two scenarios in the figure."""
    occ = np.r_[np.full(TREATMENT_EPISODES, occupancy), np.zeros(AFTER_EPISODES)]
    drink_on = np.ones(TREATMENT_EPISODES + AFTER_EPISODES, dtype=bool)
    abstain_on = np.r_[np.zeros(TREATMENT_EPISODES, dtype=bool), np.ones(AFTER_EPISODES, dtype=bool)]
    return {"drinking": (occ, drink_on), "abstinent": (occ, abstain_on)}


def _trajectories(occupancy: float, learning_rate: float) -> dict[str, np.ndarray]:
    return {
        key: reward.value_trajectory(occ, drink, learning_rate)
        for key, (occ, drink) in _schedules(occupancy).items()
    }


def draw_learned_value(occupancy: float, learning_rate: float, layout: str = "wide") -> Figure:
    """Learned value of the drinking cue over episodes: drinking on naltrexone versus
    abstinent on naltrexone, then both drinking again after stopping; prediction errors beside."""
    traj = _trajectories(occupancy, learning_rate)
    n = TREATMENT_EPISODES + AFTER_EPISODES
    x = np.arange(n + 1)
    fig, (ax, err_ax) = new_figure(2, width_ratios=(2.3, 1.0), layout=layout)
    ax.axvspan(0, TREATMENT_EPISODES, color=COLOURS["sky"], alpha=0.15, linewidth=0)
    size = text_size(layout, 9)
    ax.text(TREATMENT_EPISODES / 2, 1.1, "on naltrexone", ha="center", fontsize=size)
    ax.text(TREATMENT_EPISODES + AFTER_EPISODES / 2, 1.1, "after stopping", ha="center", fontsize=size)
    same = bool(np.allclose(traj["abstinent"], traj["drinking"]))
    if not same:  # at 0% blocked the two are one curve: the drinking line is drawn alone
        ax.plot(
            x,
            traj["abstinent"],
            color=COMPARISON["color"],
            linestyle="--",
            linewidth=2.2,
            marker="s",
            markevery=5,
            clip_on=False,  # whole markers on the axes' edges
            label="abstinent while on naltrexone",
        )
    ax.plot(
        x,
        traj["drinking"],
        color=COLOURS["mu"],
        linestyle="-",
        linewidth=2.5,
        marker="o",
        markevery=5,
        clip_on=False,
        label="drinking while on naltrexone",
    )
    floor = reward.episode_reward(occupancy)
    # with nothing blocked the value stays at the reward of a drink all through the treatment:
    # the dotted line would lie on the drinking line and hide it (one line, read as one), so
    # the words say where the reward is instead
    on_line = bool(np.allclose(traj["drinking"][: TREATMENT_EPISODES + 1], floor))
    if not on_line:
        ax.hlines(floor, 0, TREATMENT_EPISODES, color=INK, linestyle=":", linewidth=1.8)
    ax.annotate(
        f"reward of a drink: {floor:.2f} (this line)"
        if on_line
        else f"reward of a drink on naltrexone: {floor:.2f}",
        (1, floor),
        xytext=(0, -12),
        textcoords="offset points",
        fontsize=text_size(layout, 8),
        color=TEXT_COLOURS["note"],
    )
    ax.set_xlim(0, n)
    ax.set_ylim(0, 1.2)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("episode (a day with the drinking cue)")
    narrow = layout == "narrow"
    ax.set_ylabel("learned cue value" if narrow else "learned value of the cue (a prediction)")
    if narrow:
        ax.set_title(f"{occupancy:.0%} of mu blocked\nlearning rate {learning_rate:g}")
    else:
        ax.set_title(f"{occupancy:.0%} of mu receptors blocked, learning rate {learning_rate:g}")
    handles = ax.get_legend_handles_labels()[0]
    if same:  # the legend says in words why one line keys both scenarios
        handles.append(legend_row("abstinent: the same curve"))
    ax.legend(handles=handles, loc="lower right", frameon=True, framealpha=0.9, fontsize=text_size(layout, 9))

    # one bar per drinking episode, in the drinking line's colour (the sign is the bar's
    # direction), under that episode's step of the line: the two panels share their x axis
    errors = reward.prediction_errors(*_schedules(occupancy)["drinking"], learning_rate)
    episodes = np.arange(1, n + 1)
    err_ax.bar(episodes - 0.5, errors, color=COLOURS["mu"], width=0.8, label="prediction error, drinking")
    err_ax.axhline(0, color=INK, linewidth=0.8)
    err_ax.axvline(TREATMENT_EPISODES, color=GREY, linewidth=1, linestyle="-.")
    err_ax.set_xlim(0, n)
    err_ax.set_ylim(-0.55, 0.55)
    err_ax.set_xlabel("episode")
    err_ax.set_ylabel("prediction error" if layout == "narrow" else "prediction error (reward - value)")
    err_ax.set_title("Surprise per drink")
    return fig


def describe_learned_value(occupancy: float, learning_rate: float) -> str:
    """Alt text for :func:`draw_learned_value`."""
    traj = _trajectories(occupancy, learning_rate)
    end = TREATMENT_EPISODES
    return (
        f"With {occupancy:.0%} of mu receptors blocked and a learning rate of {learning_rate:g}, "
        f"the learned value of the drinking cue falls from 1.00 to {traj['drinking'][end]:.2f} after "
        f"{end} drinking episodes on naltrexone, but stays at {traj['abstinent'][end]:.2f} with "
        f"abstinence on naltrexone. {AFTER_EPISODES} drinking episodes after stopping bring it back "
        f"to {traj['drinking'][-1]:.2f}."
    )
