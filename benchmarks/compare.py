"""Compare, data and figure-state checks on the phone profile (issue 28's budgets).

On every page with figures, of every edition (English, then Italian under ``it/``), as a
phone (390x844 CSS px, scale 3, touch) with the CPU slowed 4x, then again with this machine's
own CPU (the budget names no device; both are reported), each figure in turn: three plain
key steps of its first control (the reference: what any figure change costs on this machine
in this run); focus "Pin this view" (the compare
script is fetched on that intent) and press Enter (pin: until the display frame that shows
the pinned view's image in place and decoded has been produced); three key steps while
pinned (compare update: until the frame with the readout and the new frame is produced);
Enter on the pin again (unpin); then each figure-state question's Check (to the next
display frame after its verdict is written). Budget for each: median within one display
frame (16.7 ms), worst under 100 ms. Also recorded: what the page fetched at load (no data
file, no compare script) and the bytes fetched after load (the compare script, the frames
moved to). Run by ``benchmarks/run.py`` (section ``compare``).
"""

from __future__ import annotations

import statistics
from pathlib import Path

from common import CHROMIUM, CHROMIUM_ARGS, kb, log, serve, toc_files, verdict, wait_until
from phone import CPU_SLOWDOWN, PHONE, _gzip_size

BUDGET_MEDIAN_MS = 1000 / 60
BUDGET_WORST_MS = 100.0
#: The phone profile's CPU slowed 4x (a mid-range phone), then this machine's own CPU (a
#: laptop): the budget does not name a device, so both are reported.
CPU_RATES = (CPU_SLOWDOWN, 1)
#: The editions besides English (their pages under <lang>/ in the site).
EDITIONS = ("it",)

# One timed input at a time: window.__nxcTime.arm(kind, target) starts a watch that the next
# keydown starts timing (from the event's own time stamp: a wait in the queue counts); it ends
# once the main thread has produced the display frame that shows `kind`'s result: a task
# posted from that frame's requestAnimationFrame runs after the frame's style, layout and
# paint. (Ending in the requestAnimationFrame callback itself left that work out: under load
# it was most of the time.) A result first seen at a frame's start (an image decoded since
# the last frame) is in that frame.
TIMER = """
(() => {
  const t = window.__nxcTime = {start: null, end: null, kind: null, target: null, text: ''};
  const ok = (i) => i && i.isConnected && i.complete && i.naturalWidth > 0;
  const done = {
    pin: (box) => ok(box.querySelector('.nxc-pinned img')) && ok(box.querySelector('.nxc-now img')),
    update: (box) => {
      const r = box.querySelector('.nxc-readout-compare');
      const img = box.querySelector('.nxc-now .nxc-frame img');
      return r && r.textContent !== t.text && ok(img) && img.alt && r.textContent.length > 0
        && img.getAttribute('src') !== t.src;
    },
    step: (box) => {
      const img = box.querySelector('.nxc-frame img');
      return ok(img) && img.getAttribute('src') !== t.src;
    },
    unpin: (box) => !box.querySelector('.nxc-pair') && ok(box.querySelector('.nxc-frame img')),
    check: (q) => q.querySelector('.nxq-feedback').textContent !== t.text
      && q.querySelector('.nxq-feedback').textContent.length > 0,
  };
  let observer = null;
  let settle = null;
  t.arm = (kind, target) => {
    t.start = t.end = null;
    // resolved when the watch ends (or after 10 s): the bench awaits it in one call instead
    // of asking every 10 ms, which put a task of its own into the frames it times
    t.settled = new Promise((resolve) => {
      settle = resolve;
      setTimeout(resolve, 10000);
    });
    t.kind = kind;
    t.target = target;
    const r = target.querySelector('.nxc-readout-compare, .nxq-feedback');
    t.text = r ? r.textContent : '';
    const img = target.querySelector('.nxc-now .nxc-frame img') || target.querySelector('.nxc-frame img');
    t.src = img ? img.getAttribute('src') : '';
  };
  const painted = () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { t.end = performance.now(); settle(); };
    channel.port2.postMessage(0);
  };
  let seen = false;
  function finish(inFrame) {
    if (seen || t.start === null || !done[t.kind](t.target)) return false;
    seen = true;
    if (observer) observer.disconnect();
    observer = null;
    if (inFrame === true) painted(); else requestAnimationFrame(painted);
    return true;
  }
  window.addEventListener('keydown', (e) => {
    if (!t.kind || t.start !== null) return;
    t.start = e.timeStamp;
    seen = false;
    if (finish()) return;
    observer = new MutationObserver(() => finish());
    observer.observe(t.target, {subtree: true, childList: true, attributes: true, characterData: true});
    // an image that finishes decoding changes no attribute: look again at each display frame
    const poll = () => { if (!finish(true) && !seen) requestAnimationFrame(poll); };
    requestAnimationFrame(poll);
  }, true);
})();
"""


def _timed(page, kind: str, target, key: str) -> float:
    target.evaluate(f"(e) => window.__nxcTime.arm({kind!r}, e)")
    page.keyboard.press(key)
    page.evaluate("window.__nxcTime.settled")
    if page.evaluate("window.__nxcTime.end === null"):
        raise TimeoutError(f"{kind}: no display frame with its result within 10 s")
    return page.evaluate("window.__nxcTime.end - window.__nxcTime.start")


def _step(control) -> str:
    """Focus the control; the key that moves it one option on (back at its last option)."""
    tag = control.evaluate("c => c.tagName")
    (control.locator("input:checked") if tag == "FIELDSET" else control).focus()
    at_end = control.evaluate(
        "c => c.tagName === 'FIELDSET'"
        " ? !c.querySelector('input:checked').parentNode.nextElementSibling"
        " : c.tagName === 'SELECT' ? c.selectedIndex === c.options.length - 1 : c.value === c.max"
    )
    back, on = ("ArrowUp", "ArrowDown") if tag == "SELECT" else ("ArrowLeft", "ArrowRight")
    return back if at_end else on


def open_phone_page(browser, base: str, page_name: str, cpu: int, requests: list | None = None):
    """``page_name`` of the site at ``base`` on the phone profile, the CPU slowed ``cpu`` times,
    nothing fetched from elsewhere, with :data:`TIMER`; returned once every figure is ready and
    the page has settled. ``requests`` (a list) receives every finished request."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.add_init_script(TIMER)
    if requests is not None:
        page.on("requestfinished", lambda r: requests.append(r))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((base, "data:")) else r.abort())
    page.goto(f"{base}/{page_name}.html", wait_until="load")
    wait_until(
        page,
        "[...document.querySelectorAll('.nxc-explorer')].every(b => b.classList.contains('nxc-ready'))",
        60_000,
    )
    page.wait_for_timeout(1500)
    return context, page, cdp


def _page(browser, base: str, page_name: str, cpu: int = CPU_SLOWDOWN) -> dict:
    requests: list = []
    context, page, _cdp = open_phone_page(browser, base, page_name, cpu, requests)
    at_load = list(requests)
    row: dict = {
        "page": page_name,
        "cpu": cpu,
        "csv_at_load": sum(r.url.split("?")[0].endswith(".csv") for r in at_load),
        "more_at_load": sum("nxc-explorer-more.js" in r.url for r in at_load),
        "step": [],
        "pin": [],
        "update": [],
        "unpin": [],
        "check": [],
    }
    boxes = page.locator(".nxc-explorer")
    row["figures"] = boxes.count()
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        control = box.locator("[data-nxc-axis]").first
        for _ in range(3):  # the same key steps without a pinned view: the reference in this run
            row["step"].append(_timed(page, "step", box, _step(control)))
            page.wait_for_timeout(120)
        pin = box.locator(".nxc-pin")
        pin.focus()  # the intent: the compare script is fetched now
        wait_until(page, "!!(window.nxcExplorer && window.nxcExplorer.more)", 10_000)
        row["pin"].append(_timed(page, "pin", box, "Enter"))
        for _ in range(3):
            row["update"].append(_timed(page, "update", box, _step(control)))
            page.wait_for_timeout(120)
        pin.focus()  # pressed again: one view (on a phone the Unpin button is on the pinned view)
        row["unpin"].append(_timed(page, "unpin", box, "Enter"))
    questions = page.locator(".nxq[data-kind=state]")
    for q in range(questions.count()):
        button = questions.nth(q).locator(".nxq-check")
        button.scroll_into_view_if_needed()
        button.focus()
        row["check"].append(_timed(page, "check", questions.nth(q), "Enter"))
    sizes = [_gzip_size(r) for r in requests if r not in at_load]
    row["first_use_gzip"] = sum(g for _, g in sizes)
    context.close()
    return row


def bench_compare(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    # every edition's figure pages (an edition's pages are its folder's twins of the English)
    editions = [""] + [f"{lang}/" for lang in EDITIONS if (site / lang / "index.html").exists()]
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for cpu in CPU_RATES:
            for edition in editions:
                for page_name in toc_files():
                    path = site / f"{edition}{page_name}.html"
                    if not path.exists() or 'class="nxc-explorer"' not in path.read_text(encoding="utf-8"):
                        continue
                    row = _page(browser, base, edition + page_name, cpu)
                    log(f"compare {edition}{page_name} (CPU /{cpu}): {row}")
                    rows.append(row)
        browser.close()
    return rows


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.1f} / {max(values):.1f}"


def _within(values: list[float]) -> bool:
    return not values or (statistics.median(values) <= BUDGET_MEDIAN_MS and max(values) < BUDGET_WORST_MS)


def report_compare(rows: list[dict]) -> list[str]:
    out = []
    for cpu in sorted({r.get("cpu", CPU_SLOWDOWN) for r in rows}, reverse=True):
        out += _report_rate([r for r in rows if r.get("cpu", CPU_SLOWDOWN) == cpu], cpu)
    return out


def _report_rate(rows: list[dict], cpu: int) -> list[str]:
    device = f"CPU slowed {cpu}x" if cpu > 1 else "this machine's own CPU, not slowed"
    out = [
        f"### Compare, figure-state checks and data (390x844, scale 3, touch, {device})",
        "",
        "Each figure of each page: focus Pin (the compare script is fetched on that intent), Enter to pin, "
        "three key steps of its first control while pinned, Unpin; then each figure-state question's Check. "
        "Before pinning, three plain key steps of the same control: the reference in this run (what any "
        "figure change costs on this machine now). Times from the keydown's time stamp until the main "
        "thread has produced the display frame that shows the result (its style, layout and paint done: "
        "a task posted from that frame's requestAnimationFrame) (the pinned and "
        "the current views' images in place and decoded; the readout and the new frame; one view again; "
        "the verdict). Budget: median within one display frame (16.7 ms), worst under 100 ms. "
        "Data files (CSV) and the compare script fetched at load: budget 0.",
        "",
        "| page | figures | plain key step (reference) median / worst ms | pin median / worst ms "
        "| compare update median / worst ms | unpin median / worst ms | check median / worst ms "
        "| CSV at load | compare script at load | fetched after load (gzip) | budgets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    everything = []
    for r in rows:
        ok = all(_within(r[k]) for k in ("pin", "update", "unpin", "check"))
        ok = ok and r["csv_at_load"] == 0 and r["more_at_load"] == 0
        everything.append(ok)
        out.append(
            f"| {r['page']} | {r['figures']} | {_ms(r['step'])} | {_ms(r['pin'])} | {_ms(r['update'])} | "
            f"{_ms(r['unpin'])} | "
            f"{_ms(r['check'])} | {r['csv_at_load']} | {r['more_at_load']} | {kb(r['first_use_gzip'])} | "
            f"{verdict(ok)} |"
        )
    every = {k: [v for r in rows for v in r[k]] for k in ("step", "pin", "update", "unpin", "check")}
    out += [
        "",
        "- Over every page: "
        + "; ".join(f"{k} {_ms(v)} ms ({len(v)} times)" for k, v in every.items())
        + f": {verdict(all(everything))} (step is the reference, not a budget).",
        "",
    ]
    return out
