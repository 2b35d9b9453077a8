"""A figure follows the phone breakpoint after its frame was swapped in by a control.

The first frame of each figure is a ``<picture>`` whose sources pick the narrow or wide
file by media query. A frame the page script swaps in after a control moved is a plain
``<img>`` chosen for the layout of the moment, so when the window crosses the breakpoint
(a phone turned, a desktop window narrowed) the script must put in the other layout's
file (book/_assets/nxc-explorer.js, the media query's change listener)."""

from __future__ import annotations

import json

import pytest
from test_browser import wait_ready, wait_until

from conftest import pages_with_figures

pytestmark = pytest.mark.browser

SHOWN_FILE = "b => (b.querySelector('.nxc-frame img').currentSrc || b.querySelector('.nxc-frame img').src)"


def _column(explorer, shown: str) -> int:
    """Which file of its frame is shown: 0-1 narrow (1x, 2x), 2-3 wide (1x, 2x)."""
    spec = json.loads(explorer.get_attribute("data-nxc-frames"))
    names = [n for f in spec["frames"] for n in f]
    return names.index(shown.rsplit("/", 1)[1]) % 4


def test_a_swapped_in_frame_changes_layout_when_the_window_crosses_the_breakpoint(browser, server):
    context = browser.new_context(viewport={"width": 1000, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/{pages_with_figures()[0]}.html", wait_until="load")
    wait_ready(page)
    explorer = page.locator(".nxc-explorer").first
    control = explorer.locator("input[type=range], input[type=radio]").first
    before = explorer.evaluate(SHOWN_FILE)
    control.focus()
    page.keyboard.press("ArrowRight")
    wait_until(page, f"b => ({SHOWN_FILE})(b) !== {json.dumps(before)}", explorer.element_handle())
    assert explorer.locator(".nxc-frame source").count() == 0, "the moved figure shows a swapped-in frame"
    moved = explorer.evaluate(SHOWN_FILE)
    assert _column(explorer, moved) >= 2, "a 1000 px window shows the wide file"

    page.set_viewport_size({"width": 360, "height": 800})
    wait_until(page, f"b => ({SHOWN_FILE})(b) !== {json.dumps(moved)}", explorer.element_handle())
    narrow = explorer.evaluate(SHOWN_FILE)
    assert _column(explorer, narrow) < 2, "at 360 px the swapped-in frame must be the narrow file"
    spec = json.loads(explorer.get_attribute("data-nxc-frames"))
    frame_of = {n: i for i, f in enumerate(spec["frames"]) for n in f}
    same_view = frame_of[narrow.rsplit("/", 1)[1]] == frame_of[moved.rsplit("/", 1)[1]]
    assert same_view, "the narrow file must show the same view"

    page.set_viewport_size({"width": 1000, "height": 800})
    wait_until(page, f"b => ({SHOWN_FILE})(b) !== {json.dumps(narrow)}", explorer.element_handle())
    assert _column(explorer, explorer.evaluate(SHOWN_FILE)) >= 2, "back at 1000 px: the wide file again"
    assert not errors, errors
    context.close()
