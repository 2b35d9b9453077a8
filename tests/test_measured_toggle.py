"""Every chapter figure that draws a quantity measured in people offers the measurements toggle
(issue 30, item 3), found from the figures themselves, not from a list typed here.

Each chapter's figures are drawn at their default view; every panel's axis labels are read
through the engine's data layer and matched against the registry of measured quantities
(``figures.measured.QUANTITIES``: plasma naltrexone, mu occupancy, over dose or time). A figure
that draws one must have the toggle (``explorer.measurements_toggle``), unless the registry
names it with the reason nothing measured belongs on it. With the toggle on, the figure's data
holds the measurements, each named with its status; off, none; the model's own series are the
same either way."""

from __future__ import annotations

import matplotlib
import pytest
from test_accessibility import chapter_figures

from conftest import pages_with_figures

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from naltrexone_course import pk_checks  # noqa: E402
from naltrexone_course.figures import measured  # noqa: E402
from naltrexone_course.figures.style import MEASURED  # noqa: E402
from nxc_explorer import data  # noqa: E402

STATUS_WORDS = tuple(style["label"] for style in MEASURED.values())


def _qualname(draw) -> str:
    return f"{draw.__module__}:{draw.__name__}"


def _rows(draw, values: dict) -> list:
    fig = draw(**values)
    try:
        return data.series_rows(fig)
    finally:
        plt.close(fig)


def _figures():
    for page in pages_with_figures():
        for draw, _describe, controls in chapter_figures(page):
            yield page, draw, controls


FIGURES = list(_figures())


def test_the_registry_finds_the_figures_it_was_written_for():
    """The registry is not empty-handed: it finds the figures of plasma and occupancy."""
    found = set()
    for _page, draw, controls in FIGURES:
        default = {c.name: c.values[c.default_index] for c in controls}
        for row in _rows(draw, default):
            if measured.measured_quantities(row[2], row[4]):
                found.add(draw.__name__)
    assert {"draw_single_tablet", "draw_regimen", "draw_target_engagement"} <= found


@pytest.mark.parametrize(
    ("page", "draw", "controls"), FIGURES, ids=[f"{p}:{d.__name__}" for p, d, _ in FIGURES]
)
def test_every_figure_of_a_measured_quantity_offers_the_measurements(page, draw, controls):
    default = {c.name: c.values[c.default_index] for c in controls}
    quantities = sorted(
        {q for row in _rows(draw, default) for q in measured.measured_quantities(row[2], row[4])}
    )
    toggles = [c for c in controls if c.name == measured.ARGUMENT]
    if not quantities or _qualname(draw) in measured.NOTHING_MEASURED:
        assert not toggles or quantities, f"{page}: {draw.__name__} has the toggle but draws nothing measured"
        return
    assert toggles, (
        f"{page}: {draw.__name__} draws {', '.join(quantities)}, measured in people, "
        "with no measurements toggle (explorer.measurements_toggle)"
    )
    (toggle,) = toggles
    assert toggle.kind == "toggle" and toggle.default_index == 1, (
        "on by default: the page opens with the data"
    )
    on = _rows(draw, {**default, measured.ARGUMENT: True})
    off = _rows(draw, {**default, measured.ARGUMENT: False})
    shown = [r for r in on if any(w in r[1] for w in STATUS_WORDS)]
    assert shown, f"{draw.__name__}: the toggle on draws no measurement named with its status"
    assert any(r[1].endswith("(error bar)") for r in shown), "each measurement comes with its spread"
    assert not [r for r in off if any(w in r[1] for w in STATUS_WORDS)], "the toggle off hides them all"
    assert [r for r in on if r not in shown] == off, "the model's own series are the same either way"


def test_the_pet_points_drawn_are_the_data_files_with_their_status():
    rows = _rows(
        __import__("naltrexone_course.figures.pk", fromlist=["x"]).draw_single_tablet, {"dose_mg": 50}
    )
    drawn = sorted(float(r[5]) for r in rows if r[1] == measured.pet_label("fitted"))
    points = [p for p in pk_checks.REFERENCE_POINTS if p.computation == "early_peak_occupancy"]
    assert drawn == sorted(round(100 * p.target, 4) for p in points)
    # one legend entry serves all PET points: they must all be fitted (else the key would lie)
    assert {p.status for p in points} == {"fitted"}


@pytest.mark.site
def test_the_answer_key_of_a_state_question_names_each_right_view_once(site):
    """A view right with the measurements shown and hidden is two frames but one answer."""
    import html
    import re

    for page in ("immune", "pill-to-receptor"):  # state questions on figures with the toggle
        text = (site / "book" / f"{page}.html").read_text()
        keys = re.findall(r'<p class="nxq-key" hidden>Answer: ([^<]*)</p>', text)
        assert keys, page
        for key in keys:
            views = html.unescape(key).split("; ")
            assert views and len(views) == len(set(views)), (page, views)
            assert not [v for v in views if "Measurements" in v], "the toggle is not part of an answer"
