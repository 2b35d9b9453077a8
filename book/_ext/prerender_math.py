"""Sphinx extension: the book's maths rendered when the book is built, not in the browser.

Sphinx hands every formula (``$...$``, ``$$...$$``, amsmath environments, the maths in
self-check questions) to the HTML math renderer named by ``html_math_renderer``. This one,
``nxc_svg``, sends the TeX to one Node process for the whole build
(``tools/mathjax_render/render.cjs``: MathJax 3's own ``mathjax-full`` package, pinned by its
``package-lock.json`` and installed by ``make book`` with ``npm ci``) and writes what comes
back into the page: an SVG of the formula (glyphs as paths: no fonts to load) and, hidden
from sight, the same formula as MathML for screen readers (MathJax's assistive MathML). The
page loads no maths script; the PDF handout prints the same SVG.

A TeX error (an unknown macro, a missing brace) fails the build with the formula's file and
line. Rendered formulas are cached by their TeX in ``_build/.nxc_math/cache.json`` (a
rebuild renders only new formulas). The style sheet MathJax's SVG output needs is written to
``_static/nxc-math.css`` and linked from the pages that hold maths only.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import threading
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
RENDERER = ROOT / "tools" / "mathjax_render"
SCRIPT = RENDERER / "render.cjs"
NAME = "nxc_svg"
CSS = "nxc-math.css"
#: Classes of the element around each rendered formula (the tests find formulas by them).
INLINE_CLASS = "math nxc-math"
BLOCK_CLASS = "math nxc-math nxc-math-block"


def _version() -> str:
    """What the output depends on besides the TeX: the renderer script and its pinned packages."""
    digest = hashlib.sha256(SCRIPT.read_bytes())
    lock = RENDERER / "package-lock.json"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()[:16]


class Renderer:
    """One ``node render.cjs`` process and a cache of what it returned."""

    def __init__(self, cache_file: Path) -> None:
        self.cache_file = cache_file
        self.version = _version()
        self.cache: dict[str, str] = {}
        self.css: str | None = None
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._dirty = False
        if cache_file.exists():
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
            except ValueError:
                data = {}
            if data.get("version") == self.version:
                self.cache = data.get("formulas", {})
                self.css = data.get("css")

    def _start(self) -> subprocess.Popen:
        if self._process is None:
            if not (RENDERER / "node_modules" / "mathjax-full").is_dir():
                raise ExtensionError(
                    f"the maths renderer is not installed: run `npm ci` in {RENDERER} (make book does)"
                )
            self._process = subprocess.Popen(
                ["node", str(SCRIPT)],
                cwd=RENDERER,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
            self.css = self._read()["css"]
        return self._process

    def _read(self) -> dict:
        line = self._process.stdout.readline()
        if not line:
            raise ExtensionError("the maths renderer (node tools/mathjax_render/render.cjs) stopped")
        return json.loads(line)

    def style_sheet(self) -> str:
        with self._lock:
            if self.css is None:
                self._start()
            return self.css

    def render(self, tex: str, display: bool) -> tuple[str | None, str | None]:
        """(html, None) for a formula, or (None, the renderer's error)."""
        key = ("D" if display else "I") + tex
        with self._lock:
            if key in self.cache:
                return self.cache[key], None
            process = self._start()
            process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            process.stdin.flush()
            answer = self._read()
            if "error" in answer:
                return None, answer["error"]
            self.cache[key] = answer["html"]
            self._dirty = True
            return answer["html"], None

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.stdin.close()
                self._process.wait(timeout=30)
                self._process = None
            if self._dirty:
                self.cache_file.parent.mkdir(parents=True, exist_ok=True)
                data = {"version": self.version, "css": self.css, "formulas": self.cache}
                self.cache_file.write_text(json.dumps(data), encoding="utf-8")
                self._dirty = False


def _renderer(app) -> Renderer:
    if not hasattr(app, "_nxc_math"):
        app._nxc_math = Renderer(Path(app.outdir).parent / ".nxc_math" / "cache.json")
    return app._nxc_math


def _rendered(self, node, tex: str, display: bool) -> str:
    html, error = _renderer(self.builder.app).render(tex, display)
    if error is not None:
        logger.warning("TeX the maths renderer refuses: %s: %s", error, tex, location=node)
        return self.encode(tex)
    return html


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display formula, assembled as Sphinx's MathJax renderer does."""
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    pieces = [(r"\begin{split}" + part + r"\end{split}") if r"\\" in part else part for part in parts]
    if len(pieces) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(pieces) + r"\end{aligned}\end{align}"
    return pieces[0] if pieces else ""


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS=INLINE_CLASS))
    self.body.append(_rendered(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS=BLOCK_CLASS))
    if node["number"] and not node["nowrap"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_rendered(self, node, display_tex(node), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _link_style_sheet(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or getattr(app.builder, "math_renderer_name", None) != NAME:
        return
    # the math domain's has_equations() also counts the pages a page's toctree includes
    if 'class="math nxc-math' in (context.get("body") or ""):
        app.add_css_file(CSS)


FORMULA = re.compile(r"<mjx-container\b.*?</mjx-container>", re.S)
GLYPH = re.compile(
    r'<path data-c="(?P<c>[0-9A-F]+)" d="(?P<d>[^"]+)"(?P<rest>(?: transform="[^"]*")?)></path>'
)
GLYPHS_CLASS = "nxc-math-glyphs"


def share_glyphs(body: str) -> str:
    """``body`` with each glyph outline its formulas use written once (in a hidden ``<svg>``
    of ``<defs>`` put first) and drawn by ``<use>`` everywhere it appears."""
    outlines: dict[str, str] = {}  # id -> <path> for the defs

    def use(match: re.Match) -> str:
        key = "nxm-" + hashlib.sha1(match["d"].encode()).hexdigest()[:10]
        outlines.setdefault(key, f'<path id="{key}" d="{match["d"]}"></path>')
        return f'<use data-c="{match["c"]}" href="#{key}"{match["rest"]}></use>'

    shared = FORMULA.sub(lambda formula: GLYPH.sub(use, formula.group(0)), body)
    if not outlines:
        return body
    defs = (
        f'<svg class="{GLYPHS_CLASS}" aria-hidden="true" focusable="false"><defs>'
        + "".join(outlines.values())
        + "</defs></svg>\n"
    )
    return defs + shared


def _share_glyphs(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or getattr(app.builder, "math_renderer_name", None) != NAME:
        return
    if context.get("body") and "<mjx-container" in context["body"]:
        context["body"] = share_glyphs(context["body"])


def _write_style_sheet(app) -> None:
    """Into the site before any page is written, so each page's link carries its checksum."""
    if app.builder.format != "html" or app.config.html_math_renderer != NAME:
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    text = style_sheet(_renderer(app).style_sheet())
    if not (static / CSS).exists() or (static / CSS).read_text(encoding="utf-8") != text:
        (static / CSS).write_text(text, encoding="utf-8")


def _finish(app, exception) -> None:
    renderer = getattr(app, "_nxc_math", None)
    if renderer is not None:
        renderer.close()


def style_sheet(mathjax_css: str) -> str:
    """MathJax's rules for its SVG output, and the book's: a wide display formula scrolls
    inside its own box on a phone instead of widening the page."""
    return (
        "/* MathJax 3 SVG output (tools/mathjax_render), written by book/_ext/prerender_math.py */\n"
        + mathjax_css.strip()
        + "\n.nxc-math-block { overflow-x: auto; overflow-y: hidden; }\n"
        + ".nxc-math-block > mjx-container[jax=SVG][display=true] { margin: 0.5em 0; }\n"
        + f".{GLYPHS_CLASS} {{ display: none; }}\n"
    )


def setup(app):
    app.add_html_math_renderer(NAME, (visit_math, None), (visit_displaymath, None))
    app.connect("builder-inited", _write_style_sheet)
    app.connect("html-page-context", _link_style_sheet)
    app.connect("html-page-context", _share_glyphs)
    app.connect("build-finished", _finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
