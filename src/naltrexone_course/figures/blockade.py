"""Drawing functions for "How much opioid would overcome the blockade now?" (chapter
"From pill to receptor"): the dose ratio over the days of a treatment, for a virtual
population, with missed tablets or a late injection."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import blockade, parameters, pk
from .style import (
    COLOURS,
    TEXT_COLOURS,
    check_layout,
    days,
    gap_handle,
    gap_hatch,
    legend_below,
    legend_row,
    new_figure,
)

REGIMENS = ("daily tablets", "monthly injection")
MISSED_FROM_DAY = 21  # tablets: the first missed dose; injection: the second is due on day 28
DAYS = np.linspace(0.0, 49.0, 785)  # 1.5 h steps
PEOPLE = 100
SEED = 0
Y_MAX = 300.0


def dose_ratios(regimen: str, missed: int, people: int | None = PEOPLE, seed: int = SEED) -> np.ndarray:
    """Dose ratio (>= 1) over :data:`DAYS` for each of ``people`` virtual patients (rows),
    or for the typical person alone when ``people`` is None (one row).

    Tablets: 50 mg every day for 49 days with ``missed`` tablets skipped from day 21.
    Injection: 380 mg on day 0 and the next on day 28 + ``missed`` (a late injection)."""
    patients = None if people is None else pk.virtual_patients(people, seed)
    t = DAYS * 24.0
    if regimen == "daily tablets":
        r = pk.oral(50, 24, 49, missed=range(MISSED_FROM_DAY, MISSED_FROM_DAY + missed))
        return np.atleast_2d(blockade.dose_ratio(r, t, patients))
    if regimen != "monthly injection":
        raise ValueError(f"regimen must be one of {REGIMENS}, got {regimen!r}")
    first = pk.injection(380)
    second_h = (28 + missed) * 24.0
    load = np.asarray(pk.receptor_load(first, t, patients))
    later = np.asarray(pk.receptor_load(first, np.clip(t - second_h, 0.0, None), patients))
    return np.atleast_2d(1.0 + load + np.where(t >= second_h, later, 0.0))


def _gap(regimen: str, missed: int) -> tuple[float, float]:
    if regimen == "daily tablets":
        return MISSED_FROM_DAY, MISSED_FROM_DAY + missed
    return 28.0, 28.0 + missed


def beyond_label_window(regimen: str, missed: int, days: np.ndarray = DAYS) -> np.ndarray:
    """True on the ``days`` that lie further from the last dose taken than the label's
    blockade window (:func:`blockade.label_window_h`): no blockade is established."""
    t = np.asarray(days) * 24.0
    if regimen == "daily tablets":
        r = pk.oral(50, 24, 49, missed=range(MISSED_FROM_DAY, MISSED_FROM_DAY + missed))
        return np.asarray(blockade.beyond_label_window(r, t))
    if regimen != "monthly injection":
        raise ValueError(f"regimen must be one of {REGIMENS}, got {regimen!r}")
    first = pk.injection(380)
    second_h = (28 + missed) * 24.0
    since = np.where(t >= second_h, t - second_h, t)
    return since > blockade.label_window_h(first)


@functools.lru_cache(maxsize=64)  # draw and describe, both layouts: computed once
def _summary(regimen: str, missed: int) -> dict[str, object]:
    ratios = dose_ratios(regimen, missed)
    danger = parameters.value("danger_dose_ratio")
    typical = _typical(regimen, missed)
    beyond = beyond_label_window(regimen, missed)
    # counted as unprotected: the model's ratio below the danger ratio, or past the label's window
    faded = np.sum((ratios < danger) | beyond[None, :], axis=0).astype(float)
    model_faded = np.sum(ratios < danger, axis=0).astype(float)
    # the first day (to the trough before the second tablet, at 24 h) belongs to the start of
    # treatment, when the first dose is still taking effect: the count starts after it
    faded[DAYS <= 1.0] = np.nan
    model_faded[DAYS <= 1.0] = np.nan
    start, _ = _gap(regimen, missed)
    after = DAYS >= start
    return {
        "ratios": ratios,
        "typical": typical,
        "p5": np.percentile(ratios, 5, axis=0),
        "p95": np.percentile(ratios, 95, axis=0),
        "faded": faded,
        "beyond": beyond,
        "danger": danger,
        "most_faded": int(np.nanmax(faded[after])),
        "most_model_faded": int(np.nanmax(model_faded[after])),
        "day_most_faded": float(DAYS[after][np.nanargmax(faded[after])]),
        "lowest_typical": float(typical[after].min()),
        "any_beyond": bool(beyond[after].any()),
    }


def _typical(regimen: str, missed: int) -> np.ndarray:
    return dose_ratios(regimen, missed, people=None)[0]


def _title(regimen: str, missed: int, short: bool = False) -> str:
    """The frame's title; ``short`` for the phone layout."""
    if regimen == "daily tablets":
        lead = "50 mg daily" if short else "50 mg tablet daily"
        return (
            f"{lead}, {days(missed)} missed from day {MISSED_FROM_DAY}" if missed else f"{lead}, none missed"
        )
    lead = "380 mg injection"
    return f"{lead}, next one {days(missed)} late" if missed else f"{lead}, next on day 28"


#: The frame's one safety line, the same in every frame (and in the page's text).
WARNING = "Trying to overcome the blockade can kill."


def draw_overcome(regimen: str, missed: int, layout: str = "wide") -> Figure:
    """The dose ratio (log axis) over the days of treatment: the typical person and the
    5th-95th percentile of 100 virtual people; the band below ratio 2 where the model says the
    blockade has faded, the days past the label's blockade window (grey) and the days without
    medicine (hatched). Nothing in the frame marks anyone as protected: the legend says what
    faded means, and the header says what trying to overcome it does."""
    check_layout(layout)
    s = _summary(regimen, missed)
    narrow = layout == "narrow"
    fig, (ratio_ax,) = new_figure(1, layout=layout, panel_height=5.0 if narrow else None)
    danger = s["danger"]
    faded_style = {"facecolor": COLOURS["kappa"], "alpha": 0.18, "linewidth": 0}
    label_style = {"facecolor": COLOURS["reference"], "alpha": 0.25, "linewidth": 0}
    ratio_ax.axhspan(1.0, danger, **faded_style)
    ratio_ax.fill_between(DAYS, s["p5"], s["p95"], color=COLOURS["mu"], alpha=0.22, linewidth=0)
    ratio_ax.plot(DAYS, s["typical"], color=COLOURS["mu"], linewidth=2.0)
    ratio_ax.axhline(1.0, color=COLOURS["ink"], linewidth=1.2, linestyle="--")
    ratio_ax.fill_between(
        DAYS, 0, 1, where=s["beyond"], transform=ratio_ax.get_xaxis_transform(), **label_style
    )
    start, end = _gap(regimen, missed)
    gap_hatch([ratio_ax], start, end)
    ratio_ax.set_yscale("log")
    ratio_ax.set_ylim(0.9, Y_MAX)
    ratio_ax.set_yticks([1, 2, 10, 100], ["1", "2", "10", "100"])
    ratio_ax.set_ylabel("times the usual dose (model, log)")
    ratio_ax.set_xlim(0, 49)
    ratio_ax.set_xticks(range(0, 50, 7))
    ratio_ax.set_xlabel("days since the first dose")
    ratio_ax.set_title(_title(regimen, missed, short=narrow), fontsize=10)
    handles = [
        Line2D([], [], color=COLOURS["mu"], linewidth=2.0, label="typical person (model)"),
        Patch(color=COLOURS["mu"], alpha=0.22, linewidth=0, label="5th-95th percentile, 100 people"),
        Line2D(
            [],
            [],
            color=COLOURS["ink"],
            linewidth=1.2,
            linestyle="--",
            label="1 = the usual dose at full strength",
        ),
        Patch(**faded_style, label=f"below {danger:g}: blockade faded (model)"),
        # a key only for what the frame draws (collision check); a blank row keeps the size
        Patch(**label_style, label="past the label's window: no blockade")
        if s["any_beyond"]
        else legend_row(),
        gap_handle() if end > start else legend_row(),
    ]
    legend_below(
        ratio_ax,
        handles=handles,
        ncol=1 if narrow else 2,
        fontsize=9 if narrow else 8,
        bbox_to_anchor=(0.5, -0.16 if narrow else -0.2),
    )
    fig.suptitle(WARNING, fontsize=10, fontweight="bold", color=TEXT_COLOURS["kappa"])
    return fig


def describe_overcome(regimen: str, missed: int) -> str:
    """Alt text for :func:`draw_overcome`: what the frame shows (the typical ratio, how many
    of 100 the model has below the danger ratio, the days past the label's window)."""
    s = _summary(regimen, missed)
    start, _ = _gap(regimen, missed)
    after = DAYS >= start
    beyond_days = float(np.sum(s["beyond"][after]) * (DAYS[1] - DAYS[0]))
    window = (
        "the label shows a blockade of 25 mg IV heroin for up to about 24 hours after a 50 mg tablet"
        if regimen == "daily tablets"
        else "the label shows a blockade for about 28 days after an injection"
    )
    label_part = (
        f"about {days(round(beyond_days, 1))} after day {start:g} are past the label's window ({window})"
        if s["any_beyond"]
        else f"no day shown is past the label's window ({window})"
    )
    return (
        f"{_title(regimen, missed)}: after day {start:g} the model's dose ratio for the typical person "
        f"falls as low as {s['lowest_typical']:.1f}, and below {s['danger']:g} (blockade faded) for up to "
        f"{s['most_model_faded']} of 100 virtual people; {label_part}. No day is safe: the blockade can be "
        "overcome, the level that would overcome it is unknown for any one person, and trying can kill."
    )
