"""Sphinx extension: figure frames as files, the static default figure, and the page's CSP.

1. **Frame store.** At ``config-inited`` it sets ``NXC_FRAME_STORE`` (unless already set)
   to ``<build>/.nxc_frames`` beside the HTML output, before any chapter executes, so
   ``explorer.explore`` in the kernels writes every frame there as ``<sha256>.png``
   (``tools/parallel_execute.py`` sets the same folder). The store lives beside the
   jupyter-cache and survives its reuse: a cached chapter's frames are still there.
2. **Native controls.** :mod:`nxc_explorer.native_controls` renders each figure's controls
   from the saved widget state into the static figure ``explore`` displays (class
   ``nxc-explorer``), and leaves the widget state and views out of the page.
3. **Files into the site.** At ``build-finished`` every page is scanned for
   ``_frames/<sha256>.png`` references and its figures' frame lists (``data-nxc-frames``);
   those files are copied from the store into the site's ``_frames/`` (a referenced frame
   missing from the store fails the build: run ``make clean`` and build again).
4. **Content-Security-Policy.** Each page then gets a ``<meta http-equiv=
   "Content-Security-Policy">`` as the first element of its ``<head>``: only the book's
   own origin (``'self'``), ``data:`` for images and fonts (the theme's CSS uses data-URL
   icons), and the SHA-256 hashes of the inline scripts and inline event handlers the theme
   itself emits (``'unsafe-hashes'`` allows exactly those handlers, nothing else). No page
   allows ``'unsafe-eval'`` and no page runs a widget bundle: the figures' controls are
   native HTML (:mod:`nxc_explorer.native_controls`) driven by the book's own script. Styles
   keep ``'unsafe-inline'``: the build-time maths and the figures carry ``style``
   attributes; a style cannot load anything from elsewhere, which ``img-src``/``font-src``
   forbid anyway.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

STORE_ENV = "NXC_FRAME_STORE"
STORE_NAME = ".nxc_frames"
FRAMES_DIR = "_frames"
FRAME_REF = re.compile(FRAMES_DIR + r"/([0-9a-f]{64}\.(?:png|csv))")
FRAME_LIST = re.compile(r'data-nxc-frames="([^"]*)"')
FRAME_NAME = re.compile(r"[0-9a-f]{64}\.(?:png|csv)")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
DATA_TYPES = ("application/json", "application/vnd.jupyter", "text/x-", "application/ld+json")


def store_for(outdir: str | Path) -> Path:
    """The frame store of a build whose HTML goes to ``outdir``."""
    return Path(os.environ.get(STORE_ENV) or Path(outdir).parent / STORE_NAME)


def _set_store(app, config) -> None:
    os.environ.setdefault(STORE_ENV, str(Path(app.outdir).parent / STORE_NAME))


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy(page: str) -> str:
    """The Content-Security-Policy for ``page`` (its HTML without a policy yet)."""
    scripts = set()
    for match in INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs):
            continue
        kind = re.search(r"""\stype\s*=\s*["']?([^"'\s>]+)""", attrs)
        if kind and kind.group(1).lower().startswith(DATA_TYPES):
            continue  # a data block, never executed
        scripts.add(_hash(match.group("body")))
    handlers = {_hash(html.unescape(a if a is not None else b)) for a, b in HANDLER.findall(page)}
    script_src = ["'self'", *sorted(scripts)]
    if handlers:
        script_src += ["'unsafe-hashes'", *sorted(handlers)]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(script_src),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_policy(page: str) -> str:
    """``page`` with its policy as the first element of ``<head>`` (replacing an old one)."""
    page = CSP_META.sub("", page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(page))}">\n'
    head = re.search(r"<head[^>]*>\s*", page)
    if head is None:
        return page
    charset = re.match(r'<meta charset="[^"]*"\s*/?>\s*', page[head.end() :])
    at = head.end() + (charset.end() if charset else 0)
    return page[:at] + meta + page[at:]


def in_nested_site(outdir: str | Path, page: str | Path) -> bool:
    """Whether ``page`` belongs to another site put inside ``outdir`` after its own build (a
    sub-folder with its own ``_static``, such as an edition joined to the book): not a page
    this build wrote, so its build-finished steps leave it alone, as on a clean build."""
    outdir = Path(outdir)
    parts = Path(page).relative_to(outdir).parts[:-1]
    return any((outdir.joinpath(*parts[:i]) / "_static").is_dir() for i in range(1, len(parts) + 1))


def frame_names(page: str) -> set[str]:
    """Every frame file a page uses: its ``<img>``/``srcset`` URLs and the frames list of
    each figure (``data-nxc-frames``, which the page script shows as controls move)."""
    names = set(FRAME_REF.findall(page))
    for listed in FRAME_LIST.findall(page):
        names.update(FRAME_NAME.findall(listed))
    return names


def _finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    store = store_for(outdir)
    target = outdir / FRAMES_DIR
    missing: dict[str, list[str]] = {}
    for page in outdir.rglob("*.html"):
        if "_static" in page.parts or in_nested_site(outdir, page):
            continue
        text = page.read_text(encoding="utf-8")
        for name in frame_names(text):
            if (target / name).exists():
                continue
            if not (store / name).exists():
                missing.setdefault(str(page.relative_to(outdir)), []).append(name)
                continue
            target.mkdir(exist_ok=True)
            shutil.copyfile(store / name, target / name)
        new = add_policy(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    if missing:
        raise ExtensionError(
            f"figure frames missing from the frame store {store} (run `make clean` and build again): "
            + "; ".join(f"{page}: {len(names)} frames" for page, names in sorted(missing.items()))
        )


def setup(app):
    app.connect("config-inited", _set_store)
    app.connect("build-finished", _finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
