"""Draw chapter figures in both layouts as PNG files, to look at how a learner sees them on a
phone and a desktop: single frames, or a contact sheet of every frame.

    python tools/figure_preview.py OUT_DIR [page ...]           # default frame and the ends
    python tools/figure_preview.py --all OUT_DIR [page ...]     # every frame, one sheet a layout
    python tools/figure_preview.py --themes OUT_DIR [page ...]  # one sheet a figure: its corner
                                                                # frames, narrow and wide, light and dark

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


def themed_frames(draw, values: dict, layout: str, renderer, dpi: int = 100):
    """One frame drawn as the built book draws it: its light pixels and its dark variant
    (the engine's own steps: explorer._draw_2x with the course's dark restyle)."""
    import naltrexone_course.explorer  # noqa: F401  (the course's colours and dark frames)
    from nxc_explorer.explorer import _draw_2x

    light, dark = _draw_2x(draw, values, layout, renderer)
    return light, dark


def theme_sheet(draw, controls, dpi: int = 100):
    """A figure's corner frames (first, last, default) in both layouts and both themes: a row
    of narrow frames (light, dark, light, dark...) above a row of wide ones (PIL image)."""
    from PIL import Image, ImageDraw

    from nxc_explorer.explorer import _FrameRenderer

    rows = []
    for layout in ("narrow", "wide"):
        renderer = _FrameRenderer(dpi)
        tiles = []
        for values in _corners(controls)[:3]:
            light, dark = themed_frames(draw, values, layout, renderer, dpi)
            for theme, rgb in (("light", light), ("dark", dark)):
                tile = Image.fromarray(rgb)
                labelled = Image.new("RGB", (tile.width, tile.height + 16), (200, 200, 200))
                labelled.paste(tile, (0, 16))
                words = f"{layout} {theme}: " + ", ".join(f"{k}={v}" for k, v in values.items())
                ImageDraw.Draw(labelled).text((4, 2), words, fill="black")
                tiles.append(labelled)
        rows.append(tiles)
    width = max(sum(t.width + 6 for t in row) for row in rows)
    height = sum(max(t.height for t in row) + 6 for row in rows)
    sheet = Image.new("RGB", (width, height), (120, 120, 120))
    y = 0
    for row in rows:
        x = 0
        for tile in row:
            sheet.paste(tile, (x, y))
            x += tile.width + 6
        y += max(t.height for t in row) + 6
    return sheet


def main() -> None:
    from naltrexone_course.explorer import BASE_DPI, render_png

    args = sys.argv[1:]
    every = "--all" in args
    themes = "--themes" in args
    args = [a for a in args if a not in ("--all", "--themes")]
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    pages = args[1:] or pages_with_figures()
    for page in pages:
        for draw, _describe, controls in chapter_figures(page):
            stem = f"{page.split('/')[-1]}-{draw.__name__}"
            if themes:
                path = out / f"{stem}-themes.png"
                theme_sheet(draw, controls).save(path, format="PNG")
                print(path)
                continue
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
