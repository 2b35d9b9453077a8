"""Nothing drawn over anything else, in any frame of any chapter figure, in either layout.

Every frame is laid out as the explorer lays it out when the book is built (the first
frame by constrained layout, later frames reuse its axes unless that clips them:
``explorer._FrameRenderer``, whose own code runs here), at 1x and at 2x (each density laid
out at its own dpi, as the explorer draws it), and checked by
:func:`nxc_explorer.collisions.find_collisions`: no text over text, no
legend (or text on a white box) over data, no marker cut by its axes, nothing off the
canvas. A failure names the figure, the frame's control values and the two artists.
Runs in ``make fast`` (no build, no browser).

The check needs the layout, not the pixels: :func:`layout_only_rgb` stands in for the
explorer's raster step while ``_FrameRenderer`` lays a frame out. It draws with drawing
disabled (every text measured, nothing rasterised) on one renderer per canvas size, whose
text metrics are then cached across frames, and rasterises for real only when the ink
comes within :data:`EDGE_MARGIN_PX` of the canvas edge: the one case where
``_FrameRenderer`` looks at the pixels (a reused layout that puts ink on the edge is laid
out afresh). Tests below show it gives the very layouts of the raster path.
"""

from __future__ import annotations

import contextlib

import matplotlib
import pytest
from test_accessibility import _layouts, chapter_figures

from conftest import pages_drawing_figures

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

#: Ink this close to the canvas edge (px at the check's resolution) may put a pixel in the
#: one-pixel band ``explorer._touches_edge`` looks at: the frame is then rasterised for real.
#: Ink boxes are measured from the artists (glyph boxes, marker sizes, line paths), which
#: antialiasing and half a stroke's width can exceed by a pixel or two.
EDGE_MARGIN_PX = 3.0

_renderers: dict[tuple[float, float, float], object] = {}
#: How often the layout-only step had to rasterise (``{"frames": n, "rasterised": m}``).
LAYOUT_STATS = {"frames": 0, "rasterised": 0}


def _shared_renderer(fig):
    """One Agg renderer per canvas size and dpi, kept for the session: its text-metrics
    cache (matplotlib keys it by renderer) then serves every frame of that size."""
    from matplotlib.backends.backend_agg import RendererAgg

    key = (fig.bbox.width, fig.bbox.height, fig.dpi)
    if key not in _renderers:
        _renderers[key] = RendererAgg(*key)
    return key, _renderers[key]


def ink_margin_px(fig, renderer) -> float:
    """Pixels between the figure's ink and the nearest canvas edge: the tight box of every
    drawn artist (``Figure.get_tightbbox``), and of those left out of the layout too."""
    from matplotlib.axes import Axes
    from matplotlib.transforms import Bbox

    boxes = [fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)]
    for parent in [fig, *fig.axes]:
        for artist in parent.get_children():
            if artist.get_in_layout() or not artist.get_visible() or isinstance(artist, Axes):
                continue
            if artist is fig.patch:
                continue
            box = artist.get_tightbbox(renderer)
            if box is not None and (box.width > 0 or box.height > 0):
                boxes.append(box)
    ink, whole = Bbox.union(boxes), fig.bbox
    return min(ink.x0 - whole.x0, ink.y0 - whole.y0, whole.x1 - ink.x1, whole.y1 - ink.y1)


def draw_layout_only(fig) -> None:
    """What ``fig.canvas.draw()`` does to the figure's layout, without its pixels: the figure
    drawn at its own size and dpi on the shared renderer (:func:`_shared_renderer`) with
    drawing disabled (every text measured, the layout engine run, the tick labels made)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    key, renderer = _shared_renderer(fig)
    canvas.renderer, canvas._lastKey = renderer, key
    with renderer._draw_disabled():
        fig.draw(renderer)


@contextlib.contextmanager
def canvas_draws_layout_only(fig):
    """While inside, ``fig.canvas.draw()`` lays the figure out as it would (the layout engine
    run at the figure's dpi, the tick labels made) without rasterising it
    (:func:`draw_layout_only`): for code that draws a figure only to make its layout and
    labels, as ``translate_figure`` does before the explorer draws the frame."""
    canvas = fig.canvas
    canvas.draw = lambda: draw_layout_only(fig)
    try:
        yield fig
    finally:
        del canvas.draw


def layout_only(raster):
    """A stand-in for ``explorer._rgb`` (``raster``) for the layout's sake: the figure laid out
    and drawn as the explorer draws it (same dpi, white background, an Agg canvas) with
    drawing disabled; the real pixels only when ink is near the edge, else a white image of
    the same size."""

    def rgb(fig, dpi):
        import numpy as np
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        LAYOUT_STATS["frames"] += 1
        fig.set_dpi(dpi)
        fig.patch.set_facecolor("white")
        canvas = FigureCanvasAgg(fig)
        key, renderer = _shared_renderer(fig)
        canvas.renderer, canvas._lastKey = renderer, key  # what canvas.get_renderer() returns
        with renderer._draw_disabled():
            fig.draw(renderer)
        margin = ink_margin_px(fig, renderer)
        fig.stale = False  # measuring boxes marks ticks stale; the figure is as drawn
        if margin < EDGE_MARGIN_PX:
            LAYOUT_STATS["rasterised"] += 1
            # the pixels of this very layout: a layout engine run twice may not land where
            # it lands once (constrained layout starts from the positions it finds)
            engine = fig.get_layout_engine()
            if engine is not None:
                engine.execute = lambda fig: None
            try:
                return raster(fig, dpi)
            finally:
                if engine is not None:
                    del engine.execute
        return np.full((int(round(key[1])), int(round(key[0])), 3), 255, np.uint8)

    return rgb


def laid_out_frames(draw, controls, layout: str, raster: bool = False, density: int = 1):
    """(values, figure) for every frame of one figure in one layout, drawn and laid out as
    the explorer does it (one renderer per layout and density, frames in grid order).
    ``raster``: with the explorer's own raster step (slow; the tests below compare the two).
    ``density``: 2 for the 2x frames, which the explorer lays out at their own dpi (text
    measured at 200 dpi is not exactly twice its size at 100: a title 4 px inside a 1x frame
    was cut in the 2x one)."""
    import naltrexone_course.explorer  # noqa: F401  (the course's colours kept exact)
    from nxc_explorer import explorer
    from nxc_explorer.explorer import BASE_DPI, _FrameRenderer, grid

    real = explorer._rgb
    cheap = layout_only(real)
    renderer = _FrameRenderer(density * BASE_DPI)
    for values in grid(controls):
        fig = draw(**values, layout=layout) if layout else draw(**values)
        explorer._rgb = real if raster else cheap  # only while this frame is laid out
        try:
            renderer._rgb(fig)
        finally:
            explorer._rgb = real
        yield values, fig


def _as_drawn(fig):
    """A function that puts ``fig`` back as its drawing function left it, before any layout:
    its layout engine, its axes' positions and whether they join the layout (what the
    explorer's renderer and the layout engine change), the figure titles' positions. The
    rest (texts, ticks, legends' places) is made again by every draw."""
    engine = fig.get_layout_engine()
    axes = [(ax, ax._position.frozen(), ax._originalPosition.frozen(), ax.get_in_layout()) for ax in fig.axes]
    titles = [(t, t.get_position()) for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]

    def put_back() -> None:
        if fig.get_layout_engine() is not engine:
            if engine is None:  # set_layout_engine(None) would take one from the rcParams
                fig._layout_engine = None
            else:
                fig.set_layout_engine(engine)
        for ax, active, original, in_layout in axes:
            ax._position.set(active)
            ax._originalPosition.set(original)
            ax.set_in_layout(in_layout)
        for title, position in titles:
            title.set_position(position)
        fig.stale = True

    return put_back


def laid_out_at_each_density(draw, controls, layout: str, densities: tuple[int, ...]):
    """(values, density, figure) for every frame of one figure in one layout at each density,
    as :func:`laid_out_frames` gives them one density at a time (one renderer per density,
    frames in grid order), but each frame drawn once: put back as drawn (:func:`_as_drawn`)
    before it is laid out at the next density. Each figure is closed after its last density."""
    import naltrexone_course.explorer  # noqa: F401  (the course's colours kept exact)
    from nxc_explorer import explorer
    from nxc_explorer.explorer import BASE_DPI, _FrameRenderer, grid

    real = explorer._rgb
    cheap = layout_only(real)
    renderers = {density: _FrameRenderer(density * BASE_DPI) for density in densities}
    layout = layout if explorer.accepts_layout(draw) else ""  # a figure without layouts: drawn wide
    for values in grid(controls):
        fig = draw(**values, layout=layout) if layout else draw(**values)
        put_back = _as_drawn(fig)
        try:
            for n, density in enumerate(densities):
                if n:
                    put_back()
                explorer._rgb = cheap  # only while this frame is laid out
                try:
                    renderers[density]._rgb(fig)
                finally:
                    explorer._rgb = real
                yield values, density, fig
        finally:
            plt.close(fig)


def frame_collisions(draw, controls, densities: tuple[int, ...] = (1, 2)) -> list[str]:
    """Every collision in every frame of a figure, as readable lines, in both layouts and at
    each density the explorer draws (1x and 2x, each laid out at its own dpi): all the 1x
    lines first, then the 2x ones."""
    from nxc_explorer.collisions import find_collisions

    problems: dict[int, list[str]] = {density: [] for density in densities}
    for layout in _layouts(draw):
        for values, density, fig in laid_out_at_each_density(draw, controls, layout, densities):
            for c in find_collisions(fig):
                problems[density].append(f"{draw.__name__} {layout} {density}x {values}: {c}")
    return [line for density in densities for line in problems[density]]


@pytest.mark.parametrize("page", pages_drawing_figures())
def test_no_frame_draws_anything_over_anything_else(page):
    figures = chapter_figures(page)
    assert figures, f"{page}: no explore(...) call ran"
    problems = []
    for draw, _describe, controls in figures:
        problems += frame_collisions(draw, controls)
    assert not problems, f"{page}: {len(problems)} collisions:\n" + "\n".join(problems[:40])


# --------------------------------------------------------------------------- the check itself
def _colliding(kind: str, layout: str = "wide"):
    from naltrexone_course.figures.style import new_figure

    fig, (ax,) = new_figure(1, layout=layout)
    ax.plot([0, 1], [0, 1], label="rising line")
    if kind == "text":
        ax.set_title("A title")
        ax.text(0.5, 1.0, "A label on the title", transform=ax.transAxes, ha="center", va="bottom")
    elif kind == "legend":
        ax.plot([0, 1], [1, 0], label="falling line")
        ax.legend(loc="center")
    elif kind == "clipped":
        ax.plot([0.5], [1.0], marker="o", markersize=10, linestyle="none")
        ax.set_ylim(0, 1)
    elif kind == "canvas":
        fig.set_layout_engine("none")
        fig.text(0.98, 0.5, "a long note that runs off the right edge")
    return fig


@pytest.mark.parametrize("kind", ["text", "legend", "clipped", "canvas"])
def test_a_deliberately_colliding_figure_fails(kind):
    from nxc_explorer.collisions import find_collisions

    fig = _colliding(kind)
    try:
        found = find_collisions(fig)
    finally:
        plt.close(fig)
    assert any(c.kind == kind for c in found), f"{kind}: not found in {[str(c) for c in found]}"


def test_the_check_names_both_artists_and_the_frame():
    def draw_bad(where: str, layout: str = "wide"):
        fig = _colliding("text", layout)
        fig.axes[0].set_xlabel(where)
        return fig

    from naltrexone_course.explorer import Control

    problems = frame_collisions(draw_bad, [Control("where", "Where", values=["here", "there"])])
    assert problems, "a title under a text was not found"
    first = problems[0]
    assert "draw_bad" in first and "'where': 'here'" in first
    assert "'A title'" in first and "'A label on the title'" in first


def test_a_clean_figure_passes():
    from naltrexone_course.figures.style import new_figure
    from nxc_explorer.collisions import find_collisions

    fig, (ax,) = new_figure(1)
    ax.plot([0, 1], [0, 1], label="rising line")
    ax.plot([0.5], [0.5], marker="o", linestyle="none")
    ax.set_title("A title")
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    try:
        assert [str(c) for c in find_collisions(fig)] == []
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- the layout-only step
def _layouts_and_findings(draw, controls, layout: str, raster: bool):
    out = []
    for values, fig in laid_out_frames(draw, controls, layout, raster=raster):
        from nxc_explorer.collisions import find_collisions

        try:
            positions = [tuple(round(v, 9) for v in ax.get_position().bounds) for ax in fig.axes]
            out.append((values, positions, [str(c) for c in find_collisions(fig)]))
        finally:
            plt.close(fig)
    return out


def frame_fingerprints(draw, controls, layout: str, raster: bool = False, density: int = 1) -> list[tuple]:
    """Every frame of one figure in one layout as the check sees it: its control values, its
    axes' positions, the box of every text and legend it checks (px, to 1/1000) and its findings."""
    from nxc_explorer.collisions import _legend_box, _legends, _texts, find_collisions

    out = []
    for values, fig in laid_out_frames(draw, controls, layout, raster=raster, density=density):
        try:
            findings = [str(c) for c in find_collisions(fig)]
            renderer = fig.canvas.get_renderer()
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _texts(fig)]
            boxes += [
                (repr([t.get_text() for t in lg.get_texts()]), _legend_box(lg, renderer))
                for lg in _legends(fig)
            ]
            positions = [tuple(round(v, 9) for v in ax.get_position().bounds) for ax in fig.axes]
            rounded = sorted((text, tuple(round(v, 3) for v in box.extents)) for text, box in boxes)
            out.append((values, positions, rounded, findings))
        finally:
            plt.close(fig)
    return out


def draw_growing_title(words: int, layout: str = "wide"):
    """A figure whose tick label grows with ``words`` until, with the first frame's axes
    kept, it runs off the canvas: the explorer lays that frame out afresh."""
    from naltrexone_course.figures.style import new_figure

    fig, (ax,) = new_figure(1, layout=layout)
    ax.plot([0, 1], [0, 1], label="rising line")
    ax.plot([0.2, 0.8], [0.5, 0.5], marker="o", linestyle="none", label="dots")
    ax.set_yticks([0, 0.5, 1], ["0", "MMMMMMMMMMMMMMMM" if words >= 10 else "half", "1"])
    ax.set_title("a title " * words)
    ax.legend(loc="lower right")
    return fig


#: The layout-only step's own tests run in ``make fast`` when it, the explorer's renderer or
#: the house style changed (the chapter comparison follows its chapter's sources: FIGURE_CHECKS).
LAYOUT_STEP = pytest.mark.figures(
    "naltrexone_course.explorer", "naltrexone_course.figures.style", "tests/test_figure_collisions.py"
)


@LAYOUT_STEP
def test_the_layout_only_step_lays_out_and_finds_what_the_raster_step_does():
    """A frame whose reused layout puts ink on the edge is laid out afresh by both (the
    layout-only step rasterises exactly there), and every frame gets the same axes and
    the same findings."""
    from naltrexone_course.explorer import Control

    controls = [Control("words", "Words", values=[1, 2, 12, 3])]
    for layout in ("wide", "narrow"):
        before = dict(LAYOUT_STATS)
        cheap = _layouts_and_findings(draw_growing_title, controls, layout, raster=False)
        rasterised = LAYOUT_STATS["rasterised"] - before["rasterised"]
        real = _layouts_and_findings(draw_growing_title, controls, layout, raster=True)
        assert cheap == real, f"{layout}: the layout-only step differs from the raster step"
        assert real[2][1] != real[0][1], (
            f"{layout}: the long tick label did not make the explorer lay out afresh"
        )
        assert real[3][1] == real[0][1], f"{layout}: a short tick label keeps the first frame's axes"
        assert 1 <= rasterised < LAYOUT_STATS["frames"] - before["frames"], (
            f"{layout}: rasterised {rasterised} times (only the frame near the edge should be)"
        )


@LAYOUT_STEP
@pytest.mark.parametrize("page", ["book/oud", "book/glutamate"])
def test_the_layout_only_step_matches_the_raster_step_on_a_chapter(page):
    """Every frame of a chapter's figures, both ways: the same axes, the same findings."""
    for draw, _describe, controls in chapter_figures(page):
        for layout in _layouts(draw):
            cheap = _layouts_and_findings(draw, controls, layout, raster=False)
            real = _layouts_and_findings(draw, controls, layout, raster=True)
            assert cheap == real, f"{page}: {draw.__name__} {layout}: the layout-only step differs"


# --------------------------------------------------------------------------- what the eye saw (issue 29)
def _broken(kind: str):
    """A small figure with one defect of ``kind``, each one a reviewer found in a chapter
    figure: a title whose last glyph touches the canvas edge ("100%" lost its "%"), a note
    on its own dashed line, a value label on its curve's marker, a note over a hatched band,
    a legend entry for a band that is not drawn, and a legend entry for a curve hidden
    under another (antagonism at 0 nM)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    fig, ax = plt.subplots(figsize=(3.6, 2.7), layout="constrained")
    ax.plot([0, 1], [0, 1], color="C0", label="rising line")
    if kind == "edge":
        fig.set_layout_engine("none")
        fig.text(0.995, 0.5, "Where the risk goes at 100%", ha="right")  # inside, but 1.8 px from it
    elif kind == "annotation-line":
        ax.axhline(0.3, linestyle="--", color="C1")
        ax.text(0.05, 0.3, "no effect at this level", va="center")
    elif kind == "annotation-marker":
        ax.plot([0.5], [0.5], marker="o", markersize=9, linestyle="none")
        ax.text(0.52, 0.5, "95%", va="center")
    elif kind == "annotation-hatch":
        ax.axhspan(0.7, 0.9, facecolor="none", hatch="//", edgecolor="C2")
        ax.text(0.6, 0.8, "a band's label on its hatch", va="center")
    elif kind == "entry-absent":
        ax.legend(handles=[ax.lines[0], Patch(facecolor="C2", alpha=0.25, label="a band never drawn")])
    elif kind == "unkeyed-band":
        ax.axvspan(-1, 1, color="C7", alpha=0.2, linewidth=0)  # no key, no text naming it
        ax.legend(loc="upper left")
    elif kind == "legend-gap":
        from matplotlib.patches import Patch

        blank = Patch(facecolor="none", edgecolor="none", linewidth=0, label=" ")
        ax.plot([0, 1], [1, 0], color="C1", label="falling line")
        ax.legend(handles=[ax.lines[0], blank, ax.lines[1]], loc="upper left")
    elif kind == "entry-hidden":
        ax.plot([0, 1], [0, 1], color="C1", linestyle="--", linewidth=2, label="under the other")
        ax.plot([0, 1], [0, 1], color="C0", linewidth=2.5, label="on top")
        ax.legend(loc="upper left")
    return fig


@pytest.mark.parametrize(
    ("defect", "kind"),
    [
        ("edge", "edge"),
        ("annotation-line", "annotation"),
        ("annotation-marker", "annotation"),
        ("annotation-hatch", "annotation"),
        ("entry-absent", "entry"),
        ("entry-hidden", "entry"),
        ("unkeyed-band", "unkeyed"),
        ("legend-gap", "gap"),
    ],
)
def test_each_defect_a_reviewer_saw_fails_the_check(defect, kind):
    from nxc_explorer.collisions import find_collisions

    fig = _broken(defect)
    try:
        found = find_collisions(fig)
    finally:
        plt.close(fig)
    assert any(c.kind == kind for c in found), f"{defect}: no {kind!r} finding in {[str(c) for c in found]}"


def test_a_faint_band_behind_a_label_and_a_blank_legend_row_pass():
    """What the check allows: a label on a faint unhatched band (a context band named inside
    it), a label clear of the line beside it, a blank legend row that keeps a legend's size."""
    from matplotlib.patches import Patch

    from nxc_explorer.collisions import find_collisions

    fig, ax = plt.subplots(figsize=(3.6, 2.7), layout="constrained")
    ax.axvspan(0, 0.4, color="C5", alpha=0.15, linewidth=0)
    ax.plot([0, 1], [0, 0.2], color="C0", label="flat line")
    ax.set_ylim(0, 1)
    ax.text(0.2, 0.8, "cues", ha="center")
    ax.legend(
        handles=[ax.lines[0], Patch(facecolor="none", edgecolor="none", linewidth=0, label=" ")],
        loc="center right",
    )
    try:
        assert [str(c) for c in find_collisions(fig)] == []
    finally:
        plt.close(fig)
