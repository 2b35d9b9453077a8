"""Drawing functions for the chapter "From pill to receptor": plasma levels and brain
occupancy over time for tablets and the monthly injection."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from .. import parameters, pk, pk_checks
from . import measured as measurements
from .blockade import beyond_label_window
from .measured import Mark, draw_marks
from .style import (
    BAND_ALPHA,
    COLOURS,
    GREY,
    PLASMA,
    band,
    check_layout,
    days,
    figure_legend_below,
    keys_first,
    legend_below,
    legend_row,
    mark_selected,
    missed_handle,
    missed_hatch,
    new_figure,
    percent_axis,
    text_size,
)
from .style import (
    REGIMENS as REGIMEN_STYLES,
)

REGIMENS = ("daily tablets", "monthly injection")
MISSED_FROM_DAY = 21  # tablets: the first missed dose; injection: the second is due on day 28
DAYS = np.linspace(0.0, 42.0, 1681)  # 0.025-day steps (36 min)


def pet_by_dose() -> list[tuple[float, float, float, str]]:
    """(dose in mg, mu occupied, SD, status) of every PET point over dose in the course's data
    file (Rabiner 2011), as the fit compares them: read, never typed here."""
    return [(m.x, m.y, m.yerr, m.status) for m in measurements.pet_by_dose()]


def _points(computation: str, **arguments: float | str) -> list[pk_checks.ReferencePoint]:
    """The data file's points of ``computation`` whose arguments include ``arguments``."""
    return [
        p
        for p in pk_checks.REFERENCE_POINTS
        if p.computation == computation and all(p.arguments.get(k) == v for k, v in arguments.items())
    ]


def regimen_measurements(regimen: str) -> dict[str, list[Mark]]:
    """The measurements in people that :func:`draw_regimen` can show, by panel ("plasma" in
    ng/mL, "mu" as a fraction; x in days), read from the data file (never typed here).

    Daily tablets: the naltrexone peak after a 50 mg tablet (level and time, each with its
    SD) and mu occupancy by PET on daily 50 mg (placed in the middle of the day of the
    scan). Monthly injection: the days a depot of the nearest dose kept plasma at or above
    a level (Comer 2002's 384 mg depot, another brand). No PET study of the injection exists."""
    if regimen not in REGIMENS:
        raise ValueError(f"regimen must be one of {REGIMENS}, got {regimen!r}")
    marks: dict[str, list[Mark]] = {"plasma": [], "mu": []}
    if regimen == "daily tablets":
        for level in _points("tablet_peak_level", dose_mg=50.0, analyte="naltrexone"):
            for time in _points("tablet_peak_time", dose_mg=50.0, analyte="naltrexone"):
                status = "fitted" if level.fitted and time.fitted else "out of sample"
                what = f"{level.what}, {level.literature} at {time.literature}"
                marks["plasma"].append(
                    Mark(
                        time.target / 24.0, level.target, time.sd / 24.0, level.sd, status, level.source, what
                    )
                )
        for p in _points("steady_state_occupancy", dose_mg=50.0, receptor="mu"):
            day = float(p.arguments["days"]) - 0.5  # the middle of the day the model is compared on
            what = f"{p.what}, {p.literature}, shown in the middle of day {float(p.arguments['days']):g}"
            marks["mu"].append(Mark(day, p.target, 0.0, p.sd, p.status, p.source, what))
        return marks
    depots = _points("injection_days_above")
    if depots:
        nearest = min(abs(float(p.arguments["dose_mg"]) - 380.0) for p in depots)
        for p in depots:
            if abs(float(p.arguments["dose_mg"]) - 380.0) == nearest:
                level = float(p.arguments["level_ng_ml"])
                what = f"{p.what}, {p.literature}"
                marks["plasma"].append(Mark(p.target, level, p.sd, 0.0, p.status, p.source, what))
    return marks


def measured_handles() -> list:
    """Legend entries for the two kinds of measurement (a mark for each status)."""
    return measurements.handles(set(pk_checks.STATUSES))


PEOPLE, SEED = 100, 0  # the virtual population behind the 5th-95th percentile bands


def regimen_curves(regimen: str, missed: int, patients: pk.Population | None = None) -> dict[str, np.ndarray]:
    """Plasma naltrexone (ng/mL) and mu occupancy (0..1) over :data:`DAYS` for
    ``regimen`` (one of :data:`REGIMENS`) with ``missed`` days without medicine; with
    ``patients``, one row per person.

    Tablets: 50 mg every 24 h for 42 days, ``missed`` tablets skipped from day 21.
    Injection: 380 mg on day 0 and again on day 28 + ``missed`` (a late injection)."""
    t = DAYS * 24.0
    if regimen == "daily tablets":
        skipped = range(MISSED_FROM_DAY, MISSED_FROM_DAY + missed)
        r = pk.oral(50, 24, 42, missed=skipped)
        return {"plasma": pk.plasma(r, t, patients=patients), "mu": pk.occupancy(r, t, patients=patients)}
    if regimen != "monthly injection":
        raise ValueError(f"regimen must be one of {REGIMENS}, got {regimen!r}")
    first = pk.injection(380)
    second_h = (28 + missed) * 24.0
    later = np.clip(t - second_h, 0.0, None)
    given = t >= second_h
    plasma = pk.plasma(first, t, patients=patients) + np.where(
        given, pk.plasma(first, later, patients=patients), 0.0
    )
    # occupancy is not additive: add the competition terms X, then convert back
    x = pk.receptor_load(first, t, patients) + np.where(given, pk.receptor_load(first, later, patients), 0.0)
    return {"plasma": plasma, "mu": x / (1.0 + x)}


def _gap(regimen: str, missed: int) -> tuple[float, float]:
    if regimen == "daily tablets":
        return MISSED_FROM_DAY, MISSED_FROM_DAY + missed
    return 28.0, 28.0 + missed


@functools.lru_cache(maxsize=64)  # draw and describe, both layouts: computed once
def _curves(regimen: str, missed: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """The typical person's curves, the population's and the days past the label's window."""
    band = regimen_curves(regimen, missed, pk.virtual_patients(PEOPLE, SEED))
    return regimen_curves(regimen, missed), band, beyond_label_window(regimen, missed, DAYS)


LABEL_WINDOW_STYLE = {"facecolor": GREY, "alpha": 0.25, "linewidth": 0}
#: The hatch's words by regimen: a tablet not taken, an injection not yet given (its depot
#: still releases naltrexone, so these are not days "without medicine").
MISSED_LABELS = {"daily tablets": "tablets missed", "monthly injection": "injection overdue"}


def draw_regimen(regimen: str, missed: int, layout: str = "wide", measured: bool = True) -> Figure:
    """Left: plasma naltrexone (log scale) with the 1-2 ng/mL band of Castillo 2024. Right:
    mu receptors occupied. Lines: the typical person; shading: 5th-95th percentile of 100
    virtual people. The days without medicine are hatched; the days past the label's blockade
    window are grey (occupancy there is no blockade anyone can count on). ``measured``: the
    measurements in people (:func:`regimen_measurements`) with one SD, keyed by status."""
    check_layout(layout)
    narrow = layout == "narrow"
    curves, band_curves, beyond = _curves(regimen, missed)
    fig, (plasma_ax, occ_ax) = new_figure(2, layout=layout, panel_height=3.3 if narrow else None)
    low = parameters.value("naltrexone_plasma_band_low_ng_ml")
    high = parameters.value("naltrexone_plasma_band_high_ng_ml")
    style = REGIMEN_STYLES[regimen]
    therapeutic = band(
        plasma_ax, low, high, f"{low:g}-{high:g} ng/mL (therapeutic; not protection)", COLOURS["sky"]
    )
    p5, p95 = np.percentile(np.clip(band_curves["plasma"], 0.01, None), [5, 95], axis=0)
    plasma_ax.fill_between(
        DAYS, p5, p95, color=style["color"], alpha=BAND_ALPHA, linewidth=0, label="5th-95th pct"
    )
    plasma_ax.plot(DAYS, np.clip(curves["plasma"], 0.01, None), **style, label="typical person")
    plasma_ax.set_yscale("log")
    plasma_ax.set_ylim(0.01, 300)
    plasma_ax.set_ylabel("plasma naltrexone (ng/mL, log)")
    plasma_ax.set_title("Level in the blood")
    o5, o95 = np.percentile(band_curves["mu"], [5, 95], axis=0)
    occ_ax.fill_between(DAYS, o5, o95, color=style["color"], alpha=BAND_ALPHA, linewidth=0)
    occ_ax.plot(DAYS, curves["mu"], **style, label="mu receptors occupied")
    occ_ax.axhline(0.5, color=GREY, linewidth=0.8, linestyle=":")
    percent_axis(occ_ax, "mu receptors occupied (%)")
    start, end = _gap(regimen, missed)
    lowest = _lowest_after(curves["mu"], start)
    # the lowest occupancy in the title: a note inside the axes ran into the hatch
    occ_ax.set_title(f"In the brain (model)\nlowest after day {start:g}: {100 * lowest:.0f}%")
    for ax in (plasma_ax, occ_ax):
        ax.set_xlim(0, 42)
        ax.set_xticks(range(0, 43, 7))
        ax.set_xlabel("days since the first dose")
        ax.fill_between(DAYS, 0, 1, where=beyond, transform=ax.get_xaxis_transform(), **LABEL_WINDOW_STYLE)
    missed_hatch([plasma_ax, occ_ax], start, end)
    marks = regimen_measurements(regimen) if measured else {"plasma": [], "mu": []}
    draw_marks(plasma_ax, marks["plasma"])
    draw_marks(occ_ax, marks["mu"], ymax=1.0)
    drawn = {m.status for panel in marks.values() for m in panel}
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        therapeutic,
        Patch(facecolor=style["color"], alpha=BAND_ALPHA, linewidth=0, label="5th-95th pct"),
        Line2D([], [], **style, label="typical person"),
        # a key only for what this frame draws; a blank row keeps the legend's size
        Patch(**LABEL_WINDOW_STYLE, label="past the label's window") if beyond.any() else legend_row(),
        missed_handle(MISSED_LABELS[regimen]) if end > start else legend_row(),
        # the measurements in people, keyed only when this frame draws them
        *measurements.handles(drawn),
    ]
    if narrow:  # one column: blank rows last, no gap in the key
        handles = keys_first(handles)[0]
    figure_legend_below(fig, handles, ncol=1 if narrow else 3, fontsize=text_size(layout, 8))
    title = _title(regimen, missed)
    if narrow:  # the regimen on one line, what was missed on the next
        title = title.replace(", ", "\n", 1)
    fig.suptitle(title, fontsize=text_size(layout, 10), fontweight="bold")
    return fig


def _lowest_after(mu: np.ndarray, start_day: float) -> float:
    return float(mu[DAYS >= start_day].min())


def _title(regimen: str, missed: int) -> str:
    if regimen == "daily tablets":
        extra = f", {days(missed)} missed from day {MISSED_FROM_DAY}" if missed else ", none missed"
        return f"50 mg tablet every day{extra}"
    extra = f", second injection {days(missed)} late" if missed else ", second injection on day 28"
    return f"380 mg injection{extra}"


def describe_regimen(regimen: str, missed: int, measured: bool = True) -> str:
    """Alt text for :func:`draw_regimen`: the lowest levels after the gap, and the days past
    the label's blockade window."""
    curves, _band, beyond = _curves(regimen, missed)
    start, _ = _gap(regimen, missed)
    in_gap = DAYS >= start
    lowest_plasma = float(curves["plasma"][in_gap].min())
    lowest = _lowest_after(curves["mu"], start)
    level = "below 0.01 ng/mL" if lowest_plasma < 0.01 else f"as low as {lowest_plasma:.2g} ng/mL"
    beyond_days = float(np.sum(beyond[in_gap]) * (DAYS[1] - DAYS[0]))
    if beyond_days > 0:
        window = (
            f"about {days(round(beyond_days, 1))} after day {start:g} are past the label's blockade window, "
            "where occupancy is no blockade to count on"
        )
    else:
        window = "no day shown is past the label's blockade window, and occupancy is still never protection"
    return (
        f"{_title(regimen, missed)}: after day {start:g} plasma naltrexone falls {level} "
        f"and the model's mu occupancy as low as {100 * lowest:.0f}% (typical person; the band shows "
        f"the 5th-95th percentile of {PEOPLE} virtual people); {window}. "
        + (describe_measurements(regimen) if measured else measurements.HIDDEN)
    ).strip()


def describe_measurements(regimen: str) -> str:
    """One sentence naming the measurements :func:`draw_regimen` shows for ``regimen``."""
    marks = [m for panel in regimen_measurements(regimen).values() for m in panel]
    parts = [f"{m.what} ({m.source}; {m.status})" for m in marks]
    return "Measured in people: " + "; ".join(parts) + "." if parts else ""


def single_tablet_measurements(dose_mg: float) -> dict[str, list[Mark]]:
    """The measurements in people that :func:`draw_single_tablet` shows as marks, read from the
    data file: "dose" (Rabiner 2011's PET points by dose; y a fraction). Lee 1988's half-time
    range is drawn as a band (:func:`lee_half_time`). The naltrexone peak after a 50 mg tablet
    is not drawn here: at 1 h on a 7-day axis its mark would sit on the axis, where it reads as
    an occupancy (the regimen figure shows it)."""
    return {"dose": measurements.pet_by_dose()}


def lee_half_time() -> pk_checks.ReferencePoint:
    """Lee 1988's half-time of occupancy after 50 mg (the data file's point)."""
    (point,) = _points("occupancy_half_time_h", dose_mg=50.0)
    return point


def lee_label() -> str:
    """The legend entry of Lee 1988's band: its status and range (value +- SD)."""
    point = lee_half_time()
    low, high = point.target - point.sd, point.target + point.sd
    return f"Lee 1988 ({point.status}): half-time {low:.0f}-{high:.0f} h"


def draw_single_tablet(dose_mg: float, layout: str = "wide", measured: bool = True) -> Figure:
    """Left: after one tablet, plasma naltrexone (ng/mL, log, right axis) and mu occupancy over
    7 days. Right: the model's peak occupancy within 1-8 h by dose. ``measured``: the
    measurements in people with one SD (:func:`single_tablet_measurements`), Lee 1988's
    72-108 h half-time band and the PET data of Rabiner 2011 (scan times not known)."""
    check_layout(layout)
    fig, (time_ax, dose_ax) = new_figure(
        2, width_ratios=(1.5, 1.0), layout=layout, panel_height=3.4 if layout == "narrow" else None
    )
    hours = np.linspace(0, 168, 673)
    r = pk.oral(dose_mg)
    level = pk.plasma(r, hours)
    occ = pk.occupancy(r, hours)
    from matplotlib.lines import Line2D

    rows = [
        Line2D([], [], color=COLOURS["mu"], linewidth=2.5, label="mu receptors occupied (left)"),
        Line2D([], [], **PLASMA, label="plasma naltrexone (right)"),
    ]
    if measured:  # the band's key first: what the reader compares the curve with
        # the data file's range, value +- SD (never typed here)
        lee_point = lee_half_time()
        low, high = lee_point.target - lee_point.sd, lee_point.target + lee_point.sd
        rows.insert(0, band(time_ax, low, high, lee_label(), COLOURS["sky"], axis="x"))
    else:  # the legend keeps its size with the measurements hidden: a blank row, last
        rows.append(measurements.blank_as_wide_as(lee_label()))
    # plasma in ng/mL on its own axis (fixed for every dose: 2 mg and 100 mg look different)
    level_ax = time_ax.twinx()
    level_ax.plot(hours, np.clip(level, 1e-3, None), **PLASMA, label="plasma naltrexone (ng/mL)")
    level_ax.set_yscale("log")
    level_ax.set_ylim(1e-3, 300)
    level_ax.set_ylabel("plasma (ng/mL, log)")
    level_ax.spines[["top"]].set_visible(False)
    time_ax.plot(hours, occ, color=COLOURS["mu"], linewidth=2.5, label="mu receptors occupied")
    time_ax.set_xticks(range(0, 169, 24))
    time_ax.set_xlim(0, 168)
    time_ax.set_xlabel("hours after one tablet")
    time_ax.set_ylim(-0.02, 1.02)
    time_ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    time_ax.set_ylabel("mu occupied (%)")
    time_ax.set_title(f"One {dose_mg:g} mg tablet")
    legend = legend_below(time_ax, handles=rows, fontsize=text_size(layout, 8), bbox_to_anchor=(0.5, -0.2))
    measurements.hide_blanks(legend, rows)

    doses = np.geomspace(0.5, 200, 60)
    early = np.linspace(1, 8, 29)
    peak = [pk.occupancy(pk.oral(d), early).max() for d in doses]
    (model,) = dose_ax.plot(doses, peak, color=COLOURS["mu"], linewidth=2, label="model")
    pet = measurements.draw_pet_by_dose(dose_ax) if measured else set()
    mark_selected(dose_ax, dose_mg, pk.occupancy(pk.oral(dose_mg), early).max())
    dose_ax.set_xscale("log")
    dose_ax.set_xlabel("tablet dose (mg, log)")
    percent_axis(dose_ax, "peak mu occupied, 1-8 h (%)")
    dose_ax.set_title("Peak occupancy by dose")
    keyed = [model, measurements.pet_handle(pet)]
    legend = legend_below(dose_ax, handles=keyed, fontsize=text_size(layout, 8), bbox_to_anchor=(0.5, -0.2))
    measurements.hide_blanks(legend, keyed)
    return fig


def describe_single_tablet(dose_mg: float, measured: bool = True) -> str:
    """Alt text for :func:`draw_single_tablet`."""
    r = pk.oral(dose_mg)
    level = pk.plasma(r, [1.0, 24.0])
    occ = pk.occupancy(r, [2.0, 24.0, 72.0, 168.0])
    text = (
        f"After one {dose_mg:g} mg tablet plasma naltrexone falls from {level[0]:.2g} ng/mL at 1 h to "
        f"{level[1]:.2g} ng/mL at 24 h, while the model's mu occupancy goes from {100 * occ[0]:.0f}% at 2 h "
        f"to {100 * occ[1]:.0f}% at 24 h, {100 * occ[2]:.0f}% at 72 h and {100 * occ[3]:.0f}% at 7 days."
    )
    if not measured:
        return f"{text} {measurements.HIDDEN}"
    lee = lee_half_time()
    parts = [f"{lee.what}, {lee.literature} ({lee.source}; {lee.status})"]
    parts.append(measurements.describe_pet_by_dose())
    return text + " Measured in people: " + "; ".join(parts) + "."
