"""What every benchmark module shares: paths, budgets, machine facts, a local server.

The budgets are those of DESIGN.md section 5 and of issue 20 (a contributor's loop).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import toc_files  # noqa: E402,F401  (one walker of _toc.yml for tests and tools)
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BIN = Path(sys.executable).parent
START, END = "<!-- run:start -->", "<!-- run:end -->"

# DESIGN.md section 5, and issue 20's budgets for a contributor's loop
BUDGET_RESPONSE_MS = 16.0
BUDGET_PAGE_GZIP = 1.5e6
BUDGET_CLEAN_BUILD_S = 60.0  # fresh clone, after the pip install, 2 cores
BUDGET_CLEAN_BOTH_S = 90.0  # the same, English and Italian editions (issue 31)
BUDGET_EDIT_REBUILD_S = 3.0  # a one-sentence edit
BUDGET_MODULE_EXTRA_S = 3.0  # a model change: those chapters' execution + this
BUDGET_FAST_S = 30.0  # make fast
BUDGET_TEST_S = 360.0  # make test on a fresh clone, after the build

IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "_build", ".pytest_cache", ".hypothesis", "__pycache__", ".ruff_cache", "*.egg-info"
)
COMPRESSIBLE = ("text/", "javascript", "json", "svg", "xml", "css")


# --------------------------------------------------------------------------- helpers
def log(message: str) -> None:
    print(message, flush=True)


def kb(n: float) -> str:
    return f"{n / 1000:,.0f} kB"


def verdict(ok: bool) -> str:
    return "within budget" if ok else "OVER BUDGET"


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        total = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{total / 1e6:.1f} GB RAM"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": mem,
        "system": f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "commit": commit or "unknown",
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def wait_until(page, expression: str, timeout_ms: int) -> None:
    """Wait until ``expression`` is true in the page (TimeoutError after ``timeout_ms``).

    Polls with ``page.evaluate`` (the DevTools protocol, which the page's CSP does not
    govern): Playwright's ``wait_for_function`` evaluates its predicate string inside the
    page, which the book's CSP (no 'unsafe-eval') refuses."""
    deadline = time.perf_counter() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{expression} still false after {timeout_ms} ms")
        page.wait_for_timeout(10)
