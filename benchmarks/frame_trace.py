"""What the main thread does between a figure input and its display frame (a diagnostic).

Loads one figure page as the phone profile (benchmarks/phone.py's PHONE, CPU slowed 4x by
default), times the compare benchmark's actions (benchmarks/compare.py's TIMER: a plain key
step, pin, compare update, unpin, a figure-state Check) while Chrome records a performance
trace (CDP Tracing, devtools.timeline and blink categories with invalidation tracking), then
prints, for each action, the main thread's work from the keydown to the end of its frame:
milliseconds per event kind, elements restyled, layout objects and roots, painted areas,
image decodes and the style invalidations that caused the restyles.

Usage: python benchmarks/frame_trace.py [--site _build/html] [--page book/reward] [--cpu 4]
[--json out.json] [--keep-trace trace.json]
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
from pathlib import Path

from common import CHROMIUM, CHROMIUM_ARGS, ROOT, serve, wait_until
from compare import _step, open_phone_page

CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.invalidationTracking",
    "disabled-by-default-devtools.timeline.frame",
    "blink",
    "blink.user_timing",
    "blink.console",
    "v8.execute",
    "toplevel",
    "cc",
    "loading",
]

LIGHT = ["devtools.timeline", "blink.user_timing"]

# the phases of a frame's main-thread work (overlapping events counted once)
PHASES = {
    "script": (
        "EventDispatch",
        "FunctionCall",
        "TimerFire",
        "FireAnimationFrame",
        "RunMicrotasks",
        "v8.callFunction",
        "FireIdleCallback",
    ),
    "style": ("UpdateLayoutTree",),
    "layout": ("Layout",),
    "prepaint": ("PrePaint",),
    "paint": ("Paint",),
    "layerize": ("Layerize", "UpdateLayer"),
    "commit": ("Commit",),
}


# the main thread's own events of a frame, summed per name: every phase's, and the rest
WORK = tuple(name for names in PHASES.values() for name in names) + (
    "ParseHTML",
    "Decode Image",
    "ImageDecodeTask",
    "Decode LazyPixelRef",
    "IntersectionObserverController::computeIntersections",
    "HitTest",
    "ScheduleStyleRecalculation",
    "InvalidateLayout",
)


# the main thread's tasks (their CPU time: what the thread worked in the measure)
TOP = ("ThreadControllerImpl::RunTask", "RunTask")


def _union(spans: list) -> float:
    """Milliseconds covered by the (start, end) microsecond spans, overlaps counted once."""
    total, reach = 0.0, None
    for a, b in sorted(spans):
        if reach is None or a > reach:
            total += b - a
            reach = b
        elif b > reach:
            total += b - reach
            reach = b
    return round(total / 1000, 2)


def _timed(page, cdp, kind: str, target, key: str, label: str) -> float:
    target.evaluate(f"(e) => window.__nxcTime.arm({kind!r}, e)")
    page.evaluate(f"performance.mark('nxc-arm-{label}')")
    page.keyboard.press(key)
    page.evaluate("window.__nxcTime.settled")
    t = page.evaluate("[window.__nxcTime.start, window.__nxcTime.end]")
    page.evaluate(f"performance.measure('nxc-{label}', {{start: {t[0]}, end: {t[1]}}})")
    page.wait_for_timeout(300)
    return t[1] - t[0]


def run(
    site: Path,
    page_name: str,
    cpu: int,
    keep: Path | None,
    light: bool = False,
    repeat: int = 1,
    variant: str = "",
) -> dict:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, page, cdp = open_phone_page(browser, base, page_name, cpu)
        if variant:
            page.evaluate(variant)
            page.wait_for_timeout(300)
        dom = page.evaluate(
            "({elements: document.getElementsByTagName('*').length,"
            " sidebar: (document.querySelector('.bd-sidebar-primary')||{getElementsByTagName:()=>[]})"
            ".getElementsByTagName('*').length,"
            " article: (document.querySelector('.bd-article')||{getElementsByTagName:()=>[]})"
            ".getElementsByTagName('*').length,"
            " height: document.documentElement.scrollHeight})"
        )
        events: list = []
        cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
        done: list = []
        cdp.on("Tracing.tracingComplete", lambda p: done.append(1))
        cdp.send(
            "Tracing.start",
            {
                "traceConfig": {
                    "includedCategories": LIGHT if light else CATEGORIES,
                    "recordMode": "recordAsMuchAsPossible",
                },
                "transferMode": "ReportEvents",
            },
        )
        page.wait_for_timeout(300)
        times: dict = collections.defaultdict(list)
        box = page.locator(".nxc-explorer").first
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        control = box.locator("[data-nxc-axis]").first
        pin = box.locator(".nxc-pin")
        for r in range(repeat):
            for i in range(3):
                times["step"].append(_timed(page, cdp, "step", box, _step(control), f"step{r}.{i}"))
            pin.focus()
            wait_until(page, "!!(window.nxcExplorer && window.nxcExplorer.more)", 10_000)
            page.wait_for_timeout(300)
            times["pin"].append(_timed(page, cdp, "pin", box, "Enter", f"pin{r}"))
            for i in range(3):
                times["update"].append(_timed(page, cdp, "update", box, _step(control), f"update{r}.{i}"))
            pin.focus()
            page.wait_for_timeout(300)
            times["unpin"].append(_timed(page, cdp, "unpin", box, "Enter", f"unpin{r}"))
        questions = page.locator(".nxq[data-kind=state]")
        for r in range(repeat if questions.count() else 0):
            button = questions.first.locator(".nxq-check")
            button.scroll_into_view_if_needed()
            button.focus()
            # a repeated check writes the same verdict: the last one cleared first (outside the measure)
            questions.first.evaluate("q => { q.querySelector('.nxq-feedback').textContent = ''; }")
            page.wait_for_timeout(300)
            times["check"].append(_timed(page, cdp, "check", questions.first, "Enter", f"check{r}"))
            box.scroll_into_view_if_needed()
        cdp.send("Tracing.end")
        wait_until(page, "true", 100)
        for _ in range(200):
            if done:
                break
            page.wait_for_timeout(50)
        nodes = {}
        for e in events:
            if e.get("name") == "Paint" and e.get("args", {}).get("data", {}).get("nodeId"):
                node_id = e["args"]["data"]["nodeId"]
                if node_id not in nodes:
                    try:
                        n = cdp.send("DOM.describeNode", {"backendNodeId": node_id})["node"]
                        attrs = dict(zip(n.get("attributes", [])[::2], n.get("attributes", [])[1::2]))
                        nodes[node_id] = f"{n['nodeName']}#{attrs.get('id', '')}.{attrs.get('class', '')}"
                    except Exception as error:  # noqa: BLE001 (a node gone since: named as such)
                        nodes[node_id] = f"? ({error})"[:60]
        context.close()
        browser.close()
    if keep:
        keep.write_text(json.dumps({"traceEvents": events}))
    return {
        "page": page_name,
        "cpu": cpu,
        "dom": dom,
        "times": dict(times),
        "actions": analyse(events),
        "paint_nodes": nodes,
    }


def analyse(events: list) -> dict:
    """Per timed action: the renderer main thread's work inside its measure."""
    measures = {}
    for e in events:
        if (
            e.get("cat") == "blink.user_timing"
            and str(e.get("name", "")).startswith("nxc-")
            and e.get("ph") in "bB"
        ):
            measures.setdefault(e["name"], [e["ts"], None, e["pid"], e.get("tid")])
        if (
            e.get("cat") == "blink.user_timing"
            and str(e.get("name", "")).startswith("nxc-")
            and e.get("ph") in "eE"
        ):
            if e["name"] in measures:
                measures[e["name"]][1] = e["ts"]
    # the renderer main thread: where the measures are recorded... user timing may be on
    # another tid; take the thread named CrRendererMain of the measures' process
    main = {}
    for e in events:
        if (
            e.get("ph") == "M"
            and e.get("name") == "thread_name"
            and e["args"].get("name") == "CrRendererMain"
        ):
            main[e["pid"]] = e["tid"]
    out = {}
    for name, (start, end, pid, _tid) in sorted(measures.items(), key=lambda kv: kv[1][0]):
        if end is None:
            continue
        tid = main.get(pid)
        inside = [
            e
            for e in events
            if e.get("pid") == pid
            and e.get("tid") == tid
            and e.get("ph") == "X"
            and e["ts"] < end
            and e["ts"] + e.get("dur", 0) > start
        ]
        per = collections.defaultdict(float)
        for e in inside:
            if e["name"] in WORK:
                per[e["name"]] += e.get("dur", 0) / 1000
        phases = {}
        cpu = {}
        for phase, names in PHASES.items():
            mine = [e for e in inside if e["name"] in names]
            phases[phase] = _union([(max(e["ts"], start), min(e["ts"] + e.get("dur", 0), end)) for e in mine])
            cpu[phase] = _union(
                [(e["tts"], e["tts"] + e["tdur"]) for e in mine if "tts" in e and "tdur" in e]
            )
        cpu["all"] = _union(
            [
                (e["tts"], e["tts"] + e["tdur"])
                for e in inside
                if "tts" in e and "tdur" in e and e["name"] in TOP
            ]
        )
        styles = [e for e in inside if e["name"] == "UpdateLayoutTree"]
        layouts = [e for e in inside if e["name"] == "Layout"]
        paints = [e for e in inside if e["name"] == "Paint"]
        decodes = [
            e
            for e in events
            if e.get("pid") == pid
            and e.get("ph") == "X"
            and "Decode" in e["name"]
            and e["ts"] < end
            and e["ts"] + e.get("dur", 0) > start
        ]
        inval = collections.Counter()
        for e in events:
            if e.get("pid") != pid or not (start <= e.get("ts", 0) <= end):
                continue
            if "invalidationTracking" in e.get("cat", ""):
                d = e.get("args", {}).get("data", {})
                key = (
                    e["name"],
                    d.get("reason") or "",
                    d.get("nodeName") or "",
                    json.dumps(d.get("invalidationList") or d.get("selectors") or "")[:160],
                    d.get("changedClass")
                    or d.get("changedAttribute")
                    or d.get("changedId")
                    or d.get("changedPseudo")
                    or "",
                )
                inval[key] += 1
        out[name] = {
            "ms": round((end - start) / 1000, 1),
            "phases": phases,
            "cpu": cpu,
            "work_ms": {k: round(v, 1) for k, v in sorted(per.items(), key=lambda kv: -kv[1])},
            "style": [
                (
                    round(e["dur"] / 1000, 1),
                    (
                        e.get("args", {}).get("elementCount")
                        or e.get("args", {}).get("endData", {}).get("elementCount")
                        or e.get("args", {}).get("beginData", {}).get("elementCount")
                    ),
                )
                for e in styles
            ],
            "layout": [
                (
                    round(e["dur"] / 1000, 1),
                    e.get("args", {}).get("beginData", {}).get("dirtyObjects"),
                    e.get("args", {}).get("beginData", {}).get("totalObjects"),
                    e.get("args", {}).get("beginData", {}).get("partialLayout"),
                    (e.get("args", {}).get("endData", {}).get("root") or [None])[:8],
                )
                for e in layouts
            ],
            "paint": [
                (
                    round(e["dur"] / 1000, 1),
                    e.get("args", {}).get("data", {}).get("clip"),
                    e.get("args", {}).get("data", {}).get("nodeId"),
                )
                for e in paints
            ],
            "decode": [(e["name"], round(e.get("dur", 0) / 1000, 1), e.get("tid") == tid) for e in decodes],
            "invalidations": [list(k) + [n] for k, n in inval.most_common(25)],
        }
    return out


def summary(result: dict) -> str:
    """Per action kind: median ms of the whole, then of each phase of its main-thread work."""
    lines = [
        f"{'action':8} {'n':>2} {'total':>6} "
        + " ".join(f"{p:>8}" for p in PHASES)
        + "  | CPU ms (not slowed): all "
        + " ".join(PHASES)
    ]
    kinds = collections.defaultdict(list)
    for name, r in result["actions"].items():
        kinds[name[4:].rstrip("0123456789.")].append(r)
    for kind, rs in kinds.items():
        med = [statistics.median(r["phases"][p] for r in rs) for p in PHASES]
        cpu = [statistics.median(r["cpu"][p] for r in rs) for p in ("all",) + tuple(PHASES)]
        lines.append(
            f"{kind:8} {len(rs):>2} {statistics.median(r['ms'] for r in rs):6.1f} "
            + " ".join(f"{m:8.1f}" for m in med)
            + "  | "
            + " ".join(f"{m:5.1f}" for m in cpu)
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--page", default="book/reward")
    parser.add_argument("--cpu", type=int, default=4)
    parser.add_argument("--json")
    parser.add_argument("--keep-trace")
    parser.add_argument("--light", action="store_true", help="timeline events only (less tracing overhead)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--variant", default="", help="script run in the page after load (an experiment)")
    parser.add_argument("--quiet", action="store_true", help="the summary only")
    a = parser.parse_args()
    variant = Path(a.variant).read_text() if a.variant.endswith(".js") else a.variant
    result = run(
        Path(a.site), a.page, a.cpu, Path(a.keep_trace) if a.keep_trace else None, a.light, a.repeat, variant
    )
    print(json.dumps({k: result[k] for k in ("page", "cpu", "dom", "paint_nodes")}))
    print(summary(result))
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1))
    if a.quiet:
        return
    for name, r in result["actions"].items():
        print(f"\n== {name}: {r['ms']} ms")
        print("  work:", r["work_ms"])
        print("  style (ms, elements):", r["style"])
        print("  layout (ms, dirty, total, partial, root):", r["layout"])
        print("  paint:", r["paint"][:12])
        print("  decode:", r["decode"][:12])
        for inv in r["invalidations"][:15]:
            print("   inv:", inv)
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
