"""Drawing functions for "How much opioid would overcome the blockade now?" (chapter
"From pill to receptor"): the dose ratio over the days of a treatment, for a virtual
population, with missed tablets or a late injection."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import blockade, parameters, pk
from .style import COLOURS, TEXT_COLOURS, check_layout, new_figure

REGIMENS = ("daily tablets", "monthly injection")
MISSED_FROM_DAY = 21  # tablets: the first missed dose; injection: the second is due on day 28
DAYS = np.linspace(0.0, 49.0, 785)  # 1.5 h steps
PEOPLE = 100
SEED = 0
Y_MAX = 300.0


def dose_ratios(regimen: str, missed: int, people: int | None = PEOPLE, seed: int = SEED) -> np.ndarray:
    """Dose ratio (>= 1) over :data:`DAYS` for each of ``people`` virtual patients (rows),
    or for the typical person alone when ``people`` is None (one row).

    Tablets: 50 mg every day for 49 days with ``missed`` tablets skipped from day 21.
    Injection: 380 mg on day 0 and the next on day 28 + ``missed`` (a late injection)."""
    patients = None if people is None else pk.virtual_patients(people, seed)
    t = DAYS * 24.0
    if regimen == "daily tablets":
        r = pk.oral(50, 24, 49, missed=range(MISSED_FROM_DAY, MISSED_FROM_DAY + missed))
        return np.atleast_2d(blockade.dose_ratio(r, t, patients))
    if regimen != "monthly injection":
        raise ValueError(f"regimen must be one of {REGIMENS}, got {regimen!r}")
    first = pk.injection(380)
    second_h = (28 + missed) * 24.0
    load = np.asarray(pk.receptor_load(first, t, patients))
    later = np.asarray(pk.receptor_load(first, np.clip(t - second_h, 0.0, None), patients))
    return np.atleast_2d(1.0 + load + np.where(t >= second_h, later, 0.0))


def _gap(regimen: str, missed: int) -> tuple[float, float]:
    if regimen == "daily tablets":
        return MISSED_FROM_DAY, MISSED_FROM_DAY + missed
    return 28.0, 28.0 + missed


def beyond_label_window(regimen: str, missed: int) -> np.ndarray:
    """True on the days of :data:`DAYS` that lie further from the last dose taken than the
    label's blockade window (:func:`blockade.label_window_h`): no blockade is established."""
    t = DAYS * 24.0
    if regimen == "daily tablets":
        r = pk.oral(50, 24, 49, missed=range(MISSED_FROM_DAY, MISSED_FROM_DAY + missed))
        return np.asarray(blockade.beyond_label_window(r, t))
    first = pk.injection(380)
    second_h = (28 + missed) * 24.0
    since = np.where(t >= second_h, t - second_h, t)
    return since > blockade.label_window_h(first)


def _summary(regimen: str, missed: int) -> dict[str, object]:
    ratios = dose_ratios(regimen, missed)
    danger = parameters.value("danger_dose_ratio")
    typical = _typical(regimen, missed)
    beyond = beyond_label_window(regimen, missed)
    # counted as unprotected: the model's ratio below the danger ratio, or past the label's window
    faded = np.sum((ratios < danger) | beyond[None, :], axis=0).astype(float)
    model_faded = np.sum(ratios < danger, axis=0).astype(float)
    faded[DAYS < 1.0] = np.nan  # the first tablet or injection is still taking effect
    model_faded[DAYS < 1.0] = np.nan
    start, _ = _gap(regimen, missed)
    after = DAYS >= start
    return {
        "ratios": ratios,
        "typical": typical,
        "p5": np.percentile(ratios, 5, axis=0),
        "p95": np.percentile(ratios, 95, axis=0),
        "faded": faded,
        "beyond": beyond,
        "danger": danger,
        "most_faded": int(np.nanmax(faded[after])),
        "most_model_faded": int(np.nanmax(model_faded[after])),
        "day_most_faded": float(DAYS[after][np.nanargmax(faded[after])]),
        "lowest_typical": float(typical[after].min()),
        "any_beyond": bool(beyond[after].any()),
    }


def _typical(regimen: str, missed: int) -> np.ndarray:
    return dose_ratios(regimen, missed, people=None)[0]


def _title(regimen: str, missed: int) -> str:
    if regimen == "daily tablets":
        return (
            f"50 mg tablet daily, {missed} missed from day {MISSED_FROM_DAY}"
            if missed
            else "50 mg tablet daily"
        )
    return f"380 mg injection, next one {missed} days late" if missed else "380 mg injection, next on day 28"


def draw_overcome(regimen: str, missed: int, layout: str = "wide") -> Figure:
    """Left: the dose ratio (log axis) over the days of treatment: the typical person, the
    5th-95th percentile of 100 virtual people, the usual dose (ratio 1) and the danger zone
    where the blockade has faded. Right: how many of the 100 are in the danger zone."""
    check_layout(layout)
    s = _summary(regimen, missed)
    narrow = layout == "narrow"
    fig, (ratio_ax, count_ax) = new_figure(2, width_ratios=(1.6, 1.0), layout=layout)
    danger = s["danger"]
    ratio_ax.axhspan(1.0, danger, color=COLOURS["kappa"], alpha=0.18, linewidth=0)
    ratio_ax.text(
        0.5,
        1.25,
        "danger zone: blockade faded" if not narrow else "danger: faded",
        color=TEXT_COLOURS["kappa"],
        fontsize=9,
    )
    ratio_ax.fill_between(
        DAYS, s["p5"], s["p95"], color=COLOURS["mu"], alpha=0.22, linewidth=0, label="5th-95th percentile"
    )
    ratio_ax.plot(DAYS, s["typical"], color=COLOURS["mu"], linewidth=2.0, label="typical person")
    ratio_ax.axhline(1.0, color="black", linewidth=1.2, linestyle="--")
    ratio_ax.text(48.5, 1.05, "usual dose", ha="right", va="bottom", fontsize=9)
    ratio_ax.set_yscale("log")
    ratio_ax.set_ylim(0.9, Y_MAX)
    ratio_ax.set_yticks([1, 2, 10, 100], ["1", "2", "10", "100"])
    ratio_ax.set_ylabel("dose ratio (model, log)" if narrow else "times the usual opioid dose (model, log)")
    ratio_ax.set_title("What would overcome it?" if narrow else "How much would overcome the blockade?")
    ratio_ax.legend(loc="upper right", frameon=False, fontsize=9 if narrow else 8, ncol=1 if narrow else 2)
    count_ax.plot(DAYS, s["faded"], color=COLOURS["kappa"], linewidth=2.0, linestyle="-")
    count_ax.set_ylim(-2, 102)
    count_ax.set_ylabel("people of 100")
    count_ax.set_title("Count on no blockade")
    for ax in (ratio_ax, count_ax):  # the label establishes no blockade on these days
        ax.fill_between(
            DAYS,
            0,
            1,
            where=s["beyond"],
            transform=ax.get_xaxis_transform(),
            facecolor=COLOURS["reference"],
            alpha=0.18,
            linewidth=0,
        )
    start, end = _gap(regimen, missed)
    for ax in (ratio_ax, count_ax):
        ax.set_xlim(0, 49)
        ax.set_xticks(range(0, 50, 7))
        ax.set_xlabel("days since the first dose")
        if missed:
            ax.axvspan(start, end, facecolor="none", edgecolor=COLOURS["highlight"], hatch="//", linewidth=0)
    if narrow:
        grey = "\nGrey: past the label's blockade window." if s["any_beyond"] else ""
        fig.suptitle(
            f"{_title(regimen, missed)}.{grey}\nTrying to overcome the blockade can kill.", fontsize=9
        )
    else:
        grey = (
            "\nGrey days: past the label's blockade window, count on no blockade." if s["any_beyond"] else ""
        )
        fig.suptitle(
            f"{_title(regimen, missed)}. Any attempt to overcome the blockade can kill.{grey}", fontsize=10
        )
    return fig


def describe_overcome(regimen: str, missed: int) -> str:
    """Alt text for :func:`draw_overcome`."""
    s = _summary(regimen, missed)
    start, _ = _gap(regimen, missed)
    window = (
        "the label establishes a blockade for about 24 hours after a 50 mg tablet"
        if regimen == "daily tablets"
        else "the label establishes a blockade for about 28 days after an injection"
    )
    return (
        f"{_title(regimen, missed)}: after day {start:g} the model's dose ratio for the typical person "
        f"falls as low as {s['lowest_typical']:.1f}; up to {s['most_faded']} of 100 virtual people must "
        f"count on no blockade (model ratio below {s['danger']:g} for up to {s['most_model_faded']} of them, "
        f"or past the label's window: {window}). "
        "The level that would overcome the blockade is unknown for any one person, and trying can kill."
    )
