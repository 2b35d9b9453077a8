"""Human measurements on the chapter figures: one switch, one mark per status, one registry.

A figure that draws a quantity measured in people (plasma naltrexone, mu occupancy, over dose
or over time) takes the keyword :data:`ARGUMENT` (``measured=True``: draw the measurements of
``data/reference_points.csv`` with one SD as error bars, in the mark of their status, "fitted"
or "out of sample"; ``False``: the model alone). The chapter gives the figure the engine's
toggle for it (``naltrexone_course.explorer.measurements_toggle``).

:data:`QUANTITIES` says which drawn quantities were measured (by the words of a panel's axes);
``tests/test_measured_toggle.py`` draws every chapter figure and asks each that draws one of
them for the toggle, so a new figure of a measured quantity cannot leave it out. A figure that
draws such a quantity with nothing measured to show names itself in :data:`NOTHING_MEASURED`,
with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import pk_checks
from .style import MEASURED, legend_row

#: The keyword of every drawing function that can show the measurements.
ARGUMENT = "measured"

#: Quantities measured in people, and how a panel that draws one reads: a pattern for its y
#: label and one for its x label (over dose or over time), with the data file's computations
#: that measured it.
QUANTITIES: dict[str, dict] = {
    "plasma naltrexone": {
        "y": re.compile(r"\bplasma\b", re.I),
        "x": re.compile(r"\b(dose|hours?|days?)\b", re.I),
        "computations": ("tablet_peak_level", "tablet_peak_time", "injection_days_above", "injection_level"),
    },
    "mu occupancy": {
        "y": re.compile(r"\bmu\b.*\boccupied\b|\boccupied\b.*\bmu\b", re.I),
        "x": re.compile(r"\b(dose|hours?|days?)\b", re.I),
        "computations": (
            "early_peak_occupancy",
            "steady_state_occupancy",
            "occupancy_half_time_h",
            "every_other_day_occupancy_48h",
        ),
    },
}

#: Drawing functions (``module:name``) that draw a measured quantity with nothing measured to
#: show, and why.
NOTHING_MEASURED: dict[str, str] = {
    "naltrexone_course.figures.fit:draw_predictions": (
        "predictions for experiments nobody has done (a metabolite-only dose, occupancy after "
        "stopping): the figure's point is that nothing there was measured"
    ),
}


def measured_quantities(x_label: str, y_label: str) -> list[str]:
    """The measured quantities (keys of :data:`QUANTITIES`) a panel with these axis labels draws."""
    return [
        name
        for name, quantity in QUANTITIES.items()
        if quantity["y"].search(y_label or "") and quantity["x"].search(x_label or "")
    ]


@dataclass(frozen=True)
class Mark:
    """One human measurement placed on a figure: at (``x``, ``y``) with one SD either way
    (``xerr``, ``yerr``; 0 where the measurement has no spread on that axis), its status in
    the data file ("fitted" or "out of sample"), what was measured with the source's words
    (``what``) and a short ``source``."""

    x: float
    y: float
    xerr: float
    yerr: float
    status: str
    source: str
    what: str = ""

    @property
    def label(self) -> str:
        """The mark's series in the figure's data table: its source and status."""
        return f"{self.source} ({MEASURED[self.status]['label']})"


def draw_marks(ax, marks: list[Mark], ymax: float | None = None, label: str | None = None) -> None:
    """``marks`` with their SD as error bars in the style of their status; the upper bar
    stops at ``ymax`` (100% for occupancy); a bar never reaches below 0. Each is named in the
    figure's data by ``label`` (a legend entry) or else by its source and status."""
    for m in marks:
        up = m.yerr if ymax is None else min(m.yerr, ymax - m.y)
        ax.errorbar(
            [m.x],
            [m.y],
            xerr=[[min(m.xerr, m.x)], [m.xerr]] if m.xerr else None,
            yerr=[[min(m.yerr, m.y)], [max(up, 0.0)]] if m.yerr else None,
            linestyle="none",
            elinewidth=1.2,
            capsize=3,
            clip_on=False,
            zorder=5,
            **{**MEASURED[m.status], "label": label or m.label},
        )


def handles(drawn: set[str], labels: dict[str, str] | None = None, keep_width: bool = False) -> list:
    """Legend entries for the two statuses, in :data:`pk_checks.STATUSES` order: the mark for a
    status this frame draws (labelled ``labels[status]``, by default the status's words), a
    blank row for one it does not; ``keep_width``: a blank row as wide as the entry
    (:func:`blank_as_wide_as`: for a legend whose width sets the layout, under one panel)."""
    from matplotlib.lines import Line2D

    out = []
    for s in pk_checks.STATUSES:
        label = (labels or {}).get(s, MEASURED[s]["label"])
        if s in drawn:
            out.append(Line2D([], [], linestyle="none", **{**MEASURED[s], "label": label}))
        else:
            out.append(blank_as_wide_as(label) if keep_width else legend_row())
    return out


def blank_as_wide_as(label: str):
    """A legend row that shows nothing and takes the room ``label`` would: the frames with the
    measurements shown and hidden then share one layout (the engine lays out the first frame
    and reuses it). Its words are made transparent by :func:`hide_blanks` once the legend
    exists; no swatch, so no check reads it as a key."""
    row = legend_row(label)
    row._nxc_blank = True
    return row


def hide_blanks(legend, handles: list) -> None:
    """Make the words of the :func:`blank_as_wide_as` rows of ``legend`` (made from ``handles``,
    in order) transparent: nothing is shown, the room stays."""
    for handle, text in zip(handles, legend.get_texts()):
        if getattr(handle, "_nxc_blank", False):
            text.set_alpha(0.0)


def pet_by_dose() -> list[Mark]:
    """Rabiner 2011's PET points of mu occupancy by tablet dose, as the fit compares them
    (x: dose in mg; y: fraction occupied with its SD), read from the data file."""
    return [
        Mark(float(p.arguments["dose_mg"]), p.target, 0.0, p.sd, p.status, p.source, p.what)
        for p in pk_checks.REFERENCE_POINTS
        if p.computation == "early_peak_occupancy"
    ]


#: The PET points' legend entry (one for all: they share a source and, today, a status).
def pet_label(status: str) -> str:
    return f"PET, Rabiner 2011 ({MEASURED[status]['label']})"


def pet_handle(drawn: set[str]):
    """The PET points' legend entry when drawn (``drawn``: statuses), else as much room.
    Rabiner's points are all fitted (``tests/test_measured_toggle.py`` reads the data file)."""
    return handles(drawn, {"fitted": pet_label("fitted")}, keep_width=True)[0]


def draw_pet_by_dose(ax) -> set[str]:
    """Rabiner 2011's PET points on ``ax`` (x: dose in mg, y: fraction occupied) with one SD,
    never past 100%, one series (and one legend entry) per status; returns the statuses drawn."""
    drawn: set[str] = set()
    for status in pk_checks.STATUSES:
        marks = [m for m in pet_by_dose() if m.status == status]
        if not marks:
            continue
        ax.errorbar(
            [m.x for m in marks],
            [m.y for m in marks],
            yerr=[[min(m.yerr, m.y) for m in marks], [min(m.yerr, 1.0 - m.y) for m in marks]],
            linestyle="none",
            elinewidth=1,
            capsize=2,
            clip_on=False,
            **{**MEASURED[status], "label": pet_label(status)},
        )
        drawn.add(status)
    return drawn


#: What the alt text says of a figure whose measurements are hidden.
HIDDEN = "Measurements in people hidden."


def describe_pet_by_dose() -> str:
    """Rabiner 2011's PET points as the alt text names them (count, source, statuses)."""
    marks = pet_by_dose()
    statuses = ", ".join(sorted({m.status for m in marks}))
    return f"PET mu occupancy by dose, {len(marks)} points (Rabiner 2011; {statuses})"
