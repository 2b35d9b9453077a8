"""Sphinx extension: in an edition built from gettext catalogues, the table of contents'
part captions ("How naltrexone works", "Practice", "Reference") are the catalogue's.

sphinx-external-toc puts the ``_toc.yml`` toctrees into the root page with a transform of
priority 100, after Sphinx's ``Locale`` transform (priority 20) has translated the page: the
captions reached the navigation of every Italian page in English, though the root page's
catalogue holds them (``gettext`` extracts them). This transform, after that one, gives each
toctree caption its translation from the page's own catalogue. English builds are untouched
(nothing runs unless ``language`` is set).
"""

from __future__ import annotations

from pathlib import Path

from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain


class TranslateTocCaptions(SphinxTransform):
    #: after sphinx-external-toc's ``InsertToctrees`` (100), before the toctree collector reads
    #: the page (``doctree-read``)
    default_priority = 110

    def apply(self, **kwargs) -> None:
        language = self.config.language
        toctrees = [node for node in self.document.findall(addnodes.toctree) if node.get("caption")]
        if not language or language == "en" or not toctrees:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        catalogue, found = init_locale(dirs, language, domain)
        if not found:
            return
        for node in toctrees:
            translated = catalogue.gettext(node["caption"])
            if translated:
                node["caption"] = translated


def setup(app):
    app.add_transform(TranslateTocCaptions)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
