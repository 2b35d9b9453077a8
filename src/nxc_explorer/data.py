"""The numbers behind a frame: the series a drawn matplotlib figure holds, as tidy rows.

Every drawing function already computes what it draws; after it has drawn, the figure
holds it: each line's x and y data, each bar's position and height, each scatter's points,
in data units, with the axes' titles and labels. :func:`series_rows` reads them back (no
drawing function needs to change), and :func:`csv_bytes` writes them as one tidy table:
the figure's control values as columns, then ``panel``, ``series``, ``x_label``, ``x``,
``y_label``, ``y``, one row per point. A whole figure's table is every frame's rows, one
block per frame, in the order of the frames.

An axis that writes fractions as percentages gets percentages in the table, as its label
says; a position on an axis of words (bars by category, or positions named by their tick
labels) is written as its word. A point with error bars (``errorbar``) is a row of its series
(the container's label: "PET, Rabiner 2011 (measured, fitted)"), and the ends of its bars
rows of their own, "<series> (error bar, low)" and "(error bar, high)" (or "left" and "right"
for bars along x), where the bars are drawn. Titles and labels are written on one line. Left out: lines
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
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure
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


def _series(name: str, kind: str, n: int) -> str:
    return f"{kind} {n}" if not name or name.startswith("_") else _clean(name)


def series_rows(fig: Figure) -> list[Row]:
    """Every point the figure's axes hold as data, as rows of :data:`COLUMNS` (text)."""
    rows: list[Row] = []
    for index, ax in enumerate(a for a in fig.axes if a.get_visible() and a.axison):
        rows += _axes_rows(ax, _panel(ax, index))
    return rows


def _axes_rows(ax, panel: str) -> list[Row]:
    """The rows of one panel: its lines, bars and scatter points."""
    rows: list[Row] = []
    twins = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax and a.get_xlabel()]
    x_label = _clean(ax.get_xlabel() or (twins[0].get_xlabel() if twins else ""))
    y_label = _clean(ax.get_ylabel())
    sx, sy = _percent_scale(ax.xaxis), _percent_scale(ax.yaxis)
    nx, ny = _namer(ax.xaxis), _namer(ax.yaxis)

    def row(series: str, x: Any, y: Any) -> Row:
        x, y = nx(x), ny(y)
        return (panel, series, x_label, number(_scaled(x, sx)), y_label, number(_scaled(y, sy)))

    errorbars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    in_errorbars = {id(line) for c in errorbars for line in _bar_lines(c)}
    # an error bar's point and caps are its own series (below), and not counted among the lines
    lines = [line for line in ax.get_lines() if id(line) not in in_errorbars]
    for n, line in enumerate(lines, 1):
        if not line.get_visible() or not _in_data_units(line, ax):
            continue
        name = _series(line.get_label(), "line", n)
        for x, y in zip(_values(line.get_xdata(orig=True)), _values(line.get_ydata(orig=True))):
            rows.append(row(name, x, y))
    for n, container in enumerate(ax.containers, 1):
        if not isinstance(container, BarContainer):
            continue
        name = _series(container.get_label(), "bars", n)
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        for bar in container.patches:
            if not bar.get_visible():
                continue
            if horizontal:
                rows.append(row(name, bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2))
            else:
                rows.append(row(name, bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()))
    for n, container in enumerate((c for c in ax.containers if isinstance(c, ErrorbarContainer)), 1):
        rows += _errorbar_rows(container, _series(container.get_label(), "error bars", n), row)
    for n, collection in enumerate(ax.collections, 1):
        if not isinstance(collection, PathCollection) or not collection.get_visible():
            continue  # scatter points only (not bands, fills or hatches)
        if collection.get_offset_transform() is not ax.transData:
            continue
        name = _series(collection.get_label(), "points", n)
        for x, y in np.asarray(collection.get_offsets(), dtype=float):
            rows.append(row(name, x, y))
    return rows


def _bar_lines(container: ErrorbarContainer) -> list:
    """The lines of an ``errorbar``: its points and its caps (the bars are collections)."""
    data_line, caplines, _ = container.lines
    return ([data_line] if data_line is not None else []) + list(caplines)


def _errorbar_rows(container: ErrorbarContainer, name: str, row: Callable[..., Row]) -> list[Row]:
    """An ``errorbar``'s points (series ``name``), then the ends of its bars as drawn."""
    data_line, _, bar_collections = container.lines
    if data_line is None or not data_line.get_visible():
        return []
    rows = [
        row(name, x, y)
        for x, y in zip(_values(data_line.get_xdata(orig=True)), _values(data_line.get_ydata(orig=True)))
    ]
    for bars in bar_collections:
        if not bars.get_visible():
            continue
        for segment in bars.get_segments():
            (x0, y0), (x1, y1) = np.asarray(segment, dtype=float)[[0, -1]]
            if x0 == x1:  # a bar along y
                rows.append(row(f"{name} (error bar, low)", x0, min(y0, y1)))
                rows.append(row(f"{name} (error bar, high)", x0, max(y0, y1)))
            else:
                rows.append(row(f"{name} (error bar, left)", min(x0, x1), y0))
                rows.append(row(f"{name} (error bar, right)", max(x0, x1), y0))
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
