"""Speed and weight of the book, as a learner and a contributor feel them.

``make bench`` runs this script. It measures, in one run on this machine:

1. a clean build of the whole book with execution (a temporary copy of the
   repository, built into a temporary ``--path-output``), and the share of it
   spent executing cells (from jupyter-cache's per-notebook execution times);
   then a rebuild after a one-sentence edit, and after a change in ``src/``
   (which empties the execution cache, see ``book/_ext/source_freshness.py``);
2. per chapter: frames, time to precompute them and bytes of widget state;
3. per page, served on localhost and loaded in Debian's Chromium (Playwright):
   bytes transferred (raw and gzip), time until the figures are shown, and the
   latency from a key press on a slider to the new image in the page;
4. the live-kernel mode (``explore(..., live=True)``) against a naive redraw.

It prints the figures and writes them to ``benchmarks/RESULTS.md`` between the
``run:start``/``run:end`` markers (the hand-written history around them is kept).
The budgets are those of DESIGN.md section 5. This is a script, not a test:
timings depend on the machine and its load, which are recorded with them.

Usage: ``python benchmarks/run.py [--only build,chapters,pages,phone,live] [--site DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import toc_files  # noqa: E402  (one walker of _toc.yml for tests and tools)
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BIN = Path(sys.executable).parent
START, END = "<!-- run:start -->", "<!-- run:end -->"

# DESIGN.md section 5
BUDGET_RESPONSE_MS = 16.0
BUDGET_PAGE_GZIP = 1.5e6
BUDGET_CLEAN_BUILD_S = 90.0
BUDGET_EDIT_REBUILD_S = 5.0

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


# --------------------------------------------------------------------------- 1. builds
def _build(repo: Path, out: Path) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (the build and its kernels), exit code, output."""
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))  # the copy's models, not /work's
    cmd = [
        str(BIN / "jupyter-book"),
        "build",
        str(repo),
        "--path-output",
        str(out),
        "-W",
        "-n",
        "--keep-going",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, proc.returncode, proc.stdout + proc.stderr


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


def bench_builds(keep_site: Path | None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-book-"))
    repo = tmp / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE, symlinks=True)
    out = tmp / "out"
    result: dict = {}

    log("build: clean build of the whole book with execution ...")
    t_start = time.time()
    seconds, cpu, code, output = _build(repo, out)
    execs = _exec_seconds(out)
    result["clean"] = {
        "seconds": seconds,
        "cpu": cpu,
        "exit": code,
        "exec_seconds": sum(execs.values()),
        "per_notebook": execs,
    }
    if code != 0:
        result["clean"]["tail"] = output[-2000:]
    log(
        f"  clean build {seconds:.1f} s, CPU {cpu:.1f} s (exit {code}); "
        f"executing cells {sum(execs.values()):.1f} s"
    )
    del t_start

    where = _edit_one_sentence(repo)
    log(f"build: rebuild after a one-sentence edit ({where}) ...")
    seconds, cpu, code, output = _build(repo, out)
    result["sentence"] = {"seconds": seconds, "cpu": cpu, "exit": code, "where": where}
    log(f"  {seconds:.1f} s, CPU {cpu:.1f} s (exit {code})")

    init = repo / "src" / "naltrexone_course" / "__init__.py"
    init.write_text(init.read_text() + "\n# touched by the benchmark\n")
    log("build: rebuild after a change in src/ (re-executes every chapter) ...")
    t_start = time.time()
    seconds, cpu, code, output = _build(repo, out)
    execs = _exec_seconds(out, since=t_start)
    result["source"] = {"seconds": seconds, "cpu": cpu, "exit": code, "exec_seconds": sum(execs.values())}
    log(f"  {seconds:.1f} s, CPU {cpu:.1f} s (exit {code}); executing cells {sum(execs.values()):.1f} s")

    log("build: clean build with the chapters pre-executed in parallel (tools/parallel_execute.py) ...")
    out2 = tmp / "out-parallel"
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    pre = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "parallel_execute.py"), str(repo), str(out2 / "_build")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    pre_seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    pre_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    seconds, cpu, code, output = _build(repo, out2)
    result["parallel"] = {
        "seconds": pre_seconds + seconds,
        "cpu": pre_cpu + cpu,
        "execute_seconds": pre_seconds,
        "exit": code or pre.returncode,
        "executed_in_build": output.count("Executing notebook"),
        "note": (pre.stdout + pre.stderr).strip().splitlines()[-1:] or [""],
    }
    log(
        f"  {pre_seconds:.1f} s executing in parallel + {seconds:.1f} s building "
        f"(exit {code}; notebooks the build executed itself: {output.count('Executing notebook')})"
    )

    site = out / "_build" / "html"
    if keep_site is not None:
        shutil.rmtree(keep_site, ignore_errors=True)
        shutil.copytree(site, keep_site)
    result["site"] = str(keep_site or site)
    result["_tmp"] = str(tmp)
    return result


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
INIT_SCRIPT = """
(() => {
  const expected = %d;
  window.__nxc = {figuresShown: null, latencies: [], painted: [], pending: null};
  function visibleImgs(root) {
    return [...root.querySelectorAll('img')].filter(i => i.getClientRects().length > 0);
  }
  function figuresReady() {
    const boxes = document.querySelectorAll('.nxc-explorer');
    if (boxes.length < expected) return false;
    return [...boxes].every(b => visibleImgs(b).some(i => i.complete && i.naturalWidth > 0));
  }
  function poll() {
    if (figuresReady()) { window.__nxc.figuresShown = performance.now(); return; }
    requestAnimationFrame(poll);
  }
  if (expected > 0) requestAnimationFrame(poll);
  // Key press -> new frame: keydown starts the clock; a MutationObserver stops it when an
  // <img> that was not visible before the key press is visible and decoded.
  window.addEventListener('keydown', (event) => {
    const box = event.target.closest && event.target.closest('.nxc-explorer');
    if (!box) return;
    const t0 = performance.now();
    const before = new Set(visibleImgs(box));
    const done = (t) => {
      observer.disconnect();
      window.__nxc.latencies.push(t - t0);
      requestAnimationFrame(() => window.__nxc.painted.push(performance.now() - t0));
    };
    const check = () => {
      const fresh = visibleImgs(box).find(i => !before.has(i));
      if (!fresh) return false;
      if (fresh.complete && fresh.naturalWidth > 0) { done(performance.now()); }
      else {
        observer.disconnect();
        fresh.addEventListener('load', () => done(performance.now()), {once: true});
      }
      return true;
    };
    const observer = new MutationObserver(() => { check(); });
    observer.observe(box, {subtree: true, childList: true, attributes: true});
  }, true);
})();
"""


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


def _state_bytes(html: str) -> int:
    scripts = re.findall(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S
    )
    return sum(len(s.encode()) for s in scripts)


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


def bench_pages(site: Path, presses: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_name in toc_files():
            html_path = site / f"{page_name}.html"
            html = html_path.read_text()
            expected = html.count('<script type="application/vnd.jupyter.widget-view+json">')
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.add_init_script(INIT_SCRIPT % expected)
            responses = []
            blocked = []

            def route(r, blocked=blocked, base=base):
                url = r.request.url
                if url.startswith(base) or url.startswith("data:"):
                    r.continue_()
                else:
                    blocked.append(url)
                    r.abort()

            page.route("**/*", route)
            page.on("requestfinished", lambda request, responses=responses: responses.append(request))
            page.goto(f"{base}/{page_name}.html", wait_until="load")
            row = {"page": page_name, "figures": expected, "state_bytes": _state_bytes(html)}
            if expected:
                wait_until(page, "window.__nxc.figuresShown !== null", 60_000)
                row["figures_shown_ms"] = page.evaluate("window.__nxc.figuresShown")
            row["load_ms"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            page.wait_for_timeout(1500)  # late fonts, MathJax
            raw = gz = 0
            for request in list(responses):
                response = request.response()
                if response is None:
                    continue
                with contextlib.suppress(Exception):
                    body = response.body()
                    raw += len(body)
                    kind = response.headers.get("content-type", "")
                    gz += len(gzip.compress(body, 6)) if any(k in kind for k in COMPRESSIBLE) else len(body)
            row.update(requests=len(responses), raw_bytes=raw, gzip_bytes=gz, blocked=len(blocked))
            if expected:
                row.update(_press_keys(page, presses))
            rows.append(row)
            shown = f", figures shown at {row['figures_shown_ms']:.0f} ms" if expected else ""
            lat = (
                f", key->image median {row['key_median_ms']:.1f} ms, worst {row['key_worst_ms']:.1f} ms"
                if row.get("key_presses")
                else ""
            )
            log(
                f"page {page_name}: {row['requests']} requests, {kb(raw)} raw, {kb(gz)} gzip, "
                f"load {row['load_ms']:.0f} ms{shown}{lat}"
            )
            context.close()
        browser.close()
    return rows


def _press_keys(page, presses: int) -> dict:
    handles = page.locator(".nxc-explorer [role=slider]")
    count = handles.count()
    per_handle = max(presses // max(count, 1), 4)
    for i in range(count):
        handle = handles.nth(i)
        handle.scroll_into_view_if_needed()
        handle.focus()
        key = "ArrowRight"
        for _ in range(per_handle):
            now = float(handle.get_attribute("aria-valuenow") or 0)
            top = float(handle.get_attribute("aria-valuemax") or 0)
            low = float(handle.get_attribute("aria-valuemin") or 0)
            if now >= top:
                key = "ArrowLeft"
            elif now <= low:
                key = "ArrowRight"
            n = page.evaluate("window.__nxc.latencies.length")
            page.keyboard.press(key)
            wait_until(page, f"window.__nxc.painted.length > {n}", 10_000)
    latencies = page.evaluate("window.__nxc.latencies")
    painted = page.evaluate("window.__nxc.painted")
    if not latencies:
        return {"key_presses": 0}
    return {
        "key_presses": len(latencies),
        "key_median_ms": statistics.median(latencies),
        "key_worst_ms": max(latencies),
        "paint_median_ms": statistics.median(painted),
        "paint_worst_ms": max(painted),
    }


# --------------------------------------------------------------------------- 3b. phone profile
# A learner's phone: 390x844 CSS px at device scale 3, touch, CPU slowed 4x (CDP).
BUDGET_FIGURE_VS_PLAIN = 1.25  # first figure visible within 1.25x a plain page's load
BUDGET_OPERABLE_VS_PLAIN = 2.0  # first slider operable within 2x a plain page's load
BUDGET_PHONE_GZIP = 1.0e6  # every page under 1.0 MB gzip at load
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "has_touch": True,
    "is_mobile": True,
}
CPU_SLOWDOWN = 4

PHONE_INIT = """
(() => {
  const n = window.__nxcPhone = {fcp: null, figure: null, operable: null, latencies: [], touches: []};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') n.fcp = e.startTime;
  }).observe({type: 'paint', buffered: true});
  const shown = (i) => i.getClientRects().length > 0 && i.complete && i.naturalWidth > 0
    && getComputedStyle(i).visibility !== 'hidden';
  function poll() {
    const now = performance.now();
    if (n.figure === null && [...document.querySelectorAll('.nxc-explorer img')].some(shown)) n.figure = now;
    if (n.operable === null) {
      const tracks = document.querySelectorAll('.nxc-explorer .widget-slider .slider-container');
      const track = [...tracks].find((t) => t.getBoundingClientRect().width >= 24);
      const handle = document.querySelector('.nxc-explorer [role=slider]');
      const live = handle && handle.getBoundingClientRect().width > 0
        && getComputedStyle(handle).visibility !== 'hidden';
      if (track && live) n.operable = now;
    }
    if (n.figure === null || n.operable === null) requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
  const visible = (root) => [...root.querySelectorAll('img')].filter((i) => i.getClientRects().length > 0);
  function watch(event, into) {
    const box = event.target.closest && event.target.closest('.nxc-explorer');
    if (!box) return;
    const t0 = performance.now();
    const before = new Set(visible(box).map((i) => i.currentSrc || i.src));
    const done = () => { observer.disconnect(); into.push(performance.now() - t0); };
    const check = () => {
      const fresh = visible(box).find((i) => !before.has(i.currentSrc || i.src) && i.isConnected);
      if (!fresh) return;
      observer.disconnect();
      if (fresh.complete && fresh.naturalWidth > 0) done();
      else fresh.addEventListener('load', done, {once: true});
    };
    const observer = new MutationObserver(check);
    observer.observe(box, {subtree: true, childList: true, attributes: true});
  }
  window.addEventListener('keydown', (e) => watch(e, n.latencies), true);
  window.addEventListener('touchstart', (e) => watch(e, n.touches), true);
})();
"""


def _gzip_size(request) -> tuple[int, int]:
    response = request.response()
    if response is None:
        return 0, 0
    try:
        body = response.body()
    except Exception:  # noqa: BLE001  (a redirect or an aborted request has no body)
        return 0, 0
    kind = response.headers.get("content-type", "")
    return len(body), (len(gzip.compress(body, 6)) if any(k in kind for k in COMPRESSIBLE) else len(body))


def _phone_page(browser, base: str, page_name: str, move: bool) -> dict:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.add_init_script(PHONE_INIT)
    requests: list = []
    page.on("requestfinished", lambda r: requests.append(r))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((base, "data:")) else r.abort())
    page.goto(f"{base}/{page_name}.html", wait_until="load")
    row: dict = {"page": page_name}
    row["load_ms"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    figures = page.locator(".nxc-explorer").count()
    if figures:
        with contextlib.suppress(Exception):
            wait_until(page, "window.__nxcPhone.figure !== null", 60_000)
        with contextlib.suppress(Exception):
            wait_until(page, "window.__nxcPhone.operable !== null", 60_000)
    page.wait_for_timeout(2000)  # late fonts, MathJax
    n = page.evaluate("window.__nxcPhone")
    row.update(fcp_ms=n["fcp"], figure_ms=n["figure"], operable_ms=n["operable"], figures=figures)
    sizes = [_gzip_size(r) for r in list(requests)]
    row["load_gzip"] = sum(g for _, g in sizes)
    row["load_requests"] = len(sizes)
    if figures and move:
        row.update(_phone_move(page))
        page.wait_for_timeout(1000)
        sizes = [_gzip_size(r) for r in list(requests)]
        row["moved_gzip"] = sum(g for _, g in sizes)
    context.close()
    return row


def _phone_move(page) -> dict:
    """Every slider end to end by keyboard, then a tap at each end and the middle of its track."""
    handles = page.locator(".nxc-explorer [role=slider]")
    for i in range(handles.count()):
        handle = handles.nth(i)
        handle.scroll_into_view_if_needed()
        handle.focus()
        for key in ("ArrowRight", "ArrowLeft"):
            for _ in range(int(float(handle.get_attribute("aria-valuemax") or 0)) + 1):
                before = handle.get_attribute("aria-valuenow")
                page.keyboard.press(key)
                page.wait_for_timeout(60)
                if handle.get_attribute("aria-valuenow") == before:
                    break
        slider = page.locator(".nxc-explorer .widget-slider").nth(i)
        track = slider.locator(".slider-container").first
        box = track.bounding_box()
        if not box or box["width"] < 4:
            continue
        for fraction in (0.98, 0.5, 0.02):
            page.touchscreen.tap(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
            page.wait_for_timeout(150)
    n = page.evaluate("window.__nxcPhone")
    out = {"presses": len(n["latencies"]), "touches": len(n["touches"])}
    if n["latencies"]:
        out.update(key_median_ms=statistics.median(n["latencies"]), key_worst_ms=max(n["latencies"]))
    if n["touches"]:
        out.update(touch_median_ms=statistics.median(n["touches"]), touch_worst_ms=max(n["touches"]))
    return out


def bench_phone(site: Path, plain_page: str = "book/intro", repeats: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    figure_pages = [p for p in toc_files() if re.search(r"\bexplore\(", (ROOT / f"{p}.md").read_text())]
    out: dict = {"plain_page": plain_page, "pages": []}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        plain = [_phone_page(browser, base, plain_page, move=False) for _ in range(repeats)]
        out["plain"] = {
            "load_ms": statistics.median(r["load_ms"] for r in plain),
            "fcp_ms": statistics.median(r["fcp_ms"] or 0 for r in plain),
            "load_gzip": plain[0]["load_gzip"],
        }
        log(
            f"phone: plain page {plain_page}: FCP {out['plain']['fcp_ms']:.0f} ms, "
            f"load {out['plain']['load_ms']:.0f} ms"
        )
        for name in figure_pages:
            # Like the plain page: the median of `repeats` loads for each time; the last
            # load also moves every slider (bytes after moving, key and touch latency).
            runs = [_phone_page(browser, base, name, move=i == repeats - 1) for i in range(repeats)]
            row = dict(runs[-1])
            for key in ("load_ms", "fcp_ms", "figure_ms", "operable_ms"):
                values = [r[key] for r in runs if r.get(key) is not None]
                row[key] = statistics.median(values) if len(values) == len(runs) else None
            out["pages"].append(row)
            log(
                "phone: "
                + name
                + ": "
                + ", ".join(
                    f"{k} {v:.0f}" for k, v in row.items() if isinstance(v, (int, float)) and v is not None
                )
            )
        browser.close()
    return out


def phone_report(phone: dict) -> list[str]:
    plain = phone["plain"]
    load = plain["load_ms"]

    def ms(v):
        return "-" if v is None else f"{v:.0f}"

    out = [
        "### Phone profile (390x844 CSS px, scale 3, touch, CPU slowed 4x)",
        "",
        f"Plain page ({phone['plain_page']}, median of 3): first contentful paint {plain['fcp_ms']:.0f} ms, "
        f"load {load:.0f} ms, {kb(plain['load_gzip'])} gzip. Budgets: first figure visible within "
        f"{BUDGET_FIGURE_VS_PLAIN}x ({BUDGET_FIGURE_VS_PLAIN * load:.0f} ms) and first slider operable "
        f"within {BUDGET_OPERABLE_VS_PLAIN}x ({BUDGET_OPERABLE_VS_PLAIN * load:.0f} ms) "
        "of the plain page's load; "
        f"every page under {kb(BUDGET_PHONE_GZIP)} gzip at load. Times on each figure page: "
        "the median of 3 loads too; the last load also moves every slider.",
        "",
        "| page | FCP ms | first figure ms | first slider operable ms | gzip at load | "
        "gzip after every slider end to end | key to image median / worst ms | "
        "touch to image median / worst ms | budgets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in phone["pages"]:
        ok = (
            r["figure_ms"] is not None
            and r["figure_ms"] <= BUDGET_FIGURE_VS_PLAIN * load
            and r["operable_ms"] is not None
            and r["operable_ms"] <= BUDGET_OPERABLE_VS_PLAIN * load
            and r["load_gzip"] < BUDGET_PHONE_GZIP
        )
        key = f"{r['key_median_ms']:.1f} / {r['key_worst_ms']:.1f}" if "key_median_ms" in r else "-"
        touch = f"{r['touch_median_ms']:.1f} / {r['touch_worst_ms']:.1f}" if "touch_median_ms" in r else "-"
        out.append(
            f"| {r['page']} | {ms(r['fcp_ms'])} | {ms(r['figure_ms'])} | {ms(r['operable_ms'])} | "
            f"{kb(r['load_gzip'])} | {kb(r.get('moved_gzip', 0))} | {key} | {touch} | {verdict(ok)} |"
        )
    out.append("")
    return out


# --------------------------------------------------------------------------- 4. live mode
def bench_live(repeats: int = 2) -> dict:
    from naltrexone_course import explorer
    from naltrexone_course.figures import antagonism as figures

    control = explorer.Control(
        "free_naltrexone_nM", "Free naltrexone", [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100], "nM", default=1
    )
    draw, describe = figures.draw_receptor_occupancy, figures.describe_receptor_occupancy
    box = explorer.explore(draw, describe, control, live=True)  # warms fonts and caches
    slider, view = box.children[0], box.children[-1]
    order = [i for i in range(len(control.values)) if i != control.default_index]

    def sweep() -> list[float]:
        times = []
        for i in order:
            t0 = time.perf_counter()
            slider.index = i
            assert view.value
            times.append(time.perf_counter() - t0)
        return times

    first = sweep()  # every value new: draws
    again = [t for _ in range(repeats) for t in sweep()]  # every value seen: cache

    naive = []
    for v in [control.values[i] for i in order]:
        t0 = time.perf_counter()
        explorer.frame_html(explorer.render_png(draw(free_naltrexone_nM=v)), describe(free_naltrexone_nM=v))
        naive.append(time.perf_counter() - t0)
    result = {
        "figure": "antagonism.draw_receptor_occupancy",
        "new_median_ms": 1000 * statistics.median(first),
        "cached_median_ms": 1000 * statistics.median(again),
        "naive_median_ms": 1000 * statistics.median(naive),
    }
    log(
        f"live: first visit {result['new_median_ms']:.0f} ms, revisit {result['cached_median_ms']:.2f} ms, "
        f"naive redraw {result['naive_median_ms']:.0f} ms (median per change)"
    )
    return result


# --------------------------------------------------------------------------- report
def report(
    info: dict,
    builds: dict | None,
    chapters: list | None,
    pages: list | None,
    live: dict | None,
    phone: dict | None = None,
) -> str:
    out = [START, "", "## Latest run", ""]
    out += [
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['memory']}; {info['system']}",
        f"- Load average at start: {info['load']} (other work on the machine slows every timing)",
        f"- Commit: {info['commit']}",
        f"- Command: `{info['command']}`",
        "",
    ]
    if builds:
        c, s, src, p = builds["clean"], builds["sentence"], builds["source"], builds["parallel"]
        share = c["exec_seconds"] / c["seconds"] if c["seconds"] else 0
        out += [
            "### Builds",
            "",
            "Wall seconds depend on the machine's other work; CPU seconds (the build and its "
            "kernels) are what a build on an idle machine of this kind would take at most, since "
            "Jupyter Book executes the chapters one after another.",
            "",
            "| build | wall s | CPU s | executing cells | exit | budget (wall) |",
            "|---|---:|---:|---:|---:|---|",
            f"| clean, whole book with execution | {c['seconds']:.1f} | {c['cpu']:.1f} | "
            f"{c['exec_seconds']:.1f} s "
            f"({share:.0%}) | {c['exit']} | {BUDGET_CLEAN_BUILD_S:.0f} s: "
            f"{verdict(c['seconds'] < BUDGET_CLEAN_BUILD_S)} |",
            f"| after a one-sentence edit ({s['where']}) | {s['seconds']:.1f} | {s['cpu']:.1f} | cached | "
            f"{s['exit']} | "
            f"{BUDGET_EDIT_REBUILD_S:.0f} s: {verdict(s['seconds'] < BUDGET_EDIT_REBUILD_S)} |",
            f"| after a change in `src/` (cache emptied, all chapters run) | {src['seconds']:.1f} | "
            f"{src['cpu']:.1f} | "
            f"{src['exec_seconds']:.1f} s | {src['exit']} | (none) |",
            f"| clean, chapters pre-executed in parallel (2 processes), then built | {p['seconds']:.1f} | "
            f"{p['cpu']:.1f} | {p['execute_seconds']:.1f} s in parallel; {p['executed_in_build']} re-run | "
            f"{p['exit']} | {BUDGET_CLEAN_BUILD_S:.0f} s: {verdict(p['seconds'] < BUDGET_CLEAN_BUILD_S)} |",
            "",
            "Execution seconds per notebook (clean build): "
            + ", ".join(f"{k} {v:.1f}" for k, v in sorted(c["per_notebook"].items(), key=lambda kv: -kv[1])),
            "",
        ]
    if chapters:
        out += [
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
    if pages:
        out += [
            "### Pages in Chromium (localhost, cold cache)",
            "",
            "gzip: what a server that compresses text would send (images and fonts as they are). "
            "Figures shown: from navigation start until every figure's image is decoded and visible. "
            "Key to image: from the keydown event to the newly selected frame's `<img>` in the page "
            "(and to the next animation frame, when it is painted).",
            "",
            "| page | requests | raw | gzip | widget state | load ms | figures shown ms | presses | "
            "key to image median / worst ms | to next paint median / worst ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in pages:
            fig = f"{r['figures_shown_ms']:.0f}" if "figures_shown_ms" in r else "-"
            if r.get("key_presses"):
                key = f"{r['key_median_ms']:.1f} / {r['key_worst_ms']:.1f}"
                paint = f"{r['paint_median_ms']:.1f} / {r['paint_worst_ms']:.1f}"
                presses = str(r["key_presses"])
            else:
                key = paint = presses = "-"
            out.append(
                f"| {r['page']} | {r['requests']} | {kb(r['raw_bytes'])} | {kb(r['gzip_bytes'])} | "
                f"{kb(r['state_bytes'])} | {r['load_ms']:.0f} | {fig} | {presses} | {key} | {paint} |"
            )
        heaviest = max(pages, key=lambda r: r["gzip_bytes"])
        figure_pages = [r for r in pages if r.get("key_presses")]
        out += [""]
        out.append(
            f"- Heaviest page: {heaviest['page']}, {kb(heaviest['gzip_bytes'])} gzip "
            f"(budget {kb(BUDGET_PAGE_GZIP)}: {verdict(heaviest['gzip_bytes'] < BUDGET_PAGE_GZIP)})."
        )
        if figure_pages:
            worst_median = max(r["key_median_ms"] for r in figure_pages)
            worst = max(r["key_worst_ms"] for r in figure_pages)
            out.append(
                f"- Key press to new image: worst page median {worst_median:.1f} ms, worst single press "
                f"{worst:.1f} ms (budget {BUDGET_RESPONSE_MS:.0f} ms: "
                f"{verdict(worst_median < BUDGET_RESPONSE_MS)}"
                " for the median)."
            )
        out.append("")
    if phone:
        out += phone_report(phone)
    if live:
        out += [
            "### Live-kernel mode (`explore(..., live=True)`)",
            "",
            f"Figure {live['figure']}, median time per slider change in the kernel:",
            "",
            "| redraw | ms |",
            "|---|---:|",
            f"| live, value not seen before (draw + encode) | {live['new_median_ms']:.0f} |",
            f"| live, value seen before (cache) | {live['cached_median_ms']:.2f} |",
            f"| naive: new figure every change | {live['naive_median_ms']:.0f} |",
            "",
        ]
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
    parser.add_argument(
        "--only", default="build,chapters,pages,phone,live,lighthouse", help="comma-separated sections"
    )
    parser.add_argument("--site", type=Path, help="measure this built site instead of the clean build's")
    parser.add_argument("--presses", type=int, default=60, help="key presses per figure page")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    info = machine()
    log(f"benchmark on {info['cpu']}, load {info['load']}, {info['date']}")

    builds = chapters = pages = live = phone = None
    tmp = None
    if "build" in sections:
        builds = bench_builds(None)
        tmp = builds.pop("_tmp")
    if "chapters" in sections:
        chapters = bench_chapters()
    if "pages" in sections:
        site = args.site or (Path(builds["site"]) if builds else ROOT / "_build" / "html")
        if not (site / "index.html").exists():
            sys.exit(f"{site} holds no built book: run the build section or pass --site")
        pages = bench_pages(site, args.presses)
    if "phone" in sections:
        site = args.site or (Path(builds["site"]) if builds else ROOT / "_build" / "html")
        phone = bench_phone(site)
    if "live" in sections:
        live = bench_live()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)

    section = report(info, builds, chapters, pages, live, phone)
    if "lighthouse" in sections:  # benchmarks/lighthouse.py: every page, served compressed
        import lighthouse

        site = args.site or ROOT / "_build" / "html"  # the clean build's copy is gone by now
        section = section.replace(END, "\n".join([*lighthouse.report(lighthouse.run(site)), "", END]))
    print("\n" + section)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "info": info,
                    "builds": builds,
                    "chapters": chapters,
                    "pages": pages,
                    "phone": phone,
                    "live": live,
                },
                indent=1,
            )
        )
    if not args.no_write:
        write_results(section)
        log(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
