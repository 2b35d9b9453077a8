"""The figure script's finer behaviour (src/nxc_explorer/static/nxc-explorer.js), on Debian's Chromium.

- A frame the script swapped in after a control moved is a plain ``<img>`` chosen for the
  layout of the moment (the first frame is a ``<picture>`` whose sources choose by media
  query): when the window crosses the phone breakpoint the script puts in the other
  layout's file.
- Frames are fetched before they are needed, and not long before: a figure within a
  screen's height below the viewport has its frames one step from its values fetched once
  the page has loaded, as a lazy image is fetched before it is scrolled to; a figure
  further away costs nothing until the reader comes near it.
- A figure is set up as soon as the parser has finished it: not at the next display frame
  (on a slow phone the parser's tasks hold frames back) and not once the whole page is in.
- An arrow key in a button group steps to the next or previous option, wrapping at the
  ends, as a radio group does, without the click, input and change events the browser
  would send through every page-wide listener first.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from test_browser import _frame_name, figure_info, open_page, position, wait_ready, wait_until

from conftest import RELEASE_PATH, STALL_QUERY, pages_with_figures

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


def test_a_swapped_in_frame_keeps_the_first_frames_place_and_size_on_a_phone(browser, server):
    """On a phone the frame a step puts in place sits where the first one sat, at the same
    size (a narrow frame at its own drawn width, centred), and the page below does not move."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{server}/{pages_with_figures()[0]}.html", wait_until="load")
    wait_ready(page)
    explorer = page.locator(".nxc-explorer").first
    explorer.scroll_into_view_if_needed()
    box = (
        "b => { const r = b.querySelector('.nxc-frame img').getBoundingClientRect();"
        " return [r.left, r.width, r.height]; }"
    )
    after = (
        "b => b.nextElementSibling ? b.nextElementSibling.getBoundingClientRect().top + scrollY"
        " : document.documentElement.scrollHeight"
    )
    first, below = explorer.evaluate(box), explorer.evaluate(after)
    before = explorer.evaluate(SHOWN_FILE)
    explorer.locator("input[type=range], input[type=radio]").first.focus()
    page.keyboard.press("ArrowRight")
    wait_until(page, f"b => ({SHOWN_FILE})(b) !== {json.dumps(before)}", explorer.element_handle())
    assert explorer.locator(".nxc-frame source").count() == 0, "the step shows a swapped-in frame"
    swapped = explorer.evaluate(box)
    assert swapped == pytest.approx(first, abs=0.5), (
        f"the new frame moved or changed size: {first} -> {swapped}"
    )
    assert explorer.evaluate(after) == pytest.approx(below, abs=0.5), "the page below the figure moved"
    context.close()


def _one_step(info: dict) -> set[str]:
    """The phone's (narrow 2x) files of the frames one step from the figure's values."""
    indices = [c["index"] for c in info["controls"]]
    names = set()
    for axis, control in enumerate(info["controls"]):
        for value in (indices[axis] - 1, indices[axis] + 1):
            if 0 <= value < len(control["labels"]):
                moved = list(indices)
                moved[axis] = value
                names.add(_frame_name(info, moved, column=1))
    return names


def test_a_figure_just_below_the_screen_has_its_next_frames_fetched_and_a_far_one_not(phone_page, server):
    page = open_page(phone_page, server, "book/blockade-over-time")
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    assert explorers.count() >= 2, "the test needs a page with two figures"
    infos = [figure_info(explorers.nth(i)) for i in range(explorers.count())]
    near, away = explorers.count() - 2, explorers.count() - 1  # the last two figures
    # the near figure's top half a screen below the viewport's bottom edge: not on screen
    page.evaluate(
        "b => window.scrollTo(0, b.getBoundingClientRect().top + scrollY - 1.5 * innerHeight)",
        explorers.nth(near).element_handle(),
    )
    gap = explorers.nth(near).evaluate("b => b.getBoundingClientRect().top - innerHeight")
    assert 0.3 * 844 < gap < 844, f"the near figure must sit within a screen below ({gap:.0f} px)"
    far = explorers.nth(away).evaluate("b => b.getBoundingClientRect().top - innerHeight")
    assert far > 1.2 * 844, f"the far figure should sit more than a screen below ({far:.0f} px)"

    def fetched() -> set[str]:
        return {u.rsplit("/", 1)[1] for u in phone_page.requested if "/_frames/" in u}

    wanted = _one_step(infos[near])
    for _ in range(60):
        if wanted <= fetched():
            break
        page.wait_for_timeout(100)
    assert wanted <= fetched(), f"{len(wanted - fetched())} next frames of the figure below were not fetched"
    page.wait_for_timeout(300)
    assert not _one_step(infos[away]) & fetched(), (
        "a figure more than a screen away had its next frames fetched"
    )
    assert not phone_page.errors, phone_page.errors


def test_arrow_keys_step_through_a_button_group_like_a_radio_group_and_show_each_frame(offline_page, server):
    page = open_page(offline_page, server, "book/oud")
    wait_ready(page)
    page.evaluate(
        """() => { window.__sent = [];
        ['click', 'input', 'change'].forEach(t => document.addEventListener(t, e => {
          if (e.target.type === 'radio') window.__sent.push(t); }, true)); }"""
    )
    explorer = page.locator(".nxc-explorer").filter(has=page.locator("fieldset")).first
    info = figure_info(explorer)
    group = explorer.locator("fieldset").first
    axis = int(group.get_attribute("data-nxc-axis"))
    count = group.locator("input[type=radio]").count()
    assert count >= 2
    group.locator("input:checked").focus()
    which = next(i for i, c in enumerate(info["controls"]) if c["axis"] == axis)
    start = info["controls"][which]["index"]
    for key, step in (
        [("ArrowRight", 1)] * count + [("ArrowLeft", -1)] * count + [("ArrowDown", 1), ("ArrowUp", -1)]
    ):
        before = page.evaluate("() => document.activeElement.value")
        page.keyboard.press(key)
        want = (int(before) + step) % count  # wraps at both ends
        focused = page.evaluate("() => [document.activeElement.value, document.activeElement.checked]")
        assert focused == [str(want), True], f"{key} from option {before}: focus and choice on {want}"
        assert group.locator("input:checked").count() == 1
        indices = [c["index"] for c in info["controls"]]
        indices[which] = want
        alt = info["alts"][position(info, indices)]
        wait_until(
            page,
            "([b, alt]) => b.querySelector('.nxc-frame img').alt === alt",
            [explorer.element_handle(), alt],
        )
    assert page.evaluate("() => document.activeElement.value") == str(start)
    assert page.evaluate("() => window.__sent") == [], "an arrow key must not send click, input or change"
    assert not offline_page.errors, offline_page.errors


def test_a_figure_is_set_up_while_the_rest_of_the_page_is_still_arriving(own_offline_page, server):
    """The page arrives in three parts (up to the first figure, the figure, the rest) and no
    display frame comes while it does: the figure must be ready (its controls move its frames)
    once its own HTML is in, before the rest of the page."""
    page_name = pages_with_figures()[0]
    page = own_offline_page.page
    # a busy parser holds display frames back: here none comes at all until the page is in
    page.add_init_script("window.requestAnimationFrame = function () { return 0; };")
    released = 0

    def release() -> None:
        nonlocal released
        urllib.request.urlopen(server + RELEASE_PATH, timeout=10).close()
        released += 1

    try:
        page.goto(f"{server}/{page_name}.html?{STALL_QUERY}", wait_until="commit")
        # the figure script (async, in the head) has arrived before the figure's HTML does
        wait_until(
            page, "() => performance.getEntriesByType('resource').some(e => /nxc-explorer\\.js/.test(e.name))"
        )
        assert page.locator(".nxc-explorer").count() == 0
        release()
        wait_until(page, "() => document.querySelector('.nxc-explorer .nxc-share') !== null")
        wait_until(page, "() => document.querySelector('.nxc-explorer.nxc-ready') !== null")
        assert page.evaluate("document.readyState") == "loading", "the rest of the page is not in yet"
        release()
        page.wait_for_load_state("load")
    finally:
        for _ in range(2 - released):
            release()
    assert page.locator(".nxc-explorer:not(.nxc-ready)").count() == 0, "every figure is ready at the end"
    assert not own_offline_page.errors, own_offline_page.errors
    assert not own_offline_page.blocked, own_offline_page.blocked
