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
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

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


def render_png(fig: Figure, dpi: int = 100, colours: int = PALETTE_COLOURS) -> bytes:
    """Encode ``fig`` as a palette-quantised PNG (bytes) and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    plt.close(fig)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB")
    quantised = image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantised.save(out, format="PNG", optimize=True)
    return out.getvalue()


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


def _frame(draw, describe, kwargs: dict[str, Any], dpi: int) -> widgets.HTML:
    alt = describe(**kwargs)
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"describe must return non-empty alt text for {kwargs!r}")
    return widgets.HTML(frame_html(render_png(draw(**kwargs), dpi=dpi), alt))


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
    first, *rest = controls
    if not rest:
        frames = [_frame(draw, describe, {first.name: v}, dpi) for v in first.values]
        stack = widgets.Stack(frames, selected_index=first.default_index)
        links = [widgets.jslink((sliders[0], "index"), (stack, "selected_index"))]
    else:
        (second,) = rest
        inner_stacks = [
            widgets.Stack(
                [_frame(draw, describe, {first.name: v1, second.name: v2}, dpi) for v2 in second.values],
                selected_index=second.default_index,
            )
            for v1 in first.values
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
    cache: dict[tuple[int, ...], str] = {}

    def current_html() -> str:
        key = tuple(s.index for s in sliders)
        if key not in cache:
            kwargs = {c.name: c.values[i] for c, i in zip(controls, key)}
            alt = describe(**kwargs)
            cache[key] = frame_html(render_png(draw(**kwargs), dpi=dpi), alt)
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
