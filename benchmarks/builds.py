"""Builds: clean, after a one-sentence edit, after a change in one model module; frames per chapter.

Each build runs in a temporary copy of the repository into a temporary ``--path-output``,
the way ``make book`` builds (``tools/build_book.py``): ``tools/parallel_execute.py`` runs the
chapters that need it on every core, then the English build (``jupyter-book build``'s call)
and the Italian edition's Sphinx build run side by side, then the Italian figures and
``editions.py link``. Execution seconds per chapter come
from jupyter-cache's records; which chapters ran again after an edit is read from them too
(``book/_ext/source_freshness.py`` re-executes only the chapters whose fingerprint changed).
Run by ``benchmarks/run.py`` (sections ``build`` and ``chapters``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (  # noqa: E402
    BUDGET_CLEAN_BOTH_S,
    BUDGET_CLEAN_BUILD_S,
    BUDGET_EDIT_REBUILD_S,
    BUDGET_MODULE_EXTRA_S,
    IGNORE,
    ROOT,
    kb,
    log,
    toc_files,
    verdict,
)


# --------------------------------------------------------------------------- 1. builds
def _exec_seconds(out: Path, since: float = 0.0) -> dict[str, float]:
    """Execution seconds per notebook recorded by jupyter-cache (records newer than ``since``)."""
    from jupyter_cache import get_cache

    cache_dir = out / "_build" / ".jupyter_cache"
    if not cache_dir.exists():
        return {}
    result = {}
    for record in get_cache(str(cache_dir)).list_cache_records():
        if record.created.replace(tzinfo=dt.UTC).timestamp() >= since - 1:
            result[Path(record.uri).stem] = float(record.data.get("execution_seconds", 0.0))
    return result


def _edit_one_sentence(repo: Path) -> str:
    """Change one sentence of prose in the first chapter (a temp copy; never the real book)."""
    chapter = repo / f"{toc_files()[1]}.md"
    lines = chapter.read_text().splitlines(keepends=True)
    start = 0
    if lines and lines[0].startswith("---"):  # jupytext front matter
        start = next(i for i in range(1, len(lines)) if lines[i].startswith("---")) + 1
    fenced = False
    for i in range(start, len(lines)):
        line = lines[i]
        if line.startswith(("```", ":::")):
            fenced = not fenced
            continue
        if not fenced and line[:1].isalpha():
            lines[i] = line.rstrip("\n") + " This sentence was added by the benchmark.\n"
            chapter.write_text("".join(lines))
            return f"{chapter.relative_to(repo)} line {i + 1}"
    raise RuntimeError(f"no prose sentence found in {chapter}")


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _make_book(repo: Path, out: Path) -> dict:
    """What ``make book`` runs: ``tools/build_book.py`` (the parallel pre-execution, then the
    English and Italian Sphinx builds side by side, then the Italian figures and the link),
    its steps' seconds read from its last line."""
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))  # the copy's models, not /work's
    cpu0 = _cpu_children()
    t0 = time.perf_counter()
    cmd = [sys.executable, str(repo / "tools" / "build_book.py"), str(repo), str(out / "_build")]
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    cpu = _cpu_children() - cpu0
    output = proc.stdout + proc.stderr
    found = re.findall(r"^BUILD-BOOK-SECONDS (.*)$", output, re.M)
    steps = json.loads(found[-1]) if found else {}
    italian_failed = "ITALIAN EDITION NOT BUILT" in output or not found
    execute_note = re.findall(r"^\d+ chapters changed since cached;.*$", output, re.M)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "execute_seconds": steps.get("execute", 0.0),
        # the Sphinx builds, side by side (with the imports they share, and the Italian figures
        # drawn while the Italian build still runs)
        "build_seconds": steps.get("imports", 0.0) + steps.get("both", 0.0),
        "english_seconds": steps.get("english", 0.0),
        # the link, after both builds
        "edition_seconds": steps.get("finish", 0.0),
        "steps": steps,
        "exit": proc.returncode or int(italian_failed),
        "edition_tail": output[-2000:] if italian_failed else "",
        "executed_in_build": output.count("Executing notebook"),
        "note": execute_note[-1] if execute_note else "",
        "tail": output[-2000:] if proc.returncode else "",
    }


def _users_of(repo: Path, module: str) -> list[str]:
    """Chapters whose fingerprint includes ``module`` (the import graph)."""
    sys.path.insert(0, str(repo / "src"))
    try:
        from naltrexone_course import source_graph
    finally:
        sys.path.pop(0)
    package = source_graph.Package(repo / "src" / "naltrexone_course")
    return sorted(
        f.split("/")[-1]
        for f in toc_files(repo)
        if (repo / f"{f}.md").exists() and module in package.chapter_modules((repo / f"{f}.md").read_text())
    )


def bench_builds(keep_site: Path | None, module: str = "glutamate") -> dict:
    """A clean build the way ``make book`` runs it, then a one-sentence edit, then a change in
    one model module (``src/naltrexone_course/<module>.py``), each rebuilt as ``make book``
    rebuilds (``tools/build_book.py``) in a temporary copy of the repository."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-book-"))
    repo = tmp / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE, symlinks=True)
    out = tmp / "out"
    result: dict = {}

    log("build: clean build (tools/build_book.py, as make book runs it) ...")
    result["clean"] = _make_book(repo, out)
    execs = _exec_seconds(out)
    result["clean"].update(exec_seconds=sum(execs.values()), per_notebook=execs)
    c = result["clean"]
    log(
        f"  {c['seconds']:.1f} s ({c['execute_seconds']:.1f} s executing in parallel + "
        f"{c['build_seconds']:.1f} s building both editions + {c['edition_seconds']:.1f} s Italian figures "
        f"and link), CPU {c['cpu']:.1f} s (exit {c['exit']}); "
        f"notebooks the build executed itself: {c['executed_in_build']}"
    )

    where = _edit_one_sentence(repo)
    log(f"build: rebuild after a one-sentence edit ({where}) ...")
    t_start = time.time()
    result["sentence"] = _make_book(repo, out)
    result["sentence"].update(where=where, reexecuted=sorted(_exec_seconds(out, since=t_start)))
    s = result["sentence"]
    log(
        f"  {s['seconds']:.1f} s ({s['execute_seconds']:.1f} s pre-execution step + "
        f"{s['build_seconds']:.1f} s both builds + {s['edition_seconds']:.1f} s Italian figures and link), "
        f"CPU {s['cpu']:.1f} s (exit {s['exit']}); "
        f"re-executed: {s['reexecuted'] or 'none'}"
    )

    path = repo / "src" / "naltrexone_course" / f"{module}.py"
    path.write_text(path.read_text() + "\n# touched by the benchmark\n")
    expected = _users_of(repo, f"naltrexone_course.{module}")
    log(f"build: rebuild after a change in {path.relative_to(repo)} (expect {', '.join(expected)}) ...")
    t_start = time.time()
    result["module"] = _make_book(repo, out)
    execs = _exec_seconds(out, since=t_start)
    result["module"].update(
        module=f"src/naltrexone_course/{module}.py",
        expected=expected,
        reexecuted=sorted(execs),
        exec_seconds=sum(execs.values()),
    )
    m = result["module"]
    log(
        f"  {m['seconds']:.1f} s, CPU {m['cpu']:.1f} s (exit {m['exit']}); re-executed {m['reexecuted']} "
        f"({m['exec_seconds']:.1f} s executing)"
    )

    site = out / "_build" / "html"
    if keep_site is not None:
        shutil.rmtree(keep_site, ignore_errors=True)
        shutil.copytree(site, keep_site)
    result["site"] = str(keep_site or site)
    result["_tmp"] = str(tmp)
    return result


def _english_seconds(build: dict) -> float:
    """Wall seconds until the English book was built: pre-execution, imports, English build."""
    steps = build.get("steps") or {}
    return build["execute_seconds"] + steps.get("imports", 0.0) + build.get("english_seconds", 0.0)


def report_builds(builds: dict) -> list[str]:
    c, s, m = builds["clean"], builds["sentence"], builds["module"]
    module_budget = m["exec_seconds"] + BUDGET_MODULE_EXTRA_S
    same = m["reexecuted"] == m["expected"]
    return [
        "### Builds (the way `make book` builds: `tools/build_book.py`: parallel pre-execution, then "
        "the English and Italian Sphinx builds side by side, then the Italian figures and link)",
        "",
        "A temporary copy of the repository (no `_build`: a fresh clone), built into a temporary "
        "output folder in the current environment (the pip install is not timed here). Wall "
        "seconds depend on the machine's other work (load average above); CPU seconds are the "
        "build's and its kernels'.",
        "",
        "| build | wall s | CPU s | executed | exit | budget (wall) |",
        "|---|---:|---:|---|---:|---|",
        f"| clean, whole book, both editions | {c['seconds']:.1f} ({c['execute_seconds']:.1f} executing in "
        f"parallel + {c['build_seconds']:.1f} building both (English {c.get('english_seconds', 0):.1f}) + "
        f"{c.get('edition_seconds', 0):.1f} Italian figures and link) | "
        f"{c['cpu']:.1f} | every chapter, {c['exec_seconds']:.1f} s "
        f"of cells; {c['executed_in_build']} re-run by the build | {c['exit']} | "
        f"English {BUDGET_CLEAN_BUILD_S:.0f} s: "
        f"{verdict(_english_seconds(c) <= BUDGET_CLEAN_BUILD_S)}; both editions "
        f"{BUDGET_CLEAN_BOTH_S:.0f} s: {verdict(c['seconds'] <= BUDGET_CLEAN_BOTH_S)} |",
        f"| after a one-sentence edit ({s['where']}) | {s['seconds']:.1f} ({s['execute_seconds']:.1f} + "
        f"{s['build_seconds']:.1f} both + {s.get('edition_seconds', 0):.1f} Italian figures and link) | "
        f"{s['cpu']:.1f} | {', '.join(s['reexecuted']) or 'nothing'} | "
        f"{s['exit']} | {BUDGET_EDIT_REBUILD_S:.0f} s: {verdict(s['seconds'] <= BUDGET_EDIT_REBUILD_S)} |",
        f"| after a change in `{m['module']}` | {m['seconds']:.1f} ({m['execute_seconds']:.1f} + "
        f"{m['build_seconds']:.1f}) | {m['cpu']:.1f} | {', '.join(m['reexecuted']) or 'nothing'} "
        f"({m['exec_seconds']:.1f} s of cells; the import graph says {', '.join(m['expected'])}: "
        f"{'the same' if same else 'DIFFERENT'}) | {m['exit']} | those chapters' execution + "
        f"{BUDGET_MODULE_EXTRA_S:.0f} s = {module_budget:.1f} s: "
        f"{verdict(m['seconds'] <= module_budget and same)} |",
        "",
        "Execution seconds per notebook (clean build): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(c["per_notebook"].items(), key=lambda kv: -kv[1])),
        "",
    ]


def report_chapters(chapters: list) -> list[str]:
    out = [
        "### Figures per chapter (precomputed when the book is built)",
        "",
        "| page | figure | controls | frames | precompute s | ms/frame | widget state |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for row in chapters:
        if "error" in row:
            out.append(f"| {row['page']} | (failed: see console) | | | | | |")
            continue
        for f in row["figures"]:
            n = max(f["frames"], 1)
            out.append(
                f"| {row['page']} | {f['figure']} | {f['controls']} | {f['frames']} | "
                f"{f['seconds']:.2f} | "
                f"{1000 * f['seconds'] / n:.0f} | {kb(f['state_bytes'])} |"
            )
    out.append("")
    return out


# --------------------------------------------------------------------------- 2. chapters
PROBE = r"""
import json, sys, time, os
import jupytext
import ipywidgets as widgets
from naltrexone_course import explorer

records = []
real_explore = explorer.explore
def walk(widget, seen):
    if id(widget) in seen:
        return
    seen[id(widget)] = widget
    for name in widget.keys:
        value = getattr(widget, name)
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, widgets.Widget):
                walk(item, seen)

def explore(*args, **kwargs):
    t0 = time.perf_counter()
    box = real_explore(*args, **kwargs)
    seconds = time.perf_counter() - t0
    seen = {}
    walk(box, seen)
    state = sum(len(json.dumps(w.get_state(), default=str)) for w in seen.values())
    controls = [a for a in args[2:]]
    records.append({
        "figure": getattr(args[0], "__name__", repr(args[0])),
        "controls": " x ".join(f"{c.name} ({len(c.values)})" for c in controls),
        "frames": explorer.frame_count(box) if not kwargs.get("live") else 1,
        "seconds": seconds,
        "state_bytes": state,
    })
    return box

explorer.explore = explore
path = sys.argv[1]
os.chdir(os.path.dirname(path))
nb = jupytext.read(path)
namespace = {"__name__": "__main__"}
for cell in nb.cells:
    if cell.cell_type == "code":
        source = "\n".join(l for l in cell.source.splitlines() if not l.lstrip().startswith(("%", "!")))
        exec(compile(source, path, "exec"), namespace)
print("PROBE" + json.dumps(records))
"""


def bench_chapters() -> list[dict]:
    rows = []
    for page in toc_files():
        source = ROOT / f"{page}.md"
        if not re.search(r"\bexplore\(", source.read_text()):
            continue
        log(f"chapter: precomputing the figures of {page} ...")
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="bench-frames-") as store:
            # as in a build: frames are written as files into a frame store
            env = dict(os.environ, NXC_FRAME_STORE=store)
            proc = subprocess.run(
                [sys.executable, "-c", PROBE, str(source)], capture_output=True, text=True, cwd=ROOT, env=env
            )
        wall = time.perf_counter() - t0
        match = re.search(r"^PROBE(.*)$", proc.stdout, re.M)
        if proc.returncode != 0 or not match:
            rows.append({"page": page, "error": (proc.stderr or proc.stdout)[-600:]})
            log(f"  failed: {(proc.stderr or proc.stdout)[-300:]}")
            continue
        figures = json.loads(match.group(1))
        rows.append({"page": page, "wall": wall, "figures": figures})
        for f in figures:
            log(
                f"  {f['figure']}: {f['frames']} frames in {f['seconds']:.2f} s "
                f"({1000 * f['seconds'] / max(f['frames'], 1):.0f} ms/frame), state {kb(f['state_bytes'])}"
            )
    return rows


# --------------------------------------------------------------------------- 3. pages
