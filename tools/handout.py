"""Print the built book to PDF handouts with Debian's Chromium (no TeX, nothing downloaded).

    python tools/handout.py [_build/html] [_build/handout]

For the introduction and every chapter (the pages under "How naltrexone works" in
``_toc.yml``) it writes two PDF files: ``<page>-learner.pdf`` (the questions without their
answers) and ``<page>-instructor.pdf`` (the page opened with ``?answers=show``: every
option's explanation, the right answers marked), and the whole course in the same two
versions, ``course-learner.pdf`` and ``course-instructor.pdf``. The print stylesheet
(``book/_assets/questions.css``) hides navigation and sliders and keeps each figure at its
default frame with its caption. The files are also copied to ``<html>/handout/`` so the
teaching page's links work when the site is served.

The built site is served on 127.0.0.1 for the browser; every request to another origin is
refused.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import part_files, toc_files  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

CHAPTER_CAPTION = "How naltrexone works"
VERSIONS = {"learner": "", "instructor": "?answers=show"}
FOOTER = (
    '<div style="font-size:8px; width:100%; padding:0 12mm; display:flex; justify-content:space-between;">'
    "<span>How Naltrexone Works: educational use only, not medical advice</span>"
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


def handout_pages(root: Path = ROOT) -> list[str]:
    """The introduction and the chapters, in reading order (``book/intro``, ...)."""
    pages = [toc_files(root)[0], *part_files(CHAPTER_CAPTION, root)]
    assert set(pages) <= set(toc_files(root)), "handout pages must be in _toc.yml"
    return pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def _ready(page) -> None:
    """Wait until the figures show their default frame and the questions are set (the maths are
    SVG in the page since the build: nothing to wait for)."""
    page.wait_for_selector("html.nxq-ready", timeout=30_000)
    if page.locator(".nxc-explorer").count():
        # every figure has taken its place (static frame swapped for the widget) and shows a frame
        page.wait_for_function(
            """() => [...document.querySelectorAll('.nxc-explorer')].every((box) =>
                box.classList.contains('nxc-ready')
                && [...box.querySelectorAll('img')].some((img) => img.getClientRects().length > 0))""",
            timeout=60_000,
        )
    # every image loaded and decoded, then two frames laid out and painted (a condition, not
    # a fixed wait)
    page.evaluate(
        """async () => {
            document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = 'eager'; });
            await Promise.all([...document.images].map((img) => img.complete ? null :
                new Promise((done) => {
                    img.addEventListener('load', done);
                    img.addEventListener('error', done);
                })));
            await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
            await document.fonts.ready;
            await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }"""
    )


def build(html: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    html, out = Path(html), Path(out)
    if not (html / "index.html").exists():
        raise SystemExit(f"{html}/index.html is missing: build the book first with `make book`")
    out.mkdir(parents=True, exist_ok=True)
    httpd, base = _serve(html)
    written: list[Path] = []
    pages = handout_pages()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1000, "height": 1400})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            for version, query in VERSIONS.items():
                parts = []
                for name in pages:
                    page = context.new_page()
                    page.goto(f"{base}/{name}.html{query}", wait_until="load")
                    _ready(page)
                    target = out / f"{Path(name).name}-{version}.pdf"
                    page.pdf(
                        path=str(target),
                        format="A4",
                        print_background=True,
                        margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                        display_header_footer=True,
                        header_template="<span></span>",
                        footer_template=FOOTER,
                    )
                    title = page.locator("article h1").first.inner_text().replace("#", "").strip()
                    page.close()
                    parts.append((target, title))
                    written.append(target)
                    print(f"  {target}", flush=True)
                course = out / f"course-{version}.pdf"
                writer = PdfWriter()
                for part, title in parts:
                    writer.append(str(part), outline_item=title)
                with course.open("wb") as handle:
                    writer.write(handle)
                written.append(course)
                print(f"  {course}", flush=True)
            browser.close()
    finally:
        httpd.shutdown()
    published = html / "handout"
    published.mkdir(exist_ok=True)
    for path in written:
        shutil.copy2(path, published / path.name)
    return written


def main(argv: list[str]) -> int:
    html = Path(argv[0]) if argv else ROOT / "_build" / "html"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "_build" / "handout"
    written = build(html, out)
    print(f"{len(written)} PDF files in {out} (copied to {html / 'handout'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
