"""Execute the book's chapters in parallel, into the cache Jupyter Book reads.

Jupyter Book runs the chapters one after another, so a clean build uses one of the
machine's cores. This script fills the same jupyter-cache (``<build>/.jupyter_cache``)
with the chapters that need it, executed by jupyter-cache's ``local-parallel`` executor
(one process per core); the ``jupyter-book build`` that follows finds every notebook in
the cache and executes nothing. It keeps the rule of ``book/_ext/source_freshness.py``
(``refresh_cache``): a chapter whose fingerprint (its code cells, the package modules it
imports transitively, ``parameters.py``, the pinned requirements) changed since its
outputs were cached loses its cache record and runs again; the others are kept. Only the
cache stamp is written, so the build does not drop them again (it still re-reads the
changed pages, because the pages' own stamp is older).

The chapters run longest first, one at a time per process, so that the last one to start is
a short one (jupyter-cache's own pool hands them out two at a time in the book's order, and
the longest chapter, third in the book, then ran alongside whatever was left). A chapter's
time is mostly drawing its figures' frames, so :func:`execution_order` puts first the
chapters with the most figure controls in their code cells (the book's order breaks ties):
on the chapters' measured seconds (benchmarks/RESULTS.md) that schedule is within 0.1 s
of an even split over two processes, against 5-7 s over it in the book's order.

A chapter that fails here is simply not cached: the build then executes it itself and
fails loudly, naming the chapter and the cell (tests/test_reliability.py).

    python tools/parallel_execute.py [REPO] [BUILD_DIR]
    jupyter-book build REPO [--path-output ...] -W -n --keep-going

Measured in benchmarks/RESULTS.md ("clean, chapters pre-executed in parallel").
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import sys
import time
from pathlib import Path

from book_pages import toc_files

ROOT = Path(__file__).resolve().parents[1]


def notebook_pages(repo: Path) -> list[Path]:
    """Pages in ``_toc.yml`` that myst-nb executes: code cells, or a jupytext kernel header
    (the safety page: executed here too, instead of one after another in the build)."""
    freshness = _freshness(repo)
    return [p for p in (repo / f"{f}.md" for f in toc_files(repo)) if freshness.is_notebook(p)]


def _freshness(repo: Path):
    spec = importlib.util.spec_from_file_location(
        "source_freshness", repo / "book" / "_ext" / "source_freshness.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def execute(repo: Path = ROOT, build_dir: Path | None = None, timeout: int = 300) -> dict:
    build_dir = build_dir or repo / "_build"
    cache_dir = build_dir / ".jupyter_cache"
    # The figures' frame store, as nxc_explorer.nxc_frames sets it for the build.
    os.environ.setdefault("NXC_FRAME_STORE", str(Path(build_dir).resolve() / ".nxc_frames"))
    freshness = _freshness(repo)
    pages = notebook_pages(repo)
    # Chapters whose fingerprint changed since their outputs were cached lose them (no
    # stale figures); only the cache stamp is written, so the build still re-reads them.
    every_page = [repo / f"{f}.md" for f in toc_files(repo)]  # the build fingerprints the same pages
    fingerprints = freshness.chapter_fingerprints(repo, every_page, build_dir / freshness.IMPORTS_MEMO_NAME)
    stale = freshness.refresh_cache(cache_dir, fingerprints)

    t0 = time.perf_counter()
    if not stale and {str(p.resolve()) for p in pages} <= set(freshness.cached_uris(cache_dir).values()):
        # Every chapter's fingerprint is the one its cached record was executed with (a
        # record of a chapter only ever holds its current code: the fingerprint covers the
        # code, and a changed fingerprint drops the chapter's records): nothing to run.
        return {
            "seconds": time.perf_counter() - t0,
            "stale": [],
            "succeeded": [],
            "errored": [],
            "excepted": [],
        }
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(cache_dir))
    for page in pages:
        cache.add_nb_to_project(str(page.resolve()), read_data={"name": "myst_nb_md", "type": "plugin"})
    if not cache.list_unexecuted():  # nothing to run: skip starting the executor
        return {
            "seconds": time.perf_counter() - t0,
            "stale": stale,
            "succeeded": [],
            "errored": [],
            "excepted": [],
        }
    from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc, ProcessData

    executor = load_executor("local-parallel", cache)
    records = executor.get_records(clear_tracebacks=True)  # what run_and_cache would run
    order = execution_order([Path(r.uri) for r in records])
    records.sort(key=lambda r: order.index(Path(r.uri)))
    work = [ProcessData(r.pk, r.uri, cache, timeout, False) for r in records]
    multiprocessing.log_to_stderr()  # a chapter's failure is reported, as jupyter-cache's pool does
    with multiprocessing.Pool() as pool:  # one process per core, as jupyter-cache's pool
        results = list(pool.imap_unordered(ExecutionWorkerLocalMProc(), work, chunksize=1))
    return {
        "seconds": time.perf_counter() - t0,
        "stale": stale,
        "succeeded": [uri for status, uri in results if status == 0],
        "errored": [uri for status, uri in results if status == 2],
        "excepted": [uri for status, uri in results if status == 1],
    }


def figure_controls(page: Path) -> int:
    """How many figure controls (``Control(``) a chapter's code cells hold: the frames it
    draws, and so its execution time, grow with them."""
    graph = _freshness(ROOT).source_graph()
    return sum(cell.count("Control(") for cell in graph.code_cells(Path(page).read_text()))


def execution_order(pages: list[Path]) -> list[Path]:
    """The chapters to execute, the one expected to take longest first (most figure
    controls; the given order breaks ties)."""
    return sorted(pages, key=lambda page: -figure_controls(page))


def main() -> int:
    repo = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    build_dir = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None
    print(summary(execute(repo, build_dir)))
    return 0


def summary(result: dict) -> str:
    """One line on what :func:`execute` did."""
    return (
        f"{len(result['stale'])} chapters changed since cached; "
        f"executed {len(result['succeeded'])} chapters in parallel in {result['seconds']:.1f} s; "
        f"failed: {result['errored'] + result['excepted'] or 'none'} (the build will run those and report)"
    )


if __name__ == "__main__":
    sys.exit(main())
