"""Shared fixtures: the built book, a localhost server for it, and Chromium.

Site and browser tests read ``_build/html``; ``make test`` builds it first. They
fail (never skip) when it is missing, with the command that makes it.

On every core (``make test``: ``pytest -n auto --dist loadgroup``, pytest-xdist): each
worker has its own session, hence one Chromium and one server of the built site (on a
port the system picks, never a fixed one) shared by the tests that worker runs. A test
that uses a module-scoped fixture (a fresh Binder environment, the handout PDFs) is put
in its module's group, so that fixture is built once, on one worker, not once per
worker. Tests write only to their own ``tmp_path`` (per worker), never to ``_build``.
The costly kinds of test are handed out first (:func:`_cost_rank`), the quick ones last,
so that both workers finish together.

``--changed-since=REF`` (``make fast``) keeps only the figure checks (marker
``figures``) of the figures whose module, or a module it imports, changed since the git
revision REF (working-tree edits included): see :func:`changed_modules` and
:data:`FIGURE_CHECKS`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import toc_files  # noqa: E402  (one walker of _toc.yml for tests and tools)
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Property tests check values, not speed: Hypothesis's default 200 ms deadline per example
# fails them at random on a busy 2-core machine (speed goals live in `make bench`).
# Hypothesis loads its own derandomized "ci" profile when it sees a CI variable (CI=true) and
# makes it the parent of every profile registered later, so the developer's search says it is
# random rather than inheriting it.
hypothesis.settings.register_profile("nxc", deadline=None, derandomize=False)
# CI (`.ci/run` sets NXC_HYPOTHESIS_PROFILE=ci): the same examples on every run (derandomized,
# no example database carried between runs), so a landing never depends on a draw; a
# developer's `make test` keeps the random search ("nxc"), and what it finds is a bug to fix.
hypothesis.settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("NXC_HYPOTHESIS_PROFILE", "nxc")
hypothesis.settings.load_profile(HYPOTHESIS_PROFILE)

SITE = ROOT / "_build" / "html"
BOOK = ROOT / "book"
PACKAGE_DIR = ROOT / "src" / "naltrexone_course"


def pytest_addoption(parser):
    parser.addoption(
        "--changed-since",
        default=None,
        metavar="REF",
        help="run the tests marked `figures` only for the figure modules that changed since "
        "the git revision REF (working tree included), directly or through a module they import",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "figures(*modules): draws the frames of the figures in these modules (dotted names, e.g. "
        "'naltrexone_course.figures.oud'); with --changed-since only those whose sources changed run",
    )


@functools.lru_cache(maxsize=1)
def _source_graph():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_nxc_graph_for_tests", PACKAGE_DIR / "source_graph.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def changed_modules(ref: str, root: Path = ROOT) -> set[str] | None:
    """Package modules affected by the changes since ``ref``: those changed, and every module
    that imports one of them, transitively; plus the changed files' own paths (a chapter,
    ``book/oud.md``). None when git cannot tell (run everything)."""
    try:
        diff = subprocess.run(
            ["git", "diff", "--name-only", ref, "--"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
        untracked = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    graph = _source_graph()
    package = graph.Package(root / "src" / "naltrexone_course")
    by_path = {path.resolve(): name for name, path in package.modules.items()}
    touched = {by_path[(root / f).resolve()] for f in [*diff, *untracked] if (root / f).resolve() in by_path}
    if any(f.startswith("src/nxc_explorer/") for f in [*diff, *untracked]):
        touched.add("naltrexone_course.explorer")  # the figure engine, which the course's adapter binds
    files = set(diff) | set(untracked)
    if any((root / f).resolve() in set(package.data) for f in files):
        return set(package.modules) | files  # a data file: too hard to trace, every figure
    return {name for name in package.modules if graph.closure({name}, package.graph) & touched} | files


#: Checks that draw every frame of a chapter's figures, parametrized by ``page`` (e.g.
#: ``book/oud``): the conftest marks each with ``figures(<the chapter's file and every package
#: module its code imports>)``, so ``make fast`` runs it when the chapter or its figures'
#: sources changed. A new check of that kind joins by adding its name here (or by carrying
#: its own ``@pytest.mark.figures(...)``).
FIGURE_CHECKS = {
    "test_figures_never_rely_on_colour_alone",  # tests/test_accessibility.py
    "test_every_figure_text_is_legible_where_it_is_shown",
    "test_no_figure_text_is_cut_off_at_the_frame_edge",
    "test_no_frame_draws_anything_over_anything_else",  # tests/test_figure_collisions.py
    "test_the_layout_only_step_matches_the_raster_step_on_a_chapter",  # the same file
    "test_the_translated_layout_without_pixels_is_the_rasterised_one",  # tests/test_edition_figures.py
}


#: Checks of a chapter that read the same drawn frames (``test_accessibility.drawn_corner_frames``,
#: parametrized by ``page``): the conftest puts a page's checks in one group (``frames:<page>``),
#: next to each other, so that one worker draws that page's frames once for all of them.
SHARED_FRAME_CHECKS = (
    "test_every_figure_text_is_legible_where_it_is_shown",  # tests/test_accessibility.py
    "test_no_figure_text_is_cut_off_at_the_frame_edge",
)


@functools.lru_cache(maxsize=1)
def _package():
    """The package as it is on disk when the tests are collected (read once per session)."""
    return _source_graph().Package(PACKAGE_DIR)


@functools.lru_cache(maxsize=64)
def chapter_sources(page: str) -> tuple[str, ...]:
    """The chapter's file and the package modules its code runs (the import graph)."""
    package = _package()
    text = (ROOT / f"{page}.md").read_text()
    return (f"{page}.md", *sorted(package.chapter_modules(text)))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    # One group per module for tests that share a module-scoped fixture (built once).
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info is not None else []
        if any(d and d[-1].scope in ("module", "class", "package") for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    for item in items:
        callspec = getattr(item, "callspec", None)
        page = callspec.params.get("page") if callspec is not None else None
        name = getattr(item, "originalname", item.name)
        if name in FIGURE_CHECKS and isinstance(page, str):
            item.add_marker(pytest.mark.figures(*chapter_sources(page)))
        if name in SHARED_FRAME_CHECKS and isinstance(page, str):
            item.add_marker(pytest.mark.xdist_group(f"frames:{page}"))
    # Longest first, so that the quick tests fill the workers' last minutes (pytest-xdist
    # hands out the tests in this order; it puts the module groups first itself): each unit
    # of work (a group, or a test on its own) by the seconds it took in the last run that ran
    # it (:func:`_unit_seconds`), by its kind where no run has timed it; a group's tests next
    # to each other, in their order (in one process too, as without pytest-xdist).
    first_of: dict[str, int] = {}
    units: dict[str, list] = {}
    for index, item in enumerate(items):
        unit = _group_of(item) or f"#{index}"
        first_of.setdefault(unit, index)
        units.setdefault(unit, []).append(item)
    seconds = _unit_seconds(config, units)
    order = {
        id(item): (-seconds[unit], _cost_rank(item), first_of[unit])
        for unit, members in units.items()
        for item in members
    }
    items.sort(key=lambda item: order[id(item)])
    ref = config.getoption("--changed-since")
    if not ref:
        return
    affected = changed_modules(ref)
    if affected is None:
        return
    keep, drop = [], []
    for item in items:
        marks = list(item.iter_markers("figures"))
        modules = {m for mark in marks for m in mark.args}
        if marks and modules and not modules & affected:
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


#: Where the seconds each test took are kept between runs (pytest's cache, _build/.pytest_cache).
DURATIONS_KEY = "nxc/durations"
#: Seconds assumed for a test no run has timed yet, by :func:`_cost_rank` (a fresh clone runs
#: the costly kinds first, as the ranks alone did).
UNTIMED_SECONDS = {0: 30.0, 1: 10.0, 2: 2.0, 3: 0.5, 4: 0.1}


#: The seconds of a whole run on this repository's 2-core reference machine (3 workers,
#: tests of 1 s or more), for a clone whose cache has timed nothing yet (CI's clean clone):
#: the longest start first there too. Refresh it by copying the cache's value
#: (``_build/.pytest_cache/v/nxc/durations``) after a full `make test`; a stale entry only
#: moves a test in the order.
DURATIONS_SEED = Path(__file__).with_name("durations-seed.json")


def _unit_seconds(config, units: dict[str, list]) -> dict[str, float]:
    """Seconds each unit of work took (setup, call and teardown of its tests, summed) in the
    last run that timed them (else in :data:`DURATIONS_SEED`); :data:`UNTIMED_SECONDS` for a
    test timed in neither."""
    seed = json.loads(DURATIONS_SEED.read_text()) if DURATIONS_SEED.exists() else {}
    cached = config.cache.get(DURATIONS_KEY, {}) if getattr(config, "cache", None) else {}
    timed = {**seed, **cached}
    return {
        unit: sum(timed.get(getattr(item, "nodeid", ""), UNTIMED_SECONDS[_cost_rank(item)]) for item in group)
        for unit, group in units.items()
    }


def _plain_nodeid(nodeid: str) -> str:
    """The test's id without the ``@group`` pytest-xdist adds to it."""
    return nodeid.split("@")[0] if nodeid.rfind("@") > nodeid.rfind("]") else nodeid


_timed: dict[str, float] = {}


def pytest_runtest_logreport(report):
    """Time each test (on the controller under pytest-xdist: the workers' reports reach it)."""
    _timed[_plain_nodeid(report.nodeid)] = _timed.get(_plain_nodeid(report.nodeid), 0.0) + report.duration


def pytest_sessionfinish(session):
    """Keep what this run timed for the next run's order (:func:`_unit_seconds`); a worker
    leaves it to the controller."""
    config = session.config
    if hasattr(config, "workerinput") or not _timed or getattr(config, "cache", None) is None:
        return
    config.cache.set(DURATIONS_KEY, {**config.cache.get(DURATIONS_KEY, {}), **_timed})


def _group_of(item) -> str | None:
    """The item's pytest-xdist group (``xdist_group`` marker), if any."""
    for mark in item.iter_markers("xdist_group"):
        return mark.args[0] if mark.args else mark.kwargs.get("name")
    return None


def _cost_rank(item) -> int:
    """0: a module's group (one costly fixture), 1: draws every frame of a chapter's figures,
    2: drives a browser or a kernel, 3: reads the built site, 4: the rest (quick)."""

    def marked(name: str) -> bool:
        return any(True for _ in item.iter_markers(name))

    if marked("xdist_group"):
        return 0
    if marked("figures"):
        return 1
    if marked("browser") or marked("notebooks"):
        return 2
    if marked("site") or marked("slow"):
        return 3
    return 4


#: What gives a figure controls in a page's source: a ``Control`` or a toggle (``Control.toggle``,
#: ``measurements_toggle()``). An ``explore(draw, describe)`` without them is a still figure.
CONTROL_CALL = re.compile(r"\bControl\b|_toggle\(")


def pages_with_figures() -> list[str]:
    """Pages whose MyST source builds an interactive figure with ``explore(`` and controls (the
    figures a reader moves, pins and links to)."""
    return [f for f in _pages_calling_explore() if CONTROL_CALL.search((ROOT / f"{f}.md").read_text())]


def pages_with_still_figures() -> list[str]:
    """Pages whose figures are all still (``explore(draw, describe)``, no controls: one frame,
    drawn, stored, made dark and translated as every figure's, with nothing to move)."""
    return [f for f in _pages_calling_explore() if f not in pages_with_figures()]


def pages_drawing_figures() -> list[str]:
    """Every page with a figure of the engine, still or interactive (the drawing checks)."""
    return _pages_calling_explore()


def _pages_calling_explore() -> list[str]:
    return [f for f in toc_files() if re.search(r"\bexplore\(", (ROOT / f"{f}.md").read_text())]


@pytest.fixture(scope="session")
def site() -> Path:
    index = SITE / "index.html"
    if not index.exists():
        pytest.fail(f"{index} is missing: build the book first with `make book`", pytrace=False)
    return SITE


#: A same-origin empty page: where a reused tab waits between tests (see :class:`_TabPool`).
BLANK_PATH = "/__nxc_blank__.html"


# A page asked for with ?nxc-stall arrives as over a slow network: its HTML up to the first
# figure, then (after the first GET of RELEASE_PATH) up to the end of that figure, then
# (after the second) the rest. Each wait ends after STALL_LIMIT_S at the latest.
STALL_QUERY = "nxc-stall"
RELEASE_PATH = "/__nxc_release__"
STALL_LIMIT_S = 30
_releases = threading.Semaphore(0)


def _stalled_parts(body: bytes) -> list[bytes]:
    start = body.index(b'<div class="nxc-explorer')
    share = body.index(b'class="nxc-share"', start)
    end = body.index(b"</div>", share) + len(b"</div>")
    return [body[:start], body[start:end], body[end:]]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def _send_stalled(self, path: str) -> None:
        parts = _stalled_parts((Path(self.directory) / path.lstrip("/")).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        for n, part in enumerate(parts):
            if n:
                _releases.acquire(timeout=STALL_LIMIT_S)
            self.wfile.write(part)
            self.wfile.flush()
        self.close_connection = True

    def do_GET(self):  # noqa: N802  (the http.server method name)
        path, _, query = self.path.partition("?")
        if query == STALL_QUERY:
            self._send_stalled(path)
            return
        if self.path == RELEASE_PATH:
            _releases.release()
            self.send_response(204)
            self.end_headers()
            return
        if self.path == BLANK_PATH:
            body = b"<!doctype html><html lang=en><title>between tests</title></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``item.nxc_failed``): a reused tab that saw a
    failing test is closed, not handed to the next one."""
    report = yield
    if report.failed:
        item.nxc_failed = True
    return report


#: What a test may not do to a reused tab: these last beyond a navigation (and Playwright
#: cannot undo them). A test that needs one takes ``own_offline_page``.
_LASTING = (
    "add_init_script",
    "route",
    "route_from_har",
    "expose_function",
    "expose_binding",
    "set_extra_http_headers",
)


class _TabPool:
    """One Chromium tab per profile (desktop, phone, audit) per worker, reused by the tests
    that ask for ``offline_page``, ``phone_page`` or ``audit_page``: a new context and tab
    cost about twice a page load's CPU (a new renderer process), and about 150 tests each
    used to make their own.

    Between two tests the tab goes to an empty page of the same origin (:data:`BLANK_PATH`),
    where the origin's local and session storage are cleared; cookies and permissions are
    cleared, the viewport is put back, the listeners a test added are removed, and the HTTP
    cache stays disabled (CDP; Playwright's route turns it off too), so each test's first
    load is a first visit as in a fresh context (tests/test_tab_pool.py checks this). A tab
    whose test failed is closed, so a failure never carries over."""

    def __init__(self, browser, server: str):
        self.browser, self.server = browser, server
        self.tabs: dict[str, tuple[object, object, dict]] = {}

    def _open(self, name: str, profile: dict, init_script: str | None = None):
        sink: dict = {"result": None}

        def record(kind: str, text: str) -> None:
            if sink["result"] is not None:
                getattr(sink["result"], kind).append(text)

        context, page = _open_offline_tab(self.browser, self.server, profile, record)
        if init_script:
            context.add_init_script(init_script)
        context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.tabs[name] = (context, page, sink)
        return self.tabs[name]

    def lend(self, item, name: str, profile: dict, init_script: str | None = None) -> Iterator[OfflinePage]:
        context, page, sink = self.tabs.get(name) or self._open(name, profile, init_script)
        if page.is_closed():
            context, page, sink = self._open(name, profile, init_script)
        page.goto(f"{self.server}{BLANK_PATH}", wait_until="load")
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        context.clear_cookies()
        context.clear_permissions()
        if page.viewport_size != profile["viewport"]:
            page.set_viewport_size(profile["viewport"])
        result = OfflinePage(page)
        added: list = []  # the listeners this test adds, removed after it
        listen = page.on

        def on(event: str, handler):
            added.append((event, handler))
            return listen(event, handler)

        def refuse(what: str):
            def refused(*args, **kwargs):
                raise RuntimeError(
                    f"{what}() on a reused tab would last into the next test: "
                    "take the fixture own_offline_page instead"
                )

            return refused

        page.on = on
        for target in (page, context):
            for what in _LASTING:
                setattr(target, what, refuse(what))
        sink["result"] = result
        try:
            yield result
        finally:
            sink["result"] = None
            for target in (page, context):
                for what in (*_LASTING, "on"):
                    target.__dict__.pop(what, None)
            for event, handler in added:
                page.remove_listener(event, handler)
            if getattr(item, "nxc_failed", False) and not page.is_closed():
                context.close()
                del self.tabs[name]

    def close(self) -> None:
        for context, _, _ in self.tabs.values():
            context.close()


@pytest.fixture(scope="session")
def tab_pool(browser, server) -> Iterator[_TabPool]:
    pool = _TabPool(browser, server)
    yield pool
    pool.close()


@pytest.fixture
def offline_page(tab_pool, request) -> Iterator[OfflinePage]:
    """A desktop tab (1280 px) that may only talk to the local server (reused: :class:`_TabPool`)."""
    yield from tab_pool.lend(request.node, "desktop", DESKTOP)


@pytest.fixture
def phone_page(tab_pool, request) -> Iterator[OfflinePage]:
    """A learner's phone (:data:`PHONE`), offline like ``offline_page`` (reused)."""
    yield from tab_pool.lend(request.node, "phone", PHONE)


@pytest.fixture
def audit_page(tab_pool, request) -> Iterator[OfflinePage]:
    """Desktop page that lets the test inject its own audit script (axe-core) past the
    page's Content-Security-Policy; the page's own scripts still run as they would (reused)."""
    yield from tab_pool.lend(request.node, "audit", {**DESKTOP, "bypass_csp": True})


@pytest.fixture
def pooled_tab(tab_pool, request) -> Iterator[Callable[..., OfflinePage]]:
    """``pooled_tab(**profile)``: a reused tab of a context made with these options of
    ``browser.new_context`` (a viewport is required; ``color_scheme``, ``java_script_enabled``,
    ``device_scale_factor``...), offline like ``offline_page``; ``init_script=`` adds a script
    that runs before each document's own (part of the profile: only tests that add the same
    script share that tab). For a test that would otherwise open a context of its own only to
    load pages and read them: a context and its tab cost about twice a page load
    (:class:`_TabPool`), and each worker keeps one per profile. A test may take several
    profiles (one tab each); its tabs go back to the pool after it."""
    with contextlib.ExitStack() as lent:

        def lend(*, init_script: str | None = None, **profile) -> OfflinePage:
            name = "profile " + json.dumps({**profile, "init_script": init_script}, sort_keys=True)
            tab = tab_pool.lend(request.node, name, profile, init_script)
            lent.callback(next, tab, None)
            return next(tab)

        yield lend


@pytest.fixture
def own_offline_page(browser, server) -> Iterator[OfflinePage]:
    """Like ``offline_page`` in a context of its own, for a test that changes the tab in a way
    that lasts (an init script, a route): closed after the test."""
    yield from _offline_page(browser, server, DESKTOP)


@pytest.fixture
def own_phone_page(browser, server) -> Iterator[OfflinePage]:
    """Like ``phone_page`` in a context of its own, for a test that changes the tab in a way
    that lasts (its clock installed, an init script): closed after the test."""
    yield from _offline_page(browser, server, PHONE)


def _open_offline_tab(browser, server: str, profile: dict, record):
    """A new context and tab that may only talk to ``server``: every other request is aborted.
    ``record(kind, text)`` hears what the tab logs: ``errors`` (page errors, console errors),
    ``blocked`` (the aborted URLs) and ``requested`` (every URL)."""
    # No service worker (book/_ext/offline.py) in these tabs: one registered by a test would
    # answer the next test's requests from its caches, and no load would be a first visit.
    # tests/test_offline.py drives the worker in contexts of its own.
    context = browser.new_context(service_workers="block", **profile)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.on("pageerror", lambda error: record("errors", f"page error: {error}"))

    def on_console(message) -> None:
        if message.type == "error":
            record("errors", f"console error: {message.text}")

    page.on("console", on_console)
    page.on("request", lambda request: record("requested", request.url))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(server) or url.startswith("data:"):
            request_route.continue_()
        else:
            record("blocked", url)
            request_route.abort()

    page.route("**/*", route)
    return context, page


def _offline_page(browser, server, profile: dict) -> Iterator[OfflinePage]:
    holder: list[OfflinePage] = []
    context, page = _open_offline_tab(
        browser, server, profile, lambda kind, text: getattr(holder[0], kind).append(text)
    )
    holder.append(OfflinePage(page))
    yield holder[0]
    context.close()
