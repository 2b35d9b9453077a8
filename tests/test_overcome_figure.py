"""The overcome figure (issue 27): the crossing with its band in both layouts, and nothing
that reads as remaining cover (no 'faded' strip, word or legend entry)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from naltrexone_course.figures import blockade as overcome

pytestmark = pytest.mark.figures


def _texts(fig) -> list[str]:
    found = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]
    return [t for t in found if t]


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize(("regimen", "missed"), [("monthly injection", 7), ("daily tablets", 7)])
def test_the_frame_shows_the_crossing_with_its_band(layout, regimen, missed):
    c = overcome.crossing(regimen, missed)
    assert c.day is not None and c.earliest is not None
    fig = overcome.draw_overcome(regimen, missed, layout=layout)
    try:
        texts = " ".join(_texts(fig))
        assert f"crossing: day {c.day:.0f}" in texts
        assert "tolerance lost" in texts
        (ax,) = [a for a in fig.axes if a.get_visible()]
        bars = [line for line in ax.lines if line.get_marker() == "D"]
        assert bars, "no crossing mark drawn"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("missed", [0, 7])
@pytest.mark.parametrize("regimen", overcome.REGIMENS)
def test_no_word_or_strip_reads_as_remaining_cover(layout, regimen, missed):
    fig = overcome.draw_overcome(regimen, missed, layout=layout)
    try:
        words = " ".join(_texts(fig)).lower()
        for misleading in ("faded", "safe zone", "protected", "no blockade"):
            assert misleading not in words, misleading
    finally:
        plt.close(fig)
    alt = overcome.describe_overcome(regimen, missed).lower()
    assert "faded" not in alt and "no day is safe" in alt


def test_on_schedule_the_frame_says_how_many_people_cross_even_so():
    assert overcome.crossing("monthly injection", 0).day is None
    crossed = overcome.people_crossed_by("monthly injection", 0, 49.0)
    assert 0 < crossed < 100, "on schedule, the weakest blockades still meet the tolerance lost"
    fig = overcome.draw_overcome("monthly injection", 0)
    try:
        assert f"{crossed} of 100 people cross by day 49" in " ".join(_texts(fig))
    finally:
        plt.close(fig)
    assert f"{crossed} of 100 virtual people pass their own crossing" in overcome.describe_overcome(
        "monthly injection", 0
    )


def test_a_week_late_the_crossing_is_the_same_as_never_giving_it_again():
    assert overcome.crossing("monthly injection", 7).day == pytest.approx(
        overcome.crossing("monthly injection", 14).day
    )


# --- issue 27b: the review's unsafe readings ---


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize(
    ("regimen", "missed"), [("monthly injection", 3), ("monthly injection", 7), ("daily tablets", 7)]
)
def test_a_model_day_later_than_the_label_window_never_stands_alone(layout, regimen, missed):
    end = overcome.label_end_day(regimen, missed)
    assert end is not None
    fig = overcome.draw_overcome(regimen, missed, layout=layout)
    try:
        assert f"label's window ends: day {end:.0f}" in " ".join(_texts(fig))
    finally:
        plt.close(fig)
    assert f"the label's window ends on day {end:.0f}: from then count on no blockade" in (
        overcome.describe_overcome(regimen, missed)
    )


@pytest.mark.parametrize("missed", [0, 1, 3])
@pytest.mark.parametrize("regimen", overcome.REGIMENS)
def test_no_crossing_found_is_never_read_as_reassurance(regimen, missed):
    alt = overcome.describe_overcome(regimen, missed).lower()
    assert "stays weaker" not in alt
    assert "not protection" in alt or overcome.crossing(regimen, missed).day is not None
    fig = overcome.draw_overcome(regimen, missed)
    try:
        assert "no crossing" not in " ".join(_texts(fig)).lower()
    finally:
        plt.close(fig)


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_a_more_tolerant_person_crosses_inside_the_month_even_on_schedule(layout):
    typical = overcome.crossing("monthly injection", 0)
    high = overcome.crossing("monthly injection", 0, more_tolerant=True)
    assert typical.day is None and high.day is not None and high.day < 28
    fig = overcome.draw_overcome("monthly injection", 0, layout=layout)
    try:
        texts = " ".join(_texts(fig))
        assert f"{overcome.high_fold():.0f}× tolerant: crossing day {high.day:.0f}" in texts
        (ax,) = [a for a in fig.axes if a.get_visible()]
        hollow = [ln for ln in ax.lines if ln.get_marker() == "D" and ln.get_markerfacecolor() == "white"]
        assert hollow, "the more tolerant person's crossing is not drawn"
    finally:
        plt.close(fig)
