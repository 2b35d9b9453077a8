"""Phone profile: 390x844 CSS px at device scale 3, touch, CPU slowed 4x (Chromium, CDP).

First contentful paint, first figure visible, first slider operable against a plain page's
load, bytes at load and after every slider, key and touch to image. Run by
``benchmarks/run.py`` (section ``phone``).
"""

from __future__ import annotations

import contextlib
import gzip
import re
import statistics
from pathlib import Path

from common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    COMPRESSIBLE,
    ROOT,
    kb,
    log,
    serve,
    toc_files,
    verdict,
    wait_until,
)
from pages import STEP_KEY, _focus_control  # noqa: E402  (the same key steps as the page bench)

# --------------------------------------------------------------------------- 3b. phone profile
# A learner's phone: 390x844 CSS px at device scale 3, touch, CPU slowed 4x (CDP).
BUDGET_FIGURE_VS_PLAIN = 1.25  # first figure visible within 1.25x a plain page's load
BUDGET_OPERABLE_VS_PLAIN = 1.25  # first control operable within 1.25x a plain page's load (issue 19)
BUDGET_PHONE_GZIP = 350e3  # every page at most 350 kB gzip at load (issue 19)
BUDGET_INPUT_MEDIAN_MS = 1000 / 60  # key or touch to new frame: median within one display frame
BUDGET_INPUT_WORST_MS = 100  # and the worst under 100 ms
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
      // a native control on screen, in a figure whose script runs (moving it shows its frame)
      const controls = document.querySelectorAll('.nxc-explorer.nxc-ready [data-nxc-axis]');
      const live = [...controls].find((c) => c.getBoundingClientRect().width >= 24
        && getComputedStyle(c).visibility !== 'hidden');
      if (live) n.operable = now;
    }
    if (n.figure === null || n.operable === null) requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
  const visible = (root) => [...root.querySelectorAll('img')].filter((i) => i.getClientRects().length > 0);
  // input -> the new frame swapped in and decoded, to the next display frame after it
  const shows = (i) => i.getAttribute('src') + ' ' + i.getAttribute('srcset');
  // One input is timed at a time: a new key or touch ends the watch of the last one (an
  // input that changed nothing, such as a tap on the option already chosen, records nothing).
  let watching = null;
  function watch(event, into) {
    if (event.type === 'touchstart' && event.touches.length > 1) return;
    if (event.type === 'pointerup' && !event.isPrimary) return;
    if (watching) watching.disconnect();
    watching = null;
    const box = event.target.closest && event.target.closest('.nxc-explorer');
    if (!box) return;
    const t0 = performance.now();
    const before = new Set(visible(box).map(shows));
    const done = () => {
      observer.disconnect();
      requestAnimationFrame(() => into.push(performance.now() - t0));
    };
    const check = () => {
      const fresh = visible(box).find((i) => !before.has(shows(i)) && i.isConnected);
      if (!fresh) return;
      observer.disconnect();
      if (fresh.complete && fresh.naturalWidth > 0) done();
      else fresh.addEventListener('load', done, {once: true});
    };
    const observer = new MutationObserver(check);
    observer.observe(box, {subtree: true, childList: true, attributes: true});
    watching = observer;
  }
  // A slider moves when the finger lands (touchstart); a button or a checkbox acts when it
  // lifts (the lift's first event, pointerup): each touch is timed from the event that moves
  // its control.
  const actsOnLift = (e) => !!(e.target.closest &&
    (e.target.closest('.nxc-buttons') || e.target.closest('input[type=checkbox], label')));
  window.addEventListener('keydown', (e) => watch(e, n.latencies), true);
  window.addEventListener('touchstart', (e) => { if (!actsOnLift(e)) watch(e, n.touches); }, true);
  window.addEventListener('pointerup', (e) => {
    if (e.pointerType === 'touch' && actsOnLift(e)) watch(e, n.touches);
  }, true);
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


TAP_HOLD_MS = 80  # a finger rests on the glass for about this long in a tap


def _tap(page, cdp, x: float, y: float) -> None:
    """A tap as a finger makes it: down, a short rest, up (Playwright's own tap lifts the
    finger in the same instant, so the browser's work for the lift lands in the display
    frame the touch is waiting for)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    page.wait_for_timeout(TAP_HOLD_MS)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _phone_move(page) -> dict:
    """Every control end to end by keyboard, then touch: a tap at each end and the middle of
    a slider's track, two on a checkbox, a tap on each of a group's buttons (a list opens the phone's own
    picker, outside the page: keyboard only)."""
    cdp = page.context.new_cdp_session(page)
    controls = page.locator(".nxc-explorer [data-nxc-axis]")
    for i in range(controls.count()):
        control = controls.nth(i)
        control.scroll_into_view_if_needed()
        options = control.evaluate(
            "c => c.tagName === 'FIELDSET' ? c.querySelectorAll('input').length"
            " : c.tagName === 'SELECT' ? c.options.length : Number(c.max) + 1"
        )
        for _ in range(2 * options):
            key = control.evaluate(STEP_KEY)
            _focus_control(control)
            page.keyboard.press(key)
            page.wait_for_timeout(60)
        kind = control.evaluate("c => c.type === 'checkbox' ? 'CHECKBOX' : c.tagName")
        if kind == "CHECKBOX":  # off and on again, at its centre
            box = control.bounding_box()
            for _ in range(2):
                _tap(page, cdp, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(150)
        elif kind == "INPUT":
            box = control.bounding_box()
            if not box or box["width"] < 4:
                continue
            for fraction in (0.98, 0.5, 0.02):
                _tap(page, cdp, box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
                page.wait_for_timeout(150)
        elif kind == "FIELDSET":
            buttons = control.locator(".nxc-option")
            chosen = int(control.evaluate("c => c.querySelector('input:checked').value"))
            for b in [*(b for b in range(buttons.count()) if b != chosen), chosen]:
                buttons.nth(b).scroll_into_view_if_needed()
                spot = buttons.nth(b).bounding_box()
                _tap(page, cdp, spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
                page.wait_for_timeout(150)
    n = page.evaluate("window.__nxcPhone")
    out = {"presses": len(n["latencies"]), "touches": len(n["touches"])}
    if n["latencies"]:
        out.update(key_median_ms=statistics.median(n["latencies"]), key_worst_ms=max(n["latencies"]))
    if n["touches"]:
        out.update(touch_median_ms=statistics.median(n["touches"]), touch_worst_ms=max(n["touches"]))
    return out


def bench_phone(site: Path, plain_page: str = "book/references", repeats: int = 5) -> dict:
    """Each figure page loaded ``repeats`` times (medians), beside the plain page: loaded
    ``repeats`` times first and once more before each figure page, so that its median spans
    the whole run (one load varies by about 150 ms under a 4x slower CPU; with 3 loads a page
    crossed the 1.25x line from one run to the next)."""
    from playwright.sync_api import sync_playwright

    figure_pages = [p for p in toc_files() if re.search(r"\bexplore\(", (ROOT / f"{p}.md").read_text())]
    # the Italian edition's twins too, measured beside the same plain page
    figure_pages += [f"it/{p}" for p in figure_pages if (site / "it" / f"{p}.html").exists()]
    out: dict = {"plain_page": plain_page, "pages": [], "repeats": repeats}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        plain = [_phone_page(browser, base, plain_page, move=False) for _ in range(repeats)]
        log(
            f"phone: plain page {plain_page}: FCP {statistics.median(r['fcp_ms'] or 0 for r in plain):.0f}"
            f" ms, load {statistics.median(r['load_ms'] for r in plain):.0f} ms (first {repeats} loads)"
        )
        for name in figure_pages:
            plain.append(_phone_page(browser, base, plain_page, move=False))
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
    out["plain"] = {
        "load_ms": statistics.median(r["load_ms"] for r in plain),
        "fcp_ms": statistics.median(r["fcp_ms"] or 0 for r in plain),
        "load_gzip": plain[0]["load_gzip"],
        "loads": len(plain),
    }
    log(
        f"phone: plain page {plain_page}: load {out['plain']['load_ms']:.0f} ms"
        f" (median of {len(plain)} loads)"
    )
    return out


def phone_report(phone: dict) -> list[str]:
    plain = phone["plain"]
    load = plain["load_ms"]

    def ms(v):
        return "-" if v is None else f"{v:.0f}"

    out = [
        "### Phone profile (390x844 CSS px, scale 3, touch, CPU slowed 4x)",
        "",
        f"Plain page ({phone['plain_page']}, median of {plain.get('loads', 3)} loads through the run): "
        f"first contentful paint {plain['fcp_ms']:.0f} ms, "
        f"load {load:.0f} ms, {kb(plain['load_gzip'])} gzip. Budgets: first figure visible within "
        f"{BUDGET_FIGURE_VS_PLAIN}x ({BUDGET_FIGURE_VS_PLAIN * load:.0f} ms) and first control operable "
        f"within {BUDGET_OPERABLE_VS_PLAIN}x ({BUDGET_OPERABLE_VS_PLAIN * load:.0f} ms) "
        "of the plain page's load; "
        f"every page at most {kb(BUDGET_PHONE_GZIP)} gzip at load. Times on each figure page: "
        f"the median of {phone.get('repeats', 3)} loads; the last load also moves every control. "
        "Operable: a native "
        "control on screen in a figure whose script runs; key or touch to image: from the input "
        "that moves the control (a key press; a finger landing on a slider, touchstart, or "
        f"lifting from a button or a checkbox, pointerup; each tap rests {TAP_HOLD_MS} ms) to the next "
        f"display frame after the new frame is swapped in and decoded: median within "
        f"{BUDGET_INPUT_MEDIAN_MS:.1f} ms, worst under "
        f"{BUDGET_INPUT_WORST_MS} ms.",
        "",
        "| page | FCP ms | first figure ms | first control operable ms | gzip at load | "
        "gzip after every control end to end | key to image median / worst ms | "
        "touch to image median / worst ms | budgets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in phone["pages"]:
        ok = (
            r["figure_ms"] is not None
            and r["figure_ms"] <= BUDGET_FIGURE_VS_PLAIN * load
            and r["operable_ms"] is not None
            and r["operable_ms"] <= BUDGET_OPERABLE_VS_PLAIN * load
            and r["load_gzip"] <= BUDGET_PHONE_GZIP
            and all(
                r.get(f"{kind}_median_ms", 0) <= BUDGET_INPUT_MEDIAN_MS
                and r.get(f"{kind}_worst_ms", 0) < BUDGET_INPUT_WORST_MS
                for kind in ("key", "touch")
            )
        )
        key = f"{r['key_median_ms']:.1f} / {r['key_worst_ms']:.1f}" if "key_median_ms" in r else "-"
        touch = f"{r['touch_median_ms']:.1f} / {r['touch_worst_ms']:.1f}" if "touch_median_ms" in r else "-"
        out.append(
            f"| {r['page']} | {ms(r['fcp_ms'])} | {ms(r['figure_ms'])} | {ms(r['operable_ms'])} | "
            f"{kb(r['load_gzip'])} | {kb(r.get('moved_gzip', 0))} | {key} | {touch} | {verdict(ok)} |"
        )
    out.append("")
    return out
