"""Sphinx extension: in an edition built from gettext catalogues, a translated paragraph's glue
roles read the page's glued values.

Sphinx parses each translated message (msgstr) as a small document of its own; myst-nb's glue
roles look their key up in the document they are parsed in, which for a message holds no
notebook, so ``{glue:text}`KEY``` in a translation found nothing ("No key ... found in glue
data"). myst-nb keeps the page's notebook renderer on the page's document only while the page
is parsed (it pops it before the transforms, among them Sphinx's ``Locale``), so a lookup on
the page itself keeps that renderer here, by page; a lookup that finds nothing in a message's
own document then reads the page's. English builds are untouched (nothing is patched unless
``language`` is set).
"""

from __future__ import annotations

#: The notebook renderer of each page, kept from the lookups made while the page was parsed.
_RENDERERS: dict[str, object] = {}


def _docname(document) -> str | None:
    env = getattr(getattr(document, "settings", None), "env", None)
    return getattr(env, "docname", None)


def _with_page_fallback(retrieve):
    def retrieve_glue_data(document, key):
        from myst_nb.ext.glue.utils import RetrievalError

        docname = _docname(document)
        if "nb_renderer" in document and docname is not None:
            _RENDERERS[docname] = document["nb_renderer"]
        try:
            return retrieve(document, key)
        except RetrievalError:
            renderer = _RENDERERS.get(docname) if docname is not None else None
            if renderer is None or "nb_renderer" in document:
                raise
            return retrieve({"nb_renderer": renderer}, key)

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


def _forget(app, env, docname) -> None:
    _RENDERERS.pop(docname, None)


def setup(app):
    app.connect("config-inited", _patch)
    app.connect("env-purge-doc", _forget)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
