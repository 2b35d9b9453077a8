"""The numbers behind every frame (nxc_explorer.data), on a toy figure: no model of the course.

The explorer keeps, for every frame, the series its drawing function drew (read back from
the drawn matplotlib figure), as a content-addressed CSV beside the frame's PNG files, and
one CSV of every frame for the whole figure; the page links the shown view's and the whole
figure's (fetched only when a reader follows a link)."""

from __future__ import annotations

import csv
import io
import json
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from engine_toy_book import spec_of, toy_book

from nxc_explorer import Control, data, explore, explorer, frame_cache

RATE = Control("rate", "Daily growth", [0.01, 0.02, 0.05], fmt="{:.0%}", default=0.02)
SHAPE = Control("shape", "Shape", ["line", "bars"])
DAYS = np.arange(11)


def draw_toy(rate: float, shape: str = "line", layout: str = "wide"):
    fig, (ax, other) = plt.subplots(1, 2, figsize=(5, 2), layout="constrained")
    amount = (1 + rate) ** DAYS
    if shape == "bars":
        ax.bar(DAYS, amount, label="amount")
    else:
        ax.plot(DAYS, amount, label="amount")
    ax.axhline(1.0, color="grey")  # a reference level, not data
    ax.fill_between(DAYS, 0, amount, alpha=0.2)  # a band, not data
    ax.set(title="Growth", xlabel="day", ylabel="amount (units)")
    other.scatter([rate], [amount[-1]], label="day 10")
    other.set(title="End", xlabel="rate", ylabel="amount")
    return fig


def describe_toy(rate: float, shape: str = "line") -> str:
    return f"At {rate:.0%} a day the amount reaches {(1 + rate) ** 10:.2f} by day 10 ({shape})."


@pytest.fixture
def book(tmp_path, monkeypatch):
    return tmp_path / "store", toy_book(tmp_path, monkeypatch, keep_dark=True)


def read(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_rows_are_what_the_drawing_function_drew_and_nothing_else():
    rows = data.series_rows(draw_toy(0.05, "line"))
    plt.close("all")
    growth = [r for r in rows if r[0] == "Growth"]
    assert {r[1] for r in growth} == {"amount"}, "the reference line and the band are not data"
    assert [float(r[3]) for r in growth] == list(DAYS)
    assert np.allclose([float(r[5]) for r in growth], 1.05**DAYS, rtol=1e-5)
    assert growth[0][2] == "day" and growth[0][4] == "amount (units)"
    (end,) = [r for r in rows if r[0] == "End"]
    assert end[1] == "day 10" and float(end[3]) == 0.05 and abs(float(end[5]) - 1.05**10) < 1e-4
    bars = [r for r in data.series_rows(draw_toy(0.05, "bars")) if r[0] == "Growth"]
    plt.close("all")
    assert [float(r[3]) for r in bars] == list(DAYS), "a bar is its centre and its height"
    assert np.allclose([float(r[5]) for r in bars], 1.05**DAYS, rtol=1e-5)


def test_every_frame_has_its_csv_and_the_figure_one_block_per_frame(book):
    store, shown = book
    explore(draw_toy, describe_toy, RATE, SHAPE)
    spec = spec_of(shown[0])
    combos = explorer.grid([RATE, SHAPE])
    assert len(spec["data"]) == len(combos) and spec["all"].endswith(".csv")
    for name, kwargs in zip(spec["data"], combos):
        rows = read(store / name)
        assert list(rows[0]) == ["rate", "shape", *data.COLUMNS], "control values are columns"
        assert all(float(r["rate"]) == kwargs["rate"] and r["shape"] == kwargs["shape"] for r in rows)
        growth = [r for r in rows if r["panel"] == "Growth"]
        assert np.allclose([float(r["y"]) for r in growth], (1 + kwargs["rate"]) ** DAYS, rtol=1e-5)
    whole = read(store / spec["all"])
    blocks = []
    for row in whole:
        key = (row["rate"], row["shape"])
        if not blocks or blocks[-1][0] != key:
            blocks.append((key, []))
        blocks[-1][1].append(row)
    assert len(blocks) == len(combos), "one block of rows per frame, in frame order"
    for (_, rows), name in zip(blocks, spec["data"]):
        assert rows == read(store / name), "the whole figure's block is the frame's own table"


def test_the_page_links_the_default_views_csv_and_the_whole_figures(book):
    store, shown = book
    explore(draw_toy, describe_toy, RATE, SHAPE)
    static = shown[0]
    spec = spec_of(static)
    default = explorer._grid_index([RATE, SHAPE], [RATE.default_index, SHAPE.default_index])
    view = re.search(r'<a class="nxc-csv-view" href="([^"]+)"', static).group(1)
    whole = re.search(r'<a class="nxc-csv-all" href="([^"]+)"', static).group(1)
    assert view == f"../_frames/{spec['data'][default]}" and whole == f"../_frames/{spec['all']}"
    assert "Download data (CSV)" in static
    assert '<details class="nxc-table">' in static and "<noscript>" in static


def test_cached_frames_keep_their_tables(tmp_path, monkeypatch, book):
    store, shown = book
    monkeypatch.setenv(frame_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(frame_cache, "function_key", lambda draw: "toy-key")
    drawn = []

    def draw_counted(rate, layout="wide"):
        drawn.append(rate)
        return draw_toy(rate, layout=layout)

    explore(draw_counted, describe_toy, RATE, id="fig-toy")
    first = spec_of(shown[-1])
    for name in first["data"] + [first["all"]]:
        (store / name).unlink()
    before = len(drawn)
    explore(draw_counted, describe_toy, RATE, id="fig-toy")
    assert len(drawn) == before, "every frame came from the cache, its table too"
    again = spec_of(shown[-1])
    assert again["data"] == first["data"] and again["all"] == first["all"]
    assert all((store / n).exists() for n in again["data"] + [again["all"]]), "copied back from the cache"


def test_right_views_are_computed_for_the_figures_controls():
    views = json.loads(explorer.right_views("fig-toy", lambda rate: rate != 0.02, RATE))
    assert views["frames"] == [0, 2] and views["views"] == ["Daily growth 1%", "Daily growth 5%"]
    with pytest.raises(ValueError, match="views are right"):
        explorer.right_views("fig-toy", lambda rate: True, RATE)
    with pytest.raises(ValueError, match="opens at a right view"):
        explorer.right_views("fig-toy", lambda rate: rate == 0.02, RATE)  # the default view
    with pytest.raises(ValueError, match="no figure"):
        explorer.right_views("fig-never-made", lambda rate: True)


def test_an_axis_that_shows_fractions_as_percentages_gets_percentages():
    from matplotlib.ticker import PercentFormatter

    for style in ("formatter", "labels"):
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [0.1, 0.5, 0.9], label="share")
        if style == "formatter":
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        else:
            ax.set_yticks([0, 0.5, 1.0], ["0", "50", "100"])
        ax.set_ylabel("share (%)")
        ys = [float(r[5]) for r in data.series_rows(fig)]
        plt.close(fig)
        assert ys == pytest.approx([10, 50, 90]), style
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0.1, 0.5, 0.9])
    assert [float(r[5]) for r in data.series_rows(fig)] == pytest.approx([0.1, 0.5, 0.9]), (
        "plain ticks: as drawn"
    )
    plt.close(fig)


def test_positions_named_by_their_tick_labels_are_named_and_titles_are_one_line():
    fig, (bars, ladder) = plt.subplots(1, 2, layout="constrained")
    bars.barh([0, 1], [30.0, 12.5], label="share")
    bars.set_yticks([0, 1], labels=["first arm", "second arm"])
    bars.set(title="Two\narms", xlabel="people (%)")
    ladder.scatter([2, 0], [0, 1])
    ladder.set_xticks([0, 1, 2], labels=["hypo-\nthesis", "in\nanimals", "in\nhumans"])
    ladder.set_xlabel("rung")
    rows = data.series_rows(fig)
    plt.close(fig)
    assert ("Two arms", "share", "people (%)", "30", "", "first arm") in rows
    assert ("Two arms", "share", "people (%)", "12.5", "", "second arm") in rows
    assert [r[3] for r in rows if r[1] == "points 1"] == ["in humans", "hypothesis"]
    assert [r[5] for r in rows if r[1] == "points 1"] == ["0", "1"], "a numeric axis keeps its numbers"


def test_a_series_is_named_as_the_figure_names_it_or_shows_as_unnamed():
    """By its label; by its gid (named by text on the plot, no legend entry); an error bar's
    marker line and caps by the error bar's label; a line drawn like one legend key by that
    entry's text; a series with none of these is the table's stand-in, which ``unnamed`` flags."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 2], label="labelled")
    ax.plot([0, 1], [2, 3], gid="named on the plot")
    ax.errorbar([0.5], [1.5], yerr=[0.2], fmt="o", color="k", capsize=3, label="measured")
    ax.plot([0, 1], [5, 6], color="tab:red", linestyle="--")  # keyed by the legend's proxy below
    ax.bar([3], [4])  # named by nothing
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], color="tab:red", linestyle="--", label="keyed")])
    rows = data.series_rows(fig)
    plt.close(fig)
    names = list(dict.fromkeys(r[1] for r in rows))
    assert names[:2] == ["labelled", "named on the plot"], names
    caps = [r for r in rows if r[1] == "measured (error bar)"]
    assert "measured" in names and sorted(float(r[5]) for r in caps) == pytest.approx([1.3, 1.7]), names
    assert "keyed" in names
    assert [n for n in names if data.unnamed(n)] == [names[-1]] and names[-1].startswith("bars ")
    assert not data.unnamed("bars of 2024") and data.unnamed("line 12")
