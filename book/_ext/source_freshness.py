"""Sphinx extension: never serve figures drawn by an older version of the models, and
re-execute only the chapters a change touches.

jupyter-cache keys a notebook's outputs on its own code cells only, so a change in
``src/naltrexone_course`` would not re-execute the chapters that import it. This
extension gives every chapter a fingerprint (``naltrexone_course.source_graph``): its code
cells, the source of every package module it imports, transitively (from the import
graph), ``parameters.py``, the package data those modules read, and the pinned
``requirements.txt``. It keeps two stamps beside the cache (chapter -> fingerprint, JSON):

* ``chapter-fingerprints.json``: what each page was last read with. A page whose
  fingerprint differs is marked as changed, so Sphinx reads (and renders) it again;
* ``cache-fingerprints.json``: what each chapter's cached outputs were executed with.
  When a chapter's fingerprint differs, its records are dropped from the execution cache
  (every record of that file, and every record of a file that is no longer a chapter), so
  it runs again with the new models. Other chapters keep their outputs.

A text-only edit changes no fingerprint: the page is read again (Sphinx sees the file
changed) and its outputs come from the cache. A change in ``glutamate.py`` re-executes the
chapters that import it, directly or through another module, and nothing else.

``tools/parallel_execute.py`` may refill the cache on every core before the build; it
applies the same rule (:func:`refresh_cache`) and writes the cache stamp only, and the
build re-reads the changed pages without running the chapters a second time.

It also copies the static files (``book/_assets``, ``book/_vendor``) at the end of every
HTML build: Sphinx copies them only when some page is out of date, so an edit to a script
or stylesheet alone would otherwise leave the old copy in the site.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import sys
from pathlib import Path

STAMP_NAME = "chapter-fingerprints.json"
CACHE_STAMP_NAME = "cache-fingerprints.json"
#: Beside the stamps: the imports of each chapter and module source, by content.
IMPORTS_MEMO_NAME = "imports-memo.json"
GRAPH_FILE = Path("src") / "naltrexone_course" / "source_graph.py"
CODE_CELL = re.compile(r"^`{3,}\{code-cell\}", re.M)


def source_graph(repo: Path | None = None):
    """``naltrexone_course.source_graph`` loaded by file path (the repository's own copy)."""
    path = Path(repo) / GRAPH_FILE if repo is not None else None
    if path is None or not path.exists():
        path = Path(__file__).resolve().parents[2] / GRAPH_FILE
    name = "_nxc_source_graph"
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None) == str(path):
        return module
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def is_notebook(path: Path) -> bool:
    """A MyST page that myst-nb executes: code cells, or a jupytext header with a kernel
    (such a page without code cells is still executed once and cached)."""
    if path.suffix != ".md" or not path.is_file():
        return False
    text = path.read_text()
    header = text.split("\n---", 1)[0] if text.startswith("---") else ""
    return bool(CODE_CELL.search(text)) or "kernelspec:" in header


def chapter_fingerprints(repo: Path, pages, memo: Path | None = None) -> dict[str, str]:
    """Absolute page path -> fingerprint, for the pages that hold code cells. ``memo``: the
    file that keeps each source's imports between builds (only changed sources are parsed)."""
    graph = source_graph(repo)
    if memo is not None:
        graph.use_memo(memo)
    package = graph.Package(Path(repo) / "src" / graph.PACKAGE)
    fingerprints = {
        str(Path(page).resolve()): graph.chapter_fingerprint(Path(page), repo, package)
        for page in pages
        if is_notebook(Path(page))
    }
    graph.save_memo()
    return fingerprints


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)


def cached_uris(cache_dir: Path) -> dict[int, str]:
    """The execution cache's records (primary key -> absolute notebook path), read straight
    from its SQLite index (no jupyter-cache import: a no-op rebuild stays quick)."""
    db = Path(cache_dir) / "global.db"
    if not db.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            rows = connection.execute("SELECT pk, uri FROM nbcache").fetchall()
    except sqlite3.Error:
        return {}
    return {pk: str(Path(uri).resolve()) for pk, uri in rows}


def drop_records(cache_dir: Path, keep: set[str]) -> list[str]:
    """Remove every cache record whose notebook is not in ``keep`` (absolute paths);
    return the removed records' paths."""
    doomed = {pk: uri for pk, uri in cached_uris(cache_dir).items() if uri not in keep}
    if not doomed:
        return []
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

    cache = get_cache(str(cache_dir))
    for pk in doomed:
        try:
            cache.remove_cache(pk)
        except KeyError:  # its folder is already gone: drop the record alone
            NbCacheRecord.remove_records([pk], cache.db)
    return sorted(doomed.values())


def refresh_cache(cache_dir: Path, fingerprints: dict[str, str]) -> list[str]:
    """Drop the cached outputs of every chapter whose fingerprint changed since they were
    executed (and of files that are no longer chapters); record the new fingerprints.

    Returns the chapters (absolute paths) that will execute again."""
    cache_dir = Path(cache_dir)
    stamp = cache_dir.parent / CACHE_STAMP_NAME
    recorded = _read_json(stamp)
    changed = sorted(page for page, fp in fingerprints.items() if recorded.get(page) != fp)
    keep = {page for page, fp in fingerprints.items() if recorded.get(page) == fp}
    drop_records(cache_dir, keep)
    _write_json(stamp, {**recorded, **fingerprints})
    return changed


def _cache_dir(app) -> Path:
    return Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")


def _pages_stamp(app) -> Path:
    """What this build's pages were read with: beside its doctrees (the English build's is
    ``_build/chapter-fingerprints.json``). Each edition has its own: the editions share the
    execution cache, but an edition that has not read a changed chapter again yet must not
    take the English build's record of it (it would keep the chapter's old outputs)."""
    return Path(app.doctreedir).parent / STAMP_NAME


def _on_env_get_outdated(app, env, added, changed, removed):
    root = Path(app.srcdir)
    docs = sorted(env.found_docs)
    paths = {doc: Path(env.doc2path(doc)) for doc in docs}
    current = chapter_fingerprints(root, paths.values(), _cache_dir(app).parent / IMPORTS_MEMO_NAME)
    by_doc = {doc: current[str(p.resolve())] for doc, p in paths.items() if str(p.resolve()) in current}
    refresh_cache(_cache_dir(app), current)
    previous = _read_json(_pages_stamp(app))
    env._nxc_fingerprints = by_doc  # noqa: SLF001  (written once the pages are read)
    return [
        doc
        for doc, fp in by_doc.items()
        if previous.get(doc) != fp and doc not in added and doc not in changed
    ]


def _on_env_updated(app, env):
    """Every page whose fingerprint changed has now been read: record what it was read with."""
    fingerprints = getattr(env, "_nxc_fingerprints", None)
    if fingerprints is not None:
        stamp = _pages_stamp(app)
        _write_json(stamp, {**_read_json(stamp), **fingerprints})
    return []


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util.fileutil import copy_asset
    from sphinx.util.matching import Matcher

    excluded = Matcher([*app.config.exclude_patterns, "**/.*"])
    for entry in app.config.html_static_path:  # copy_asset copies only files that differ
        copy_asset(Path(app.confdir) / entry, Path(app.outdir) / "_static", excluded)


def setup(app):
    app.connect("env-updated", _on_env_updated)
    # before book/_ext/page_head.py (400), which minifies, strips and versions what is copied
    app.connect("build-finished", _on_build_finished, priority=300)
    app.connect("env-get-outdated", _on_env_get_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
