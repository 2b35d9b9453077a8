"""tools/build_book.py (``make book``): both editions in one process, the Italian Sphinx build
beside the English one; a failure in either edition is reported, and the serial order is kept
when a chapter was left unexecuted. The Sphinx builds are stand-ins here (the real ones are
the site tests' book); what is tested is the order and the reporting."""

from __future__ import annotations

import json
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_book  # noqa: E402
import editions  # noqa: E402
import parallel_execute  # noqa: E402

#: How long a stand-in waits for the other process's line: reached only when the build's
#: order is wrong (the test then fails on the order it finds).
WAIT_SECONDS = 20.0


@pytest.fixture
def stand_ins(monkeypatch, tmp_path):
    """Stand-ins for the steps; ``state`` sets their results and records what ran."""
    state = {
        "failed_chapters": [],
        "english": 0,
        "italian": 0,
        "figures": 0,
        "finish": 0,
        # what each stand-in waits to see in the log before it ends (None: nothing), so the
        # order the tests ask for comes from the build's own order, not from sleeps
        "english_waits_for": None,
        "italian_waits_for": None,
        "log": tmp_path / "order",
    }

    def wait_for(line):
        """Until ``line`` is in the log (the other process wrote it), at most WAIT_SECONDS."""
        if line is None:
            return
        end = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < end:
            if state["log"].exists() and line in state["log"].read_text().splitlines():
                return
            time.sleep(0.01)

    def execute(repo, build_dir):
        return {
            "seconds": 0.0,
            "stale": [],
            "succeeded": [],
            "errored": state["failed_chapters"],
            "excepted": [],
        }

    def english(repo, build_dir):
        wait_for(state["english_waits_for"])  # the Italian build runs beside it meanwhile
        with state["log"].open("a") as log:
            log.write("english done\n")
        return state["english"]

    def italian(lang):
        with state["log"].open("a") as log:
            log.write("italian started\n")
        print("italian sphinx output")
        wait_for(state["italian_waits_for"])  # the Italian build outlasting the English one
        with state["log"].open("a") as log:
            log.write("italian done\n")
        return state["italian"]

    def figures(lang):
        with state["log"].open("a") as log:
            log.write("figures\n")
        if state["figures"]:
            raise RuntimeError("a figure string is missing")

    def link():
        state["finished"] = True
        return state["finish"]

    monkeypatch.setattr(parallel_execute, "execute", execute)
    monkeypatch.setattr(build_book, "_preload", lambda repo, build_dir=None: set())
    monkeypatch.setattr(build_book, "_english", english)
    monkeypatch.setattr(editions, "sphinx_edition", italian)
    monkeypatch.setattr(editions, "figures", figures)
    monkeypatch.setattr(editions, "link", link)
    monkeypatch.setenv("NXC_BUILD_DIR", str(tmp_path / "_build"))
    return state


def test_the_italian_build_runs_beside_the_english_one_and_finishes_after(stand_ins, tmp_path, capfd):
    stand_ins["english_waits_for"] = "italian done"  # only possible if it runs beside
    assert build_book.build(ROOT, tmp_path / "_build") == 0
    assert stand_ins["log"].read_text().splitlines() == [
        "italian started",
        "italian done",
        "english done",
        "figures",
    ]
    assert stand_ins.get("finished"), "the Italian figures and link did not run"
    out = capfd.readouterr().out
    assert "italian sphinx output" in out, "the Italian build's output is not shown"
    assert build_book.TIMES_MARK in out and build_book.ITALIAN_FAILED not in out


def test_the_italian_figures_are_drawn_while_the_italian_build_still_runs(stand_ins, tmp_path):
    """They need only the English pages: the parent draws them instead of waiting."""
    stand_ins["english_waits_for"] = "italian started"
    stand_ins["italian_waits_for"] = "figures"  # only possible if they do not wait for it
    assert build_book.build(ROOT, tmp_path / "_build") == 0
    assert stand_ins["log"].read_text().splitlines() == [
        "italian started",
        "english done",
        "figures",
        "italian done",
    ]
    assert stand_ins.get("finished")


def test_a_chapter_left_unexecuted_keeps_the_serial_order(stand_ins, tmp_path):
    stand_ins["failed_chapters"] = ["book/antagonism.md"]
    assert build_book.build(ROOT, tmp_path / "_build") == 0
    order = stand_ins["log"].read_text().splitlines()
    assert [line for line in order if line != "figures"] == [
        "english done",
        "italian started",
        "italian done",
    ]
    assert order.index("figures") > order.index("english done")


@pytest.mark.parametrize("step", ["italian", "figures", "finish"])
def test_an_italian_failure_is_reported_and_the_english_book_kept(stand_ins, tmp_path, capfd, step):
    stand_ins[step] = 1
    assert build_book.build(ROOT, tmp_path / "_build") == 0
    out = capfd.readouterr().out
    assert build_book.ITALIAN_FAILED in out
    assert stand_ins.get("finished") is (True if step == "finish" else None)


@pytest.mark.parametrize("step", ["italian", "figures", "finish"])
def test_without_the_italian_link_the_english_site_still_gets_its_offline_manifest(stand_ins, tmp_path, step):
    """The English Sphinx build leaves the site's offline manifest to the link (which writes it
    once, of both editions); when there is no link the build writes the English one."""
    site = tmp_path / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text('<html lang="en"><body><p>the book</p></body></html>')
    stand_ins[step] = 1
    assert build_book.build(ROOT, tmp_path / "_build") == 0
    manifest = json.loads((site / "nxc-offline.json").read_text())
    assert [page["url"] for page in manifest["pages"]] == ["index.html"]


def test_an_english_failure_fails_the_build(stand_ins, tmp_path):
    stand_ins["english"] = 1
    assert build_book.build(ROOT, tmp_path / "_build") == 1
    assert not stand_ins.get("finished")
    assert "figures" not in stand_ins["log"].read_text().splitlines()


def test_an_english_failure_in_the_serial_order_builds_no_italian_edition(stand_ins, tmp_path):
    stand_ins["failed_chapters"] = ["book/antagonism.md"]
    stand_ins["english"] = 1
    assert build_book.build(ROOT, tmp_path / "_build") == 1
    assert stand_ins["log"].read_text().splitlines() == ["english done"]  # no figures either
