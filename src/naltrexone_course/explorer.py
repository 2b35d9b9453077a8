"""The course's figures, made with the figure engine :mod:`nxc_explorer` (its own package).

The engine draws every frame of a figure when the book is built and lets the page move
between them with no kernel (see ``src/nxc_explorer/README.md``). This module binds it to
the course: the house-style colours stay exact in every frame, and the frames of a figure
are keyed by the course modules its drawing function imports (:mod:`.frame_keys`).
Chapters and instructors import from here::

    from naltrexone_course.explorer import Control, explore
"""

from __future__ import annotations

from nxc_explorer import explorer as _engine
from nxc_explorer import frame_cache as _frame_cache
from nxc_explorer.explorer import (
    BASE_DPI,
    CONTROL_KINDS,
    FRAME_STORE_ENV,
    NARROW_MEDIA,
    PALETTE_COLOURS,
    Control,
    FrameFiles,
    explore,
    figure_id,
    frame_count,
    frame_html,
    grid,
    render_png,
    right_views,
)

from . import frame_keys
from .figures import measured as _measured
from .figures.style import COLOURS, DARK_PAPER, dark

_engine.keep_colours(list(COLOURS.values()))
_engine.draw_dark_frames(dark, DARK_PAPER)  # a dark variant of every frame, for the dark page
_frame_cache.register("naltrexone_course", frame_keys.function_key)


def measurements_toggle(default: bool = True) -> Control:
    """The one switch for the measurements in people on a figure that draws a measured quantity
    (its drawing function takes ``measured``, :mod:`.figures.measured`): a checkbox, on by
    default, so the page opens with the model against the data."""
    return Control.toggle(_measured.ARGUMENT, "Measurements in people", default=default)


__all__ = [
    "BASE_DPI",
    "CONTROL_KINDS",
    "FRAME_STORE_ENV",
    "NARROW_MEDIA",
    "PALETTE_COLOURS",
    "Control",
    "FrameFiles",
    "explore",
    "figure_id",
    "frame_count",
    "frame_html",
    "grid",
    "measurements_toggle",
    "render_png",
    "right_views",
]
