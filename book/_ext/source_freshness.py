"""Sphinx extension: never serve figures drawn by an older version of the models.

jupyter-cache keys a notebook's outputs on its own code cells only, so a change in
``src/naltrexone_course`` would not re-execute the chapters that import it. This
extension hashes every file under ``src/`` at the start of each build and keeps two
stamps beside the cache:

* ``source-hash.txt``: the models the pages were last built with. When it differs,
  every page is marked as changed, so Sphinx reads (and renders) each chapter again;
* ``cache-source-hash.txt``: the models whose outputs the execution cache holds. When
  it differs, the cache is emptied, so every chapter runs again with the new models.

``tools/parallel_execute.py`` may refill the cache on every core before the build; it
then writes the cache stamp only, and the build re-reads the pages without running the
chapters a second time. Unchanged sources keep the fast cached rebuild.

It also copies the static files (``book/_assets``, ``book/_vendor``) at the end of every
HTML build: Sphinx copies them only when some page is out of date, so an edit to a script
or stylesheet alone would otherwise leave the old copy in the site.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

STAMP_NAME = "source-hash.txt"
CACHE_STAMP_NAME = "cache-source-hash.txt"


def source_hash(source_dir: Path) -> str:
    """SHA-256 over the paths and contents of every file under ``source_dir``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(source_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    return path.read_text().strip() if path.exists() else None


def refresh_cache(cache_dir: Path, current: str) -> None:
    """Empty ``cache_dir`` unless it holds outputs of the models with hash ``current``;
    then record that it does."""
    cache_stamp = cache_dir.parent / CACHE_STAMP_NAME
    if cache_dir.exists() and _read(cache_stamp) != current:
        shutil.rmtree(cache_dir)
    cache_stamp.parent.mkdir(parents=True, exist_ok=True)
    cache_stamp.write_text(current + "\n")


def _on_builder_inited(app) -> None:
    root = Path(app.srcdir)
    source_dir = root / "src"
    cache_dir = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    stamp = cache_dir.parent / STAMP_NAME
    current = source_hash(source_dir) if source_dir.is_dir() else ""
    app.env._nxc_sources_changed = _read(stamp) != current  # noqa: SLF001
    refresh_cache(cache_dir, current)
    stamp.write_text(current + "\n")


def _on_env_get_outdated(app, env, added, changed, removed):
    if getattr(env, "_nxc_sources_changed", False):
        return [doc for doc in env.found_docs if doc not in added]
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
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    app.connect("env-get-outdated", _on_env_get_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
