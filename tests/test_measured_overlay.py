"""The human measurements on the chapter figures (issue 30, item 3): read from the data file,
drawn with their SD and the mark of their status (fitted / out of sample)."""

from __future__ import annotations

import dataclasses

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from naltrexone_course import pk_checks  # noqa: E402
from naltrexone_course.figures import pk as figures  # noqa: E402
from naltrexone_course.figures.style import MEASURED  # noqa: E402


def _errorbar_points(ax) -> list[tuple[float, float, str]]:
    """(x, y, marker) of every single-point marker line on ``ax`` (the measured marks)."""
    found = []
    for line in ax.get_lines():
        x, y = (np.asarray(v, dtype=float) for v in line.get_data())
        if x.size == 1 and line.get_marker() not in (None, "None", ""):
            found.append((float(x[0]), float(y[0]), str(line.get_marker())))
    return found


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_the_regimen_figure_shows_the_steady_state_pet_point_as_out_of_sample(layout):
    fig = figures.draw_regimen("daily tablets", 0, layout)
    plasma_ax, occ_ax = fig.axes[:2]
    weerts = next(p for p in pk_checks.REFERENCE_POINTS if p.key == "W08mu")
    marks = _errorbar_points(occ_ax)
    day = float(weerts.arguments["days"]) - 0.5  # the middle of the day the model is compared on
    assert (day, weerts.target, MEASURED["out of sample"]["marker"]) in marks
    peak = next(p for p in pk_checks.REFERENCE_POINTS if p.key == "R1")
    assert any(
        y == pytest.approx(peak.target) and m == MEASURED["fitted"]["marker"]
        for _, y, m in _errorbar_points(plasma_ax)
    )


def test_the_injection_shows_the_depot_duration_with_its_spread_in_days():
    marks = figures.regimen_measurements("monthly injection")
    (depot,) = marks["plasma"]
    point = next(
        p
        for p in pk_checks.REFERENCE_POINTS
        if p.computation == "injection_days_above" and p.arguments["dose_mg"] == 384
    )
    assert (depot.x, depot.y, depot.xerr, depot.status) == (point.target, 1.0, point.sd, point.status)
    assert marks["mu"] == []  # no PET study of the injection exists: nothing is drawn as if it did


def test_the_marks_come_from_the_data_file(monkeypatch):
    """Change a measurement in the data the figures read: the mark moves with it."""
    changed = [
        dataclasses.replace(p, target=0.5, status="fitted") if p.key == "W08mu" else p
        for p in pk_checks.REFERENCE_POINTS
    ]
    monkeypatch.setattr(pk_checks, "REFERENCE_POINTS", changed)
    (mark,) = figures.regimen_measurements("daily tablets")["mu"]
    assert (mark.y, mark.status) == (0.5, "fitted")
    assert "50.0%" not in figures.describe_measurements("daily tablets")  # the words are the source's


def test_error_bars_never_pass_100_percent_or_below_zero():
    fig = figures.draw_regimen("daily tablets", 0, "wide")
    occ_ax = fig.axes[1]
    for collection in occ_ax.collections:
        segments = getattr(collection, "get_segments", lambda: [])()
        for seg in segments:
            ys = np.asarray(seg)[:, 1]
            assert np.all(ys <= 1.0 + 1e-9) and np.all(ys >= 0.0)


def test_every_frame_keys_the_measurements_it_draws_and_keeps_its_legend_size():
    """A measurement's mark is in the legend of every frame that draws it, and only there (a
    key for nothing is refused by the collision check); a blank row keeps the legend's size."""
    sizes = set()
    for regimen in figures.REGIMENS:
        measured = figures.regimen_measurements(regimen)
        drawn = {m.status for marks in measured.values() for m in marks}
        if regimen == "daily tablets":
            assert drawn == set(pk_checks.STATUSES), "the tablets draw a fitted and an out-of-sample mark"
        for missed in (0, 7):
            fig = figures.draw_regimen(regimen, missed, "narrow")
            texts = [t.get_text() for t in fig.legends[0].get_texts()]
            sizes.add(len(texts))
            for status in pk_checks.STATUSES:
                assert (MEASURED[status]["label"] in texts) == (status in drawn), (regimen, missed, status)
    assert len(sizes) == 1, f"the legend changes size with the view: {sizes}"


def test_the_alt_text_names_each_measurement_and_its_status():
    text = figures.describe_regimen("daily tablets", 0)
    assert "Weerts 2008; out of sample" in text and "fitted" in text
    assert "Comer 2002" in figures.describe_regimen("monthly injection", 0)


def test_the_single_tablet_band_is_the_data_files_half_time():
    lee = next(p for p in pk_checks.REFERENCE_POINTS if p.computation == "occupancy_half_time_h")
    fig = figures.draw_single_tablet(50, "wide")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"half-time {lee.target - lee.sd:.0f}-{lee.target + lee.sd:.0f} h" in labels[0]
    assert lee.status in labels[0]
