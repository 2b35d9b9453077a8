"""Editions (tools/editions.py): another language's build joins the site under ``<lang>/``,
its frames in the site's one content-addressed ``_frames/`` folder, and every page with a twin
gets a language switch that keeps the reader's place and figure view; the pages keep a valid
Content-Security-Policy and the offline manifest lists both editions.

The edition here is made from the English build (its pages marked Italian): these tests check
the machinery, not a translation."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading

import pytest
from test_browser import current, expected_alt, figure_info, wait_ready, wait_until

from conftest import ROOT, _QuietHandler

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
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
    first = re.search(r"_frames/([0-9a-f]{64}\.png)", (site / f"{FIGURE_PAGE}.html").read_text()).group(1)
    own.write_bytes((site / "_frames" / first).read_bytes() + b"it")
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8").replace('<html lang="en"', '<html lang="it"', 1)
        if page.name == "antagonism.html":  # the edition's page shows its own frame
            text = text.replace(first, own.name)
        page.write_text(text, encoding="utf-8")
    return copy, tmp_path / "build", own.name


@pytest.mark.site
def test_an_edition_joins_the_site_with_shared_frames_switches_and_manifest(site, tmp_path):
    copy, build, own = _fake_edition(site, tmp_path)
    stale = copy / "_frames" / ("f" * 64 + ".png")  # a frame no page uses any more
    stale.write_bytes(b"old")
    assert editions.link(copy, build) == 0
    assert not stale.exists(), "a frame no page uses stays in the site (and in the saved copy)"
    italian = (copy / "it" / f"{FIGURE_PAGE}.html").read_text()
    english = (copy / f"{FIGURE_PAGE}.html").read_text()
    assert not (copy / "it" / "_frames").exists(), "the edition keeps a frames folder of its own"
    assert (copy / "_frames" / own).exists(), "the edition's own frame is not in the site's _frames"
    names = set(re.findall(r"(\.\./)*_frames/([0-9a-f]{64}\.png)", italian))
    assert names and all(up == "../" for up, _ in names), "the edition's frames do not point at the site's"
    assert all((copy / "_frames" / name).exists() for _, name in names)
    teaching = (copy / "it" / "book" / "teaching.html").read_text()
    assert 'href="../../handout/course-learner.pdf"' in teaching, "the edition's handout link leads nowhere"
    assert 'href="../handout/' not in teaching
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
        italian = page.locator(".nxc-explorer").first
        assert current(italian) == indices, "the Italian page does not open in the same view"
        alt_it = expected_alt(figure_info(italian), indices)  # the same frame, in its own words
        shown = italian.locator(".nxc-frame img")
        wait_until(page, "([img, alt]) => img.alt === alt", [shown.element_handle(), alt_it])
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


def test_the_completeness_check_reads_an_images_alt_text():
    """A picture's alt text is what a screen reader says: an English one on an Italian page is
    an English sentence (the figure-style page's palette sheet kept the English build's)."""
    page = (
        '<article class="bd-article"><h1>Stile delle figure</h1><p>Ogni figura parla una lingua.</p>'
        '<div class="cell_output"><img src="data:image/png;base64,AAAA" alt="The house style: the mu, '
        'kappa and delta receptors as solid blue, dashed vermillion and dotted green lines."></div>'
        '<picture><img src="a.png" alt="Lo stile del corso: i recettori mu, kappa e delta."></picture>'
        '<div class="cell_input docutils container"><pre>import style</pre></div>'
        '<picture><img src="b.png" alt="At 1 nM, 48% of the mu receptors are occupied and the rest '
        'are free."></picture>'
        "</article>"
    )
    found = editions.english_sentences(page)
    assert len(found) == 2, found
    assert found[0].endswith("dashed vermillion and dotted green lines."), found
    assert found[1].startswith("At 1 nM, 48% of the mu"), "an image after a code cell counts too"


def test_the_completeness_check_reads_the_prose_after_a_code_cell():
    """A code cell's input is left out, not everything after it (the pattern that dropped the
    bibliography once dropped the rest of the page from the first code cell on: 68-95% of the
    article on the pages that show code)."""
    page = (
        '<article class="bd-article"><h1>Il recettore</h1><p>Il naltrexone occupa il recettore.</p>'
        '<div class="cell docutils container"><div class="cell_input docutils container">'
        '<div class="highlight"><pre>print("the value of the model is shown as it is")</pre></div></div>'
        '<div class="cell_output docutils container"><pre>mu: 0.50 of the receptors are occupied at 1 nM'
        "</pre></div></div>"
        "<p>The label only shows that 50 mg blocked 25 mg of heroin for up to 24 hours.</p>"
        '<section id="references"><p>Lee, M. C. and the authors of the study of the brain.</p></section>'
        "</article>"
    )
    assert editions.english_sentences(page) == [
        "The label only shows that 50 mg blocked 25 mg of heroin for up to 24 hours."
    ]


def test_a_pending_passage_counts_unless_the_page_says_so():
    """A passage the edition shows in English because its translation is pending (marked
    ``nxc-pending``) is left out of the English-sentence check only on a page that carries the
    notice; without the notice it would be shown as if translated, and it counts."""
    passage = (
        '<p class="language-en nxc-pending" lang="en">The label only shows that 50 mg blocked '
        "25 mg of heroin for up to 24 hours.</p>"
        '<div class="nxq nxc-pending" lang="en"><div><p>Which of these is true of the blockade?'
        " It fades with the tablets.</p></div></div>"
    )
    notice = '<div class="admonition note nxc-pending-notice"><p>Traduzione in corso.</p></div>'
    page = '<article class="bd-article"><h1>Sicurezza</h1>{}<p>Nessun blocco protegge.</p></article>'
    assert editions.english_sentences(page.format(notice + passage)) == []
    assert len(editions.english_sentences(page.format(passage))) == 3


def test_a_self_check_text_missing_from_its_catalogue_stays_english_and_is_listed():
    """In a build (``pending`` given), a question text the catalogue lacks or leaves empty is
    kept in English and listed, instead of failing the whole edition; a translated one is
    translated."""
    import question_i18n

    catalogue = {"Old prompt": "Vecchia domanda", "Empty": ""}
    pending: list[str] = []
    assert question_i18n.translate("Old prompt", catalogue, "page", pending) == "Vecchia domanda"
    assert question_i18n.translate("A new prompt", catalogue, "page", pending) == "A new prompt"
    assert question_i18n.translate("Empty", catalogue, "page", pending) == "Empty"
    assert pending == ["A new prompt", "Empty"]


def test_a_changed_english_paragraph_is_shown_as_english_with_a_notice_and_listed(tmp_path):
    """English text changed after the catalogue was translated (the paragraph's message is not
    in the catalogue): the edition's page keeps that paragraph in English marked lang="en",
    says so in a notice at the top, and lists the message in pending.json; the translated
    paragraph is translated and unmarked."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    (src / "locales" / "it" / "LC_MESSAGES").mkdir(parents=True)
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_parser', 'edition_pending']\n"
        "language = 'it'\nlocale_dirs = ['locales']\ngettext_compact = False\n"
    )
    (src / "index.md").write_text(
        "# Safety\n\nNo blockade protects against an overdose.\n\n"
        "The label reports a blockade for about 28 days, and this sentence changed.\n"
    )
    (src / "locales" / "it" / "LC_MESSAGES" / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Safety"\nmsgstr "Sicurezza"\n\n'
        'msgid "No blockade protects against an overdose."\n'
        'msgstr "Nessun blocco protegge da un sovradosaggio."\n\n'
        'msgid "The label reports a blockade for about 28 days."\n'
        'msgstr "La scheda tecnica riporta un blocco per circa 28 giorni."\n',
        encoding="utf-8",
    )
    out = tmp_path / "build" / "html"
    app = Sphinx(src, src, out, tmp_path / "doctrees", "html", status=None, warning=None, freshenv=True)
    app.build()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Nessun blocco protegge da un sovradosaggio." in page
    assert re.search(r'<p class="[^"]*nxc-pending[^"]*" lang="en">The label reports a blockade', page)
    assert "nxc-pending-notice" in page and page.index("nxc-pending-notice") < page.index("Nessun blocco")
    listed = json.loads((tmp_path / "build" / "pending.json").read_text(encoding="utf-8"))
    assert listed == {"index": ["The label reports a blockade for about 28 days, and this sentence changed."]}
    assert editions.english_sentences(page) == []


def test_untranslated_counts_empty_and_fuzzy_messages(tmp_path):
    po = tmp_path / "it" / "LC_MESSAGES" / "book" / "page.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "One"\nmsgstr "Uno"\n\n#, fuzzy\nmsgid "Two"\nmsgstr "Due?"\n\nmsgid "Three"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert editions.untranslated("it", tmp_path) == {"book/page": 2}


# ----------------------------------------------------------------------------- the built edition
def _figures(page_html: str) -> dict[str, str]:
    """Each figure's id -> the default frame its page shows first (the wide 1x file)."""
    found = {}
    for match in re.finditer(
        r'<div class="nxc-explorer" id="([^"]+)".*?<img src="[^"]*?([0-9a-f]{64}\.png)"', page_html, re.S
    ):
        found[match.group(1)] = match.group(2)
    return found


@pytest.mark.site
def test_every_english_page_has_an_italian_twin_with_its_figures_drawn_again(site):
    """`make book` builds both editions: every page has its twin under it/, in Italian, with the
    same figures (same ids: the switch keeps their view) whose frames were drawn again through
    the figure catalogue (text drawn, so other pixels than the English frame), every frame
    file in the site's one _frames folder, and glued numbers with a decimal comma."""
    english_pages = sorted(site.glob("book/*.html"))
    assert english_pages
    redrawn = 0
    for english in english_pages:
        twin = site / "it" / english.relative_to(site)
        assert twin.exists(), f"{english.name} has no Italian twin"
        italian = twin.read_text(encoding="utf-8")
        assert '<html lang="it"' in italian
        ours, theirs = _figures(italian), _figures(english.read_text(encoding="utf-8"))
        assert set(ours) == set(theirs), f"{english.name}: the editions show other figures"
        for fid, frame in ours.items():
            assert (site / "_frames" / frame).exists(), f"it/{english.name} {fid}: {frame} missing"
            assert frame != theirs[fid], f"it/{english.name} {fid}: the English frame, not redrawn"
            redrawn += 1
        for number in re.findall(r'<span class="pasted-text">([^<]*)</span>', italian):
            assert not re.search(r"\d\.\d", number), f"it/{english.name}: glued {number!r} not Italian"
        for name in re.findall(r"[0-9a-f]{64}\.png", italian):
            assert (site / "_frames" / name).exists(), f"it/{english.name}: frame {name} missing"
    assert redrawn >= 10


@pytest.mark.site
def test_every_frame_of_an_italian_page_is_drawn_in_italian_dark_ones_too(site):
    """Every frame an Italian page can show (light and dark, narrow and wide, 1x and 2x, every
    view) is a file of its own, not the English twin's: each holds words (a title, axes), so an
    English file there would put English text in front of an Italian reader. (The dark frames
    of issue 29 were kept from the English build until the edition drew them too.)"""
    shared = {}
    for english in sorted(site.glob("book/*.html")):
        twin = site / "it" / english.relative_to(site)
        ours = set(re.findall(r"[0-9a-f]{64}\.png", twin.read_text(encoding="utf-8")))
        theirs = set(re.findall(r"[0-9a-f]{64}\.png", english.read_text(encoding="utf-8")))
        if ours & theirs:
            shared[english.name] = len(ours & theirs)
    assert not shared, f"Italian pages showing English frames: {shared}"


@pytest.mark.site
def test_the_italian_edition_is_complete(site, capsys):
    """The completeness check (`tools/editions.py check it`): every page has its twin, every
    catalogue (prose, self-checks, figures, controls) is translated, and no Italian page's main
    text holds an English sentence. It fails until the translation is done."""
    status = editions.check("it", site)
    report = capsys.readouterr().out
    assert status == 0, report[-3000:]


def test_every_local_extension_is_loaded():
    """Each extension _config.yml declares under sphinx.local_extensions is in the extensions
    Sphinx loads: sphinx.config's own list replaces the one local_extensions extends, and an
    extension missing from it is silently never loaded (edition_glue was: the Italian build
    then failed with 188 glue warnings)."""
    import yaml
    from jupyter_book.config import get_final_config

    declared = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["local_extensions"]
    config, _ = get_final_config(user_yaml=ROOT / "_config.yml", cli_config={"latex_individualpages": False})
    assert set(declared) <= set(config["extensions"]), set(declared) - set(config["extensions"])


@pytest.mark.site
def test_an_edition_page_evaluates_no_string_as_script(site):
    """Sphinx's translations.js of an edition compiled its plural rule with ``new Function``,
    which every page's Content-Security-Policy refuses (a page error on every Italian page):
    the edition's copy sets the same catalogue without evaluating a string."""
    script = (site / "it" / "_static" / "translations.js").read_text(encoding="utf-8")
    assert editions.ADD_TRANSLATIONS not in script
    assert '"locale": "it"' in script and editions.SET_TRANSLATIONS in script


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.site
def test_a_relink_after_a_rebuild_redoes_the_changed_pages_as_a_whole_link_would(site, tmp_path):
    """link() redoes only what changed (its memo): after one edition page and its English twin
    are built again, and a page is no longer built, the site is the one a link from nothing
    makes (the new sentence in, the switches, policies and manifest right)."""
    copy, build, _ = _fake_edition(site, tmp_path)
    assert editions.link(copy, build) == 0
    built = build / "it" / "html"
    page = built / "book" / "safety.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</h1>", "</h1><p>Una frase nuova.</p>", 1), encoding="utf-8")
    english = copy / "book" / "safety.html"  # the English build wrote it again: no switch
    english.write_text((site / "book" / "safety.html").read_text(encoding="utf-8"), encoding="utf-8")
    (built / "book" / "glossary.html").unlink()
    assert editions.link(copy, build) == 0
    linked = (copy / "it" / "book" / "safety.html").read_text(encoding="utf-8")
    assert "Una frase nuova." in linked
    assert 'hreflang="it"' in english.read_text(encoding="utf-8"), "the English page lost its switch"
    assert not (copy / "it" / "book" / "glossary.html").exists(), "a page no longer built stays"
    incremental = _files(copy)

    fresh_copy, fresh_build, _ = _fake_edition(site, tmp_path / "fresh")
    shutil.rmtree(fresh_build / "it" / "html")
    shutil.copytree(built, fresh_build / "it" / "html")
    fresh_english = fresh_copy / "book" / "safety.html"
    fresh_english.write_text(english.read_text(encoding="utf-8"), encoding="utf-8")
    assert editions.link(fresh_copy, fresh_build) == 0
    whole = _files(fresh_copy)
    assert incremental.keys() == whole.keys()
    differ = [name for name in whole if incremental[name] != whole[name]]
    assert not differ, f"the relinked site differs from a whole link: {differ[:5]}"


@pytest.mark.site
def test_the_italian_navigation_names_the_parts_of_the_book_in_italian(site):
    """The sidebar's part captions come from ``_toc.yml``: every Italian page shows the root
    page's catalogue translations of them (they were English: sphinx-external-toc adds the
    toctrees after Sphinx has translated the page; book/_ext/edition_captions.py)."""
    import html

    import edition_figures
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    captions = [part["caption"] for part in toc["parts"]]
    root = toc["root"]
    catalogue = edition_figures.load(ROOT / "locales" / "it" / "LC_MESSAGES" / f"{root}.po")
    wanted = [catalogue.get(caption) for caption in captions]
    assert all(wanted) and wanted != captions, f"the captions {captions} are not translated in {root}.po"
    for page in (root, FIGURE_PAGE, "book/glossary"):
        shown = [
            html.unescape(c)
            for c in re.findall(r'caption-text">([^<]*)<', (site / "it" / f"{page}.html").read_text())
        ]
        assert shown and set(shown) == set(wanted), f"it/{page}.html names the parts {shown}, not {wanted}"
