"""The built book in _build/html: every page, its widget state, nothing from other origins."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import pages_with_figures, toc_files

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


def widget_document(html: str) -> dict:
    """The page's whole widget-state document (versions and state), {} if none."""
    match = re.search(WIDGET_STATE, html, re.S)
    return json.loads(match.group(1)) if match else {}


def widget_state(html: str) -> dict:
    return widget_document(html).get("state", {})


SCHEMAS = Path(__file__).parent / "vendor" / "jupyter-widgets-schema"
#: What the book's widget bundle (tools/widget_bundle) contains: the ipywidgets 8 models of
#: these two modules, without the Output widget.
BUNDLED_MODULES = {"@jupyter-widgets/base": "2.0.0", "@jupyter-widgets/controls": "2.0.0"}


@pytest.mark.parametrize("page", pages_with_figures())
def test_widget_state_and_views_follow_the_widget_schemas(site, page):
    """The check html-manager's own embed.js runs in every learner's browser (ajv, which
    needs 'unsafe-eval'), run once here instead on the built page."""
    import jsonschema

    html = (site / f"{page}.html").read_text()
    document = widget_document(html)
    assert document, f"{page}: no widget state"
    jsonschema.validate(document, json.loads((SCHEMAS / "state.schema.json").read_text()))
    view_schema = json.loads((SCHEMAS / "view.schema.json").read_text())
    views = re.findall(WIDGET_VIEW, html, re.S)
    assert views, f"{page}: no widget views"
    for view in views:
        jsonschema.validate(json.loads(view), view_schema)
    for model_id, model in document["state"].items():
        module, version = model["model_module"], model["model_module_version"]
        assert BUNDLED_MODULES.get(module) == version and model["model_name"] != "OutputModel", (
            f"{page}: widget {model_id} is {module}@{version} {model['model_name']}, "
            "which the book's widget bundle leaves out (tools/widget_bundle/entry.js)"
        )


def test_every_page_of_the_table_of_contents_is_built(site):
    missing = [f for f in toc_files() if not (site / f"{f}.html").exists()]
    assert not missing, f"pages in _toc.yml with no HTML: {missing}"


@pytest.mark.parametrize("page", pages_with_figures())
def test_figure_pages_carry_their_widget_state(site, page):
    html = (site / f"{page}.html").read_text()
    state = widget_state(html)
    assert state, f"{page}.html has no embedded widget state: its figures cannot respond"
    views = [json.loads(view)["model_id"] for view in re.findall(WIDGET_VIEW, html, re.S)]
    source_calls = len(re.findall(r"\bexplore\(", (Path(__file__).parents[1] / f"{page}.md").read_text()))
    assert len(views) >= source_calls, f"{page}: {source_calls} explore() calls but {len(views)} widget views"
    assert all(v in state for v in views), f"{page}: a widget view has no state"
    frames = [
        m["state"]["value"]
        for m in state.values()
        if m["model_name"] == "HTMLModel" and "nxc-frame" in m["state"].get("value", "")
    ]
    assert len(frames) >= 2 * source_calls, f"{page}: too few precomputed frames ({len(frames)})"
    for frame in frames:
        alt = re.search(r'<img [^>]*alt="([^"]*)"', frame).group(1)
        assert len(alt) > 20, f"{page}: a frame has no meaningful alt text: {alt!r}"
    control_models = {"SelectionSliderModel", "ToggleButtonsModel", "DropdownModel"}
    controls = [m for m in state.values() if m["model_name"] in control_models]
    links = [m for m in state.values() if m["model_name"] == "LinkModel"]
    assert controls and len(links) >= len(controls), f"{page}: controls are not linked to their figures"


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


def test_widgets_come_from_the_vendored_files(site):
    html = (site / "book" / "antagonism.html").read_text()
    assert re.search(r'<script [^>]*src="\.\./_static/widgets/embed\.js', html)
    assert (site / "_static" / "widgets" / "LICENSE").exists()
    assert "require.min.js" not in html, "require.js is not needed with the self-contained embed.js"


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
    """The freshness extension ran in the build and recorded the hash of today's src/:
    a book built before a model change would fail here, instead of showing stale figures."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("freshness", root / "book" / "_ext" / "source_freshness.py")
    freshness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(freshness)
    stamp = site.parent / freshness.STAMP_NAME
    assert stamp.exists(), f"{stamp} is missing: book/_ext/source_freshness.py did not run in the build"
    assert stamp.read_text().strip() == freshness.source_hash(root / "src"), (
        "the book was built with other models than those in src/: run `make book` again"
    )


# --------------------------------------------------------------------------- frames, static figure, CSP
FRAME_URL = re.compile(r"\.\./_frames/([0-9a-f]{64}\.png)")


@pytest.mark.parametrize("page", pages_with_figures())
def test_frames_are_files_in_the_site_and_the_page_holds_only_their_urls(site, page):
    html = (site / f"{page}.html").read_text()
    state = json.dumps(widget_state(html))
    assert "data:image" not in state, f"{page}: frames are still base64 inside the widget state"
    names = set(FRAME_URL.findall(html))
    assert names, f"{page}: no frame files referenced"
    missing = [n for n in names if not (site / "_frames" / n).exists()]
    assert not missing, f"{page}: {len(missing)} referenced frames are not in _build/html/_frames"
    frame_models = [
        m
        for m in widget_state(html).values()
        if m["model_name"] == "HTMLModel" and "nxc-frame" in m["state"]["value"]
    ]
    largest = max(len(json.dumps(m)) for m in frame_models)
    # a frame as a base64 PNG was 15-40 kB; as file URLs and alt text under 3 kB
    assert largest < 3000, f"{page}: a frame takes {largest} bytes of widget state; frames belong in files"


@pytest.mark.parametrize("page", pages_with_figures())
def test_every_figure_is_plain_html_before_any_script(site, page):
    html = (site / f"{page}.html").read_text()
    source_calls = len(re.findall(r"\bexplore\(", (Path(__file__).parents[1] / f"{page}.md").read_text()))
    static_figures = re.findall(
        r'<div class="nxc-explorer"[^>]*>\s*<div class="nxc-static">(.*?)</div>\s*'
        r'<script type="application/vnd.jupyter.widget-view\+json">',
        html,
        re.S,
    )
    assert len(static_figures) == source_calls, (
        f"{page}: {len(static_figures)} static figures for {source_calls} explore() calls"
    )
    for static in static_figures:
        img = re.search(r"<img ([^>]*)>", static).group(1)
        for attribute in ("src", "srcset", "width", "height", "alt"):
            assert f'{attribute}="' in img, f"{page}: the static frame lacks {attribute}"
        assert re.search(r'<source media="\(max-width: \d+px\)" srcset="[^"]+ 1x, [^"]+ 2x"', static)
        assert "<figcaption" in static
    for script in ("widgets/embed.js", "nxc-explorer.js"):
        tag = re.search(rf'<script [^>]*src="[^"]*{re.escape(script)}[^"]*"[^>]*>', html).group(0)
        assert "defer" in tag, f"{page}: {script} must not block the first paint"
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
