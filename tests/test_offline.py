"""The book offline: its service worker, and "Save this course for offline" (book/_ext/offline.py,
book/_offline/nxc-sw.js, book/_assets/nxc-offline.js).

Debian's Chromium in contexts of their own (service workers allowed, as a reader's browser),
with the network cut by the browser itself (``context.set_offline``), not by blocking a host:
a visited page reloads and its figure shows again the frames it had shown; a page never visited
shows the offline page with links to what is saved; after "Save this course", every page and
every figure's default frame loads offline; after a rebuild with one changed page and one
changed frame, the saved copy updates and the stale frame is dropped. The worker registers
after the page's load event (no request of it before the page and its figures are ready)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest
from test_browser import expected_alt, figure_info, wait_ready, wait_until

from conftest import DESKTOP, PHONE, ROOT, _QuietHandler, pages_drawing_figures, pages_with_figures, toc_files

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import offline  # noqa: E402  (book/_ext/offline.py)

FIGURE_PAGE = "book/antagonism"
OTHER_PAGE = "book/glossary"
NEVER_VISITED = "book/immune"

#: Resolves true once ``url`` (absolute) is in one of the book's caches (at most 20 s).
CACHED = """async (url) => {
  const end = performance.now() + 20000;
  while (performance.now() < end) {
    if (await caches.match(url)) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return false;
}"""
CONTROLLED = """async () => {
  const end = performance.now() + 20000;
  while (performance.now() < end) {
    if (navigator.serviceWorker.controller) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return false;
}"""


def _reader(browser, profile=PHONE):
    """A reader's context (service workers allowed) and every request it makes, pages and worker."""
    context = browser.new_context(**profile)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return context, page, requests, errors


def _visit(page, url: str) -> None:
    page.goto(url, wait_until="load")
    assert page.evaluate(CONTROLLED), f"{url}: the service worker never controlled the page"
    assert page.evaluate(CACHED, url.split("#")[0]), f"{url}: the page was not kept"


def _move_first_control(page):
    """Move the first figure's first control to another value; the file and alt text it shows."""
    explorer = page.locator(".nxc-explorer").first
    info = figure_info(explorer)
    control = info["controls"][0]
    target = 0 if control["index"] != 0 else len(control["labels"]) - 1
    element = explorer.locator("[data-nxc-axis]").first
    if control["kind"] == "buttons":
        element.locator(".nxc-option").nth(target).click()
    elif control["kind"] == "select":
        element.select_option(str(target))
    else:
        element.evaluate(
            "(c, v) => { c.value = v; c.dispatchEvent(new Event('input', {bubbles: true})); "
            "c.dispatchEvent(new Event('change', {bubbles: true})); }",
            str(target),
        )
    indices = [c["index"] for c in info["controls"]]
    indices[0] = target
    alt = expected_alt(info, indices)
    wait_until(
        page,
        "([box, alt]) => box.querySelector('.nxc-frame img').alt === alt",
        [explorer.element_handle(), alt],
    )
    return explorer, target, alt


def _shown(explorer) -> tuple[str, bool]:
    return explorer.locator(".nxc-frame img").evaluate(
        "i => [i.currentSrc || i.src, i.complete && i.naturalWidth > 0]"
    )


@pytest.mark.browser
def test_a_visited_page_reads_offline_with_the_frames_it_showed_and_a_new_one_shows_the_offline_page(
    browser, server
):
    context, page, requests, errors = _reader(browser)
    try:
        _visit(page, f"{server}/{FIGURE_PAGE}.html")
        wait_ready(page)
        explorer, target, alt = _move_first_control(page)
        src, loaded = _shown(explorer)
        wait_until(
            page,
            "(img) => img.complete && img.naturalWidth > 0",
            explorer.locator(".nxc-frame img").element_handle(),
        )
        assert page.evaluate(CACHED, src), "the frame the reader saw was not kept"
        _visit(page, f"{server}/{OTHER_PAGE}.html")

        context.set_offline(True)
        # a page never opened: the offline page, linking to the two that were
        response = page.goto(f"{server}/{NEVER_VISITED}.html", wait_until="load")
        assert response.status == 503
        assert page.locator("#nxc-offline h1").inner_text() == "You are offline"
        links = page.locator("#nxc-offline a").evaluate_all("links => links.map(a => a.pathname)")
        assert f"/{FIGURE_PAGE}.html" in links and f"/{OTHER_PAGE}.html" in links, links
        assert f"/{NEVER_VISITED}.html" not in links
        assert "not medical advice" in page.locator("#nxc-offline").inner_text()
        # the visited page, from the worker: its text, its default frame, and the frame it had shown
        page.goto(f"{server}/{FIGURE_PAGE}.html", wait_until="load")
        wait_ready(page)
        assert page.locator("article h1").first.is_visible()
        first = page.locator(".nxc-explorer").first
        assert _shown(first)[1], "the default frame did not load offline"
        again, _, alt_again = _move_first_control(page)
        assert alt_again == alt
        wait_until(
            page,
            "(img) => img.complete && img.naturalWidth > 0",
            again.locator(".nxc-frame img").element_handle(),
        )
        assert _shown(again) == [src, True], "the frame shown before did not load offline"
        page.goto(f"{server}/{OTHER_PAGE}.html", wait_until="load")
        assert "Glossary" in page.title()
    finally:
        context.close()
    assert all(u.startswith(server) or u.startswith("data:") for u in requests), [
        u for u in requests if not u.startswith(server)
    ][:3]
    # the offline page is answered 503 (Offline), which the browser logs; nothing else may be
    assert [e for e in errors if "status of 503 (Offline)" not in e] == [], errors


@pytest.mark.browser
def test_the_worker_and_its_script_are_asked_for_only_after_the_page_has_loaded(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server}/{FIGURE_PAGE}.html", wait_until="load")
        assert page.evaluate(CONTROLLED)
        loaded, asked = page.evaluate(
            """() => [performance.getEntriesByType('navigation')[0].loadEventStart,
                      performance.getEntriesByType('resource')
                        .filter(e => e.name.includes('/nxc-offline.js')).map(e => e.startTime)]"""
        )
        assert len(asked) == 1, "the offline script was not asked for once"
        assert asked[0] >= loaded > 0, (
            f"the offline script was asked for at {asked[0]:.0f} ms, the page loaded at {loaded:.0f} ms"
        )
        html = (ROOT / "_build" / "html" / f"{FIGURE_PAGE}.html").read_text()
        assert "nxc-sw.js" not in html, (
            "the page names the worker itself (it is registered by the offline script)"
        )
    finally:
        context.close()


OFFLINE_SCRIPT = ROOT / "book" / "_assets" / "nxc-offline.js"


def _script_function(name: str) -> str:
    """The source of ``function name(...) {...}`` in the page script (braces matched)."""
    text = OFFLINE_SCRIPT.read_text(encoding="utf-8")
    start = text.index(f"function {name}(")
    depth, i = 0, text.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return text[start:i]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_page_reads_only_the_small_sizes_file_to_show_the_size_and_it_is_what_a_save_downloads(
    browser, server, lang
):
    """The intro page shows "Save this course for offline (x MB)" on its first screen. The size
    comes from the sizes file, not from the manifest (about 290 kB gzip, every frame of the
    book), which a reader who never saves should not download; and it is the size the page
    script's own plan of the save gives from the manifest, on phones and wide screens, 1x and 2x."""
    page_path = "book/intro" if lang == "en" else "it/book/intro"
    plan = "\n".join(_script_function(name) for name in ("dense", "plan", "sizeFor"))
    screens = {
        "phone 3x": PHONE,
        "phone 1x": {**PHONE, "device_scale_factor": 1},
        "wide 1x": DESKTOP,
        "wide 2x": {**DESKTOP, "device_scale_factor": 2},
    }
    for screen, profile in screens.items():
        context, page, requests, _errors = _reader(browser, profile)
        try:
            page.goto(f"{server}/{page_path}.html", wait_until="load")
            button = page.locator("article .nxc-save-here .nxc-save-go")
            wait_until(
                page, "(b) => / MB\\)$/.test(b.textContent)", button.element_handle(), timeout_ms=20000
            )
            asked = [u.split("?")[0].rsplit("/", 1)[-1] for u in requests]
            assert offline.SIZES in asked, f"{screen}: the size was shown without the sizes file: {asked}"
            assert offline.MANIFEST not in asked, f"{screen}: the whole manifest was fetched at load"
            planned, sized = page.evaluate(
                f"""async () => {{
                  var lang = {json.dumps(lang)}; var T = {{narrow: "", wide: "", dense: ""}};
                  {plan}
                  var manifest = await (await fetch("{server}/{offline.MANIFEST}")).json();
                  var sizes = await (await fetch("{server}/{offline.SIZES}")).json();
                  var target = plan(manifest), size = sizeFor(sizes);
                  return [[target.build, target.bytes], size && [size.build, size.bytes]];
                }}"""
            )
            assert sized == planned, (
                f"{lang}, {screen}: the sizes file says {sized}, the save would be {planned}"
            )
        finally:
            context.close()


def _serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def _save(page) -> None:
    panel = page.locator(".nxc-save").first
    button = panel.locator(".nxc-save-go")
    wait_until(page, "(b) => /\\d MB\\)$/.test(b.textContent)", button.element_handle(), timeout_ms=20000)
    button.click()
    page.wait_for_selector(".nxc-save-progress:not([hidden])", timeout=10000)
    page.wait_for_selector("html[data-nxc-saved]", state="attached", timeout=120_000)


@pytest.mark.browser
def test_save_this_course_saves_every_page_and_figure_for_this_screen_and_updates_after_a_rebuild(
    browser, site, tmp_path
):
    copy = tmp_path / "html"
    shutil.copytree(site, copy)
    httpd, base = _serve(copy)
    context, page, requests, errors = _reader(browser)
    try:
        page.goto(f"{base}/book/intro.html", wait_until="load")
        assert page.evaluate(CONTROLLED)
        intro_panel = page.locator("article .nxc-save-here .nxc-save")
        assert intro_panel.count() == 1, "the intro page has no save panel"
        assert page.locator("footer .nxc-save, .bd-footer-article .nxc-save").count() == 1
        size = re.search(r"\(([\d.]+) MB\)", intro_panel.locator(".nxc-save-go").inner_text() or "")
        _save(page)
        status = intro_panel.locator(".nxc-save-what").inner_text()
        pages_saved = int(re.search(r": (\d+) pages and (\d+) figure frames", status).group(1))
        english = [p for p in offline.manifest(copy)["pages"] if p["lang"] == "en"]
        assert pages_saved == len(english), status
        assert "Saved on this device on" in status and (size is None or size.group(1) in status), status
        assert intro_panel.locator(".nxc-save-remove").is_visible()

        # rebuild: one page's sentence changes, one frame of a figure is drawn anew
        glossary = copy / f"{OTHER_PAGE}.html"
        glossary.write_text(glossary.read_text().replace("<h1>", "<h1><span>Edited after the save: </span>"))
        figure_html = copy / f"{FIGURE_PAGE}.html"
        text = figure_html.read_text()
        spec = json.loads(
            re.search(r'data-nxc-frames="([^"]*)"', text)
            .group(1)
            .replace("&quot;", '"')
            .replace("&#34;", '"')
        )
        old_name = spec["frames"][-1][1]  # the last frame, narrow 2x (this phone's)
        new_bytes = (copy / "_frames" / old_name).read_bytes() + b"\0rebuilt"
        new_name = offline.hashlib.sha256(new_bytes).hexdigest() + ".png"
        (copy / "_frames" / new_name).write_bytes(new_bytes)
        for html_file in copy.rglob("*.html"):  # a frame may be shared by pages (content address)
            if old_name in html_file.read_text():
                html_file.write_text(html_file.read_text().replace(old_name, new_name))
        old_build = page.evaluate("document.documentElement.dataset.nxcSaved")
        offline.write(copy)  # the manifest, its sizes file and the worker, as a rebuild writes them

        page.goto(f"{base}/book/intro.html", wait_until="load")
        wait_until(
            page,
            "(old) => (document.documentElement.dataset.nxcSaved || old) !== old",
            old_build,
            timeout_ms=60000,
        )
        saved = page.evaluate(
            "async () => (await (await caches.open('nxc-saved')).keys()).map(r => new URL(r.url).pathname)"
        )
        assert f"/_frames/{new_name}" in saved and f"/_frames/{old_name}" not in saved, "stale frame kept"
        rebuilt = offline.manifest(copy)
        # the reader saved the edition they read (English); the Italian one is saved from its pages
        ours = {p["url"] for p in rebuilt["pages"] if p["lang"] == "en"}
        rebuilt["figures"] = [f for f in rebuilt["figures"] if f["page"] in ours]
        phone_frames = {f"/{names[1] or names[3]}" for f in rebuilt["figures"] for names in f["frames"]}
        assert phone_frames <= set(saved), (
            f"frames for this screen not saved: {sorted(phone_frames - set(saved))[:3]}"
        )
        wide = {
            f"/{n[3]}" for f in rebuilt["figures"] for i, n in enumerate(f["frames"]) if i != f["default"]
        }
        assert not wide & set(saved), "wide frames beyond the defaults saved on a phone"

        context.set_offline(True)
        page.goto(f"{base}/{OTHER_PAGE}.html", wait_until="load")
        assert page.locator("article h1").first.inner_text().startswith("Edited after the save"), (
            "the saved copy of the changed page did not update"
        )
        for path in toc_files():
            response = page.goto(f"{base}/{path}.html", wait_until="load")
            assert response.status == 200, f"{path}: not saved ({response.status})"
            assert page.locator("#nxc-offline").count() == 0
            if path in pages_with_figures():
                wait_ready(page)
                images = page.locator(".nxc-explorer .nxc-frame img")
                for i in range(images.count()):
                    img = images.nth(i)
                    img.scroll_into_view_if_needed()
                    wait_until(
                        page,
                        "(i) => i.complete && i.naturalWidth > 0",
                        img.element_handle(),
                        timeout_ms=10000,
                    )
        # every frame of every figure for this screen is there (not only the defaults)
        page.goto(f"{base}/{FIGURE_PAGE}.html", wait_until="load")
        wait_ready(page)
        explorer, _, _ = _move_first_control(page)
        wait_until(
            page,
            "(i) => i.complete && i.naturalWidth > 0",
            explorer.locator(".nxc-frame img").element_handle(),
        )

        # remove: the saved copy goes
        context.set_offline(False)
        page.goto(f"{base}/book/intro.html", wait_until="load")
        panel = page.locator("article .nxc-save-here .nxc-save")
        panel.locator(".nxc-save-remove").click()
        wait_until(page, "(p) => p.textContent.includes('removed')", panel.element_handle())
        assert not page.evaluate("async () => (await caches.keys()).includes('nxc-saved')")
    finally:
        context.close()
        httpd.shutdown()
    assert not errors, errors


@pytest.mark.browser
def test_a_cancelled_first_save_leaves_nothing_half_saved(browser, server):
    context, page, _, errors = _reader(browser)
    try:
        page.goto(f"{server}/book/intro.html", wait_until="load")
        assert page.evaluate(CONTROLLED)
        panel = page.locator("article .nxc-save")
        button = panel.locator(".nxc-save-go")
        wait_until(page, "(b) => /\\d MB\\)$/.test(b.textContent)", button.element_handle(), timeout_ms=20000)
        button.click()
        panel.locator(".nxc-save-cancel").click()
        wait_until(
            page, "(p) => p.textContent.includes('Saving stopped')", panel.element_handle(), timeout_ms=20000
        )
        assert not page.evaluate("async () => (await caches.keys()).includes('nxc-saved')")
        assert button.is_visible() and not panel.locator(".nxc-save-remove").is_visible()
        assert page.get_attribute("html", "data-nxc-saved") is None
    finally:
        context.close()
    assert not errors, errors


@pytest.mark.browser
def test_with_javascript_off_no_save_button_pretends(browser, server):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}/book/intro.html", wait_until="load")
        assert page.locator(".nxc-save").count() == 0
        assert page.get_by_text("Save this course").count() == 0
        assert page.locator(".nxc-save-here").evaluate("e => e.getBoundingClientRect().height") == 0
    finally:
        context.close()


# --------------------------------------------------------------------------- the built site
@pytest.mark.site
def test_the_sizes_file_holds_the_build_and_a_size_for_every_edition_and_screen(site):
    found = json.loads((site / offline.MANIFEST).read_text())
    sizes = json.loads((site / offline.SIZES).read_text())
    assert sizes == offline.screen_sizes(found)
    assert sizes["build"] == found["build"]
    assert (site / offline.SIZES).stat().st_size < 2000, "the sizes file is read by every page: keep it small"
    assert set(sizes["bytes"]) == {"en", "it"}
    for lang, screens in sizes["bytes"].items():
        assert len(screens) == 2 ** len(sizes["queries"]), lang
        for key, (one, two) in screens.items():
            pages = sum(p["bytes"] for p in found["pages"] if p["lang"] == lang)
            assert pages < one <= two, f"{lang} {key}: {one} bytes at 1x, {two} at 2x"


def test_screen_sizes_follow_the_save_plan_on_a_small_book():
    """Two pages, one asset, one figure of two frames (each file 1 byte per letter of its name's
    weight below): a phone saves the narrow frames and the default's wide one; a wide screen the
    wide frames and the default's narrow one; 2x takes the 2x files."""
    files = {
        "a.css": 1,
        "n1": 10,
        "n2": 20,
        "N1": 100,
        "N2": 200,
        "w1": 1000,
        "w2": 2000,
        "W1": 4000,
        "W2": 8000,
    }
    found = {
        "build": "b",
        "pages": [{"url": "p.html", "lang": "en", "bytes": 5}, {"url": "q.html", "lang": "it", "bytes": 7}],
        "assets": ["a.css"],
        # each frame: narrow 1x, narrow 2x, wide 1x, wide 2x; the default is the second frame
        "figures": [
            {
                "page": "p.html",
                "narrow": "(max-width: 767px)",
                "default": 1,
                "frames": [["n1", "N1", "w1", "W1"], ["n2", "N2", "w2", "W2"]],
            }
        ],
        "sizes": files,
    }
    sizes = offline.screen_sizes(found)
    assert sizes["queries"] == ["(max-width: 767px)"]
    assert sizes["bytes"]["en"]["1"] == [5 + 1 + 10 + 20 + 2000, 5 + 1 + 100 + 200 + 8000]
    assert sizes["bytes"]["en"]["0"] == [5 + 1 + 1000 + 2000 + 20, 5 + 1 + 4000 + 8000 + 200]
    assert sizes["bytes"]["it"] == {"0": [7 + 1, 7 + 1], "1": [7 + 1, 7 + 1]}


@pytest.mark.site
def test_the_manifest_lists_every_page_asset_and_frame_with_their_sizes(site):
    found = json.loads((site / offline.MANIFEST).read_text())
    assert found == offline.manifest(site), "the manifest is not what the site holds"
    pages = {p["url"] for p in found["pages"]}
    for path in toc_files():
        assert f"{path}.html" in pages
    for path in [*found["assets"], *found["sizes"]]:
        assert (site / path.split("?", 1)[0]).is_file(), path
    assert any(a.startswith("_static/nxc-site.css?v=") for a in found["assets"])
    assert any(a.startswith("_static/nxc-explorer.js?v=") for a in found["assets"])
    listed = {n for f in found["figures"] for names in f["frames"] for n in names if n}
    data = {a for a in found["assets"] if a.startswith("_frames/")}  # the figures' CSV files
    assert data and all(a.endswith(".csv") for a in data), data
    on_disk = {f"_frames/{p.name}" for p in (site / "_frames").iterdir()}
    assert listed | data == on_disk, "a file of _frames is not in the manifest, or one listed is missing"
    english = {f["page"] for f in found["figures"] if not f["page"].startswith(("it/",))}
    assert english == {f"{p}.html" for p in pages_drawing_figures()}


def test_the_build_id_changes_when_one_page_or_frame_changes(tmp_path):
    site = tmp_path / "html"
    (site / "_frames").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / "_static" / "s.css").write_text("p{}")
    frame = "a" * 64 + ".png"
    (site / "_frames" / frame).write_bytes(b"png")
    (site / "page.html").write_text(
        '<html lang="en"><link rel="stylesheet" href="_static/s.css?v=1"><div class="nxc-explorer" '
        'data-nxc-frames="{&quot;frames&quot;: [[&quot;&quot;, &quot;&quot;, '
        f'&quot;{frame}&quot;, &quot;&quot;]]}}" '
        'data-nxc-base="_frames/"></div></html>'
    )
    first = offline.manifest(site)
    assert first["assets"] == ["_static/s.css?v=1"]
    assert first["figures"][0]["frames"] == [["", "", f"_frames/{frame}", ""]]
    assert first["sizes"][f"_frames/{frame}"] == 3
    (site / "page.html").write_text((site / "page.html").read_text().replace("<div", "<p>new</p><div"))
    second = offline.manifest(site)
    assert second["build"] != first["build"]
    assert second["pages"][0]["sha256"] != first["pages"][0]["sha256"]


@pytest.mark.site
def test_every_page_loads_the_offline_script_only_after_load_and_the_worker_is_at_the_root(site):
    worker = (site / offline.WORKER).read_text()
    build = json.loads((site / offline.MANIFEST).read_text())["build"]
    assert f'var BUILD = "{build}";' in worker
    for path in toc_files():
        text = (site / f"{path}.html").read_text()
        loader = re.search(r'<script id="nxc-offline-loader">(.*?)</script>', text, re.S)
        assert loader, f"{path}: no offline loader"
        assert loader.group(1).startswith('addEventListener("load"'), path
        assert not re.search(r'<script[^>]*\ssrc="[^"]*nxc-offline\.js', text), (
            f"{path}: the offline script is requested by the page itself, not after load"
        )


def test_a_pdf_published_beside_the_site_after_the_build_does_not_change_the_manifest(tmp_path):
    """`make handout` copies PDFs into the built site after the build wrote its manifest: a PDF
    is a document the reader downloads, not an asset a page needs (CI once failed on the
    difference, depending on whether the handout test had run first)."""
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "_static" / "s.css").write_text("p{}")
    (site / "page.html").write_text(
        '<html lang="en"><link rel="stylesheet" href="_static/s.css?v=1">'
        '<a href="handout/page-learner.pdf">PDF</a></html>'
    )
    before = offline.manifest(site)
    (site / "handout").mkdir()
    (site / "handout" / "page-learner.pdf").write_bytes(b"%PDF-1.7")
    after = offline.manifest(site)
    assert after == before
    assert "_static/s.css?v=1" in after["assets"]


def test_a_rebuilt_page_gets_the_loader_once_as_a_clean_build_writes_it(tmp_path):
    """Every build adds the loader again to the pages it did not rewrite: the page must stay
    byte for byte what a clean build writes (a page that grows each build is read again, and
    relinked, by every memo keyed on the page)."""
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "_static" / offline.SCRIPT).write_text("/* offline */")
    page = site / "page.html"
    clean = offline.add_loader("<html><body><p>text</p>\n</body></html>", page, site)
    assert offline.add_loader(clean, page, site) == clean
    assert offline.add_loader(offline.add_loader(clean, page, site), page, site) == clean
    # an edition's link adds its language switch after the loader: a rebuild keeps it there
    linked = clean.replace("</body>", '<script id="nxc-lang-keep">switch</script></body>')
    assert offline.add_loader(linked, page, site) == linked
    (site / "_static" / offline.SCRIPT).write_text("/* offline, changed */")
    again = offline.add_loader(linked, page, site)
    assert again == offline.add_loader(clean, page, site).replace(
        "</body>", '<script id="nxc-lang-keep">switch</script></body>'
    ), "a new offline script's loader is not where a clean build and link put it"


def test_an_editions_pages_joined_to_the_site_are_left_to_its_link(tmp_path):
    """The English build's build-finished steps run on the pages it wrote, not on the edition
    that the last `make book` put into the site (``it/``, with its own ``_static``): on a clean
    build that folder is not there yet, and the edition's link makes its pages."""

    class App:
        outdir = str(tmp_path / "html")

        class builder:
            format = "html"

    site = Path(App.outdir)
    for folder in (site / "_static", site / "it" / "_static", site / "book", site / "it" / "book"):
        folder.mkdir(parents=True)
    (site / "_static" / offline.SCRIPT).write_text("/* offline */")
    body = "<html><body><p>text</p></body></html>"
    for name in ("book/page.html", "it/book/page.html"):
        (site / name).write_text(body)
    offline._add_loaders(App, None)
    assert offline.LOADER_MARK in (site / "book" / "page.html").read_text()
    assert (site / "it" / "book" / "page.html").read_text() == body
