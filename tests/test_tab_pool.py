"""The reused browser tabs of ``tests/conftest.py`` (:class:`conftest._TabPool`): a test that
takes ``offline_page`` gets the tab the last one used, and finds it as a fresh tab would be.

The three tests run in this order on one worker (one group): the first leaves things behind,
the second checks that none of them reached it, the third that a lasting change is refused.
"""

from __future__ import annotations

import pytest
from test_browser import open_page, wait_ready

from conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("tab_pool")]

PAGE = "book/antagonism"
PROBE = "nxc-tab-pool-probe"
#: Files the page fetched whole over the network: not from a cache (nothing transferred) and
#: not revalidated (a 304 transfers its headers only, fewer bytes than the body).
FETCHED = (
    "performance.getEntriesByType('resource')"
    ".filter(e => e.transferSize > e.encodedBodySize).map(e => e.name)"
)
left: dict = {}


def _fetched_at_load(page) -> set[str]:
    """What every load of the page fetches: its styles, scripts and fonts and each figure's
    shown frame (not the neighbours prefetched after load, which depend on timing)."""
    shown = set(page.evaluate("[...document.querySelectorAll('.nxc-frame img')].map(i => i.currentSrc)"))
    return {name for name in page.evaluate(FETCHED) if "/_frames/" not in name or name in shown}


def test_a_test_leaves_storage_a_viewport_and_a_listener_behind(offline_page, server):
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    page.evaluate("key => { localStorage.setItem(key, '1'); sessionStorage.setItem(key, '1'); }", PROBE)
    left["heard"] = []
    page.on("console", lambda message: left["heard"].append(message.text))
    left["page"], left["fetched"] = page, _fetched_at_load(page)
    page.set_viewport_size({"width": 500, "height": 600})
    assert any(name.endswith(".png") for name in left["fetched"]), "the page fetched no frame"


def test_the_next_test_gets_the_same_tab_as_a_fresh_one(offline_page, server):
    assert "page" in left, "run with the test before it (one group, one worker)"
    page = offline_page.page
    assert page is left["page"], "the tab was not reused"
    page = open_page(offline_page, server, PAGE)
    wait_ready(page)
    assert page.evaluate(f"localStorage.getItem('{PROBE}')") is None, "local storage carried over"
    assert page.evaluate(f"sessionStorage.getItem('{PROBE}')") is None, "session storage carried over"
    assert page.viewport_size == DESKTOP["viewport"]
    page.evaluate("console.log('after')")
    assert left["heard"] == [], "the last test's listener still hears this page"
    missing = left["fetched"] - set(page.evaluate(FETCHED))
    assert not missing, f"came from the last test's cache: {sorted(missing)}"
    assert not offline_page.errors and not offline_page.blocked


def test_a_lasting_change_to_a_reused_tab_is_refused(offline_page):
    page = offline_page.page
    for change in (
        lambda: page.add_init_script("window.x = 1"),
        lambda: page.context.add_init_script("window.x = 1"),
        lambda: page.route("**/*", lambda route: route.continue_()),
    ):
        with pytest.raises(RuntimeError, match="own_offline_page"):
            change()
