"""Drawing functions for the chapter "Many mechanisms at once" (a toy combination)."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure

from .. import mechanisms
from .style import (
    BAND_ALPHA,
    COLOURS,
    EVIDENCE_HATCH,
    FAINT,
    GREY,
    INK,
    NOTE,
    PATHWAYS,
    SELECTED,
    legend_below,
    new_figure,
    percent_axis,
    text_size,
)

#: The pathway sets a learner can switch between, by label.
PATHWAY_SETS = {
    "reward": ("reward",),
    "reward + dopamine": ("reward", "dopamine"),
    "reward + dopamine + glutamate": ("reward", "dopamine", "glutamate"),
    "all four": mechanisms.MECHANISMS,
    "glutamate + immune": ("glutamate", "immune"),
}
REFERENCE_DOSE_MG = 50.0
_HATCH = EVIDENCE_HATCH
_COLOUR = PATHWAYS


def _chosen(pathways: str) -> tuple[str, ...]:
    if pathways not in PATHWAY_SETS:
        raise ValueError(f"pathways must be one of {tuple(PATHWAY_SETS)}, got {pathways!r}")
    return PATHWAY_SETS[pathways]


def draw_combination(pathways: str, weighting: str, layout: str = "wide") -> Figure:
    """Left: the toy combined effect against daily dose, with its range. Right: each
    pathway's weighted share at 50 mg a day, hatched by evidence level."""
    chosen = _chosen(pathways)
    doses = np.logspace(0, 2, 25)
    combined = mechanisms.combined_effect(doses, chosen, weighting)
    narrow = layout == "narrow"
    fig, (line_ax, bar_ax) = new_figure(
        2, width_ratios=(1.0, 1.1), layout=layout, panel_height=3.0 if narrow else None
    )
    line_ax.fill_between(
        doses,
        combined.low,
        combined.high,
        facecolor=COLOURS["sky"],
        alpha=1.5 * BAND_ALPHA,
        linewidth=0,
        label="range from evidence weights",
    )
    line_ax.plot(doses, combined.estimate, color=INK, linewidth=2.2, label="combined (toy)")
    at_ref = mechanisms.combined_effect(REFERENCE_DOSE_MG, chosen, weighting)
    # 50 mg a day is a fixed reference (the bars' dose), not a setting: a plain black dot
    line_ax.plot(
        [REFERENCE_DOSE_MG],
        [at_ref.estimate],
        marker="o",
        markersize=7,
        color=INK,
        linestyle="none",
        label="50 mg a day (the bars)",
    )
    line_ax.set_xscale("log")
    line_ax.set_xlabel("daily dose (mg, log scale)")
    line_ax.set_title(f"{pathways}\nweights: {weighting}")  # two lines in every frame: a long set fits
    percent_axis(line_ax, "relapse drive removed (toy, %)")
    legend_below(line_ax, fontsize=text_size(layout, 8))  # under the axes: never on the curve

    names = [*chosen, "combined"]
    y = np.arange(len(names))[::-1]
    for yi, name in zip(y, names):
        if name == "combined":
            value, low, high = at_ref.estimate, at_ref.low, at_ref.high
            colour, hatch, label = INK, "", "combined"
        else:
            effect = float(mechanisms.pathway_effect(name, REFERENCE_DOSE_MG))
            value = at_ref.contributions[name]
            low = mechanisms.weight(name, weighting, "low") * effect
            high = mechanisms.weight(name, weighting, "high") * effect
            colour, hatch = _COLOUR[name], _HATCH[mechanisms.EVIDENCE[name]]
            label = f"{name}\n({mechanisms.EVIDENCE[name]})"
        bar_ax.barh(
            [yi],
            [value],
            height=0.5 if narrow else 0.8,
            color=colour,
            alpha=0.8,
            hatch=hatch,
            edgecolor=INK,
            linewidth=0.8,
            label=label.replace("\n", " "),  # the bar's name in the data table (no legend here)
        )
        if high > low:
            bar_ax.errorbar(
                [value],
                [yi],
                xerr=[[value - low], [high - value]],
                fmt="none",
                ecolor=INK,
                capsize=4,
                clip_on=False,  # a cap at 0% stays whole
                label=f"{label.replace(chr(10), ' ')}: range from evidence weights",
            )
        bar_ax.text(
            max(high, value) + 0.02, yi, f"{100 * value:.0f}%", va="center", fontsize=text_size(layout, 9)
        )
        if narrow:  # the label above its bar: the panel keeps the full width
            bar_ax.text(
                0.0,
                yi + 0.3,
                label.replace("\n", " "),
                va="bottom",
                ha="left",
                fontsize=text_size(layout, 8.5),
            )
        else:
            bar_ax.text(-0.02, yi, label, va="center", ha="right", fontsize=text_size(layout, 8.5))
    bar_ax.set_yticks([])
    if narrow:
        bar_ax.set_ylim(-0.4, len(names) - 0.25)
    bar_ax.set_xlim(0, 1.0)
    bar_ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    bar_ax.set_xlabel("removed at 50 mg a day (toy, %)")
    bar_ax.set_title("Each pathway, weighted")
    return fig


def describe_combination(pathways: str, weighting: str) -> str:
    """Alt text for :func:`draw_combination`."""
    chosen = _chosen(pathways)
    at_ref = mechanisms.combined_effect(REFERENCE_DOSE_MG, chosen, weighting)
    parts = ", ".join(f"{name} {100 * at_ref.contributions[name]:.0f}%" for name in chosen)
    if weighting == "all equal":
        spread = "with no range, because every pathway counts fully"
    else:
        spread = (
            f"with a range of {100 * at_ref.low:.0f}% to {100 * at_ref.high:.0f}% from the evidence weights"
        )
    return (
        f"Toy model, pathways {pathways}, weights {weighting}: at 50 mg a day the combined effect removes "
        f"{100 * at_ref.estimate:.0f}% of the relapse drive, {spread}. Each pathway alone: {parts}."
    )


#: Evidence levels by shape and a grey scale (colour is left to pathways); the chosen claim's
#: mark is the selected-value mark's orange.
_LEVEL_STYLE = {
    "hypothesis": {"marker": "^", "color": FAINT},
    "shown in animals": {"marker": "s", "color": GREY},
    "established in humans": {"marker": "o", "color": INK},
}
_LEVEL_ORDER = ("hypothesis", "shown in animals", "established in humans")


def draw_evidence_map(claim: str, layout: str = "wide") -> Figure:
    """Every claim of the source article placed on the evidence ladder, with the chosen
    claim highlighted and the course's verdict under it."""
    chosen = mechanisms.claim(claim)
    narrow = layout == "narrow"
    rows = list(mechanisms.CLAIMS)[::-1]
    # narrow: each claim's name above its row (the ladder keeps the full width)
    fig, (ax,) = new_figure(1, layout=layout, panel_height=0.5 * len(rows) + 1.6 if narrow else None)
    ax.grid(False)
    for y, c in enumerate(rows):
        x = _LEVEL_ORDER.index(c.evidence)
        style = _LEVEL_STYLE[c.evidence]
        selected = c.name == chosen.name
        if selected:
            ax.axhspan(y - 0.45, y + 0.45, color=COLOURS["sky"], alpha=1.5 * BAND_ALPHA, linewidth=0)
        mark_y = y - 0.12 if narrow else y
        # no track from the left to the mark: grey tracks with round dots read as sliders
        ax.plot(
            [x],
            [mark_y],
            marker=style["marker"],
            markersize=(11 if selected else 8) if narrow else (14 if selected else 9),
            color=SELECTED["markerfacecolor"] if selected else style["color"],
            markeredgecolor=INK,
            linestyle="none",
            zorder=3,
            label=c.name,  # the claim's name in the data table (no legend here)
        )
        # every name in the same weight: a bold one changed its width and moved the axes
        ax.text(
            -0.2 if narrow else -0.25,
            y + 0.12 if narrow else y,
            c.name,
            ha="left" if narrow else "right",
            va="bottom" if narrow else "center",
            fontsize=text_size(layout, 9),
        )
    ax.set_xlim(-0.2, 2.3)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    if narrow:
        ax.set_xticks(range(3), ["hypo-\nthesis", "in\nanimals", "in\nhumans"])
        ax.set_title(f'"{chosen.name}"\n{chosen.evidence}', loc="left")  # two lines in every frame
    else:
        ax.set_xticks(range(3), ["hypothesis", "shown in\nanimals", "established\nin humans"])
        ax.set_title(f'"{chosen.name}"\n{chosen.evidence}', loc="left")
    ax.set_yticks([])
    ax.spines[["left"]].set_visible(False)
    width = 48 if layout == "narrow" else 60  # the label is centred on the axes: keep it inside the figure
    # every verdict takes as many lines as the longest: the axes stay put as the claim changes
    lines = max(len(textwrap.wrap("Verdict: " + c.verdict, width)) for c in mechanisms.CLAIMS)
    verdict = textwrap.wrap("Verdict: " + chosen.verdict, width)
    verdict += [" "] * (lines - len(verdict))
    ax.set_xlabel("\n".join(verdict), fontsize=text_size(layout, 9.5), color=NOTE)
    return fig


def describe_evidence_map(claim: str) -> str:
    """Alt text for :func:`draw_evidence_map`."""
    chosen = mechanisms.claim(claim)
    counts = {level: sum(c.evidence == level for c in mechanisms.CLAIMS) for level in _LEVEL_ORDER}
    return (
        f"The article's claim that naltrexone {chosen.name} is rated {chosen.evidence}: {chosen.verdict}. "
        f"Of its {len(mechanisms.CLAIMS)} claims, {counts['established in humans']} are established in "
        f"humans, {counts['shown in animals']} shown in animals and {counts['hypothesis']} are hypotheses."
    )
