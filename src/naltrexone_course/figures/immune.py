"""Drawing functions for the chapter "The immune system": target engagement by dose."""

from __future__ import annotations

import numpy as np
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import binding, immune
from . import measured as measurements
from .style import (
    BAND_ALPHA,
    COLOURS,
    COMPARISON,
    HATCHES,
    PATHWAYS,
    PLASMA,
    REFERENCE_LINE,
    TIMES,
    legend_below,
    mark_selected,
    new_figure,
    percent_axis,
    rounded,
    text_size,
)

DOSE_RANGE_MG = (1.0, 100.0)
#: Largest gap (fraction occupied) at which the model and the PET fit are drawn as one curve.
SAME_CURVE = 0.01


def _dose_grid() -> np.ndarray:
    return np.logspace(np.log10(DOSE_RANGE_MG[0]), np.log10(DOSE_RANGE_MG[1]), 41)


def draw_target_engagement(dose_mg: float, layout: str = "wide", measured: bool = True) -> Figure:
    """Left: peak plasma naltrexone against dose, beside the TLR4 concentration range.
    Right: peak brain mu occupancy against dose. The chosen dose is marked on both.
    ``measured``: Rabiner 2011's PET points by dose with one SD (the data file's)."""
    doses = _dose_grid()
    narrow = layout == "narrow"
    fig, (conc_ax, occ_ax) = new_figure(
        2, width_ratios=(1.15, 1.0), layout=layout, panel_height=3.5 if narrow else None
    )

    low, high = immune.tlr4_range_nM()
    no_effect = immune.human_cell_no_effect_nM()
    # the TLR4 range: the immune pathway's colour, hatched as shown in cells, not in people
    immune_colour = PATHWAYS["immune"]
    conc_ax.axhspan(
        low,
        high,
        facecolor=immune_colour,
        alpha=BAND_ALPHA,
        hatch=HATCHES["preclinical"],
        edgecolor=immune_colour,
        linewidth=0,
    )
    # the band, the two reference lines and the curve are keyed in a legend under the axes:
    # words inside the axes ran over the hatch and the lines
    conc_ax.axhline(no_effect, color=immune_colour, linestyle="--", linewidth=1.5)
    ki = binding.naltrexone_ki_nM("mu")
    conc_ax.axhline(ki, **{**REFERENCE_LINE, "color": COLOURS["mu"], "linestyle": ":", "linewidth": 1.5})
    conc_ax.plot(doses, immune.peak_plasma_nM(doses), **{**PLASMA, "linewidth": 2.2})
    handles = [
        Patch(
            facecolor=immune_colour,
            alpha=BAND_ALPHA,
            hatch=HATCHES["preclinical"],
            edgecolor=immune_colour,
            linewidth=0,
            label="TLR4 effects in cells\n(mostly (+)-isomer)",
        ),
        Line2D(
            [],
            [],
            color=immune_colour,
            linestyle="--",
            linewidth=1.5,
            label=(f"no TLR4 effect in blood\ncells at {no_effect:,.0f} nM"),
        ),
        Line2D(
            [], [], color=COLOURS["mu"], linestyle=":", linewidth=1.5, label=f"mu receptor Ki ({ki:g} nM)"
        ),
        Line2D([], [], **{**PLASMA, "linewidth": 2.2}, label="peak plasma naltrexone"),
    ]
    peak = immune.peak_plasma_nM(dose_mg)
    mark_selected(conc_ax, dose_mg, peak)
    conc_ax.annotate(
        "",
        xy=(dose_mg, low),
        xytext=(dose_mg, peak),
        arrowprops={"arrowstyle": "<->", "color": COLOURS["reference"], "linewidth": 1.3},
    )
    # one line, left of the arrow where the rising curve is lower (right of it near 1 mg)
    # (nearer the band than the dot: clear of the curve on either side)
    right_side = dose_mg < 10
    # on the right the curve rises under the note (Italian "più bassa" is longer): higher there
    share = 0.7 if right_side else 0.6
    conc_ax.text(
        dose_mg * (1.15 if right_side else 1 / 1.15),
        low**share * peak ** (1 - share),
        f"{rounded(immune.fold_below_tlr4(dose_mg))}{TIMES} too low",
        fontsize=text_size(layout, 9),
        fontweight="bold",
        ha="left" if right_side else "right",
        va="center",
    )
    conc_ax.set_xscale("log")
    conc_ax.set_yscale("log")
    conc_ax.set_ylim(0.03, 2e6)
    conc_ax.set_xlim(*DOSE_RANGE_MG)
    conc_ax.set_xlabel("oral dose (mg, log scale)")
    conc_ax.set_ylabel("concentration (nM, log)" if narrow else "concentration (nM, log scale)")
    conc_ax.set_title("Plasma level vs TLR4 range")
    legend_below(conc_ax, handles=handles, fontsize=text_size(layout, 8))

    model, pet_fit = immune.peak_mu_occupancy(doses), immune.pet_fit_occupancy(doses)
    # the model's fit includes the PET points, so the two curves agree: one line drawn, its
    # label saying so, rather than a dashed line hidden on the model's and keyed apart
    one_curve = bool(np.max(np.abs(model - pet_fit)) < SAME_CURVE)
    occ_ax.plot(
        doses,
        model,
        color=COLOURS["mu"],
        linewidth=2.2,
        label="model: peak in 24 h\nthe PET fit (first 8 h) lies on it"
        if one_curve
        else "model: peak in 24 h",
    )
    if not one_curve:
        occ_ax.plot(doses, pet_fit, **COMPARISON, label="PET fit: first 8 h")
    pet = measurements.draw_pet_by_dose(occ_ax) if measured else set()
    occupied = immune.peak_mu_occupancy(dose_mg)
    mark_selected(occ_ax, dose_mg, occupied)
    occ_ax.set_xscale("log")
    occ_ax.set_xlim(*DOSE_RANGE_MG)
    occ_ax.set_xlabel("oral dose (mg, log scale)")
    occ_ax.set_title(f"Brain mu at {dose_mg:g} mg: {100 * occupied:.0f}%")  # the value off the curve
    percent_axis(occ_ax, "mu receptors occupied (%)")
    # under the axes: it can cover neither curve nor the dose's value; a blank row for the PET
    # points when they are hidden (the legend keeps its size)
    keyed = [h for h in occ_ax.get_legend_handles_labels()[0] if not isinstance(h, ErrorbarContainer)]
    keyed.append(measurements.pet_handle(pet))
    measurements.hide_blanks(legend_below(occ_ax, handles=keyed), keyed)
    return fig


def describe_target_engagement(dose_mg: float, measured: bool = True) -> str:
    """Alt text for :func:`draw_target_engagement`."""
    peak = immune.peak_plasma_nM(dose_mg)
    return (
        f"After one {dose_mg:g} mg tablet, plasma naltrexone peaks at about {peak:.2g} nM, "
        f"about {rounded(immune.fold_below_tlr4(dose_mg))} times below the lowest concentration (1 µM) "
        "at which "
        f"TLR4 effects were reported in cells, while about {100 * immune.peak_mu_occupancy(dose_mg):.0f}% "
        f"of brain mu receptors are blocked at the peak (PET fit: "
        f"{100 * immune.pet_fit_occupancy(dose_mg):.0f}% in the first 8 hours). "
        + (f"Measured in people: {measurements.describe_pet_by_dose()}." if measured else measurements.HIDDEN)
    )
