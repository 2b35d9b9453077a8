"""`make fast` runs the figure checks of the figures whose sources changed (git diff), and
tests/conftest.py keeps the tests that share a module-scoped fixture on one worker."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

import conftest

FILES = {
    "__init__.py": "",
    "parameters.py": "K = 1\n",
    "glutamate.py": "from . import parameters\n",
    "oud.py": "from . import parameters\n",
    "figures/__init__.py": "",
    "figures/style.py": "COLOURS = {}\n",
    "figures/glutamate.py": "from .. import glutamate\nfrom .style import COLOURS\n",
    "figures/oud.py": "from .. import oud\nfrom .style import COLOURS\n",
}


@pytest.fixture
def repo(tmp_path) -> Path:
    package = tmp_path / "src" / "naltrexone_course"
    for name, text in FILES.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    return tmp_path


def figures_affected(repo: Path) -> set[str]:
    found = conftest.changed_modules("HEAD", repo)
    return {m for m in found if m.startswith("naltrexone_course.figures.")}


def test_nothing_changed_selects_no_figure(repo):
    assert conftest.changed_modules("HEAD", repo) == set()


def test_a_changed_chapter_file_is_named(repo):
    (repo / "book").mkdir()
    (repo / "book" / "oud.md").write_text("# OUD\n")
    assert conftest.changed_modules("HEAD", repo) == {"book/oud.md"}


def test_chapter_figure_checks_are_marked_with_the_chapters_sources():
    sources = conftest.chapter_sources("book/glutamate")
    assert sources[0] == "book/glutamate.md"
    assert {"naltrexone_course.figures.glutamate", "naltrexone_course.glutamate"} <= set(sources)
    assert "naltrexone_course.figures.oud" not in sources


def test_a_model_change_selects_the_figures_that_draw_it(repo):
    (repo / "src/naltrexone_course/glutamate.py").write_text("from . import parameters\nX = 2\n")
    assert figures_affected(repo) == {"naltrexone_course.figures.glutamate"}


def test_the_style_or_parameters_select_every_figure(repo):
    (repo / "src/naltrexone_course/figures/style.py").write_text("COLOURS = {'a': 1}\n")
    everything = {
        "naltrexone_course.figures.glutamate",
        "naltrexone_course.figures.oud",
        "naltrexone_course.figures.style",
    }
    assert figures_affected(repo) == everything
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=repo, check=True)
    (repo / "src/naltrexone_course/parameters.py").write_text("K = 2\n")
    assert figures_affected(repo) == everything - {"naltrexone_course.figures.style"}


def test_a_new_untracked_module_counts(repo):
    (repo / "src/naltrexone_course/figures/new.py").write_text("from .style import COLOURS\n")
    assert "naltrexone_course.figures.new" in figures_affected(repo)


def test_outside_git_everything_runs(tmp_path):
    assert conftest.changed_modules("HEAD", tmp_path) is None


class FakeItem:
    def __init__(self, name, figures=None, module_fixture=False):
        self.name = name
        self.marks = [pytest.mark.figures(*figures).mark] if figures is not None else []
        scope = "module" if module_fixture else "function"
        self._fixtureinfo = SimpleNamespace(name2fixturedefs={"f": [SimpleNamespace(scope=scope)]})
        self.module = SimpleNamespace(__name__=f"test_{name}")

    def iter_markers(self, name):
        return [m for m in self.marks if m.name == name]

    def add_marker(self, marker):
        self.marks.append(marker.mark)


def test_the_hook_deselects_unchanged_figures_and_groups_module_fixtures(monkeypatch):
    monkeypatch.setattr(conftest, "changed_modules", lambda ref: {"naltrexone_course.figures.oud"})
    deselected = []
    config = SimpleNamespace(
        getoption=lambda name: "HEAD",
        hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items)),
    )
    items = [
        FakeItem("oud", ["naltrexone_course.figures.oud"]),
        FakeItem("glutamate", ["naltrexone_course.figures.glutamate"]),
        FakeItem("model"),
        FakeItem("binder", module_fixture=True),
    ]
    conftest.pytest_collection_modifyitems(config, items)
    # kept, the costly first: a module's group, then a figure check, then the rest
    assert [i.name for i in items] == ["binder", "oud", "model"]
    assert [i.name for i in deselected] == ["glutamate"]
    groups = {i.name: [m.args for m in i.iter_markers("xdist_group")] for i in items}
    assert groups == {"oud": [], "model": [], "binder": [("test_binder",)]}


def test_a_pages_shared_frame_checks_are_one_group_and_run_next_to_each_other(monkeypatch):
    """The legibility and frame-edge checks of a page read one drawing of its frames
    (test_accessibility.drawn_corner_frames): they must land on one worker, one after the other."""
    config = SimpleNamespace(getoption=lambda name: None)
    legible, edge = conftest.SHARED_FRAME_CHECKS
    items = []
    for check in (legible, edge):
        for page in ("book/oud", "book/glutamate"):
            item = FakeItem(f"{check}[{page}]")
            item.originalname, item.callspec = check, SimpleNamespace(params={"page": page})
            items.append(item)
    items.append(FakeItem("model"))
    conftest.pytest_collection_modifyitems(config, items)
    assert [i.name for i in items] == [
        f"{legible}[book/oud]",
        f"{edge}[book/oud]",
        f"{legible}[book/glutamate]",
        f"{edge}[book/glutamate]",
        "model",
    ]
    groups = [[m.args for m in i.iter_markers("xdist_group")] for i in items]
    assert groups == [[("frames:book/oud",)]] * 2 + [[("frames:book/glutamate",)]] * 2 + [[]]


def test_the_units_the_last_run_timed_longest_are_handed_out_first(monkeypatch):
    """pytest-xdist hands out the tests in the hook's order: a test that took 90 s in the last
    run (one browser driving every figure) starts before the quick ones, whatever its kind,
    so that no worker starts it in the run's last minute; a group stays together, in order."""
    timed = {"t::engine": 90.0, "t::quick": 0.2, "t::pool-a": 1.0, "t::pool-b": 1.5}
    config = SimpleNamespace(
        getoption=lambda name: None, cache=SimpleNamespace(get=lambda key, default: timed)
    )
    items = []
    for name in ("quick", "pool-a", "engine", "pool-b"):
        item = FakeItem(name)
        item.nodeid = f"t::{name}"
        items.append(item)
    for item in items[1], items[3]:
        item.add_marker(pytest.mark.xdist_group("pool"))
    conftest.pytest_collection_modifyitems(config, items)
    assert [i.name for i in items] == ["engine", "pool-a", "pool-b", "quick"]


def test_a_clone_that_has_timed_nothing_orders_by_the_committed_seed(monkeypatch, tmp_path):
    """CI's clean clone has an empty cache: the seed's seconds put the long test first (the
    kinds alone would keep the book order for tests of one kind); the cache, once it has
    timed a test, wins over the seed."""
    import json

    seed = tmp_path / "durations-seed.json"
    seed.write_text(json.dumps({"t::engine": 90.0}))
    monkeypatch.setattr(conftest, "DURATIONS_SEED", seed)

    def ordered(timed: dict) -> list[str]:
        config = SimpleNamespace(
            getoption=lambda name: None, cache=SimpleNamespace(get=lambda key, default: timed)
        )
        items = []
        for name in ("quick", "engine"):
            item = FakeItem(name)
            item.nodeid = f"t::{name}"
            items.append(item)
        conftest.pytest_collection_modifyitems(config, items)
        return [i.name for i in items]

    assert ordered({}) == ["engine", "quick"]
    assert ordered({"t::engine": 0.1, "t::quick": 5.0}) == ["quick", "engine"]
    assert conftest.ROOT.joinpath("tests", "durations-seed.json").exists(), "the seed a clean clone reads"
