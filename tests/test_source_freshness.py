"""A change under src/ must re-execute the chapters (no stale figures); a text edit must not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "book" / "_ext" / "source_freshness.py"
spec = importlib.util.spec_from_file_location("source_freshness", EXTENSION)
freshness = importlib.util.module_from_spec(spec)
sys.modules["source_freshness"] = freshness
spec.loader.exec_module(freshness)


def fake_app(root: Path):
    build = root / "_build"
    env = SimpleNamespace(found_docs={"book/a", "book/b"})
    config = SimpleNamespace(nb_execution_cache_path=str(build / ".jupyter_cache"))
    return SimpleNamespace(srcdir=str(root), outdir=str(build / "html"), config=config, env=env)


def build_once(app):
    freshness._on_builder_inited(app)
    return freshness._on_env_get_outdated(app, app.env, set(), set(), set())


def test_model_change_clears_the_cache_and_rereads_every_chapter(tmp_path):
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    model = tmp_path / "src" / "pkg" / "model.py"
    model.write_text("K = 1\n")
    app = fake_app(tmp_path)
    cache = Path(app.config.nb_execution_cache_path)

    build_once(app)  # first build: records the hash
    cache.mkdir(parents=True)
    (cache / "executed.db").write_text("outputs drawn with K = 1")

    assert build_once(app) == [], "unchanged sources must keep the cached outputs"
    assert cache.exists()

    model.write_text("K = 2\n")
    outdated = build_once(app)
    assert sorted(outdated) == ["book/a", "book/b"], "every chapter must be re-read after a model change"
    assert not cache.exists(), "the execution cache must be emptied after a model change"

    assert build_once(app) == [], "the next build after that is cached again"


def test_hash_ignores_bytecode_but_sees_new_files(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    first = freshness.source_hash(tmp_path)
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert freshness.source_hash(tmp_path) == first
    (tmp_path / "pkg" / "b.py").write_text("y = 2\n")
    assert freshness.source_hash(tmp_path) != first


def test_cache_refilled_in_parallel_is_kept_but_pages_are_reread(tmp_path):
    """tools/parallel_execute.py refreshes the cache for new models before the build:
    the build must keep those fresh outputs, yet still re-render every page."""
    (tmp_path / "src").mkdir()
    model = tmp_path / "src" / "model.py"
    model.write_text("K = 1\n")
    app = fake_app(tmp_path)
    cache = Path(app.config.nb_execution_cache_path)
    build_once(app)

    cache.mkdir(parents=True)
    (cache / "executed.db").write_text("outputs drawn with K = 1")
    model.write_text("K = 2\n")
    # what the tool does: empty the stale cache, then execute every chapter into it
    freshness.refresh_cache(cache, freshness.source_hash(tmp_path / "src"))
    assert not cache.exists(), "the tool must not reuse outputs of the old models"
    cache.mkdir()
    (cache / "executed.db").write_text("outputs drawn with K = 2")

    assert sorted(build_once(app)) == ["book/a", "book/b"], "pages drawn with K = 1 must be re-read"
    assert (cache / "executed.db").read_text() == "outputs drawn with K = 2", "fresh outputs must be kept"


def test_refresh_cache_empties_outputs_of_other_models(tmp_path):
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    (cache / "executed.db").write_text("old")
    freshness.refresh_cache(cache, "hash-of-new-models")
    assert not cache.exists()
    cache.mkdir()
    (cache / "executed.db").write_text("new")
    freshness.refresh_cache(cache, "hash-of-new-models")
    assert (cache / "executed.db").read_text() == "new"


def test_an_edited_script_reaches_the_site_even_when_no_page_is_out_of_date(tmp_path):
    """Sphinx copies static files only when it writes a page; the extension copies them at
    the end of every build, so an edit to one script is never served stale."""
    (tmp_path / "book" / "_assets").mkdir(parents=True)
    script = tmp_path / "book" / "_assets" / "figure.js"
    script.write_text("new();\n")
    site_static = tmp_path / "_build" / "html" / "_static"
    site_static.mkdir(parents=True)
    (site_static / "figure.js").write_text("old();\n")
    app = SimpleNamespace(
        confdir=str(tmp_path),
        outdir=str(tmp_path / "_build" / "html"),
        builder=SimpleNamespace(format="html"),
        config=SimpleNamespace(html_static_path=["book/_assets"], exclude_patterns=[]),
    )
    freshness._on_build_finished(app, None)
    assert (site_static / "figure.js").read_text() == "new();\n"
    (site_static / "figure.js").write_text("old();\n")
    freshness._on_build_finished(app, RuntimeError("the build failed"))
    assert (site_static / "figure.js").read_text() == "old();\n", "a failed build leaves the site as it was"
