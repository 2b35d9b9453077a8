"""Draw every chapter figure's default frame (and the ends of each control) in both
layouts as PNG files, to look at how a learner sees them on a phone and a desktop.

    python tools/figure_preview.py OUT_DIR [page ...]

The figures are found as the tests find them: each chapter's code runs with
``explore`` replaced by a recorder (tests/test_accessibility.py ``chapter_figures``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

from test_accessibility import _corners, chapter_figures  # noqa: E402

from conftest import pages_with_figures  # noqa: E402


def main() -> None:
    from naltrexone_course.explorer import BASE_DPI, render_png

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    pages = sys.argv[2:] or pages_with_figures()
    for page in pages:
        for draw, _describe, controls in chapter_figures(page):
            for n, values in enumerate(_corners(controls)[:2]):
                for layout in ("narrow", "wide"):
                    name = f"{page.split('/')[-1]}-{draw.__name__}-{n}-{layout}.png"
                    (out / name).write_bytes(render_png(draw(**values, layout=layout), dpi=2 * BASE_DPI))
                    print(out / name)


if __name__ == "__main__":
    main()
