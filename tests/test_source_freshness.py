"""Each chapter re-executes when what its outputs depend on changes, and only then.

A chapter's fingerprint (``naltrexone_course.source_graph``) is its code cells, every
package module it imports transitively, ``parameters.py`` and the pinned requirements.
``book/_ext/source_freshness.py`` (the build) and ``tools/parallel_execute.py`` (the same
rule) drop a chapter's cached outputs when its fingerprint changes, and no others.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "book" / "_ext" / "source_freshness.py"
spec = importlib.util.spec_from_file_location("source_freshness", EXTENSION)
freshness = importlib.util.module_from_spec(spec)
sys.modules["source_freshness"] = freshness
spec.loader.exec_module(freshness)
graph = freshness.source_graph(ROOT)
PACKAGE_DIR = ROOT / "src" / "naltrexone_course"
CHAPTERS = sorted(p for p in (ROOT / "book").glob("*.md") if freshness.is_notebook(p))
PACKAGE = graph.Package(PACKAGE_DIR)  # one reading of the package for the checks below
MODULES = sorted(PACKAGE.modules)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    """A copy of the book's chapters, package and requirements to edit freely."""
    copy = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "book", copy / "book", ignore=shutil.ignore_patterns("_vendor", "_assets"))
    shutil.copytree(
        PACKAGE_DIR, copy / "src" / "naltrexone_course", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "requirements.txt", copy / "requirements.txt")
    return copy


def fingerprints(repo: Path) -> dict[str, str]:
    pages = sorted(p for p in (repo / "book").glob("*.md"))
    return {Path(k).name: v for k, v in freshness.chapter_fingerprints(repo, pages).items()}


_BASELINES: dict[Path, dict[str, str]] = {}


def _baseline(repo: Path) -> dict[str, str]:
    """Fingerprints of the unedited copy (computed once; every edit is undone)."""
    if repo not in _BASELINES:
        _BASELINES[repo] = fingerprints(repo)
    return _BASELINES[repo]


def changed_by(repo: Path, relative: str, edit) -> set[str]:
    """The chapters whose fingerprint changes when ``edit`` is applied to one file."""
    path = repo / relative
    before_text = path.read_text()
    before = _baseline(repo)
    path.write_text(edit(before_text))
    try:
        after = fingerprints(repo)
    finally:
        path.write_text(before_text)
    assert after.keys() == before.keys()
    return {name for name in before if before[name] != after[name]}


def module_path(name: str) -> str:
    return PACKAGE.modules[name].relative_to(ROOT).as_posix()


def users_of(module: str) -> set[str]:
    """Chapters that import ``module``, directly or through other modules (the graph)."""
    return {c.name for c in CHAPTERS if module in PACKAGE.chapter_modules(c.read_text())}


def test_every_chapter_with_code_has_a_fingerprint():
    names = set(fingerprints(ROOT))
    assert names == {c.name for c in CHAPTERS}
    assert {"glutamate.md", "pill-to-receptor.md", "models.md"} <= names


def test_a_page_with_a_kernel_but_no_code_keeps_its_cached_record(tmp_path):
    """myst-nb executes a page with a jupytext kernel header even without code cells (the
    safety page); its cache record must not be dropped as an orphan on every build."""
    pages = tiny_repo(tmp_path)
    kernel_page = tmp_path / "book" / "k.md"
    kernel_page.write_text("---\nkernelspec:\n  name: python3\n---\n# K\n\nText only.\n")
    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    assert refresh(tmp_path, cache_dir) == {"a.md", "b.md", "k.md"}
    cache_outputs(cache_dir, kernel_page, "")
    cache_outputs(cache_dir, pages["a"], "drawn with A = 1")
    assert refresh(tmp_path, cache_dir) == set()
    assert cached_output(cache_dir, kernel_page) == "", "the page's record is kept"


@pytest.mark.parametrize("module", MODULES)
def test_touching_a_module_reexecutes_exactly_the_chapters_that_import_it(repo_copy, module):
    changed = changed_by(repo_copy, module_path(module), lambda text: text + "\n# edited\n")
    assert changed == users_of(module), f"{module}: re-executed {sorted(changed)}"


def test_the_graph_sees_relative_and_aliased_imports():
    """``figures/glutamate.py`` imports the model with ``from .. import glutamate`` and the
    chapter imports the figure with ``from naltrexone_course.figures import glutamate as
    figures``: both edges are in the graph, and the glutamate model reaches only the
    chapters that use it."""
    edges = PACKAGE.graph
    assert "naltrexone_course.glutamate" in edges["naltrexone_course.figures.glutamate"]
    assert "naltrexone_course.figures.style" in edges["naltrexone_course.figures.glutamate"]
    users = users_of("naltrexone_course.glutamate")
    assert "glutamate.md" in users and "antagonism.md" not in users and "oud.md" not in users
    assert users < {c.name for c in CHAPTERS}


@pytest.mark.slow  # a real jupyter-cache (or every chapter's imports): make test runs it
def test_the_graph_misses_no_module_a_chapter_really_loads():
    """Run each chapter's import lines in a fresh interpreter (one, with the package's
    modules forgotten between chapters): every package module Python actually loads is
    in that chapter's fingerprint (the graph may see more, never less)."""
    imports = {}
    for chapter in CHAPTERS:
        cells = graph.code_cells(chapter.read_text())
        lines = [
            line.strip()
            for cell in cells
            for line in graph._python(cell).split("\n")
            if line.startswith(("import naltrexone_course", "from naltrexone_course"))
        ]
        if lines:
            imports[chapter.name] = "\n".join(lines)
    script = """
import json, sys
loaded = {}
for name, code in json.loads(sys.argv[1]).items():
    for module in [m for m in sys.modules if m.startswith("naltrexone_course")]:
        del sys.modules[module]
    exec(code, {})
    loaded[name] = sorted(m for m in sys.modules if m.startswith("naltrexone_course"))
print(json.dumps(loaded))
"""
    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(imports)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    loaded = json.loads(out)
    assert set(loaded) == set(imports) and len(loaded) >= 10
    for chapter in CHAPTERS:
        if chapter.name in loaded:
            plumbing = {"", "explorer", "figures", "figures.style", "frame_keys", "source_graph"}
            science = [m for m in loaded[chapter.name] if m.partition(".")[2] not in plumbing]
            if science:  # a page that loads a model or a figure loads the registry behind it
                assert "naltrexone_course.parameters" in loaded[chapter.name], chapter.name
            assert set(loaded[chapter.name]) <= PACKAGE.chapter_modules(chapter.read_text()), chapter.name


def test_touching_parameters_reexecutes_every_user(repo_copy):
    users = {c.name for c in CHAPTERS if "naltrexone_course" in "".join(graph.code_cells(c.read_text()))}
    assert changed_by(repo_copy, "src/naltrexone_course/parameters.py", lambda t: t + "\n# edited\n") == users
    assert users_of("naltrexone_course.parameters") == users


def test_touching_a_chapters_text_reexecutes_nothing(repo_copy):
    def edit(text: str) -> str:
        return text.replace("\n## ", "\nOne more sentence for the reader.\n\n## ", 1)

    assert "\n## " in (repo_copy / "book" / "glutamate.md").read_text()
    assert changed_by(repo_copy, "book/glutamate.md", edit) == set()


def test_touching_a_chapters_code_reexecutes_that_chapter_only(repo_copy):
    def edit(text: str) -> str:
        return text.replace("```{code-cell}", "```{code-cell}\n# edited", 1)

    assert changed_by(repo_copy, "book/glutamate.md", edit) == {"glutamate.md"}


def test_new_pinned_requirements_reexecute_every_chapter(repo_copy):
    changed = changed_by(repo_copy, "requirements.txt", lambda t: t.replace("numpy==", "numpy>="))
    assert changed == {c.name for c in CHAPTERS}


def test_a_data_file_counts_for_the_modules_that_name_it(tmp_path):
    package = tmp_path / "src" / "naltrexone_course"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "parameters.py").write_text("K = 1\n")
    (package / "table_user.py").write_text("TABLE = 'points.csv'\n")
    (package / "other.py").write_text("X = 2\n")
    (package / "points.csv").write_text("a,1\n")
    book = tmp_path / "book"
    book.mkdir()
    for name, module in [("a", "table_user"), ("b", "other")]:
        (book / f"{name}.md").write_text(
            f"# {name}\n\n```{{code-cell}} ipython3\nfrom naltrexone_course import {module}\n```\n"
        )
    before = fingerprints(tmp_path)
    (package / "points.csv").write_text("a,2\n")
    after = fingerprints(tmp_path)
    assert {n for n in before if before[n] != after[n]} == {"a.md"}
    (package / "loose.json").write_text("{}")  # named by no module: it counts for every chapter
    assert {n for n in after if after[n] != fingerprints(tmp_path)[n]} == {"a.md", "b.md"}


# --------------------------------------------------------------------------- the execution cache


def tiny_repo(root: Path) -> dict[str, Path]:
    """A package with two models and three chapters (two import a model, one is text)."""
    package = root / "src" / "naltrexone_course"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "parameters.py").write_text("K = 1\n")
    (package / "alpha.py").write_text("from . import parameters\nA = parameters.K\n")
    (package / "beta.py").write_text("B = 2\n")
    (root / "requirements.txt").write_text("numpy==2.4.6\n")
    book = root / "book"
    book.mkdir()
    pages = {}
    for name, body in [
        ("a", "from naltrexone_course.alpha import A\nprint(A)"),
        ("b", "from naltrexone_course import beta\nprint(beta.B)"),
    ]:
        pages[name] = book / f"{name}.md"
        pages[name].write_text(f"# {name}\n\nSome text.\n\n```{{code-cell}} ipython3\n{body}\n```\n")
    (book / "c.md").write_text("# c\n\nText only.\n")
    return pages


def cache_outputs(cache_dir: Path, page: Path, text: str) -> None:
    """Put an executed notebook for ``page`` in the cache, as the build would."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_dir))
    record = cache.add_nb_to_project(str(page), read_data={"name": "myst_nb_md", "type": "plugin"})
    nb = cache.get_project_notebook(record.uri).nb
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    cache.cache_notebook_bundle(CacheBundleIn(nb, record.uri), check_validity=False, overwrite=True)


def cached_output(cache_dir: Path, page: Path) -> str | None:
    """What the build would show for ``page``: its cached output, or None (it executes)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    record = cache.add_nb_to_project(str(page), read_data={"name": "myst_nb_md", "type": "plugin"})
    nb = cache.get_project_notebook(record.uri).nb
    try:
        _, merged = cache.merge_match_into_notebook(nb)
    except KeyError:
        return None
    return "".join(o.get("text", "") for c in merged.cells if c.cell_type == "code" for o in c.outputs)


def refresh(root: Path, cache_dir: Path) -> set[str]:
    pages = sorted((root / "book").glob("*.md"))
    return {
        Path(p).name for p in freshness.refresh_cache(cache_dir, freshness.chapter_fingerprints(root, pages))
    }


@pytest.mark.slow  # a real jupyter-cache (or every chapter's imports): make test runs it
def test_a_model_change_drops_exactly_its_chapters_outputs(tmp_path):
    pages = tiny_repo(tmp_path)
    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    assert refresh(tmp_path, cache_dir) == {"a.md", "b.md"}, "first build: every chapter executes"
    cache_outputs(cache_dir, pages["a"], "drawn with A = 1")
    cache_outputs(cache_dir, pages["b"], "drawn with B = 2")
    assert refresh(tmp_path, cache_dir) == set(), "nothing changed: everything is cached"
    assert cached_output(cache_dir, pages["a"]) == "drawn with A = 1"

    (tmp_path / "src" / "naltrexone_course" / "beta.py").write_text("B = 3\n")
    assert refresh(tmp_path, cache_dir) == {"b.md"}
    assert cached_output(cache_dir, pages["b"]) is None, "a stale figure must never be served"
    assert cached_output(cache_dir, pages["a"]) == "drawn with A = 1", "other chapters keep their outputs"

    cache_outputs(cache_dir, pages["b"], "drawn with B = 3")
    (tmp_path / "src" / "naltrexone_course" / "alpha.py").write_text("from . import parameters\nA = 5\n")
    assert refresh(tmp_path, cache_dir) == {"a.md"}
    assert cached_output(cache_dir, pages["a"]) is None
    assert cached_output(cache_dir, pages["b"]) == "drawn with B = 3"

    cache_outputs(cache_dir, pages["a"], "drawn with A = 5")
    (tmp_path / "src" / "naltrexone_course" / "parameters.py").write_text("K = 5\n")
    assert refresh(tmp_path, cache_dir) == {"a.md", "b.md"}, "parameters counts for every user of the package"
    assert cached_output(cache_dir, pages["a"]) is None and cached_output(cache_dir, pages["b"]) is None


@pytest.mark.slow  # a real jupyter-cache (or every chapter's imports): make test runs it
def test_reverting_a_chapter_never_brings_back_outputs_of_older_models(tmp_path):
    """jupyter-cache matches outputs by code alone: code A (models v1) is cached, the code
    becomes B, the models change, the code goes back to A. The record of A with the old
    models must be gone too, or the build would serve it."""
    pages = tiny_repo(tmp_path)
    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    page = pages["a"]
    code_a = page.read_text()
    refresh(tmp_path, cache_dir)
    cache_outputs(cache_dir, page, "code A, models v1")
    page.write_text(code_a.replace("print(A)", "print(A + 0)"))
    refresh(tmp_path, cache_dir)
    cache_outputs(cache_dir, page, "code B, models v1")
    (tmp_path / "src" / "naltrexone_course" / "alpha.py").write_text("from . import parameters\nA = 7\n")
    refresh(tmp_path, cache_dir)
    page.write_text(code_a)
    assert refresh(tmp_path, cache_dir) == {"a.md"}
    assert cached_output(cache_dir, page) is None


@pytest.mark.slow  # a real jupyter-cache (or every chapter's imports): make test runs it
def test_a_moved_chapter_never_reuses_outputs_cached_under_its_old_name(tmp_path):
    pages = tiny_repo(tmp_path)
    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    refresh(tmp_path, cache_dir)
    cache_outputs(cache_dir, pages["b"], "drawn with B = 2")
    (tmp_path / "src" / "naltrexone_course" / "beta.py").write_text("B = 4\n")
    moved = pages["b"].with_name("b2.md")
    pages["b"].rename(moved)
    assert refresh(tmp_path, cache_dir) == {"b2.md"}
    assert cached_output(cache_dir, moved) is None


def fake_app(root: Path, edition: str = ""):
    """A Sphinx app as the build has it; ``edition``: another language's build (its own output
    and doctrees under ``_build/<edition>/``, the English build's execution cache)."""
    build = root / "_build"
    own = build / edition if edition else build
    docs = {p.relative_to(root).with_suffix("").as_posix() for p in (root / "book").glob("*.md")}
    env = SimpleNamespace(found_docs=docs, doc2path=lambda doc: str(root / f"{doc}.md"))
    config = SimpleNamespace(nb_execution_cache_path=str(build / ".jupyter_cache"))
    return SimpleNamespace(
        srcdir=str(root), outdir=str(own / "html"), doctreedir=str(own / ".doctrees"), config=config, env=env
    )


def build_once(app, changed=()):
    outdated = freshness._on_env_get_outdated(app, app.env, set(), set(changed), set())
    freshness._on_env_updated(app, app.env)
    return sorted(outdated)


def test_the_build_rereads_the_pages_whose_fingerprint_changed(tmp_path):
    tiny_repo(tmp_path)
    app = fake_app(tmp_path)
    assert build_once(app) == ["book/a", "book/b"], "first build: every page with code is read"
    assert build_once(app) == [], "unchanged sources keep the cached pages"
    (tmp_path / "src" / "naltrexone_course" / "alpha.py").write_text("A = 9\n")
    assert build_once(app) == ["book/a"], "only the page that imports alpha is read again"
    assert build_once(app) == [], "the next build after that is cached again"
    (tmp_path / "book" / "b.md").write_text((tmp_path / "book" / "b.md").read_text() + "\nMore text.\n")
    assert build_once(app, changed=["book/b"]) == [], "a text edit: Sphinx rereads it; no extra page"


def test_each_edition_rereads_a_chapter_whose_models_changed(tmp_path):
    """The editions share one execution cache, but each rereads a changed chapter: the Italian
    build, after (or beside) the English one, must not take the English build's record."""
    tiny_repo(tmp_path)
    english, italian = fake_app(tmp_path), fake_app(tmp_path, "it")
    assert build_once(english) == build_once(italian) == ["book/a", "book/b"]
    (tmp_path / "src" / "naltrexone_course" / "alpha.py").write_text("A = 9\n")
    assert build_once(english) == ["book/a"]
    assert build_once(italian) == ["book/a"], "the Italian page keeps the outputs of the old models"
    assert build_once(english) == build_once(italian) == []


@pytest.mark.slow  # a real jupyter-cache (or every chapter's imports): make test runs it
def test_cache_refilled_in_parallel_is_kept_but_pages_are_reread(tmp_path):
    """tools/parallel_execute.py refreshes the cache for new models before the build:
    the build must keep those fresh outputs, yet still re-render the changed pages."""
    pages = tiny_repo(tmp_path)
    app = fake_app(tmp_path)
    cache_dir = Path(app.config.nb_execution_cache_path)
    build_once(app)
    cache_outputs(cache_dir, pages["a"], "drawn with A = 1")
    cache_outputs(cache_dir, pages["b"], "drawn with B = 2")
    (tmp_path / "src" / "naltrexone_course" / "beta.py").write_text("B = 3\n")
    # what the tool does: drop the stale outputs, then execute those chapters into the cache
    assert refresh(tmp_path, cache_dir) == {"b.md"}
    assert cached_output(cache_dir, pages["b"]) is None, "the tool must not reuse outputs of the old models"
    cache_outputs(cache_dir, pages["b"], "drawn with B = 3")

    assert build_once(app) == ["book/b"], "the page drawn with B = 2 must be re-read"
    assert cached_output(cache_dir, pages["b"]) == "drawn with B = 3", "fresh outputs must be kept"
    assert cached_output(cache_dir, pages["a"]) == "drawn with A = 1"


@pytest.mark.slow  # a real jupyter-cache (or every chapter's imports): make test runs it
def test_a_cache_stamp_of_the_old_format_empties_nothing_it_should_keep(tmp_path):
    """A build directory from before fingerprints (or a lost stamp) re-executes every chapter
    once: outputs with no fingerprint on record are never trusted."""
    pages = tiny_repo(tmp_path)
    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    cache_outputs(cache_dir, pages["a"], "unknown models")
    (tmp_path / "_build" / "cache-source-hash.txt").write_text("old\n")
    assert refresh(tmp_path, cache_dir) == {"a.md", "b.md"}
    assert cached_output(cache_dir, pages["a"]) is None
    assert json.loads((tmp_path / "_build" / freshness.CACHE_STAMP_NAME).read_text()).keys() == {
        str(pages["a"].resolve()),
        str(pages["b"].resolve()),
    }


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


def test_parallel_execution_starts_the_chapters_with_the_most_figure_controls_first(tmp_path):
    """tools/parallel_execute.py hands out the chapters longest first (a chapter's time is
    mostly its frames, which grow with its figure controls), the book's order breaking ties,
    so that a long chapter never starts last while the other process sits idle."""
    sys.path.insert(0, str(ROOT / "tools"))
    import parallel_execute

    def chapter(name: str, controls: int, prose_controls: int = 0) -> Path:
        cell = "from naltrexone_course.explorer import Control, explore\n"
        cell += "".join(f'Control("c{i}", "C", values=[1, 2])\n' for i in range(controls))
        prose = "A sentence that names Control( in prose.\n" * prose_controls
        page = tmp_path / f"{name}.md"
        page.write_text(f"# {name}\n\n{prose}\n```{{code-cell}} ipython3\n{cell}```\n")
        return page

    pages = [chapter("short", 1), chapter("long", 5), chapter("text", 0, prose_controls=9), chapter("mid", 3)]
    pages.append(chapter("mid-later", 3))
    assert [p.stem for p in parallel_execute.execution_order(pages)] == [
        "long",
        "mid",
        "mid-later",
        "short",
        "text",
    ]
    book = [ROOT / "book" / f"{name}.md" for name in ("antagonism", "blockade-over-time", "oud", "safety")]
    assert parallel_execute.execution_order(book)[0].stem == "blockade-over-time"


@pytest.fixture
def fresh_memo():
    """The graph module the build loads, its import memo as a new process finds it (empty,
    no file), and a function that empties it again; put back empty afterwards."""
    module = freshness.source_graph(ROOT)  # the one chapter_fingerprints(ROOT, ...) uses

    def reset():
        module._memo.clear()  # noqa: SLF001
        module._memo_used.clear()  # noqa: SLF001
        module._memo_file.clear()  # noqa: SLF001

    reset()
    yield module, reset
    reset()


def test_each_sources_imports_are_parsed_once_and_kept_for_the_next_build(tmp_path, monkeypatch, fresh_memo):
    module, new_process = fresh_memo
    memo = tmp_path / freshness.IMPORTS_MEMO_NAME
    first = freshness.chapter_fingerprints(ROOT, CHAPTERS, memo)
    assert memo.exists(), "the imports were not kept"
    parsed = []
    real = module.ast.parse
    monkeypatch.setattr(module.ast, "parse", lambda *a, **k: parsed.append(1) or real(*a, **k))
    new_process()  # the next build reads the memo
    assert freshness.chapter_fingerprints(ROOT, CHAPTERS, memo) == first
    assert parsed == [], f"{len(parsed)} sources parsed again though none changed"
    new_process()  # without the memo every source is parsed, to the same fingerprints
    assert freshness.chapter_fingerprints(ROOT, CHAPTERS) == first
    assert len(parsed) >= len(MODULES)
