"""Firefox ESR and WebKitGTK drive every figure, as Chromium does: learners use all three.

Firefox (Debian's firefox-esr) runs over WebDriver BiDi from npm ``puppeteer-core``
(``tools/engines/firefox.mjs``); WebKitGTK (Debian's webkit2gtk-driver) over WebDriver
from selenium under ``xvfb-run`` (``tools/engines/webkit.py``). On every page with figures:
the page loads, every figure's script starts, every control of every figure moves to
another option, the frame and its alt text follow and the caption stays (never the alt
text); the first figure's view is pinned, kept while a control moves (the address holds
both views, the readout says what differs) and unpinned; no page error; nothing is asked
of another origin. ``tools/ensure-engines.sh`` (run
by ``make test`` and .ci/run) installs what is missing; these tests fail, never skip, when
an engine is absent."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, pages_with_figures

pytestmark = pytest.mark.browser

ENGINES = ROOT / "tools" / "engines"
FIREFOX = Path(os.environ.get("FIREFOX", "/usr/bin/firefox-esr"))
WEBKIT_DRIVER = Path(os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver"))
HOW = "run tools/ensure-engines.sh (make test does)"


def _run(command: list[str], timeout: int = 900) -> dict:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert proc.returncode == 0, f"{command[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _check(report: dict) -> None:
    engine = report["browser"]
    by_page = {r["page"]: r for r in report["results"]}
    assert set(by_page) == set(pages_with_figures()), f"{engine}: pages driven {sorted(by_page)}"
    for page, record in by_page.items():
        calls = len(re.findall(r"\bexplore\(", (ROOT / f"{page}.md").read_text()))
        assert record["figures"] == calls, (
            f"{engine}, {page}: {record['figures']} figures for {calls} explore()"
        )
        assert record["ready"], f"{engine}, {page}: a figure's script did not start"
        text = (ROOT / f"{page}.md").read_text()
        # value controls and toggles (the measurements checkbox: explorer.measurements_toggle)
        controls = len(re.findall(r"\bControl\(|\bControl\.toggle\(|\bmeasurements_toggle\(", text))
        assert len(record["moves"]) == controls, (
            f"{engine}, {page}: {len(record['moves'])} of {controls} controls moved"
        )
        for move in record["moves"]:
            where = f"{engine}, {page}, {move['figure']}, {move['kind']} {move['control']!r}"
            assert move["moved"], f"{where}: the control did not move"
            assert move["frame_changed"], f"{where}: the frame did not change"
            assert move["frame_right"], f"{where}: frame or alt is not the control's, or caption changed"
        failed = [k for k, ok in record["compare"].items() if not ok]
        assert not failed, f"{engine}, {page}: pin, move and unpin the first figure: {failed} failed"
        assert not record["errors"], f"{engine}, {page}: {record['errors']}"
        assert not record["resources"], f"{engine}, {page}: asked another origin for {record['resources']}"


def test_firefox_esr_drives_every_figure(server):
    assert FIREFOX.exists(), f"{FIREFOX} is missing: {HOW}"
    assert (ENGINES / "node_modules" / "puppeteer-core").exists(), f"puppeteer-core is not installed: {HOW}"
    assert shutil.which("node"), f"node is missing: {HOW}"
    report = _run(["node", str(ENGINES / "firefox.mjs"), server, *pages_with_figures()])
    assert report["browser"].startswith("firefox/")
    _check(report)


def test_webkitgtk_drives_every_figure(server):
    assert WEBKIT_DRIVER.exists(), f"{WEBKIT_DRIVER} is missing: {HOW}"
    xvfb = shutil.which("xvfb-run")
    assert xvfb, f"xvfb-run is missing: {HOW}"
    report = _run([xvfb, "-a", sys.executable, str(ENGINES / "webkit.py"), server, *pages_with_figures()])
    assert report["browser"].startswith("WebKitGTK")
    _check(report)


def test_make_test_and_ci_install_the_engines():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test: .*\bengines\b", makefile, re.M) and "tools/ensure-engines.sh" in makefile
    assert "tools/ensure-engines.sh" in (ROOT / ".ci" / "run").read_text()
    lock = json.loads((ENGINES / "package-lock.json").read_text())
    manifest = json.loads((ENGINES / "package.json").read_text())
    for name, version in manifest["dependencies"].items():
        assert version[0].isdigit(), f"{name}: pin an exact version, not {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    installed = {k: v for k, v in lock["packages"].items() if k}
    assert not [k for k, v in installed.items() if "resolved" in v], "the registry is npm's setting"
    assert all("integrity" in v for v in installed.values()), "every package is pinned by its hash"
