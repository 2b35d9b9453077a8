"""The built book in _build/html: every page, its widget state, nothing from other origins."""

from __future__ import annotations

import html as htmllib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, pages_drawing_figures, pages_with_figures, toc_files

pytestmark = pytest.mark.site

EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


class ResourceParser(HTMLParser):
    """Collects every URL a page would *load* (scripts, styles, images, frames...)."""

    LOADING = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.LOADING and attributes.get(self.LOADING[tag]):
            self.urls.append(attributes[self.LOADING[tag]])
        if tag == "link" and attributes.get("href"):
            rel = (attributes.get("rel") or "").lower()
            loading_rels = ("stylesheet", "preload", "icon", "modulepreload", "prefetch", "manifest")
            if any(r in rel for r in loading_rels):
                self.urls.append(attributes["href"])
        if attributes.get("srcset"):
            self.urls.extend(part.split()[0] for part in attributes["srcset"].split(","))
        if attributes.get("style"):
            self.urls.extend(re.findall(r"url\(['\"]?([^'\")]+)", attributes["style"]))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


WIDGET_STATE = r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>'
WIDGET_VIEW = r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>'
STATE_MIME = "application/vnd.jupyter.widget-state+json"
SCHEMAS = Path(__file__).parent / "vendor" / "jupyter-widgets-schema"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def _native():
    from nxc_explorer import native_controls

    return native_controls


def saved_widgets(site: Path, page: str) -> tuple[dict, list[str]]:
    """The widget state myst-nb saved for ``page`` (what Jupyter and Binder show as widgets,
    and what nxc_explorer.native_controls rendered the page's controls from, kept beside the
    site) and its figures' widget view ids, in page order."""
    record = site.parent / ".nxc_widget_state" / f"{page}.json"
    assert record.exists(), f"{record} is missing: nxc_explorer.native_controls did not run in the build"
    saved = json.loads(record.read_text())
    return saved["document"], saved["views"]


def native_controls(page_html: str) -> list[list[dict]]:
    """Each figure's native controls in the built page: kind, label, option labels, default."""
    figures = []
    for figure in re.split(r'<div class="nxc-explorer"', page_html)[1:]:
        controls = re.search(r'<div class="nxc-controls">(.*?)</div><figure', figure, re.S)
        assert controls, "a figure has no native controls"
        found = []
        for kind, body in re.findall(
            r'<(?:div|fieldset) class="nxc-control nxc-(slider|buttons|select|toggle)"(.*?)'
            r"(?=<div class=\"nxc-control|<fieldset class=\"nxc-control|$)",
            controls.group(1),
            re.S,
        ):
            label = htmllib.unescape(re.search(r'class="nxc-label"[^>]*>([^<]*)<', body).group(1))
            if kind == "slider":
                labels = json.loads(htmllib.unescape(re.search(r'data-nxc-labels="([^"]*)"', body).group(1)))
                index = int(re.search(r'<input type="range"[^>]* value="(\d+)"', body).group(1))
                top = int(re.search(r'<input type="range"[^>]* max="(\d+)"', body).group(1))
                assert top == len(labels) - 1, f"slider {label!r}: max {top} for {len(labels)} values"
                spoken = htmllib.unescape(re.search(r'aria-valuetext="([^"]*)"', body).group(1))
                shown = htmllib.unescape(re.search(r'class="nxc-readout"[^>]*>([^<]*)<', body).group(1))
                assert spoken == shown == labels[index], (
                    f"slider {label!r} speaks {spoken!r}, shows {shown!r}"
                )
            elif kind == "toggle":  # a checkbox: its states as a reader reads them, ticked or not
                box = re.search(r'<input type="checkbox"[^>]*>', body).group(0)
                labels = json.loads(htmllib.unescape(re.search(r'data-nxc-labels="([^"]*)"', box).group(1)))
                index = 1 if re.search(r"\schecked\b", box) else 0
            elif kind == "buttons":
                radios = re.findall(
                    r'<input type="radio"[^>]*value="(\d+)"([^>]*)><span>([^<]*)</span>', body
                )
                labels = [htmllib.unescape(t) for *_, t in radios]
                (index,) = [int(v) for v, rest, _ in radios if "checked" in rest]
            else:
                options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', body)
                labels = [htmllib.unescape(t) for *_, t in options]
                (index,) = [int(v) for v, chosen, _ in options if chosen]
            found.append({"kind": kind, "label": label, "labels": labels, "index": index})
        figures.append(found)
    return figures


@pytest.mark.parametrize("page", pages_with_figures())
def test_saved_widget_state_follows_the_widget_schemas(site, page):
    """The state Jupyter and Binder read (the executed notebook), valid by the widget schemas."""
    import jsonschema

    document, views = saved_widgets(site, page)
    assert document.get("state"), f"{page}: no widget state saved"
    jsonschema.validate(document, json.loads((SCHEMAS / "state.schema.json").read_text()))
    assert views, f"{page}: no widget views"
    assert all(v in document["state"] for v in views), f"{page}: a widget view has no state"


@pytest.mark.parametrize("page", pages_with_figures())
def test_every_figures_native_controls_offer_exactly_its_widget_options(site, page):
    """The one source of both renderings: for every figure, the page's native controls offer
    exactly the saved widget's options, in the same order, with the same labels and the
    same default, one control per widget control and of its kind."""
    native = _native()
    document, views = saved_widgets(site, page)
    rendered = native_controls((site / f"{page}.html").read_text())
    source_calls = len(re.findall(r"\bexplore\(", (Path(__file__).parents[1] / f"{page}.md").read_text()))
    assert len(views) == len(rendered) == source_calls, (
        f"{page}: {source_calls} explore() calls, {len(views)} widget views, {len(rendered)} native figures"
    )
    kinds = {
        "SelectionSliderModel": "slider",
        "ToggleButtonsModel": "buttons",
        "DropdownModel": "select",
        "CheckboxModel": "toggle",
    }
    state = document["state"]
    specs = [
        json.loads(htmllib.unescape(spec))
        for spec in re.findall(
            r'<div class="nxc-explorer"[^>]*data-nxc-frames="([^"]*)"', (site / f"{page}.html").read_text()
        )
    ]
    for n, (view, controls) in enumerate(zip(views, rendered)):
        widget_controls = [state[c.removeprefix("IPY_MODEL_")] for c in state[view]["state"]["children"][:-1]]
        # a checkbox has no option labels: its states are the figure's (the explorer's spec)
        states = [c.get("labels") for c in specs[n]["controls"]]
        expected = [
            {
                "kind": kinds[m["model_name"]],
                "label": m["state"]["description"],
                "labels": toggle if m["model_name"] == "CheckboxModel" else m["state"]["_options_labels"],
                "index": int(m["state"]["value"])
                if m["model_name"] == "CheckboxModel"
                else m["state"]["index"],
            }
            for m, toggle in zip(widget_controls, states)
        ]
        assert controls == expected, f"{page}, figure {n + 1}: native controls differ from the widget"
        model = native.figure_model(state, view)  # and each moves the frame level its jslink moves
        assert [c["axis"] for c in model["controls"]] == list(range(len(controls)))


def test_every_page_of_the_table_of_contents_is_built(site):
    missing = [f for f in toc_files() if not (site / f"{f}.html").exists()]
    assert not missing, f"pages in _toc.yml with no HTML: {missing}"


@pytest.mark.parametrize("page", toc_files())
def test_no_page_ships_the_widget_bundle_widget_state_or_views(site, page):
    html = (site / f"{page}.html").read_text()
    assert not re.search(WIDGET_STATE, html, re.S), f"{page}: the widget state is shipped to the page"
    assert not re.search(WIDGET_VIEW, html, re.S), f"{page}: a widget view is shipped to the page"
    for script in ("embed.js", "embed-amd.js", "require.min.js", "html-manager", "slider-names.js"):
        assert script not in html, f"{page}: loads {script}"
    assert not (site / "_static" / "widgets").exists(), "the widget bundle is still in the site"


def test_no_page_loads_anything_from_another_origin(site):
    offenders = {}
    for page in html_pages(site):
        parser = ResourceParser()
        parser.feed(page.read_text())
        external = [u for u in parser.urls if EXTERNAL.match(u)]
        if external:
            offenders[str(page.relative_to(site))] = external
    assert not offenders, f"pages load resources from other origins: {offenders}"


def test_no_stylesheet_loads_anything_from_another_origin(site):
    offenders = {}
    for css in site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(errors="ignore"))
        imports = re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(errors="ignore"))
        external = [u for u in urls + imports if EXTERNAL.match(u)]
        if external:
            offenders[str(css.relative_to(site))] = external
    assert not offenders, f"stylesheets load from other origins: {offenders}"


def test_figures_run_on_the_books_own_small_script(site):
    html = (site / "book" / "antagonism.html").read_text()
    tag = re.search(r'<script [^>]*src="\.\./_static/nxc-explorer\.js[^"]*"[^>]*>', html)
    assert tag and "async" in tag.group(0), "the figure script is an async file of the book's own"
    import gzip

    script = (site / "_static" / "nxc-explorer.js").read_bytes()
    sent = len(gzip.compress(script, 6))
    assert sent < 6_000, f"nxc-explorer.js is {sent} bytes gzip ({len(script)} raw): a few kB, no framework"
    assert "require.min.js" not in html


@pytest.mark.parametrize("page", toc_files())
def test_no_error_output_on_any_page(site, page):
    html = (site / f"{page}.html").read_text()
    for marker in ('class="output traceback', 'class="output stderr', "Traceback (most recent call last)"):
        assert marker not in html, f"{page}.html shows an error output ({marker})"


@pytest.mark.parametrize("page", toc_files())
def test_every_page_carries_the_disclaimer(site, page):
    text = re.sub(r"<[^>]+>", " ", (site / f"{page}.html").read_text())
    assert "not medical advice" in text.lower(), f"{page}.html lacks the educational-use disclaimer"


def test_built_book_was_executed_with_the_current_models(site):
    """The freshness extension ran in the build and recorded each chapter's fingerprint
    (its code, the models it imports, the requirements) as of today's sources: a book
    built before a model change would fail here, instead of showing stale figures."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("freshness", root / "book" / "_ext" / "source_freshness.py")
    freshness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(freshness)
    stamp = site.parent / freshness.STAMP_NAME
    assert stamp.exists(), f"{stamp} is missing: book/_ext/source_freshness.py did not run in the build"
    recorded = json.loads(stamp.read_text())
    pages = [root / f"{doc}.md" for doc in toc_files()]
    current = freshness.chapter_fingerprints(root, pages)
    assert current, "no chapter with code cells was found"
    for page, fingerprint in current.items():
        doc = Path(page).relative_to(root).with_suffix("").as_posix()
        assert recorded.get(doc) == fingerprint, (
            f"{doc} was built with other models or code than those in the repository: run `make book` again"
        )


# --------------------------------------------------------------------------- frames, static figure, CSP
FRAME_URL = re.compile(r"\.\./_frames/([0-9a-f]{64}\.png)")


@pytest.mark.parametrize("page", pages_drawing_figures())
def test_frames_are_files_in_the_site_and_the_page_holds_only_their_urls(site, page):
    html = (site / f"{page}.html").read_text()
    assert "data:image" not in html, f"{page}: frames are still base64 in the page"
    names = set(FRAME_URL.findall(html))
    for attribute in re.findall(r'data-nxc-frames="([^"]*)"', html):
        names |= {n for frame in json.loads(htmllib.unescape(attribute))["frames"] for n in frame if n}
    assert names, f"{page}: no frame files referenced"
    missing = [n for n in names if not (site / "_frames" / n).exists()]
    assert not missing, f"{page}: {len(missing)} referenced frames are not in _build/html/_frames"


@pytest.mark.parametrize("page", pages_with_figures())
def test_every_figure_is_plain_html_before_any_script(site, page):
    html = (site / f"{page}.html").read_text()
    source_calls = len(re.findall(r"\bexplore\(", (Path(__file__).parents[1] / f"{page}.md").read_text()))
    figures = re.findall(
        r'(<div class="nxc-explorer"[^>]*>.*?<div class="nxc-share">)',
        html,
        re.S,
    )
    assert len(figures) == source_calls, f"{page}: {len(figures)} figures for {source_calls} explore() calls"
    ids = []
    for figure in figures:
        opening = re.match(r'<div class="nxc-explorer"([^>]*)>', figure).group(1)
        ids.append(re.search(r'\bid="(fig-[a-z0-9-]+)"', opening).group(1))
        spec = json.loads(htmllib.unescape(re.search(r'data-nxc-frames="([^"]*)"', opening).group(1)))
        alts = json.loads(htmllib.unescape(re.search(r'data-nxc-alts="([^"]*)"', opening).group(1)))
        assert len(alts) == len(spec["frames"]) and all(len(a) > 20 for a in alts), f"{page}: alt texts"
        img = re.search(r"<img ([^>]*)>", figure).group(1)
        for attribute in ("src", "srcset", "width", "height", "alt"):
            assert f'{attribute}="' in img, f"{page}: the static frame lacks {attribute}"
        alt = htmllib.unescape(re.search(r'alt="([^"]*)"', img).group(1))
        assert alt in alts
        assert re.search(r'<source media="\(max-width: \d+px\)" srcset="[^"]+ 1x, [^"]+ 2x"', figure)
        assert "<figcaption" in figure
        for caption in re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", figure, re.S):
            assert htmllib.unescape(caption).strip() != alt.strip(), (
                f"{page}: the caption repeats the alt text"
            )
    assert len(set(ids)) == len(ids), f"{page}: two figures share an id {ids}"
    tag = re.search(r'<script [^>]*src="[^"]*nxc-explorer\.js[^"]*"[^>]*>', html).group(0)
    assert "async" in tag, f"{page}: nxc-explorer.js must not block the first paint"
    loaded = re.findall(r'<script [^>]*src="([^"]+)"', html)
    assert not [s for s in loaded if "mathjax" in s.lower()], f"{page}: maths are rendered at build time"


@pytest.mark.parametrize("page", toc_files())
def test_every_page_carries_a_content_security_policy_of_its_own_origin(site, page):
    html = (site / f"{page}.html").read_text()
    head = html.split("</head>", 1)[0]
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', head)
    assert len(metas) == 1, f"{page}: {len(metas)} CSP meta tags"
    policy = metas[0].replace("&#x27;", "'")
    first_script = head.find("<script")
    assert head.find("Content-Security-Policy") < first_script, (
        f"{page}: the CSP must come before every script"
    )
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    for name, sources in directives.items():
        for source in sources.split():
            assert source in (
                "'self'",
                "'none'",
                "data:",
                "'unsafe-inline'",
                "'unsafe-hashes'",
            ) or (source.startswith("'sha256-")), f"{page}: {name} allows {source}"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in policy, f"{page}: no script may be compiled from a string"


def test_every_numeric_self_check_asks_for_the_models_value_glued_at_build_time(site):
    """A numeric question's answer and tolerance in the built page are the model's values
    (``answer: glue:KEY``), not a number typed into the chapter (issue 17)."""
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from question_format import parse
    from self_check_values import MODEL_VALUES

    question_block = re.compile(r"^(:{3,})\{question\}[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
    rendered = re.compile(
        r'<div class="nxq" id="[^"]+" data-kind="number" data-answer="([^"]+)" data-tolerance="([^"]+)"'
    )
    checked = 0
    for name, values in MODEL_VALUES.items():
        source = (ROOT / "book" / f"{name}.md").read_text()
        numbers = [
            q for q in (parse(m.group(2)) for m in question_block.finditer(source)) if q.kind == "number"
        ]
        page = (site / "book" / f"{name}.html").read_text()
        found = rendered.findall(page)
        assert len(found) == len(numbers), (
            f"{name}: {len(found)} numeric questions on the page, {len(numbers)} in the source"
        )
        for question, (answer, tolerance) in zip(numbers, found):
            assert float(answer) == pytest.approx(values[question.answer_glue](), rel=1e-12), name
            if question.tolerance_glue:
                assert float(tolerance) == pytest.approx(values[question.tolerance_glue](), rel=1e-12), name
            checked += 1
    assert checked >= len(MODEL_VALUES)
