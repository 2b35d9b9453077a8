"""Sphinx extension: a Markdown link's address reaches the page as written.

myst-parser 3.0.1 HTML-escapes the address of a link whose scheme is in ``myst_url_schemes``
(``ref_node["refuri"] = escapeHtml(uri)``) and the HTML writer escapes it again, so
``[words](figure:oud#fig-x?a=1&b=2)`` became ``href="oud.html#fig-x?a=1&amp;amp;b=2"``: the
browser then reads a control named ``amp;b``. This transform undoes the first escape on every
external reference (the writer's own escape stays).
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.transforms import SphinxTransform


class UnescapeLinkUris(SphinxTransform):
    """Every ``reference`` whose ``refuri`` holds an HTML entity gets it back as written."""

    default_priority = 900

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            if "&" in uri and html.unescape(uri) != uri:
                node["refuri"] = html.unescape(uri)


def setup(app):
    app.add_transform(UnescapeLinkUris)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
