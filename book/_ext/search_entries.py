"""Sphinx extension: a rebuild's search index keeps every page's index entries (glossary terms).

Sphinx 7.4 keeps the search index's index entries (``env._search_index_index_entries``) in the
environment, but pickles the environment after reading and before writing, while the entries
are collected as the pages are written: a rebuild knows only the entries of the pages it writes
again, and the ``searchindex.js`` it writes loses every other page's (the 34 glossary terms,
after a one-sentence edit of another chapter). This extension keeps the entries beside the
doctrees at the end of each HTML build and gives the environment back those of the pages a
rebuild does not read again, so the rebuild's index is the one a clean build writes (a page
written again replaces its own entries).

It also drops the words no page holds any more (a word of the edited page's old text stays in
a rebuild's index with no page: ``"strong": []``), which a clean build's index does not have.
"""

from __future__ import annotations

import json
from pathlib import Path

MEMO = "search-index-entries.json"


def _memo(app) -> Path:
    return Path(app.doctreedir) / MEMO


def restore(entries: dict, kept: dict, docs) -> None:
    """``entries`` (docname -> index entries, in place) with the ``kept`` ones of each doc of
    ``docs`` it lacks, and none of a doc no longer in ``docs`` (a removed page)."""
    for docname in [d for d in entries if d not in docs]:
        del entries[docname]
    for docname, listed in kept.items():
        if docname in docs and docname not in entries:
            entries[docname] = [tuple(entry) for entry in listed]


def _restore(app, env) -> list[str]:
    entries = getattr(env, "_search_index_index_entries", None)
    if app.builder.format != "html" or entries is None:
        return []
    try:
        kept = json.loads(_memo(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    restore(entries, kept, env.all_docs)
    return []


def _keep(app, exception) -> None:
    entries = getattr(app.env, "_search_index_index_entries", None)
    if exception is not None or app.builder.format != "html" or entries is None:
        return
    _memo(app).write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")


def drop_empty(mapping: dict) -> None:
    """``mapping`` (word -> pages, in place) without the words of no page."""
    for word in [w for w, pages in mapping.items() if not pages]:
        del mapping[word]


def _drop_empty_words(app) -> list:
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:  # before the index is written (html-collect-pages comes first)
        drop_empty(indexer._mapping)  # noqa: SLF001
        drop_empty(indexer._title_mapping)  # noqa: SLF001
    return []


def setup(app):
    app.connect("html-collect-pages", _drop_empty_words)
    app.connect("env-updated", _restore)
    app.connect("build-finished", _keep)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
