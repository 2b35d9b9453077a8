"""Speed and weight of the book, as a learner and a contributor feel them.

``make bench`` runs this script. Each module measures one thing; this one runs them in
order, prints the figures and writes them to ``benchmarks/RESULTS.md`` between the
``run:start``/``run:end`` markers (the hand-written history around them is kept):

1. ``builds.py`` (sections ``build``, ``chapters``): a clean build the way ``make book``
   runs it (a temporary copy of the repository), a rebuild after a one-sentence edit and
   after a change in one model module (only the chapters that import it run again, see
   ``book/_ext/source_freshness.py``); per chapter, frames, precompute time, widget state;
2. ``pages.py`` (``pages``): every page served on localhost in Debian's Chromium: bytes
   (raw and gzip), time until the figures are shown, key press to new image;
3. ``phone.py`` (``phone``): the same pages as a phone (390x844, scale 3, touch, CPU 4x);
4. ``live.py`` (``live``): the live-kernel mode (``explore(..., live=True)``) against a
   naive redraw.

A new measure is a module with a ``bench_<name>(...)`` and a ``report_<name>(...)``
(lines of Markdown) and one entry in :data:`SECTIONS` below (for example a Lighthouse
audit, ``lighthouse.py``). The budgets are in ``common.py``. This is a script, not a test:
timings depend on the machine and its load, which are recorded with them.

Usage: ``python benchmarks/run.py [--only build,chapters,pages,phone,live] [--site DIR]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import END, RESULTS, ROOT, START, log, machine  # noqa: E402


def _site(args, results: dict) -> Path:
    builds = results.get("build")
    site = args.site or (Path(builds["site"]) if builds else ROOT / "_build" / "html")
    if not (site / "index.html").exists():
        sys.exit(f"{site} holds no built book: run the build section or pass --site")
    return site


#: Section name -> (module, how to run its bench_ function, its report_ function's name).
#: Sections run in this order; a section that needs the built site gets the clean build's.
SECTIONS: dict[str, tuple[str, object, str]] = {
    "build": ("builds", lambda m, args, r: m.bench_builds(None), "report_builds"),
    "chapters": ("builds", lambda m, args, r: m.bench_chapters(), "report_chapters"),
    "pages": ("pages", lambda m, args, r: m.bench_pages(_site(args, r), args.presses), "report_pages"),
    "phone": ("phone", lambda m, args, r: m.bench_phone(_site(args, r), args.plain), "phone_report"),
    "live": ("live", lambda m, args, r: m.bench_live(), "report_live"),
    # pin, compare update, unpin and figure-state check on the phone profile (issue 28)
    "compare": ("compare", lambda m, args, r: m.bench_compare(_site(args, r)), "report_compare"),
    # every page served compressed by tools/serve.py, Lighthouse's mobile preset
    "lighthouse": ("lighthouse", lambda m, args, r: m.run(_site(args, r)), "report"),
}


def report(info: dict, results: dict) -> str:
    out = [START, "", "## Latest run", ""]
    out += [
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['memory']}; {info['system']}",
        f"- Load average at start: {info['load']} (other work on the machine slows every timing)",
        f"- Commit: {info['commit']}",
        f"- Command: `{info['command']}`",
        "",
    ]
    for name, (module, _, report_name) in SECTIONS.items():
        if results.get(name):
            out += getattr(importlib.import_module(module), report_name)(results[name])
    out.append(END)
    return "\n".join(out)


def write_results(section: str) -> None:
    if RESULTS.exists() and START in RESULTS.read_text():
        text = RESULTS.read_text()
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1] if END in rest else ""
        RESULTS.write_text(before + section + after)
    else:
        RESULTS.write_text(
            "# Benchmark results\n\nWritten by `make bench` (benchmarks/run.py).\n\n" + section + "\n"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--site", type=Path, help="measure this built site instead of the clean build's")
    parser.add_argument("--presses", type=int, default=60, help="key presses per figure page")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument(
        "--plain", default="book/references", help="the plain page the phone profile compares with"
    )
    args = parser.parse_args()
    wanted = args.only.split(",")
    unknown = [name for name in wanted if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s) {unknown}; known: {', '.join(SECTIONS)}")
    info = machine()
    log(f"benchmark on {info['cpu']}, load {info['load']}, {info['date']}")

    results: dict = {}
    for name, (module, run, _) in SECTIONS.items():
        if name in wanted:
            results[name] = run(importlib.import_module(module), args, results)
    tmp = results["build"].pop("_tmp", None) if results.get("build") else None
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)

    section = report(info, results)
    print("\n" + section)
    if args.json:
        args.json.write_text(json.dumps({"info": info, **results}, indent=1))
    if not args.no_write:
        write_results(section)
        log(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
