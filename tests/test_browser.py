"""Debian's Chromium against the built book on 127.0.0.1, with every other request aborted.

Desktop (1280 px) and a learner's phone (390 x 844 CSS px, scale 3, touch): every page
works under its Content-Security-Policy; every figure's native controls (range inputs,
radio groups, selects rendered at build time, nxc_explorer.native_controls) move its frame
by keyboard, pointer and touch and announce their values; a link to a view opens every
figure it names in that view, a bad link leaves the defaults; each figure is plain HTML
before any script (and with JavaScript off); a phone fetches only the narrow frames, sharp."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from test_accessibility import SHOWN_WIDTH_PX

from conftest import PHONE, pages_drawing_figures, pages_with_figures, pages_with_still_figures, toc_files

pytestmark = pytest.mark.browser

READY = "[...document.querySelectorAll('.nxc-explorer')].every(b => b.classList.contains('nxc-ready'))"
SHOWS = "([box, alt]) => box.querySelector('.nxc-frame img').alt === alt"
#: Resolves once the fonts are in and two frames have been laid out and painted.
SETTLED = """() => document.fonts.ready.then(
  () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""
CHOSEN = (
    "([c, v]) => (c.type === 'checkbox' ? (c.checked ? '1' : '0')"
    " : c.tagName === 'FIELDSET' ? c.querySelector('input:checked').value : c.value) === v"
)


def open_page(offline_page, server, page_path, hash_=""):
    page = offline_page.page
    page.goto(f"{server}/{page_path}.html{hash_}", wait_until="load")
    return page


def _poll(predicate: str, timeout_ms: int) -> str:
    """An async page function that checks ``predicate(arg)`` every 10 ms inside the page until
    it holds (true) or ``timeout_ms`` has passed (false): one round trip per wait, not one per
    poll. Composed here: the pages' CSP refuses Playwright's wait_for_function strings."""
    return f"""async (arg) => {{
      const predicate = {predicate};
      const end = performance.now() + {int(timeout_ms)};
      for (;;) {{
        if (predicate(arg)) return true;
        if (performance.now() > end) return false;
        await new Promise((done) => setTimeout(done, 10));
      }}
    }}"""


def wait_ready(page):
    page.wait_for_selector(".nxc-explorer", timeout=30_000)
    if not page.evaluate(_poll(f"() => {READY}", 30_000)):
        raise AssertionError("the figure script did not start")


def wait_until(page, predicate: str, arg=None, timeout_ms: int = 5000) -> None:
    if not page.evaluate(_poll(predicate, timeout_ms), arg):
        raise AssertionError(f"timed out waiting for {predicate}")


def settle(page, errors: list[str]) -> None:
    """Wait until the page's own scripts have run (the questions script marks the page ready,
    at DOMContentLoaded as the theme fixes) and two frames have been laid out and painted:
    conditions, not a fixed wait. ``errors``: what the page logged, named if it never settles."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector("html.nxq-ready", state="attached", timeout=30_000)
    except PlaywrightTimeout:
        raise AssertionError(f"the page's scripts did not finish (no html.nxq-ready): {errors}") from None
    page.evaluate(SETTLED)


def frame(explorer) -> tuple[str, str, str]:
    """The shown frame: file (as the browser chose it), alt text, caption."""
    image = explorer.locator(".nxc-frame img")
    assert image.count() == 1, "exactly one frame of a figure is in the page"
    return (
        image.evaluate("i => i.currentSrc || i.src"),
        image.get_attribute("alt"),
        explorer.locator(".nxc-frame figcaption").inner_text(),
    )


def figure_info(explorer) -> dict:
    """The figure's id, frames, alt texts and its controls (name, kind, keys, labels, default)."""
    return explorer.evaluate(
        """box => ({
        id: box.id,
        spec: JSON.parse(box.dataset.nxcFrames),
        alts: JSON.parse(box.dataset.nxcAlts),
        controls: [...box.querySelectorAll('[data-nxc-axis]')].map(c => ({
          name: c.dataset.nxcName,
          axis: Number(c.dataset.nxcAxis),
          kind: c.type === 'checkbox' ? 'toggle'
            : c.tagName === 'FIELDSET' ? 'buttons' : c.tagName === 'SELECT' ? 'select' : 'slider',
          keys: JSON.parse(c.dataset.nxcKeys),
          labels: c.tagName === 'INPUT' ? JSON.parse(c.dataset.nxcLabels)
            : [...c.querySelectorAll('option, .nxc-option span')].map(o => o.textContent),
          index: c.type === 'checkbox' ? (c.checked ? 1 : 0)
            : c.tagName === 'FIELDSET' ? Number(c.querySelector('input:checked').value) : Number(c.value),
        })),
      })"""
    )


def position(info: dict, indices: list[int]) -> int:
    """The frame's place in the figure's frame list for these control indices."""
    shape = [0] * len(info["controls"])
    by_axis = [0] * len(info["controls"])
    for c, i in zip(info["controls"], indices):
        shape[c["axis"]] = len(c["labels"])
        by_axis[c["axis"]] = i
    place = 0
    for n, i in zip(shape, by_axis):
        place = place * n + i
    return place


def expected_alt(info: dict, indices: list[int]) -> str:
    return info["alts"][position(info, indices)]


def current(explorer) -> list[int]:
    return [c["index"] for c in figure_info(explorer)["controls"]]


@pytest.mark.parametrize("page_path", toc_files())
def test_page_loads_offline_without_errors(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    settle(page, offline_page.errors)
    assert page.locator("article h1").first.is_visible(), f"{page_path}: the chapter title is not shown"
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert policy.count() == 1, f"{page_path}: no Content-Security-Policy meta tag"
    assert "default-src 'self'" in policy.get_attribute("content")
    if page_path in pages_drawing_figures():
        wait_ready(page)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if "embed" in u or "widgets/" in u or "require" in u], (
        f"{page_path}: loads the widget bundle"
    )
    assert not page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count()
    assert not offline_page.csp_violations(), f"{page_path}: CSP violations {offline_page.csp_violations()}"
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"
    assert not offline_page.blocked, f"{page_path} asked another origin for {offline_page.blocked}"


def _step_keys(control: dict) -> str:
    if control["kind"] == "toggle":  # a checkbox: Space ticks and unticks it
        return "Space"
    at_end = control["index"] == len(control["labels"]) - 1
    if control["kind"] == "select":
        return "ArrowUp" if at_end else "ArrowDown"
    return "ArrowLeft" if at_end else "ArrowRight"


def _focus(explorer, n: int, control: dict):
    element = explorer.locator("[data-nxc-axis]").nth(n)
    if control["kind"] == "buttons":
        element = element.locator("input:checked")
    element.focus()
    return element


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_control_moves_its_frame_by_keyboard_and_announces_its_value(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    assert explorers.count() >= 1
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        explorer.scroll_into_view_if_needed()
        info = figure_info(explorer)
        for n, control in enumerate(info["controls"]):
            where = f"{page_path}, {info['id']}, control {control['name']!r}"
            element = explorer.locator("[data-nxc-axis]").nth(n)
            if control["kind"] == "buttons":  # a named group of radios
                legend = element.locator("legend").inner_text()
                group = explorer.get_by_role("group", name=legend, exact=True)
                assert group.count() == 1 and group.locator("input[type=radio]").count() == len(
                    control["labels"]
                )
                for label in control["labels"]:
                    assert group.get_by_role("radio", name=label, exact=True).count() == 1, (
                        f"{where}: {label}"
                    )
            else:
                label = explorer.locator(f"label[for='{element.get_attribute('id')}']").inner_text()
                assert label.strip(), f"{where}: no label"
                role = {"slider": "slider", "toggle": "checkbox"}.get(control["kind"], "combobox")
                assert explorer.get_by_role(role, name=label, exact=True).count() == 1, (
                    f"{where}: not named {label!r}"
                )
            before = frame(explorer)
            before_index = current(explorer)
            _focus(explorer, n, control)
            page.keyboard.press(_step_keys(control))
            indices = current(explorer)
            assert indices != before_index, f"{where}: the key did not move the control"
            alt = expected_alt(info, indices)
            wait_until(page, SHOWS, [explorer.element_handle(), alt])
            after = frame(explorer)
            assert after[0] != before[0], f"{where}: the image did not change"
            assert after[1] == alt, f"{where}: the alt text is not the new frame's"
            assert after[2] == before[2] != alt, f"{where}: the caption changed or repeats the alt text"
            if control["kind"] == "slider":
                spoken = element.get_attribute("aria-valuetext")
                shown = element.locator("xpath=..").locator(".nxc-readout").inner_text()
                assert spoken == shown == control["labels"][indices[n]], (
                    f"{where}: says {spoken!r}, shows {shown!r}"
                )
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"
    assert not offline_page.blocked, f"{page_path} asked another origin for {offline_page.blocked}"


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_control_moves_its_frame_by_pointer(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        info = figure_info(explorer)
        for n, control in enumerate(info["controls"]):
            where = f"{page_path}, {info['id']}, control {control['name']!r}"
            element = explorer.locator("[data-nxc-axis]").nth(n)
            element.scroll_into_view_if_needed()
            target = 0 if control["index"] == len(control["labels"]) - 1 else len(control["labels"]) - 1
            if control["kind"] == "slider":
                box = element.bounding_box()
                x = box["x"] + (4 if target == 0 else box["width"] - 4)
                page.mouse.click(x, box["y"] + box["height"] / 2)
            elif control["kind"] == "buttons":
                element.locator(".nxc-option").nth(target).click()
            elif control["kind"] == "toggle":
                # its words tick it too (the label is part of the touch target)
                explorer.locator(f"label[for='{element.get_attribute('id')}']").click()
            else:
                element.select_option(str(target))  # the native list opens outside the page
            wait_until(page, CHOSEN, [element.element_handle(), str(target)])
            indices = current(explorer)
            alt = expected_alt(info, indices)
            caption = explorer.locator(".nxc-frame figcaption").inner_text()
            wait_until(page, SHOWS, [explorer.element_handle(), alt])
            assert frame(explorer)[1] == alt, f"{where}: the alt text is not the new frame's"
            assert frame(explorer)[2] == caption != alt, (
                f"{where}: the caption changed or repeats the alt text"
            )
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"


# --------------------------------------------------------------------------- phone
def _touch(cdp, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_control_works_by_touch_on_a_phone(phone_page, server, page_path):
    page = open_page(phone_page, server, page_path)
    wait_ready(page)
    cdp = page.context.new_cdp_session(page)
    explorers = page.locator(".nxc-explorer")
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        info = figure_info(explorer)
        for n, control in enumerate(info["controls"]):
            element = explorer.locator("[data-nxc-axis]").nth(n)
            element.scroll_into_view_if_needed()
            where = f"{page_path}, {info['id']}, control {control['name']!r}"
            last = len(control["labels"]) - 1
            if control["kind"] == "slider":
                box = element.bounding_box()
                label = explorer.locator(f"label[for='{element.get_attribute('id')}']").bounding_box()
                assert box["height"] >= 24, f"{where}: the slider is {box['height']:.0f} px tall (24 needed)"
                assert box["width"] >= max(160, 24 * len(control["labels"])), (
                    f"{where}: track {box['width']:.0f} px"
                )
                assert label["y"] + label["height"] <= box["y"] + 4, (
                    f"{where}: the label is not above the track"
                )
                y = box["y"] + box["height"] / 2
                before = frame(explorer)
                page.touchscreen.tap(box["x"] + box["width"] - 3, y)
                wait_until(page, CHOSEN, [element.element_handle(), str(last)])
                if control["index"] != last:
                    wait_until(
                        page,
                        "([b, s]) => b.querySelector('.nxc-frame img').currentSrc !== s",
                        [explorer.element_handle(), before[0]],
                    )
                # drag from the right end to the left end
                start, end = box["x"] + box["width"] - 12, box["x"] + 2
                _touch(cdp, "touchStart", start, y)
                for i in range(1, 11):
                    _touch(cdp, "touchMove", start + (end - start) * i / 10, y)
                    page.wait_for_timeout(20)
                _touch(cdp, "touchEnd", end, y)
                wait_until(page, "c => c.value === '0'", element.element_handle())
            elif control["kind"] == "buttons":
                for i in (last, 0):
                    option = element.locator(".nxc-option").nth(i)
                    size = option.bounding_box()
                    assert size["height"] >= 24 and size["width"] >= 24, (
                        f"{where}: a button is under 24 x 24 px"
                    )
                    option.tap()
                    wait_until(page, CHOSEN, [element.element_handle(), str(i)])
            elif control["kind"] == "toggle":
                size = element.bounding_box()
                assert size["height"] >= 24 and size["width"] >= 24, f"{where}: a checkbox under 24 x 24 px"
                for i in (1 - control["index"], control["index"]):
                    element.tap()
                    wait_until(page, CHOSEN, [element.element_handle(), str(i)])
            else:
                size = element.bounding_box()
                assert size["height"] >= 24, f"{where}: the list is under 24 px tall"
                element.select_option(str(last))
            alt = expected_alt(info, current(explorer))
            wait_until(page, SHOWS, [explorer.element_handle(), alt])
    assert not phone_page.errors, f"{page_path}: {phone_page.errors}"
    assert not phone_page.csp_violations(), f"{page_path}: {phone_page.csp_violations()}"


def test_a_button_is_chosen_as_the_finger_lifts_and_not_by_a_finger_that_scrolls(phone_page, server):
    """A tap on a group's button chooses it when the finger lifts (not while it rests);
    a finger that lands on a button and scrolls the page chooses nothing."""
    page = open_page(phone_page, server, "book/oud")
    wait_ready(page)
    cdp = page.context.new_cdp_session(page)
    group = page.locator(".nxc-explorer .nxc-buttons").first
    group.scroll_into_view_if_needed()
    chosen = lambda: int(group.evaluate("g => g.querySelector('input:checked').value"))  # noqa: E731
    before = chosen()
    other = group.locator(".nxc-option").nth(1 - before if before in (0, 1) else 0)
    box = other.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # a swipe that starts on the button scrolls the page and leaves the choice alone
    _touch(cdp, "touchStart", x, y)
    for i in range(1, 9):
        _touch(cdp, "touchMove", x, y - 25 * i)
        page.wait_for_timeout(16)
    _touch(cdp, "touchEnd", x, y - 200)
    page.wait_for_timeout(300)
    assert chosen() == before, "a finger scrolling the page from a button chose it"
    group.scroll_into_view_if_needed()
    box = other.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    _touch(cdp, "touchStart", x, y)
    page.wait_for_timeout(150)
    assert chosen() == before, "a button was chosen while the finger still rested on it"
    _touch(cdp, "touchEnd", x, y)
    wait_until(
        page,
        "([g, b]) => g.querySelector('input:checked').value !== String(b)",
        [group.element_handle(), before],
    )
    assert not phone_page.errors, phone_page.errors


# --------------------------------------------------------------------------- links to a view
def _other_view(info: dict) -> list[int]:
    """A view unlike the default: every control at another option."""
    return [len(c["labels"]) - 1 if c["index"] != len(c["labels"]) - 1 else 0 for c in info["controls"]]


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_a_link_opens_every_figure_it_names_in_its_view(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    infos = [figure_info(explorers.nth(i)) for i in range(explorers.count())]
    views, wanted = [], []
    for info in infos:
        indices = _other_view(info)
        wanted.append(indices)
        pairs = "&".join(f"{c['name']}={quote(c['keys'][i])}" for c, i in zip(info["controls"], indices))
        views.append(f"{info['id']}?{pairs}")
    link = "#" + ";".join(views)
    page = open_page(offline_page, server, page_path, link)
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    for i, (info, indices) in enumerate(zip(infos, wanted)):
        explorer = explorers.nth(i)
        assert current(explorer) == indices, f"{page_path}: {info['id']} is not in the linked view {link}"
        alt = expected_alt(info, indices)
        wait_until(page, SHOWS, [explorer.element_handle(), alt])
        for c, n in zip(figure_info(explorer)["controls"], indices):
            if c["kind"] == "slider":
                element = explorer.locator(f"[data-nxc-name='{c['name']}']")
                assert element.get_attribute("aria-valuetext") == c["labels"][n]
    top = explorers.first.evaluate("b => b.getBoundingClientRect().top")
    assert 0 <= top < 200, f"{page_path}: the linked figure is not scrolled into view (top {top:.0f} px)"
    # the address keeps the view as the learner moves on, and a reload opens it again
    assert page.evaluate("location.hash") == link
    explorer = explorers.first
    info = figure_info(explorer)
    _focus(explorer, 0, info["controls"][0])
    page.keyboard.press(_step_keys(info["controls"][0]))
    moved = current(explorer)
    at_default = moved == [c["index"] for c in infos[0]["controls"]]
    # the address follows once the new frame is shown (not in the same display frame)
    try:
        wait_until(page, "link => location.hash !== link", link)
    except AssertionError:
        raise AssertionError(f"{page_path}: the address did not change after a move: {link}") from None
    assert (infos[0]["id"] in page.evaluate("location.hash")) != at_default, (
        f"{page_path}: the address does not follow the figure's view: {page.evaluate('location.hash')}"
    )
    page.reload(wait_until="load")
    wait_ready(page)
    assert current(page.locator(".nxc-explorer").first) == moved, "a reload lost the view in the address"
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"


COUNT_HISTORY = """
window.__nxcHistory = [];
const replace = history.replaceState.bind(history);
history.replaceState = (...args) => { window.__nxcHistory.push(performance.now()); return replace(...args); };
"""

# The machine's wall clock is set forward 60 ms at each address change (as a time service
# corrects a drifting clock), while the page's monotonic clock runs on.
SET_THE_WALL_CLOCK_FORWARD = """
const wallClock = Date.now.bind(Date);
let setForwardMs = 0;
const write = history.replaceState.bind(history);
Date.now = () => wallClock() + setForwardMs;
history.replaceState = (...args) => { setForwardMs += 60; return write(...args); };
"""


def _run_of_moves_writes_the_address_at_most_every_quarter_second(own_offline_page, server, *scripts):
    """Press through a slider's whole range and back and forth, and check the address
    changes: at least one, fewer than the moves, at least a quarter second apart, ending at
    the last view, which a reload opens."""
    page = own_offline_page.page
    for script in scripts:
        page.add_init_script(script)
    page.add_init_script(COUNT_HISTORY)
    page = open_page(own_offline_page, server, "book/antagonism")
    wait_ready(page)
    explorer = page.locator(".nxc-explorer").first
    info = figure_info(explorer)
    control = info["controls"][0]
    steps = len(control["labels"]) - 1 - control["index"]
    assert steps >= 3, "the test needs a slider with room to move"
    explorer.locator("[data-nxc-axis]").first.focus()
    keys = ["ArrowRight"] * steps + ["ArrowLeft", "ArrowRight"] * 6
    started = page.evaluate("performance.now()")
    for key in keys:
        page.keyboard.press(key)
    elapsed_ms = page.evaluate("performance.now()") - started
    last = f"{control['name']}={quote(control['keys'][-1])}"
    wait_until(page, "want => location.hash.endsWith(want)", last)
    page.wait_for_timeout(600)
    times = page.evaluate("window.__nxcHistory")
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert 1 <= len(times) < len(keys), (
        f"{len(times)} address changes for {len(keys)} moves in {elapsed_ms:.0f} ms"
    )
    assert all(gap >= 240 for gap in gaps), (
        f"address changes {[round(g) for g in gaps]} ms apart (at least 250)"
    )
    page.reload(wait_until="load")
    wait_ready(page)
    assert current(page.locator(".nxc-explorer").first) == [len(control["labels"]) - 1], (
        "a reload lost the view"
    )
    assert not own_offline_page.errors, own_offline_page.errors


def test_a_run_of_moves_writes_the_address_at_most_every_quarter_second_and_ends_at_the_last_view(
    own_offline_page, server
):
    """A drag or a held key fires an input event per step; the address is written after the
    first and then at most every quarter second (Safari refuses more than 100 history
    changes in 10 s, and each change makes the browser fetch the page icon again), and it
    ends at the last view, which a reload opens."""
    _run_of_moves_writes_the_address_at_most_every_quarter_second(own_offline_page, server)


def test_the_address_keeps_its_quarter_second_when_the_wall_clock_is_set_forward(own_offline_page, server):
    """The gap between address changes is timed on the page's own clock: a wall clock set
    forward during a run (CI once saw changes 228 ms apart) does not bring a write early."""
    _run_of_moves_writes_the_address_at_most_every_quarter_second(
        own_offline_page, server, SET_THE_WALL_CLOCK_FORWARD
    )


def test_the_issue_link_opens_the_overcome_figure_at_a_monthly_injection_seven_days_on(offline_page, server):
    """Words may be shortened to one word of an option, numbers written plainly."""
    page = open_page(
        offline_page, server, "book/blockade-over-time", "#fig-overcome?regimen=injection&missed=7"
    )
    wait_ready(page)
    explorer = page.locator("#fig-overcome")
    info = figure_info(explorer)
    chosen = {c["name"]: c["labels"][c["index"]] for c in info["controls"]}
    assert chosen == {"regimen": "monthly injection", "missed": "7 days"}
    alt = expected_alt(info, [c["index"] for c in info["controls"]])
    wait_until(page, SHOWS, [explorer.element_handle(), alt])
    assert "7 days" in alt or "7 day" in alt or "injection" in alt
    assert not offline_page.errors


def test_an_old_link_to_a_moved_figure_opens_it_in_its_new_chapter_in_the_same_view(offline_page, server):
    """The overcome and regimen figures moved from pill-to-receptor to blockade-over-time
    (issue 27): a link written before the move still reaches the figure, in its view."""
    page = open_page(
        offline_page, server, "book/pill-to-receptor", "#fig-overcome?regimen=injection&missed=7"
    )
    page.wait_for_url("**/book/blockade-over-time.html#fig-overcome?regimen=injection&missed=7")
    wait_ready(page)
    info = figure_info(page.locator("#fig-overcome"))
    chosen = {c["name"]: c["labels"][c["index"]] for c in info["controls"]}
    assert chosen == {"regimen": "monthly injection", "missed": "7 days"}
    assert not offline_page.errors


def test_without_javascript_an_old_link_to_a_moved_figure_shows_where_it_went(pooled_tab, server):
    page = pooled_tab(**PHONE, java_script_enabled=False).page
    page.goto(f"{server}/book/pill-to-receptor.html#fig-overcome?regimen=injection&missed=7")
    link = page.locator(".admonition a[href^='blockade-over-time.html']").first
    assert link.is_visible(), "no visible link to the chapter the figure moved to"
    box = link.bounding_box()
    assert box["y"] < 3 * PHONE["viewport"]["height"], "the link to the moved figure is far down the page"


def _case_links() -> list[tuple[str, str, dict[str, str]]]:
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "tools"))
    import check_chapters

    return check_chapters.deep_links((ROOT / "book" / "cases.md").read_text())


@pytest.mark.parametrize("number", range(len(_case_links())))
def test_each_case_opens_its_figure_in_the_case_state(offline_page, server, number):
    """Following a case's link (issue 27) shows the chapter's figure with every control the
    link names set to its value, and the frame of that state."""
    target, fid, wanted = _case_links()[number]
    page = open_page(offline_page, server, "book/cases")
    link = page.locator(".nxc-case-figure a").nth(number)
    link.click()
    page.wait_for_url(f"**/book/{target}.html#{fid}?*")
    wait_ready(page)
    explorer = page.locator(f"#{fid}")
    info = figure_info(explorer)
    chosen = {c["name"]: c["keys"][c["index"]] for c in info["controls"]}
    assert {name: chosen[name] for name in wanted} == wanted
    wait_until(
        page, SHOWS, [explorer.element_handle(), expected_alt(info, [c["index"] for c in info["controls"]])]
    )
    in_view = explorer.evaluate(
        "b => { const r = b.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }"
    )
    assert in_view, "the figure the case opened is not on screen"
    assert not offline_page.errors, offline_page.errors


BAD_LINKS = [
    "#fig-no-such-figure?dose=50",
    "#{id}?{name}=99999",
    "#{id}?{name}=-1",
    "#{id}?{name}=1e9",
    "#{id}?{name}=NaN",
    "#{id}?no_such_control=1",
    "#{id}?{name}=%E0%A4%A",
    "#{id}?&&==;;?%%",
    "#%3Cscript%3Ealert(1)%3C/script%3E",
    "#{id}?{name}",
]


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_a_bad_link_leaves_every_figure_at_its_default(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    defaults = [figure_info(explorers.nth(i)) for i in range(explorers.count())]
    first = defaults[0]
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    for bad in BAD_LINKS:
        link = bad.format(id=first["id"], name=first["controls"][0]["name"])
        page = open_page(offline_page, server, page_path, link)
        wait_ready(page)
        for i, info in enumerate(defaults):
            explorer = page.locator(".nxc-explorer").nth(i)
            assert current(explorer) == [c["index"] for c in info["controls"]], (
                f"{page_path}: {link} moved {info['id']}"
            )
            assert frame(explorer)[1] == expected_alt(info, [c["index"] for c in info["controls"]])
    assert warnings, "a bad link is reported as a console warning"
    assert not offline_page.errors, f"{page_path}: bad links raised {offline_page.errors}"


def test_link_to_this_view_copies_the_link_or_shows_it(browser, server):
    page_path = pages_with_figures()[0]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    wait_ready(page)
    explorer = page.locator(".nxc-explorer").first
    info = figure_info(explorer)
    _focus(explorer, 0, info["controls"][0])
    page.keyboard.press(_step_keys(info["controls"][0]))
    indices = current(explorer)
    explorer.get_by_role("button", name="Link to this view").click()
    wait_until(
        page, "b => b.querySelector('.nxc-share-status').textContent !== ''", explorer.element_handle()
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"{server}/{page_path}.html#{info['id']}?"), copied
    assert explorer.locator(".nxc-share-link").input_value() == copied
    context.close()
    # where the clipboard is refused, the link is shown, selected, in a text field
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page = context.new_page()
    page.goto(copied, wait_until="load")
    wait_ready(page)
    explorer = page.locator(".nxc-explorer").first
    assert current(explorer) == indices, "the copied link opens the same view"
    explorer.get_by_role("button", name="Link to this view").click()
    field = explorer.locator(".nxc-share-link")
    assert field.is_visible() and field.input_value() == copied
    assert field.evaluate("f => f.selectionEnd - f.selectionStart") == len(copied)
    context.close()


# --------------------------------------------------------------------------- frames
def _frame_name(info: dict, indices: list[int], column: int) -> str:
    """The file (column 0-3: narrow 1x, narrow 2x, wide 1x, wide 2x) of the frame at ``indices``."""
    return info["spec"]["frames"][position(info, indices)][column]


def _frame_spec(explorer) -> dict:
    return json.loads(explorer.get_attribute("data-nxc-frames"))


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_a_phone_loads_only_the_first_narrow_frames_and_they_are_sharp(phone_page, server, page_path):
    page = open_page(phone_page, server, page_path)
    wait_ready(page)
    page.wait_for_timeout(300)
    explorers = page.locator(".nxc-explorer")
    specs = [_frame_spec(explorers.nth(i)) for i in range(explorers.count())]
    wide = {n for s in specs for f in s["frames"] for n in f[2:] if n}
    narrow_2x = {n for s in specs for f in s["frames"] for n in f[1:2] if n}
    at_load = set(
        page.evaluate(
            """() => {
        const end = performance.getEntriesByType('navigation')[0].loadEventStart;
        return performance.getEntriesByType('resource')
          .filter(e => e.name.includes('/_frames/') && e.startTime <= end)
          .map(e => e.name.split('/').pop());
      }"""
        )
    )
    fetched = {u.rsplit("/", 1)[1] for u in phone_page.requested if "/_frames/" in u}
    assert not fetched & wide, f"{page_path}: a phone downloaded desktop frames {sorted(fetched & wide)[:3]}"
    assert fetched <= narrow_2x, f"{page_path}: a scale-3 phone must get the 2x narrow frames"
    assert len(at_load) == explorers.count(), (
        f"{page_path}: {len(at_load)} frames fetched at load, not only the first"
    )
    for i in range(explorers.count()):
        img = explorers.nth(i).locator(".nxc-frame img")
        natural, shown, name = img.evaluate(
            "i => [i.naturalWidth, i.getBoundingClientRect().width, i.currentSrc.split('/').pop()]"
        )
        column = [n for f in specs[i]["frames"] for n in f].index(name) % 4
        pixels = natural * (2 if column % 2 else 1)  # naturalWidth is divided by the srcset density
        assert pixels / shown >= 1.9, f"{page_path}: {pixels / shown:.2f} image px per CSS px (needs about 2)"
    # a finger or a pointer on a control: every frame along it is fetched before it moves
    info = figure_info(explorers.first)
    first, indices = info["controls"][0], [c["index"] for c in info["controls"]]
    along = []
    for value in range(len(first["labels"])):
        moved = list(indices)
        moved[0] = value
        along.append(_frame_name(info, moved, column=1))
    explorers.first.locator("[data-nxc-axis]").first.dispatch_event("pointerdown")
    for _ in range(50):  # until the frames along the control have been asked for (at most 5 s)
        after = {u.rsplit("/", 1)[1] for u in phone_page.requested if "/_frames/" in u}
        if set(along) <= after:
            break
        page.wait_for_timeout(100)
    assert set(along) <= after, (
        f"{page_path}: frames along a control were not prefetched when a finger met it"
    )
    assert not after & wide, f"{page_path}: a phone prefetched desktop frames"


def test_a_figure_read_for_a_second_has_every_value_of_its_controls_ready_and_one_scrolled_past_not(
    own_phone_page, server
):
    """On a phone a tap can land anywhere on a slider: once a figure has stayed on screen for
    a second, every frame along each of its controls is fetched (so the tap finds it
    decoded); a figure the reader has not stopped at gets no more than its neighbours.

    The page's clock is the test's: on a loaded machine the "pass without stopping" step once
    took longer than the page's one-second dwell in real time, and the test failed by chance.
    Paused, the page's timers fire only when the test moves its time on."""
    phone_page = own_phone_page
    phone_page.page.clock.install()
    page = open_page(phone_page, server, "book/blockade-over-time")
    wait_ready(page)
    page.clock.pause_at(page.evaluate("Date.now()") + 50)
    explorers = page.locator(".nxc-explorer")
    assert explorers.count() >= 2, "the test needs a page with two figures"
    infos = [figure_info(explorers.nth(i)) for i in range(explorers.count())]
    passing, reading = explorers.count() - 2, explorers.count() - 1  # the last two figures

    def along(info: dict) -> set[str]:
        indices = [c["index"] for c in info["controls"]]
        names = set()
        for axis, control in enumerate(info["controls"]):
            for value in range(len(control["labels"])):
                moved = list(indices)
                moved[axis] = value
                names.add(_frame_name(info, moved, column=1))
        return names

    def fetched() -> set[str]:
        return {u.rsplit("/", 1)[1] for u in phone_page.requested if "/_frames/" in u}

    # pass the second last figure on the way to the last, without stopping: 200 ms of the
    # page's time on it (real time waits only let the page see each scroll)
    explorers.nth(passing).evaluate("b => b.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.clock.run_for(200)
    explorers.nth(reading).evaluate("b => b.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.clock.run_for(1200)  # the reading figure's dwell (one second) has passed
    page.clock.resume()
    wanted = along(infos[reading])
    for _ in range(60):
        if wanted <= fetched():
            break
        page.wait_for_timeout(100)
    missing = wanted - fetched()
    assert not missing, (
        f"{len(missing)} frames along the controls of a figure read for a second were not fetched"
    )
    passed = along(infos[passing]) & fetched()
    assert len(passed) < len(along(infos[passing])), "a figure scrolled past had every value fetched"
    assert not phone_page.errors, phone_page.errors


@pytest.mark.parametrize(("width", "layout"), [(360, "narrow"), (768, "wide")])
def test_figures_are_shown_at_least_as_wide_as_the_legibility_test_assumes(browser, server, width, layout):
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{server}/{pages_with_figures()[0]}.html", wait_until="load")
    img = page.locator(".nxc-explorer .nxc-frame img").first
    img.wait_for()
    shown = img.evaluate("i => i.getBoundingClientRect().width")
    spec = json.loads(page.locator(".nxc-explorer").first.get_attribute("data-nxc-frames"))
    shown_file = img.evaluate("i => i.currentSrc").rsplit("/", 1)[1]
    column = [n for f in spec["frames"] for n in f].index(shown_file) % 4
    assert (column < 2) == (layout == "narrow"), f"at {width} px the {layout} frames must be shown"
    natural_css = img.evaluate("i => i.naturalWidth") / (1 + column % 2)
    expected = min(SHOWN_WIDTH_PX[layout], natural_css)
    assert shown >= expected - 1, (
        f"at {width} px the figure is {shown:.0f} px wide, the test assumes {expected}"
    )
    context.close()


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_figure_shows_with_javascript_off_and_no_control_pretends(pooled_tab, server, page_path):
    page = pooled_tab(**PHONE, java_script_enabled=False).page
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    explorers = page.locator(".nxc-explorer")
    assert explorers.count() >= 1
    for i in range(explorers.count()):
        img = explorers.nth(i).locator("img:visible")
        assert img.count() == 1, f"{page_path}: figure {i + 1} shows no image without JavaScript"
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), (
            f"{page_path}: figure {i + 1} did not load"
        )
        assert len(img.get_attribute("alt")) > 20
        caption = explorers.nth(i).locator("figcaption:visible")
        assert caption.count() <= 1, f"{page_path}: figure {i + 1} has more than one caption"
        if caption.count():  # the caption says what to try, never the alt text again
            assert caption.inner_text().strip() != img.get_attribute("alt").strip()
        # issue 29: a control that moves and changes nothing pretends (the slider said 80% over
        # the 60% frame): without JavaScript the controls are hidden and the page says why once
        # (tests/test_figure_pages.py); with it they work before the page has loaded (above)
        controls = explorers.nth(i).locator("[data-nxc-axis]")
        assert controls.count() >= 1 and not controls.first.is_visible(), (
            f"{page_path}: figure {i + 1} shows controls that cannot change it without JavaScript"
        )


SHIFT_WATCH = """
window.__nxcHeights = [];
document.addEventListener('readystatechange', () => {
  if (document.readyState !== 'interactive') return;
  const boxes = [...document.querySelectorAll('.nxc-explorer')];
  window.__nxcHeights = boxes.map(b => b.getBoundingClientRect().height);
}, {once: true});
"""


@pytest.mark.parametrize("page_path", pages_drawing_figures())
def test_the_figure_does_not_move_when_its_script_starts(pooled_tab, server, page_path):
    page = pooled_tab(**PHONE, init_script=SHIFT_WATCH).page
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    wait_ready(page)
    before = page.evaluate("window.__nxcHeights")
    after = page.evaluate(
        "[...document.querySelectorAll('.nxc-explorer')].map(b => b.getBoundingClientRect().height)"
    )
    assert before and len(before) == len(after)
    for i, (b, a) in enumerate(zip(before, after)):
        assert abs(a - b) <= 1, (
            f"{page_path}: figure {i + 1} was {b:.0f} px tall before its script, {a:.0f} px after"
        )


@pytest.mark.parametrize("page_path", pages_with_still_figures())
def test_a_still_figure_is_set_up_with_nothing_to_move_and_follows_the_chosen_theme(
    offline_page, server, page_path
):
    """A still figure (explore with no controls: the figure-style page's palette sheet) is set
    up by the figure script as every figure is, offers nothing to move, pin or link, and shows
    its dark frame when the reader picks the dark theme on a light system (the <picture> alone
    follows the system)."""
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    box = page.locator(".nxc-explorer").first
    assert box.locator("[data-nxc-axis], .nxc-share, .nxc-pin").count() == 0
    img = "document.querySelector('.nxc-explorer .nxc-frame img')"
    assert page.evaluate(f"{img}.currentSrc") and "data:" not in page.evaluate(f"{img}.currentSrc")
    light = page.evaluate(f"{img}.currentSrc")
    page.evaluate("document.documentElement.setAttribute('data-theme', 'dark')")
    wait_until(page, f"() => {img}.getAttribute('data-nxc-theme') === 'dark' && {img}.complete")
    dark = page.evaluate(f"{img}.currentSrc")
    assert dark != light, "the dark theme kept the light frame"
    page.evaluate("document.documentElement.setAttribute('data-theme', 'light')")
    wait_until(page, f"() => {img}.getAttribute('data-nxc-theme') === 'light'")
    assert not offline_page.errors, offline_page.errors
