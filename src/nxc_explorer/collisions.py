"""The collision check every frame passes: nothing drawn over anything else.

After a figure is drawn, :func:`find_collisions` lists what a reader would see as a fault:

* two texts whose boxes overlap (titles, axis labels, drawn tick labels, annotations,
  texts in the figure, legends as one box each);
* a legend, or a text on an opaque box, that covers plotted data (lines, markers, bars,
  bands, hatches) beyond a small tolerance;
* a marker cut by the edge of its axes (half a dot at 100%);
* a text, legend or marker that leaves the canvas;
* a text or legend closer to the canvas edge than :data:`EDGE_MARGIN_PT` (its last glyph
  is cut by antialiasing and rounding, as "100%" lost its "%");
* a text inside the axes (an annotation, a value label) over a plotted line, a marker, a
  hatch or an opaque band: only a faint unhatched band may lie behind a text;
* a legend entry for something the figure does not show: nothing drawn in its style, or
  a line drawn wholly under another line (its markers too, under markers as large), or a
  line drawn along another keyed line (two rows of the key for what reads as one line);
* a band (a span across the axes, or a filled range between two curves) with no legend
  entry in its style and no text naming it within its extent;
* a blank row above a keyed row in a one-column legend (a gap in the key on a phone).

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
    """One fault: ``kind`` (``text``, ``legend``, ``clipped``, ``canvas``, ``edge``,
    ``annotation``, ``entry``, ``unkeyed``, ``gap``) and the two artists."""

    kind: str
    first: str
    second: str

    def __str__(self) -> str:
        verbs = {
            "text": "overlaps",
            "legend": "covers",
            "clipped": "is cut by",
            "canvas": "leaves",
            "edge": "is too close to",
            "annotation": "is drawn over",
            "entry": "has a legend entry but",
            "unkeyed": "has no legend entry:",
            "gap": "leaves a blank row",
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
    """Points every ``step`` px along a polyline in display coordinates: the first vertex,
    then for each segment a to b of ``n = max(int(|b - a| / step), 1)`` steps the points
    ``a + (b - a) * k / n`` for k = 1..n (all segments at once)."""
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) < 2:
        return xy
    start, delta = xy[:-1], xy[1:] - xy[:-1]
    steps = np.maximum((np.hypot(delta[:, 0], delta[:, 1]) / step).astype(np.int64), 1)
    segment = np.repeat(np.arange(len(delta)), steps)
    k = np.arange(1, len(segment) + 1) - np.repeat(np.cumsum(steps) - steps, steps)
    along = start[segment] + delta[segment] * (k / steps[segment])[:, None]
    return np.vstack([xy[:1], along])


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
    global _POINTS
    _POINTS = {}  # the figure's artists stay put (and alive) while it is checked
    try:
        return _find_collisions(fig)
    finally:
        _POINTS = None


def _find_collisions(fig: Figure) -> list[Collision]:
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
    found += edge_margin_collisions(fig, boxes, found)
    found += annotation_collisions(fig, renderer)
    found += legend_entry_collisions(fig)
    found += unkeyed_band_collisions(fig)
    found += legend_gap_collisions(fig)
    return found


# --------------------------------------------------------------------------- the edge margin
#: Points of clear canvas every text and legend keeps from the frame's edge.
EDGE_MARGIN_PT = 1.5


def edge_margin_collisions(fig: Figure, boxes, found: list[Collision]) -> list[Collision]:
    """Texts and legends (``boxes``: name, box, artist) within :data:`EDGE_MARGIN_PT` of the
    canvas edge, unless already reported as leaving it."""
    margin = EDGE_MARGIN_PT * fig.dpi / 72
    whole = fig.bbox
    leaving = {c.first for c in found if c.kind == "canvas"}
    out = []
    for a_name, box, _artist in boxes:
        if a_name in leaving:
            continue
        gap = min(box.x0 - whole.x0, box.y0 - whole.y0, whole.x1 - box.x1, whole.y1 - box.y1)
        if gap < margin - 0.01:
            out.append(Collision("edge", a_name, f"the canvas edge ({gap:.1f} px, needs {margin:.1f})"))
    return out


# --------------------------------------------------------------------------- text over data
def _axes_texts(ax: Axes) -> list[Text]:
    """Texts drawn inside ``ax``'s data area (annotations and value labels), not its titles."""
    return [t for t in ax.texts if t.get_visible() and t.get_text().strip()]


#: Each line's points while one :func:`find_collisions` runs (the checks ask for the same
#: line's points many times: every pair of lines in an axes); None outside it.
_POINTS: dict[int, tuple[np.ndarray, float]] | None = None


def _line_points(artist, ax: Axes) -> tuple[np.ndarray, float]:
    """Points every pixel along the drawn stroke of a line or line collection, and its half
    width in pixels; markers are not part of the stroke."""
    if _POINTS is None:
        return _stroke_points(artist, ax)
    key = id(artist)
    if key not in _POINTS:
        _POINTS[key] = _stroke_points(artist, ax)
    return _POINTS[key]


def _stroke_points(artist, ax: Axes) -> tuple[np.ndarray, float]:
    from matplotlib.collections import LineCollection

    dpi = ax.figure.dpi
    if isinstance(artist, Line2D):
        if artist.get_linestyle() in ("None", "none", "") or artist.get_linewidth() <= 0:
            return np.empty((0, 2)), 0.0
        xy = artist.get_transform().transform(artist.get_xydata())
        dense = _densify(xy)
        width = artist.get_linewidth()
    elif isinstance(artist, LineCollection):
        widths = artist.get_linewidths()
        if not len(widths) or max(widths) <= 0:
            return np.empty((0, 2)), 0.0
        transform = artist.get_transform()
        parts = [_densify(transform.transform(path.vertices)) for path in artist.get_paths()]
        dense = np.vstack(parts) if parts else np.empty((0, 2))
        width = float(max(widths))
    else:
        return np.empty((0, 2)), 0.0
    clip = _clip_box(artist, ax)
    if clip is not None and len(dense):
        dense = dense[_inside(dense, clip)]
    return dense, width * dpi / 72 / 2


def _marker_boxes(artist, ax: Axes) -> list[Bbox]:
    """The box of every drawn marker of a line or a scatter, in pixels."""
    dpi = ax.figure.dpi
    if isinstance(artist, Line2D):
        if artist.get_marker() in ("None", "none", "", None, " "):
            return []
        xy = artist.get_transform().transform(artist.get_xydata())
        every = artist.get_markevery()
        if isinstance(every, int) and every > 1:
            xy = xy[::every]
        r = _marker_radius_px(artist, dpi)
    elif isinstance(artist, PathCollection) and len(artist.get_offsets()):
        xy = artist.get_offset_transform().transform(artist.get_offsets())
        sizes = artist.get_sizes()
        r = float(np.sqrt(max(sizes)) / 2 * dpi / 72) if len(sizes) else 0.0
    else:
        return []
    xy = xy[np.isfinite(xy).all(axis=1)]
    clip = _clip_box(artist, ax)
    if clip is not None and len(xy):
        xy = xy[_inside(xy, clip, shrink=-r)]
    return [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y in xy]


def _faint(artist) -> bool:
    """A band a text may sit on: unhatched and faint (a context or a range band)."""
    if artist.get_hatch():
        return False
    if isinstance(artist, Patch):
        colour = artist.get_facecolor()
        return colour[3] * (artist.get_alpha() if artist.get_alpha() is not None else 1.0) <= 0.35
    colours = artist.get_facecolor()
    return len(colours) == 0 or max(c[3] for c in colours) <= 0.35


#: Pixels of a text's box a line's stroke may reach into before the text sits on it.
LINE_SHRINK_PX = 0.0


def _text_over(text: Text, box: Bbox, ax: Axes) -> list[str]:
    """What of ``ax``'s plotted data lies under ``box`` (the ink box of ``text``)."""
    hits = []
    inner = Bbox.from_extents(box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1)
    for artist in [*ax.lines, *ax.patches, *ax.collections]:
        if not artist.get_visible():
            continue
        points, half = _line_points(artist, ax)
        if len(points):
            # the stroke may not reach into the text's box at all (a text sitting on its line)
            near = _inside(
                points,
                Bbox.from_extents(
                    box.x0 + LINE_SHRINK_PX - half,
                    box.y0 + LINE_SHRINK_PX - half,
                    box.x1 - LINE_SHRINK_PX + half,
                    box.y1 - LINE_SHRINK_PX + half,
                ),
            )
            if np.sum(near) > 2:
                hits.append(name(artist))
                continue
        if any(_overlap(inner, m) for m in _marker_boxes(artist, ax)):
            hits.append(f"marker of {name(artist)}")
            continue
        if isinstance(artist, Patch | Collection) and not isinstance(artist, PathCollection):
            from matplotlib.collections import LineCollection

            if isinstance(artist, LineCollection) or _faint(artist):
                continue
            _length, area = _covered(artist, ax, inner)
            if area > AREA_INSIDE:
                hits.append(name(artist) + (" (hatched)" if artist.get_hatch() else ""))
    return hits


def annotation_collisions(fig: Figure, renderer) -> list[Collision]:
    """Texts inside axes drawn over that axes' lines, markers, hatches or opaque bands."""
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for text in _axes_texts(ax):
            box = text.get_window_extent(renderer)
            for hit in _text_over(text, box, ax):
                out.append(Collision("annotation", name(text), f"{hit} in the axes {ax.get_title()!r}"))
    return out


# --------------------------------------------------------------------------- legend entries
def _rgba(colour) -> np.ndarray:
    from matplotlib.colors import to_rgba

    return np.asarray(to_rgba(colour), dtype=float)


def _same_colour(a, b, alpha: bool = False) -> bool:
    try:
        ca, cb = _rgba(a), _rgba(b)
    except (ValueError, TypeError):
        return False
    n = 4 if alpha else 3
    return bool(np.all(np.abs(ca[:n] - cb[:n]) < 0.02))


def _dash(artist) -> str:
    style = artist.get_linestyle()
    if isinstance(style, str):
        return {"solid": "-", "dashed": "--", "dotted": ":", "dashdot": "-."}.get(style, style)
    return str(style)


def _line_matches(handle: Line2D, artist) -> bool:
    from matplotlib.collections import LineCollection

    has_line = _dash(handle) not in ("None", "none", "") and handle.get_linewidth() > 0
    has_marker = handle.get_marker() not in ("None", "none", "", None, " ")
    if isinstance(artist, Line2D):
        if (
            has_line
            and _dash(artist) == _dash(handle)
            and _same_colour(artist.get_color(), handle.get_color())
        ):
            return True
        if has_marker and artist.get_marker() == handle.get_marker():
            return _same_colour(artist.get_markerfacecolor(), handle.get_markerfacecolor())
        return False
    if isinstance(artist, LineCollection) and has_line:
        colours = artist.get_colors()
        return len(colours) > 0 and _same_colour(colours[0], handle.get_color())
    if isinstance(artist, PathCollection) and has_marker:
        faces = artist.get_facecolors()
        return len(faces) > 0 and _same_colour(faces[0], handle.get_markerfacecolor())
    return False


def _patch_matches(handle: Patch, artist) -> bool:
    if isinstance(artist, Patch):
        face, edge = artist.get_facecolor(), artist.get_edgecolor()
    elif isinstance(artist, Collection) and not isinstance(artist, PathCollection):
        faces, edges = artist.get_facecolors(), artist.get_edgecolors()
        face = faces[0] if len(faces) else (0, 0, 0, 0)
        edge = edges[0] if len(edges) else (0, 0, 0, 0)
    else:
        return False
    if (artist.get_hatch() or "") != (handle.get_hatch() or ""):
        return False
    if handle.get_facecolor()[3] > 0:
        return _same_colour(face, handle.get_facecolor(), alpha=True)
    return _same_colour(edge, handle.get_edgecolor())


def _shows_something(artist, ax: Axes) -> bool:
    """Whether ``artist`` puts any ink inside its axes' view."""
    view = ax.bbox
    if isinstance(artist, Line2D):
        xy = artist.get_transform().transform(artist.get_xydata())
        xy = xy[np.isfinite(xy).all(axis=1)]
        return bool(len(xy)) and bool(np.any(_inside(xy, view, shrink=-2.0)))
    if isinstance(artist, PathCollection) and len(artist.get_offsets()):
        xy = artist.get_offset_transform().transform(artist.get_offsets())
        return bool(np.any(_inside(xy, view, shrink=-2.0)))
    try:
        box = artist.get_window_extent()
    except Exception:  # noqa: BLE001 - an artist without extent shows nothing we can see
        return False
    return box.width > 0.5 and box.height > 0.5 and _overlap(box, view) if box is not None else False


def _has_marker(line: Line2D) -> bool:
    return line.get_marker() not in ("None", "none", "", None, " ")


def _marker_centres(line: Line2D, ax: Axes) -> tuple[np.ndarray, float]:
    """The centre of every drawn marker of ``line`` (pixels) and the markers' radius."""
    boxes = _marker_boxes(line, ax)
    if not boxes:
        return np.empty((0, 2)), 0.0
    centres = np.array([[(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2] for b in boxes])
    return centres, (boxes[0].x1 - boxes[0].x0) / 2


def _near(sample: np.ndarray, cover: np.ndarray, reach: float) -> np.ndarray:
    """Which points of ``sample`` lie within ``reach`` pixels of a point of ``cover``."""
    near = np.zeros(len(sample), bool)
    if reach < 0 or not len(cover):
        return near
    for start in range(0, len(cover), 2000):
        chunk = cover[start : start + 2000]
        d = np.min(
            np.hypot(sample[:, None, 0] - chunk[None, :, 0], sample[:, None, 1] - chunk[None, :, 1]),
            axis=1,
        )
        near |= d <= reach
    return near


def _hidden_under(line: Line2D, ax: Axes) -> str | None:
    """The name of a later line that covers ``line`` along nearly all its length, if any.

    A line with markers is hidden when both its stroke (if it has one) and every one of its
    markers lie under the later line: each marker under a marker of that line drawn at least
    as large, or under its stroke where the stroke is at least as wide as the marker."""
    points, half = _line_points(line, ax)
    centres, radius = _marker_centres(line, ax) if _has_marker(line) else (np.empty((0, 2)), 0.0)
    if len(points) < 4 and not len(centres):
        return None
    artists = [a for a in ax.lines if a.get_visible()]
    order = sorted(artists, key=lambda a: (a.get_zorder(), artists.index(a)))
    for later in order[order.index(line) + 1 :]:
        cover, cover_half = _line_points(later, ax)
        if len(points) >= 4:
            if len(cover) < 2 or _dash(later) != "-" or cover_half < half - 0.01:
                continue
            step = max(len(points) // 400, 1)
            if _near(points[::step], cover, cover_half - half + 1.0).mean() <= 0.9:
                continue
        if len(centres):
            under = np.zeros(len(centres), bool)
            if len(cover) >= 2 and _dash(later) == "-":
                under |= _near(centres, cover, cover_half - radius + 1.0)
            if _has_marker(later):
                later_centres, later_radius = _marker_centres(later, ax)
                if later_radius >= radius - 0.01:
                    under |= _near(centres, later_centres, later_radius - radius + 1.0)
            if not under.all():
                continue
        return name(later)
    return None


def _lies_on(line: Line2D, ax: Axes, keyed: set[int]) -> str | None:
    """The name of an earlier line with its own legend entry (its ``id`` in ``keyed``) on which
    ``line``'s stroke lies along nearly all its length: two rows of the key for what reads as
    one line (a dashed line drawn on a solid one)."""
    points, half = _line_points(line, ax)
    if len(points) < 4:
        return None
    artists = [a for a in ax.lines if a.get_visible()]
    order = sorted(artists, key=lambda a: (a.get_zorder(), artists.index(a)))
    for earlier in order[: order.index(line)]:
        if id(earlier) not in keyed:
            continue
        under, under_half = _line_points(earlier, ax)
        if len(under) < 2:
            continue
        step = max(len(points) // 400, 1)
        if _near(points[::step], under, max(half, under_half) + 1.0).mean() > 0.9:
            return name(earlier)
    return None


def _empty_swatch(handle) -> bool:
    """A legend row whose swatch draws nothing: a line of text (a readout), not a key."""
    if isinstance(handle, Patch):
        return (
            handle.get_facecolor()[3] == 0
            and not handle.get_hatch()
            and (handle.get_linewidth() == 0 or handle.get_edgecolor()[3] == 0)
        )
    return False


def legend_entry_collisions(fig: Figure) -> list[Collision]:
    """Legend entries with nothing in the figure drawn in their style, or whose line is drawn
    wholly under another line. Entries with a blank label are place holders (a legend that
    keeps its size between frames) and are skipped."""
    out = []
    for legend in _legends(fig):
        owner = next((ax for ax in fig.axes if ax.get_legend() is legend), None)
        # an axes' legend keys what is drawn in it and in its twins (a second y axis)
        axes = owner._twinned_axes.get_siblings(owner) if owner is not None else fig.axes
        axes = [ax for ax in axes if ax.get_visible()]
        entries = []
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            label = " ".join(text.get_text().split())
            if not label or handle is None or not handle.get_visible() or _empty_swatch(handle):
                continue
            drawn = []
            for ax in axes:
                for artist in [*ax.lines, *ax.patches, *ax.collections]:
                    if not artist.get_visible():
                        continue
                    if isinstance(handle, Line2D):
                        ok = _line_matches(handle, artist)
                    elif isinstance(handle, Patch):
                        ok = _patch_matches(handle, artist)
                    elif isinstance(handle, PathCollection):
                        ok = (
                            _line_matches(
                                Line2D(
                                    [],
                                    [],
                                    linestyle="none",
                                    marker="o",
                                    markerfacecolor=handle.get_facecolors()[0],
                                ),
                                artist,
                            )
                            if len(handle.get_facecolors())
                            else False
                        )
                    else:
                        ok = True  # an entry kind this check does not know is trusted
                    if ok and _shows_something(artist, ax):
                        drawn.append((artist, ax))
            entries.append((label, drawn))
        for label, drawn in entries:
            if not drawn:
                out.append(Collision("entry", f"{label!r}", "nothing is drawn in its style"))
                continue
            lines = [(a, ax) for a, ax in drawn if isinstance(a, Line2D)]
            if lines and len(lines) == len(drawn):
                covers = [_hidden_under(a, ax) for a, ax in lines]
                if all(covers):
                    out.append(Collision("entry", f"{label!r}", f"its line is hidden under {covers[0]}"))
                    continue
                # the lines the legend's other entries key (by artist: a translated legend's
                # words are not the lines' labels)
                keyed = {id(a) for other, its in entries if other != label for a, _ in its} - {
                    id(a) for a, _ in drawn
                }
                under = [_lies_on(a, ax, keyed) for a, ax in lines]
                if all(under):
                    out.append(Collision("entry", f"{label!r}", f"its line lies on {under[0]}, keyed apart"))
    return out


# --------------------------------------------------------------------------- bands and their keys
def _bands(ax: Axes):
    """The bands drawn in ``ax``: spans across the whole axes (``axhspan``, ``axvspan``) and
    filled ranges (``fill_between``), visible and with ink (a fill or a hatch)."""
    from matplotlib.collections import LineCollection, PolyCollection

    for artist in [*ax.patches, *ax.collections]:
        if not artist.get_visible() or isinstance(artist, PathCollection | LineCollection):
            continue
        if isinstance(artist, Patch):
            if artist.get_facecolor()[3] == 0 and not artist.get_hatch():
                continue
            box, full = artist.get_window_extent(), ax.bbox
            spans_x = box.x0 <= full.x0 + 1 and box.x1 >= full.x1 - 1
            spans_y = box.y0 <= full.y0 + 1 and box.y1 >= full.y1 - 1
            if spans_x or spans_y:
                yield artist, ("y" if spans_x else "x")
        elif isinstance(artist, PolyCollection) and len(artist.get_paths()):
            faces = artist.get_facecolors()
            if (len(faces) and max(f[3] for f in faces) > 0) or artist.get_hatch():
                yield artist, "xy"


def _named_by_text(band, along: str, ax: Axes, renderer) -> bool:
    """Whether a text of ``ax`` names ``band``: its anchor lies within the band's extent
    (for a horizontal span, its height; a vertical one, its width; a filled range, its box)."""
    box = band.get_window_extent(renderer)
    for text in ax.texts:
        if not text.get_visible() or not text.get_text().strip():
            continue
        x, y = text.get_transform().transform(text.get_position())
        inside_x = box.x0 - 1 <= x <= box.x1 + 1
        inside_y = box.y0 - 1 <= y <= box.y1 + 1
        if (along == "y" and inside_y) or (along == "x" and inside_x) or (inside_x and inside_y):
            return True
    return False


def unkeyed_band_collisions(fig: Figure) -> list[Collision]:
    """Bands with no legend entry drawn in their style and no text naming them: bands and
    their keys always together (a band without one reads as whatever the reader guesses)."""
    renderer = fig.canvas.get_renderer()
    handles = [h for lg in _legends(fig) for h in lg.legend_handles if h is not None]
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for band, along in _bands(ax):
            keyed = any(isinstance(h, Patch) and _patch_matches(h, band) for h in handles)
            if not keyed and not _named_by_text(band, along, ax, renderer):
                out.append(
                    Collision(
                        "unkeyed", f"band {name(band)} in the axes {ax.get_title()!r}", "no text names it"
                    )
                )
    return out


def legend_gap_collisions(fig: Figure) -> list[Collision]:
    """One-column legends with a blank row (a place holder) above a row with words: the key
    shows a gap. Place holders go last."""
    out = []
    for legend in _legends(fig):
        if legend._ncols != 1:
            continue
        labels = [t.get_text().strip() for t in legend.get_texts()]
        blank = [i for i, label in enumerate(labels) if not label]
        if blank and any(labels[i] for i in range(blank[0] + 1, len(labels))):
            below = next(label for label in labels[blank[0] + 1 :] if label)
            out.append(Collision("gap", name(legend), f"above {below!r}"))
    return out


__all__ = ["Collision", "EDGE_MARGIN_PT", "find_collisions", "name"]
