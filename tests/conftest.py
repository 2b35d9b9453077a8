"""Shared fixtures: the built book, a localhost server for it, and Chromium.

Site and browser tests read ``_build/html``; ``make test`` builds it first. They
fail (never skip) when it is missing, with the command that makes it.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import toc_files  # noqa: E402  (one walker of _toc.yml for tests and tools)
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SITE = ROOT / "_build" / "html"
BOOK = ROOT / "book"


def pages_with_figures() -> list[str]:
    """Pages whose MyST source builds an interactive figure with ``explore(``."""
    return [f for f in toc_files() if re.search(r"\bexplore\(", (ROOT / f"{f}.md").read_text())]


@pytest.fixture(scope="session")
def site() -> Path:
    index = SITE / "index.html"
    if not index.exists():
        pytest.fail(f"{index} is missing: build the book first with `make book`", pytrace=False)
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Base URL of the built book served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        pytest.fail(message, pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class OfflinePage:
    """A Playwright page that may only talk to the local server, with what it logged."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__csp || []")


#: A learner's phone (Chromium emulation): 390 x 844 CSS px at device scale 3, touch.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "has_touch": True,
    "is_mobile": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
#: Records every Content-Security-Policy violation the page meets (window.__csp).
CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = (e.sourceFile || '') + ':' + e.lineNumber;
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + where);
});
"""


@pytest.fixture
def offline_page(browser, server) -> Iterator[OfflinePage]:
    yield from _offline_page(browser, server, DESKTOP)


@pytest.fixture
def phone_page(browser, server) -> Iterator[OfflinePage]:
    yield from _offline_page(browser, server, PHONE)


@pytest.fixture
def audit_page(browser, server) -> Iterator[OfflinePage]:
    """Desktop page that lets the test inject its own audit script (axe-core) past the
    page's Content-Security-Policy; the page's own scripts still run as they would."""
    yield from _offline_page(browser, server, {**DESKTOP, "bypass_csp": True})


def _offline_page(browser, server, profile: dict) -> Iterator[OfflinePage]:
    context = browser.new_context(**profile)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    result = OfflinePage(page)
    page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))

    def on_console(message):
        if message.type == "error":
            result.errors.append(f"console error: {message.text}")

    page.on("console", on_console)

    def route(request_route):
        url = request_route.request.url
        if url.startswith(server) or url.startswith("data:"):
            request_route.continue_()
        else:
            result.blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: result.requested.append(request.url))
    yield result
    context.close()
