"""Sphinx extension: ``numfig`` as ``_config.yml`` sets it.

``sphinx_jupyterbook_latex`` (which Jupyter Book loads) sets ``numfig = True`` for every
builder when the configuration is read, so each HTML build walks every page's doctree to
number figures and tables that no page of this book shows (0.1-0.2 s of a one-sentence
rebuild). This puts the book's own value back right after it (the book prints its handout
with Chromium, ``make handout``, not with LaTeX).
"""

from __future__ import annotations


def _restore(app, config) -> None:
    wanted = config.overrides.get("numfig", config._raw_config.get("numfig"))  # noqa: SLF001
    if wanted is not None:
        config.numfig = bool(wanted)


def setup(app):
    app.connect("config-inited", _restore, priority=900)  # after the LaTeX extension's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
