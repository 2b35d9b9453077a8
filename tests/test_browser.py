"""Debian's Chromium against the built book on 127.0.0.1, with every other request aborted."""

from __future__ import annotations

import pytest

from conftest import pages_with_figures, toc_files

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
    assert not offline_page.errors, f"{page_path}: {offline_page.errors}"
    assert not offline_page.blocked, f"{page_path} asked another origin for {offline_page.blocked}"


def visible_frame(explorer):
    image = explorer.locator("img:visible")
    assert image.count() == 1, "exactly one frame of a figure must be visible"
    return image.get_attribute("src"), image.get_attribute("alt")


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_every_control_changes_its_figure_by_keyboard(offline_page, server, page_path):
    page = open_page(offline_page, server, page_path)
    page.wait_for_selector(".nxc-explorer [role='slider']", timeout=20_000)
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
