"""Where the time from a key press to a figure's new frame goes, on the phone profile.

Loads one figure page of the built book (served on 127.0.0.1) in Debian's Chromium at
390x844, scale 3, touch, with the CPU slowed (``--cpu``, default 4), focuses the first
slider and presses arrow keys; in the page it times keydown -> input event -> the decoded
frame put in place (src/nxc_explorer/static/nxc-explorer.js) -> the next animation frame, and one
display frame itself (rAF to rAF), and prints the medians and worst cases.

    python benchmarks/input_to_frame.py [--site _build/html] [--page book/antagonism] [--cpu 4]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

INIT = """
window.__t = [];
let t0 = 0, t1 = 0;
addEventListener('keydown', () => { t0 = performance.now(); }, true);
addEventListener('input', () => { t1 = performance.now(); }, true);
new MutationObserver(() => {
  if (!t0) return;
  const t2 = performance.now(), a = t0, b = t1;
  t0 = 0;
  requestAnimationFrame(() => {
    const t3 = performance.now();
    requestAnimationFrame(() => window.__t.push([b - a, t2 - b, t3 - t2, performance.now() - t3]));
  });
}).observe(document, {subtree: true, childList: true});
"""
STEPS = [
    "keydown -> input",
    "input -> frame in place",
    "frame in place -> next animation frame",
    "one display frame",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--page", default="book/antagonism")
    parser.add_argument("--cpu", type=int, default=4, help="CPU slowdown (1: none)")
    parser.add_argument("--presses", type=int, default=12)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=3, has_touch=True, is_mobile=True
            )
            page = context.new_page()
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.cpu})
            page.add_init_script(INIT)
            page.goto(f"{base}/{args.page}.html", wait_until="load")
            page.wait_for_timeout(1500)
            slider = page.locator(".nxc-explorer input[type=range]").first
            slider.scroll_into_view_if_needed()
            slider.focus()
            page.wait_for_timeout(1500)  # the frames next to its value are prefetched on focus
            for i in range(args.presses):
                page.keyboard.press("ArrowRight" if i < args.presses // 3 else "ArrowLeft")
                page.wait_for_timeout(400)
            times = page.evaluate("window.__t")
            browser.close()
    finally:
        httpd.shutdown()
    print(f"{args.page}, CPU slowed {args.cpu}x, {len(times)} key presses:")
    for i, step in enumerate(STEPS):
        values = [t[i] for t in times]
        print(f"  {step}: median {statistics.median(values):.1f} ms, worst {max(values):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
