"""Drawing functions for the page "How well the model fits": every human measurement as a
residual (model minus measurement, in the measurement's SD), for the book's model and its
two rivals, and the rivals' predictions where they part ways."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from .. import pk_checks
from .style import (
    COLOURS,
    MEASURED,
    RIVAL_MODELS,
    check_layout,
    legend_below,
    new_figure,
    percent_axis,
    text_size,
)

#: The structures a reader can choose, by the name the control shows.
MODELS = {
    "book's model": pk_checks.MAIN,
    "rebinding": pk_checks.REBINDING,
    "terminal phase": pk_checks.TERMINAL,
}
LIMIT_SD = 6.0  # residuals beyond this are drawn at the edge, with their value
SCENARIOS = ("after stopping daily tablets", "6β-naltrexol alone")
HOURS = np.linspace(0.0, 168.0, 337)
#: Row labels short enough for a phone (narrow layout).
SHORT = {
    "plasma, tablet": "tablet, plasma",
    "plasma, injection": "injection, plasma",
    "PET, mu, over dose": "mu PET, dose",
    "PET, mu, over time": "mu PET, time",
    "PET, mu, daily tablets": "mu PET, daily",
    "PET, delta and kappa": "δ and κ PET",
    "opioid challenges": "challenges",
}
#: The book's model draws mu occupancy in mu's line; the rivals have their own marks.
LINES = {
    "book's model": {"color": COLOURS["mu"], "linestyle": "-", "linewidth": 2.2},
    **RIVAL_MODELS,
}


def _structure(model: str) -> pk_checks.Structure:
    if model not in MODELS:
        raise ValueError(f"model must be one of {tuple(MODELS)}, got {model!r}")
    return MODELS[model]


@functools.lru_cache(maxsize=8)
def residual_rows(model: str) -> tuple[tuple[str, str, str, float], ...]:
    """(key, group, status, residual in SD) of every reference point, with ``model``."""
    structure = _structure(model)
    return tuple((p.key, p.group, p.status, p.residual(structure)) for p in pk_checks.REFERENCE_POINTS)


def draw_residuals(model: str, layout: str = "wide") -> Figure:
    """Every measurement as a residual in SD, one row per kind of measurement; the bands are
    1 and 2 SD. Filled circles were fitted, open triangles are out of sample."""
    check_layout(layout)
    fig, (ax,) = new_figure(1, layout=layout, panel_height=3.9 if layout == "narrow" else None)
    rows = residual_rows(model)
    groups = list(pk_checks.GROUPS)
    # the 1 and 2 SD bands, side by side (not stacked: each swatch is the shade drawn), keyed
    for low, high, alpha, label in (
        (-2, -1, 0.10, "1-2 SD"),
        (1, 2, 0.10, "_nolegend_"),
        (-1, 1, 0.25, "within 1 SD"),
    ):
        ax.axvspan(low, high, color=COLOURS["reference"], alpha=alpha, linewidth=0, label=label)
    ax.axvline(0, color=COLOURS["reference"], linewidth=1)
    size = text_size(layout, 8)
    for status in pk_checks.STATUSES:
        xs, ys = [], []
        for _key, group, s, z in rows:
            if s != status:
                continue
            y = len(groups) - 1 - groups.index(group) + (0.12 if status == "fitted" else -0.12)
            x = float(np.clip(z, -LIMIT_SD, LIMIT_SD))
            xs.append(x)
            ys.append(y)
            if abs(z) > LIMIT_SD:
                ax.annotate(
                    f"{z:+.0f}",
                    (x, y),
                    xytext=(-4 if z > 0 else 4, -11),
                    textcoords="offset points",
                    ha="right" if z > 0 else "left",
                    fontsize=size,
                )
        ax.plot(xs, ys, linestyle="none", clip_on=False, zorder=3, **MEASURED[status])
    narrow = layout == "narrow"
    labels = [SHORT[g] if narrow else g for g in reversed(groups)]
    ax.set_yticks(range(len(groups)), labels, fontsize=text_size(layout, 8))
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.set_xlim(-LIMIT_SD, LIMIT_SD)
    ax.set_xlabel("model − measured (SD)" if narrow else "model − measurement (in the measurement's SD)")
    stats = pk_checks.fit_statistics(_structure(model))
    title = f"{model}: χ² {stats['chi2']:.0f}" if narrow else f"{model}: fitted χ² {stats['chi2']:.0f}"
    ax.set_title(title, fontsize=text_size(layout, 10))
    legend_below(ax, ncol=1 if narrow else 2, fontsize=text_size(layout, 8))
    return fig


def describe_residuals(model: str) -> str:
    """Alt text for :func:`draw_residuals`."""
    rows = residual_rows(model)
    stats = pk_checks.fit_statistics(_structure(model))
    fitted = [z for _, _, s, z in rows if s == "fitted"]
    out = [(k, z) for k, _, s, z in rows if s != "fitted"]
    return (
        f"Residuals of every human measurement with the {model}: {sum(abs(z) <= 2 for z in fitted)} of "
        f"{len(fitted)} fitted points within 2 SD (sum of squares {stats['chi2']:.1f}); out of sample "
        + ", ".join(f"{k} {z:+.1f} SD" for k, z in out)
        + "."
    )


@functools.lru_cache(maxsize=4)
def prediction_curves(scenario: str) -> dict[str, np.ndarray]:
    """mu occupancy (0..1) over :data:`HOURS` with each structure in ``scenario``."""
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    if scenario == SCENARIOS[0]:
        return {m: pk_checks.occupancy_after_stopping(s, HOURS) for m, s in MODELS.items()}
    return {m: pk_checks.metabolite_only_occupancy(s, HOURS) for m, s in MODELS.items()}


def draw_predictions(scenario: str, layout: str = "wide") -> Figure:
    """The three structures' mu occupancy over a week in ``scenario``: where they differ,
    an experiment could tell them apart. No measurement exists for either scenario."""
    check_layout(layout)
    fig, (ax,) = new_figure(1, layout=layout, panel_height=3.3 if layout == "narrow" else None)
    for model, occ in prediction_curves(scenario).items():
        ax.plot(HOURS, occ, label=model, **LINES[model])
    narrow = layout == "narrow"
    ax.set_xticks(range(0, 169, 48 if narrow else 24))
    ax.set_xlim(0, 168)
    if scenario == SCENARIOS[0]:
        ax.set_xlabel(
            "hours after the last tablet" if narrow else "hours after the last of 14 daily 50 mg tablets"
        )
    else:
        ax.set_xlabel("hours after the dose")
    percent_axis(ax, "mu occupied (%)")
    ax.set_title("Not measured: predictions", fontsize=text_size(layout, 10))
    legend_below(ax, ncol=1 if narrow else 3, fontsize=text_size(layout, 8))
    return fig


def describe_predictions(scenario: str) -> str:
    """Alt text for :func:`draw_predictions`."""
    curves = prediction_curves(scenario)
    at = [24, 96]
    parts = [
        f"{model}: " + " and ".join(f"{np.interp(h, HOURS, occ):.0%} at {h} h" for h in at)
        for model, occ in curves.items()
    ]
    what = (
        "after the last of 14 daily 50 mg tablets"
        if scenario == SCENARIOS[0]
        else "from 6-beta-naltrexol alone at the levels one 50 mg tablet gives"
    )
    return f"Predicted mu occupancy {what}, never measured: " + "; ".join(parts) + "."
