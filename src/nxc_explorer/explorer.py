"""The one widget builder every chapter uses: figures that respond without a kernel.

:func:`explore` takes a drawing function (keyword arguments in, matplotlib figure
out), a text function (the same arguments in, the alt text out) and one or two
:class:`Control` objects. It draws every combination of control values once, when
the book is built, as a small palette PNG, and stacks the frames in
``ipywidgets.Stack`` widgets. Each slider is linked to its stack with
``ipywidgets.jslink``, which runs in the browser: the built HTML page needs no
kernel and no server. In a live Jupyter kernel the same widget works unchanged.

``explore(..., live=True)`` is for instructors on Binder: it draws a frame only
when a slider moves (and remembers it), so large grids cost nothing up front.

Speed (measured by ``benchmarks/run.py``): frames are drawn straight into memory and
quantised once, every frame of a figure reuses the first frame's layout instead of
running constrained layout again (which also keeps the axes still as a slider moves).

Phones and sharp screens. When ``draw`` accepts a ``layout`` keyword (every figure module
of a book may, see the README), each frame is drawn twice, ``layout="wide"`` for desktops
and ``layout="narrow"`` (panels stacked) for phones, and each at 1x and 2x pixels. The
page picks the file with standard HTML: a ``<picture>`` whose ``<source>`` media query
serves the narrow frames below :data:`NARROW_MEDIA` (a phone never downloads the wide
ones) and ``srcset`` densities for 1x and 2x screens. ``explore(..., narrow=False)`` is
the one flag that turns the narrow layout off for a figure.

Frames as files. When the book is built, :data:`FRAME_STORE_ENV` names a folder (set by
the Sphinx extension :mod:`nxc_explorer.nxc_frames` to ``_build/.nxc_frames``):
every frame is written there once as ``<sha256>.png`` and the widget state holds only
its URL (``../_frames/<sha256>.png``, relative to the page); the extension copies the
files a page references into the site's ``_frames/``. The page then holds, as plain HTML
before any script runs, the default frame with its alt text and caption (visible with
JavaScript off); the figure script ``static/nxc-explorer.js`` swaps in the live widget on the same
spot and prefetches the frames next to a slider's value. Without a store (a Jupyter or
Binder kernel) frames stay data URLs inside the widget, as before.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import inspect
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import matplotlib
from ipywidgets.widgets.widget_string import HTMLStyle

matplotlib.use("Agg")  # noqa: E402  (frames are rendered off-screen)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.mathtext import MathTextParser  # noqa: E402
from PIL import Image, ImageColor  # noqa: E402

from . import _median_cut, _png, data, frame_cache  # noqa: E402

EXPLORER_CLASS = "nxc-explorer"
FRAME_CLASS = "nxc-frame"
#: Class of the plain-HTML default figure, and of the widget that replaces it.
STATIC_CLASS = "nxc-static"
WIDGET_CLASS = "nxc-widget"
#: Where :mod:`nxc_explorer.nxc_frames` puts the live widget's view in the static figure.
WIDGET_MARKER = "<!--nxc-widget-->"
#: Environment variable naming the frame store (a folder); unset in a Jupyter kernel.
FRAME_STORE_ENV = "NXC_FRAME_STORE"
#: Folder of the built site that holds the frames (:mod:`nxc_explorer.nxc_frames` fills it).
FRAMES_DIR = "_frames"
#: Screens this narrow get the narrow frames (phones and small tablets held upright).
NARROW_MEDIA = "(max-width: 767px)"
#: A dark frame's layout name in :class:`FrameFiles` (``"narrow-dark"``).
DARK_SUFFIX = "-dark"
#: Attribute of a figure that has dark frames (the page's CSS then shows it without a light card).
DARK_ATTRIBUTE = "data-nxc-dark"
#: Pixels per inch of a 1x frame: 1 figure inch = 100 CSS px; 2x frames have twice as many.
BASE_DPI = 100
#: Colours kept in each palette PNG; line art needs few (measured in benchmarks/).
PALETTE_COLOURS = 64


#: The kinds of control a figure can have (:attr:`Control.kind`). One source for both
#: renderings: ipywidgets in a kernel, and the page's own controls in the built book.
#: ``slider``: an ordered scale of values (``SelectionSlider``, and a range input);
#: ``buttons``: two or three options side by side (``ToggleButtons``, a radio group);
#: ``select``: a longer list of options (``Dropdown``, a ``<select>``);
#: ``toggle``: one thing drawn or not (``Checkbox``, an ``<input type=checkbox>``; values
#: ``(False, True)``, made by :meth:`Control.toggle`).
CONTROL_KINDS = ("slider", "buttons", "select", "toggle")
#: A figure has at most this many value controls (sliders, buttons, lists) ...
MAX_VALUE_CONTROLS = 2
#: (or none at all: a still figure, one frame a reader looks at, with no controls, no pinned
#: view to compare and no link to a view; its frames are drawn, stored, made dark and redrawn
#: for another edition as every figure's are)
#: ... and toggles after them, as long as it has at most this many frames (each frame is
#: drawn in two layouts, at two densities, light and dark: 8 files a frame).
MAX_FRAMES = 48
#: At most this many unordered options are shown as buttons; more become a list.
MAX_BUTTONS = 3


@dataclass(frozen=True)
class Control:
    """One control of a figure over a fixed list of values.

    ``name`` is the keyword passed to the drawing function, ``label`` the words
    shown before the control, ``unit`` follows every value in the readout, and
    ``default`` (one of ``values``) is shown first. ``fmt`` formats a value: a format
    string (``"{:.0%}"``), or a function from the value to its text, for quantities whose
    unit changes with the value (10 µM, not 10000 nM;
    1 day, 2 days); ``unit`` then stays empty.

    ``kind`` is one of :data:`CONTROL_KINDS`, or ``"auto"`` (the default): numbers
    are an ordered scale (a slider); words are options, side by side as buttons
    when there are at most :data:`MAX_BUTTONS` of them and a list otherwise.
    """

    name: str
    label: str
    values: Sequence[Any]
    unit: str = ""
    default: Any = None
    fmt: str | Callable[[Any], str] = "{:g}"
    kind: str = "auto"
    _labels: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier, got {self.name!r}")
        if len(self.values) == 0:
            raise ValueError(f"values of control {self.name!r} must not be empty")
        if len(set(map(repr, self.values))) != len(self.values):
            raise ValueError(f"values of control {self.name!r} must be distinct")
        if self.default is not None and self.default not in list(self.values):
            raise ValueError(
                f"default of control {self.name!r} must be one of its values "
                f"{list(self.values)!r}, got {self.default!r}"
            )
        if self.kind not in ("auto", *CONTROL_KINDS):
            raise ValueError(
                f"kind of control {self.name!r} must be 'auto' or one of {CONTROL_KINDS}, got {self.kind!r}"
            )
        if callable(self.fmt) and self.unit:
            raise ValueError(
                f"control {self.name!r}: a fmt function writes the unit itself; leave unit empty, "
                f"got unit={self.unit!r}"
            )
        if self.kind == "toggle" and (
            len(self.values) != 2 or not all(v is b for v, b in zip(self.values, (False, True)))
        ):
            raise ValueError(
                f"a toggle's values are (False, True) (Control.toggle), got {list(self.values)!r} "
                f"for {self.name!r}"
            )
        if self.kind == "auto":
            words = all(isinstance(v, str) for v in self.values)
            kind = ("buttons" if len(self.values) <= MAX_BUTTONS else "select") if words else "slider"
            object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "_labels", tuple(self.readout(v) for v in self.values))

    @classmethod
    def toggle(
        cls, name: str, label: str, default: bool = False, states: tuple[str, str] = ("hidden", "shown")
    ) -> Control:
        """A checkbox: ``draw`` gets ``name=False`` or ``name=True`` (something drawn or not,
        such as measurements over a model's curve). ``label`` is the words beside the box,
        ``states`` how a reader reads it off and on (in a pinned view's label and the data
        table: "Measurements hidden"). Toggles come after a figure's value controls; each
        doubles its frames. A figure-state question never depends on a toggle
        (:func:`right_views`)."""
        off, on = states
        return cls(
            name, label, (False, True), default=bool(default), fmt=lambda v: on if v else off, kind="toggle"
        )

    @property
    def default_index(self) -> int:
        """Position of the default value (the first value when none is given)."""
        return 0 if self.default is None else list(self.values).index(self.default)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every value as a learner reads it, in order (the options of either rendering)."""
        return self._labels

    @property
    def keys(self) -> tuple[str, ...]:
        """Every value as it is written in a link to a figure's view (``#fig-x?name=key``):
        numbers plainly (``7``, ``0.25``), words as lower-case slugs (``monthly-injection``);
        a toggle ``off`` and ``on``."""
        if self.kind == "toggle":
            return ("off", "on")
        keys = tuple(_url_key(v) for v in self.values)
        return keys if len(set(keys)) == len(keys) else tuple(str(i) for i in range(len(keys)))

    def readout(self, value: Any) -> str:
        """The value as a learner reads it, with its unit."""
        if isinstance(value, str):
            text = value
        elif callable(self.fmt):
            text = self.fmt(value)
        else:
            text = self.fmt.format(value)
        return f"{text} {self.unit}".strip()

    def widget(self) -> widgets.SelectionSlider | widgets.ToggleButtons | widgets.Dropdown | widgets.Checkbox:
        """The ipywidget of this control's kind; each has an ``index`` trait (the value's
        position), which the explorer links to its stack of frames; a toggle is a
        ``Checkbox`` (a ``value``, 0 or 1 as a position, which the explorer follows itself)."""
        if self.kind == "toggle":
            return widgets.Checkbox(
                value=bool(self.default_index),
                description=self.label,
                indent=False,
                style={"description_width": "initial"},
            )
        options = list(zip(self._labels, range(len(self.values))))
        common = dict(
            options=options,
            index=self.default_index,
            description=self.label,
            style={"description_width": "initial"},
        )
        if self.kind == "buttons":
            return widgets.ToggleButtons(**common, layout=widgets.Layout(width="auto", max_width="640px"))
        if self.kind == "select":
            return widgets.Dropdown(**common, layout=widgets.Layout(width="auto", max_width="640px"))
        return widgets.SelectionSlider(
            **common,
            continuous_update=True,
            layout=widgets.Layout(width="95%", max_width="640px"),
        )


def _url_key(value: Any) -> str:
    if isinstance(value, str):
        return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def figure_id(draw: Callable[..., Figure], given: str | None = None) -> str:
    """The figure's id in its page and in links to it: ``given``, or the drawing
    function's name (``draw_overcome`` -> ``fig-overcome``)."""
    name = given or getattr(draw, "__name__", "") or "figure"
    name = re.sub(r"^draw_", "", name)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug if slug.startswith("fig-") else f"fig-{slug}"


_MATHTEXT = MathTextParser("path")  # as RendererAgg makes it


#: The book's own colours (CSS colour strings), kept exactly in every frame beside black and
#: white; set once by the book with :func:`keep_colours` before its figures are drawn.
EXACT_COLOURS: list[str] = []


def keep_colours(colours: Sequence[str]) -> None:
    """Keep these colours exact in every frame (a book's palette: its lines and marks stay
    the colour its style names, never the palette's nearest). Part of every frame's key."""
    for colour in colours:
        ImageColor.getrgb(colour)  # a ValueError names a colour that is not one
    EXACT_COLOURS[:] = list(colours)
    _pipeline_source.cache_clear()


def _house_colours() -> list[tuple[int, int, int]]:
    """The book's colours (:data:`EXACT_COLOURS`) plus black and white: kept exactly in every frame."""
    return [ImageColor.getrgb(c)[:3] for c in EXACT_COLOURS] + [(0, 0, 0), (255, 255, 255)]


# --------------------------------------------------------------------------- dark frames
#: The media query under which a page shows a figure's dark frames by itself (in the
#: ``<picture>``, before any script runs): the reader's system is dark and scripts run (a page
#: without scripts stays light, so its frames do too). With a theme switch the page script
#: follows the page's ``data-theme`` instead (``static/nxc-explorer.js``).
DARK_MEDIA = "(prefers-color-scheme: dark) and (scripting: enabled)"


@dataclass
class _DarkVariant:
    """How a book draws the dark variant of every frame (:func:`draw_dark_frames`)."""

    recolour: Callable[[Figure], Any] | None = None
    paper: str = "#121212"
    source: str = ""


DARK = _DarkVariant()


def draw_dark_frames(recolour: Callable[[Figure], Any] | None, paper: str = "#121212") -> None:
    """Draw a dark variant of every frame: ``recolour(fig)`` takes a figure drawn for white
    paper and recolours it in place for a dark page whose figure background is ``paper`` (the
    same layout, so the same collision check holds). The variant shares the frame store and
    the frame cache (its own keys, which include ``recolour``'s module source); ``None``
    turns dark frames off. Set once by the book before its figures are drawn."""
    ImageColor.getrgb(paper)  # a ValueError names a colour that is not one
    source = ""
    if recolour is not None:
        module = inspect.getmodule(recolour)
        source = hashlib.sha256(
            ((inspect.getsource(module) if module else inspect.getsource(recolour)) + paper).encode()
        ).hexdigest()
    DARK.recolour, DARK.paper, DARK.source = recolour, paper, source


def _dark_rgb(fig: Figure, dpi: int) -> np.ndarray:
    """``fig``, already drawn for white paper at ``dpi``, recoloured for the dark page and
    drawn again where it stands (its axes keep the light frame's places)."""
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine("none")  # the positions the light drawing settled stay
    DARK.recolour(fig)
    fig.patch.set_facecolor(DARK.paper)
    canvas = FigureCanvasAgg(fig)
    _renderer(canvas)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


#: Agg renderers by (width, height, dpi), shared by the frames of that size (at most a few).
_RENDERERS: dict[tuple, RendererAgg] = {}
_MAX_RENDERERS = 4


def _renderer(canvas: FigureCanvasAgg) -> RendererAgg:
    """The shared Agg renderer for a canvas of this size (cleared before every drawing).

    Matplotlib caches text measurements per renderer: a new renderer for every frame would
    measure every label, tick and title again (and allocate its pixel buffer again)."""
    width, height = canvas.get_width_height(physical=True)
    key = (width, height, canvas.figure.dpi)
    renderer = _RENDERERS.get(key)
    if renderer is None:
        if len(_RENDERERS) >= _MAX_RENDERERS:
            _RENDERERS.pop(next(iter(_RENDERERS)))
        renderer = _RENDERERS[key] = RendererAgg(width, height, canvas.figure.dpi)
        # and one mathtext parser for all: every log-axis label ($10^{2}$) is parsed once
        renderer.mathtext_parser = _MATHTEXT
    canvas.renderer, canvas._lastKey = renderer, key  # FigureCanvasAgg.get_renderer reuses it
    return renderer


def _rgb(fig: Figure, dpi: int) -> np.ndarray:
    """Draw ``fig`` on a white background and return its pixels (height x width x 3)."""
    fig.set_dpi(dpi)
    fig.patch.set_facecolor("white")
    canvas = FigureCanvasAgg(fig)
    _renderer(canvas)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


#: Palette index of every 24-bit colour, filled in for the colours of the frame at hand
#: (one 16 MB table reused by every frame: only the entries just written are read).
_COLOUR_INDEX = np.zeros(1 << 24, np.uint8)


def _packed(rgb: np.ndarray) -> np.ndarray:
    """Each pixel (or colour row) as one integer, 0xRRGGBB (int32)."""
    rgb = rgb.astype(np.int32, copy=False)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _quantise(rgb: np.ndarray, colours: int) -> Image.Image:
    """A palette image of at most ``colours`` colours, keeping house colours exact.

    Pillow's median cut picks the palette; the house colours present in the frame are
    added to it unchanged, and every pixel goes to its nearest palette colour (exact
    Euclidean distance: Pillow's own mapping shifts white to off-white).

    The frame's distinct colours (a few thousand for line art) come from Pillow's
    ``getcolors`` (a hash table) rather than a sort of every pixel; the median cut runs on
    those colours and their counts (:mod:`nxc_explorer._median_cut`, Pillow's own
    steps) rather than on every pixel; the nearest palette colour is found for each
    distinct colour once, and the pixels take their colour's index from a lookup table.
    Same palette, same indices, same PNG bytes as before."""
    height, width, _ = rgb.shape
    image = Image.fromarray(rgb)
    counted = image.getcolors(height * width)
    unique_rgb = np.array([colour for _, colour in counted], dtype=np.int32).reshape(-1, 3)
    counts = np.array([count for count, _ in counted], dtype=np.int64)
    unique = _packed(unique_rgb)
    order = np.argsort(unique)  # the palette of a frame with few colours is in this order
    unique, unique_rgb, counts = unique[order], unique_rgb[order], counts[order]
    if len(unique) <= colours:
        palette, index = unique_rgb, np.arange(len(unique))
    else:
        present = set(unique.tolist())
        fixed = [c for c in _house_colours() if (c[0] << 16 | c[1] << 8 | c[2]) in present]
        size = max(colours - len(fixed), 2)
        adaptive = _median_cut.median_cut_palette(unique_rgb, counts, size)
        if adaptive is None:  # Pillow would merge colours first: let it cut
            quantised = image.quantize(colors=size, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            adaptive = np.array(quantised.getpalette()).reshape(-1, 3)
        extra = adaptive[: colours - len(fixed)]
        palette = np.unique(np.vstack([np.array(fixed).reshape(-1, 3), extra]), axis=0)[:colours]
        distance = ((unique_rgb[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
        index = distance.argmin(axis=1)
    _COLOUR_INDEX[unique] = index
    quantised = Image.fromarray(_COLOUR_INDEX[_packed(rgb)], mode="P")
    quantised.putpalette(palette.astype(np.uint8).flatten().tolist())
    return quantised


def render_png(fig: Figure, dpi: int = 100, colours: int = PALETTE_COLOURS) -> bytes:
    """Encode ``fig`` as a palette-quantised PNG (bytes) and close it.

    The figure is drawn straight into memory (no PNG encode and decode in between)
    and quantised to ``colours`` colours, house-style colours kept exact."""
    try:
        rgb = _rgb(fig, dpi)
    finally:
        plt.close(fig)
    return _encode(rgb, colours)


class _FrameRenderer:
    """Renders the frames of one explorer with one layout.

    The first frame is laid out by its own layout engine (constrained layout in the
    house style); later frames with the same axes reuse its axes positions instead of
    recomputing the layout, which is the slowest step of drawing and would also make the
    axes jump as a slider moves. A frame whose reused layout puts ink on the image's
    edge (a clipped label) is laid out afresh instead.
    """

    def __init__(self, dpi: int):
        self.dpi = dpi
        self.positions: list | None = None
        self.size: tuple[float, float] | None = None

    def png(self, fig: Figure) -> bytes:
        try:
            rgb = self._rgb(fig)
        finally:
            plt.close(fig)
        return _encode(rgb)

    def _rgb(self, fig: Figure) -> np.ndarray:
        engine = fig.get_layout_engine()
        size = tuple(fig.get_size_inches())
        reusable = (
            isinstance(engine, ConstrainedLayoutEngine)
            and self.positions is not None
            and self.size == size
            and len(fig.axes) == len(self.positions)
        )
        if reusable:
            fig.set_layout_engine("none")
            for ax, position in zip(fig.axes, self.positions):
                ax.set_position(position)
            rgb = _rgb(fig, self.dpi)
            if not _touches_edge(rgb):
                return rgb
            for ax in fig.axes:  # a label would be clipped: lay out afresh
                ax.set_in_layout(True)
            fig.set_layout_engine(engine)
        rgb = _rgb(fig, self.dpi)
        if isinstance(engine, ConstrainedLayoutEngine) and self.positions is None:
            self.positions = [ax.get_position() for ax in fig.axes]
            self.size = size
        return rgb


def _touches_edge(rgb: np.ndarray, band: int = 1) -> bool:
    """Whether any non-white pixel lies within ``band`` pixels of the image's edge."""
    edges = np.concatenate(
        [
            rgb[:band].reshape(-1, 3),
            rgb[-band:].reshape(-1, 3),
            rgb[:, :band].reshape(-1, 3),
            rgb[:, -band:].reshape(-1, 3),
        ]
    )
    return bool((edges < 250).any())


def frame_html(png: bytes, alt: str, caption: str | None = None) -> str:
    """An ``<img>`` (a data URL) with its alt text (what this frame shows), and the figure's
    caption (what to try and notice) when it has one."""
    data = base64.b64encode(png).decode("ascii")
    width, height = Image.open(io.BytesIO(png)).size
    return _figure_html(
        f'<img src="data:image/png;base64,{data}" width="{width}" height="{height}" alt="{_attr(alt)}" '
        'style="max-width:100%;height:auto">',
        caption,
    )


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _figure_html(picture: str, caption: str | None = None) -> str:
    """A frame as a ``<figure>``; its ``<figcaption>`` is the figure's caption, never a copy
    of the image's alt text (a screen reader would read it twice)."""
    text = f'<figcaption class="nxc-caption">{_attr(caption)}</figcaption>' if caption else ""
    return f'<figure class="{FRAME_CLASS}" style="margin:0">{picture}{text}</figure>'


@dataclass(frozen=True)
class FrameFiles:
    """The files of one frame: ``(url, width, height)`` by ``(layout, density)``."""

    files: dict[tuple[str, int], tuple[str, int, int]]
    #: The frame's data table (``<sha256>.csv``, :mod:`nxc_explorer.data`), when it has one.
    data: str = ""

    def picture(self, alt: str, eager: bool = False) -> str:
        """A ``<picture>``: narrow frames below :data:`NARROW_MEDIA`, 1x and 2x by ``srcset``.

        ``width``/``height`` are the CSS size of the 1x frame, so the browser reserves the
        frame's aspect ratio before the file arrives (no layout shift)."""

        def srcset(layout: str) -> str:
            return ", ".join(
                f"{self.files[(layout, d)][0]} {d}x" for d in (1, 2) if (layout, d) in self.files
            )

        wide_url, width, height = self.files[("wide", 1)]
        loading = 'fetchpriority="high"' if eager else 'decoding="async"'
        source = ""
        if ("narrow", 1) in self.files:
            _, n_width, n_height = self.files[("narrow", 1)]
            if ("narrow" + DARK_SUFFIX, 1) in self.files:
                source += (
                    f'<source media="{NARROW_MEDIA} and {DARK_MEDIA}" '
                    f'srcset="{srcset("narrow" + DARK_SUFFIX)}" width="{n_width}" height="{n_height}">'
                )
            source += (
                f'<source media="{NARROW_MEDIA}" srcset="{srcset("narrow")}" '
                f'width="{n_width}" height="{n_height}">'
            )
        if ("wide" + DARK_SUFFIX, 1) in self.files:
            source += (
                f'<source media="{DARK_MEDIA}" srcset="{srcset("wide" + DARK_SUFFIX)}" '
                f'width="{width}" height="{height}">'
            )
        return (
            f"<picture>{source}"
            f'<img src="{wide_url}" srcset="{srcset("wide")}" width="{width}" height="{height}" '
            f'alt="{_attr(alt)}" {loading} style="max-width:100%;height:auto"></picture>'
        )

    def names(self) -> list[str]:
        """The file names in a fixed order: narrow 1x, narrow 2x, wide 1x, wide 2x, then the
        same four dark frames when the figure has them."""
        keys = [("narrow", 1), ("narrow", 2), ("wide", 1), ("wide", 2)]
        if ("wide" + DARK_SUFFIX, 1) in self.files:
            keys += [(layout + DARK_SUFFIX, density) for layout, density in keys]
        return [self.files[k][0].rsplit("/", 1)[-1] if k in self.files else "" for k in keys]


def frame_store() -> Path | None:
    """The folder frames are written to when the book is built (None in a Jupyter kernel)."""
    where = os.environ.get(FRAME_STORE_ENV)
    return Path(where) if where else None


def site_prefix(start: Path | None = None) -> str:
    """URL from the page being executed (the working directory) to the book's root.

    The root is the nearest folder above with ``_config.yml``; a page in ``book/`` gets
    ``..``. The HTML pages mirror the source folders, so this holds in the site too."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").exists():
            return Path(os.path.relpath(folder, here)).as_posix()
    return "."


def _downsample(rgb: np.ndarray) -> np.ndarray:
    """Half the pixels each way (2x2 mean): the 1x frame from the 2x one."""
    h, w, _ = rgb.shape
    rgb = rgb[: h - h % 2, : w - w % 2].astype(np.uint16)
    return ((rgb[0::2, 0::2] + rgb[1::2, 0::2] + rgb[0::2, 1::2] + rgb[1::2, 1::2] + 2) // 4).astype(np.uint8)


def _encode(rgb: np.ndarray, colours: int = PALETTE_COLOURS) -> bytes:
    """``rgb`` as the book's palette PNG (at most ``colours`` colours, house colours exact)."""
    return _png.palette_png(_quantise(rgb, colours))


def _store(png: bytes, store: Path, prefix: str, suffix: str = ".png") -> str:
    """Write ``png`` as ``<sha256><suffix>`` into ``store`` (once) and return its page URL."""
    name = hashlib.sha256(png).hexdigest() + suffix
    path = store / name
    if not path.exists():
        store.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(png)
        tmp.replace(path)  # atomic: chapters run in parallel processes
    return f"{prefix}/{FRAMES_DIR}/{name}"


def accepts_layout(draw: Callable[..., Figure]) -> bool:
    """Whether ``draw`` takes a ``layout`` keyword (the figure-module contract)."""
    try:
        parameters = inspect.signature(draw).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "layout" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def _check(draw: Callable[..., Figure], describe: Callable[..., str], controls: Sequence[Control]):
    if not callable(draw):
        raise ValueError(f"draw must be a function returning a matplotlib figure, got {draw!r}")
    if not callable(describe):
        raise ValueError(f"describe must be a function returning alt text, got {describe!r}")
    _check_controls(controls)


def _check_controls(controls: Sequence[Control]) -> None:
    """One or two value controls (:data:`MAX_VALUE_CONTROLS`), then any toggles, with
    distinct names and at most :data:`MAX_FRAMES` frames in all; or no control at all (a
    still figure)."""
    toggles = [c.kind == "toggle" for c in controls]
    values = len(controls) - sum(toggles)
    if controls and not 1 <= values <= MAX_VALUE_CONTROLS:
        raise ValueError(
            f"controls must hold one or two value controls (then any toggles), or none (a still "
            f"figure), got {values} "
            f"value controls of {len(controls)}"
        )
    if toggles != sorted(toggles):
        raise ValueError("toggles come after a figure's value controls (the innermost levels of its frames)")
    if len({c.name for c in controls}) != len(controls):
        raise ValueError("controls must have distinct names")
    frames = 1
    for c in controls:
        frames *= len(c.values)
    if frames > MAX_FRAMES:
        raise ValueError(f"{frames} frames is more than a figure may have ({MAX_FRAMES}): use fewer values")


def _alt_text(describe, kwargs: dict[str, Any]) -> str:
    alt = describe(**kwargs)
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"describe must return non-empty alt text for {kwargs!r}")
    return alt


def _render_frames(draw, combos: list[dict[str, Any]], dpi: int) -> list[bytes]:
    """Every frame as PNG bytes, all with the first frame's layout."""
    renderer = _FrameRenderer(dpi)
    return [renderer.png(draw(**kwargs)) for kwargs in combos]


@functools.lru_cache(maxsize=1)
def _pipeline_source() -> str:
    """SHA-256 of the code that turns a figure into frame files (part of every frame's key)."""
    parts = [
        _renderer,
        _rgb,
        _packed,
        _quantise,
        _house_colours,
        _FrameRenderer,
        _touches_edge,
        _downsample,
        _encode,
        _draw_2x,
        _dark_rgb,
    ]
    parts += [_median_cut, _png, data]  # the data tables are part of what a cached frame holds
    text = "\n".join(inspect.getsource(part) for part in parts) + f"{PALETTE_COLOURS} {BASE_DPI}"
    text += " ".join(EXACT_COLOURS)
    return hashlib.sha256(text.encode()).hexdigest()


def _draw_2x(
    draw, kwargs: dict[str, Any], layout: str | None, renderer: _FrameRenderer, rows: list | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Draw one frame at 2x pixels; ``rows`` (a list) receives the series it drew. Returns the
    frame's pixels for white paper and, when the book draws dark frames
    (:func:`draw_dark_frames`), the same figure's pixels for the dark page (else None)."""
    fig = draw(**kwargs) if layout is None else draw(**kwargs, layout=layout)
    if rows is not None:
        rows.extend(data.series_rows(fig))
    try:
        light = renderer._rgb(fig)
        return light, (_dark_rgb(fig, renderer.dpi) if DARK.recolour is not None else None)
    finally:
        plt.close(fig)


def _render_files(
    draw, combos: list[dict[str, Any]], layouts: Sequence[str] | None, store: Path, with_tables: bool = True
) -> list[FrameFiles]:
    """Every frame, in every layout (None: ``draw`` takes no layout), at 2x and 1x pixels,
    written to the frame store. The 1x file is the 2x one averaged down (one drawing), and
    (``with_tables``) each frame's data table from the first layout.

    A frame already in the frame cache (:mod:`nxc_explorer.frame_cache`: same drawing
    function and module sources, arguments, layout, versions) is copied, not drawn. The
    frames of one layout share the first frame's axes positions, so before drawing a frame
    whose predecessors came from the cache, the renderer draws those predecessors again
    until it holds the layout it would have had (the bytes equal a fresh draw's)."""
    prefix = site_prefix()
    cache = frame_cache.cache_for(store)
    function = frame_cache.function_key(draw) if cache is not None else None
    out: list[dict] = [{} for _ in combos]
    tables: list[str] = ["" for _ in combos]  # each frame's data table (first layout)
    names = list(combos[0]) if combos else []
    for number, layout in enumerate(layouts or [None]):
        with_data = with_tables and number == 0
        renderer = _FrameRenderer(2 * BASE_DPI)
        replayed = 0  # frames 0..replayed-1 have passed through the renderer
        for i, (files, kwargs) in enumerate(zip(out, combos)):
            name = layout or "wide"
            dark = DARK.recolour is not None
            key = dark_key = None
            if function is not None:
                key = frame_cache.frame_key(function, _pipeline_source(), layout, combos[0], kwargs)
                if dark:
                    dark_key = frame_cache.frame_key(
                        function, _pipeline_source() + DARK.source, name + DARK_SUFFIX, combos[0], kwargs
                    )
                cached = cache.load(key, store)
                cached_dark = cache.load(dark_key, store) if dark else []
                if (
                    cached is not None
                    and cached_dark is not None
                    and (not with_data or any(f[0] == 0 for f in cached))
                ):
                    for theme, entries in (("", cached), (DARK_SUFFIX, cached_dark)):
                        for density, file, css_width, css_height in entries:
                            if density == 0:
                                tables[i] = file
                                continue
                            files[(name + theme, density)] = (
                                f"{prefix}/{FRAMES_DIR}/{file}",
                                css_width,
                                css_height,
                            )
                    continue
            while renderer.positions is None and replayed < i:  # the layout a fresh draw would hold
                _draw_2x(draw, combos[replayed], layout, renderer)
                replayed += 1
            rows: list | None = [] if with_data else None
            rgb2, dark2 = _draw_2x(draw, kwargs, layout, renderer, rows)
            replayed = max(replayed, i + 1)
            css_width, css_height = rgb2.shape[1] // 2, rgb2.shape[0] // 2
            for theme, pixels, theme_key in (("", rgb2, key), (DARK_SUFFIX, dark2, dark_key)):
                if pixels is None:
                    continue
                drawn = []
                for density, rgb in ((2, pixels), (1, _downsample(pixels))):
                    png = _encode(rgb)
                    url = _store(png, store, prefix)
                    files[(name + theme, density)] = (url, css_width, css_height)
                    drawn.append((density, png, css_width, css_height))
                if rows is not None and not theme:
                    table = data.csv_bytes(names, [(list(kwargs.values()), rows)])
                    tables[i] = _store(table, store, prefix, ".csv").rsplit("/", 1)[-1]
                    drawn.append((0, table, 0, 0))
                if theme_key is not None:
                    cache.save(theme_key, drawn)
    return [FrameFiles(files, table) for files, table in zip(out, tables)]


def _whole_table(files: Sequence[FrameFiles], store: Path, prefix: str) -> str:
    """Every frame's data table in one file (one header, then one block of rows per frame,
    in frame order), written to the store; its name (empty when a frame has no table)."""
    if not files or not all(f.data for f in files):
        return ""
    parts = [(store / f.data).read_bytes().split(b"\n", 1) for f in files]
    whole = parts[0][0] + b"\n" + b"".join(rest for _, rest in parts)
    return _store(whole, store, prefix, ".csv").rsplit("/", 1)[-1]


def data_html(fid: str, frame: FrameFiles, whole: str, base: str) -> str:
    """The links to the numbers behind the figure: the shown view's table and every view's,
    as CSV files (fetched only when a reader follows a link). The page script keeps the first
    link on the shown view and adds the table itself."""
    if not frame.data or not whole:
        return ""
    return (
        f'<div class="nxc-data">Download data (CSV): '
        f'<a class="nxc-csv-view" href="{_attr(base + frame.data)}" download="{_attr(fid)}-view.csv">'
        f"this view</a>, "
        f'<a class="nxc-csv-all" href="{_attr(base + whole)}" download="{_attr(fid)}.csv">every view</a>'
        f'<details class="nxc-table"><summary>Numbers behind this view (table)</summary>'
        f'<div class="nxc-table-body"><noscript>The table is made by the page\'s script; the CSV files hold '
        f"the same numbers.</noscript></div></details></div>"
    )


#: The words the figure script writes itself (compare mode, the data table, a copied link), in
#: English; ``{name}`` is filled in by the script. Every figure carries them in an inert
#: ``<template>`` (:func:`script_words_html`), so a book in another language translates them
#: with the figure's other words, and the script shows the page's own.
SCRIPT_WORDS: dict[str, str] = {
    "pinned": "Pinned: {settings}",
    "now": "Now: {settings}",
    "unpin": "Unpin",
    "unpin-view": "Unpin the view {settings}",
    "show-pinned": "Show the pinned view",
    "show-current": "Show the current view",
    "showing-pinned": "Showing the pinned view.",
    "showing-current": "Showing the current view.",
    "pinned-status": "View pinned: {settings}. Move the controls to compare.",
    "unpinned": "Unpinned: one view again.",
    "same": "Both views show the same settings: move a control to compare.",
    "moved": "Pinned {pinned}; now {now}.",
    "differ": "Pinned view: {pinned}. This view: {now}.",
    "table-note": "Up to {rows} evenly spaced points per series of the {total} in this view; "
    "the CSV files hold every point.",
    "table-failed": "The table could not be loaded ({error}): the CSV links hold the same numbers.",
    "copy-link": "Copy this link:",
    "link-copied": "Link copied.",
}


def script_words_html() -> str:
    """:data:`SCRIPT_WORDS` as the figure script reads them: an inert ``<template>`` (not shown,
    not read aloud) of ``<span data-nxc-word="key">`` elements."""
    spans = "".join(f'<span data-nxc-word="{key}">{_attr(text)}</span>' for key, text in SCRIPT_WORDS.items())
    return f'<template class="nxc-words">{spans}</template>'


def _control_spec(control: Control) -> dict[str, Any]:
    """A control in the static figure's ``data-nxc-frames``: its name and link keys; a toggle
    also says so and how a reader reads it off and on (a ``Checkbox`` has no option labels)."""
    spec: dict[str, Any] = {"name": control.name, "keys": list(control.keys)}
    if control.kind == "toggle":
        spec.update({"toggle": True, "labels": list(control.labels)})
    return spec


def static_html(
    controls: Sequence[Control],
    first: FrameFiles,
    alt: str,
    frames: list[FrameFiles],
    caption: str | None = None,
    figure_id: str = "",
    whole: str = "",
) -> str:
    """The default figure as plain HTML: the controls' default values, the frame, its
    alt text and caption, and (for the page script) the list of every frame's files, the
    figure's id and each control's name and link keys (a view you can link to); when the
    frames have data tables, each frame's (``data``) and the whole figure's (``all``,
    ``whole``), with links to download the shown view's and every view's."""
    rows = "".join(
        f'<div class="nxc-static-control"><span class="nxc-static-label">{_attr(c.label)}</span> '
        f'<span class="nxc-static-value">{_attr(c.readout(c.values[c.default_index]))}</span></div>'
        for c in controls
    )
    spec: dict[str, Any] = {
        "shape": [len(c.values) for c in controls],
        "frames": [f.names() for f in frames],
        "id": figure_id,
        "controls": [_control_spec(c) for c in controls],
    }
    tables = whole and all(f.data for f in frames)
    if tables:
        spec.update({"data": [f.data for f in frames], "all": whole})
    text = json.dumps(spec, separators=(",", ":"))
    base = first.files[("wide", 1)][0].rsplit("/", 1)[0] + "/"
    # a figure with dark frames sits on the dark page as it is; one without is a light card
    themed = f' {DARK_ATTRIBUTE}=""' if ("wide" + DARK_SUFFIX, 1) in first.files else ""
    links = data_html(figure_id, first, whole, base) if tables else ""
    return (
        f'<div class="{EXPLORER_CLASS}" data-nxc-base="{_attr(base)}" data-nxc-frames="{_attr(text)}" '
        f'data-nxc-narrow="{_attr(NARROW_MEDIA)}"{themed}>'
        f'<div class="{STATIC_CLASS}"><div class="nxc-static-controls">{rows}</div>'
        f"{_figure_html(first.picture(alt, eager=True), caption)}</div>{links}"
        f"{script_words_html() if controls else ''}"
        f"{WIDGET_MARKER}</div>"
    )


def explore(
    draw: Callable[..., Figure],
    describe: Callable[..., str],
    *controls: Control,
    dpi: int = 100,
    live: bool = False,
    narrow: bool = True,
    caption: str | None = None,
    id: str | None = None,
    data: bool = True,
) -> widgets.VBox:
    """A figure with one or two value controls (then any toggles, :meth:`Control.toggle`;
    at most :data:`MAX_FRAMES` frames) that works in a static HTML page; with no controls, a
    still figure (one frame: no controls, no compare, no link to a view).

    ``draw(**values)`` returns a matplotlib figure and ``describe(**values)`` the
    sentence that says what it shows (alt text), for every combination of the
    controls' values. Returns a ``VBox`` of the sliders above the figure.

    When the book is built (a frame store is set, see :func:`frame_store`), frames are
    files in both layouts (``narrow=False`` keeps the wide one only, as does a ``draw``
    without a ``layout`` keyword) at 1x and 2x, and the default figure is displayed first
    as plain HTML; ``dpi`` is then fixed by :data:`BASE_DPI`. In a kernel without a store,
    frames are data URLs drawn at ``dpi``.

    ``caption`` is the figure's caption under every frame: what to try and what to notice,
    a sentence or two (about three lines on a phone; details belong in the page's text). The
    alt text of each frame says what that frame shows; it is never repeated as the caption.

    ``id`` names the figure in its page and in links to a view of it
    (``#fig-overcome?regimen=monthly-injection&missed=7``); by default it comes from the
    drawing function's name (:func:`figure_id`).

    ``data=False`` leaves out the numbers behind the figure (its data table and CSV files):
    for a figure whose marks are not quantities (a key of the house style, a diagram).
    """
    if caption is not None and (not isinstance(caption, str) or not caption.strip()):
        raise ValueError(f"caption must be a non-empty string or None, got {caption!r}")
    _check(draw, describe, controls)
    _FIGURES[figure_id(draw, id)] = tuple(controls)
    if live:
        return _explore_live(draw, describe, controls, dpi, caption)
    sliders = [c.widget() for c in controls]
    combos = grid(controls)
    alts = [_alt_text(describe, kwargs) for kwargs in combos]  # cheap: checked before drawing
    store = frame_store()
    if store is None:
        htmls = [frame_html(png, alt, caption) for png, alt in zip(_render_frames(draw, combos, dpi), alts)]
    else:
        layouts = (["wide", "narrow"] if narrow else ["wide"]) if accepts_layout(draw) else None
        files = _render_files(draw, combos, layouts, store, with_tables=data)
        whole = _whole_table(files, store, site_prefix()) if data else ""
        htmls = [_figure_html(f.picture(alt), caption) for f, alt in zip(files, alts)]
        record_figure(store, draw, combos, layouts, files, whole)
        default = _grid_index(controls, [c.default_index for c in controls])
        _display_html(
            static_html(controls, files[default], alts[default], files, caption, figure_id(draw, id), whole)
        )
    # one Layout and one Style for every frame: the page's widget state then holds no
    # per-frame copies of them (about 1.6 kB each)
    layout, style = widgets.Layout(), HTMLStyle()
    frames = [widgets.HTML(h, layout=layout, style=style) for h in htmls]
    stack, links = _stacks(frames, controls, sliders)
    box = widgets.VBox([*sliders, stack])
    # Built book: the outer element (class nxc-explorer) is the static figure, which the
    # widget joins; in a kernel the widget is the outer element.
    box.add_class(WIDGET_CLASS if store is not None else EXPLORER_CLASS)
    box._nxc_links = links  # keep the links alive alongside the widget
    return box


def _stacks(frames: list, controls: Sequence[Control], sliders: list) -> tuple[widgets.Stack, list]:
    """The frames (in :func:`grid` order) as nested ``Stack`` widgets, one level per control
    (the first control's the outermost), each control driving every stack of its level: a
    value control by ``jslink`` of its ``index`` (runs in the browser, and is what the
    built book's controls are rendered from); a toggle (a ``Checkbox``, whose ``value`` is
    not a position) by an observer in the kernel, and in the built book by the page's own
    checkbox (:mod:`nxc_explorer.native_controls` gives it the level no link drives).
    A still figure (no controls) is a stack of its one frame."""
    if not controls:
        return widgets.Stack(list(frames), selected_index=0), []
    levels: list[list[widgets.Stack]] = []
    items: list = list(frames)
    for control in reversed(controls):
        n = len(control.values)
        groups = [
            widgets.Stack(items[i : i + n], selected_index=control.default_index)
            for i in range(0, len(items), n)
        ]
        levels.insert(0, groups)
        items = groups
    links: list = []
    for control, slider, stacks in zip(controls, sliders, levels):
        if control.kind != "toggle":
            links += [widgets.jslink((slider, "index"), (s, "selected_index")) for s in stacks]
            continue

        def follow(change: Any, stacks: list = stacks) -> None:
            for s in stacks:
                s.selected_index = int(bool(change["new"]))

        slider.observe(follow, names="value")
        links.append(follow)
    (top,) = levels[0]
    return top, links


#: The controls of every figure made in this kernel, by figure id (for :func:`right_views`).
_FIGURES: dict[str, tuple[Control, ...]] = {}


def right_views(figure: str, right: Callable[..., bool], *controls: Control) -> str:
    """The answer set of a figure-state self-check, computed from the models: every view of
    the figure (in :func:`grid` order) for which ``right(**values)`` is true, as JSON
    ``{"figure", "frames", "views"}`` (frame positions, and each view as a reader reads it).
    ``controls`` default to those of the figure with that id made earlier on the page.
    ``right`` takes the value controls only: a toggle (:meth:`Control.toggle`) never changes
    the answer, so each right view is right with its toggles on and off (both frames are
    listed) and ``views`` (one for each frame) names the value controls alone.
    A question whose every view, or no view, or the figure's default view is right asks
    nothing: ``ValueError``."""
    if not figure or not figure.startswith("fig-"):
        raise ValueError(f"figure must be the figure's id (fig-...), got {figure!r}")
    if not controls:
        if figure not in _FIGURES:
            raise ValueError(f"no figure {figure!r} was made on this page; made: {sorted(_FIGURES)}")
        controls = _FIGURES[figure]
    combos = grid(controls)
    # a toggle (something drawn or not) never changes the answer: ``right`` is asked about the
    # value controls only, and a view is right with each toggle on and off
    asked = [c for c in controls if c.kind != "toggle"]
    verdicts: dict[tuple, bool] = {}
    for kwargs in grid(asked):
        verdicts[tuple(map(repr, kwargs.values()))] = bool(right(**kwargs))
    if not any(verdicts.values()) or all(verdicts.values()):
        raise ValueError(
            f"{figure}: {sum(verdicts.values())} of {len(verdicts)} views are right; "
            "a check needs some of them"
        )
    frames = [i for i, kwargs in enumerate(combos) if verdicts[tuple(repr(kwargs[c.name]) for c in asked)]]
    default = _grid_index(controls, [c.default_index for c in controls])
    if default in frames:
        raise ValueError(f"{figure}: the figure opens at a right view ({combos[default]}): it asks nothing")
    # one view a frame, named by its value controls (a right view's toggle states read alike)
    views = [", ".join(f"{c.label} {c.readout(combos[i][c.name])}" for c in asked) for i in frames]
    return json.dumps({"figure": figure, "frames": frames, "views": views}, separators=(",", ":"))


def _grid_index(controls: Sequence[Control], indices: Sequence[int]) -> int:
    """Position in :func:`grid` order of the frame at these control indices."""
    position = 0
    for control, index in zip(controls, indices):
        position = position * len(control.values) + index
    return position


def _display_html(text: str) -> None:
    """Show ``text`` as an HTML output of the running cell (just before the widget)."""
    from IPython.display import HTML, display

    display(HTML(text))


def _explore_live(
    draw, describe, controls: Sequence[Control], dpi: int, caption: str | None = None
) -> widgets.VBox:
    """Kernel-backed variant: redraw on change, remembering frames already drawn."""
    sliders = [c.widget() for c in controls]
    renderer = _FrameRenderer(dpi)
    cache: dict[tuple[int, ...], str] = {}

    def current_html() -> str:
        key = tuple(int(s.value) if isinstance(s, widgets.Checkbox) else s.index for s in sliders)
        if key not in cache:
            kwargs = {c.name: c.values[i] for c, i in zip(controls, key)}
            cache[key] = frame_html(renderer.png(draw(**kwargs)), _alt_text(describe, kwargs), caption)
        return cache[key]

    view = widgets.HTML(current_html())

    def update(_change: Any) -> None:
        view.value = current_html()

    for s in sliders:
        s.observe(update, names="value" if isinstance(s, widgets.Checkbox) else "index")
    box = widgets.VBox([*sliders, view])
    box.add_class(EXPLORER_CLASS)
    return box


def frame_count(box: widgets.VBox) -> int:
    """How many precomputed frames a static explorer holds."""

    def count(widget: Any) -> int:
        if isinstance(widget, widgets.Stack):
            return sum(count(child) for child in widget.children)
        return 1

    return count(box.children[-1])


def grid(controls: Sequence[Control]) -> list[dict[str, Any]]:
    """Every combination of control values, as keyword dictionaries."""
    return [
        dict(zip([c.name for c in controls], combo))
        for combo in itertools.product(*(c.values for c in controls))
    ]


# ----------------------------------------------------------------------------- editions
#: Folder of the frame store holding one record per figure (:func:`record_figure`).
FIGURES_DIR = "figures"


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def record_figure(
    store: Path,
    draw: Callable[..., Figure],
    combos: list[dict[str, Any]],
    layouts: Sequence[str] | None,
    files: list[FrameFiles],
    whole: str = "",
) -> Path | None:
    """Write what it takes to draw this figure's frames again (another edition's frames, see
    :func:`render_edition`): the drawing function's import path, every frame's arguments, the
    layouts, the frame files drawn and the data tables (each frame's, and ``whole``, the whole
    figure's). ``<store>/figures/<sha256 of the frame names>.json``; nothing for a function
    that cannot be imported by name (a lambda, a notebook's own)."""
    module, name = getattr(draw, "__module__", ""), getattr(draw, "__qualname__", "")
    if not module or module == "__main__" or "<" in name:
        return None
    try:
        args = json.loads(json.dumps(combos, default=_json_value))
    except (TypeError, ValueError):
        return None
    record = {
        "draw": f"{module}:{name}",
        "combos": args,
        "layouts": list(layouts) if layouts else None,
        "frames": [f.names() for f in files],
    }
    if whole and all(f.data for f in files):
        record.update({"data": [f.data for f in files], "all": whole})
    text = json.dumps(record, sort_keys=True)
    folder = Path(store) / FIGURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(json.dumps(record["frames"]).encode()).hexdigest()[:32] + ".json")
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def render_edition(
    record: dict, draw: Callable[..., Figure], translate: Callable[[Figure], Figure], store: Path
) -> dict[str, str]:
    """The frames of a recorded figure drawn again with ``translate`` applied to each finished
    figure (the book's translation hook: a function from a figure to the same figure, its text in
    another language), written to ``store``. Returns each recorded frame file's name -> the new
    one (the same name when the pixels are the same: frames without text are shared). A
    figure with data tables gets the edition's too (their series, panels and axes named as the
    translated figure names them), each frame's and the whole figure's, mapped the same way."""

    def translated(**kwargs: Any) -> Figure:
        return translate(draw(**kwargs))

    files = _render_files(
        translated, record["combos"], record["layouts"], Path(store), with_tables=bool(record.get("data"))
    )
    mapping = {}
    for old, new in zip(record["frames"], (f.names() for f in files)):
        for before, after in zip(old, new):
            if before and after:
                mapping[before] = after
    if record.get("data") and all(f.data for f in files):
        mapping.update(zip(record["data"], (f.data for f in files)))
        mapping[record["all"]] = _whole_table(files, Path(store), site_prefix())
    return mapping
