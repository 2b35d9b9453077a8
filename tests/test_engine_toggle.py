"""The engine's toggle (``Control.toggle``), on a toy figure with no model of any book.

A toggle is one thing drawn or not (measurements over a model's curve, say): a boolean level
of the frame grid, a native checkbox in the built book, with the same link keys, compare
labels, data tables and no-JavaScript behaviour as the value controls. These tests build toy
figures with the engine alone, as a chapter would, and read what the page would get."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from engine_toy_book import native_page, spec_of, toy_book

from nxc_explorer import Control, explore, explorer
from nxc_explorer import native_controls as native

RATE = Control("rate", "Daily growth", [0.01, 0.02, 0.05], fmt="{:.0%}", default=0.02)
SHAPE = Control("shape", "Shape", ["line", "steps"])
POINTS = Control.toggle("points", "Counted points", default=True)
DAYS = np.arange(11)


def draw_toy(rate: float, shape: str = "line", points: bool = False, layout: str = "wide"):
    fig, ax = plt.subplots(figsize=(4, 2) if layout == "wide" else (2.4, 2.4), layout="constrained")
    amount = (1 + rate) ** DAYS
    (ax.step if shape == "steps" else ax.plot)(DAYS, amount, label="model", color="#0072B2")
    if points:  # two counts with their spread
        ax.errorbar(
            [2, 8], [1.05, 1.3], yerr=[0.02, 0.05], linestyle="none", marker="o", capsize=3, label="counted"
        )
    ax.set(title="Growth", xlabel="day", ylabel="amount")
    return fig


def describe_toy(rate: float, shape: str = "line", points: bool = False) -> str:
    seen = "the counted points shown" if points else "the counted points hidden"
    return f"At {rate:.0%} a day the amount reaches {(1 + rate) ** 10:.2f} by day 10 ({shape}); {seen}."


@pytest.fixture
def book(tmp_path, monkeypatch):
    return tmp_path / "store", toy_book(tmp_path, monkeypatch)


def native_html(box, static: str) -> str:
    return native_page(box, static)[0]


def test_a_toggle_is_a_boolean_control_with_readable_keys_and_states():
    assert POINTS.kind == "toggle" and list(POINTS.values) == [False, True]
    assert POINTS.keys == ("off", "on") and POINTS.labels == ("hidden", "shown")
    assert POINTS.default_index == 1
    assert isinstance(POINTS.widget(), widgets.Checkbox) and POINTS.widget().value is True
    with pytest.raises(ValueError, match="toggle's values"):
        Control("points", "Points", [0, 1], kind="toggle")


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ((POINTS,), "one or two value controls"),
        ((POINTS, RATE), "after a figure's value controls"),
        ((RATE, SHAPE, Control("third", "Third", [1, 2])), "one or two value controls"),
        ((RATE, Control("many", "Many", list(range(20))), POINTS), "more than a figure may have"),
    ],
    ids=["toggle-alone", "toggle-first", "three-value-controls", "over-the-frame-budget"],
)
def test_the_control_limit_is_two_value_controls_then_toggles_within_the_frame_budget(controls, message):
    with pytest.raises(ValueError, match=message):
        explore(draw_toy, describe_toy, *controls)


def test_a_toggle_doubles_the_frames_and_each_toggle_state_is_its_own_frame(book):
    store, shown = book
    box = explore(draw_toy, describe_toy, RATE, SHAPE, POINTS)
    assert explorer.frame_count(box) == 12
    spec = spec_of(shown[-1])
    assert spec["shape"] == [3, 2, 2]
    assert spec["controls"][2] == {
        "name": "points",
        "keys": ["off", "on"],
        "toggle": True,
        "labels": ["hidden", "shown"],
    }
    on, off = (
        spec["frames"][explorer._grid_index([RATE, SHAPE, POINTS], [1, 0, 1])],
        spec["frames"][explorer._grid_index([RATE, SHAPE, POINTS], [1, 0, 0])],
    )
    assert set(on).isdisjoint(off), "the points change every file of the frame"
    assert "the counted points shown" in shown[-1], "the default view (toggle on) is the page's figure"


def test_in_a_kernel_the_checkbox_moves_the_stacks_of_its_level():
    box = explore(draw_toy, describe_toy, RATE, POINTS)
    checkbox, stack = box.children[0 + 1], box.children[-1]
    assert isinstance(checkbox, widgets.Checkbox)
    inner = stack.children
    assert all(s.selected_index == 1 for s in inner)
    checkbox.value = False
    assert all(s.selected_index == 0 for s in inner), "every rate's stack shows the points hidden"
    checkbox.value = True
    assert all(s.selected_index == 1 for s in inner)


def test_the_built_page_renders_a_checkbox_driving_the_level_no_link_drives(book):
    _, shown = book
    box = explore(draw_toy, describe_toy, RATE, POINTS)
    page = native_html(box, shown[-1])
    checkbox = re.search(r'<input type="checkbox"[^>]*>', page).group(0)
    assert 'data-nxc-axis="1"' in checkbox and 'data-nxc-name="points"' in checkbox
    assert " checked" in checkbox, "the default (on) is the checked state of the HTML"
    assert json.loads(html.unescape(re.search(r'data-nxc-keys="([^"]*)"', checkbox).group(1))) == [
        "off",
        "on",
    ]
    assert json.loads(html.unescape(re.search(r'data-nxc-labels="([^"]*)"', checkbox).group(1))) == [
        "hidden",
        "shown",
    ]
    uid = re.search(r'id="([^"]*)"', checkbox).group(1)
    assert f'<label class="nxc-label" for="{uid}">Counted points</label>' in page
    # like every control, inside the controls that a page without JavaScript hides
    controls = page[page.index('<div class="nxc-controls">') :]
    assert controls.index('<input type="checkbox"') < controls.index("</div></div>") + len("</div></div>")
    assert ".nxc-explorer .nxc-controls" in native.NOSCRIPT_STYLE
    assert json.loads(html.unescape(re.search(r'data-nxc-axes="([^"]*)"', page).group(1))) == [0, 1]


def test_a_widget_state_whose_checkbox_is_linked_or_missing_is_refused(book):
    _, shown = book
    box = explore(draw_toy, describe_toy, RATE, POINTS)
    static = shown[-1]
    state = widgets.Widget.get_manager_state()["state"]
    view = native.VIEW + json.dumps({"model_id": box.model_id}) + "</script>"
    spec = spec_of(static)
    spec["controls"][1].pop("toggle")
    bad = static.replace(
        re.search(r'data-nxc-frames="([^"]+)"', static).group(1), html.escape(json.dumps(spec), quote=True)
    )
    with pytest.raises(ValueError, match="toggle in only one"):
        native.native_figure(bad, view, state)


def test_the_data_table_gains_the_points_with_their_spread_when_the_toggle_is_on(book):
    store, shown = book
    explore(draw_toy, describe_toy, RATE, POINTS)
    spec = spec_of(shown[-1])
    tables = {}
    for i, kwargs in enumerate(explorer.grid([RATE, POINTS])):
        rows = list(csv.DictReader(io.StringIO((store / spec["data"][i]).read_text(encoding="utf-8"))))
        tables[(kwargs["rate"], kwargs["points"])] = rows
    off, on = tables[(0.02, False)], tables[(0.02, True)]
    assert {r["series"] for r in off} == {"model"}
    counted = [(r["x"], r["y"]) for r in on if r["series"] == "counted"]
    assert counted == [("2", "1.05"), ("8", "1.3")]
    ends = {(r["series"], r["x"], r["y"]) for r in on if r["series"].startswith("counted (error bar")}
    assert ends == {  # the ends of the bars (their caps), one SD either side
        ("counted (error bar)", "2", "1.03"),
        ("counted (error bar)", "2", "1.07"),
        ("counted (error bar)", "8", "1.25"),
        ("counted (error bar)", "8", "1.35"),
    }
    assert all(r["points"] in ("0", "1") for r in on + off)

    def model(rows):
        return [{k: v for k, v in r.items() if k != "points"} for r in rows if r["series"] == "model"]

    assert model(on) == model(off), "the toggle adds the points and changes nothing else"


def test_right_views_never_depend_on_a_toggle():
    """A figure-state question names the value controls; each right view is right with the
    toggle on and off (both frames), and its views are listed once, without the toggle."""
    views = json.loads(explorer.right_views("fig-toy", lambda rate: rate == 0.05, RATE, POINTS))
    grid = explorer.grid([RATE, POINTS])
    assert [grid[i] for i in views["frames"]] == [
        {"rate": 0.05, "points": False},
        {"rate": 0.05, "points": True},
    ]
    assert views["views"] == ["Daily growth 5%", "Daily growth 5%"], "one view a frame, without the toggle"
    with pytest.raises(TypeError):  # a question cannot ask about the toggle
        explorer.right_views("fig-toy", lambda rate, points: points, RATE, POINTS)
