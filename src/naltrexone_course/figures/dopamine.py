"""Drawing functions for the chapter "Dopamine": the opioid step in alcohol-evoked dopamine."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import dopamine, parameters
from .style import (
    COLOURS,
    COMPARISON,
    GREY,
    INK,
    PATHWAYS,
    REFERENCE_LINE,
    TEXT_COLOURS,
    TIMES,
    legend_below,
    legend_row,
    mark_selected,
    new_figure,
    percent_axis,
    text_size,
)

SESSION_MIN = 60.0
DRINKING_STARTS_MIN = 20.0


def fifty_mg_occupancy() -> float:
    """Mu occupancy after a 50 mg tablet from the hyperbolic dose-occupancy fit (about 90%)."""
    ed50 = parameters.value("mu_occupancy_ed50_mg")
    return 50.0 / (50.0 + ed50)


def draw_dopamine_and_craving(occupancy: float, genotype: str, layout: str = "wide") -> Figure:
    """Left: dopamine over a session (cue period, then drinking) without and with naltrexone.
    Right: the alcohol-evoked dopamine rise and the craving index against mu occupancy."""
    t = np.linspace(0.0, SESSION_MIN, 241)
    narrow = layout == "narrow"
    fig, (time_ax, occ_ax) = new_figure(
        2, width_ratios=(1.3, 1.0), layout=layout, panel_height=3.3 if narrow else None
    )
    # the cue phase is a context band, named inside it; the drinking phase is the rest
    time_ax.axvspan(0, DRINKING_STARTS_MIN, color=COLOURS["sky"], alpha=0.15, linewidth=0)
    ymax = 1.15 * dopamine.genotype_gain("GG")
    size = text_size(layout, 9)
    time_ax.text(
        DRINKING_STARTS_MIN / 2, 0.95 * ymax, "cues\n(waiting)", ha="center", va="top", fontsize=size
    )
    mid_drinking = (DRINKING_STARTS_MIN + SESSION_MIN) / 2
    time_ax.text(mid_drinking, 0.95 * ymax, "drinking", ha="center", va="top", fontsize=size)
    time_ax.plot(
        t,
        dopamine.time_course(t, 0.0, genotype, DRINKING_STARTS_MIN),
        **{**COMPARISON, "linewidth": 2},
        label="no naltrexone",
    )
    if occupancy > 0:  # at 0% the two curves are one: the first is drawn alone
        time_ax.plot(
            t,
            dopamine.time_course(t, occupancy, genotype, DRINKING_STARTS_MIN),
            color=COLOURS["mu"],
            linewidth=2.5,
            label=f"{occupancy:.0%} of mu blocked",
        )
    cue_peak = dopamine.cue_dopamine(occupancy, genotype)
    time_ax.annotate(  # above the cue plateau, centred in the cue band: no curve runs there
        "same\neither way" if narrow else "same with and\nwithout naltrexone",
        (DRINKING_STARTS_MIN / 2, cue_peak),
        xytext=(0, 6),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=text_size(layout, 8),
        color=TEXT_COLOURS["mu"],
    )
    time_ax.set_ylim(0, ymax)
    time_ax.set_xlim(0, SESSION_MIN)
    time_ax.set_xlabel("time in session (min, illustrative)")
    time_ax.set_ylabel(f"dopamine ({TIMES} 118AA rise)" if narrow else f"dopamine rise ({TIMES} 118AA rise)")
    time_ax.set_title(f"OPRM1 118{genotype}: one session")
    handles = time_ax.get_legend_handles_labels()[0]
    if occupancy <= 0:  # the legend keeps its size: the second row says why there is one curve
        handles.append(legend_row("0% of mu blocked: the same curve"))
    legend_below(time_ax, handles=handles, ncol=1 if narrow else 2, fontsize=text_size(layout, 8))

    occ = np.linspace(0.0, 1.0, 201)
    gain = dopamine.genotype_gain(genotype)
    occ_ax.plot(
        occ,
        dopamine.evoked_dopamine(occ, genotype) / gain,
        color=PATHWAYS["dopamine"],
        linewidth=2.5,
        label="alcohol-evoked dopamine",
    )
    occ_ax.plot(
        occ,
        dopamine.craving_index(occ, genotype),
        color=INK,
        linestyle="--",
        linewidth=2.5,
        label="craving index (toy)",
    )
    occ_ax.plot(
        occ,
        dopamine.cue_dopamine(occ, genotype) / dopamine.cue_dopamine(0.0, genotype),
        color=GREY,
        linestyle=":",
        linewidth=2.2,
        label="cue (anticipatory) dopamine",
    )
    d = dopamine.evoked_dopamine(occupancy, genotype) / gain
    c = dopamine.craving_index(occupancy, genotype)
    mark_selected(occ_ax, [occupancy, occupancy], [d, c])
    fifty = fifty_mg_occupancy()
    occ_ax.axvline(fifty, **REFERENCE_LINE)
    occ_ax.annotate(
        "50 mg tablet",
        (fifty, 1.07),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        fontsize=text_size(layout, 8),
        color=TEXT_COLOURS["reference"],
    )
    occ_ax.set_xlim(0, 1)
    occ_ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    occ_ax.set_xlabel("mu receptors blocked (%)")
    percent_axis(occ_ax, "% of untreated response" if narrow else "% of the response without naltrexone")
    occ_ax.set_ylim(-0.02, 1.12)
    occ_ax.set_title("Dose-response of each part")
    legend_below(occ_ax, fontsize=text_size(layout, 8), bbox_to_anchor=(0.5, -0.22))
    return fig


def describe_dopamine_and_craving(occupancy: float, genotype: str) -> str:
    """Alt text for :func:`draw_dopamine_and_craving`."""
    gain = dopamine.genotype_gain(genotype)
    evoked = dopamine.evoked_dopamine(occupancy, genotype)
    craving = dopamine.craving_index(occupancy, genotype)
    return (
        f"OPRM1 118{genotype}, {occupancy:.0%} of mu receptors blocked: the alcohol-evoked dopamine "
        f"rise is {evoked:.2f} times the 118AA response (without naltrexone {gain:.0f}), "
        f"{evoked / gain:.0%} of this genotype's usual rise; the cue rise is unchanged and the toy "
        f"craving index is {craving:.0%} of its value without naltrexone."
    )
