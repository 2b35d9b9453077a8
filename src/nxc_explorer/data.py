"""The numbers behind a frame: the series a drawn matplotlib figure holds, as tidy rows.

Every drawing function already computes what it draws; after it has drawn, the figure
holds it: each line's x and y data, each bar's position and height, each scatter's points,
in data units, with the axes' titles and labels. :func:`series_rows` reads them back (no
drawing function needs to change), and :func:`csv_bytes` writes them as one tidy table:
the figure's control values as columns, then ``panel``, ``series``, ``x_label``, ``x``,
``y_label``, ``y``, one row per point. A whole figure's table is every frame's rows, one
block per frame, in the order of the frames.

Each series is named as the reader of the figure names it: by its artist's label; else by
its ``gid`` (for a series the figure names with text on the plot, drawn without a label so
that no legend lists it); else, for the marker line and caps of an error bar, by the error
bar's label or ``gid``; else by the legend entry whose key is drawn like it (one entry only).
A series with none of these is written "line 3", "bars 1" or "points 2": a drawing function
should name it (:func:`unnamed`).

An axis that writes fractions as percentages gets percentages in the table, as its label
says; a position on an axis of words (bars by category, or positions named by their tick
labels) is written as its word. Titles and labels are written on one line. Left out: lines
drawn across the axes (``axhline``/``axvline``: a reference level, not data), bands and
fills (``fill_between``), and anything invisible. Numbers keep 6 significant digits.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, PercentFormatter

#: The columns after the control values.
COLUMNS = ("panel", "series", "x_label", "x", "y_label", "y")
#: Significant digits of every number in the table.
DIGITS = 6

Row = tuple[str, str, str, str, str, str]


def number(value: Any) -> str:
    """A value as the table writes it: numbers with :data:`DIGITS` significant digits."""
    if isinstance(value, str):
        return value
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return ""
    return f"{x:.{DIGITS}g}"


def _values(data: Any) -> list:
    array = np.asarray(data, dtype=object).ravel()
    return list(array)


def _clean(text: str) -> str:
    """A title, label or name on one line: a word hyphenated over two lines joined again."""
    return " ".join(re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", str(text)).split())


def _is_number(text: str) -> bool:
    try:
        float(text.replace("%", "").replace("\N{MINUS SIGN}", "-").strip("$ "))
    except ValueError:
        return False
    return True


def _tick_names(axis) -> dict[float, str]:
    """An axis of named positions (``set_yticks(range(3), labels=["a", "b", "c"])``): each
    position's name; empty for an axis of numbers."""
    formatter = axis.get_major_formatter()
    fixed = isinstance(axis.get_major_locator(), FixedLocator)
    if not (isinstance(formatter, FixedFormatter) or (fixed and isinstance(formatter, FuncFormatter))):
        return {}
    places = [float(at) for at in axis.get_majorticklocs()]
    names = [_clean(text) for text in formatter.format_ticks(places)]
    if not names or not any(name and not _is_number(name) for name in names):
        return {}
    return {at: name for at, name in zip(places, names) if name}


def _namer(axis) -> Callable[[Any], Any]:
    """A position as its category's name, on an axis of words (``ax.bar(["a", "b"], ...)``,
    or positions named by their tick labels); on an axis of numbers the value itself."""
    mapping = getattr(axis.get_units(), "_mapping", None)
    if mapping:
        by_position = {position: name for name, position in mapping.items()}
        return lambda value: by_position.get(round(float(value)), value)
    ticks = _tick_names(axis)
    if not ticks:
        return lambda value: value

    def name(value: Any) -> Any:
        try:
            x = float(value)
        except (TypeError, ValueError):
            return value
        for at, text in ticks.items():
            if abs(x - at) <= 1e-9 * max(1.0, abs(at)):
                return text
        return value

    return name


def _percent_scale(axis) -> float:
    """100 when the axis writes fractions as percentages (matplotlib's ``PercentFormatter``
    with ``xmax=1``, or tick labels that read 100 times their positions: 0.25 -> "25"):
    the table then holds the percentages its label names; else 1."""
    formatter = axis.get_major_formatter()
    if isinstance(formatter, PercentFormatter) and formatter.xmax:
        return 100.0 / formatter.xmax
    places = [float(at) for at in axis.get_majorticklocs()]
    try:
        shown = [
            float(str(text).replace("%", "").replace("\N{MINUS SIGN}", "-"))
            for text in formatter.format_ticks(places)
        ]
    except (ValueError, TypeError):
        return 1.0
    pairs = [(at, text) for at, text in zip(places, shown) if at]
    if len(pairs) >= 2 and all(abs(text - 100 * at) < 1e-6 * max(1.0, abs(text)) for at, text in pairs):
        return 100.0
    return 1.0


def _scaled(value: Any, scale: float) -> Any:
    if scale == 1.0 or isinstance(value, str):
        return value
    try:
        return float(value) * scale
    except (TypeError, ValueError):
        return value


def _title(ax) -> str:
    return ax.get_title() or ax.get_title(loc="left") or ax.get_title(loc="right")


def _panel(ax, index: int) -> str:
    """The axes' title; a twin axes (a second y scale on the same x, ``twinx``) has none of its
    own and belongs to the panel of the axes it shares its x with."""
    title = _title(ax)
    if not title:
        twins = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax and _title(a)]
        title = _title(twins[0]) if twins else ""
    return _clean(title) if title else f"panel {index + 1}"


def _in_data_units(artist, ax) -> bool:
    transform = artist.get_transform()
    return transform is ax.transData or transform == ax.transData


#: A series the figure gives no name (:func:`_series`): "line 3", "bars 1", "points 2".
UNNAMED = re.compile(r"^(line|bars|points) \d+$")


def _own(label: Any) -> str:
    """A label as a name: empty for matplotlib's own ("_child3", "_nolegend_") or none."""
    return "" if not label or str(label).startswith("_") else str(label)


def _series(name: str, kind: str, n: int) -> str:
    return f"{kind} {n}" if not _own(name) else _clean(name)


def unnamed(series: str) -> bool:
    """Whether ``series`` is the table's stand-in for a series the figure did not name."""
    return bool(UNNAMED.match(series))


def _marker(line: Line2D) -> str:
    marker = line.get_marker()
    return "none" if marker in (None, "", " ", "None", "none") else str(marker)


def _look(line: Line2D) -> tuple:
    """How a line is drawn, as a legend's key repeats it: colours, line style and marker."""
    face = line.get_markerfacecolor()
    return (
        to_rgba(line.get_color()),
        "none" if str(face).lower() == "none" else to_rgba(face),
        "None" if line.get_linestyle() in ("None", "none", " ", "") else line.get_linestyle(),
        _marker(line),
    )


def _legend_keys(fig: Figure) -> list[tuple[tuple, str]]:
    """Each legend entry of the figure (its axes' and its own) whose key draws a line or a
    marker: (how the key is drawn, the entry's text)."""
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    keys = []
    for legend in legends:
        if legend is None:
            continue
        box = getattr(legend, "_legend_handle_box", None)
        for column in box.get_children() if box is not None else []:
            for entry in column.get_children():
                parts = entry.get_children()
                if len(parts) != 2:
                    continue
                handle, text = parts
                words = [t.get_text() for t in text.get_children() if hasattr(t, "get_text")]
                name = _own(words[0].strip()) if words else ""
                for artist in handle.get_children():
                    if name and isinstance(artist, Line2D):
                        keys.append((_look(artist), name))
    return keys


def _given_names(ax, keys: list[tuple[tuple, str]]) -> dict[int, str]:
    """Names of the panel's lines that carry no label of their own: their ``gid``, else the
    one legend entry whose key is drawn like the line; an error bar's marker line and caps
    by the error bar's label, else by its marker line's name."""
    names: dict[int, str] = {}
    for line in ax.get_lines():
        if _own(line.get_label()):
            continue
        if line.get_gid():
            names[id(line)] = str(line.get_gid())
            continue
        matches = {name for key, name in keys if key == _look(line)}
        if len(matches) == 1:
            names[id(line)] = matches.pop()
    for container in ax.containers:
        if not isinstance(container, ErrorbarContainer):
            continue
        data_line, caps, _ = container.lines
        name = _own(container.get_label()) or (names.get(id(data_line), "") if data_line is not None else "")
        if not name:
            continue
        if data_line is not None:
            names[id(data_line)] = name
        for cap in caps:
            names[id(cap)] = f"{name} (error bar)"
    return names


def series_rows(fig: Figure) -> list[Row]:
    """Every point the figure's axes hold as data, as rows of :data:`COLUMNS` (text)."""
    rows: list[Row] = []
    keys = _legend_keys(fig)
    for index, ax in enumerate(a for a in fig.axes if a.get_visible() and a.axison):
        rows += _axes_rows(ax, _panel(ax, index), _given_names(ax, keys))
    return rows


def _axes_rows(ax, panel: str, given: dict[int, str] | None = None) -> list[Row]:
    """The rows of one panel: its lines, bars and scatter points (``given``: names of lines
    without a label of their own, :func:`_given_names`)."""
    given = given or {}
    rows: list[Row] = []
    twins = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax and a.get_xlabel()]
    x_label = _clean(ax.get_xlabel() or (twins[0].get_xlabel() if twins else ""))
    y_label = _clean(ax.get_ylabel())
    sx, sy = _percent_scale(ax.xaxis), _percent_scale(ax.yaxis)
    nx, ny = _namer(ax.xaxis), _namer(ax.yaxis)

    def row(series: str, x: Any, y: Any) -> Row:
        x, y = nx(x), ny(y)
        return (panel, series, x_label, number(_scaled(x, sx)), y_label, number(_scaled(y, sy)))

    for n, line in enumerate(ax.get_lines(), 1):
        if not line.get_visible() or not _in_data_units(line, ax):
            continue
        name = _series(given.get(id(line)) or line.get_label(), "line", n)
        for x, y in zip(_values(line.get_xdata(orig=True)), _values(line.get_ydata(orig=True))):
            rows.append(row(name, x, y))
    for n, container in enumerate(ax.containers, 1):
        if not isinstance(container, BarContainer):
            continue
        gids = [bar.get_gid() for bar in container.patches if bar.get_gid()]
        name = _series(_own(container.get_label()) or (gids[0] if gids else ""), "bars", n)
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        for bar in container.patches:
            if not bar.get_visible():
                continue
            if horizontal:
                rows.append(row(name, bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2))
            else:
                rows.append(row(name, bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()))
    for n, collection in enumerate(ax.collections, 1):
        if not isinstance(collection, PathCollection) or not collection.get_visible():
            continue  # scatter points only (not bands, fills or hatches)
        if collection.get_offset_transform() is not ax.transData:
            continue
        name = _series(_own(collection.get_label()) or (collection.get_gid() or ""), "points", n)
        for x, y in np.asarray(collection.get_offsets(), dtype=float):
            rows.append(row(name, x, y))
    return rows


def csv_bytes(names: Sequence[str], blocks: Sequence[tuple[Sequence[Any], Sequence[Row]]]) -> bytes:
    """A tidy CSV (UTF-8, ``\\n`` line ends): a header of the control ``names`` and
    :data:`COLUMNS`, then for each ``(control values, rows)`` block its rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*names, *COLUMNS])
    for values, rows in blocks:
        cells = [number(v) for v in values]
        for row in rows:
            writer.writerow([*cells, *row])
    return out.getvalue().encode("utf-8")
