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

#: Okabe-Ito colours (colour-blind safe), by role.
COLOURS = {
    "mu": "#0072B2",  # blue
    "kappa": "#D55E00",  # vermillion
    "delta": "#009E73",  # bluish green
    "reference": "#555555",
    "highlight": "#E69F00",  # orange
    "accent": "#CC79A7",  # reddish purple
    "sky": "#56B4E9",
}
#: Okabe-Ito in the order lines take them when a drawing function names no colour.
CYCLE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def _contrast_on_white(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def text_colour(colour: str, ratio: float = 4.5) -> str:
    """``colour`` darkened just enough for text on white to reach ``ratio``:1 contrast
    (WCAG 1.4.3 asks 4.5:1 for text, also for text inside images). Several Okabe-Ito
    colours are too light for small text: vermillion 3.9:1, orange 2.2:1."""
    from matplotlib.colors import to_hex, to_rgb

    rgb = to_rgb(colour)
    for step in range(101):
        shade = tuple(c * (1 - step / 100) for c in rgb)
        if _contrast_on_white(shade) >= ratio:
            return to_hex(shade)
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


#: Smallest font size (pt) in a narrow figure: a 3.6 in figure shown about 330 CSS px wide
#: on a 360 px phone draws 9 pt text about 11.5 CSS px tall (tests/test_accessibility.py
#: checks every chapter figure against 10 px).
NARROW_MIN_FONT = 9.0


def text_size(layout: str, wide: float = 8.0) -> float:
    """Font size (pt) for small annotations: ``wide`` on desktops, at least
    :data:`NARROW_MIN_FONT` in the narrow (phone) layout."""
    return wide if check_layout(layout) == "wide" else max(wide, NARROW_MIN_FONT)


def check_layout(layout: str) -> str:
    """``layout`` if it is one of :data:`LAYOUTS`; a ValueError naming it otherwise."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    return layout


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


def days(n: float) -> str:
    """A number of days: ``1 day``, ``3 days`` (a readout for :class:`explorer.Control`)."""
    return count(n, "day")


# --------------------------------------------------------------------------- shared drawing ideas
#: The days without medicine: hatched in the house highlight colour, with its legend entry.
GAP_HATCH = {"facecolor": "none", "edgecolor": COLOURS["highlight"], "hatch": "//", "linewidth": 0}
GAP_LABEL = "days without medicine"


def gap_hatch(axes: list[Axes], start: float, end: float) -> None:
    """Hatch the days without medicine (``start`` to ``end``, in the x units of each axes)."""
    if end > start:
        for ax in axes:
            ax.axvspan(start, end, **GAP_HATCH)


def gap_handle(label: str = GAP_LABEL):
    """The legend entry of :func:`gap_hatch` (present in every frame, so legends keep one size)."""
    from matplotlib.patches import Patch

    return Patch(**{**GAP_HATCH, "linewidth": 0.8}, label=label)


def legend_below(ax: Axes, handles=None, ncol: int = 1, below_pt: float | None = None, **kwargs):
    """A legend under the axes, clear of its tick labels and x label (outside the data: it can
    never cover a curve). ``below_pt`` is the gap under the axes' frame, in points (default:
    room for the tick labels and a one-line x label); ``bbox_to_anchor`` sets only x."""
    from matplotlib.transforms import ScaledTranslation

    x = kwargs.pop("bbox_to_anchor", (0.5, 0.0))[0]
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


# --------------------------------------------------------------------------- issue 27 (tolerance)
#: The tolerance a person has lost while opioid-free (``naltrexone_course.tolerance``, a toy):
#: a band with its middle line, in the one colour that means "tolerance lost".
TOLERANCE_LOST_BAND = {"facecolor": COLOURS["accent"], "alpha": 0.3, "linewidth": 0}
TOLERANCE_LOST_LINE = {"color": COLOURS["accent"], "linewidth": 1.6, "linestyle": "--"}
#: The crossing (the old usual dose acts as strongly as before treatment): a black diamond
#: with a horizontal bar over the tolerance band's days.
CROSSING_MARK = {"marker": "D", "color": "black", "markersize": 6, "linestyle": "none"}
CROSSING_BAR = {"ecolor": "black", "elinewidth": 1.6, "capsize": 4, "capthick": 1.6}

# --------------------------------------------------------------------------- measurements (issue 30)
#: One mark per status of a human measurement drawn against the model: "fitted" (the joint
#: fit weighs it) or "out of sample" (never used by the fit). Keys are the statuses of
#: ``data/reference_points.csv``; use them as ``ax.plot(x, y, linestyle="none", **MEASURED[s])``.
MEASURED = {
    "fitted": {
        "marker": "o",
        "markersize": 6,
        "markerfacecolor": COLOURS["highlight"],
        "markeredgecolor": "black",
        "color": "black",
        "label": "measured, fitted",
    },
    "out of sample": {
        "marker": "v",
        "markersize": 7,
        "markerfacecolor": "none",
        "markeredgecolor": COLOURS["accent"],
        "markeredgewidth": 1.6,
        "color": COLOURS["accent"],
        "label": "measured, out of sample",
    },
}

# ------------------------------------------------------------ a more tolerant person (issue 27b)
#: The tolerance lost by a more tolerant person, drawn beside the toy's one person: the same
#: colour (the same meaning), a fainter band and a dotted middle; their crossing is a hollow
#: diamond (the same mark as :data:`CROSSING_MARK`, open).
TOLERANCE_LOST_HIGH_BAND = {"facecolor": COLOURS["accent"], "alpha": 0.13, "linewidth": 0}
TOLERANCE_LOST_HIGH_LINE = {"color": COLOURS["accent"], "linewidth": 1.6, "linestyle": ":"}
CROSSING_MARK_HIGH = {**CROSSING_MARK, "markerfacecolor": "white", "markeredgewidth": 1.4}
