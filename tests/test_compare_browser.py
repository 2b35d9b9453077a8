"""Compare, data tables and figure-state self-checks in Debian's Chromium (nxc_explorer).

Pin a view, move on, see both frames labelled with their settings and a readout of what
differs; the address holds both views and reopens them; unpin returns to one view; all by
keyboard, with accessible names and a live region; on a phone one view at a time (a flip
button) within one screen. The data table of the shown view follows the controls and is the
view's CSV; nothing of it is fetched at load. A figure-state question says right for a right
view and, for a wrong one, what that view shows. With JavaScript off, no pin works."""

from __future__ import annotations

import csv
import io
import re
import sys
import urllib.request

import pytest
from test_browser import current, expected_alt, figure_info, open_page, position, wait_ready, wait_until

from conftest import ROOT

pytestmark = pytest.mark.browser

PAGE = "book/antagonism"
TWO = "#fig-competitive-antagonism"  # two controls: naltrexone and morphine
ONE = "#fig-receptor-occupancy"  # one slider: free naltrexone
PINNED_ALT = "b => (b.querySelector('.nxc-pinned img') || {}).alt || ''"
SHOWN_ALT = "b => b.querySelector('.nxc-frame img').alt"


def _step(page, box, n: int = 0, key: str = "ArrowRight") -> None:
    """Move the figure's n-th control one option on, by keyboard."""
    control = box.locator("[data-nxc-axis]").nth(n)
    target = control.locator("input:checked") if control.evaluate("c => c.tagName") == "FIELDSET" else control
    target.focus()
    page.keyboard.press(key)


def _pin_and_move(page, box) -> tuple[str, str]:
    info = figure_info(box)
    pinned = expected_alt(info, current(box))
    pin = box.get_by_role("button", name="Pin this view")
    pin.focus()
    page.keyboard.press("Enter")
    wait_until(page, f"b => ({PINNED_ALT})(b) !== ''", box.element_handle())
    assert box.evaluate(PINNED_ALT) == pinned, "the pinned view is the view shown when pinned"
    _step(page, box, 0)
    moved = expected_alt(figure_info(box), current(box))
    assert moved != pinned
    wait_until(page, f"([b, alt]) => ({SHOWN_ALT})(b) === alt", [box.element_handle(), moved])
    return pinned, moved


def test_pin_keeps_the_view_beside_the_current_one_with_a_readout_of_what_differs(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    box = page.locator(TWO)
    box.scroll_into_view_if_needed()
    pinned, moved = _pin_and_move(page, box)
    assert box.evaluate(PINNED_ALT) == pinned, "moving the controls leaves the pinned view as it was"
    assert box.get_by_role("button", name="Pin this view").get_attribute("aria-pressed") == "true"
    left = box.locator(".nxc-pinned img").bounding_box()
    right = box.locator(".nxc-frame img").bounding_box()
    assert left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 40, "side by side"
    labels = box.locator(".nxc-view-label").all_inner_texts()
    info = figure_info(box)
    now = [c["labels"][c["index"]] for c in info["controls"]]
    assert labels[0].startswith("Pinned: ") and labels[1].startswith("Now: ")
    assert all(label in labels[1] for label in now), "the current view is labelled with its settings"
    readout = box.locator(".nxc-readout-compare")
    assert readout.get_attribute("role") == "status", "the readout is a live region"
    text = readout.inner_text()
    assert text.startswith("Pinned ") and info["controls"][0]["labels"][info["controls"][0]["index"]] in text
    differing = [c for c in re.split(r"[.;] ", moved) if c and c not in pinned]
    assert any(clause.rstrip(".") in text for clause in differing), (text, differing)
    assert box.get_by_role("figure", name=re.compile("^Pinned: ")).count() == 1, "the pinned view is named"
    assert not offline_page.errors, offline_page.errors


def test_the_address_holds_both_views_and_a_link_reopens_the_comparison(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    box = page.locator(TWO)
    pinned, moved = _pin_and_move(page, box)
    # the address is written at most every 250 ms: wait for the write that holds both views
    wait_until(
        page,
        "b => location.hash.includes('pin.') && location.hash.slice(1) === nxcExplorer.figureOf(b).view()",
        box.element_handle(),
    )
    link = page.url
    assert "fig-competitive-antagonism?" in link
    page.goto(f"{server}/404-blank-for-test")
    page.goto(link, wait_until="load")
    wait_ready(page)
    box = page.locator(TWO)
    wait_until(page, f"b => ({PINNED_ALT})(b) !== ''", box.element_handle())
    assert box.evaluate(PINNED_ALT) == pinned and box.evaluate(SHOWN_ALT) == moved


def test_unpin_returns_to_one_view_and_says_so(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    box = page.locator(TWO)
    _, moved = _pin_and_move(page, box)
    unpin = box.get_by_role("button", name=re.compile("^Unpin the view "))
    unpin.focus()
    page.keyboard.press("Space")
    wait_until(page, "b => !b.querySelector('.nxc-pinned')", box.element_handle())
    assert box.locator(".nxc-frame img").count() == 1 and box.evaluate(SHOWN_ALT) == moved
    assert box.locator(".nxc-readout-compare").count() == 0
    pin = box.get_by_role("button", name="Pin this view")
    assert pin.get_attribute("aria-pressed") == "false"
    assert pin.evaluate("b => b === document.activeElement"), "focus returns to the pin button"
    assert "one view" in box.locator(".nxc-share-status").inner_text()
    wait_until(page, "() => !location.hash.includes('pin.')")


def test_on_a_phone_one_view_at_a_time_within_one_screen(phone_page, server):
    page = open_page(phone_page, server, PAGE)
    wait_ready(page)
    box = page.locator(TWO)
    box.scroll_into_view_if_needed()
    _pin_and_move(page, box)
    pinned, shown = box.locator(".nxc-pinned"), box.locator(".nxc-now")
    assert shown.is_visible() and not pinned.is_visible()
    flip = box.get_by_role("button", name="Show the pinned view")
    flip.click()
    wait_until(page, "b => b.querySelector('.nxc-pair').dataset.show === 'pinned'", box.element_handle())
    assert pinned.is_visible() and not shown.is_visible()
    height = box.locator(".nxc-pair").bounding_box()["height"]
    assert height < page.viewport_size["height"], f"the compared figure is {height} px tall"
    assert box.get_by_role("button", name="Show the current view").count() == 1


def _italian_word(key: str, **values: str) -> str:
    """The Italian catalogue's words for the figure script's ``key`` (nxc_explorer.SCRIPT_WORDS)."""
    sys.path.insert(0, str(ROOT / "tools"))
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import edition_figures

    from naltrexone_course.figures.translate import message_id
    from nxc_explorer.explorer import SCRIPT_WORDS

    catalogue = edition_figures.load(edition_figures.catalogue_path(ROOT / "locales", "it", "controls"))
    italian = catalogue.get(message_id(SCRIPT_WORDS[key])[0]) or ""
    assert italian, f"controls.po has no Italian for the figure script's {SCRIPT_WORDS[key]!r}"
    return italian.format().format(**values)


def test_the_italian_edition_compares_in_italian(phone_page, server):
    """Compare mode's own words (the views' labels, the flip and unpin buttons, the live
    messages) come from the Italian catalogue, as the figure's other words do."""
    page = open_page(phone_page, server, f"it/{PAGE}")
    wait_ready(page)
    box = page.locator(TWO)
    box.scroll_into_view_if_needed()
    pin = box.get_by_role("button", name="Fissa questa vista")
    pin.focus()
    page.keyboard.press("Enter")
    wait_until(page, f"b => ({PINNED_ALT})(b) !== ''", box.element_handle())
    status = box.locator(".nxc-share-status")
    assert status.inner_text().startswith(_italian_word("pinned-status", settings="").split(".")[0].strip())
    _step(page, box, 0)
    labels = box.locator(".nxc-view-label").all_inner_texts()
    assert labels[0].startswith(_italian_word("pinned", settings="")), labels
    assert labels[1].startswith(_italian_word("now", settings="")), labels
    flip = box.get_by_role("button", name=_italian_word("show-pinned"))
    flip.click()
    wait_until(page, "b => b.querySelector('.nxc-pair').dataset.show === 'pinned'", box.element_handle())
    assert box.locator(".nxc-flip").inner_text() == _italian_word("show-current")
    assert status.inner_text() == _italian_word("showing-pinned")
    unpin = box.get_by_role(
        "button", name=re.compile("^" + re.escape(_italian_word("unpin-view", settings="")))
    )
    assert unpin.inner_text() == _italian_word("unpin")
    unpin.click()
    wait_until(page, "b => !b.querySelector('.nxc-pinned')", box.element_handle())
    assert status.inner_text() == _italian_word("unpinned")
    assert not phone_page.errors, phone_page.errors


def _csv_rows(server: str, url: str) -> list[dict]:
    with urllib.request.urlopen(url) as response:
        return list(csv.DictReader(io.StringIO(response.read().decode())))


def test_the_data_table_is_the_shown_views_csv_and_follows_the_control(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    box = page.locator(ONE)
    assert not any(u.endswith(".csv") for u in offline_page.requested), "no data file is fetched at load"
    box.locator(".nxc-table > summary").click()
    for step in range(3):
        if step:
            _step(page, box, 0, "ArrowLeft")
        info = figure_info(box)
        spec, frame = info["spec"], info["controls"][0]["index"]  # one slider: its index is the frame
        wait_until(
            page,
            "([b, f]) => (b.querySelector('.nxc-table-body') || {}).dataset?.nxcFrame === String(f)",
            [box.element_handle(), frame],
        )
        href = box.locator(".nxc-csv-view").get_attribute("href")
        assert href.endswith(spec["data"][frame]), "the CSV link names the shown view's file"
        rows = _csv_rows(server, page.url.split("#")[0].rsplit("/", 1)[0] + "/" + href)
        cells = box.locator(".nxc-data-table tbody tr").evaluate_all(
            "rows => rows.map(r => [...r.children].map(c => c.textContent))"
        )
        assert cells, "the table has rows"
        by_series = {}
        for row in rows:
            by_series.setdefault(row["series"], []).append((row["x"], row["y"]))
        for series, x, y in cells:
            assert (x, y) in by_series[series], f"{series} {x} {y} is not in the view's CSV"
        caption = box.locator(".nxc-data-table caption").first.inner_text()
        assert info["controls"][0]["labels"][frame] in caption, "the table says which view it is"


def test_a_figure_state_question_says_right_or_what_the_view_shows(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    question = page.locator(".nxq[data-kind=state]").first
    box = page.locator(ONE)
    info = figure_info(box)
    answers = [int(a) for a in re.findall(r"\d+", question.get_attribute("data-answers"))]
    slider = box.locator("input[type=range]")
    wrong = next(i for i in range(len(info["alts"])) if i not in answers)
    slider.evaluate(
        "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", wrong
    )
    question.get_by_role("button", name="Check answer").click()
    feedback = question.locator(".nxq-feedback")
    wait_until(
        page,
        "q => q.querySelector('.nxq-feedback').textContent.includes('Not this view')",
        question.element_handle(),
    )
    assert info["alts"][wrong] in feedback.inner_text(), "the wrong view's own numbers are named"
    assert feedback.get_attribute("role") == "status"
    slider.evaluate(
        "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", answers[0]
    )
    question.get_by_role("button", name="Check answer").click()
    wait_until(
        page,
        "q => q.querySelector('.nxq-feedback').textContent.startsWith('Right')",
        question.element_handle(),
    )
    assert "Right: " in feedback.inner_text()


def _set_view(page, box, indices: list[int]) -> None:
    """Set the figure's controls to ``indices`` (by axis) as a reader would: press the option's
    button, pick it from the list, or drag the slider there (its value, with an input event)."""
    info = figure_info(box)
    for n, control in enumerate(info["controls"]):
        target = indices[control["axis"]]
        if control["index"] == target:
            continue
        element = box.locator("[data-nxc-axis]").nth(n)
        element.scroll_into_view_if_needed()
        if control["kind"] == "buttons":
            element.locator(".nxc-option").nth(target).click()
        elif control["kind"] == "select":
            element.select_option(str(target))
        else:
            element.evaluate(
                "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }",
                target,
            )
    alt = expected_alt(info, indices)
    wait_until(page, f"([b, alt]) => ({SHOWN_ALT})(b) === alt", [box.element_handle(), alt])


def _indices(info: dict, frame: int) -> list[int]:
    """The control indices (by axis) of the figure's ``frame`` (the last axis varies fastest)."""
    shape = [0] * len(info["controls"])
    for c in info["controls"]:
        shape[c["axis"]] = len(c["labels"])
    out = [0] * len(shape)
    for axis in reversed(range(len(shape))):
        frame, out[axis] = divmod(frame, shape[axis])
    return out


@pytest.mark.parametrize(
    "page_path, figure", [("book/blockade-over-time", "fig-overcome"), ("book/model-fit", "fig-residuals")]
)
def test_the_blockade_and_fit_state_questions_pass_a_right_view_and_describe_a_wrong_one(
    offline_page, server, page_path, figure
):
    """Every wrong view the learner may choose gets that view's own description; the right
    view (computed from the models at build time) is right, with the page's explanation."""
    page = open_page(offline_page, server, page_path)
    wait_ready(page)
    question = page.locator(f".nxq[data-kind=state][data-figure={figure}]")
    assert question.count() == 1, f"{page_path}: one figure-state question about {figure}"
    box = page.locator(f"#{figure}")
    info = figure_info(box)
    answers = [int(a) for a in re.findall(r"\d+", question.get_attribute("data-answers"))]
    feedback = question.locator(".nxq-feedback")
    check = question.get_by_role("button", name="Check answer")
    default = position(info, current(box))
    assert default not in answers, "the figure does not open at a right view"
    wrongs = [default] + [i for i in range(len(info["alts"])) if i not in answers and i != default][-1:]
    for wrong in wrongs:
        _set_view(page, box, _indices(info, wrong))
        check.click()
        wait_until(page, "q => q.classList.contains('nxq-wrong')", question.element_handle())
        said = " ".join(feedback.inner_text().split())
        assert said.startswith("Not this view"), said
        assert " ".join(info["alts"][wrong].split()) in said, "the wrong view's own numbers are named"
        hint = " ".join(question.locator('.nxq-explain[data-when="wrong"]').text_content().split())
        assert hint and hint in said, "the question's advice for a wrong view follows"
    _set_view(page, box, _indices(info, answers[0]))
    check.click()
    wait_until(page, "q => q.classList.contains('nxq-right')", question.element_handle())
    said = " ".join(feedback.inner_text().split())
    assert said.startswith("Right: "), said
    assert "not protection" in said, "the right answer's explanation keeps the page's safety wording"
    assert feedback.get_attribute("role") == "status"
    assert not offline_page.errors, offline_page.errors


def test_with_javascript_off_no_pin_pretends_to_work(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}/{PAGE}.html", wait_until="load")
        pins = page.locator(".nxc-pin")
        assert pins.count() >= 1
        for i in range(pins.count()):
            assert pins.nth(i).is_disabled() or not pins.nth(i).is_visible()
        assert page.locator(".nxq[data-kind=state] .nxq-check").first.is_disabled()
        assert page.locator(".nxc-csv-view").first.get_attribute("href").endswith(".csv"), (
            "the CSV links work"
        )
    finally:
        context.close()


def test_the_figure_scripts_are_lean():
    import gzip

    main = (ROOT / "_build" / "html" / "_static" / "nxc-explorer.js").read_bytes()
    more = (ROOT / "_build" / "html" / "_static" / "nxc-explorer-more.js").read_bytes()
    assert "NXC_MORE_VERSION" not in main.decode(), "the second script's version is written in"
    assert len(gzip.compress(main)) < 6_000 and len(gzip.compress(more)) < 4_000
