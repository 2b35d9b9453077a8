"""Live-kernel mode (``explore(..., live=True)``): time per slider change in the kernel.

Run by ``benchmarks/run.py`` (section ``live``).
"""

from __future__ import annotations

import statistics
import time

from common import log  # noqa: E402


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


def report_live(live: dict) -> list[str]:
    out: list[str] = []
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
    return out
