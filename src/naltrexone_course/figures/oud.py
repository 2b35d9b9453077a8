"""Drawing functions for the chapter "Naltrexone for opioid use disorder"."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import oud
from .style import (
    GREY,
    INK,
    NOTE,
    OUTCOMES,
    PAPER,
    SELECTED,
    check_layout,
    icon_array,
    new_figure,
    percent_axis,
    text_size,
)

_GRID = 10  # 10 x 10 people
_ICONS = {
    "never started": OUTCOMES["never started"],
    "relapsed": OUTCOMES["relapse"],
    "no relapse": OUTCOMES["spared"],
}
_SHORT = {"XR-naltrexone": "XR-naltrexone", "buprenorphine-naloxone": "bup-naloxone"}


def _check(arm: str, analysis: str) -> None:
    if arm not in oud.ARMS:
        raise ValueError(f"arm must be one of {oud.ARMS}, got {arm!r}")
    if analysis not in oud.ANALYSES:
        raise ValueError(f"analysis must be one of {oud.ANALYSES}, got {analysis!r}")


def draw_induction_flow(arm: str, analysis: str, layout: str = "wide") -> Figure:
    """Left (top when narrow): 100 people randomised to ``arm`` in X:BOT: who never
    started, who relapsed within 24 weeks, who did not. Right (bottom): relapse in both
    arms as the trial reported it under ``analysis``."""
    _check(arm, analysis)
    check_layout(layout)
    flow = oud.flow(arm)
    fig, (icon_ax, bar_ax) = new_figure(
        2, width_ratios=(1.0, 1.0), layout=layout, panel_height=3.4 if layout == "narrow" else None
    )
    kinds = (
        ["never started"] * flow.never_started
        + ["relapsed"] * flow.relapsed
        + ["no relapse"] * flow.not_relapsed
    )
    per_protocol = analysis == "per protocol"
    faded = {"never started": {"alpha": 0.2}} if per_protocol else {}
    handles = icon_array(icon_ax, kinds, _ICONS, layout, grid=_GRID, **faded)
    for handle, kind in zip(handles, _ICONS):
        n = kinds.count(kind)
        handle.set_label(f"never started: {n} (left out)" if kind in faded else f"{kind}: {n}")
    if layout == "wide":
        icon_ax.set_title(f"100 people given {_SHORT[arm]}", loc="left")
    else:
        icon_ax.set_title(f"{_SHORT[arm]}: 100 people", loc="center")
    icon_ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        frameon=False,
        ncol=1,
        fontsize=text_size(layout, 9),
        handletextpad=0.3,
        borderaxespad=0.2,
    )

    y = np.arange(len(oud.ARMS))[::-1]
    for yi, name in zip(y, oud.ARMS):
        value = oud.reported_relapse(name, analysis)
        chosen = name == arm
        bar_ax.barh(
            yi,
            value,
            height=0.55,
            # the chosen arm in the selected value's orange; the other arm an outline to compare
            color=SELECTED["markerfacecolor"] if chosen else PAPER,
            edgecolor=INK if chosen else GREY,
            linewidth=1.5,
            label="relapse as reported",  # its name in the data table (no legend here)
        )
        bar_ax.text(
            value + 0.03,
            yi,
            f"{value:.0%}",
            va="center",
            fontsize=10,
            fontweight="bold" if chosen else "normal",
            color=INK,
        )
        if not per_protocol:
            rebuilt = oud.reconstructed_itt(
                oud.induction_fraction(name), oud.reported_relapse(name, "per protocol")
            )
            bar_ax.plot(
                [rebuilt],
                [yi - 0.42],
                marker="^",
                color=INK,
                markersize=7,
                linestyle="none",
                label="if every non-starter relapsed",  # as the note under the bars names it
            )
    bar_ax.set_yticks(y, [_SHORT[name] for name in oud.ARMS])
    percent_axis(bar_ax, "")
    bar_ax.set_xlim(0, 1.0)
    bar_ax.set_ylim(-0.8, len(oud.ARMS) - 0.4)
    bar_ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    bar_ax.set_yticks(y, [_SHORT[name] for name in oud.ARMS])
    bar_ax.set_ylabel("")
    bar_ax.set_xlabel("relapsed within 24 weeks (%)")
    if layout == "wide":
        who = "of all randomised" if not per_protocol else "of those who started"
        bar_ax.set_title(f"Relapse, {who}", loc="left")
    else:
        bar_ax.set_title("Relapse: all randomised" if not per_protocol else "Relapse: starters only")
    if not per_protocol:
        bar_ax.text(
            0.0,
            -0.75,
            "▲ if every non-starter relapsed",
            fontsize=text_size(layout, 9),
            va="bottom",
            color=NOTE,
        )
    return fig


def describe_induction_flow(arm: str, analysis: str) -> str:
    """Alt text for :func:`draw_induction_flow`."""
    _check(arm, analysis)
    flow = oud.flow(arm)
    other = next(a for a in oud.ARMS if a != arm)
    mine = oud.reported_relapse(arm, analysis)
    theirs = oud.reported_relapse(other, analysis)
    counted = (
        "everyone randomised counts"
        if analysis == "intention to treat"
        else "only the people who started the medicine count"
    )
    return (
        f"Of 100 people randomised to {arm}, {flow.never_started} never started it, "
        f"{flow.relapsed} started and relapsed within 24 weeks and {flow.not_relapsed} started and did not "
        f"relapse. By {analysis} ({counted}), {mine:.0%} relapsed on {arm} against {theirs:.0%} on {other}."
    )
