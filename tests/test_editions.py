"""Editions (tools/editions.py): another language's build joins the site under ``<lang>/``,
its frames in the site's one content-addressed ``_frames/`` folder, and every page with a twin
gets a language switch that keeps the reader's place and figure view; the pages keep a valid
Content-Security-Policy and the offline manifest lists both editions.

The edition here is made from the English build (its pages marked Italian): these tests check
the machinery, not a translation."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import sys
import threading

import pytest
from test_browser import expected_alt, figure_info, wait_ready, wait_until

from conftest import ROOT, _QuietHandler

sys.path.insert(0, str(ROOT / "tools"))
import editions  # noqa: E402

FIGURE_PAGE = "book/antagonism"


def _fake_edition(site, tmp_path):
    """(site copy, build folder with an 'it' edition made from the English pages)."""
    copy = tmp_path / "html"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("it"))
    built = tmp_path / "build" / "it" / "html"
    shutil.copytree(site, built, ignore=shutil.ignore_patterns("it", "_frames"))
    (built / "_frames").mkdir()
    own = built / "_frames" / ("e" * 64 + ".png")  # a frame only this edition has
    own.write_bytes((site / "_frames" / next((site / "_frames").iterdir()).name).read_bytes() + b"it")
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8").replace('<html lang="en"', '<html lang="it"', 1)
        page.write_text(text, encoding="utf-8")
    return copy, tmp_path / "build", own.name


@pytest.mark.site
def test_an_edition_joins_the_site_with_shared_frames_switches_and_manifest(site, tmp_path):
    copy, build, own = _fake_edition(site, tmp_path)
    assert editions.link(copy, build) == 0
    italian = (copy / "it" / f"{FIGURE_PAGE}.html").read_text()
    english = (copy / f"{FIGURE_PAGE}.html").read_text()
    assert not (copy / "it" / "_frames").exists(), "the edition keeps a frames folder of its own"
    assert (copy / "_frames" / own).exists(), "the edition's own frame is not in the site's _frames"
    names = set(re.findall(r"(\.\./)*_frames/([0-9a-f]{64}\.png)", italian))
    assert names and all(up == "../" for up, _ in names), "the edition's frames do not point at the site's"
    assert all((copy / "_frames" / name).exists() for _, name in names)
    assert (
        '<a class="nxc-lang" href="../it/book/antagonism.html" hreflang="it" lang="it">Italiano</a>'
        in english
    )
    assert (
        '<a class="nxc-lang" href="../../book/antagonism.html" hreflang="en" lang="en">English</a>' in italian
    )
    assert 'src="../../_static/nxc-offline.js' in italian, "the edition does not use the site's worker"
    assert not (copy / "it" / "nxc-sw.js").exists()
    manifest = editions.json.loads((copy / "nxc-offline.json").read_text())
    langs = {p["lang"] for p in manifest["pages"]}
    assert langs == {"en", "it"}
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from nxc_explorer import nxc_frames

    for text in (italian, english):
        assert nxc_frames.add_policy(text) == text, "a page's policy does not match its inline scripts"
    again = editions.link(copy, build)  # linking twice changes nothing
    assert again == 0 and (copy / f"{FIGURE_PAGE}.html").read_text() == english


@pytest.mark.browser
def test_the_language_switch_keeps_the_figure_view(browser, site, tmp_path):
    copy, build, _ = _fake_edition(site, tmp_path)
    editions.link(copy, build)
    handler = functools.partial(_QuietHandler, directory=str(copy))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.add_init_script(
        "window.__csp=[];document.addEventListener('securitypolicyviolation',"
        "e=>window.__csp.push(e.violatedDirective))"
    )
    try:
        page.goto(f"{base}/{FIGURE_PAGE}.html", wait_until="load")
        wait_ready(page)
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
                "(c, v) => { c.value = v; c.dispatchEvent(new Event('input', {bubbles: true}));"
                " c.dispatchEvent(new Event('change', {bubbles: true})); }",
                str(target),
            )
        indices = [c["index"] for c in info["controls"]]
        indices[0] = target
        alt = expected_alt(info, indices)
        wait_until(page, "(id) => location.hash.startsWith('#' + id + '?')", info["id"], timeout_ms=5000)
        page.locator("a.nxc-lang").click()
        page.wait_for_url(re.compile(r"/it/book/antagonism\.html#"), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "it"
        wait_ready(page)
        shown = page.locator(".nxc-explorer").first.locator(".nxc-frame img")
        wait_until(page, "([img, alt]) => img.alt === alt", [shown.element_handle(), alt])
        wait_until(page, "(img) => img.complete && img.naturalWidth > 0", shown.element_handle())
        # and back: the English page opens in the same view
        page.locator("a.nxc-lang").click()
        page.wait_for_url(re.compile(r"/book/antagonism\.html#"), wait_until="load")
        assert "/it/" not in page.url
        wait_ready(page)
        back = page.locator(".nxc-explorer").first.locator(".nxc-frame img")
        wait_until(page, "([img, alt]) => img.alt === alt", [back.element_handle(), alt])
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
        httpd.shutdown()
    assert not errors, errors


def test_the_completeness_check_finds_english_sentences_but_not_citations_or_code():
    page = (
        '<html><body><article class="bd-article"><h1>Sicurezza</h1>'
        "<p>Nessun blocco protegge da un sovradosaggio, in nessun momento.</p>"
        "<p>The label only shows that 50 mg blocked 25 mg of heroin for up to 24 hours.</p>"
        '<p>Il rischio è più alto <a class="reference internal" href="#x">'
        "(Gibson and Degenhardt, 2007)</a>.</p>"
        "<pre>the code of the model is not prose and is not translated</pre>"
        '<div class="footnote-list"><p>Lee, M. C. and the authors of the study of the brain</p></div>'
        "</article></body></html>"
    )
    found = editions.english_sentences(page)
    assert found == ["The label only shows that 50 mg blocked 25 mg of heroin for up to 24 hours."]


def test_untranslated_counts_empty_and_fuzzy_messages(tmp_path):
    po = tmp_path / "it" / "LC_MESSAGES" / "book" / "page.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "One"\nmsgstr "Uno"\n\n#, fuzzy\nmsgid "Two"\nmsgstr "Due?"\n\nmsgid "Three"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert editions.untranslated("it", tmp_path) == {"book/page": 2}
