"""The engine's still figure: ``explore(draw, describe)`` with no controls, on a toy figure.

A still figure is one frame a reader looks at (a key of a book's style, a diagram). It goes
through the one pipeline every figure does: its frame is a file in the store at 1x and 2x,
light and dark, it is recorded so that another edition draws it again in its own words, and
the page's script shows it in the page's theme. It has nothing to move: no controls, no
pinned view to compare, no link to a view; ``data=False`` leaves out a data table for marks
that are not quantities."""

from __future__ import annotations

import html
import json
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest
from engine_toy_book import native_page, spec_of, toy_book

from nxc_explorer import explore, explorer
from nxc_explorer import native_controls as native


def draw_key():
    """A key of two marks and their meanings (no layout keyword: drawn wide only)."""
    fig, ax = plt.subplots(figsize=(3, 1), layout="constrained")
    ax.set_xlim(0, 10)
    ax.set_ylim(1.5, -0.5)
    ax.axis("off")
    ax.plot([0.2, 1.8], [0, 0], color="#0072B2")
    ax.plot([0.2, 1.8], [1, 1], color="#D55E00", linestyle="--")
    ax.text(2.2, 0, "solid: the model", va="center")
    ax.text(2.2, 1, "dashed: a comparison", va="center")
    return fig


def describe_key() -> str:
    return "A key: the model as a solid blue line, a comparison as a dashed vermillion one."


@pytest.fixture
def book(tmp_path, monkeypatch):
    return tmp_path / "store", toy_book(tmp_path, monkeypatch)


def _native(box, static: str) -> str:
    page, fid = native_page(box, static)
    assert fid == "fig-key"
    return page


def test_a_still_figure_is_one_stored_frame_with_nothing_to_move_pin_or_link(book):
    store, shown = book
    box = explore(draw_key, describe_key, data=False)
    assert explorer.frame_count(box) == 1
    static = shown[-1]
    spec = spec_of(static)
    assert spec["shape"] == [] and spec["controls"] == [] and spec["id"] == "fig-key"
    (names,) = spec["frames"]
    assert names[2] and names[3], "the wide frame at 1x and 2x"
    assert all((store / n).exists() for n in names if n)
    assert f'alt="{html.escape(describe_key(), quote=True)}"' in static
    assert 'nxc-static-control"' not in static and "nxc-words" not in static, "no controls, no script words"
    page = _native(box, static)
    assert "nxc-controls" not in page, "a still figure has no controls"
    assert "Pin this view" not in page and "Link to this view" not in page and "nxc-share" not in page
    assert json.loads(html.unescape(re.search(r'data-nxc-alts="([^"]*)"', page).group(1))) == [describe_key()]
    assert native.MARKER not in page


def test_a_still_figure_is_recorded_and_another_edition_draws_it_in_its_own_words(book):
    store, _ = book
    explore(draw_key, describe_key, data=False)
    (path,) = (store / explorer.FIGURES_DIR).glob("*.json")
    record = json.loads(path.read_text())
    assert record["combos"] == [{}] and record["layouts"] is None
    assert record["draw"].endswith(":draw_key") and "data" not in record

    def translate(fig):
        for text in fig.axes[0].texts:
            text.set_text(text.get_text().replace("solid", "continua"))
        return fig

    mapping = explorer.render_edition(record, draw_key, translate, store)
    english = [n for n in record["frames"][0] if n]
    assert set(mapping) == set(english)
    assert all(mapping[n] != n and (store / mapping[n]).exists() for n in english), "redrawn, new words"
    assert not list(store.glob("*.csv")), "no data table for a figure that has none"


def test_a_still_figure_keeps_its_numbers_unless_it_says_it_has_none(book):
    store, shown = book
    explore(draw_key, describe_key)
    assert "nxc-data" in shown[-1] and spec_of(shown[-1]).get("data"), "a still chart has its numbers"
    for csv in store.glob("*.csv"):
        csv.unlink()
    explore(draw_key, describe_key, data=False, id="fig-key-2")
    assert "nxc-data" not in shown[-1] and "data" not in spec_of(shown[-1])
    assert not list(store.glob("*.csv"))


def test_in_a_kernel_a_still_figure_is_its_one_frame(monkeypatch):
    monkeypatch.delenv(explorer.FRAME_STORE_ENV, raising=False)
    box = explore(draw_key, describe_key)
    (stack,) = box.children
    assert isinstance(stack, widgets.Stack) and len(stack.children) == 1
    assert describe_key() in stack.children[0].value
