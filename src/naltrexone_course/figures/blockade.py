"""Drawing functions for "How much opioid would overcome the blockade now?" (chapter "How
long the blockade lasts, and how it is lost"): the blockade's dose ratio over the days of a
treatment, for a virtual population, with missed tablets or a late injection, against the
tolerance the person has lost (a toy band), and the crossing: the day from which the old
usual dose acts at least as strongly as before treatment."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import blockade, parameters, pk, tolerance
from .style import (
    COLOURS,
    CROSSING_BAR,
    CROSSING_MARK,
    CROSSING_MARK_HIGH,
    TEXT_COLOURS,
    TOLERANCE_LOST_BAND,
    TOLERANCE_LOST_HIGH_BAND,
    TOLERANCE_LOST_HIGH_LINE,
    TOLERANCE_LOST_LINE,
    check_layout,
    days,
    gap_handle,
    gap_hatch,
    keys_first,
    legend_below,
    legend_row,
    new_figure,
    text_size,
)

REGIMENS = ("daily tablets", "monthly injection")
MISSED_FROM_DAY = 21  # tablets: the first missed dose; injection: the second is due on day 28
DAYS = np.linspace(0.0, 49.0, 785)  # 1.5 h steps
PEOPLE = 100
SEED = 0
Y_MAX = 1000.0


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


def label_end_day(regimen: str, missed: int) -> float | None:
    """The first day shown past the label's window after the gap (from then on count on no
    blockade, whatever the model says); None when no such day is shown."""
    start, _ = _gap(regimen, missed)
    past = beyond_label_window(regimen, missed) & (DAYS >= start)
    return float(DAYS[np.argmax(past)]) if past.any() else None


def high_fold() -> float:
    """The more tolerant person's fold before treatment (``tolerance_fold_before_high``, a toy)."""
    return parameters.value("tolerance_fold_before_high")


@functools.lru_cache(maxsize=64)  # draw and describe, both layouts: computed once
def _summary(regimen: str, missed: int) -> dict[str, object]:
    ratios = dose_ratios(regimen, missed)
    typical = _typical(regimen, missed)
    beyond = beyond_label_window(regimen, missed)
    end = label_end_day(regimen, missed)
    cross = blockade.crossing(days=DAYS, ratio=typical, label_end_day=end)
    high = blockade.crossing(days=DAYS, ratio=typical, label_end_day=end, fold_before=high_fold())
    slow, middle, fast = cross.lost
    # each person's own crossing, against the middle of the tolerance band
    own = [blockade.crossing_day(DAYS, row, middle) for row in ratios]
    start, _ = _gap(regimen, missed)
    after = DAYS >= start
    return {
        "ratios": ratios,
        "typical": typical,
        "p5": np.percentile(ratios, 5, axis=0),
        "p95": np.percentile(ratios, 95, axis=0),
        "beyond": beyond,
        "lost": (slow, middle, fast),
        "crossing": cross,
        "high": high,
        "own_crossings": own,
        "lowest_typical": float(typical[after].min()),
        "any_beyond": bool(beyond[after].any()),
    }


def _typical(regimen: str, missed: int) -> np.ndarray:
    return dose_ratios(regimen, missed, people=None)[0]


def crossing(regimen: str, missed: int, more_tolerant: bool = False) -> blockade.Crossing:
    """The typical person's crossing in the frame (:func:`blockade.crossing` on its ratio, with
    the label's window); ``more_tolerant`` for a person of :func:`high_fold` tolerance."""
    return _summary(regimen, missed)["high" if more_tolerant else "crossing"]


def people_crossed_by(regimen: str, missed: int, day: float) -> int:
    """How many of the 100 virtual people have passed their own crossing (against the middle
    of the tolerance band, the toy's fold) by ``day``."""
    return sum(c is not None and c <= day for c in _summary(regimen, missed)["own_crossings"])


def _title(regimen: str, missed: int, short: bool = False) -> str:
    """The frame's title; ``short`` for the phone layout."""
    if regimen == "daily tablets":
        if short:  # a phone's frame: "days 21-27 missed" (the long form ran off the canvas)
            last = MISSED_FROM_DAY + missed - 1
            gap = f"day {MISSED_FROM_DAY}" if missed == 1 else f"days {MISSED_FROM_DAY}-{last}"
            return f"50 mg daily, {gap} missed" if missed else "50 mg daily, none missed"
        lead = "50 mg tablet daily"
        return (
            f"{lead}, {days(missed)} missed from day {MISSED_FROM_DAY}" if missed else f"{lead}, none missed"
        )
    lead = "380 mg injection"
    if short and missed:
        return f"{lead}, {days(missed)} late"
    return f"{lead}, next one {days(missed)} late" if missed else f"{lead}, next on day 28"


#: The frame's one safety line, the same in every frame (and in the page's text).
WARNING = "Trying to overcome the blockade can kill."


def _crossing_text(c: blockade.Crossing, high: blockade.Crossing, crossed: int) -> str:
    """The frame's note on the crossing, at most three short lines (it must fit a phone's
    frame); ``high``: the more tolerant person's crossing; ``crossed``: how many of the 100
    virtual people pass their own crossing by day 49. A model day later than the end of the
    label's window is never shown alone: the window's end comes first."""
    if c.from_start:
        first = "crossing: from day 0 (usual dose\nas strong as before treatment)"
    elif c.day is None:
        first = f"{crossed} of 100 people cross by day 49"
        if c.earliest is not None:  # only the fast edge of the band crosses (the mark is there)
            first = f"{crossed} of 100 cross; fast loss: day {c.earliest:.0f}"
        if c.label_end_day is None:
            first += "\ntypical: later, still not protection"
        else:
            first = f"label's window ends: day {c.label_end_day:.0f}\n{first}"
    else:
        band = f"band {c.earliest:.0f}-{c.latest:.0f}" if c.latest is not None else f"fast {c.earliest:.0f}"
        first = f"crossing: day {c.day:.0f} ({band})"
        if c.beyond_label_window[0]:
            first = f"label's window ends: day {c.label_end_day:.0f}\nmodel's {first}"
    fold = f"{high_fold():.0f}× tolerant"
    if high.from_start:
        second = f"{fold}: crossed from day 0"
    elif high.day is None:
        second = f"{fold}: after day 49"
    else:
        second = f"{fold}: crossing day {high.day:.0f}"
    return f"{first}\n{second}"


def _mark_crossing(ax, c: blockade.Crossing, typical: np.ndarray, mark: dict, bar: bool = True) -> None:
    """The crossing on the typical line, with a bar over the band's days (``bar``); when only
    the fast edge of the band crosses, its mark alone, there; the slow edge that never crosses
    within the grid adds no bar to the right."""
    if c.day is None and c.earliest is None:
        return
    day = c.day if c.day is not None else c.earliest
    at = float(np.interp(day, DAYS, typical))
    if not bar or c.day is None:
        ax.plot([day], [at], **mark)
        return
    low = c.earliest if c.earliest is not None else day
    high = c.latest if c.latest is not None else day
    ax.errorbar([day], [at], xerr=[[day - low], [high - day]], **mark, **CROSSING_BAR)


def draw_overcome(regimen: str, missed: int, layout: str = "wide") -> Figure:
    """The dose ratio (log axis) over the days of treatment: the typical person and the
    5th-95th percentile of 100 virtual people, against the tolerance lost since the last
    opioid (a toy band, :mod:`naltrexone_course.tolerance`); the crossing, from which the old
    usual dose acts at least as strongly as before treatment, with its band; the days past
    the label's window (grey) and the days without medicine (hatched). Nothing in the frame
    marks anyone as covered: there is no "faded" strip, and the header says what trying to
    overcome the blockade does."""
    check_layout(layout)
    s = _summary(regimen, missed)
    narrow = layout == "narrow"
    fig, (ax,) = new_figure(1, layout=layout, panel_height=5.2 if narrow else None)
    label_style = {"facecolor": COLOURS["reference"], "alpha": 0.25, "linewidth": 0}
    ax.fill_between(DAYS, 0, 1, where=s["beyond"], transform=ax.get_xaxis_transform(), **label_style)
    start, end = _gap(regimen, missed)
    gap_hatch([ax], start, end)
    slow, middle, fast = s["lost"]
    ax.fill_between(DAYS, slow, fast, **TOLERANCE_LOST_BAND)
    ax.plot(DAYS, middle, **TOLERANCE_LOST_LINE)
    ax.fill_between(DAYS, s["p5"], s["p95"], color=COLOURS["mu"], alpha=0.22, linewidth=0)
    ax.plot(DAYS, s["typical"], color=COLOURS["mu"], linewidth=2.0)
    hs, hm, hf = s["high"].lost
    ax.fill_between(DAYS, hs, hf, **TOLERANCE_LOST_HIGH_BAND)
    ax.plot(DAYS, hm, **TOLERANCE_LOST_HIGH_LINE)
    c = s["crossing"]
    size = text_size(layout)
    _mark_crossing(ax, c, s["typical"], CROSSING_MARK)
    # the more tolerant person's mark only: with tablets its band's bar would span the frame
    _mark_crossing(ax, s["high"], s["typical"], CROSSING_MARK_HIGH, bar=False)
    # in the upper left, clear of the data (the ratio peaks below 100) and of the gap (from day 21)
    crossed = people_crossed_by(regimen, missed, float(DAYS[-1]))
    note = _crossing_text(c, s["high"], crossed)
    if not narrow:  # on a phone the note is a row of the legend: in the frame it ran over the gap
        ax.text(1.0, 420.0, note, ha="left", va="center", fontsize=size, color=COLOURS["ink"])
    ax.set_yscale("log")
    ax.set_ylim(0.9, Y_MAX)
    ax.set_yticks([1, 2, 4, 10, 100], ["1", "2", "4", "10", "100"])
    ax.set_ylabel("times the usual dose (log)")
    ax.set_xlim(0, 49)
    ax.set_xticks(range(0, 50, 7))
    ax.set_xlabel("days since the first naltrexone dose")
    ax.set_title(_title(regimen, missed, short=narrow), fontsize=10)
    fast_h, _, slow_h = tolerance.half_times_days()
    handles = [
        Line2D([], [], color=COLOURS["mu"], linewidth=2.0, label="blockade: dose ratio, typical person"),
        Patch(color=COLOURS["mu"], alpha=0.22, linewidth=0, label="dose ratio, 5th-95th pct of 100 people"),
        (
            Patch(**TOLERANCE_LOST_BAND),
            Line2D([], [], **TOLERANCE_LOST_LINE),
        ),
        # a key only for what the frame draws (collision check); a blank row keeps the size
        Line2D([], [], **CROSSING_MARK) if c.day is not None or c.earliest is not None else legend_row(),
        (Patch(**TOLERANCE_LOST_HIGH_BAND), Line2D([], [], **TOLERANCE_LOST_HIGH_LINE)),
        Line2D([], [], **CROSSING_MARK_HIGH)
        if s["high"].day is not None or s["high"].earliest is not None
        else legend_row(),
        Patch(**label_style) if s["any_beyond"] else legend_row(),
        gap_handle() if end > start else legend_row(),
    ]
    keyed = [not (isinstance(h, Patch) and h.get_label() == " ") for h in handles]
    labels = [
        "blockade, typical person" if narrow else "blockade: dose ratio, typical person",
        "5th-95th pct, 100 people" if narrow else "dose ratio, 5th-95th pct of 100 people",
        "tolerance lost (toy band)"
        if narrow
        else f"tolerance lost, toy band ({fast_h:.0f}-{slow_h:.0f} d half-time)",
        "crossing: old dose as strong" if narrow else "crossing: usual dose as strong as before",
        f"lost, {high_fold():.0f}× tolerant (toy)"
        if narrow
        else f"tolerance lost, {high_fold():.0f}× tolerant before (toy)",
        f"crossing, {high_fold():.0f}× tolerant",
        "past the label's window" if narrow else "past the label's window: nothing established",
        handles[7].get_label(),
    ]
    labels = [label if shown else " " for label, shown in zip(labels, keyed)]
    if narrow:  # one column: the keys, the readout, then the blank rows (no gap in the key)
        handles, labels = keys_first([*handles, legend_row(note)], [*labels, note])
    tight = {"handlelength": 1.5, "handletextpad": 0.5, "bbox_to_anchor": (0.44, 0.0)} if narrow else {}
    legend_below(
        ax, handles=handles, labels=labels, ncol=1 if narrow else 2, fontsize=9 if narrow else 8, **tight
    )
    fig.suptitle(WARNING, fontsize=10, fontweight="bold", color=TEXT_COLOURS["kappa"])
    return fig


def describe_overcome(regimen: str, missed: int) -> str:
    """Alt text for :func:`draw_overcome`: the typical ratio, the crossing with its band, how
    many of 100 have passed their own crossing by the end, the days past the label's window."""
    s = _summary(regimen, missed)
    start, _ = _gap(regimen, missed)
    after = DAYS >= start
    beyond_days = float(np.sum(s["beyond"][after]) * (DAYS[1] - DAYS[0]))
    window = (
        "the label reports a blockade of 25 mg IV heroin for up to about 24 hours after a 50 mg tablet"
        if regimen == "daily tablets"
        else "the label reports a blockade for about 28 days after an injection"
    )
    label_part = (
        f"about {days(round(beyond_days, 1))} after day {start:g} are past the label's window ({window})"
        if s["any_beyond"]
        else f"no day shown is past the label's window ({window})"
    )
    c = s["crossing"]
    crossed = people_crossed_by(regimen, missed, 49.0)
    if c.from_start:
        cross = (
            "for the typical person the dose ratio never rises above the tolerance lost (a toy band): "
            "the old usual dose acts at least as strongly as before treatment from the start"
        )
    elif c.day is None:
        cross = (
            "the model finds no crossing for the typical person by day 49, which is not protection: a "
            "larger dose overcomes the blockade at any time, a faster loss of tolerance or a more "
            f"tolerant person crosses earlier, and {crossed} of 100 virtual people pass their own "
            "crossing by day 49"
        )
    else:
        latest = f"day {c.latest:.0f}" if c.latest is not None else "after day 49"
        later = (
            ", later than the label's window, so never the day to count on"
            if c.beyond_label_window[0]
            else ""
        )
        cross = (
            f"the falling dose ratio meets the rising tolerance lost (a toy band) on day {c.day:.0f} "
            f"(between day {c.earliest:.0f} and {latest} across the band){later}: from then on the old "
            "usual dose acts at least as strongly as before treatment (a hypothesis, probably earlier for "
            f"breathing); {crossed} of 100 virtual people have passed their own crossing by day 49"
        )
    if c.label_end_day is not None and (c.day is None or c.beyond_label_window[0]):
        end = f"the label's window ends on day {c.label_end_day:.0f}: from then count on no blockade"
        cross = f"{end}; {cross}"
    high = s["high"]
    fold = f"a person {high_fold():.0f} times tolerant before treatment (a toy)"
    if high.from_start:
        cross += f"; for {fold} the old usual dose is at least as strong as before treatment from the start"
    elif high.day is None:
        cross += f"; for {fold} the model finds no crossing by day 49 either, still not protection"
    else:
        cross += f"; for {fold} the crossing comes on day {high.day:.0f}"
    return (
        f"{_title(regimen, missed)}: after day {start:g} the model's dose ratio for the typical person "
        f"falls as low as {s['lowest_typical']:.1f}; {cross}; {label_part}. No day is safe: the blockade "
        "can be overcome, the level that would overcome it is unknown for any one person, "
        "and trying can kill."
    )
