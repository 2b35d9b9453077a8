"""Drawing functions for the chapter "The immune system": target engagement by dose."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import binding, immune
from .style import COLOURS, legend_below, new_figure, percent_axis, text_size

DOSE_RANGE_MG = (1.0, 100.0)


def _dose_grid() -> np.ndarray:
    return np.logspace(np.log10(DOSE_RANGE_MG[0]), np.log10(DOSE_RANGE_MG[1]), 41)


def draw_target_engagement(dose_mg: float, layout: str = "wide") -> Figure:
    """Left: peak plasma naltrexone against dose, beside the TLR4 concentration range.
    Right: peak brain mu occupancy against dose. The chosen dose is marked on both."""
    doses = _dose_grid()
    fig, (conc_ax, occ_ax) = new_figure(2, width_ratios=(1.15, 1.0), layout=layout)

    low, high = immune.tlr4_range_nM()
    no_effect = immune.human_cell_no_effect_nM()
    conc_ax.axhspan(low, high, facecolor=COLOURS["kappa"], alpha=0.18, hatch="//", edgecolor=COLOURS["kappa"])
    conc_ax.text(
        1.1,
        np.sqrt(low * high),
        "TLR4 effects reported in cells\n(mostly (+)-isomer)",
        fontsize=text_size(layout, 8),
    )
    conc_ax.axhline(no_effect, color=COLOURS["kappa"], linestyle="--", linewidth=1.5)
    conc_ax.text(
        1.1,
        no_effect * 1.5,
        (
            "blood cells: no TLR4 effect at 200 µM"
            if layout == "narrow"
            else "human blood cells: no TLR4 effect at 200 µM"
        ),
        fontsize=text_size(layout, 8),
    )
    ki = binding.naltrexone_ki_nM("mu")
    conc_ax.axhline(ki, color=COLOURS["mu"], linestyle=":", linewidth=1.5)
    conc_ax.text(
        1.1, ki * 1.5, f"mu receptor Ki ({ki:g} nM)", fontsize=text_size(layout, 8), color=COLOURS["mu"]
    )
    conc_ax.plot(
        doses, immune.peak_plasma_nM(doses), color="black", linewidth=2.2, label="peak plasma naltrexone"
    )
    peak = immune.peak_plasma_nM(dose_mg)
    conc_ax.plot(
        [dose_mg],
        [peak],
        marker="o",
        markersize=9,
        color=COLOURS["highlight"],
        markeredgecolor="black",
        clip_on=False,
    )
    conc_ax.annotate(
        "",
        xy=(dose_mg, low),
        xytext=(dose_mg, peak),
        arrowprops={"arrowstyle": "<->", "color": COLOURS["reference"], "linewidth": 1.3},
    )
    right_side = dose_mg < 30
    conc_ax.text(
        dose_mg * (1.12 if right_side else 1 / 1.12),
        np.sqrt(low * peak),
        f"{immune.fold_below_tlr4(dose_mg):,.0f}x\ntoo low",
        fontsize=9,
        fontweight="bold",
        ha="left" if right_side else "right",
    )
    conc_ax.set_xscale("log")
    conc_ax.set_yscale("log")
    conc_ax.set_ylim(0.03, 2e6)
    conc_ax.set_xlim(*DOSE_RANGE_MG)
    conc_ax.set_xlabel("oral dose (mg, log scale)")
    conc_ax.set_ylabel("concentration (nM, log scale)")
    conc_ax.set_title("Plasma level vs TLR4 range")
    # the curve's name under its right end, clear of the "too low" label above the dose
    conc_ax.text(
        DOSE_RANGE_MG[1] / 1.05,
        float(immune.peak_plasma_nM(DOSE_RANGE_MG[1])) / 5,
        "peak plasma\nnaltrexone",
        fontsize=text_size(layout, 8.5),
        ha="right",
        va="top",
    )

    occ_ax.plot(
        doses,
        immune.peak_mu_occupancy(doses),
        color=COLOURS["mu"],
        linewidth=2.2,
        label="model: peak in 24 h",
    )
    occ_ax.plot(
        doses,
        immune.pet_fit_occupancy(doses),
        color=COLOURS["reference"],
        linestyle="--",
        linewidth=1.8,
        label="PET fit: first 8 h",
    )
    occupied = immune.peak_mu_occupancy(dose_mg)
    occ_ax.plot(
        [dose_mg],
        [occupied],
        marker="o",
        markersize=9,
        color=COLOURS["highlight"],
        markeredgecolor="black",
        clip_on=False,
    )
    left = dose_mg >= 30  # the value beside its dot, on the side with room
    occ_ax.text(
        dose_mg / 1.15 if left else dose_mg * 1.15,
        occupied if left else occupied - 0.04,  # right of the dot: under the rising curve
        f"{100 * occupied:.0f}%",
        fontsize=10,
        fontweight="bold",
        ha="right" if left else "left",
        va="center" if left else "top",
    )
    occ_ax.set_xscale("log")
    occ_ax.set_xlim(*DOSE_RANGE_MG)
    occ_ax.set_xlabel("oral dose (mg, log scale)")
    occ_ax.set_title(f"Brain mu receptors at {dose_mg:g} mg")
    percent_axis(occ_ax, "mu receptors occupied (%)")
    legend_below(occ_ax)  # under the axes: it can cover neither curve nor the dose's value
    return fig


def describe_target_engagement(dose_mg: float) -> str:
    """Alt text for :func:`draw_target_engagement`."""
    peak = immune.peak_plasma_nM(dose_mg)
    return (
        f"After one {dose_mg:g} mg tablet, plasma naltrexone peaks at about {peak:.2g} nM, "
        f"{immune.fold_below_tlr4(dose_mg):,.0f} times below the lowest concentration (1 µM) at which "
        f"TLR4 effects were reported in cells, while about {100 * immune.peak_mu_occupancy(dose_mg):.0f}% "
        f"of brain mu receptors are blocked at the peak (PET fit: "
        f"{100 * immune.pet_fit_occupancy(dose_mg):.0f}% in the first 8 hours)."
    )
