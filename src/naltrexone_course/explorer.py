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
"""

from __future__ import annotations

import base64
import html
import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")  # noqa: E402  (frames are rendered off-screen)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.mathtext import MathTextParser  # noqa: E402
from PIL import Image, ImageColor  # noqa: E402

EXPLORER_CLASS = "nxc-explorer"
FRAME_CLASS = "nxc-frame"
#: Colours kept in each palette PNG; line art needs few (measured in benchmarks/).
PALETTE_COLOURS = 64


@dataclass(frozen=True)
class Control:
    """A slider over a fixed list of values.

    ``name`` is the keyword passed to the drawing function, ``label`` the words
    shown before the slider, ``unit`` follows every value in the readout, and
    ``default`` (one of ``values``) is shown first. ``fmt`` formats a value.
    """

    name: str
    label: str
    values: Sequence[Any]
    unit: str = ""
    default: Any = None
    fmt: str = "{:g}"
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
        object.__setattr__(self, "_labels", tuple(self.readout(v) for v in self.values))

    @property
    def default_index(self) -> int:
        """Position of the default value (the first value when none is given)."""
        return 0 if self.default is None else list(self.values).index(self.default)

    def readout(self, value: Any) -> str:
        """The value as a learner reads it, with its unit."""
        text = self.fmt.format(value) if not isinstance(value, str) else value
        return f"{text} {self.unit}".strip()

    def slider(self) -> widgets.SelectionSlider:
        """A slider whose readout shows the value with its unit."""
        return widgets.SelectionSlider(
            options=list(zip(self._labels, range(len(self.values)))),
            index=self.default_index,
            description=self.label,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%", max_width="640px"),
        )


_MATHTEXT = MathTextParser("path")  # as RendererAgg makes it


def _house_colours() -> list[tuple[int, int, int]]:
    """The house-style colours plus black and white: kept exactly in every frame."""
    from .figures.style import COLOURS

    return [ImageColor.getrgb(c)[:3] for c in COLOURS.values()] + [(0, 0, 0), (255, 255, 255)]


def _rgb(fig: Figure, dpi: int) -> np.ndarray:
    """Draw ``fig`` on a white background and return its pixels (height x width x 3)."""
    fig.set_dpi(dpi)
    fig.patch.set_facecolor("white")
    canvas = FigureCanvasAgg(fig)
    # Each new renderer brings its own mathtext parser, whose cache then starts empty:
    # every log-axis label ($10^{2}$) would be parsed again for every frame.
    canvas.get_renderer().mathtext_parser = _MATHTEXT
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def _quantise(rgb: np.ndarray, colours: int) -> Image.Image:
    """A palette image of at most ``colours`` colours, keeping house colours exact.

    Pillow's median cut picks the palette; the house colours present in the frame are
    added to it unchanged, and every pixel goes to its nearest palette colour (exact
    Euclidean distance: Pillow's own mapping shifts white to off-white)."""
    height, width, _ = rgb.shape
    flat = rgb.reshape(-1, 3).astype(np.int32)
    keys = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    unique, inverse = np.unique(keys, return_inverse=True)
    unique_rgb = np.stack([(unique >> 16) & 255, (unique >> 8) & 255, unique & 255], axis=1)
    if len(unique) <= colours:
        palette, index = unique_rgb, inverse
    else:
        present = set(unique.tolist())
        fixed = [c for c in _house_colours() if (c[0] << 16 | c[1] << 8 | c[2]) in present]
        adaptive = Image.fromarray(rgb).quantize(
            colors=max(colours - len(fixed), 2), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        extra = np.array(adaptive.getpalette()[: 3 * (colours - len(fixed))]).reshape(-1, 3)
        palette = np.unique(np.vstack([np.array(fixed).reshape(-1, 3), extra]), axis=0)[:colours]
        distance = ((unique_rgb[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
        index = distance.argmin(axis=1)[inverse]
    image = Image.fromarray(index.reshape(height, width).astype(np.uint8), mode="P")
    image.putpalette(palette.astype(np.uint8).flatten().tolist())
    return image


def render_png(fig: Figure, dpi: int = 100, colours: int = PALETTE_COLOURS) -> bytes:
    """Encode ``fig`` as a palette-quantised PNG (bytes) and close it.

    The figure is drawn straight into memory (no PNG encode and decode in between)
    and quantised to ``colours`` colours, house-style colours kept exact."""
    try:
        rgb = _rgb(fig, dpi)
    finally:
        plt.close(fig)
    out = io.BytesIO()
    _quantise(rgb, colours).save(out, format="PNG", optimize=True)
    return out.getvalue()


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
        out = io.BytesIO()
        _quantise(rgb, PALETTE_COLOURS).save(out, format="PNG", optimize=True)
        return out.getvalue()

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


def frame_html(png: bytes, alt: str) -> str:
    """An ``<img>`` with its alt text, and the same text as a visible caption."""
    data = base64.b64encode(png).decode("ascii")
    text = html.escape(alt, quote=True)
    return (
        f'<figure class="{FRAME_CLASS}" style="margin:0">'
        f'<img src="data:image/png;base64,{data}" alt="{text}" '
        'style="max-width:100%;height:auto">'
        f'<figcaption style="font-size:0.95em;color:#222">{text}</figcaption></figure>'
    )


def _check(draw: Callable[..., Figure], describe: Callable[..., str], controls: Sequence[Control]):
    if not callable(draw):
        raise ValueError(f"draw must be a function returning a matplotlib figure, got {draw!r}")
    if not callable(describe):
        raise ValueError(f"describe must be a function returning alt text, got {describe!r}")
    if not 1 <= len(controls) <= 2:
        raise ValueError(f"controls must hold one or two Control objects, got {len(controls)}")
    if len({c.name for c in controls}) != len(controls):
        raise ValueError("controls must have distinct names")


def _alt_text(describe, kwargs: dict[str, Any]) -> str:
    alt = describe(**kwargs)
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"describe must return non-empty alt text for {kwargs!r}")
    return alt


def _render_frames(draw, combos: list[dict[str, Any]], dpi: int) -> list[bytes]:
    """Every frame as PNG bytes, all with the first frame's layout."""
    renderer = _FrameRenderer(dpi)
    return [renderer.png(draw(**kwargs)) for kwargs in combos]


def explore(
    draw: Callable[..., Figure],
    describe: Callable[..., str],
    *controls: Control,
    dpi: int = 100,
    live: bool = False,
) -> widgets.VBox:
    """A figure with one or two sliders that works in a static HTML page.

    ``draw(**values)`` returns a matplotlib figure and ``describe(**values)`` the
    sentence that says what it shows (alt text), for every combination of the
    controls' values. Returns a ``VBox`` of the sliders above the figure.
    """
    _check(draw, describe, controls)
    if live:
        return _explore_live(draw, describe, controls, dpi)
    sliders = [c.slider() for c in controls]
    combos = grid(controls)
    alts = [_alt_text(describe, kwargs) for kwargs in combos]  # cheap: checked before drawing
    frames = [widgets.HTML(frame_html(png, alt)) for png, alt in zip(_render_frames(draw, combos, dpi), alts)]
    first, *rest = controls
    if not rest:
        stack = widgets.Stack(frames, selected_index=first.default_index)
        links = [widgets.jslink((sliders[0], "index"), (stack, "selected_index"))]
    else:
        (second,) = rest
        n = len(second.values)
        inner_stacks = [
            widgets.Stack(frames[i * n : (i + 1) * n], selected_index=second.default_index)
            for i in range(len(first.values))
        ]
        stack = widgets.Stack(inner_stacks, selected_index=first.default_index)
        links = [widgets.jslink((sliders[0], "index"), (stack, "selected_index"))]
        links += [widgets.jslink((sliders[1], "index"), (inner, "selected_index")) for inner in inner_stacks]
    box = widgets.VBox([*sliders, stack])
    box.add_class(EXPLORER_CLASS)
    box._nxc_links = links  # keep the links alive alongside the widget
    return box


def _explore_live(draw, describe, controls: Sequence[Control], dpi: int) -> widgets.VBox:
    """Kernel-backed variant: redraw on change, remembering frames already drawn."""
    sliders = [c.slider() for c in controls]
    renderer = _FrameRenderer(dpi)
    cache: dict[tuple[int, ...], str] = {}

    def current_html() -> str:
        key = tuple(s.index for s in sliders)
        if key not in cache:
            kwargs = {c.name: c.values[i] for c, i in zip(controls, key)}
            cache[key] = frame_html(renderer.png(draw(**kwargs)), _alt_text(describe, kwargs))
        return cache[key]

    view = widgets.HTML(current_html())

    def update(_change: Any) -> None:
        view.value = current_html()

    for s in sliders:
        s.observe(update, names="index")
    box = widgets.VBox([*sliders, view])
    box.add_class(EXPLORER_CLASS)
    return box


def frame_count(box: widgets.VBox) -> int:
    """How many precomputed frames a static explorer holds."""
    stack = box.children[-1]
    total = 0
    for child in stack.children:
        total += len(child.children) if isinstance(child, widgets.Stack) else 1
    return total


def grid(controls: Sequence[Control]) -> list[dict[str, Any]]:
    """Every combination of control values, as keyword dictionaries."""
    return [
        dict(zip([c.name for c in controls], combo))
        for combo in itertools.product(*(c.values for c in controls))
    ]
