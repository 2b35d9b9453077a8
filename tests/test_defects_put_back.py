"""Every defect a figure editor found (issue 29), put back into the real figure, fails the
check that owns its kind, while the figure as it is now passes that check.

Each case draws a chapter figure with its real drawing function, laid out as the explorer
lays out a frame (constrained layout at the explorer's dpi, then kept), and puts one
defect back as the old code drew it (``git log -p src/naltrexone_course/figures/``: the
old text, position, size or style), either by moving or restyling the drawn artist or by
patching the value the drawing function reads. The owner of the defect's kind is:

* the collision check (:func:`nxc_explorer.collisions.find_collisions`) for text cut by the
  edge, text over text or over data, and legend entries for something hidden or absent;
* the style tests (``tests/test_figure_style.py``) for the palette and marks (a pathway's
  colour, the injection's line, the selected value, plasma in ng/mL, the band's key and the
  hatch's words) and for the words and geometry (agreement, ×, precision, icons against
  their bar, stacked axes, units, an evidence map that stays still).

A case whose "now" side fails says the figure regressed; one whose "old" side passes says
the check no longer sees the defect. Runs in ``make fast`` (no build, no browser).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import test_figure_style as style_tests  # noqa: E402

import naltrexone_course.explorer  # noqa: E402,F401  (the course's colours kept exact)
from naltrexone_course.figures import antagonism as antagonism_fig  # noqa: E402
from naltrexone_course.figures import craving as craving_fig  # noqa: E402
from naltrexone_course.figures import dopamine as dopamine_fig  # noqa: E402
from naltrexone_course.figures import glutamate as glutamate_fig  # noqa: E402
from naltrexone_course.figures import immune as immune_fig  # noqa: E402
from naltrexone_course.figures import mechanisms as mechanisms_fig  # noqa: E402
from naltrexone_course.figures import pk as pk_fig  # noqa: E402
from naltrexone_course.figures import reward as reward_fig  # noqa: E402
from naltrexone_course.figures import style  # noqa: E402


def laid_out(fig, density: int = 1):
    """``fig`` laid out as the explorer lays out a frame at ``density`` (1x or 2x, each at its
    own dpi), the layout then kept (a defect put back goes where the old code put it, in the
    frame's layout)."""
    from nxc_explorer.explorer import BASE_DPI

    fig.set_dpi(density * BASE_DPI)
    fig.canvas.draw()
    fig.set_layout_engine("none")
    return fig


def collisions(fig, kinds: tuple[str, ...] | None = None) -> list[str]:
    """The collision check's findings in ``fig`` (of ``kinds``, or all), as text."""
    from nxc_explorer.collisions import find_collisions

    try:
        return [str(c) for c in find_collisions(fig) if kinds is None or c.kind in kinds]
    finally:
        plt.close(fig)


def _text(ax, containing: str):
    found = [t for t in ax.texts if containing in t.get_text()]
    assert found, f"no text with {containing!r} in {[t.get_text() for t in ax.texts]}"
    return found[0]


def _line(fig, label: str):
    found = [line for ax in fig.axes for line in ax.lines if line.get_label() == label]
    assert found, f"no line {label!r}"
    return found[0]


@dataclass(frozen=True)
class Defect:
    """One defect: ``problems(put_back, monkeypatch)`` draws the real figure, puts the defect
    back when ``put_back`` and returns what the owning check finds."""

    name: str
    owner: str
    problems: Callable


# --------------------------------------------------------------------------- cut at the edge
def craving_narrow_title(put_back, mp):
    """Craving, narrow, "any drinking": "NNT 125 (95% CI 63 to no benefit)" on one line lost
    its end (the NNT and its interval now take a line each)."""
    fig = laid_out(craving_fig.draw_icon_array("any drinking", 0.54, layout="narrow"))
    if put_back:
        title = fig.axes[1].title
        lines = title.get_text().split("\n")
        title.set_text("\n".join([*lines[:2], " ".join(lines[2:])]))
        return collisions(fig, ("canvas", "edge"))
    return collisions(fig)


def glutamate_wide_percent(put_back, mp):
    """Glutamate, wide, 100% blocked, in the 2x frame the reviewer looked at: "Where the risk
    goes at 100%" lost its "%" (the explorer keeps the first frame's layout, made for the
    shorter "... at 0%"; text measured at 200 dpi is a little wider than twice its 1x size)."""
    fig = glutamate_fig.draw_relapse_risk("on", 1.0, layout="wide")
    if not put_back:
        return collisions(laid_out(fig, density=2))
    fig.axes[1].set_title("Where the risk goes at 0%")
    laid_out(fig, density=2).axes[1].set_title("Where the risk goes at 100%")
    return collisions(fig, ("canvas", "edge"))


def craving_wide_2x_title(put_back, mp):
    """Craving, wide, in the 2x frame: the bar panel's two-line title, centred over an axes
    narrower than it, ran 7 px off the right edge (found when the check first ran at 2x; it
    now ends at the axes' right edge)."""
    fig = laid_out(craving_fig.draw_icon_array("heavy drinking", 0.2, layout="wide"), density=2)
    if put_back:
        bar_ax = fig.axes[1]
        bar_ax.set_title(bar_ax.get_title(loc="right"), loc="center")
        bar_ax.set_title("", loc="right")
        return collisions(fig, ("canvas", "edge"))
    return collisions(fig)


# --------------------------------------------------------------------------- text over data
def regimen_narrow_subtitle(put_back, mp):
    """Regimen, narrow: the subtitle on one line at 9 pt, as the old code set it, ran into the
    panel title and the edge (it now breaks after the regimen)."""
    fig = laid_out(pk_fig.draw_regimen("daily tablets", 2, layout="narrow"))
    if put_back:
        fig._suptitle.set_text(pk_fig._title("daily tablets", 2))
        fig._suptitle.set_fontsize(9)
        return collisions(fig, ("text", "canvas", "edge"))
    return collisions(fig)


def regimen_narrow_lowest_note(put_back, mp):
    """Regimen, narrow: "lowest after day 21: 72%" inside the occupancy axes at (0.02, 0.06),
    as the old code put it, runs into the curve, its band and the missed-days hatch (it is
    now in the panel's title)."""
    fig = laid_out(pk_fig.draw_regimen("daily tablets", 7, layout="narrow"))
    if put_back:
        occ_ax = fig.axes[1]
        title = occ_ax.get_title()
        occ_ax.set_title("Occupancy in the brain (model)")
        occ_ax.annotate(title.split("\n")[1], (0.02, 0.06), xycoords="axes fraction", fontsize=9)
        return collisions(fig, ("annotation",))
    return collisions(fig)


def dopamine_narrow_gg_note(put_back, mp):
    """Dopamine, narrow, GG: "same either way" at the left edge, 10 pt above the cue plateau,
    as the old code put it: the rising curve crosses it (it is now centred in the cue band)."""
    fig = laid_out(dopamine_fig.draw_dopamine_and_craving(0.9, "GG", layout="narrow"))
    if put_back:
        note = _text(fig.axes[0], "either way")
        note.set_text("same either way")
        note.xy = (1.0, note.xy[1])
        note.set_position((0, 10))
        note.set_horizontalalignment("left")
        note.set_verticalalignment("baseline")
        return collisions(fig, ("annotation",))
    return collisions(fig)


def _immune_value_on_curve(dose_mg: float, put_back: bool):
    fig = laid_out(immune_fig.draw_target_engagement(dose_mg, layout="wide"))
    if put_back:  # the old value label beside its dot (now in the panel's title)
        from naltrexone_course import immune

        occ_ax, occupied = fig.axes[1], float(immune.peak_mu_occupancy(dose_mg))
        left = dose_mg >= 30
        occ_ax.text(
            dose_mg / 1.15 if left else dose_mg * 1.15,
            occupied if left else occupied - 0.04,
            f"{100 * occupied:.0f}%",
            fontsize=10,
            fontweight="bold",
            ha="right" if left else "left",
            va="center" if left else "top",
        )
        return collisions(fig, ("annotation",))
    return collisions(fig)


def immune_95_percent(put_back, mp):
    """Immune, 100 mg: "95%" sat on the curve and touched the selected value's marker."""
    return _immune_value_on_curve(100.0, put_back)


def immune_90_percent(put_back, mp):
    """Immune, 50 mg: "90%" sat on the curve and touched the selected value's marker."""
    return _immune_value_on_curve(50.0, put_back)


def _old_tlr4_note(fig, layout: str = "wide"):
    from naltrexone_course import immune

    words = "no TLR4 effect at 200 µM"
    fig.axes[0].text(
        1.1,
        immune.human_cell_no_effect_nM() * 1.5,
        f"blood cells: {words}" if layout == "narrow" else f"human blood cells: {words}",
        fontsize=style.text_size(layout, 8),
    )


def immune_tlr4_note_on_its_line(put_back, mp):
    """Immune, narrow: "no TLR4 effect at 200 µM" sat on its own dashed line (now keyed
    below the axes)."""
    fig = laid_out(immune_fig.draw_target_engagement(4.5, layout="narrow"))
    if put_back:
        _old_tlr4_note(fig, "narrow")
        return collisions(fig, ("annotation",))
    return collisions(fig)


# --------------------------------------------------------------------------- legend entries
def antagonism_hidden_entry(put_back, mp):
    """Antagonism at 0 nM: the old figure drew "with 0 nM naltrexone" over "morphine alone"
    (the same curve) and listed both: the key named a line no one could see."""
    fig = laid_out(antagonism_fig.draw_competitive_antagonism(0.0, 100.0, layout="wide"))
    if put_back:
        ax = fig.axes[0]
        alone = _line(fig, "morphine alone")
        ax.plot(
            alone.get_xdata(), alone.get_ydata(), color=style.COLOURS["mu"], linewidth=2.5, label="with 0 nM"
        )
        ax.get_legend().remove()
        style.legend_below(ax, ncol=2, bbox_to_anchor=(0.5, -0.2))
        return collisions(fig, ("entry",))
    return collisions(fig)


def reward_hidden_abstinent_entry(put_back, mp):
    """Reward at 0% blocked: the old figure drew the grey "abstinent" line (dashed, square
    markers) under the blue "drinking" line (solid, round markers as large) and keyed both;
    rule 7 skipped lines with markers (the legend now says the two are the same curve)."""
    fig = laid_out(reward_fig.draw_learned_value(0.0, 0.3, layout="narrow"))
    if put_back:
        ax = fig.axes[0]
        drinking = _line(fig, "drinking while on naltrexone")
        abstinent = ax.plot(
            drinking.get_xdata(),
            drinking.get_ydata(),
            color=style.COMPARISON["color"],
            linestyle="--",
            linewidth=2.2,
            marker="s",
            markevery=5,
            clip_on=False,
            label="abstinent while on naltrexone",
        )[0]
        abstinent.set_zorder(drinking.get_zorder() - 0.1)  # drawn first, as the old code did
        ax.get_legend().remove()
        ax.legend(handles=[abstinent, drinking], loc="lower right")
        return collisions(fig, ("entry",))
    return collisions(fig)


def immune_pet_fit_on_the_model(put_back, mp):
    """Immune, occupancy panel: the old figure drew the PET fit as a grey dashed line on the
    model's blue curve (they agree by construction: the model's fit includes the PET points)
    and keyed both, two rows of the key for what reads as one line (now one curve whose label
    says the PET fit lies on it)."""
    from naltrexone_course import immune

    fig = laid_out(immune_fig.draw_target_engagement(4.5, layout="narrow"))
    if put_back:
        occ_ax = fig.axes[1]
        model = [line for line in occ_ax.lines if line.get_label().startswith("model")][0]
        model.set_label("model: peak in 24 h")
        doses = model.get_xdata()
        pet_fit = occ_ax.plot(
            doses, immune.pet_fit_occupancy(doses), **style.COMPARISON, label="PET fit: first 8 h"
        )[0]
        pet_fit.set_zorder(model.get_zorder())
        occ_ax.get_legend().remove()
        style.legend_below(occ_ax, handles=[model, pet_fit])
        return collisions(fig, ("entry",))
    return collisions(fig)


def antagonism_square_under_the_diamond(put_back, mp):
    """Antagonism, 1 nM naltrexone against 10 µM morphine: both at 100%, the old figure drew
    the grey "morphine alone" square under the orange diamond and keyed both (now one mark,
    its label saying alone or with naltrexone)."""
    fig = laid_out(antagonism_fig.draw_competitive_antagonism(1.0, 10000.0, layout="wide"))
    if put_back:
        ax = fig.axes[0]
        diamond = [line for line in ax.lines if line.get_gid() == "the selected value"][0]
        square = ax.plot(
            diamond.get_xdata(),
            diamond.get_ydata(),
            marker="s",
            color=style.COMPARISON["color"],
            markersize=8,
            linestyle="none",
            clip_on=False,
            label="10 µM morphine alone: 100%",
        )[0]
        square.set_zorder(diamond.get_zorder() - 0.1)  # drawn before the diamond, as the old code did
        ax.get_legend().remove()
        style.legend_below(ax, handles=[square, diamond], ncol=2, bbox_to_anchor=(0.5, -0.2))
        return collisions(fig, ("entry",))
    return collisions(fig)


def antagonism_free_peak_on_the_chosen_level(put_back, mp):
    """Antagonism, occupancy at 30 nM: the old figure drew the free peak's grey dash-dot line
    (30.8 nM) along the chosen level's orange line and keyed both (now the chosen level alone,
    its label saying it is about the free peak)."""
    fig = laid_out(antagonism_fig.draw_receptor_occupancy(30.0, layout="narrow"))
    if put_back:
        ax = fig.axes[0]
        chosen = [line for line in ax.lines if line.get_label().startswith("the chosen level")][0]
        chosen.set_label("the chosen level")
        peak = ax.axvline(30.78, **style.REFERENCE_LINE, label="free peak, 50 mg tablet")
        ax.get_legend().remove()
        style.legend_below(ax, handles=[peak, chosen], bbox_to_anchor=(0.5, -0.24))
        return collisions(fig, ("entry",))
    return collisions(fig)


def regimen_absent_entries(put_back, mp):
    """Regimen, no tablet missed: the old legend keyed "past the label's window" and the
    missed-days hatch in every frame, drawn or not (blank rows now keep its size)."""
    from matplotlib.patches import Patch

    fig = laid_out(pk_fig.draw_regimen("daily tablets", 0, layout="wide"))
    if put_back:
        legend = fig.legends[0]
        handles = [h for h in legend.legend_handles if h.get_label().strip()]
        handles += [Patch(**pk_fig.LABEL_WINDOW_STYLE, label="past the label's window"), style.gap_handle()]
        legend.remove()
        style.figure_legend_below(fig, handles, ncol=3, fontsize=8)
        return collisions(fig, ("entry",))
    return collisions(fig)


def _unordered(mp, module):
    """The old legends: blank rows stay where their entry would be (``keys_first`` undone)."""
    mp.setattr(
        module,
        "keys_first",
        lambda handles, labels=None: (list(handles), list(labels or [h.get_label() for h in handles])),
    )


def overcome_narrow_legend_gap(put_back, mp):
    """Overcome, narrow, injection on time: the blank rows that keep the legend's size sat
    between the keys and before the readout, a visible gap on a phone (now at the foot)."""
    from naltrexone_course.figures import blockade as blockade_fig

    if put_back:
        _unordered(mp, blockade_fig)
    fig = laid_out(blockade_fig.draw_overcome("monthly injection", 0, layout="narrow"))
    return collisions(fig, ("gap",) if put_back else None)


def regimen_narrow_legend_gap(put_back, mp):
    """Regimen, narrow, no tablet missed: two blank rows between "typical person" and the
    measurements (now at the foot)."""
    if put_back:
        _unordered(mp, pk_fig)
    fig = laid_out(pk_fig.draw_regimen("daily tablets", 0, layout="narrow"))
    return collisions(fig, ("gap",) if put_back else None)


def fit_bands_without_key(put_back, mp):
    """Model fit: the 1 and 2 SD bands behind the residuals had no legend entry (now keyed)."""
    from naltrexone_course.figures import fit as fit_fig

    fig = laid_out(fit_fig.draw_residuals("book's model", layout="narrow"))
    if put_back:
        ax = fig.axes[0]
        handles = [h for h in ax.get_legend().legend_handles if "SD" not in h.get_label()]
        ax.get_legend().remove()
        style.legend_below(ax, handles=handles, fontsize=style.text_size("narrow", 8))
        return collisions(fig, ("unkeyed",))
    return collisions(fig)


# --------------------------------------------------------------------------- palette and marks
def mechanisms_colour_follows_selection(put_back, mp):
    """Mechanisms: a pathway took the colour of its place in the selection (glutamate in
    reward's blue, immune in orange); each now has its own (style.PATHWAYS)."""
    if put_back:
        by_place = list(style.PATHWAYS.values())

        class ByPlace(dict):
            def __getitem__(self, pathway):  # the colour of the pathway's row, not its own
                return by_place[list(mechanisms_fig.PATHWAY_SETS).index(_current[0]) % 2 + _row(pathway)]

        _current, rows = [None], {}

        def _row(pathway):
            return rows.setdefault(pathway, len(rows) % 2)

        real = mechanisms_fig.draw_combination

        def draw(pathways, weighting, layout="wide"):
            _current[0], rows_ = pathways, rows
            rows_.clear()
            return real(pathways, weighting, layout=layout)

        mp.setattr(mechanisms_fig, "_COLOUR", ByPlace())
        mp.setattr(mechanisms_fig, "draw_combination", draw)
    return style_tests.pathway_colour_problems()


def single_tablet_plasma_own_peak(put_back, mp):
    """Single tablet: plasma scaled to its own peak, so 2 mg and 100 mg looked the same (now
    in ng/mL on a fixed log axis)."""
    if put_back:
        real = pk_fig.pk

        class OwnPeak:
            def __getattr__(self, name):
                return getattr(real, name)

            @staticmethod
            def plasma(r, hours):
                level = real.plasma(r, hours)
                return level / np.max(level) * 100  # % of its own peak

        mp.setattr(pk_fig, "pk", OwnPeak())
    return style_tests.single_tablet_plasma_problems()


def regimen_band_without_key(put_back, mp):
    """Regimen: the teal 1-2 ng/mL band had no legend entry and read as a safe zone."""
    if put_back:
        real = pk_fig.band

        def unkeyed(ax, low, high, label, colour=style.GREY, **kwargs):
            real(ax, low, high, "_nolegend_", colour, **kwargs)
            return style.legend_row()

        mp.setattr(pk_fig, "band", unkeyed)
    return style_tests.regimen_key_problems()


def regimen_hatch_without_medicine(put_back, mp):
    """Regimen: the injection's hatch said "days without medicine" while the depot still gave
    about 1 ng/mL (it now says "injection overdue")."""
    if put_back:
        mp.setattr(pk_fig, "MISSED_LABELS", dict.fromkeys(pk_fig.REGIMENS, "days without medicine"))
    return style_tests.regimen_key_problems()


def injection_styled_differently(put_back, mp):
    """The injection was orange-dashed in one figure and blue-solid in the next (now
    style.REGIMENS' dashed purple everywhere)."""
    if put_back:
        old = {"color": style.COLOURS["kappa"], "linewidth": 2.0, "linestyle": "--"}
        mp.setattr(pk_fig, "REGIMEN_STYLES", {**style.REGIMENS, "monthly injection": old})
    return style_tests.regimen_line_problems()


def selected_value_marker(put_back, mp):
    """Occupancy: the selected level was a thick, half-transparent orange line (2.5 pt, alpha
    0.9), unlike the selected value elsewhere (now style.SELECTED_LINE)."""
    fig = laid_out(antagonism_fig.draw_receptor_occupancy(10.0, layout="wide"))
    if put_back:
        chosen = _line(fig, "the chosen level")
        chosen.set_linewidth(2.5)
        chosen.set_alpha(0.9)
    try:
        return style_tests.orange_problems(fig)
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- words and geometry
def one_are_spared(put_back, mp):
    """Craving's alt text: "1 are spared" (now "1 is spared")."""
    if put_back:
        mp.setattr(craving_fig, "people", lambda n, one, many: f"{n} {many}")
    return style_tests.agreement_problems()


def _words(fig):
    try:
        return style_tests.word_problems(fig)
    finally:
        plt.close(fig)


def x_for_times(put_back, mp):
    """Dopamine: "dopamine (x 118AA rise)", an x for the multiplication sign."""
    fig = laid_out(dopamine_fig.draw_dopamine_and_craving(0.9, "GG", layout="narrow"))
    if put_back:
        fig.axes[0].set_ylabel("dopamine (x 118AA rise)")
    return _words(fig)


def false_precision(put_back, mp):
    """Immune, 1 mg: "1,337x too low" (false precision; now two significant digits)."""
    from naltrexone_course import immune

    fig = laid_out(immune_fig.draw_target_engagement(1.0, layout="wide"))
    if put_back:
        _text(fig.axes[0], "too low").set_text(f"{float(immune.fold_below_tlr4(1.0)):,.0f}x\ntoo low")
    return _words(fig)


def micromolar_on_nanomolar_axis(put_back, mp):
    """Immune: "200 µM" written on a concentration axis in nM (now keyed in nM)."""
    fig = laid_out(immune_fig.draw_target_engagement(4.5, layout="wide"))
    if put_back:
        _old_tlr4_note(fig)
    return _words(fig)


def icons_against_their_bar(put_back, mp):
    """Craving: 41 icons beside a bar labelled 42% (the old counts rounded by largest
    remainder, the bar's label by whole percent)."""
    from naltrexone_course import clinical

    if put_back:

        def old_counts(baseline_risk, outcome):
            return clinical.icon_counts(baseline_risk, clinical.risk_ratio(outcome).estimate)

        mp.setattr(craving_fig, "icon_counts", old_counts)
    from test_accessibility import chapter_figures

    from nxc_explorer.explorer import grid

    ((draw, _describe, controls),) = chapter_figures("book/craving")
    problems = []
    for values in grid(controls):  # every frame the chapter offers (41 against 42 at 50%)
        fig = draw(**values, layout="wide")
        try:
            problems += [f"{values}: {p}" for p in style_tests.icon_problems(fig)]
        finally:
            plt.close(fig)
    return problems


def reward_axes_misaligned(put_back, mp):
    """Reward, narrow: the prediction-error panel's x axis took its own limits, its bars half
    an episode off the line above (now both panels run 0-40)."""
    fig = laid_out(reward_fig.draw_learned_value(0.9, 0.3, layout="narrow"))
    if put_back:
        err_ax = fig.axes[1]
        err_ax.set_autoscalex_on(True)
        err_ax.relim()
        err_ax.autoscale_view(scalex=True, scaley=False)
    try:
        return style_tests.stacked_panel_problems(fig)
    finally:
        plt.close(fig)


def evidence_map_shifts(put_back, mp):
    """Evidence map, wide: the chosen claim's name in bold changed its width and moved the
    axes sideways as the claim changed (every name now in one weight)."""
    if put_back:
        real = mechanisms_fig.draw_evidence_map

        def bold_chosen(claim, layout="wide"):
            fig = real(claim, layout=layout)
            for text in fig.axes[0].texts:
                if text.get_text() == claim:
                    text.set_fontweight("bold")
            return fig

        mp.setattr(mechanisms_fig, "draw_evidence_map", bold_chosen)
    return style_tests.evidence_map_problems()


DEFECTS = [
    Defect("craving-narrow-title-cut-at-the-edge", "collision check", craving_narrow_title),
    Defect("glutamate-wide-percent-cut-at-the-edge", "collision check", glutamate_wide_percent),
    Defect("craving-wide-2x-title-off-the-canvas", "collision check", craving_wide_2x_title),
    Defect("overcome-narrow-legend-gap", "collision check", overcome_narrow_legend_gap),
    Defect("regimen-narrow-legend-gap", "collision check", regimen_narrow_legend_gap),
    Defect("fit-sd-bands-without-legend-entry", "collision check", fit_bands_without_key),
    Defect("regimen-narrow-subtitle-on-the-panel-title", "collision check", regimen_narrow_subtitle),
    Defect("regimen-narrow-lowest-note-in-the-missed-days", "collision check", regimen_narrow_lowest_note),
    Defect("dopamine-narrow-gg-curve-crosses-same-either-way", "collision check", dopamine_narrow_gg_note),
    Defect("immune-95-percent-on-the-curve", "collision check", immune_95_percent),
    Defect("immune-90-percent-on-the-curve", "collision check", immune_90_percent),
    Defect("immune-no-tlr4-effect-on-its-dashed-line", "collision check", immune_tlr4_note_on_its_line),
    Defect("antagonism-0-nM-entry-for-a-hidden-curve", "collision check", antagonism_hidden_entry),
    Defect(
        "reward-0-percent-entry-for-a-hidden-marked-line", "collision check", reward_hidden_abstinent_entry
    ),
    Defect("immune-pet-fit-keyed-apart-on-the-model-curve", "collision check", immune_pet_fit_on_the_model),
    Defect(
        "antagonism-morphine-alone-square-under-the-diamond",
        "collision check",
        antagonism_square_under_the_diamond,
    ),
    Defect(
        "antagonism-free-peak-keyed-apart-on-the-chosen-level",
        "collision check",
        antagonism_free_peak_on_the_chosen_level,
    ),
    Defect("regimen-entries-for-nothing-drawn", "collision check", regimen_absent_entries),
    Defect(
        "mechanisms-colour-changes-with-selection",
        "style: pathway colours",
        mechanisms_colour_follows_selection,
    ),
    Defect(
        "single-tablet-plasma-scaled-to-its-own-peak", "style: plasma in ng/mL", single_tablet_plasma_own_peak
    ),
    Defect("regimen-teal-band-without-legend-entry", "style: regimen key", regimen_band_without_key),
    Defect("regimen-hatch-days-without-medicine", "style: regimen key", regimen_hatch_without_medicine),
    Defect("injection-styled-differently", "style: regimen marks", injection_styled_differently),
    Defect(
        "selected-value-marker-inconsistent", "style: orange is the selected value", selected_value_marker
    ),
    Defect("one-are-spared", "style: agreement", one_are_spared),
    Defect("x-118AA-for-the-multiplication-sign", "style: words", x_for_times),
    Defect("1337x-false-precision", "style: words", false_precision),
    Defect("icons-against-a-42-percent-bar", "style: icons match the bar", icons_against_their_bar),
    Defect("reward-stacked-axes-misaligned", "style: stacked panels", reward_axes_misaligned),
    Defect("micromolar-on-a-nanomolar-axis", "style: words", micromolar_on_nanomolar_axis),
    Defect("evidence-map-shifts-sideways", "style: evidence map stays still", evidence_map_shifts),
]


#: ``make fast`` runs these when a figure module, the house style, the engine (its collision
#: check) or one of the two test files changed (conftest: the ``figures`` marker).
FIGURES_AND_CHECKS = pytest.mark.figures(
    *(f"naltrexone_course.figures.{m}" for m in ("antagonism", "blockade", "craving", "dopamine", "fit")),
    *(
        f"naltrexone_course.figures.{m}"
        for m in ("glutamate", "immune", "mechanisms", "pk", "reward", "style")
    ),
    "naltrexone_course.explorer",
    "tests/test_defects_put_back.py",
    "tests/test_figure_style.py",
)


@FIGURES_AND_CHECKS
@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_the_figure_passes_now_and_fails_with_its_old_defect_put_back(defect, monkeypatch):
    now = defect.problems(False, monkeypatch)
    assert now == [], f"{defect.name}: the figure as it is now fails the {defect.owner}: {now[:5]}"
    with monkeypatch.context() as mp:
        old = defect.problems(True, mp)
    assert old, f"{defect.name}: the {defect.owner} does not see the defect put back"
