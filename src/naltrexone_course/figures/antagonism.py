"""Drawing functions for the chapter "Blocking the receptor": binding and Gaddum/Schild."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import binding, parameters
from .style import COLOURS, LINESTYLES, new_figure, percent_axis, text_size


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
            color=COLOURS[receptor],
            linestyle=LINESTYLES[receptor],
            linewidth=2,
            label=f"{receptor} (Ki {binding.naltrexone_ki_nM(receptor):.2g} nM)",
        )
    peak_free = binding.ng_per_ml_to_nM(
        parameters.value("oral_50mg_naltrexone_cmax_ng_ml"), parameters.value("naltrexone_molar_mass")
    ) * parameters.value("naltrexone_unbound_fraction")
    curve_ax.axvline(peak_free, color=COLOURS["reference"], linewidth=1, linestyle="-.")
    curve_ax.annotate(
        "free peak after\n50 mg tablet",
        (peak_free, 0.3),
        xytext=(-6, 0) if narrow else (6, 0),
        ha="right" if narrow else "left",
        textcoords="offset points",
        fontsize=text_size(layout, 8),
        color=COLOURS["reference"],
        # a white ground: the label sits over the kappa and delta curves
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
    )
    curve_ax.axvline(free_naltrexone_nM, color=COLOURS["highlight"], linewidth=2.5, alpha=0.9)
    curve_ax.set_xscale("log")
    curve_ax.set_xlabel("free naltrexone (nM, log scale)")
    curve_ax.set_title("Occupancy curves")
    percent_axis(curve_ax)
    if narrow:
        curve_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), frameon=False, ncol=1)
    else:
        curve_ax.legend(loc="upper left", frameon=False)

    values = [binding.naltrexone_occupancy(free_naltrexone_nM, r) for r in binding.RECEPTORS]
    bars = bar_ax.bar(
        binding.RECEPTORS,
        values,
        color=[COLOURS[r] for r in binding.RECEPTORS],
        hatch=None,
        edgecolor="black",
        linewidth=0.6,
    )
    for bar, hatch in zip(bars, ("", "//", "..")):
        bar.set_hatch(hatch)
    for x, v in enumerate(values):
        bar_ax.text(x, v + 0.03, f"{100 * v:.0f}%", ha="center", fontsize=9)
    bar_ax.set_title(f"At {free_naltrexone_nM:g} nM")
    percent_axis(bar_ax, "")
    return fig


def describe_receptor_occupancy(free_naltrexone_nM: float) -> str:
    """Alt text for :func:`draw_receptor_occupancy`."""
    parts = [
        f"{100 * binding.naltrexone_occupancy(free_naltrexone_nM, r):.0f}% of {r}" for r in binding.RECEPTORS
    ]
    return (
        f"At {free_naltrexone_nM:g} nM free naltrexone, {parts[0]}, {parts[1]} and "
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
    ax.plot(
        agonist,
        binding.occupancy(agonist, ka),
        color=COLOURS["reference"],
        linestyle="--",
        linewidth=2,
        label="morphine alone",
    )
    ax.plot(
        agonist,
        binding.gaddum(agonist, ka, naltrexone_nM, kb),
        color=COLOURS["mu"],
        linewidth=2.5,
        label=f"with {naltrexone_nM:g} nM naltrexone",
    )
    alone = binding.occupancy(morphine_nM, ka)
    blocked = binding.gaddum(morphine_nM, ka, naltrexone_nM, kb)
    ax.plot([morphine_nM], [alone], marker="s", color=COLOURS["reference"], markersize=8, linestyle="none")
    ax.plot(
        [morphine_nM],
        [blocked],
        marker="o",
        color=COLOURS["highlight"],
        markersize=9,
        linestyle="none",
        markeredgecolor="black",
        label=f"{morphine_nM:g} nM morphine: {100 * blocked:.0f}% occupied",
    )
    ratio = binding.dose_ratio(naltrexone_nM, kb)
    ax.annotate(
        "",
        xy=(ka * ratio, 0.5),
        xytext=(ka, 0.5),
        arrowprops={"arrowstyle": "->", "color": COLOURS["accent"], "linewidth": 1.8},
    )
    ax.text(
        np.sqrt(ka * max(ka * ratio, ka * 1.01)),
        0.6,
        f"dose ratio {ratio:,.0f}x",
        ha="center",
        color="black",
        fontsize=9,
        fontweight="bold",
        bbox={"facecolor": "white", "edgecolor": COLOURS["accent"], "boxstyle": "round,pad=0.25"},
    )
    ax.set_xscale("log")
    ax.set_xlabel("morphine at the receptor (nM, log scale)")
    if narrow:
        ax.set_title("The morphine curve shifts right")
        percent_axis(ax, "mu occupied by morphine (%)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), frameon=False)
    else:
        ax.set_title("Competitive antagonism: the curve shifts right")
        percent_axis(ax, "mu receptors occupied by morphine (%)")
        ax.legend(loc="upper left", frameon=False)
    return fig


def describe_competitive_antagonism(naltrexone_nM: float, morphine_nM: float) -> str:
    """Alt text for :func:`draw_competitive_antagonism`."""
    ka = parameters.value("morphine_ki_mu_nM")
    kb = binding.naltrexone_ki_nM("mu")
    blocked = binding.gaddum(morphine_nM, ka, naltrexone_nM, kb)
    alone = binding.occupancy(morphine_nM, ka)
    ratio = binding.dose_ratio(naltrexone_nM, kb)
    return (
        f"With {naltrexone_nM:g} nM naltrexone the morphine curve shifts right by a dose ratio "
        f"of {ratio:,.0f}; {morphine_nM:g} nM morphine occupies {100 * blocked:.0f}% of mu "
        f"receptors instead of {100 * alone:.0f}% without naltrexone."
    )
