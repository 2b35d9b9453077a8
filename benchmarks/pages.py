"""Pages in Chromium (localhost, cold cache): bytes (raw, gzip), figures shown, key to image.

Serves the built site on 127.0.0.1 and loads every page in Debian's Chromium (Playwright):
bytes transferred, time until every figure is shown, and the latency from a key press on a
slider to the new image in the page. Run by ``benchmarks/run.py`` (section ``pages``).
"""

from __future__ import annotations

import contextlib
import gzip
import re
import statistics
from pathlib import Path

from common import (  # noqa: E402
    BUDGET_PAGE_GZIP,
    BUDGET_RESPONSE_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    COMPRESSIBLE,
    kb,
    log,
    serve,
    toc_files,
    verdict,
    wait_until,
)

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
  // Key press -> new frame: keydown starts the clock; a MutationObserver stops it when a
  // visible <img> shows a file it did not show before the key press, decoded (the figure
  // script swaps the frame's attributes in place, src/nxc_explorer/static/nxc-explorer.js).
  const shows = (i) => i.getAttribute('src') + ' ' + i.getAttribute('srcset');
  window.addEventListener('keydown', (event) => {
    const box = event.target.closest && event.target.closest('.nxc-explorer');
    if (!box) return;
    const t0 = performance.now();
    const before = new Set(visibleImgs(box).map(shows));
    const done = (t) => {
      observer.disconnect();
      window.__nxc.latencies.push(t - t0);
      requestAnimationFrame(() => window.__nxc.painted.push(performance.now() - t0));
    };
    const check = () => {
      const fresh = visibleImgs(box).find(i => !before.has(shows(i)));
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


def _state_bytes(html: str) -> int:
    scripts = re.findall(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S
    )
    return sum(len(s.encode()) for s in scripts)


def bench_pages(site: Path, presses: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        editions = [f"it/{p}" for p in toc_files() if (site / "it" / f"{p}.html").exists()]
        for page_name in toc_files() + editions:
            html_path = site / f"{page_name}.html"
            html = html_path.read_text()
            expected = html.count('<div class="nxc-explorer"')
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


#: The key that moves a native figure control one option on, away from its nearer end
#: (a radio group's arrows wrap around; a range input and a list stop at their ends).
STEP_KEY = """c => {
  const i = c.tagName === 'FIELDSET' ? Number(c.querySelector('input:checked').value) : Number(c.value);
  const n = c.tagName === 'FIELDSET' ? c.querySelectorAll('input').length
    : c.tagName === 'SELECT' ? c.options.length : Number(c.max) + 1;
  const back = c.dataset.nxcBack === '1' ? i > 0 : i >= n - 1;
  c.dataset.nxcBack = back ? '1' : '0';
  if (c.tagName === 'SELECT') return back ? 'ArrowUp' : 'ArrowDown';
  return back ? 'ArrowLeft' : 'ArrowRight';
}"""


def _focus_control(control) -> None:
    """Focus a native figure control (a radio group: its checked radio)."""
    control.evaluate("c => (c.tagName === 'FIELDSET' ? c.querySelector('input:checked') : c).focus()")


def _press_keys(page, presses: int) -> dict:
    controls = page.locator(".nxc-explorer [data-nxc-axis]")
    count = controls.count()
    per_control = max(presses // max(count, 1), 4)
    for i in range(count):
        control = controls.nth(i)
        control.scroll_into_view_if_needed()
        for _ in range(per_control):
            key = control.evaluate(STEP_KEY)
            _focus_control(control)
            n = page.evaluate("window.__nxc.painted.length")
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


def report_pages(pages: list) -> list[str]:
    out: list[str] = []
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
    return out
