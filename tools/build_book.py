"""``make book``: both editions in one process, the English and Italian Sphinx builds side by side.

    python tools/build_book.py [REPO] [BUILD_DIR]

The steps, and what each waits for:

1. ``tools/parallel_execute.py``'s :func:`execute`: the chapters whose outputs are not cached
   run on every core, into the jupyter-cache both editions read.
2. Sphinx, myst-nb and the book's extensions are imported once (with the modules the last
   build imported while it ran, ``<BUILD_DIR>/.nxc_preload.json``); the Italian edition's Sphinx
   build (``tools/editions.py``, language ``it``) runs in a forked child beside the English
   one (``jupyter-book build . -W -n --keep-going``, the same call), one per core. Neither
   reads the other's output: the Italian build reads the chapters' cached outputs and frame
   store, as the English one does. When step 1 left a chapter unexecuted (it failed there),
   the English build executes it (and reports it) first and the Italian build follows:
   the serial order, so that no chapter runs twice at once into one cache.
3. The Italian figures' frames (``editions.figures``: it reads which figures the English
   pages show), in the parent while the Italian build still runs, then ``editions.link`` puts
   the Italian edition into the English site.

An English failure stops the build (exit 1); an Italian one is reported and the English book
is kept (exit 0, as before: the Italian site tests of `make test` fail on it). The child's
output is printed after the English build's, whole. Each step's seconds are printed at the
end (``benchmarks/builds.py`` reads them).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

TIMES_MARK = "BUILD-BOOK-SECONDS "
ITALIAN_FAILED = "ITALIAN EDITION NOT BUILT (errors above); the English book is built"


def _english(repo: Path, build_dir: Path) -> int:
    """``jupyter-book build REPO --path-output ... -W -n --keep-going``'s Sphinx call."""
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        repo,
        build_dir / "html",
        use_external_toc=True,
        noconfig=True,
        path_config=str(repo / "_config.yml"),
        confoverrides={
            "external_toc_path": (repo / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
            # the site's offline manifest is written once, of both editions, by editions.link
            # (or by :func:`_write_manifest` when the Italian edition is not linked)
            "nxc_offline_manifest": False,
        },
        builder="html",
        warningiserror=True,
        keep_going=True,
    )
    if isinstance(result, Exception) or result:
        print(f"ENGLISH BUILD FAILED ({result!r}): look above for the cause", flush=True)
        return 1
    print(f"English book: {build_dir / 'html' / 'index.html'}", flush=True)
    return 0


#: The modules the last English build imported besides :func:`_preload`'s (beside the build).
PRELOAD_MEMO = ".nxc_preload.json"


def _preload(repo: Path, build_dir: Path | None = None) -> set[str]:
    """Import Sphinx and every extension of the book's configuration, and the modules the last
    build imported while it ran (``build_dir``'s :data:`PRELOAD_MEMO`: myst-nb's execution
    cache, its database, the lexers...), so that a forked child starts with them imported and
    does not import them again. Returns the modules imported before the last build's."""
    import yaml

    sys.path.insert(0, str(repo / "book" / "_ext"))
    config = yaml.safe_load((repo / "_config.yml").read_text())
    names = ["sphinx.application", "jupyter_book.sphinx", "sphinx.builders.html", "pydata_sphinx_theme"]
    names += (config.get("sphinx") or {}).get("config", {}).get("extensions") or []
    _import(names)
    before = set(sys.modules)
    if build_dir is not None:
        try:
            _import(json.loads((build_dir / PRELOAD_MEMO).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return before


def _import(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001  (Sphinx reports a missing extension, with the build's own words)
            pass


def _remember_imports(before: set[str], build_dir: Path) -> None:
    """Keep the names of the modules of files that the build imported (for :func:`_preload`)."""
    names = sorted(
        name
        for name, module in list(sys.modules.items())
        if name not in before
        and getattr(getattr(module, "__spec__", None), "origin", None) not in (None, "built-in", "frozen")
        and not name.startswith("_nxc")
    )
    try:
        (build_dir / PRELOAD_MEMO).write_text(json.dumps(names), encoding="utf-8")
    except OSError:
        pass


def _fork(job, log: Path) -> int:
    """Run ``job()`` (returns an exit status) in a forked child writing to ``log``; its pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        status = job()
    except BaseException:  # noqa: BLE001  (the child must never return into the parent's code)
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def build(repo: Path, build_dir: Path, lang: str = "it") -> int:
    os.environ["NXC_BUILD_DIR"] = str(build_dir)  # editions.py's build folder
    import parallel_execute

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    executed = parallel_execute.execute(repo, build_dir)
    print(parallel_execute.summary(executed), flush=True)
    times["execute"] = time.perf_counter() - t0
    unexecuted = executed["errored"] + executed["excepted"]

    t = time.perf_counter()
    preloaded = _preload(repo, build_dir)
    import editions

    times["imports"] = time.perf_counter() - t
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nxc-book-") as tmp:
        log = Path(tmp) / f"{lang}.log"
        italian = None
        if not unexecuted:
            italian = _fork(lambda: editions.sphinx_edition(lang), log)
        english = _english(repo, build_dir)
        times["english"] = time.perf_counter() - t
        if not english:
            _remember_imports(preloaded, build_dir)
        if italian is None and not english:  # the serial order: the Italian build after
            italian = _fork(lambda: editions.sphinx_edition(lang), log)
        figures_failed = None
        if not english:  # while the Italian build runs: its figures need only the English pages
            t_figures = time.perf_counter()
            try:
                editions.figures(lang)
            except Exception:  # noqa: BLE001  (reported after the Italian build's output)
                import traceback

                figures_failed = traceback.format_exc()
            times["figures"] = time.perf_counter() - t_figures
        italian_status = _wait(italian) if italian is not None else None
        if log.exists():
            sys.stdout.write(log.read_text(encoding="utf-8", errors="replace"))
    times["both"] = time.perf_counter() - t
    if english:
        print(f"the English build failed (the {lang} edition's Sphinx build: {italian_status or 'not run'})")
        return 1
    if italian_status:
        _write_manifest(build_dir / "html")
        print(ITALIAN_FAILED)
        return 0
    t = time.perf_counter()
    try:
        if figures_failed:
            print(figures_failed, file=sys.stderr)
            status = 1
        else:
            status = editions.link()
    except Exception:  # noqa: BLE001  (reported; the English book is kept, as before)
        import traceback

        traceback.print_exc()
        status = 1
    times["finish"] = time.perf_counter() - t
    print(TIMES_MARK + json.dumps({k: round(v, 3) for k, v in times.items()}), flush=True)
    if status:
        _write_manifest(build_dir / "html")
        print(ITALIAN_FAILED)
    return 0


def _write_manifest(site: Path) -> None:
    """The offline manifest of the English site (``editions.link`` writes it otherwise)."""
    if (site / "index.html").exists():
        import offline

        offline.write(site)


def main(argv: list[str]) -> int:
    repo = Path(argv[0]).resolve() if argv else TOOLS.parent
    build_dir = Path(argv[1]).resolve() if len(argv) > 1 else repo / "_build"
    return build(repo, build_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
