"""One visual language (issue 29): every figure draws with the house style of
``figures/style.py``, and each defect a figure editor found is gone.

* No figure module writes a colour of its own: every colour comes from the style module.
* One meaning per hatch, orange only for the selected value, pathway colours fixed whatever
  the selection, the injection drawn the same way in every figure.
* Narrow (phone) text is at least 10 pt where it lands on a 360 px screen.
* The listed defects, each with the frame it was seen in: the frame now passes the
  collision check (edge margin, text over data, legend entries), and the small things
  (agreement, the multiplication sign, false precision, icons against their bar, stacked
  axes that line up, a plasma axis in ng/mL) hold.
* Dark frames: the same figure restyled for the dark page has a dark background, and its
  text keeps WCAG contrast against it.
Runs in ``make fast`` (no build, no browser).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import CSS4_COLORS, to_hex, to_rgba

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from test_accessibility import _corners, chapter_figures  # noqa: E402

from conftest import pages_with_figures  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "src" / "naltrexone_course" / "figures"
#: Keyword arguments whose string value is a colour.
COLOUR_KEYWORDS = {
    "color",
    "colour",
    "c",
    "facecolor",
    "edgecolor",
    "ecolor",
    "markerfacecolor",
    "markeredgecolor",
    "mfc",
    "mec",
    "fc",
    "ec",
    "colors",
    "hatchcolor",
    "labelcolor",
}


def _colour_literals(path: Path) -> list[str]:
    """Colour literals in a module's code (docstrings and comments aside): hex strings, CSS
    colour names, and any colour-like string given to a colour keyword or a ``"color"`` key."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = node.value.strip()
            if re.fullmatch(r"#[0-9a-fA-F]{3,8}", text) or text.lower() in CSS4_COLORS:
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
        pairs = []
        if isinstance(node, ast.keyword) and node.arg in COLOUR_KEYWORDS:
            pairs.append(node.value)
        if isinstance(node, ast.Dict):
            pairs += [
                v
                for k, v in zip(node.keys, node.values)
                if isinstance(k, ast.Constant) and k.value in COLOUR_KEYWORDS | {"edge"}
            ]
        for value in pairs:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                if value.value not in ("none", "face", "edge", "auto") and matplotlib.colors.is_color_like(
                    value.value
                ):
                    found.append(f"{path.name}:{value.lineno}: {value.value!r}")
    return sorted(set(found))


def test_the_literal_finder_finds_what_it_must():
    """The finder sees a hex string, a colour name and a short colour in a colour keyword."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        module = Path(tmp) / "fig.py"
        module.write_text(
            '"""A figure in "orange"."""\n'
            "def draw(ax):\n"
            '    ax.plot([0], color="#D55E00")\n'
            '    ax.bar([0], [1], edgecolor="black")\n'
            '    ax.axhline(0, c="k")\n'
            '    style = {"color": "0.5"}\n'
        )
        found = _colour_literals(module)
    assert len(found) == 4, found  # the docstring's "orange" is words, not a colour


@pytest.mark.parametrize("module", sorted(p.name for p in FIGURES.glob("*.py") if p.name != "style.py"))
def test_no_figure_module_writes_a_colour_of_its_own(module):
    found = _colour_literals(FIGURES / module)
    assert not found, (
        f"{module} writes colours outside figures/style.py (use a role from style: COLOURS, "
        f"RECEPTORS, REGIMENS, PATHWAYS, OUTCOMES, SELECTED, INK, PAPER, GREY...): {found}"
    )


# --------------------------------------------------------------------------- every frame, drawn once
def _figures():
    for page in pages_with_figures():
        for draw, describe, controls in chapter_figures(page):
            yield page, draw, describe, controls


@pytest.fixture(scope="module")
def corner_frames():
    """(page, draw name, values, layout, figure) for the default and end frames of every figure."""
    frames = []
    for page, draw, _describe, controls in _figures():
        for values in _corners(controls):
            for layout in ("wide", "narrow"):
                fig = draw(**values, layout=layout)
                fig.draw_without_rendering()  # laid out and measured, no pixels
                plt.close(fig)
                frames.append((page, draw.__name__, values, layout, fig))
    return frames


def _artists(fig):
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    for ax in fig.axes:
        for artist in ax.get_children():
            if (
                isinstance(artist, Line2D | Patch | Collection)
                and artist.get_visible()
                and artist is not ax.patch
            ):
                yield ax, artist


def test_every_hatch_has_one_meaning(corner_frames):
    from naltrexone_course.figures.style import HATCHES

    meanings = set(HATCHES.values())
    for page, name, values, layout, fig in corner_frames:
        for _ax, artist in _artists(fig):
            hatch = artist.get_hatch() if hasattr(artist, "get_hatch") else None
            assert not hatch or hatch in meanings, (
                f"{page}: {name}({values}, {layout}): hatch {hatch!r} is none of style.HATCHES {HATCHES}"
            )


def _is_orange(colour) -> bool:
    from naltrexone_course.figures.style import OKABE_ITO

    try:
        rgba = to_rgba(colour)
    except (ValueError, TypeError):
        return False
    return rgba[3] > 0 and to_hex(rgba[:3]).upper() == OKABE_ITO["orange"].upper()


def orange_problems(fig, where: str = "") -> list[str]:
    """Orange marks in ``fig`` that are not the selected value's: an orange mark not
    black-edged, an orange line not the selected value's line, an orange fill not edged."""
    from matplotlib.lines import Line2D

    from naltrexone_course.figures.style import INK, SELECTED_LINE

    problems = []
    for _ax, artist in _artists(fig):
        what = f"{where}{type(artist).__name__} {artist.get_label()!r}"
        if isinstance(artist, Line2D):
            if _is_orange(artist.get_markerfacecolor()) and artist.get_marker() not in ("None", "none", None):
                if to_hex(artist.get_markeredgecolor()) != to_hex(INK):
                    problems.append(f"{what}: orange mark not edged")
            if _is_orange(artist.get_color()) and artist.get_linestyle() not in ("None", "none"):
                if artist.get_linewidth() != SELECTED_LINE["linewidth"] or (artist.get_alpha() or 1.0) < 1.0:
                    problems.append(f"{what}: orange line that is not the selected value's line")
        elif hasattr(artist, "get_facecolor"):
            faces = np.atleast_2d(artist.get_facecolor())
            if any(_is_orange(f) for f in faces):
                edges = np.atleast_2d(artist.get_edgecolor())
                if not all(to_hex(e[:3]) == to_hex(INK) for e in edges):
                    problems.append(f"{what}: orange fill not edged")
    return problems


def test_orange_marks_the_selected_value_and_nothing_else(corner_frames):
    """Orange is the selected value's colour: an orange mark is black-edged (the selected
    mark, the chosen bar) or the selected value's line across an axis."""
    problems = []
    for page, name, values, layout, fig in corner_frames:
        problems += orange_problems(fig, f"{page}: {name}({values}, {layout}): ")
    assert not problems, problems[:20]


def pathway_colour_problems() -> list[str]:
    """Mechanisms figure bars not in their pathway's colour, over every set and layout."""
    from naltrexone_course.figures.mechanisms import PATHWAY_SETS, draw_combination
    from naltrexone_course.figures.style import PATHWAYS

    problems = []
    for pathways, chosen in PATHWAY_SETS.items():
        for layout in ("wide", "narrow"):
            fig = draw_combination(pathways, "by evidence", layout=layout)
            try:
                bar_ax = fig.axes[1]
                bars = sorted(bar_ax.patches, key=lambda p: -p.get_y())  # top to bottom
                for bar, pathway in zip(bars, chosen):
                    if to_hex(bar.get_facecolor()[:3]) != to_hex(PATHWAYS[pathway]):
                        problems.append(
                            f"{pathways} ({layout}): the {pathway} bar is {to_hex(bar.get_facecolor())}"
                        )
            finally:
                plt.close(fig)
    return problems


def test_pathway_colours_stay_whatever_is_selected():
    """The mechanisms figure: a pathway's bar has its own colour in every set, both layouts
    (a reviewer saw glutamate drawn in reward's blue and immune in orange)."""
    problems = pathway_colour_problems()
    assert not problems, problems


def regimen_line_problems() -> list[str]:
    """The regimen figure's typical-person line not in its regimen's mark (style.REGIMENS)."""
    from naltrexone_course.figures.pk import draw_regimen
    from naltrexone_course.figures.style import REGIMENS

    problems = []
    for regimen, style in REGIMENS.items():
        fig = draw_regimen(regimen, 7, layout="wide")
        try:
            typical = [line for line in fig.axes[0].lines if line.get_label() == "typical person"][0]
            if (
                to_hex(typical.get_color()) != to_hex(style["color"])
                or typical.get_linestyle() != style["linestyle"]
            ):
                problems.append(f"{regimen}: drawn {to_hex(typical.get_color())} {typical.get_linestyle()}")
        finally:
            plt.close(fig)
    return problems


def test_the_injection_is_drawn_the_same_way_wherever_it_appears():
    problems = regimen_line_problems()
    assert not problems, problems


def single_tablet_plasma_problems() -> list[str]:
    """The single-tablet figure's plasma not in ng/mL, or 2 mg and 100 mg drawn alike."""
    try:
        test_the_single_tablet_plasma_is_in_ng_per_ml_so_doses_differ()
    except AssertionError as error:
        return [str(error)]
    return []


def test_the_single_tablet_plasma_is_in_ng_per_ml_so_doses_differ():
    """2 mg and 100 mg: the old figure scaled each plasma curve to its own peak (both 100%)."""
    from naltrexone_course.figures.pk import draw_single_tablet

    peaks = {}
    for dose in (2.0, 100.0):
        fig = draw_single_tablet(dose, layout="wide")
        try:
            plasma = [
                line
                for ax in fig.axes
                for line in ax.lines
                if "plasma" in line.get_label() and "ng/mL" in ax.get_ylabel()
            ]
            assert plasma, f"{dose} mg: no plasma line on an ng/mL axis"
            peaks[dose] = float(np.max(plasma[0].get_ydata()))
        finally:
            plt.close(fig)
    assert peaks[100.0] > 20 * peaks[2.0], peaks


def regimen_key_problems() -> list[str]:
    try:
        test_the_regimen_band_has_its_key_and_the_hatch_says_what_was_missed()
    except AssertionError as error:
        return [str(error)]
    return []


def test_the_regimen_band_has_its_key_and_the_hatch_says_what_was_missed():
    """The 1-2 ng/mL band is keyed (and not as protection); the injection's hatch does not
    call depot days 'days without medicine'."""
    from naltrexone_course.figures.pk import draw_regimen

    fig = draw_regimen("monthly injection", 7, layout="wide")
    try:
        labels = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    finally:
        plt.close(fig)
    assert any("1-2 ng/mL" in label and "not protection" in label for label in labels), labels
    assert "injection overdue" in labels and not any("without medicine" in label for label in labels), labels


def agreement_problems() -> list[str]:
    """The craving figure's alt text for one person spared, if its verb does not agree."""
    from naltrexone_course.figures.craving import describe_icon_array, icon_counts

    for risk in np.arange(0.05, 0.95, 0.05):
        counts = icon_counts(float(risk), "heavy drinking")
        text = describe_icon_array("heavy drinking", float(risk))
        if counts.spared == 1:
            return [] if "1 is spared" in text and "1 are" not in text else [text]
    return ["no baseline risk gave one person spared"]


def test_one_person_agrees_with_its_verb():
    problems = agreement_problems()
    assert not problems, problems


def test_icons_match_the_bar_beside_them(corner_frames):
    """The craving figure: as many grey icons as the naltrexone bar's percent (41 icons stood
    beside a bar labelled 42%)."""
    seen = 0
    for _page, name, values, layout, fig in corner_frames:
        if name != "draw_icon_array":
            continue
        problems = icon_problems(fig)
        assert not problems, f"{values} ({layout}): {problems}"
        seen += 1
    assert seen


def icon_problems(fig) -> list[str]:
    """The craving figure: grey icons that are not as many as the naltrexone bar's percent."""
    from naltrexone_course.figures.style import GREY

    icon_ax, bar_ax = fig.axes[:2]
    grey = [
        c
        for c in icon_ax.collections
        if len(c.get_facecolors()) and to_hex(c.get_facecolors()[0][:3]) == to_hex(GREY)
    ]
    icons = len(grey[0].get_offsets()) if grey else 0
    label = [t.get_text() for t in bar_ax.texts if "(" in t.get_text()][0]
    return [] if icons == int(label.split("%")[0]) else [f"{icons} icons beside {label!r}"]


def word_problems(fig, where: str = "") -> list[str]:
    """Words in ``fig`` that break the house rules: 'x' for the multiplication sign, a
    product with more than two significant digits, a µM value on an nM axis."""
    problems = []
    for text in fig.findobj(matplotlib.text.Text):
        words = text.get_text()
        if not text.get_visible() or not words.strip():
            continue
        what = f"{where}{words!r}"
        if re.search(r"(^|[\s(])x \d|\dx\b|\dx\s", words):
            problems.append(f"{what}: 'x' for the multiplication sign")
        for number in re.findall(r"(\d[\d,]*)\s*[×x]", words):
            digits = number.replace(",", "").rstrip("0")
            if len(digits) > 2:
                problems.append(f"{what}: {number} claims more precision than the model has")
        if ("nM" in text.axes.get_ylabel() if text.axes else False) and "µM" in words:
            problems.append(f"{what}: a µM value on an nM axis")
    return problems


def test_figure_words_use_the_multiplication_sign_and_honest_precision(corner_frames):
    problems = []
    for page, name, values, layout, fig in corner_frames:
        problems += word_problems(fig, f"{page}: {name}({values}, {layout}): ")
    assert not problems, problems[:20]


def test_stacked_panels_line_up(corner_frames):
    """The reward figure's two stacked panels share their x axis: same limits, same left and
    right edges (the bars sat half an episode off the line above)."""
    seen = 0
    for _page, name, values, layout, fig in corner_frames:
        if name != "draw_learned_value" or layout != "narrow":
            continue
        problems = stacked_panel_problems(fig)
        assert not problems, f"{values}: {problems}"
        seen += 1
    assert seen


def stacked_panel_problems(fig) -> list[str]:
    """Two stacked panels sharing an x axis whose limits or left and right edges differ."""
    top, bottom = fig.axes[:2]
    problems = []
    if top.get_xlim() != bottom.get_xlim():
        problems.append(f"x limits {top.get_xlim()} vs {bottom.get_xlim()}")
    a, b = top.get_position(), bottom.get_position()
    if abs(a.x0 - b.x0) >= 0.005 or abs(a.x1 - b.x1) >= 0.005:
        problems.append(f"edges {a} vs {b}")
    return problems


def evidence_map_problems() -> list[str]:
    try:
        test_the_evidence_map_stays_still_as_the_claim_changes()
    except AssertionError as error:
        return [str(error)]
    return []


def test_the_evidence_map_stays_still_as_the_claim_changes():
    """Every claim, laid out afresh: the same axes (a bold label once moved them sideways)."""
    from naltrexone_course import mechanisms
    from naltrexone_course.figures.mechanisms import draw_evidence_map

    boxes = []
    for claim in mechanisms.CLAIMS:
        fig = draw_evidence_map(claim.name, layout="wide")
        fig.canvas.draw()
        boxes.append(fig.axes[0].get_window_extent().extents)  # px at the figure's dpi
        plt.close(fig)
    spread = np.ptp(np.array(boxes), axis=0)
    assert spread.max() <= 1.5, f"the axes move between claims by up to {spread} px (x0, y0, x1, y1)"


# --------------------------------------------------------------------------- phones
#: CSS px a narrow frame is shown at on a 360 px phone, in both themes (nxc-explorer.css
#: shows it at the screen's width; tests/test_browser_figures.py measures it).
NARROW_SHOWN_PX = 360
MIN_LANDED_PT = 10.0


def test_narrow_text_lands_at_10_pt_on_a_360_px_phone(corner_frames):
    from nxc_explorer.explorer import BASE_DPI

    for page, name, values, layout, fig in corner_frames:
        if layout != "narrow":
            continue
        scale = NARROW_SHOWN_PX / (fig.get_figwidth() * BASE_DPI)
        for text in fig.findobj(matplotlib.text.Text):
            if text.get_visible() and text.get_text().strip():
                landed = text.get_fontsize() * min(scale, 1.0)
                assert landed >= MIN_LANDED_PT - 0.01, (
                    f"{page}: {name}({values}): {text.get_text()!r} lands at {landed:.1f} pt on a phone"
                )


# --------------------------------------------------------------------------- dark frames
def _contrast(a, b) -> float:
    from naltrexone_course.figures.style import contrast_ratio

    return contrast_ratio(a, b)


def _fresh_corner_frames():
    for page, draw, _describe, controls in _figures():
        for values in _corners(controls):
            for layout in ("wide", "narrow"):
                fig = draw(**values, layout=layout)
                fig.draw_without_rendering()
                try:
                    yield page, draw.__name__, values, layout, fig
                finally:
                    plt.close(fig)


def test_dark_frames_are_dark_and_their_text_reads():
    """Every corner frame restyled for the dark page: a dark background and every text at
    4.5:1 against it (3:1 for large text), its layout unchanged."""
    from naltrexone_course.figures.style import DARK_PAPER, restyle
    from nxc_explorer.collisions import find_collisions

    for page, name, values, layout, fig in _fresh_corner_frames():
        before = [tuple(ax.get_position().bounds) for ax in fig.axes]
        fig.set_layout_engine("none")  # the layout as drawn, as the explorer keeps it
        light = sorted(map(str, find_collisions(fig)))
        restyle(fig, "dark")
        fig.draw_without_rendering()
        after = [tuple(ax.get_position().bounds) for ax in fig.axes]
        assert np.allclose(after, before, atol=1e-6), f"{name}: restyling moved the axes"
        # the same collision check for the dark frame: it finds what it finds in the light one
        # (none, test_figure_collisions.py): a restyle that hid or moved a mark would differ
        dark = sorted(map(str, find_collisions(fig)))
        assert dark == light, f"{page}: {name}({values}, {layout}): dark frame collisions {dark}"
        assert _contrast(fig.patch.get_facecolor(), "#000000") < 1.5, f"{name}: the frame is not dark"
        for text in fig.findobj(matplotlib.text.Text):
            if not text.get_visible() or not text.get_text().strip():
                continue
            large = text.get_fontsize() >= 18 or (text.get_fontsize() >= 14 and text.get_weight() == "bold")
            ratio = _contrast(text.get_color(), DARK_PAPER)
            assert ratio >= (3.0 if large else 4.5), (
                f"{page}: {name}({values}, {layout}): {text.get_text()!r} at {ratio:.1f}:1 on the dark frame"
            )


def test_no_two_meanings_share_a_line():
    """A line's colour and dash mean one thing across the book: the regimens, the plasma
    level, the comparison, the selected and reference values and the tolerance lost each
    have their own (the tolerance band's middle line was dashed purple, the injection's
    line, in two figures of one page)."""
    from naltrexone_course.figures import style

    lines = {f"regimen {name}": mark for name, mark in style.REGIMENS.items()}
    lines |= {
        "plasma": style.PLASMA,
        "comparison": style.COMPARISON,
        "selected value": style.SELECTED_LINE,
        "reference value": style.REFERENCE_LINE,
        "tolerance lost": style.TOLERANCE_LOST_LINE,
    }
    seen: dict[tuple[str, str], str] = {}
    for meaning, mark in lines.items():
        key = (to_hex(mark["color"]), mark.get("linestyle", "-"))
        assert key not in seen, f"{meaning} is drawn as {seen.get(key)} is: {key}"
        seen[key] = meaning


def test_a_measurements_status_is_not_told_by_a_colour_that_means_a_regimen():
    """The regimen figure draws measurements beside the injection's purple line: an out-of-sample
    point once drawn as an open purple triangle read as a point of the injection."""
    from naltrexone_course.figures.style import MEASURED, REGIMENS

    regimen_colours = {to_hex(style["color"]) for style in REGIMENS.values()}
    for status, mark in MEASURED.items():
        for key in ("color", "markeredgecolor", "markerfacecolor"):
            if mark.get(key, "none") != "none":
                assert to_hex(mark[key]) not in regimen_colours, (
                    f"measured ({status}) is drawn in a regimen's colour ({key}={mark[key]})"
                )


def test_a_rival_model_is_not_drawn_in_a_receptors_regimens_or_pathways_mark():
    """The model-fit predictions drew the rival structures in the receptors' marks ("rebinding"
    as kappa's dashed vermillion line, "terminal phase" as delta's dotted green one): a reader
    of the receptor figures reads them as kappa and delta. Rivals have their own marks, no
    colour of a receptor, regimen or pathway, and no two rivals share a line."""
    from naltrexone_course.figures import fit, style

    taken = {to_hex(mark["color"]) for mark in style.RECEPTORS.values()}
    taken |= {to_hex(mark["color"]) for mark in style.REGIMENS.values()}
    taken |= {to_hex(colour) for colour in style.PATHWAYS.values()}
    receptor_lines = {(to_hex(m["color"]), str(m["linestyle"])) for m in style.RECEPTORS.values()}
    seen: dict[tuple[str, str], str] = {}
    for model, mark in style.RIVAL_MODELS.items():
        assert to_hex(mark["color"]) not in taken, f"rival model {model!r} takes a colour with a meaning"
        key = (to_hex(mark["color"]), str(mark["linestyle"]))
        assert key not in receptor_lines, f"rival model {model!r} is drawn as a receptor is: {key}"
        assert key not in seen, f"rival models {model!r} and {seen.get(key)!r} share a line"
        seen[key] = model
    # the figure draws the rivals with these marks (one place, no copy in fit.py)
    fig = fit.draw_predictions(fit.SCENARIOS[0], layout="wide")
    try:
        drawn = {line.get_label(): line for line in fig.axes[0].lines}
        for model, mark in style.RIVAL_MODELS.items():
            assert to_hex(drawn[model].get_color()) == to_hex(mark["color"]), (
                f"{model!r} drawn in another colour"
            )
            assert drawn[model].get_linestyle() != "-", f"{model!r} drawn solid"
            assert to_hex(drawn[model].get_color()) not in taken, (
                f"{model!r} drawn in a colour with a meaning"
            )
    finally:
        plt.close(fig)
