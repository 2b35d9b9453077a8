"""Sphinx extension: in an edition built from gettext catalogues, a passage whose translation
is pending (its English is new or changed since the catalogue was last translated) is shown in
English *as English*, never as if translated, and listed.

After Sphinx's ``Locale`` transform every message it could not translate is marked
``translated = False``. This transform (English builds are untouched):

- marks each such passage ``lang="en"`` (docutils writes the class ``language-en`` as the
  attribute) and ``nxc-pending``, so a screen reader reads it as English and the page can show it;
- puts a short notice at the top of the page, in the edition's language (the site catalogue,
  ``locales/<lang>/LC_MESSAGES/site.po``, message :data:`NOTICE`);
- lists every pending message with its page in ``<outdir>/../pending.json`` (``tools/editions.py
  check`` prints them one by one).

A message the catalogue deliberately keeps identical (a name, a number) is translated, not
pending; a message with no word in it (numbers, maths, roles only) has nothing to translate.
"""

from __future__ import annotations

import json
import re
import sys
from os import path
from pathlib import Path

from docutils import nodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

sys.path.insert(0, str(Path(__file__).resolve().parent))
import question_i18n  # noqa: E402

#: The notice a page with pending passages shows (translated through the site catalogue).
NOTICE = "Translation in progress: the passages of this page marked as English are not translated yet."
#: Class of every pending passage and of the notice.
PENDING_CLASS = "nxc-pending"
NOTICE_CLASS = "nxc-pending-notice"
#: The file, beside the edition's HTML folder, that lists the pending messages by page.
PENDING_FILE = "pending.json"
#: The document attribute under which another extension lists texts it left in English
#: (the self-checks, book/_ext/questions.py).
DOCUMENT_KEY = "nxc_pending"
_MARKUP = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\$[^$]*\$|\]\([^)]*\)|<[^>]+>|https?://\S+")


def has_words(message: str) -> bool:
    """Whether ``message`` holds a word to translate once its markup is left out."""
    return re.search(r"[A-Za-z]{2,}", _MARKUP.sub(" ", message)) is not None


class MarkPending(SphinxTransform):
    """Mark the passages ``Locale`` (priority 20) left in English, and note them."""

    default_priority = 21

    def apply(self, **kwargs) -> None:
        if _language(self.config) == "en" or "<translated>" in str(self.document.get("source") or ""):
            return
        textdomain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [path.join(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, _ = init_locale(dirs, self.config.language, textdomain)
        known = getattr(catalog, "_catalog", {}) or {}
        # a page with no catalogue at all (a new page) is pending as a whole: Locale then marks
        # nothing, so every translatable message that Locale did not translate counts
        pending = []
        for node, message in extract_messages(self.document):
            if node.get("translated") or isinstance(node, (nodes.image, nodes.meta)) or _in_docinfo(node):
                continue
            if known.get(message) == message or not has_words(message):
                continue
            node["classes"] += ["language-en", PENDING_CLASS]
            pending.append(message)
        # texts the self-checks' catalogues lack (book/_ext/questions.py notes them)
        pending += list(self.document.get(DOCUMENT_KEY, []))
        store = _store(self.env)
        store.pop(self.env.docname, None)
        if not pending:
            return
        store[self.env.docname] = pending
        notice = nodes.note(classes=[NOTICE_CLASS])
        notice += nodes.paragraph(text=_notice(self.app))
        section = next(iter(self.document.findall(nodes.section)), None)
        parent = section if section is not None else self.document
        at = 1 if section is not None and section.children and isinstance(section[0], nodes.title) else 0
        parent.insert(at, notice)


def _in_docinfo(node: nodes.Node) -> bool:
    """Whether ``node`` is the page's front matter (metadata, never shown as text): a field
    list at the document's top level (docutils makes it the docinfo later, at priority 340)."""
    while node is not None:
        if isinstance(node, nodes.docinfo) or (
            isinstance(node, nodes.field_list) and isinstance(node.parent, nodes.document)
        ):
            return True
        node = node.parent
    return False


def _language(config) -> str:
    return (config.language or "en").split("_")[0]


def _notice(app) -> str:
    locales = Path(app.confdir) / list(app.config.locale_dirs or ["locales"])[0]
    site = question_i18n.load(locales / _language(app.config) / "LC_MESSAGES" / "site.po") or {}
    return site.get(NOTICE) or NOTICE


def _store(env) -> dict[str, list[str]]:
    if not hasattr(env, "nxc_pending"):
        env.nxc_pending = {}
    return env.nxc_pending


def _purge(app, env, docname) -> None:
    _store(env).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _store(other):
            _store(env)[docname] = _store(other)[docname]


def _write(app, exception) -> None:
    if exception is not None or _language(app.config) == "en" or app.builder.format != "html":
        return
    listed = {doc: msgs for doc, msgs in sorted(_store(app.env).items()) if msgs}
    target = Path(app.outdir).parent / PENDING_FILE
    target.write_text(json.dumps(listed, ensure_ascii=False, indent=1), encoding="utf-8")


def setup(app):
    app.add_transform(MarkPending)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
