"""Drawing functions for the chapter "Alcohol craving": icon array and number needed to treat."""

from __future__ import annotations

import math
import textwrap

from matplotlib.figure import Figure

from .. import clinical
from .style import COLOURS, COMPARISON, OUTCOMES, TEXT_COLOURS, icon_array, new_figure, people, text_size

_GRID = 10  # 10 x 10 people
_ICONS = {
    "affected": OUTCOMES["relapse"],
    "spared": OUTCOMES["spared"],
    "unaffected": OUTCOMES["unaffected"],
}


def icon_counts(baseline_risk: float, outcome: str) -> clinical.IconCounts:
    """The icon array's counts, rounded as the bars' labels are: the people who return on
    naltrexone are the treated risk in whole percent, those at risk on placebo the baseline
    risk in whole percent (so 41 icons never stand beside a bar labelled 42%)."""
    rr = clinical.risk_ratio(outcome)
    at_risk = round(100 * baseline_risk)
    affected = min(round(100 * clinical.treated_risk(baseline_risk, rr.estimate)), 100)
    spared = max(at_risk - affected, 0)
    return clinical.IconCounts(affected, spared, 100 - max(at_risk, affected))


def format_nnt(nnt: float) -> str:
    """An NNT as a learner reads it: rounded up to whole people, or 'no benefit'."""
    if math.isinf(nnt) or nnt <= 0:
        return "no benefit"
    return f"{math.ceil(nnt - 1e-9):d}"


def _labels(outcome: str) -> dict[str, str]:
    return {
        "affected": f"return to {outcome} even on naltrexone",
        "spared": "spared by naltrexone",
        "unaffected": f"no return to {outcome} either way",
    }


def _wrap(text: str, layout: str) -> str:
    """Long legend entries on two lines in the narrow (phone) layout."""
    return textwrap.fill(text, 30) if layout == "narrow" else text


def draw_icon_array(outcome: str, baseline_risk: float, layout: str = "wide") -> Figure:
    """100 people with ``baseline_risk`` of returning to ``outcome`` on placebo: who
    still does on naltrexone, who is spared, and the NNT with its 95% interval."""
    rr = clinical.risk_ratio(outcome)
    counts = icon_counts(baseline_risk, outcome)
    fig, (icon_ax, bar_ax) = new_figure(
        2, width_ratios=(1.0, 1.15), layout=layout, panel_height=3.4 if layout == "narrow" else None
    )
    kinds = ["affected"] * counts.affected + ["spared"] * counts.spared + ["unaffected"] * counts.unaffected
    labels = _labels(outcome)
    handles = icon_array(icon_ax, kinds, _ICONS, layout, grid=_GRID)
    for handle, kind in zip(handles, _ICONS):
        handle.set_label(_wrap(f"{getattr(counts, kind)} {labels[kind]}", layout))
    icon_ax.set_title(f"100 people on naltrexone\n(baseline risk {100 * baseline_risk:.0f}%)")
    icon_ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.05 if layout == "wide" else 0.0),  # wide: the third entry stays inside
        frameon=False,
        fontsize=text_size(layout, 8.5),
    )

    treated = clinical.treated_risk(baseline_risk, rr.estimate)
    low = clinical.treated_risk(baseline_risk, rr.low)
    high = clinical.treated_risk(baseline_risk, rr.high)
    # placebo: the comparison, an outline; naltrexone: the tablets' colour
    # (labels: the series' names in the data table; this panel has no legend)
    bar_ax.barh(
        [1],
        [baseline_risk],
        color=COLOURS["paper"],
        edgecolor=COMPARISON["color"],
        linewidth=1.2,
        label="risk",
    )
    bar_ax.barh(
        [0], [treated], color=COLOURS["mu"], edgecolor=COLOURS["ink"], linewidth=1.0, alpha=0.85, label="risk"
    )
    bar_ax.errorbar(
        [treated],
        [0],
        xerr=[[treated - low], [high - treated]],
        fmt="none",
        ecolor=COLOURS["ink"],
        capsize=6,
        lw=1.6,
        label="risk on naltrexone, 95% interval",
    )
    size = text_size(layout, 9)
    value = {"va": "center", "fontsize": size, "textcoords": "offset points"}
    bar_ax.annotate(f"{100 * baseline_risk:.0f}%", (baseline_risk, 1), xytext=(4, 0), **value)
    # beyond the interval's cap (6 pt wide), not on it
    bar_ax.annotate(
        f"{100 * treated:.0f}%\n({100 * low:.0f}-{100 * high:.0f}%)", (high, 0), xytext=(8, 0), **value
    )
    bar_ax.set_yticks([0, 1], ["naltrexone", "placebo"])
    bar_ax.set_xlim(0, 1.15)
    bar_ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    bar_ax.set_xlabel(f"risk of returning to {outcome} (%)")
    bar_ax.set_ylim(-0.8, 1.6)
    estimate, best, worst = clinical.nnt_interval(baseline_risk, outcome)
    gap = "\n" if layout == "narrow" else " "  # the title fits a phone on four lines
    bar_ax.set_title(
        f"Risk ratio {rr.estimate:.2f}{gap}(95% CI {rr.low:.2f}-{rr.high:.2f})\n"
        f"NNT {format_nnt(estimate)}{gap}(95% CI {format_nnt(best)} to {format_nnt(worst)})",
        # wide: ending at the axes' right edge, as wide as its lines need (centred, it ran
        # 7 px off the 2x frame, whose layout does not widen for a title)
        loc="center" if layout == "narrow" else "right",
    )
    bar_ax.text(
        1.12,
        -0.65,
        f"pooled trials (Jonas 2014): NNT {clinical.published_nnt(outcome):.0f}",
        fontsize=text_size(layout, 8.5),
        ha="right",
        color=TEXT_COLOURS["reference"],
    )
    return fig


def describe_icon_array(outcome: str, baseline_risk: float) -> str:
    """Alt text for :func:`draw_icon_array`."""
    rr = clinical.risk_ratio(outcome)
    counts = icon_counts(baseline_risk, outcome)
    estimate, best, worst = clinical.nnt_interval(baseline_risk, outcome)
    if math.isinf(worst):
        interval = f"the 95% interval runs from {format_nnt(best)} to no benefit at all"
    else:
        interval = f"95% interval {format_nnt(best)} to {format_nnt(worst)}"
    return (
        f"Of 100 people with a {100 * baseline_risk:.0f}% risk of returning to {outcome} on placebo, "
        f"{people(counts.affected, 'still returns', 'still return')} on naltrexone, "
        f"{people(counts.spared, 'is spared', 'are spared')} and "
        f"{counts.unaffected} would not have returned either way (risk ratio {rr.estimate:.2f}). "
        f"Number needed to treat: {format_nnt(estimate)} ({interval})."
    )
