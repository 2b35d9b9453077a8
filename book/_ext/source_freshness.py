"""Sphinx extension: never serve figures drawn by an older version of the models.

jupyter-cache keys a notebook's outputs on its own code cells only, so a change in
``src/naltrexone_course`` would not re-execute the chapters that import it. This
extension hashes every file under ``src/`` at the start of each build; when the
hash differs from the one recorded with the cache, it empties the execution cache
and marks every notebook page as changed, so all chapters run again with the new
models. Unchanged sources keep the fast cached rebuild.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

STAMP_NAME = "source-hash.txt"


def source_hash(source_dir: Path) -> str:
    """SHA-256 over the paths and contents of every file under ``source_dir``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(source_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _on_builder_inited(app) -> None:
    root = Path(app.srcdir)
    source_dir = root / "src"
    cache_dir = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    stamp = cache_dir.parent / STAMP_NAME
    current = source_hash(source_dir) if source_dir.is_dir() else ""
    previous = stamp.read_text().strip() if stamp.exists() else None
    app.env._nxc_sources_changed = previous != current  # noqa: SLF001
    if previous is not None and previous != current:
        if cache_dir.exists():
            shutil.rmtree(cache_dir)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def _on_env_get_outdated(app, env, added, changed, removed):
    if getattr(env, "_nxc_sources_changed", False):
        return [doc for doc in env.found_docs if doc not in added]
    return []


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
