"""Sphinx extension: in an edition built from gettext catalogues, a translated paragraph's glue
roles read the page's glued values.

Sphinx parses each translated message (msgstr) as a small document of its own; myst-nb's glue
roles look their key up in the document they are parsed in, which for a message holds no
notebook, so ``{glue:text}`KEY``` in a translation found nothing ("No key ... found in glue
data"). A transform that runs just before Sphinx's ``Locale`` remembers the page being
translated, and glue lookups that find nothing in the message's own document fall back to that
page's. English builds are untouched (nothing is patched unless ``language`` is set).
"""

from __future__ import annotations

from sphinx.transforms import SphinxTransform

_PAGE: dict[str, object] = {}


class RememberPage(SphinxTransform):
    """Keep the page about to be translated (Sphinx's Locale transform has priority 20)."""

    default_priority = 19

    def apply(self, **kwargs) -> None:
        # the transforms run on each translated message's own document too: keep the page
        if "<translated>" in str(self.document.get("source") or ""):
            return
        _PAGE["document"] = self.document


def _with_page_fallback(retrieve):
    def retrieve_glue_data(document, key):
        from myst_nb.ext.glue.utils import RetrievalError

        try:
            return retrieve(document, key)
        except RetrievalError:
            page = _PAGE.get("document")
            if page is None or page is document:
                raise
            return retrieve(page, key)

    retrieve_glue_data.__wrapped__ = retrieve
    return retrieve_glue_data


def _patch(app, config) -> None:
    if (config.language or "en").split("_")[0] == "en":
        return
    from myst_nb.ext.glue import directives, roles, utils

    wrapped = _with_page_fallback(utils.retrieve_glue_data)
    for module in (utils, roles, directives):
        if not hasattr(module.retrieve_glue_data, "__wrapped__"):
            module.retrieve_glue_data = wrapped
    app.add_transform(RememberPage)


def setup(app):
    app.connect("config-inited", _patch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
