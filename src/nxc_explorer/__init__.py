"""Figures that respond without a kernel, for Jupyter Book: the figure engine.

In a notebook::

    from nxc_explorer import Control, explore

    explore(draw, describe, Control("dose", "Dose", [1, 2, 5], unit="mg"))

In a book's ``_config.yml``, the Sphinx extension (this package) turns each figure into
native HTML controls over content-addressed frame files, with a small script of its own::

    sphinx:
      extra_extensions:
        - nxc_explorer

See ``README.md`` beside this file. The package imports matplotlib and ipywidgets only when
a figure is made (the Sphinx extension needs neither).
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Any

#: The figure script and its style sheet (served from the site's ``_static``).
STATIC_DIR = Path(__file__).resolve().parent / "static"
SCRIPT = "nxc-explorer.js"
#: Compare, data tables and figure-state checks: loaded by the figure script on first use.
MORE = "nxc-explorer-more.js"
MORE_VERSION = "NXC_MORE_VERSION"
STYLE = "nxc-explorer.css"

_PUBLIC = {
    "Control": "explorer",
    "explore": "explorer",
    "figure_id": "explorer",
    "grid": "explorer",
    "frame_count": "explorer",
    "keep_colours": "explorer",
    "render_png": "explorer",
    "find_collisions": "collisions",
}

__all__ = sorted(_PUBLIC) + ["setup"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def fingerprint() -> str:
    """SHA-256 of the engine's own files (its extensions, script and style sheet): Sphinx
    writes every page again when it changes."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _configure(app, config) -> None:
    """Serve the figure script and style sheet, and have myst-nb load the script (async)
    on pages with figures instead of the widget bundle."""
    static = [str(p) for p in config.html_static_path]
    if str(STATIC_DIR) not in static:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
    css = [c if isinstance(c, str) else c[0] for c in config.html_css_files]
    if STYLE not in css:
        config.html_css_files = [*config.html_css_files, STYLE]
    scripts = getattr(config, "nb_ipywidgets_js", None)
    if scripts is not None and SCRIPT not in scripts:
        config.nb_ipywidgets_js = {SCRIPT: {"async": "async"}}


def _minify(app, exception) -> None:
    """The figure scripts as the site sends them: comments and spaces removed (rjsmin, when
    installed; names and strings untouched), and the main script naming the second one by a
    hash of its content (``_static`` files are cached for a year: a new file, a new address)."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    try:
        import rjsmin

        minify = rjsmin.jsmin
    except ImportError:

        def minify(text: str) -> str:
            return text

    more = minify((STATIC_DIR / MORE).read_text(encoding="utf-8"))
    if (static / MORE).is_file():
        (static / MORE).write_text(more, encoding="utf-8")
    if (static / SCRIPT).is_file():
        version = hashlib.sha256(more.encode()).hexdigest()[:12]
        main = minify((STATIC_DIR / SCRIPT).read_text(encoding="utf-8")).replace(MORE_VERSION, version)
        (static / SCRIPT).write_text(main, encoding="utf-8")


def setup(app):
    """The Sphinx extension: frames as files, native controls, the figure script."""
    app.setup_extension("nxc_explorer.nxc_frames")
    app.setup_extension("nxc_explorer.native_controls")
    app.add_config_value("nxc_explorer_fingerprint", fingerprint(), "html")
    app.connect("config-inited", _configure)
    # before other build-finished handlers (500) that version or hash the site's files
    app.connect("build-finished", _minify, priority=300)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
