"""Drawing functions for the chapter "Glutamate": how much of a prediction rests on a hypothesis."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import glutamate, mechanisms
from .style import (
    COMPARISON,
    EVIDENCE_HATCH,
    GREY,
    INK,
    PATHWAYS,
    legend_below,
    legend_row,
    mark_selected,
    new_figure,
    text_size,
)

COUPLING_LABELS = {"off": "coupling off", "on": "coupling on (hypothesis)"}


def draw_relapse_risk(coupling: str, occupancy: float, layout: str = "wide") -> Figure:
    """Left: relapse risk per strong cue against mu occupancy, with the hypothesised
    opioid-glutamate coupling off and on. Right: where the risk goes at the chosen occupancy."""
    occ = np.linspace(0.0, 1.0, 201)
    narrow = layout == "narrow"
    fig, (ax, bar_ax) = new_figure(2, width_ratios=(1.6, 1.0), layout=layout)
    for key, style, marker in (("off", "--", "s"), ("on", "-", "o")):
        active = key == coupling
        ax.plot(
            occ,
            glutamate.relapse_risk(occ, key),
            color=PATHWAYS["glutamate"] if key == "on" else COMPARISON["color"],
            linestyle=style,
            linewidth=2.6 if active else 1.2,
            alpha=1.0 if active else 0.45,
            marker=marker,
            markevery=40,
            clip_on=False,  # whole markers at 0% and 100%
            label=COUPLING_LABELS[key] + ("" if active or narrow else ", for comparison"),
        )
    risk = glutamate.relapse_risk(occupancy, coupling)
    mark_selected(ax, occupancy, risk)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    ax.set_xlabel("mu receptors blocked by naltrexone (%)")
    top = 1.15 * glutamate.relapse_risk(0.0)
    ax.set_ylim(0, top)
    ticks = np.arange(0, top, 0.1)
    ax.set_yticks(ticks, [f"{100 * t:.0f}" for t in ticks])
    ax.set_ylabel("relapse per strong cue (%)")
    ax.set_title("Toy relapse risk")
    legend_below(ax, fontsize=text_size(layout, 8), bbox_to_anchor=(0.5, -0.2))

    parts = glutamate.risk_breakdown(occupancy, coupling)
    # each part in its pathway's colour; the part that rests on a hypothesis hatched as such
    segments = (
        ("remaining", "remaining risk", GREY, ""),
        (
            "via_reward",
            "less reward after a lapse",
            PATHWAYS["reward"],
            EVIDENCE_HATCH[mechanisms.EVIDENCE["reward"]],
        ),
        ("via_coupling", "hypothesised coupling", PATHWAYS["glutamate"], EVIDENCE_HATCH["hypothesis"]),
    )
    bottom = 0.0
    zero_rows = []
    for key, label, colour, hatch in segments:
        height = parts[key]
        bar_ax.bar(
            [0],
            [height],
            bottom=bottom,
            color=colour,
            hatch=hatch,
            edgecolor=INK,
            linewidth=0.6,
            width=0.6,
            # a part of zero height has no swatch to key: its row states the zero in words
            label=f"{label}: {100 * height:.1f} pts" if height > 0 else "_nolegend_",
            gid=label,  # its name in the data table when it has no legend entry
        )
        if height <= 0:
            zero_rows.append(legend_row(f"{label}: none"))
        bottom += height
    bar_ax.set_xlim(-0.5, 0.5)
    bar_ax.set_xticks([])
    bar_ax.set_ylim(0, top)
    bar_ax.set_yticks(ticks, [f"{100 * t:.0f}" for t in ticks])
    bar_ax.set_title(f"Risk at {occupancy:.0%} blocked" if narrow else f"At {occupancy:.0%} blocked")
    if narrow:
        bar_ax.set_ylabel("relapse per strong cue (%)")
    handles, labels = bar_ax.get_legend_handles_labels()
    handles = handles[::-1] + zero_rows
    bar_ax.legend(
        handles,
        [h.get_label() for h in handles],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        frameon=False,
        fontsize=text_size(layout, 8),
    )
    return fig


def describe_relapse_risk(coupling: str, occupancy: float) -> str:
    """Alt text for :func:`draw_relapse_risk`."""
    parts = glutamate.risk_breakdown(occupancy, coupling)
    removed = parts["via_reward"] + parts["via_coupling"]
    share = parts["via_coupling"] / removed if removed > 0 else 0.0

    if removed <= 0:
        return (
            f"With no mu receptors blocked, the toy risk that one strong cue ends in relapse is "
            f"{100 * parts['no_drug']:.0f}%, with the hypothesised opioid-glutamate coupling {coupling}."
        )
    return (
        f"With the hypothesised opioid-glutamate coupling {coupling} and {occupancy:.0%} of mu "
        f"receptors blocked, the toy risk that one strong cue ends in relapse falls from "
        f"{100 * parts['no_drug']:.0f}% to {100 * parts['remaining']:.0f}%; "
        f"{share:.0%} of that reduction rests on the hypothesised coupling."
    )
