"""The numbers behind a frame: the series a drawn matplotlib figure holds, as tidy rows.

Every drawing function already computes what it draws; after it has drawn, the figure
holds it: each line's x and y data, each bar's position and height, each scatter's points,
in data units, with the axes' titles and labels. :func:`series_rows` reads them back (no
drawing function needs to change), and :func:`csv_bytes` writes them as one tidy table:
the figure's control values as columns, then ``panel``, ``series``, ``x_label``, ``x``,
``y_label``, ``y``, one row per point. A whole figure's table is every frame's rows, one
block per frame, in the order of the frames.

An axis that writes fractions as percentages gets percentages in the table, as its label
says. Left out: lines drawn across the axes (``axhline``/``axvline``: a reference level, not
data), bands and fills (``fill_between``), and anything invisible. Numbers keep 6
significant digits.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

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


def _category(axis, value: float) -> Any:
    """A bar's position as its category's name, on an axis of words (``ax.bar(["a", "b"], ...)``)."""
    mapping = getattr(axis.get_units(), "_mapping", None)
    if not mapping:
        return value
    names = {position: name for name, position in mapping.items()}
    return names.get(round(value), value)


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


def _panel(ax, index: int) -> str:
    return ax.get_title() or ax.get_title(loc="left") or ax.get_title(loc="right") or f"panel {index + 1}"


def _in_data_units(artist, ax) -> bool:
    transform = artist.get_transform()
    return transform is ax.transData or transform == ax.transData


def series_rows(fig: Figure) -> list[Row]:
    """Every point the figure's axes hold as data, as rows of :data:`COLUMNS` (text)."""
    rows: list[Row] = []
    for index, ax in enumerate(a for a in fig.axes if a.get_visible() and a.axison):
        panel = _panel(ax, index)
        x_label, y_label = ax.get_xlabel(), ax.get_ylabel()
        sx, sy = _percent_scale(ax.xaxis), _percent_scale(ax.yaxis)
        for n, line in enumerate(ax.get_lines(), 1):
            if not line.get_visible() or not _in_data_units(line, ax):
                continue
            name = line.get_label()
            name = f"line {n}" if not name or name.startswith("_") else name
            for x, y in zip(_values(line.get_xdata(orig=True)), _values(line.get_ydata(orig=True))):
                rows.append((panel, name, x_label, number(_scaled(x, sx)), y_label, number(_scaled(y, sy))))
        for n, container in enumerate(ax.containers, 1):
            if not isinstance(container, BarContainer):
                continue
            name = container.get_label()
            name = f"bars {n}" if not name or name.startswith("_") else name
            horizontal = getattr(container, "orientation", "vertical") == "horizontal"
            for bar in container.patches:
                if not bar.get_visible():
                    continue
                if horizontal:
                    x = bar.get_x() + bar.get_width()
                    y = _category(ax.yaxis, bar.get_y() + bar.get_height() / 2)
                else:
                    x = _category(ax.xaxis, bar.get_x() + bar.get_width() / 2)
                    y = bar.get_y() + bar.get_height()
                rows.append((panel, name, x_label, number(_scaled(x, sx)), y_label, number(_scaled(y, sy))))
        for n, collection in enumerate(ax.collections, 1):
            if not isinstance(collection, PathCollection) or not collection.get_visible():
                continue  # scatter points only (not bands, fills or hatches)
            if collection.get_offset_transform() is not ax.transData:
                continue
            name = collection.get_label()
            name = f"points {n}" if not name or name.startswith("_") else name
            for x, y in np.asarray(collection.get_offsets(), dtype=float):
                rows.append((panel, name, x_label, number(x * sx), y_label, number(y * sy)))
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
