"""Sphinx extension: a lean ``<head>`` on every page, a description, a favicon, versioned assets.

The theme (pydata-sphinx-theme 0.17 via sphinx-book-theme 1.3) gives every page about 24
render-blocking requests: eleven style sheets (one of them ``@import``-ing a twelfth; the
theme's own 397 kB, about 90% unused), a dozen plain ``<script src>`` tags, and Sphinx's
search index (87 kB) with its two scripts. This extension, at ``build-finished`` (before
``nxc_frames`` adds each page's Content-Security-Policy, which hashes the inline scripts
left here):

1. **One style sheet.** Every style sheet of every page, in the theme's order, becomes one
   file, ``_static/nxc-site.css``, with the rules no page can use removed: a selector is kept
   when each class and id it names appears in some built page or in a script the site ships
   (the theme's scripts add classes such as ``show`` at run time). ``@import`` is inlined and
   ``url()`` rebased. Pages link only that file (one request, cached for the whole book).
2. **Only the scripts a page uses, deferred.** Sphinx's search scripts and index stay on
   ``search.html`` only (the search box submits there); the copy button only where there is
   code, the toggle button and sphinx-design's tabs only where the page has them; the empty
   Font Awesome stub is not requested. Every remaining script in the head is ``defer``
   (document order is kept among deferred scripts); Sphinx's ``documentation_options.js``
   (12 lines) is written into the page, since the inline line after it reads it.
3. **Versioned assets.** Every ``_static/`` address in a page and in the style sheet carries
   ``?v=`` and the SHA-256 of the file's bytes, so ``_headers`` can make ``_static/`` immutable.
   Source-map comments are removed from the shipped scripts and styles (the maps are not
   shipped: no request for a map 404s). The book's own scripts (``book/_assets/*.js``,
   written with comments for contributors) are sent minified (rjsmin).
4. **Description and favicon.** Each page gets ``<meta name="description">`` from its front
   matter (``description:``) or else its first paragraph of prose; ``html_favicon`` gives the
   icon link, and ``favicon.ico`` sits at the site root (``book/_site``, copied with
   ``html_extra_path``, with the ``_headers`` file).
5. **The site's index page** (the redirect Jupyter Book writes) is a complete document with a
   doctype, language, title and description.
6. **MyST-NB's hidden-cell toggles** hold ``<p>`` elements inside ``<summary>`` (not allowed
   there) and an ``aria-label`` that differs from their visible text; they become ``<span>``
   with the visible text as their name (the style sheet's ``summary>p.`` rules follow).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from pathlib import Path

import tinycss2
from docutils import nodes

from nxc_explorer.nxc_frames import in_nested_site

BUNDLE = "nxc-site.css"
STATE = ".nxc_head.json"
SITE_DESCRIPTION = (
    "An open, interactive course on how the medicine naltrexone works, from opioid receptors to "
    "craving, with the evidence graded. Not medical advice."
)
STYLESHEET = re.compile(r'[ \t]*<link (?=[^>]*rel="stylesheet")[^>]*href="([^"]+)"[^>]*/?>\n?')
SCRIPT_TAG = re.compile(r"[ \t]*<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>\n?", re.S)
SEARCH_ONLY = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=[^\n*]*(\*/)?\s*$")
STATIC_REF = re.compile(r'(?P<attr>(?:src|href)=")(?P<path>[^"?#]*_static/[^"?#]+)(?:\?[^"#]*)?"')
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SUMMARY = re.compile(r'<summary aria-label="Toggle hidden content">(.*?)</summary>', re.S)
WORDS = re.compile(r"[A-Za-z_][\w-]*")


# --------------------------------------------------------------------------- description, favicon
def _first_paragraph(doctree) -> str:
    skip = (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.table, nodes.footnote, nodes.citation)
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None:
            if isinstance(parent, skip) or "cell" in (parent.get("classes") or []):
                inside = True
                break
            parent = parent.parent
        text = " ".join(paragraph.astext().split())
        if not inside and len(text) > 40:
            return text
    return ""


def description(text: str, limit: int = 160) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def _describe_page(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    if 'name="description"' in (context.get("metatags") or ""):
        return
    meta = app.env.metadata.get(pagename, {}) if pagename in app.env.found_docs else {}
    text = meta.get("description") or (_first_paragraph(doctree) if doctree is not None else "")
    text = description(text or SITE_DESCRIPTION)
    context["metatags"] = (context.get("metatags") or "") + (
        f'\n    <meta name="description" content="{html.escape(text)}" />'
    )


# --------------------------------------------------------------------------- CSS: one bundle, trimmed
def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def _functional_free(selector: str) -> str:
    """``selector`` without the arguments of ``:not()``, ``:is()``, ``:where()``, ``:has()``
    (a class named only there does not decide whether the rule can match)."""
    out, i = "", 0
    while i < len(selector):
        match = re.match(r":(not|is|where|has|-webkit-any|-moz-any)\(", selector[i:])
        if not match:
            out += selector[i]
            i += 1
            continue
        depth, i = 1, i + match.end()
        while i < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[i], 0)
            i += 1
        out += ":" + match.group(1)
    return re.sub(r"\[[^\]]*\]", "", out)  # attribute values may hold dots


def _selector_names(selector: str) -> list[str]:
    """The classes and ids ``selector`` needs on a page to match (outside ``:not()`` etc.)."""
    return re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", _functional_free(selector))


def selector_can_match(selector: str, words: set[str]) -> bool:
    return all(name in words for name in _selector_names(selector))


def parse_for_trim(css: str) -> list:
    """``css`` as :func:`trim` reads it, JSON-able, so that it is parsed once for any ``words``:
    ``["rule", [[selector, names], ...], body]``, ``["block", "@media ...", [items]]`` or
    ``["keep", text]``."""

    def items(rules) -> list:
        out: list = []
        for rule in rules:
            if rule.type == "qualified-rule":
                selectors = _split_selectors(tinycss2.serialize(rule.prelude))
                out.append(
                    ["rule", [[s, _selector_names(s)] for s in selectors], tinycss2.serialize(rule.content)]
                )
            elif rule.type == "at-rule":
                keyword = rule.lower_at_keyword
                if keyword in ("media", "supports", "layer", "container") and rule.content is not None:
                    inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                    out.append(
                        ["block", f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", items(inner)]
                    )
                elif keyword != "charset":
                    out.append(["keep", tinycss2.serialize([rule])])
        return out

    return items(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def trim_parsed(parsed: list, words: set[str]) -> str:
    """:func:`trim` of the style sheet :func:`parse_for_trim` read."""

    def kept(items: list) -> list[str]:
        out = []
        for item in items:
            if item[0] == "rule":
                alive = [s for s, names in item[1] if all(name in words for name in names)]
                if alive:
                    out.append(",".join(alive) + "{" + item[2] + "}")
            elif item[0] == "block":
                inner = kept(item[2])
                if inner:
                    out.append(f"{item[1]}{{{''.join(inner)}}}")
            else:
                out.append(item[1])
        return out

    return "\n".join(kept(parsed))


def trim(css: str, words: set[str]) -> str:
    """``css`` without the rules none of whose selectors can match (see ``selector_can_match``)."""
    return trim_parsed(parse_for_trim(css), words)


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _inline_css(path: Path, static: Path, seen: set[Path]) -> str:
    """The CSS of ``path`` with its ``@import``s inlined and its ``url()``s relative to ``static``."""
    if path in seen or not path.exists():
        return ""
    seen.add(path)
    text = SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))

    def rebase(target: str) -> str:
        if re.match(r"^(data:|[a-z]+:|#|/)", target):
            return target
        clean = target.split("?", 1)[0].split("#", 1)[0]
        resolved = (path.parent / clean).resolve()
        relative = posixpath.relpath(resolved.as_posix(), static.resolve().as_posix())
        return relative + (f"?v={_version(resolved)}" if resolved.is_file() else "")

    imports: list[str] = []

    def hold(match) -> str:  # imported files are rebased on their own path, not this one's
        imports.append(_inline_css((path.parent / match.group(2)).resolve(), static, seen))
        return f"/*nxc-import-{len(imports) - 1}*/"

    text = re.sub(r"""@import\s+(url\()?['"]([^'"]+)['"]\)?\s*;""", hold, text)
    text = URL.sub(lambda m: f'url("{rebase(m.group(2))}")', text)
    text = re.sub(r"/\*nxc-import-(\d+)\*/", lambda m: imports[int(m.group(1))], text)
    return text.replace(">summary>p.", ">summary>span.")  # item 6


def _vocabulary(outdir: Path, pages: list[Path]) -> set[str]:
    words: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for attribute in re.findall(r'\s(?:class|id)="([^"]*)"', text):
            words.update(attribute.split())
    for script in (outdir / "_static").rglob("*.js"):
        words.update(WORDS.findall(script.read_text(encoding="utf-8", errors="ignore")))
    return words


TRIM_CACHE = ".nxc_head_trim.json"


def _trimmed(css: str, words: set[str], cache_file: Path) -> str:
    """:func:`trim` of ``css`` for ``words``, the style sheet parsed once and kept from the last
    build while it (and this extension's code) stays the same: parsing the theme's style sheets
    is most of a text-only rebuild's own work. A page's new class or id only changes which of
    the kept rules are written (:func:`trim_parsed`, no parsing)."""
    key = hashlib.sha256("\0".join([extensions_fingerprint(), css]).encode("utf-8")).hexdigest()
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return trim_parsed(cached["parsed"], words)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass
    parsed = parse_for_trim(css)
    cache_file.write_text(json.dumps({"key": key, "parsed": parsed}), encoding="utf-8")
    return trim_parsed(parsed, words)


def _merge_order(known: list[str], found: list[str]) -> list[str]:
    """``known`` with the names of ``found`` not in it inserted after their predecessor."""
    order = list(known)
    for i, name in enumerate(found):
        if name in order:
            continue
        before = next((found[j] for j in range(i - 1, -1, -1) if found[j] in order), None)
        order.insert(order.index(before) + 1 if before else 0, name)
    return order


def _static_name(page: Path, outdir: Path, href: str) -> str | None:
    path = href.split("?", 1)[0]
    resolved = (page.parent / path).resolve()
    try:
        return resolved.relative_to((outdir / "_static").resolve()).as_posix()
    except ValueError:
        return None


def _relative(page: Path, outdir: Path, target: str) -> str:
    return posixpath.relpath((outdir / target).as_posix(), page.parent.as_posix())


# --------------------------------------------------------------------------- scripts
def _lean_scripts(page_text: str, page: Path, outdir: Path, is_search: bool, options_js: str) -> str:
    body = page_text.split("<body", 1)[1] if "<body" in page_text else page_text
    has_code = 'class="highlight' in body
    has_toggle = re.search(r'class="[^"]*\b(toggle|dropdown)\b', body) is not None
    has_design = re.search(r'class="[^"]*\bsd-', body) is not None
    head_end = page_text.find("</head>")

    def drop(src: str) -> bool:
        name = src.split("?", 1)[0]
        if any(name.endswith(s) for s in SEARCH_ONLY) and not is_search:
            return True
        if name.endswith("scripts/fontawesome.js"):
            return True
        if name.endswith(("clipboard.min.js", "copybutton.js")) and not has_code:
            return True
        if name.endswith("togglebutton.js") and not has_toggle:
            return True
        return name.endswith("design-tabs.js") and not has_design

    def edit(match) -> str:
        if match.start() > head_end:
            return match.group(0)
        attrs, script = match.group("attrs"), match.group("body")
        src = re.search(r'\ssrc="([^"]+)"', attrs)
        if src is None:
            toggle_settings = r"\s*(let toggleHint|let toggleOpenOnPrint|var togglebuttonSelector)"
            if not has_toggle and re.match(toggle_settings, script):
                return ""
            return match.group(0)
        if drop(src.group(1)):
            return ""
        if src.group(1).split("?", 1)[0].endswith("documentation_options.js"):
            return f"    <script>{options_js}</script>\n"
        if re.search(r"\s(defer|async)\b", attrs) or "type=" in attrs:
            return match.group(0)
        return match.group(0).replace("<script", "<script defer", 1)

    return SCRIPT_TAG.sub(edit, page_text)


def _summaries(page_text: str) -> str:
    def fix(match) -> str:
        inner = re.sub(r"<p( class=\"[^\"]*\")>(.*?)</p>", r"<span\1>\2</span>", match.group(1), flags=re.S)
        return f"<summary>{inner}</summary>"

    return SUMMARY.sub(fix, page_text)


def _version_refs(page_text: str, page: Path, outdir: Path, cache: dict[str, str]) -> str:
    def stamp(match) -> str:
        path = match.group("path")
        if re.match(r"^[a-z]+:", path):
            return match.group(0)
        file = (page.parent / path).resolve()
        key = str(file)
        if key not in cache:
            cache[key] = _version(file) if file.is_file() else ""
        return f"{match.group('attr')}{path}" + (f"?v={cache[key]}" if cache[key] else "") + '"'

    return STATIC_REF.sub(stamp, page_text)


# --------------------------------------------------------------------------- index page
def index_page(first_page: str, title: str, favicon: str | None) -> str:
    icon = f'\n  <link rel="icon" href="{favicon}" />' if favicon else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n  <meta charset="utf-8" />\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        f"  <title>{html.escape(title)}</title>\n"
        f'  <meta name="description" content="{html.escape(SITE_DESCRIPTION)}" />{icon}\n'
        f'  <link rel="canonical" href="{first_page}" />\n'
        f'  <meta http-equiv="refresh" content="0; url={first_page}" />\n'
        "</head>\n<body>\n"
        f'  <p><a href="{first_page}">{html.escape(title)}: start reading</a></p>\n'
        "</body>\n</html>\n"
    )


def _write_index(app, outdir: Path) -> None:
    index = outdir / "index.html"
    if app.config.root_doc == "index":
        return  # the root page is the index itself
    favicon = app.config.html_favicon
    icon = f"_static/{Path(favicon).name}" if favicon else None
    title = app.config.html_title or app.config.project
    index.write_text(index_page(f"{app.config.root_doc}.html", title, icon), encoding="utf-8")


# --------------------------------------------------------------------------- build-finished
OWN_SCRIPTS = Path(__file__).resolve().parents[1] / "_assets"


def _minify_own_scripts(static: Path) -> None:
    """The book's own scripts (``book/_assets/*.js``, commented for contributors) as the
    site sends them: comments and spaces removed by rjsmin (names and strings untouched)."""
    import rjsmin

    for source in sorted(OWN_SCRIPTS.glob("*.js")):
        shipped = static / source.name
        if shipped.is_file():
            shipped.write_text(rjsmin.jsmin(source.read_text(encoding="utf-8")), encoding="utf-8")


def _finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    # The theme writes its light and dark code colours into pygments.css at build-finished
    # too, but after this handler (priority 500): write them now, so the bundle below holds
    # them and not Sphinx's single default style (whose colours fail 4.5:1 on code cells).
    from pydata_sphinx_theme.pygments import overwrite_pygments_css

    overwrite_pygments_css(app, exception)
    # myst-nb copies its cell style sheet (mystnb.<hash>.css, which every page links) at
    # build-finished too, after this handler: on a clean build the bundle below would lack it.
    from myst_nb.sphinx_ext import add_global_html_resources

    add_global_html_resources(app, exception)
    _write_index(app, outdir)
    pages = [p for p in outdir.rglob("*.html") if "_static" not in p.parts and not in_nested_site(outdir, p)]
    for asset in list(static.rglob("*.js")) + list(static.rglob("*.css")):
        text = asset.read_text(encoding="utf-8", errors="ignore")
        if "sourceMappingURL" in text:
            asset.write_text(SOURCE_MAP.sub("", text), encoding="utf-8")
    for source_map in static.rglob("*.map"):
        source_map.unlink()
    _minify_own_scripts(static)

    # the style sheets of every page, in order (remembered across incremental builds)
    state_file = outdir.parent / STATE
    state = json.loads(state_file.read_text()) if state_file.exists() else {"css": []}
    order: list[str] = [name for name in state["css"] if (static / name).exists()]
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    for page, text in texts.items():
        head = text.split("</head>", 1)[0]
        names = [_static_name(page, outdir, href) for href in STYLESHEET.findall(head)]
        names = [n for n in names if n and n != BUNDLE]
        order = _merge_order(order, names)
    missing = [name for name in order if not (static / name).is_file()]
    if missing:
        from sphinx.errors import ExtensionError

        raise ExtensionError(
            f"pages link style sheets that are not in _static when the one style sheet is written: "
            f"{', '.join(missing)} (an extension that copies them at build-finished must run first)"
        )
    state_file.write_text(json.dumps({"css": order}))
    words = _vocabulary(outdir, pages)
    combined = "\n".join(f"/* {name} */\n" + _inline_css(static / name, static, set()) for name in order)
    (static / BUNDLE).write_text(
        "/* Every style sheet of the book in one file, trimmed to the selectors its pages can use:"
        " book/_ext/page_head.py */\n" + _trimmed(combined, words, outdir.parent / TRIM_CACHE) + "\n",
        encoding="utf-8",
    )

    options = (static / "documentation_options.js").read_text(encoding="utf-8").strip()
    versions: dict[str, str] = {}
    for page, text in texts.items():
        if "<head" not in text:
            continue
        head, rest = text.split("</head>", 1)
        links = list(STYLESHEET.finditer(head))
        if links:
            first = links[0]
            bundle = f'    <link rel="stylesheet" href="{_relative(page, outdir, "_static/" + BUNDLE)}" />\n'
            kept = head[: first.start()] + bundle + STYLESHEET.sub("", head[first.start() :])
            # the theme's <noscript><style> stays; stylesheet links inside <noscript> do not exist
            head = kept
        new = head + "</head>" + rest
        new = _lean_scripts(new, page, outdir, page.name == "search.html" and page.parent == outdir, options)
        new = _summaries(new)
        new = follow_reader_theme(new)
        new = _version_refs(new, page, outdir, versions)
        if new != text:
            page.write_text(new, encoding="utf-8")


#: The theme's first script sets the page's mode and theme from what the reader stored, else
#: from ``default_mode``: with "auto" the theme stays unset until the theme's deferred script
#: runs (a light flash on a dark phone). This one resolves "auto" at once from the reader's
#: system setting (prefers-color-scheme), unless the reader chose light or dark.
THEME_SCRIPT = re.compile(
    r'document\.documentElement\.dataset\.mode = localStorage\.getItem\("mode"\) \|\| "[a-z]*";\s*'
    r'document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\) \|\| "[a-z]*";'
)
READER_THEME = (
    '(function () { var m = localStorage.getItem("mode") || "auto";'
    " document.documentElement.dataset.mode = m;"
    ' document.documentElement.dataset.theme = m === "light" || m === "dark" ? m'
    ' : matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; })();'
)


#: The page's ``<html>`` tag says ``data-theme="auto"`` (the theme's default_mode), which no
#: style matches: without JavaScript the page lost the light theme's colours (a header with no
#: background). The page starts light; the first script sets the reader's theme.
HTML_AUTO_THEME = re.compile(r'(<html\b[^>]*\bdata-theme=")auto(")')


def follow_reader_theme(page_text: str) -> str:
    """``page_text`` whose first script follows the reader's system colour scheme unless the
    reader chose a theme with the theme's switch (kept in localStorage "mode"); without
    JavaScript the page is light (its frames too: explorer.DARK_MEDIA asks for scripting)."""
    page_text = HTML_AUTO_THEME.sub(r"\1light\2", page_text, count=1)
    return THEME_SCRIPT.sub(READER_THEME, page_text, count=1)


def extensions_fingerprint(directory: Path = Path(__file__).parent) -> str:
    """SHA-256 of the book's own Sphinx extensions (``book/_ext/*.py``)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def setup(app):
    # Sphinx rewrites every page when an "html" config value changes (its .buildinfo hash),
    # but not when an extension's code does: a change in book/_ext (how maths, figures or the
    # head are written) would otherwise leave the pages as the old code wrote them.
    app.add_config_value("nxc_extensions_fingerprint", extensions_fingerprint(), "html")
    app.connect("html-page-context", _describe_page)
    # before nxc_frames' build-finished (priority 500), which hashes the inline scripts for the CSP,
    # and before sphinx-external-toc's, which writes index.html only where none exists
    app.connect("build-finished", _finish, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
