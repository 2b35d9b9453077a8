"""Draw chapter figures in both layouts as PNG files, to look at how a learner sees them on a
phone and a desktop: single frames, or a contact sheet of every frame.

    python tools/figure_preview.py OUT_DIR [page ...]           # default frame and the ends
    python tools/figure_preview.py --all OUT_DIR [page ...]     # every frame, one sheet a layout

Frames are laid out as the explorer lays them out when the book is built (the first frame's
layout reused), so a contact sheet shows what a reader can reach with the controls. The
figures are found as the tests find them: each chapter's code runs with ``explore``
replaced by a recorder (tests/test_accessibility.py ``chapter_figures``).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

from test_accessibility import _corners, chapter_figures  # noqa: E402

from conftest import pages_with_figures  # noqa: E402


def contact_sheet(draw, controls, layout: str, dpi: int = 100, columns: int = 4):
    """Every frame of a figure in one image (PIL), each under a line naming its values."""
    import matplotlib.pyplot as plt
    from PIL import Image, ImageDraw

    import naltrexone_course.explorer  # noqa: F401  (the course's colours kept exact)
    from nxc_explorer.explorer import _FrameRenderer, grid

    renderer = _FrameRenderer(dpi)
    tiles = []
    for values in grid(controls):
        fig = draw(**values, layout=layout)
        try:
            rgb = renderer._rgb(fig)
        finally:
            plt.close(fig)
        tile = Image.fromarray(rgb)
        labelled = Image.new("RGB", (tile.width, tile.height + 16), "white")
        labelled.paste(tile, (0, 16))
        ImageDraw.Draw(labelled).text((4, 2), ", ".join(f"{k}={v}" for k, v in values.items()), fill="black")
        tiles.append(labelled)
    w = max(t.width for t in tiles)
    h = max(t.height for t in tiles)
    columns = min(columns, len(tiles))
    rows = -(-len(tiles) // columns)
    sheet = Image.new("RGB", (columns * (w + 6), rows * (h + 6)), (200, 200, 200))
    for i, tile in enumerate(tiles):
        sheet.paste(tile, ((i % columns) * (w + 6), (i // columns) * (h + 6)))
    return sheet


def main() -> None:
    from naltrexone_course.explorer import BASE_DPI, render_png

    args = sys.argv[1:]
    every = "--all" in args
    args = [a for a in args if a != "--all"]
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    pages = args[1:] or pages_with_figures()
    for page in pages:
        for draw, _describe, controls in chapter_figures(page):
            stem = f"{page.split('/')[-1]}-{draw.__name__}"
            if every:
                for layout in ("narrow", "wide"):
                    path = out / f"{stem}-all-{layout}.png"
                    buffer = io.BytesIO()
                    contact_sheet(draw, controls, layout, columns=6 if layout == "narrow" else 4).save(
                        buffer, format="PNG"
                    )
                    path.write_bytes(buffer.getvalue())
                    print(path)
                continue
            for n, values in enumerate(_corners(controls)[:2]):
                for layout in ("narrow", "wide"):
                    name = f"{stem}-{n}-{layout}.png"
                    (out / name).write_bytes(render_png(draw(**values, layout=layout), dpi=2 * BASE_DPI))
                    print(out / name)


if __name__ == "__main__":
    main()
