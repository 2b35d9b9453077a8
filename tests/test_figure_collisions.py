"""Nothing drawn over anything else, in any frame of any chapter figure, in either layout.

Every frame is laid out as the explorer lays it out when the book is built (the first
frame by constrained layout, later frames reuse its axes unless that clips them:
``explorer._FrameRenderer``), drawn once at 1x, and checked by
:func:`naltrexone_course.figures.collisions.find_collisions`: no text over text, no
legend (or text on a white box) over data, no marker cut by its axes, nothing off the
canvas. A failure names the figure, the frame's control values and the two artists.
Runs in ``make fast`` (no build, no browser).
"""

from __future__ import annotations

import matplotlib
import pytest
from test_accessibility import _layouts, chapter_figures

from conftest import pages_with_figures

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def laid_out_frames(draw, controls, layout: str):
    """(values, figure) for every frame of one figure in one layout, drawn and laid out as
    the explorer does it (one renderer per layout, frames in grid order)."""
    from naltrexone_course.explorer import BASE_DPI, _FrameRenderer, grid

    renderer = _FrameRenderer(BASE_DPI)
    for values in grid(controls):
        fig = draw(**values, layout=layout) if layout else draw(**values)
        renderer._rgb(fig)
        yield values, fig


def frame_collisions(draw, controls) -> list[str]:
    """Every collision in every frame of a figure, as readable lines."""
    from naltrexone_course.figures.collisions import find_collisions

    problems = []
    for layout in _layouts(draw):
        for values, fig in laid_out_frames(draw, controls, layout):
            try:
                for c in find_collisions(fig):
                    problems.append(f"{draw.__name__} {layout} {values}: {c}")
            finally:
                plt.close(fig)
    return problems


@pytest.mark.parametrize("page", pages_with_figures())
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
    from naltrexone_course.figures.collisions import find_collisions

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
    from naltrexone_course.figures.collisions import find_collisions
    from naltrexone_course.figures.style import new_figure

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
