"""Debian's Chromium against the built book on 127.0.0.1, with every other request aborted.

Desktop (1280 px) and a learner's phone (390 x 844 CSS px, scale 3, touch): every page
works under its Content-Security-Policy; every slider moves by keyboard, tap and drag;
each figure is plain HTML before any script (and with JavaScript off), the widget takes
its place without moving the page, a phone fetches only the narrow frames, sharp."""

from __future__ import annotations

import json

import pytest
from test_accessibility import SHOWN_WIDTH_PX

from conftest import PHONE, pages_with_figures, toc_files

pytestmark = pytest.mark.browser


def open_page(offline_page, server, page_path):
    page = offline_page.page
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    return page


@pytest.mark.parametrize("page_path", toc_files())
def test_page_loads_offline_without_errors(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    page.wait_for_timeout(500)
    assert page.locator("article h1").first.is_visible(), f"{page_path}: the chapter title is not shown"
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert policy.count() == 1, f"{page_path}: no Content-Security-Policy meta tag"
    assert "default-src 'self'" in policy.get_attribute("content")
    if page_path in pages_with_figures():
        page.wait_for_selector(".nxc-explorer.nxc-ready", timeout=30_000)  # the widgets still work
    assert not offline_page.csp_violations(), f"{page_path}: CSP violations {offline_page.csp_violations()}"
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"
    assert not offline_page.blocked, f"{page_path} asked another origin for {offline_page.blocked}"


def wait_ready(page):
    # any control kind (sliders, toggle buttons, drop-downs: explorer.CONTROL_KINDS)
    controls = ", ".join(
        f".nxc-explorer {c}" for c in ("[role='slider']", ".widget-toggle-buttons button", "select")
    )
    page.wait_for_selector(controls, timeout=30_000)
    page.wait_for_function(
        "[...document.querySelectorAll('.nxc-explorer')].every(b => b.classList.contains('nxc-ready'))",
        timeout=30_000,
    )


def visible_frame(explorer):
    image = explorer.locator("img:visible")
    assert image.count() == 1, "exactly one frame of a figure must be visible"
    return image.get_attribute("src"), image.get_attribute("alt")


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_control_changes_its_figure_by_keyboard(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    explorers = page.locator(".nxc-explorer")
    assert explorers.count() >= 1
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        explorer.scroll_into_view_if_needed()
        handles = explorer.locator("[role='slider']")
        assert handles.count() >= 1, f"{page_path}: figure {e + 1} has no slider"
        for h in range(handles.count()):
            handle = handles.nth(h)
            readout = explorer.locator(".widget-readout").nth(h)
            label = handle.get_attribute("aria-label")
            assert label, f"{page_path}: slider {h + 1} of figure {e + 1} has no accessible name"
            before_frame, before_alt = visible_frame(explorer)
            before_readout = readout.inner_text()
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            handle.focus()
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            page.wait_for_function(
                "([el, old]) => el.innerText !== old", arg=[readout.element_handle(), before_readout]
            )
            after_frame, after_alt = visible_frame(explorer)
            where = f"{page_path}, figure {e + 1}, slider '{label}'"
            assert readout.inner_text() != before_readout, f"{where}: readout did not change"
            assert after_frame != before_frame, f"{where}: the image did not change"
            assert after_alt != before_alt, f"{where}: the alt text did not change"
            assert handle.get_attribute("aria-valuetext") == readout.inner_text(), (
                f"{where}: the spoken value does not match the readout"
            )
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"
    assert not offline_page.blocked, f"{page_path} asked another origin for {offline_page.blocked}"


# --------------------------------------------------------------------------- phone
def _shown_value(handle) -> str:
    return handle.get_attribute("aria-valuenow")


def _touch(page, cdp, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_slider_works_by_tap_drag_and_keyboard_on_a_phone(phone_page, server, page_path):
    page = open_page(phone_page, server, page_path)
    wait_ready(page)
    cdp = page.context.new_cdp_session(page)
    explorers = page.locator(".nxc-explorer")
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        sliders = explorer.locator(".widget-slider")
        for s in range(sliders.count()):
            slider = sliders.nth(s)
            slider.scroll_into_view_if_needed()
            handle = slider.locator("[role='slider']")
            label = slider.locator(".widget-label")
            track = slider.locator(".slider-container")
            where = f"{page_path}, figure {e + 1}, slider '{handle.get_attribute('aria-label')}'"
            hb, tb, lb = handle.bounding_box(), track.bounding_box(), label.bounding_box()
            assert hb["width"] >= 24 and hb["height"] >= 24, f"{where}: touch target {hb} is under 24 x 24 px"
            steps = int(float(handle.get_attribute("aria-valuemax"))) + 1
            assert tb["width"] >= max(160, 24 * steps), (
                f"{where}: the track is only {tb['width']:.0f} px wide for {steps} values"
            )
            assert lb["y"] + lb["height"] <= tb["y"] + 4, f"{where}: the label is not above the track"
            low, high = handle.get_attribute("aria-valuemin"), handle.get_attribute("aria-valuemax")
            y = tb["y"] + tb["height"] / 2
            # tap near the right end of the track
            before_frame, before_value = visible_frame(explorer), _shown_value(handle)
            page.touchscreen.tap(tb["x"] + tb["width"] - 3, y)
            page.wait_for_function(
                "([h, v]) => h.getAttribute('aria-valuenow') === v", arg=[handle.element_handle(), high]
            )
            if before_value != high:
                assert visible_frame(explorer) != before_frame, f"{where}: a tap did not change the image"
            page.wait_for_timeout(400)  # the handle's move animation
            # drag the handle from the right end to the left end
            hb = handle.bounding_box()
            start_x, end_x = hb["x"] + hb["width"] / 2, tb["x"] + 1
            _touch(page, cdp, "touchStart", start_x, hb["y"] + hb["height"] / 2)
            for i in range(1, 11):
                _touch(
                    page, cdp, "touchMove", start_x + (end_x - start_x) * i / 10, hb["y"] + hb["height"] / 2
                )
                page.wait_for_timeout(20)
            _touch(page, cdp, "touchEnd", end_x, y)
            page.wait_for_function(
                "([h, v]) => h.getAttribute('aria-valuenow') === v", arg=[handle.element_handle(), low]
            )
            frame_at_low = visible_frame(explorer)
            # and one step by keyboard
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "([h, v]) => h.getAttribute('aria-valuenow') !== v", arg=[handle.element_handle(), low]
            )
            assert visible_frame(explorer) != frame_at_low, f"{where}: the image did not change by keyboard"
    assert not phone_page.errors, f"{page_path}: {phone_page.errors}"
    assert not phone_page.csp_violations(), f"{page_path}: {phone_page.csp_violations()}"


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
    fetched = {u.rsplit("/", 1)[1] for u in phone_page.requested if "/_frames/" in u}
    assert not fetched & wide, f"{page_path}: a phone downloaded desktop frames {sorted(fetched & wide)[:3]}"
    assert fetched <= narrow_2x, f"{page_path}: a scale-3 phone must get the 2x narrow frames"
    assert len(fetched) == explorers.count(), (
        f"{page_path}: {len(fetched)} frames fetched at load, not only the first"
    )
    for i in range(explorers.count()):
        img = explorers.nth(i).locator("img:visible")
        natural, shown, name = img.evaluate(
            "i => [i.naturalWidth, i.getBoundingClientRect().width, i.currentSrc.split('/').pop()]"
        )
        column = [n for f in specs[i]["frames"] for n in f].index(name) % 4
        pixels = natural * (2 if column % 2 else 1)  # naturalWidth is divided by the srcset density
        assert pixels / shown >= 1.9, f"{page_path}: {pixels / shown:.2f} image px per CSS px (needs about 2)"
    # focus a slider: the frames next to its value are fetched before any key press
    handle = explorers.first.locator("[role='slider']").first
    handle.focus()
    page.wait_for_timeout(500)
    assert len({u for u in phone_page.requested if "/_frames/" in u}) > len(fetched), (
        f"{page_path}: no neighbouring frame was prefetched when a slider got focus"
    )


@pytest.mark.parametrize(("width", "layout"), [(360, "narrow"), (768, "wide")])
def test_figures_are_shown_at_least_as_wide_as_the_legibility_test_assumes(browser, server, width, layout):
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{server}/{pages_with_figures()[0]}.html", wait_until="load")
    img = page.locator(".nxc-explorer img:visible").first
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
def test_every_figure_shows_with_javascript_off(browser, server, page_path):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
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
    context.close()


SHIFT_WATCH = """
window.__nxcHeights = [];
document.addEventListener('DOMContentLoaded', () => {
  const boxes = [...document.querySelectorAll('.nxc-explorer')];
  window.__nxcHeights = boxes.map(b => b.getBoundingClientRect().height);
});
"""


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_the_widget_takes_the_static_figure_place_without_a_jump(browser, server, page_path):
    context = browser.new_context(**PHONE)
    context.add_init_script(SHIFT_WATCH)
    page = context.new_page()
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    wait_ready(page)
    before = page.evaluate("window.__nxcHeights")
    after = page.evaluate(
        "[...document.querySelectorAll('.nxc-explorer')].map(b => b.getBoundingClientRect().height)"
    )
    assert before and len(before) == len(after)
    for i, (b, a) in enumerate(zip(before, after)):
        assert abs(a - b) <= 1, (
            f"{page_path}: figure {i + 1} was {b:.0f} px tall as plain HTML, {a:.0f} px as a widget"
        )
    context.close()
