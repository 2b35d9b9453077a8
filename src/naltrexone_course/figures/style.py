"""House style shared by every drawing function: colours, line styles, axes.

Colours come from the Okabe-Ito palette, which stays distinct for the common kinds
of colour blindness; every series also differs in line style or marker, so meaning
never rests on colour alone.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: The eight Okabe-Ito colours (Okabe & Ito 2008, colour-blind safe), by name. Every colour a
#: figure draws comes from this module: no figure module writes a colour of its own
#: (tests/test_figure_style.py reads them).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: Neutrals: ink (text, black lines), the paper, a grey for what a figure compares against,
#: a light grey for outlines of the unremarkable, a dark grey for notes.
INK, PAPER, GREY, FAINT, NOTE = "#000000", "#FFFFFF", "#555555", "#9A9A9A", "#222222"

#: Colours by role. The keys are the ones every figure has always used; their meanings are
#: fixed below (RECEPTORS, REGIMENS, PATHWAYS, OUTCOMES, SELECTED) and shown on the
#: contributor page "Figure style" (book/figure-style.md).
COLOURS = {
    "mu": OKABE_ITO["blue"],
    "kappa": OKABE_ITO["vermillion"],
    "delta": OKABE_ITO["green"],
    "reference": GREY,  # what a figure compares against: no naltrexone, placebo, other arm
    "highlight": OKABE_ITO["orange"],  # the selected value, and nothing else
    "accent": OKABE_ITO["purple"],
    "sky": OKABE_ITO["sky"],  # context bands (a phase of time), always with their own label
    "ink": INK,
    "paper": PAPER,
    "faint": FAINT,
    "note": NOTE,
}
#: Okabe-Ito in the order lines take them when a drawing function names no colour.
CYCLE = [OKABE_ITO[c] for c in ("blue", "vermillion", "green", "purple", "orange", "sky", "black")]


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (channels 0-1)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a, b) -> float:
    """WCAG contrast ratio (1 to 21) between two colours (any matplotlib colour, or sRGB
    channels 0-1)."""
    from matplotlib.colors import to_rgb

    la, lb = sorted((relative_luminance(to_rgb(a)), relative_luminance(to_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _contrast_on_white(rgb: tuple[float, float, float]) -> float:
    return 1.05 / (relative_luminance(rgb) + 0.05)


def text_colour(colour: str, ratio: float = 4.5) -> str:
    """``colour`` darkened just enough for text on white to reach ``ratio``:1 contrast
    (WCAG 1.4.3 asks 4.5:1 for text, also for text inside images). Several Okabe-Ito
    colours are too light for small text: vermillion 3.9:1, orange 2.2:1."""
    from matplotlib.colors import to_hex, to_rgb

    rgb = to_rgb(colour)
    for step in range(101):
        shade = to_hex(tuple(c * (1 - step / 100) for c in rgb))
        if _contrast_on_white(to_rgb(shade)) >= ratio:  # judged as written (hex rounds)
            return shade
    return "#000000"


#: Text in a series' colour (labels next to lines): the house colours, darkened for
#: readable contrast on white. Use these for ``ax.text``/``annotate``, never COLOURS.
TEXT_COLOURS = {role: text_colour(colour) for role, colour in COLOURS.items()}
LINESTYLES = {"mu": "-", "kappa": "--", "delta": ":"}
MARKERS = {"mu": "o", "kappa": "s", "delta": "^"}
FIGSIZE = (7.2, 3.6)
HOUSE_STYLE = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "axes.titleweight": "bold",
    "figure.dpi": 100,
    # Titles sit on top of their axes (no figure has ticks or labels along the top). A fixed
    # place spares matplotlib measuring each axes' top side for every title at every draw,
    # creating and sizing all its ticks (on a log axis, dozens of minor ones): about a
    # seventh of a frame's drawing, with the same pixels as the automatic place.
    "axes.titley": 1.0,
    # lines that name no colour still get Okabe-Ito, never matplotlib's default blue/orange
    "axes.prop_cycle": cycler(color=CYCLE),
}
plt.rcParams.update(HOUSE_STYLE)


#: The layouts every drawing function offers: ``wide`` (panels side by side, desktop)
#: and ``narrow`` (panels stacked, type sized for a 360 CSS px phone screen).
LAYOUTS = ("wide", "narrow")
#: Width (inches) of a narrow figure and height (inches) of each stacked panel.
NARROW_WIDTH = 3.6
NARROW_PANEL_HEIGHT = 2.7


#: Smallest font size (pt) in a narrow figure. On a phone the narrow frame is shown at the
#: screen's full width (nxc-explorer.css), so a 3.6 in frame on a 360 px screen keeps its
#: sizes: 10 pt drawn is 10 pt seen, in the light and the dark theme alike
#: (tests/test_figure_style.py checks every narrow frame's text as it lands).
NARROW_MIN_FONT = 10.0


def text_size(layout: str, wide: float = 8.0) -> float:
    """Font size (pt) for small annotations: ``wide`` on desktops, at least
    :data:`NARROW_MIN_FONT` in the narrow (phone) layout."""
    return wide if check_layout(layout) == "wide" else max(wide, NARROW_MIN_FONT)


def check_layout(layout: str) -> str:
    """``layout`` if it is one of :data:`LAYOUTS`; a ValueError naming it otherwise."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    return layout


#: Points of clear canvas constrained layout keeps around a figure's content.
CANVAS_PAD_PT = 5.0


def new_figure(
    ncols: int = 1,
    width_ratios: tuple[float, ...] | None = None,
    layout: str = "wide",
    panel_height: float | None = None,
) -> tuple[Figure, list[Axes]]:
    """A figure in the house style with ``ncols`` panels.

    ``layout="wide"`` puts the panels side by side (``width_ratios`` sets their widths);
    ``layout="narrow"`` stacks them in one column for a phone screen, each panel
    ``panel_height`` inches tall (default :data:`NARROW_PANEL_HEIGHT`; give more room to a
    panel whose legend goes below it). In narrow figures keep titles and labels short
    (about 30 characters at 10 pt), put legends inside an empty corner or below the axes,
    and use :func:`text_size` for small annotations."""
    check_layout(layout)
    if layout == "wide":
        fig, axes = plt.subplots(
            1, ncols, figsize=FIGSIZE, layout="constrained", gridspec_kw={"width_ratios": width_ratios}
        )
    else:
        fig, axes = plt.subplots(
            ncols,
            1,
            figsize=(NARROW_WIDTH, (panel_height or NARROW_PANEL_HEIGHT) * ncols),
            layout="constrained",
        )
    # a wider pad at the canvas edge than matplotlib's 3 pt: a frameless legend's or a bold
    # title's last glyph otherwise lands a pixel from the edge (collisions.EDGE_MARGIN_PT)
    fig.get_layout_engine().set(w_pad=CANVAS_PAD_PT / 72, h_pad=CANVAS_PAD_PT / 72)
    axes_list = list(np.atleast_1d(axes))
    for ax in axes_list:
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, alpha=0.25, linewidth=0.6)
    return fig, axes_list


def percent_axis(ax: Axes, label: str = "receptors occupied (%)") -> None:
    """Format the y axis as 0-100 %."""
    ax.set_ylim(-0.02, 1.02)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25", "50", "75", "100"])
    ax.set_ylabel(label)


# --------------------------------------------------------------------------- quantities
def concentration(nM: float) -> str:
    """A concentration in conventional units: ``0.1 nM``, ``10 µM``, ``1 mM`` (not 1e+06 nM)."""
    nM = float(nM)
    for unit, scale in (("mM", 1e6), ("µM", 1e3)):
        if abs(nM) >= scale:
            return f"{nM / scale:g} {unit}"
    return f"{nM:g} nM"


def count(n: float, unit: str) -> str:
    """``n`` with its unit in the right number: ``1 day``, ``2 days``, ``0 days``."""
    return f"{n:g} {unit}" if n == 1 else f"{n:g} {unit}s"


def people(n: int, verb_one: str, verb_many: str) -> str:
    """``n`` with the verb that agrees with it: ``1 is spared``, ``2 are spared``."""
    return f"{n} {verb_one if n == 1 else verb_many}"


def rounded(x: float, digits: int = 2) -> str:
    """``x`` to ``digits`` significant figures with thousands separators: ``1,300`` for
    1,337 (a model's ratio is not known to the unit)."""
    from math import floor, log10

    if x == 0 or not np.isfinite(x):
        return f"{x:g}"
    places = digits - 1 - floor(log10(abs(x)))
    value = round(x, places)
    return f"{value:,.{max(places, 0)}f}"


#: The multiplication sign, for ratios and "times" axes (never the letter x).
TIMES = "\u00d7"


def days(n: float) -> str:
    """A number of days: ``1 day``, ``3 days`` (a readout for :class:`explorer.Control`)."""
    return count(n, "day")


# --------------------------------------------------------------------------- shared drawing ideas
#: The days a dose was due and not given: hatched "//" in grey (HATCHES["missed"], the hatch's
#: one meaning), with its legend entry.
GAP_HATCH = {"facecolor": "none", "edgecolor": GREY, "hatch": "//", "linewidth": 0}
GAP_LABEL = "doses missed"


def gap_hatch(axes: list[Axes], start: float, end: float) -> None:
    """Hatch the days without medicine (``start`` to ``end``, in the x units of each axes)."""
    if end > start:
        for ax in axes:
            ax.axvspan(start, end, **GAP_HATCH)


def gap_handle(label: str = GAP_LABEL):
    """The legend entry of :func:`gap_hatch` (present in every frame, so legends keep one size)."""
    from matplotlib.patches import Patch

    return Patch(**{**GAP_HATCH, "linewidth": 0.8}, label=label)


def legible_size(fig: Figure, size: float | None = None) -> float:
    """``size`` (default: the house legend size), raised to :data:`NARROW_MIN_FONT` in a
    narrow (phone) figure."""
    size = plt.rcParams["legend.fontsize"] if size is None else size
    narrow = abs(fig.get_figwidth() - NARROW_WIDTH) < 1e-6
    return max(float(size), NARROW_MIN_FONT) if narrow else float(size)


def legend_below(ax: Axes, handles=None, ncol: int = 1, below_pt: float | None = None, **kwargs):
    """A legend under the axes, clear of its tick labels and x label (outside the data: it can
    never cover a curve). ``below_pt`` is the gap under the axes' frame, in points (default:
    room for the tick labels and a one-line x label); ``bbox_to_anchor`` sets only x."""
    from matplotlib.transforms import ScaledTranslation

    x = kwargs.pop("bbox_to_anchor", (0.5, 0.0))[0]
    kwargs["fontsize"] = legible_size(ax.figure, kwargs.get("fontsize"))
    if below_pt is None:
        size = plt.rcParams["font.size"]
        below_pt = 2.9 * size + 6 if ax.get_xlabel() else 1.6 * size + 4
    shift = ScaledTranslation(0, -below_pt / 72, ax.figure.dpi_scale_trans)
    options = dict(
        loc="upper center",
        bbox_to_anchor=(x, 0.0),
        bbox_transform=ax.transAxes + shift,
        frameon=False,
        ncol=ncol,
    )
    options.update(kwargs)
    if handles is not None:
        return ax.legend(handles=handles, **options)
    return ax.legend(**options)


def figure_legend_below(fig: Figure, handles, ncol: int = 1, **kwargs):
    """One legend for all panels, under them (constrained layout gives it its own room)."""
    kwargs["fontsize"] = legible_size(fig, kwargs.get("fontsize"))
    options = dict(loc="outside lower center", frameon=False, ncol=ncol)
    options.update(kwargs)
    return fig.legend(handles=handles, **options)


def icon_array(ax: Axes, kinds: list[str], styles: dict[str, dict], layout: str, grid: int = 10, **extra):
    """``grid`` x ``grid`` people as icons, in the order of ``kinds`` (row by row from the top
    left). ``styles[kind]`` gives ``marker``, ``color``, ``edge`` and a relative ``scale`` (1 for
    a dot; a star is drawn larger to read as big). Icons are sized to the layout's cell so they
    never touch (a phone's cell is about half a desktop's). ``extra[kind]`` adds scatter keywords.
    Returns the legend handles, one per kind, in the order of ``styles``."""
    from matplotlib.lines import Line2D

    cell_pt = 19.0 if check_layout(layout) == "wide" else 13.0  # points per person
    positions = np.array([(i % grid, grid - 1 - i // grid) for i in range(len(kinds))], dtype=float)
    handles = []
    for kind, style in styles.items():
        mask = np.array([k == kind for k in kinds], dtype=bool)
        diameter = 0.62 * cell_pt * style.get("scale", 1.0)
        if mask.any():
            ax.scatter(
                positions[mask, 0],
                positions[mask, 1],
                s=diameter**2,
                marker=style["marker"],
                c=style["color"],
                edgecolors=style["edge"],
                linewidths=0.8,
                **extra.get(kind, {}),
            )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=style["marker"],
                markerfacecolor=style["color"],
                markeredgecolor=style["edge"],
                markersize=9 * style.get("scale", 1.0),
                alpha=extra.get(kind, {}).get("alpha", 1.0),
            )
        )
    ax.set_xlim(-0.7, grid - 0.3)
    ax.set_ylim(-0.7, grid - 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    return handles


# --------------------------------------------------------------------------- one mark per meaning
#: Receptors: colour, line style and marker, in every figure that draws one.
RECEPTORS = {
    receptor: {"color": COLOURS[receptor], "linestyle": LINESTYLES[receptor], "marker": MARKERS[receptor]}
    for receptor in ("mu", "kappa", "delta")
}
#: Regimens: the same line in every figure and frame (tablets solid blue, injection dashed purple).
REGIMENS = {
    "daily tablets": {"color": OKABE_ITO["blue"], "linestyle": "-", "linewidth": 1.8},
    "monthly injection": {"color": OKABE_ITO["purple"], "linestyle": "--", "linewidth": 2.0},
}
#: Pathways of the "many mechanisms" toy: fixed whichever pathways a learner selects.
PATHWAYS = {
    "reward": OKABE_ITO["blue"],
    "dopamine": OKABE_ITO["vermillion"],
    "glutamate": OKABE_ITO["green"],
    "immune": OKABE_ITO["purple"],
}
#: Naltrexone's own level in plasma (ng/mL or nM): a black line wherever it is drawn.
PLASMA = {"color": INK, "linestyle": "-", "linewidth": 2.0}
#: What a figure compares against (no naltrexone, placebo, a fit to other data): grey dashed.
COMPARISON = {"color": GREY, "linestyle": "--", "linewidth": 1.8}
#: Rival model structures drawn beside the book's model (the model-fit page's predictions):
#: black, each with a dash of its own, never a receptor's, regimen's or pathway's colour (the
#: book's own model draws mu occupancy and keeps mu's line).
RIVAL_MODELS = {
    "rebinding": {"color": INK, "linestyle": (0, (7, 2.5)), "linewidth": 2.2},
    "terminal phase": {"color": INK, "linestyle": (0, (4, 1.5, 1, 1.5, 1, 1.5)), "linewidth": 2.2},
}
#: People in icon arrays, by outcome: the same icon for the same fate in every figure.
#: A bad outcome is a grey dot, a good one a green star, the unremarkable an open circle.
OUTCOMES = {
    "relapse": {"marker": "o", "color": GREY, "edge": GREY},
    "spared": {"marker": "*", "color": OKABE_ITO["green"], "edge": INK, "scale": 1.4},
    "unaffected": {"marker": "o", "color": PAPER, "edge": FAINT},
    "never started": {"marker": "X", "color": PAPER, "edge": INK},
}
#: The selected value (a control's setting) on a curve: one orange diamond, black-edged,
#: whole at the axes' edge. Orange means the selected value and nothing else.
SELECTED = {
    "marker": "D",
    "markersize": 9,
    "markerfacecolor": OKABE_ITO["orange"],
    "markeredgecolor": INK,
    "markeredgewidth": 1.0,
    "linestyle": "none",
    "clip_on": False,
    "zorder": 5,
}
#: The selected value across an axis (no curve to sit on): a solid orange line.
SELECTED_LINE = {"color": OKABE_ITO["orange"], "linewidth": 2.2, "linestyle": "-", "zorder": 1}
#: A fixed reference value on an axis (a 50 mg tablet, the free peak): a thin grey dash-dot.
REFERENCE_LINE = {"color": GREY, "linewidth": 1.0, "linestyle": "-."}
#: One meaning per hatch. Nothing else in any figure is hatched.
HATCHES = {
    "missed": "//",  # a dose due and not given (tablets missed, an injection overdue)
    "hypothesis": "..",  # rests on a hypothesis
    "preclinical": "xx",  # shown in animals or cells, not in people
}
#: The evidence label of a claim or pathway as a hatch ("established in humans": none).
EVIDENCE_HATCH = {
    "established in humans": "",
    "shown in animals": HATCHES["preclinical"],
    "hypothesis": HATCHES["hypothesis"],
}
#: Alpha of a band's fill (a 5th-95th percentile, a measured range, a context span).
BAND_ALPHA = 0.2


def mark_selected(ax: Axes, x, y, **extra):
    """The selected value at (``x``, ``y``): :data:`SELECTED`, the one mark for it."""
    # gid: its name in the frame's data table (nxc_explorer.data), without a legend entry
    return ax.plot(np.atleast_1d(x), np.atleast_1d(y), **{**SELECTED, "gid": "the selected value", **extra})[
        0
    ]


def band(ax: Axes, low: float, high: float, label: str, colour: str = GREY, axis: str = "y", hatch: str = ""):
    """A band from ``low`` to ``high`` across the axes (``axis="y"``: horizontal) with its
    legend entry: bands never come without one. Returns the legend handle."""
    from matplotlib.patches import Patch

    style = {"facecolor": colour, "alpha": BAND_ALPHA, "linewidth": 0, "hatch": hatch, "edgecolor": colour}
    span = ax.axhspan if axis == "y" else ax.axvspan
    span(low, high, **style, label=label)
    return Patch(**style, label=label)


def legend_row(label: str = " "):
    """A legend row with no swatch: a blank row that keeps a legend's size in a frame where an
    entry has nothing to key (the collision check skips it), or a line of words (a readout)."""
    from matplotlib.patches import Patch

    return Patch(facecolor="none", edgecolor="none", linewidth=0, label=label)


def keys_first(handles: list, labels: list[str] | None = None) -> tuple[list, list[str]]:
    """``handles`` (and their ``labels``) with the blank rows of :func:`legend_row` moved to
    the end: a one-column legend keeps its size without a gap between two keys."""
    labels = [h.get_label() for h in handles] if labels is None else list(labels)
    rows = list(zip(handles, labels))
    rows = [r for r in rows if r[1].strip()] + [r for r in rows if not r[1].strip()]
    return [h for h, _ in rows], [label for _, label in rows]


def missed_hatch(axes: list[Axes], start: float, end: float) -> None:
    """Hatch the days on which a dose was due and not given (``start`` to ``end``)."""
    gap_hatch(axes, start, end)


def missed_handle(label: str):
    """The legend entry of :func:`missed_hatch`, with the words of the regimen."""
    return gap_handle(label)


# --------------------------------------------------------------------------- dark frames
#: The dark page's figure background and the colour each light colour takes on it. Hues stay
#: Okabe-Ito where they read on the dark page (>= 3:1 for lines); the ones too dark for it
#: (blue, vermillion, purple as text) are lightened; black ink becomes near-white.
DARK_PAPER = "#121212"
DARK_COLOURS = {
    PAPER: DARK_PAPER,
    INK: "#EDEDED",
    NOTE: "#E0E0E0",
    GREY: "#B0B0B0",
    FAINT: "#8A8A8A",
    OKABE_ITO["blue"]: "#4DA3E0",
    OKABE_ITO["vermillion"]: "#F07A3A",
    OKABE_ITO["purple"]: "#E29BC5",
}
THEMES = ("light", "dark")


def _dark(colour):
    """The dark-page colour of ``colour`` (RGBA tuple or colour spec), alpha kept. Colours not in
    the house palette (a darkened text colour) are lightened by the same rule: their lightness
    mirrored, their hue kept."""
    from colorsys import hls_to_rgb, rgb_to_hls

    from matplotlib.colors import to_hex, to_rgba

    if isinstance(colour, str) and colour in ("none", "auto", "face", "edge", "inherit"):
        return colour
    r, g, b, a = to_rgba(colour)
    key = to_hex((r, g, b)).upper()
    if key in DARK_COLOURS:
        r, g, b, _ = to_rgba(DARK_COLOURS[key])
        return (r, g, b, a)
    if key in {c.upper() for c in OKABE_ITO.values()}:
        return (r, g, b, a)
    h, lightness, s = rgb_to_hls(r, g, b)
    if lightness < 0.5:
        lightness = min(0.93, 1.0 - lightness + 0.05)
        r, g, b = hls_to_rgb(h, lightness, s)
    return (r, g, b, a)


def restyle(fig: Figure, theme: str) -> Figure:
    """``fig`` (drawn for white paper) recoloured for ``theme`` in place: the same layout and
    marks, each colour taken to its dark-page counterpart (:data:`DARK_COLOURS`). Drawing once
    and restyling shares the drawing work between the light and dark frames."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    if theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, got {theme!r}")
    if theme == "light":
        return fig
    for artist in fig.findobj():
        if isinstance(artist, Text):
            artist.set_color(_dark(artist.get_color()))
            patch = artist.get_bbox_patch()
            if patch is not None:
                patch.set_facecolor(_dark(patch.get_facecolor()))
                patch.set_edgecolor(_dark(patch.get_edgecolor()))
        elif isinstance(artist, Line2D):
            artist.set_color(_dark(artist.get_color()))
            artist.set_markerfacecolor(_dark(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(_dark(artist.get_markeredgecolor()))
        elif isinstance(artist, Patch):
            hatch_colour = artist._hatch_color
            artist.set_facecolor(_dark(artist.get_facecolor()))
            artist.set_edgecolor(_dark(artist.get_edgecolor()))
            artist._hatch_color = _dark(hatch_colour)
        elif isinstance(artist, Collection):
            if len(artist.get_facecolor()):
                artist.set_facecolor([_dark(c) for c in artist.get_facecolor()])
            if len(artist.get_edgecolor()):
                artist.set_edgecolor([_dark(c) for c in artist.get_edgecolor()])
            if hasattr(artist, "_hatch_color"):
                artist._hatch_color = _dark(artist._hatch_color)
    fig.patch.set_facecolor(DARK_PAPER)
    for ax in fig.axes:
        ax.set_facecolor(DARK_PAPER)
    fig.stale = True
    return fig


def dark(fig: Figure) -> Figure:
    """``fig`` restyled for the dark page (:func:`restyle` with ``"dark"``): the figure
    engine draws this variant of every frame (``naltrexone_course.explorer``)."""
    return restyle(fig, "dark")


# --------------------------------------------------------------------------- issue 27 (tolerance)
#: The tolerance a person has lost while opioid-free (``naltrexone_course.tolerance``, a toy):
#: a band with its middle line, in the one colour that means "tolerance lost".
TOLERANCE_LOST_BAND = {"facecolor": COLOURS["accent"], "alpha": 0.3, "linewidth": 0}
#: (dotted: a dashed purple line is the monthly injection, in the figure above it on its page)
TOLERANCE_LOST_LINE = {"color": COLOURS["accent"], "linewidth": 1.8, "linestyle": ":"}
#: The crossing (the old usual dose acts as strongly as before treatment): a black diamond
#: with a horizontal bar over the tolerance band's days.
CROSSING_MARK = {"marker": "D", "color": INK, "markersize": 6, "linestyle": "none"}
CROSSING_BAR = {"ecolor": INK, "elinewidth": 1.6, "capsize": 4, "capthick": 1.6}


# --------------------------------------------------------------------------- measurements (issue 30)
#: One mark per status of a human measurement drawn against the model: "fitted" (the joint
#: fit weighs it) or "out of sample" (never used by the fit). The status is told by shape and
#: fill in ink, never by a colour: purple already means the injection (drawn beside them).
#: Keys are the statuses of ``data/reference_points.csv``; use them as
#: ``ax.plot(x, y, linestyle="none", **MEASURED[s])``.
MEASURED = {
    "fitted": {
        "marker": "o",
        "markersize": 6,
        "markerfacecolor": INK,
        "markeredgecolor": INK,
        "color": INK,
        "label": "measured, fitted",
    },
    "out of sample": {
        "marker": "v",
        "markersize": 7,
        "markerfacecolor": "none",
        "markeredgecolor": INK,
        "markeredgewidth": 1.6,
        "color": INK,
        "label": "measured, out of sample",
    },
}

# ------------------------------------------------------------ a more tolerant person (issue 27b)
#: The tolerance lost by a more tolerant person, drawn beside the toy's one person: the same
#: colour (the same meaning), a fainter band and a dash-dot middle; their crossing is a hollow
#: diamond (the same mark as :data:`CROSSING_MARK`, open).
TOLERANCE_LOST_HIGH_BAND = {"facecolor": COLOURS["accent"], "alpha": 0.13, "linewidth": 0}
TOLERANCE_LOST_HIGH_LINE = {"color": COLOURS["accent"], "linewidth": 1.6, "linestyle": "-."}
CROSSING_MARK_HIGH = {**CROSSING_MARK, "markerfacecolor": "white", "markeredgewidth": 1.4}


# --------------------------------------------------------------------------- the style, drawn
def palette_sheet() -> Figure:
    """Every mark of the house style with its meaning, drawn from the tables above (the
    contributor page "Figure style" shows it, so it never drifts from the code)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    rows: list[tuple[str, str, object]] = []
    for name, style in RECEPTORS.items():
        rows.append(("receptor", name, ("line", {k: style[k] for k in ("color", "linestyle")})))
    for name, style in REGIMENS.items():
        rows.append(("regimen", name, ("line", style)))
    for name, colour in PATHWAYS.items():
        rows.append(("pathway", name, ("bar", {"facecolor": colour})))
    rows.append(("level", "naltrexone in plasma", ("line", PLASMA)))
    rows.append(("level", "comparison (no drug, placebo, a fit)", ("line", COMPARISON)))
    for name, style in RIVAL_MODELS.items():
        rows.append(("rival model", name, ("line", style)))
    rows.append(("value", "the selected value (a setting)", ("marker", SELECTED)))
    rows.append(("value", "the selected value across an axis", ("line", SELECTED_LINE)))
    rows.append(("value", "a fixed reference value", ("line", REFERENCE_LINE)))
    rows.append(("level", "tolerance lost (a toy band)", ("line", TOLERANCE_LOST_LINE)))
    rows.append(("value", "the crossing (old dose as strong as before)", ("marker", CROSSING_MARK)))
    rows.append(("level", "tolerance lost, a more tolerant person", ("line", TOLERANCE_LOST_HIGH_LINE)))
    rows.append(("value", "that person's crossing", ("marker", CROSSING_MARK_HIGH)))
    for status, style in MEASURED.items():
        mark = {k: v for k, v in style.items() if k != "label"}
        rows.append(("measured", f"in people, {status}", ("marker", {**mark, "linestyle": "none"})))
    for name, style in OUTCOMES.items():
        rows.append(("person", name, ("icon", style)))
    for meaning, hatch in HATCHES.items():
        words = {
            "missed": "a dose due and not given",
            "hypothesis": "rests on a hypothesis",
            "preclinical": "shown in animals or cells",
        }[meaning]
        rows.append(("hatch", words, ("bar", {"facecolor": "none", "edgecolor": GREY, "hatch": hatch})))
    rows.append(
        ("band", "a range or a phase, always keyed", ("bar", {"facecolor": COLOURS["sky"], "alpha": 0.35}))
    )
    fig, ax = plt.subplots(figsize=(4.4, 0.27 * len(rows) + 0.3), layout="constrained")
    ax.set_xlim(0, 10)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.axis("off")
    for y, (kind, words, (mark, style)) in enumerate(rows):
        if mark == "line":
            ax.add_line(Line2D([0.2, 1.8], [y, y], **{k: v for k, v in style.items() if k != "zorder"}))
        elif mark == "marker":
            ax.plot([1.0], [y], **{k: v for k, v in style.items() if k not in ("zorder", "clip_on")})
        elif mark == "icon":
            ax.plot(
                [1.0],
                [y],
                linestyle="none",
                marker=style["marker"],
                markersize=10 * style.get("scale", 1.0),
                markerfacecolor=style["color"],
                markeredgecolor=style["edge"],
            )
        else:
            ax.add_patch(Rectangle((0.3, y - 0.32), 1.4, 0.64, linewidth=0.8, **{"edgecolor": INK, **style}))
        ax.text(2.2, y, f"{kind}: {words}", va="center", fontsize=NARROW_MIN_FONT, color=NOTE)
    return fig


def describe_palette_sheet() -> str:
    """The palette sheet's alt text: every mark and its meaning, in words."""
    return (
        "The house style: the mu, kappa and delta receptors as solid blue, dashed vermillion and "
        "dotted green lines; daily tablets solid blue and the monthly injection dashed purple; the "
        "reward, dopamine, glutamate and immune pathways blue, vermillion, green and purple; "
        "naltrexone in plasma a black line and a comparison a grey dashed line; the rival model "
        "structures (rebinding, terminal phase) black long-dashed and dash-dot-dot lines; "
        "the selected value an orange diamond or an orange line, a fixed reference a grey dash-dot "
        "line; people as a grey "
        "dot (relapse), a green star (spared), an open circle (unaffected) and an open cross (never "
        "started); the tolerance lost as a dotted purple line, the crossing as a black diamond, a "
        "measurement the fit used as a filled dot and one it did not as an open triangle; "
        "three hatches and a light band with their meanings."
    )
