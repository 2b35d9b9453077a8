"""Drawing functions for the chapter "Blocking the receptor": binding and Gaddum/Schild."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import binding, parameters
from .style import (
    COLOURS,
    COMPARISON,
    INK,
    RECEPTORS,
    REFERENCE_LINE,
    SELECTED_LINE,
    concentration,
    legend_below,
    legend_row,
    mark_selected,
    new_figure,
    percent_axis,
    rounded,
    text_size,
)

#: Decades (log10) within which the chosen level and the free peak are drawn as one line.
SAME_LEVEL_DECADES = 0.05


def draw_receptor_occupancy(free_naltrexone_nM: float, layout: str = "wide") -> Figure:
    """Occupancy of mu, kappa and delta receptors against free naltrexone (nM),
    with the chosen concentration marked and its occupancies as bars."""
    conc = binding.log_concentration_grid(0.001, 1000.0)
    narrow = layout == "narrow"
    fig, (curve_ax, bar_ax) = new_figure(
        2, width_ratios=(2.2, 1.0), layout=layout, panel_height=3.0 if narrow else None
    )
    for receptor in binding.RECEPTORS:
        curve_ax.plot(
            conc,
            binding.naltrexone_occupancy(conc, receptor),
            color=RECEPTORS[receptor]["color"],
            linestyle=RECEPTORS[receptor]["linestyle"],
            linewidth=2,
            label=f"{receptor} (Ki {binding.naltrexone_ki_nM(receptor):.2g} nM)",
        )
    peak_free = binding.ng_per_ml_to_nM(
        parameters.value("oral_50mg_naltrexone_cmax_ng_ml"), parameters.value("naltrexone_molar_mass")
    ) * parameters.value("naltrexone_unbound_fraction")
    # the free peak is a legend entry, not a label in the plot: a label sat over the curves
    # at the free peak the two vertical lines are one: the chosen level alone, its label says so
    at_peak = abs(np.log10(free_naltrexone_nM / peak_free)) < SAME_LEVEL_DECADES
    if not at_peak:
        curve_ax.axvline(peak_free, **REFERENCE_LINE, label="free peak, 50 mg tablet")
    curve_ax.axvline(
        free_naltrexone_nM,
        **SELECTED_LINE,
        label="the chosen level\n\u2248 free peak, 50 mg tablet" if at_peak else "the chosen level",
    )
    curve_ax.set_xscale("log")
    curve_ax.set_xlabel("free naltrexone (nM, log scale)")
    curve_ax.set_title("Occupancy curves")
    percent_axis(curve_ax)
    legend_below(curve_ax, ncol=1 if narrow else 2, bbox_to_anchor=(0.5, -0.24 if narrow else -0.2))

    values = [binding.naltrexone_occupancy(free_naltrexone_nM, r) for r in binding.RECEPTORS]
    bars = bar_ax.bar(
        binding.RECEPTORS,
        values,
        color=[RECEPTORS[r]["color"] for r in binding.RECEPTORS],
        edgecolor=INK,
        linewidth=0.6,
        label="occupied at the chosen level",  # its name in the data table (no legend here)
    )  # each bar named under it: no hatch (hatches have meanings of their own)
    del bars
    for x, v in enumerate(values):
        bar_ax.text(x, v + 0.03, f"{100 * v:.0f}%", ha="center", fontsize=text_size(layout, 9))
    bar_ax.set_title(f"At {concentration(free_naltrexone_nM)}")
    percent_axis(bar_ax, "")
    bar_ax.set_ylim(-0.02, 1.2)  # room for the 100% labels under the title
    return fig


def describe_receptor_occupancy(free_naltrexone_nM: float) -> str:
    """Alt text for :func:`draw_receptor_occupancy`."""
    parts = [
        f"{100 * binding.naltrexone_occupancy(free_naltrexone_nM, r):.0f}% of {r}" for r in binding.RECEPTORS
    ]
    return (
        f"At {concentration(free_naltrexone_nM)} free naltrexone, {parts[0]}, {parts[1]} and "
        f"{parts[2]} receptors are occupied."
    )


def draw_competitive_antagonism(naltrexone_nM: float, morphine_nM: float, layout: str = "wide") -> Figure:
    """Morphine's mu occupancy curve without and with naltrexone (Gaddum), the
    chosen morphine level marked on both, and the Schild dose ratio."""
    ka = parameters.value("morphine_ki_mu_nM")
    kb = binding.naltrexone_ki_nM("mu")
    agonist = binding.log_concentration_grid(0.01, 1e6)
    narrow = layout == "narrow"
    fig, (ax,) = new_figure(1, layout=layout, panel_height=4.2 if narrow else None)
    ax.plot(agonist, binding.occupancy(agonist, ka), **{**COMPARISON, "linewidth": 2}, label="morphine alone")
    alone = binding.occupancy(morphine_nM, ka)
    blocked = binding.gaddum(morphine_nM, ka, naltrexone_nM, kb)
    ratio = binding.dose_ratio(naltrexone_nM, kb)
    # where naltrexone is too little to move the chosen level (the same percent), the grey
    # square would lie under the diamond: one mark is drawn and its label says both
    same_point = naltrexone_nM > 0 and round(100 * alone) == round(100 * blocked)
    if not same_point:
        ax.plot(
            [morphine_nM],
            [alone],
            marker="s",
            color=COMPARISON["color"],
            markersize=8,
            linestyle="none",
            clip_on=False,
            label=f"{concentration(morphine_nM)} morphine alone: {100 * alone:.0f}%",
        )
    if naltrexone_nM > 0:  # with no naltrexone there is no second curve: none is listed
        ax.plot(
            agonist,
            binding.gaddum(agonist, ka, naltrexone_nM, kb),
            color=COLOURS["mu"],
            linewidth=2.5,
            label=f"with {concentration(naltrexone_nM)} naltrexone",
        )
        label = (
            f"{concentration(morphine_nM)}, alone or with naltrexone: {100 * blocked:.0f}%"
            if same_point
            else f"with naltrexone: {100 * blocked:.0f}%"
        )
        mark_selected(ax, morphine_nM, blocked, label=label)
        ax.annotate(
            "",
            xy=(ka * ratio, 0.5),
            xytext=(ka, 0.5),
            arrowprops={"arrowstyle": "->", "color": INK, "linewidth": 1.8},
        )
    handles = ax.get_legend_handles_labels()[0]
    if naltrexone_nM <= 0:  # the legend keeps its size; its words say why one curve
        handles += [legend_row("no naltrexone: no second curve"), legend_row()]
    if same_point:  # the legend keeps its size: a blank row for the square not drawn
        handles.append(legend_row())
    ax.set_xscale("log")
    ax.set_xlabel("morphine at the receptor (nM, log scale)")
    # the dose ratio in the title: a label between the curves covered them
    if narrow:
        ax.set_title(f"Curve shifts right: dose ratio {rounded(ratio)}")
        percent_axis(ax, "mu occupied by morphine (%)")
        legend_below(ax, handles=handles, bbox_to_anchor=(0.5, -0.17))
    else:
        ax.set_title(f"Competitive antagonism: the curve shifts right, dose ratio {rounded(ratio)}")
        percent_axis(ax, "mu occupied by morphine (%)")
        legend_below(ax, handles=handles, ncol=2, bbox_to_anchor=(0.5, -0.2))
    return fig


def describe_competitive_antagonism(naltrexone_nM: float, morphine_nM: float) -> str:
    """Alt text for :func:`draw_competitive_antagonism`."""
    ka = parameters.value("morphine_ki_mu_nM")
    kb = binding.naltrexone_ki_nM("mu")
    blocked = binding.gaddum(morphine_nM, ka, naltrexone_nM, kb)
    alone = binding.occupancy(morphine_nM, ka)
    ratio = binding.dose_ratio(naltrexone_nM, kb)
    return (
        f"With {concentration(naltrexone_nM)} naltrexone the morphine curve shifts right by a dose ratio "
        f"of {ratio:,.0f}; {concentration(morphine_nM)} morphine occupies {100 * blocked:.0f}% of mu "
        f"receptors instead of {100 * alone:.0f}% without naltrexone."
    )
