"""A lean head on every page (book/_ext/page_head.py): one trimmed style sheet, deferred
scripts, versioned assets, a description and a favicon; the index page a real document."""

from __future__ import annotations

import hashlib
import json
import re
import sys

import pytest

from conftest import ROOT, toc_files

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import page_head  # noqa: E402

pytestmark = pytest.mark.site

PAGES = [*toc_files(), "search", "genindex"]


def head_of(site, page: str) -> str:
    return (site / f"{page}.html").read_text().split("</head>", 1)[0]


@pytest.mark.parametrize("page", [*PAGES, "index"])
def test_every_page_has_a_description_and_a_favicon_that_resolves(site, page):
    head = head_of(site, page)
    descriptions = re.findall(r'<meta name="description" content="([^"]*)"', head)
    assert len(descriptions) == 1, f"{page}: {len(descriptions)} descriptions"
    assert 50 <= len(descriptions[0]) <= 170, f"{page}: description of {len(descriptions[0])} characters"
    icons = re.findall(r'<link rel="(?:shortcut )?icon" href="([^"]+)"', head)
    assert icons, f"{page}: no favicon link"
    target = (site / f"{page}.html").parent / icons[0].split("?", 1)[0]
    assert target.is_file(), f"{page}: the favicon {icons[0]} is not in the site"
    # the icon is fetched again at every change of the address (figure views live there): a
    # raster icon is decoded off the main thread, an SVG one parsed as a document on it
    assert target.suffix == ".png", f"{page}: the page icon {icons[0]} is not a PNG"
    assert (site / "favicon.ico").is_file(), "browsers ask for /favicon.ico"


def test_a_chapters_description_is_its_first_paragraph(site):
    head = head_of(site, "book/antagonism")
    text = re.search(r'<meta name="description" content="([^"]*)"', head).group(1)
    body = (site / "book" / "antagonism.html").read_text()
    first_words = " ".join(text.split()[:6])
    assert first_words in re.sub(r"<[^>]+>", "", body).replace("\n", " "), text


def test_the_index_page_is_a_complete_document(site):
    index = (site / "index.html").read_text()
    assert index.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in index and "<title>How Naltrexone Works</title>" in index
    first = re.search(r'url=([^"]+)"', index).group(1)
    assert (site / first).is_file()


def test_description_is_cut_at_a_word():
    text = "word " * 60
    cut = page_head.description(text)
    assert len(cut) <= 160 and cut.endswith("\u2026") and not cut[:-1].endswith(" ")
    assert page_head.description("A short one.") == "A short one."


def test_trimming_keeps_what_a_page_can_use():
    css = (
        ".used{color:red}.unused{color:blue}.used .unused{x:y}.a,.b{c:d}"
        "@media (min-width:1px){.used:not(.unused){e:f}.gone{g:h}}"
        "@font-face{font-family:X;src:url(x.woff2)}html[data-theme=dark] .used{i:j}"
    )
    trimmed = page_head.trim(css, {"used", "a"})
    assert ".used{color:red}" in trimmed and ".unused{color:blue}" not in trimmed
    assert ".used .unused" not in trimmed and ".a{c:d}" in trimmed
    assert ".used:not(.unused)" in trimmed and ".gone" not in trimmed
    assert "@font-face" in trimmed and "data-theme=dark" in trimmed


@pytest.mark.parametrize("page", PAGES)
def test_the_head_holds_one_style_sheet_and_no_blocking_script(site, page):
    head = head_of(site, page)
    sheets = re.findall(r'<link [^>]*rel="stylesheet"[^>]*>', head)
    assert len(sheets) == 1 and page_head.BUNDLE in sheets[0], f"{page}: {len(sheets)} style sheets"
    blocking = [
        tag
        for tag in re.findall(r"<script[^>]*\ssrc=[^>]*>", head)
        if not re.search(r"\s(defer|async)\b", tag) and 'type="module"' not in tag
    ]
    assert not blocking, f"{page}: render-blocking scripts {blocking}"
    html = (site / f"{page}.html").read_text()
    if page != "search":
        assert "searchindex.js" not in html, f"{page}: the search index is for the search page only"
    assert "scripts/fontawesome.js" not in html


def test_the_search_page_keeps_its_search(site):
    html = (site / "search.html").read_text()
    for script in ("searchtools.js", "language_data.js", "searchindex.js"):
        assert script in html


def test_the_one_style_sheet_is_a_fraction_of_the_themes(site):
    static = site / "_static"
    bundle = (static / page_head.BUNDLE).read_bytes()
    theme = (static / "styles" / "pydata-sphinx-theme.css").stat().st_size
    assert len(bundle) < theme / 2, f"{len(bundle)} bytes against the theme's {theme}"
    text = bundle.decode()
    for kept in ("bd-sidebar-primary", 'data-theme="dark"', "search-button", "nxc-", "mjx-assistive-mml"):
        assert kept in text, f"the trimmed style sheet lost {kept}"


@pytest.mark.parametrize("page", PAGES)
def test_every_static_asset_is_named_with_the_hash_of_its_bytes(site, page):
    html = (site / f"{page}.html").read_text()
    refs = re.findall(r'(?:src|href)="([^"]*_static/[^"]+)"', html)
    assert refs
    for ref in refs:
        path, _, query = ref.partition("?")
        file = (site / f"{page}.html").parent / path
        assert file.is_file(), f"{page}: {path} is not in the site"
        assert query == "v=" + hashlib.sha256(file.read_bytes()).hexdigest()[:12], f"{page}: {ref}"


def test_urls_in_the_style_sheet_are_versioned_and_no_source_maps_are_shipped(site):
    static = site / "_static"
    bundle = (static / page_head.BUNDLE).read_text()
    for url in re.findall(r'url\("([^"]+)"\)', bundle):
        if url.startswith("data:"):
            continue
        path, _, query = url.partition("?")
        assert (static / path).is_file(), url
        assert query.startswith("v="), url
    assert not list(static.rglob("*.map"))
    for asset in [*static.rglob("*.js"), *static.rglob("*.css")]:
        tail = asset.read_text(errors="ignore")[-300:]
        assert not re.search(r"[#@] sourceMappingURL=\S+\s*(\*/)?\s*$", tail), asset


@pytest.mark.parametrize("page", toc_files())
def test_no_paragraph_inside_a_summary(site, page):
    html = (site / f"{page}.html").read_text()
    for summary in re.findall(r"<summary[^>]*>(.*?)</summary>", html, re.S):
        assert "<p" not in summary, f"{page}: <p> inside <summary>"


def test_code_cells_keep_the_themes_light_and_dark_colours(site):
    """The one style sheet holds the theme's accessible code colours for each theme (it writes
    them into pygments.css at build-finished), not Sphinx's single default style, whose
    colours fall below 4.5:1 on a code cell's grey."""
    sheet = (site / "_static" / "nxc-site.css").read_text()
    for theme in ("light", "dark"):
        assert re.search(rf'html\[data-theme="{theme}"\]\s*\.highlight', sheet), f"no {theme} code colours"
    assert not re.search(r"(?<![\]\w-])\s*\.highlight \.nn\s*\{\s*color:\s*#0E84B5", sheet, re.I), (
        "Sphinx's default code colours are in the style sheet"
    )


def test_code_cells_keep_myst_nbs_input_and_output_boxes(site):
    """An instructor's code cell shows its input in a box with a coloured margin and its
    output set in below it: myst-nb's cell style sheet is in the one style sheet (a clean
    build once left it out, because myst-nb copies it after the bundle was written)."""
    sheet = (site / "_static" / "nxc-site.css").read_text()
    assert re.search(r"div\.cell\s*>\s*div\.cell_input\s*\{[^}]*border-left-color", sheet), (
        "no style for a code cell's input box"
    )
    assert re.search(r"(^|[},])\s*\.cell_output\s*\{[^}]*padding-left", sheet, re.M), (
        "no style for a code cell's output"
    )


def test_the_books_own_scripts_are_sent_minified_and_still_say_the_same(site):
    """book/_assets/*.js are written with comments for contributors; the site sends them
    without (rjsmin), with every string of the source kept (class names, messages)."""
    sources = sorted((ROOT / "book" / "_assets").glob("*.js"))
    assert sources, "the book has scripts of its own"
    for source in sources:
        text = source.read_text(encoding="utf-8")
        shipped = (site / "_static" / source.name).read_text(encoding="utf-8")
        assert len(shipped) < 0.8 * len(text), f"{source.name} is sent as written ({len(shipped)} characters)"
        code = "\n".join(
            line.split(" // ", 1)[0]
            for line in text.splitlines()
            if not line.lstrip().startswith(("//", "/*", "*"))
        )
        literals = re.findall(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""", code)
        for literal in {w for w in literals if len(w) >= 8}:
            assert literal in shipped, f"{source.name}: the string {literal!r} was lost in minifying"


def test_the_trimmed_style_sheet_is_kept_while_its_inputs_stay_the_same(tmp_path):
    cache = tmp_path / "trim.json"
    css = ".kept { color: red } .gone { color: blue }"
    first = page_head._trimmed(css, {"kept"}, cache)
    assert ".kept" in first and ".gone" not in first
    assert page_head._trimmed(css, {"kept"}, cache) == first
    kept = json.loads(cache.read_text())
    last_build = page_head.parse_for_trim("/* from the last build */ .kept { top: 1px }")
    cache.write_text(json.dumps({**kept, "parsed": last_build}))
    assert "top: 1px" in page_head._trimmed(css, {"kept"}, cache), "an unchanged style sheet is parsed again"
    again = page_head._trimmed(css, {"kept", "gone"}, cache)
    assert "top: 1px" in again, "a new class on a page parses the unchanged style sheet again"
    assert page_head._trimmed(css, {"kept", "gone"}, tmp_path / "fresh.json") == page_head.trim(
        css, {"kept", "gone"}
    )
    changed = page_head._trimmed(css + " .kept b { top: 0 }", {"kept", "gone"}, cache)
    assert ".kept b" in changed, "a changed style sheet trims again"


def test_a_style_sheet_parsed_once_trims_as_it_did_for_any_words():
    """What a rebuild writes from the kept parse (after a page gains or loses a class, e.g. an
    edition's pending-translation notice) is what trimming the style sheet afresh writes."""
    css = (
        '@charset "utf-8"; @import url(x.css); .a, .b > .c:not(.d) { color: red }\n'
        "@media (max-width: 10px) { .b { top: 0 } #e .a { left: 0 } }\n"
        "@font-face { font-family: f; src: url(f.woff2) } :root { --x: 1 }\n"
        "@supports (display: grid) { @media print { .c[data-x='.z'] { margin: 0 } } }"
    )
    parsed = json.loads(json.dumps(page_head.parse_for_trim(css)))  # as the cache file keeps it
    for words in [set(), {"a"}, {"b"}, {"b", "c"}, {"a", "b", "c", "d", "e"}, {"c", "e"}]:
        assert page_head.trim_parsed(parsed, words) == page_head.trim(css, words), words
