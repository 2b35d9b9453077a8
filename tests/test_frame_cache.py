"""Draw a frame once: cached frames are the bytes of a fresh draw, and a change in a drawing
function's module invalidates its frames and no others."""

from __future__ import annotations

import importlib
import inspect
import os
import shutil
from pathlib import Path

import pytest

import naltrexone_course.explorer  # noqa: F401  (binds the engine to the course: colours, frame keys)
from naltrexone_course import frame_keys, source_graph
from naltrexone_course.figures import antagonism
from nxc_explorer import explorer, frame_cache

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "src" / "naltrexone_course"
DRAW = antagonism.draw_receptor_occupancy
COMBOS = [{"free_naltrexone_nM": v} for v in (0.1, 1.0, 10.0)]
#: The drawing tests draw this figure with the explorer: `make fast` runs them when either
#: changed (or a module they import: the frame cache, the style, the model).
DRAWS = pytest.mark.figures("naltrexone_course.figures.antagonism", "naltrexone_course.explorer")


@pytest.fixture
def counted(monkeypatch):
    """Counts the frames the explorer really draws."""
    calls = []
    original = explorer._draw_2x

    def draw_2x(draw, kwargs, layout, renderer, rows=None):
        calls.append((layout, tuple(kwargs.items())))
        return original(draw, kwargs, layout, renderer, rows)

    monkeypatch.setattr(explorer, "_draw_2x", draw_2x)
    return calls


def frame_bytes(files: list[explorer.FrameFiles], store: Path) -> list[list[bytes]]:
    """Every frame's files (narrow 1x, narrow 2x, wide 1x, wide 2x) as bytes."""
    return [[(store / name).read_bytes() if name else b"" for name in f.names()] for f in files]


def render(store: Path, layouts=("wide", "narrow")):
    return explorer._render_files(DRAW, COMBOS, list(layouts), store)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict[tuple, list[list[bytes]]]:
    """The frames drawn with no cache at all, in both layouts and in the wide one alone."""
    saved = os.environ.pop(frame_cache.CACHE_ENV, None)
    try:
        out = {}
        for layouts in [("wide", "narrow"), ("wide",)]:
            store = tmp_path_factory.mktemp("fresh")
            out[layouts] = frame_bytes(render(store, layouts), store)
        return out
    finally:
        if saved is not None:
            os.environ[frame_cache.CACHE_ENV] = saved


def test_no_cache_for_a_store_outside_a_build(tmp_path, monkeypatch):
    monkeypatch.delenv(frame_cache.CACHE_ENV, raising=False)
    assert frame_cache.cache_for(tmp_path / "frames") is None
    cache = frame_cache.cache_for(tmp_path / "_build" / ".nxc_frames")
    assert cache.folder == tmp_path / "_build" / ".nxc_frame_cache"


@DRAWS
def test_cached_frames_are_the_bytes_of_a_fresh_draw_and_are_not_drawn_again(
    tmp_path, monkeypatch, counted, fresh
):
    monkeypatch.delenv(frame_cache.CACHE_ENV, raising=False)
    fresh = fresh[("wide", "narrow")]  # no cache: drawn as before
    build_store = tmp_path / "one" / "_build" / ".nxc_frames"
    cold = render(build_store)  # an empty cache: drawn and kept
    assert len(counted) == 2 * len(COMBOS)
    assert frame_bytes(cold, build_store) == fresh

    # another build (a fresh clone's _build) that shares the cache: copied, nothing drawn
    monkeypatch.setenv(frame_cache.CACHE_ENV, str(tmp_path / "one" / "_build" / frame_cache.CACHE_NAME))
    other_store = tmp_path / "two" / "_build" / ".nxc_frames"
    warm = render(other_store)
    assert len(counted) == 2 * len(COMBOS), "cached frames must be copied, not drawn"
    assert [f.files for f in warm] == [f.files for f in cold]
    assert frame_bytes(warm, other_store) == fresh
    assert all(name.endswith(".png") and len(name) == 68 for f in warm for name in f.names())


@pytest.fixture(scope="module")
def wide_cache(tmp_path_factory) -> Path:
    """A build folder whose frame cache holds the wide frames (drawn once for the module;
    each test works on its own copy)."""
    saved = os.environ.pop(frame_cache.CACHE_ENV, None)
    try:
        build = tmp_path_factory.mktemp("cached") / "_build"
        store = build / ".nxc_frames"
        render(store, ["wide"])
        shutil.rmtree(store)
        return build
    finally:
        if saved is not None:
            os.environ[frame_cache.CACHE_ENV] = saved


@DRAWS
@pytest.mark.parametrize("missing", [[0], [1], [2], [1, 2]])
def test_a_partly_cached_figure_draws_the_rest_with_the_layout_a_fresh_draw_has(
    tmp_path, monkeypatch, fresh, wide_cache, counted, missing
):
    """Later frames reuse the first frame's axes positions: when frame 0 comes from the
    cache and frame 2 does not, frame 2 must still be drawn with frame 0's positions."""
    monkeypatch.delenv(frame_cache.CACHE_ENV, raising=False)
    shutil.copytree(wide_cache, tmp_path / "_build")
    store = tmp_path / "_build" / ".nxc_frames"
    function = frame_cache.function_key(DRAW)
    for i in missing:
        key = frame_cache.frame_key(function, explorer._pipeline_source(), "wide", COMBOS[0], COMBOS[i])
        (tmp_path / "_build" / frame_cache.CACHE_NAME / f"{key}.json").unlink()
    assert frame_bytes(render(store, ["wide"]), store) == fresh[("wide",)]
    assert {dict(kwargs)["free_naltrexone_nM"] for _, kwargs in counted} >= {
        COMBOS[i]["free_naltrexone_nM"] for i in missing
    }, "the frames missing from the cache were not drawn"


@DRAWS
def test_a_damaged_cached_file_is_drawn_again(tmp_path, monkeypatch, counted):
    monkeypatch.delenv(frame_cache.CACHE_ENV, raising=False)
    store = tmp_path / "_build" / ".nxc_frames"
    first = frame_bytes(render(store, ["wide"]), store)
    for png in (tmp_path / "_build" / frame_cache.CACHE_NAME / "png").iterdir():
        png.write_bytes(b"not a png")
    shutil.rmtree(store)
    drawn = len(counted)
    assert frame_bytes(render(store, ["wide"]), store) == first
    assert len(counted) == drawn + len(COMBOS)


def test_functions_outside_the_package_are_not_cached():
    def local_draw(x, layout="wide"):
        return DRAW(x, layout=layout)

    assert frame_cache.function_key(local_draw) is None
    assert frame_cache.function_key(lambda x: x) is None
    assert frame_cache.function_key(DRAW) is not None


def figure_functions() -> dict[str, object]:
    """Every ``draw_*`` function of the figure modules, by ``module:name``."""
    found = {}
    for path in sorted((PACKAGE_DIR / "figures").glob("*.py")):
        if path.stem in {"__init__", "style"}:
            continue
        module = importlib.import_module(f"naltrexone_course.figures.{path.stem}")
        for name, value in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("draw_") and value.__module__ == module.__name__:
                found[f"{module.__name__}:{name}"] = value
    return found


FUNCTIONS = figure_functions()
PACKAGE = source_graph.Package(PACKAGE_DIR)


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("pkg") / "naltrexone_course"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def keys(package_dir: Path) -> dict[str, str]:
    return {name: frame_keys.function_key(f, package_dir) for name, f in FUNCTIONS.items()}


@pytest.fixture(scope="module")
def unchanged_keys(package_copy) -> dict[str, str]:
    """Every figure's key in the untouched copy (each test restores the file it edits)."""
    return keys(package_copy)


def invalidated_by(package_dir: Path, module: str, before: dict[str, str] | None = None) -> set[str]:
    path = package_dir / PACKAGE.modules[module].relative_to(PACKAGE_DIR)
    text = path.read_text()
    before = before if before is not None else keys(package_dir)
    path.write_text(text + "\n# edited\n")
    try:
        after = keys(package_dir)
    finally:
        path.write_text(text)
    return {name for name in before if before[name] != after[name]}


def test_a_model_change_invalidates_the_frames_of_the_figures_that_use_it_and_no_others(package_copy):
    assert len(FUNCTIONS) >= 12
    changed = invalidated_by(package_copy, "naltrexone_course.glutamate")
    assert "naltrexone_course.figures.glutamate:draw_relapse_risk" in changed
    assert "naltrexone_course.figures.mechanisms:draw_combination" in changed, "mechanisms uses glutamate"
    assert not any(
        n.startswith(("naltrexone_course.figures.oud:", "naltrexone_course.figures.pk:")) for n in changed
    )
    style = invalidated_by(package_copy, "naltrexone_course.figures.style")
    assert style == set(FUNCTIONS), "the house style draws every figure"


@pytest.mark.parametrize("module", sorted(PACKAGE.modules))
def test_each_module_invalidates_exactly_the_figures_that_import_it(package_copy, unchanged_keys, module):
    expected = {
        name for name in FUNCTIONS if module in source_graph.closure({name.split(":")[0]}, PACKAGE.graph)
    }
    assert invalidated_by(package_copy, module, unchanged_keys) == expected
