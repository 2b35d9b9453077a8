"""The collision check every frame passes: nothing drawn over anything else.

After a figure is drawn, :func:`find_collisions` lists what a reader would see as a fault:

* two texts whose boxes overlap (titles, axis labels, drawn tick labels, annotations,
  texts in the figure, legends as one box each);
* a legend, or a text on an opaque box, that covers plotted data (lines, markers, bars,
  bands, hatches) beyond a small tolerance;
* a marker cut by the edge of its axes (half a dot at 100%);
* a text, legend or marker that leaves the canvas.

Each finding names the two artists (their text, or their kind and label). The check
works on the drawn figure at one resolution (no PNG is encoded): the explorer's layout
is reproduced by the caller (``tests/test_figure_collisions.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import Collection, PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Pixels (at the check's resolution) two boxes may share before they collide.
OVERLAP_PX = 1.0
#: Length of line (px) or share of a legend's area that plotted data may have inside it.
LINE_INSIDE_PX = 4.0
AREA_INSIDE = 0.03
#: Pixels a marker or text may stick out of the canvas or its axes (antialiasing).
EDGE_PX = 0.5


@dataclass(frozen=True)
class Collision:
    """One fault: ``kind`` (``text``, ``legend``, ``clipped``, ``canvas``) and the two artists."""

    kind: str
    first: str
    second: str

    def __str__(self) -> str:
        verbs = {
            "text": "overlaps",
            "legend": "covers",
            "clipped": "is cut by",
            "canvas": "leaves",
        }
        return f"{self.first} {verbs[self.kind]} {self.second}"


def name(artist) -> str:
    """A short description of ``artist`` for a message: its text, or kind and label."""
    if isinstance(artist, Legend):
        words = [t.get_text() for t in artist.get_texts()]
        return f"legend {words!r}"
    if isinstance(artist, Text):
        text = " ".join(artist.get_text().split())
        return f"text {text[:60]!r}"
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    kind = type(artist).__name__
    return f"{kind} {label!r}" if label and not label.startswith("_") else kind


def _drawn_tick_labels(ax: Axes) -> list[Text]:
    labels: list[Text] = []
    if not ax.axison:  # ax.axis("off")
        return labels
    for axis in (ax.xaxis, ax.yaxis):
        if not axis.get_visible():
            continue
        for tick in axis._update_ticks():  # the ticks matplotlib draws (inside the view)
            for label in (tick.label1, tick.label2):
                if label.get_visible() and label.get_text().strip():
                    labels.append(label)
        offset = axis.get_offset_text()
        if offset.get_visible() and offset.get_text().strip():
            labels.append(offset)
    return labels


def _texts(fig: Figure) -> list[Text]:
    """Every drawn text outside legends."""
    texts: list[Text] = []
    for t in fig.texts:
        texts.append(t)
    for attr in ("_suptitle", "_supxlabel", "_supylabel"):
        t = getattr(fig, attr, None)
        if t is not None:
            texts.append(t)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += list(ax.texts)
        texts += _drawn_tick_labels(ax)
    seen, out = set(), []
    for t in texts:
        if id(t) in seen or not t.get_visible() or not t.get_text().strip():
            continue
        seen.add(id(t))
        out.append(t)
    return out


def _legends(fig: Figure) -> list[Legend]:
    legends = [lg for lg in fig.legends if lg.get_visible()]
    for ax in fig.axes:
        lg = ax.get_legend()
        if lg is not None and lg.get_visible() and ax.get_visible():
            legends.append(lg)
    return legends


def _overlap(a: Bbox, b: Bbox) -> bool:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > OVERLAP_PX and height > OVERLAP_PX


def _legend_box(legend: Legend, renderer) -> Bbox:
    """The box of a legend's entries (its frame when drawn, else its handles and texts)."""
    if legend.get_frame_on():
        return legend.get_frame().get_window_extent(renderer)
    return legend._legend_box.get_window_extent(renderer)


def _text_box(text: Text, renderer) -> Bbox:
    """The ink box of a text: the text itself, or its background patch when it has one."""
    box = text.get_window_extent(renderer)
    patch = text.get_bbox_patch()
    if patch is not None and patch.get_visible():
        box = Bbox.union([box, patch.get_window_extent(renderer)])
    return box


def _opaque_box(text: Text) -> bool:
    patch = text.get_bbox_patch()
    return patch is not None and patch.get_visible() and patch.get_facecolor()[3] > 0.5


def _background_tint(artist, ax: Axes) -> bool:
    """A faint unhatched band across the whole axes (``axvspan``, ``axhspan``): context
    behind the data, which a legend may sit on."""
    if not isinstance(artist, Patch) or artist.get_hatch():
        return False
    if artist.get_facecolor()[3] * (artist.get_alpha() or 1.0) > 0.3:
        return False
    box, full = artist.get_window_extent(), ax.bbox
    spans_x = box.x0 <= full.x0 + 1 and box.x1 >= full.x1 - 1
    spans_y = box.y0 <= full.y0 + 1 and box.y1 >= full.y1 - 1
    return spans_x or spans_y


def _data_artists(ax: Axes):
    """Plotted data of ``ax``: lines, patches (bars, bands, hatches) and collections."""
    for artist in [*ax.lines, *ax.patches, *ax.collections]:
        if artist.get_visible() and not _background_tint(artist, ax):
            yield artist


def _clip_box(artist, ax: Axes) -> Bbox | None:
    if not artist.get_clip_on():
        return None
    box = artist.get_clip_box()
    return box if box is not None else ax.bbox


def _inside(points: np.ndarray, box: Bbox, shrink: float = 0.0) -> np.ndarray:
    return (
        (points[:, 0] > box.x0 + shrink)
        & (points[:, 0] < box.x1 - shrink)
        & (points[:, 1] > box.y0 + shrink)
        & (points[:, 1] < box.y1 - shrink)
    )


def _densify(xy: np.ndarray, step: float = 1.0) -> np.ndarray:
    """Points every ``step`` px along a polyline in display coordinates."""
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) < 2:
        return xy
    out = [xy[:1]]
    for a, b in zip(xy[:-1], xy[1:]):
        n = max(int(np.hypot(*(b - a)) / step), 1)
        out.append(a + (b - a) * (np.arange(1, n + 1) / n)[:, None])
    return np.vstack(out)


def _covered(artist, ax: Axes, box: Bbox) -> tuple[float, float]:
    """How much of ``artist`` is drawn inside ``box``: (line length in px, share of area)."""
    clip = _clip_box(artist, ax)
    if isinstance(artist, Line2D):
        xy = artist.get_transform().transform(artist.get_xydata())
        inside_line = 0.0
        if artist.get_linestyle() not in ("None", "none", "") and artist.get_linewidth() > 0:
            dense = _densify(xy)
            keep = _inside(dense, clip) if clip is not None else np.ones(len(dense), bool)
            inside_line = float(np.sum(_inside(dense[keep], box, shrink=1.0)))
        if artist.get_marker() not in ("None", "none", "", None, " "):
            keep = _inside(xy, clip) if clip is not None else np.ones(len(xy), bool)
            inside_line += 10.0 * float(np.sum(_inside(xy[keep], box)))
        return inside_line, 0.0
    if isinstance(artist, PathCollection) and len(artist.get_offsets()):
        xy = artist.get_offset_transform().transform(artist.get_offsets())
        keep = _inside(xy, clip) if clip is not None else np.ones(len(xy), bool)
        return 10.0 * float(np.sum(_inside(xy[keep], box))), 0.0
    paths = []
    if isinstance(artist, Patch):
        if artist.get_facecolor()[3] == 0 and not artist.get_hatch() and artist.get_linewidth() == 0:
            return 0.0, 0.0
        paths = [artist.get_transform().transform_path(artist.get_path())]
    elif isinstance(artist, Collection):
        if not len(artist.get_facecolor()) and not artist.get_hatch():
            return 0.0, 0.0
        transform = artist.get_transform()
        paths = [transform.transform_path(p) for p in artist.get_paths()]
    if not paths:
        return 0.0, 0.0
    # a grid of points every 2 px inside the box, clipped to what the artist may draw on
    xs = np.arange(box.x0 + 1, box.x1 - 1, 2.0)
    ys = np.arange(box.y0 + 1, box.y1 - 1, 2.0)
    if not len(xs) or not len(ys):
        return 0.0, 0.0
    grid = np.array(np.meshgrid(xs, ys)).reshape(2, -1).T
    allowed = _inside(grid, clip) if clip is not None else np.ones(len(grid), bool)
    hit = np.zeros(len(grid), bool)
    for path in paths:
        hit |= path.contains_points(grid)
    return 0.0, float(np.sum(hit & allowed)) / len(grid)


def _covers_data(box: Bbox, axes: list[Axes], owner: str) -> list[Collision]:
    found = []
    for ax in axes:
        if not _overlap(box, ax.bbox):
            continue
        for artist in _data_artists(ax):
            length, area = _covered(artist, ax, box)
            if length > LINE_INSIDE_PX or area > AREA_INSIDE:
                found.append(Collision("legend", owner, f"{name(artist)} in the axes {ax.get_title()!r}"))
    return found


def _marker_radius_px(artist: Line2D, dpi: float) -> float:
    return artist.get_markersize() / 2 * dpi / 72 + artist.get_markeredgewidth() / 2 * dpi / 72


def _clipped_markers(ax: Axes, fig: Figure) -> list[Collision]:
    found = []
    canvas = fig.bbox
    for artist in ax.lines:
        if not artist.get_visible() or artist.get_marker() in ("None", "none", "", None, " "):
            continue
        xy = artist.get_transform().transform(artist.get_xydata())
        xy = xy[np.isfinite(xy).all(axis=1)]
        r = _marker_radius_px(artist, fig.dpi)
        clip = _clip_box(artist, ax)
        for box, where in ((clip, f"the axes {ax.get_title()!r}"), (canvas, "the canvas")):
            if box is None:
                continue
            touching = _inside(xy, box, shrink=-r)  # the marker reaches into the box
            whole = _inside(xy, box, shrink=r - EDGE_PX)
            if np.any(touching & ~whole):
                kind = "clipped" if box is clip else "canvas"
                found.append(Collision(kind, f"marker of {name(artist)}", where))
                break
    return found


def find_collisions(fig: Figure) -> list[Collision]:
    """Every collision in ``fig`` as drawn (the figure is drawn first if it was not)."""
    canvas = fig.canvas
    renderer = canvas.get_renderer()
    if getattr(fig, "stale", True) or not hasattr(renderer, "_renderer"):
        canvas.draw()
        renderer = canvas.get_renderer()
    texts = _texts(fig)
    legends = _legends(fig)
    boxes: list[tuple[str, Bbox, object]] = [(name(t), _text_box(t, renderer), t) for t in texts]
    boxes += [(name(lg), _legend_box(lg, renderer), lg) for lg in legends]
    found: list[Collision] = []
    for i, (a_name, a_box, _) in enumerate(boxes):
        for b_name, b_box, _ in boxes[i + 1 :]:
            if _overlap(a_box, b_box):
                found.append(Collision("text", a_name, b_name))
    whole = fig.bbox
    for a_name, a_box, _ in boxes:
        if (
            a_box.x0 < whole.x0 - EDGE_PX
            or a_box.y0 < whole.y0 - EDGE_PX
            or a_box.x1 > whole.x1 + EDGE_PX
            or a_box.y1 > whole.y1 + EDGE_PX
        ):
            found.append(Collision("canvas", a_name, "the canvas"))
    axes = [ax for ax in fig.axes if ax.get_visible()]
    for lg in legends:
        found += _covers_data(_legend_box(lg, renderer), axes, name(lg))
    for t in texts:
        if _opaque_box(t):
            found += _covers_data(_text_box(t, renderer), axes, name(t))
    for ax in axes:
        found += _clipped_markers(ax, fig)
    return found


__all__ = ["Collision", "find_collisions", "name"]
