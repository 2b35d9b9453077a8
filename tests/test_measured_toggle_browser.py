"""The measurements toggle in Debian's Chromium, on the built book (issue 30, item 3).

On the single-tablet figure: the checkbox "Measurements in people" is ticked as the page
opens; unticking it shows the frame without the measurements (another file, another alt text)
and the data table and the view's CSV lose the measured rows; ticking it brings them back,
each named with its status and the ends of its error bars. The view, toggle included, is kept
in the address and a link reopens it. A figure-state question gives the same answer with the
measurements shown or hidden. With JavaScript off the default frame (measurements shown) is
there and the checkbox, like every control, is not shown."""

from __future__ import annotations

import csv
import io
import json
import urllib.request

import pytest
from test_browser import current, expected_alt, figure_info, open_page, wait_ready, wait_until

pytestmark = pytest.mark.browser

PAGE = "book/pill-to-receptor"
FIG = "#fig-single-tablet"
SHOWS = "([box, alt]) => box.querySelector('.nxc-frame img').alt === alt"
STATUS = ("(measured, fitted)", "(measured, out of sample)")


def _rows(page, box) -> list[dict]:
    href = box.locator(".nxc-csv-view").get_attribute("href")
    url = page.url.split("#")[0].rsplit("/", 1)[0] + "/" + href
    with urllib.request.urlopen(url) as response:
        return list(csv.DictReader(io.StringIO(response.read().decode())))


def _measured(rows: list[dict]) -> list[dict]:
    return [r for r in rows if any(s in r["series"] for s in STATUS)]


def _toggle_index(info: dict) -> int:
    (n,) = [i for i, c in enumerate(info["controls"]) if c["kind"] == "toggle"]
    return n


def test_the_checkbox_shows_and_hides_the_measurements_frame_table_and_csv(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    box = page.locator(FIG)
    box.scroll_into_view_if_needed()
    checkbox = box.get_by_role("checkbox", name="Measurements in people")
    assert checkbox.count() == 1 and checkbox.is_checked(), "ticked as the page opens"
    info = figure_info(box)
    shown_src = box.locator(".nxc-frame img").evaluate("i => i.currentSrc || i.src")
    assert "Measured in people" in box.locator(".nxc-frame img").get_attribute("alt")
    on_rows = _rows(page, box)
    measured = _measured(on_rows)
    assert measured and any(r["series"].endswith("(error bar)") for r in measured), "with their spread"
    assert {r["measured"] for r in on_rows} == {"1"}
    box.locator(".nxc-table > summary").click()

    checkbox.click()
    hidden = expected_alt(info, current(box))
    assert "hidden" in hidden
    wait_until(page, SHOWS, [box.element_handle(), hidden])
    assert box.locator(".nxc-frame img").evaluate("i => i.currentSrc || i.src") != shown_src
    off_rows = _rows(page, box)
    assert not _measured(off_rows), "the view's CSV has no measured rows with the toggle off"
    assert [{k: v for k, v in r.items() if k != "measured"} for r in off_rows] == [
        {k: v for k, v in r.items() if k != "measured"} for r in on_rows if r not in measured
    ], "the model's numbers are the same either way"
    frame = info["spec"]["data"].index(box.locator(".nxc-csv-view").get_attribute("href").rsplit("/", 1)[-1])
    wait_until(
        page,
        "([b, f]) => (b.querySelector('.nxc-table-body') || {}).dataset?.nxcFrame === String(f)",
        [box.element_handle(), frame],
    )
    table = box.locator(".nxc-data-table tbody tr").all_inner_texts()
    assert table and not [t for t in table if any(s in t for s in STATUS)], "the table follows"

    checkbox.press("Space")  # by keyboard, back on
    assert checkbox.is_checked()
    wait_until(page, SHOWS, [box.element_handle(), expected_alt(info, current(box))])
    assert _measured(_rows(page, box)), "ticked again: the measured rows are back"
    wait_until(
        page,
        "b => [...b.querySelectorAll('.nxc-data-table tbody tr')]"
        ".some(r => r.textContent.includes('(measured, fitted)'))",
        box.element_handle(),
    )
    assert not offline_page.errors, offline_page.errors


def test_a_link_reopens_the_view_with_the_toggle_as_it_was(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    box = page.locator(FIG)
    checkbox = box.get_by_role("checkbox", name="Measurements in people")
    checkbox.click()
    wait_until(page, "() => location.hash.includes('measured=off')")
    link = page.evaluate("location.hash")
    page = open_page(offline_page, server, PAGE, "#fig-single-tablet?dose_mg=5&measured=on")
    wait_ready(page)
    box = page.locator(FIG)
    info = figure_info(box)
    assert box.get_by_role("checkbox", name="Measurements in people").is_checked()
    wait_until(page, SHOWS, [box.element_handle(), expected_alt(info, current(box))])
    assert "5 mg" in box.locator(".nxc-frame img").get_attribute("alt")
    assert "Measured in people" in box.locator(".nxc-frame img").get_attribute("alt")
    page = open_page(offline_page, server, PAGE, link)
    wait_ready(page)
    box = page.locator(FIG)
    assert not box.get_by_role("checkbox", name="Measurements in people").is_checked(), link
    wait_until(page, SHOWS, [box.element_handle(), expected_alt(figure_info(box), current(box))])
    assert "hidden" in box.locator(".nxc-frame img").get_attribute("alt")


def test_a_figure_state_answer_does_not_depend_on_the_toggle(offline_page, server):
    page = open_page(offline_page, server, "book/immune")
    wait_ready(page)
    question = page.locator(".nxq[data-kind=state][data-figure='fig-target-engagement']").first
    box = page.locator("#fig-target-engagement")
    info = figure_info(box)
    answers = json.loads(question.get_attribute("data-answers"))
    toggle = _toggle_index(info)
    slider = box.locator("input[type=range]")
    right = next(i for i in range(len(info["alts"])) if i in answers)
    dose = right // 2  # frames: each dose with the measurements hidden, then shown
    slider.evaluate(
        "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", dose
    )
    for _ in range(2):
        question.evaluate("q => { q.querySelector('.nxq-feedback').textContent = ''; }")
        question.get_by_role("button", name="Check answer").click()
        wait_until(
            page,
            "q => q.querySelector('.nxq-feedback').textContent.startsWith('Right')",
            question.element_handle(),
        )
        box.locator("[data-nxc-axis]").nth(toggle).click()  # the other state: still right
    assert not offline_page.errors, offline_page.errors


def test_with_javascript_off_the_default_frame_shows_the_measurements_and_no_checkbox(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{server}/{PAGE}.html", wait_until="load")
        box = page.locator(FIG)
        assert "Measured in people" in box.locator(".nxc-frame img").get_attribute("alt")
        checkbox = box.locator("input[type=checkbox]")
        assert checkbox.count() == 1 and not checkbox.is_visible(), "a control that changes nothing is hidden"
        assert page.locator(".nxc-noscript").first.is_visible()
    finally:
        context.close()
