"""The pharmacokinetic and blockade models next to every published reference point.

The points are data: ``data/reference_points.csv`` (shipped with the package) gives, one
row per point, its literature value, its stated uncertainty (one SD, the weight it gets in
the joint fit ``tools/pk_fit.py``), its unit, its source (in words, and as bibtex keys of
``book/references.bib``) and how the model value is computed: the name of one of the
:data:`COMPUTATIONS` below with its arguments (``dose_mg=50; analyte=naltrexone``). A
target may name a parameter of the registry (``blockade_nearly_complete``) instead of a
number; ``{name:.0%}`` in a text is filled in from the registry.

:data:`REFERENCE_POINTS` holds them; :func:`residuals` gives (model - literature) / SD for
all of them; :func:`markdown_table` renders the comparison and :func:`gives_up` says in
words what the fit trades away. To add a point, add a row (and, if no computation fits,
one function to :data:`COMPUTATIONS`); ``tests/test_reference_points.py`` checks every row.

Each row has a ``status``: ``fitted`` (the joint fit weighs it) or ``out of sample`` (a
measurement the fit never sees, shown only to test the model: the delta and kappa PET
values, the mu PET value on daily tablets, the oral terminal half-life and plasma levels a
month after another brand's depot).
:func:`residuals` takes only the fitted points unless asked for others.

Every computation is written against a :class:`Structure` (how plasma levels and the
brain's receptor load are made), so that the rival explanations of the long blockade
(:mod:`naltrexone_course.pk_rivals`) are compared on the very same points:
``point.model(structure)``; the book's structure is :data:`MAIN`.

PET scan times: Rabiner 2011 (via Trøstheim 2022's Table 1) reports occupancy "within
8 h" of the tablet; the exact scan time of each person was not available to us, so the
model's **peak** between 1 and 8 h is compared, and the table says so.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike

from . import blockade, parameters, pk, pk_rivals

_DAY = 24.0
_EARLY = np.linspace(1.0, 8.0, 57)
DATA_FILE = "reference_points.csv"
COLUMNS = (
    "key",
    "what",
    "literature",
    "source",
    "cite",
    "target",
    "sd",
    "unit",
    "computation",
    "arguments",
    "note",
    "status",
)
STATUSES = ("fitted", "out of sample")


@dataclass(frozen=True)
class ReferencePoint:
    """One published value: ``target`` +- ``sd`` (in ``unit``) from ``source`` (bibtex keys
    ``cite``); the model's value is ``COMPUTATIONS[computation](**arguments)``."""

    key: str
    what: str
    literature: str
    source: str
    cite: tuple[str, ...]
    target: float
    sd: float
    unit: str
    computation: str
    arguments: dict[str, float | str] = field(default_factory=dict)
    note: str = ""
    status: str = "fitted"

    @property
    def fitted(self) -> bool:
        """True when the joint fit weighs this point; False for an out-of-sample check."""
        return self.status == "fitted"

    @property
    def group(self) -> str:
        """What kind of measurement this is (one of :data:`GROUPS`)."""
        if self.computation == "steady_state_occupancy":
            receptor = str(self.arguments.get("receptor", "mu"))
            return "PET, mu, daily tablets" if receptor == "mu" else "PET, delta and kappa"
        return GROUP_OF[self.computation]

    def model(self, structure: Structure | None = None) -> float:
        """The model's value of this point, computed now (after a refit, the new one), with
        the book's structure or a rival ``structure``."""
        return float(
            COMPUTATIONS[self.computation](MAIN if structure is None else structure, **self.arguments)
        )

    def residual(self, structure: Structure | None = None) -> float:
        """(model - literature) / SD."""
        return (self.model(structure) - self.target) / self.sd


# --- the structure a computation runs on ---------------------------------------------
@dataclass(frozen=True)
class Structure:
    """One explanation of naltrexone's plasma levels and blockade, as the reference points
    need it: ``plasma(regimen, t_h, analyte)`` in ng/mL, ``receptor_load(regimen, t_h)``
    (``X``: occupancy ``X / (1 + X)``, dose ratio ``1 + X``) and ``opioid_link()``, the
    (ED50 in mg IV morphine, Hill slope) of the opioid's dose-effect curve."""

    name: str
    plasma: Callable[..., object]
    receptor_load: Callable[..., object]
    opioid_link: Callable[[], tuple[float, float]]
    metabolite_load: Callable[..., object]  # the load of 6-beta-naltrexol alone


def _main_link() -> tuple[float, float]:
    return parameters.value("opioid_effect_ed50_morphine_iv_mg"), parameters.value("opioid_effect_hill")


#: The structure the book uses: a metabolite and two brain compartments (:mod:`pk`).
MAIN = Structure(
    "metabolite and a slow brain compartment (the book's model)",
    pk.plasma,
    pk.receptor_load,
    _main_link,
    pk.receptor_load_of,
)


def _occupancy(s: Structure, regimen, t, receptor: str = "mu") -> np.ndarray:
    x = np.asarray(s.receptor_load(regimen, t), dtype=float)
    if receptor != "mu":
        x = x / parameters.value(f"naltrexone_{receptor}_to_mu_ratio")
    return x / (1.0 + x)


def _effect(s: Structure, morphine_mg) -> np.ndarray:
    ed50, hill = s.opioid_link()
    u = (np.asarray(morphine_mg, dtype=float) / ed50) ** hill
    return u / (1.0 + u)


def _blocked(s: Structure, regimen, t, opioid: str, opioid_mg: float, route: str) -> np.ndarray:
    """Fraction of the opioid's effect removed: 1 - E(M / (1 + X)) / E(M) (as :mod:`blockade`)."""
    morphine = opioid_mg * blockade.potency(opioid, route)
    ratio = 1.0 + np.asarray(s.receptor_load(regimen, t), dtype=float)
    return np.clip(1.0 - _effect(s, morphine / ratio) / _effect(s, morphine), 0.0, 1.0)


# --- model quantities -------------------------------------------------------------------
def _last_crossing(t: np.ndarray, y: np.ndarray, level: float) -> float:
    """Last time at which ``y`` falls through ``level`` (linear interpolation)."""
    above = np.nonzero(y >= level)[0]
    if not above.size:
        return float(t[0])
    i = int(above[-1])
    if i + 1 >= t.size:
        return float(t[-1])
    return float(t[i] + (t[i + 1] - t[i]) * (y[i] - level) / (y[i] - y[i + 1]))


def half_life_h(regimen, t1, t2, analyte="naltrexone", structure: Structure | None = None):
    """Apparent half-life (h) of ``analyte`` between ``t1`` and ``t2`` hours."""
    s = MAIN if structure is None else structure
    c1, c2 = np.asarray(s.plasma(regimen, [t1, t2], analyte), dtype=float)
    return (t2 - t1) * math.log(2) / math.log(c1 / c2)


def tablet_peak(s: Structure, dose_mg: float, analyte: str) -> tuple[float, float]:
    """Time (h) and level (ng/mL) of the highest plasma ``analyte`` in 24 h after one tablet
    (a 3-minute grid, then refined to under 2 seconds, as :func:`pk.tablet_peak`)."""
    regimen = pk.oral(dose_mg)
    coarse = np.linspace(0.0, 24.0, 481)
    t0 = float(coarse[int(np.argmax(s.plasma(regimen, coarse, analyte)))])
    fine = np.linspace(max(0.0, t0 - 0.05), t0 + 0.05, 201)
    level = np.asarray(s.plasma(regimen, fine, analyte))
    i = int(np.argmax(level))
    return float(fine[i]), float(level[i])


def blockade_half_time_h(s: Structure, dose_mg: float = 50.0) -> float:
    """Hours after one tablet until mu occupancy has fallen to half its peak."""
    t = np.arange(0.0, 600.0, 0.5)
    occ = _occupancy(s, pk.oral(dose_mg), t)
    i = int(np.argmax(occ))
    return _last_crossing(t[i:], occ[i:], occ[i] / 2)


def early_peak_occupancy(s: Structure, dose_mg: float) -> float:
    """The model's highest mu occupancy 1-8 h after one tablet (PET scan time unknown)."""
    return float(_occupancy(s, pk.oral(dose_mg), _EARLY).max())


def steady_state_occupancy(s: Structure, dose_mg: float, days: float, receptor: str = "mu") -> float:
    """Mean occupancy of ``receptor`` over the last day of ``days`` daily tablets of ``dose_mg``."""
    n = int(days)
    t = np.linspace((n - 1) * _DAY, n * _DAY, 97)
    return float(_occupancy(s, pk.oral(dose_mg, 24, n), t, receptor).mean())


def tablet_auc(s: Structure) -> float:
    """Naltrexone AUC (ng*h/mL) after one 50 mg tablet."""
    t = np.arange(0.0, 96.0, 0.02)
    return float(np.asarray(s.plasma(pk.oral(50), t)).sum() * 0.02)


def exposure_ratio(s: Structure) -> float:
    """Naltrexone exposure of one 380 mg injection over that of 28 daily 50 mg tablets."""
    t = np.arange(0.0, 70 * _DAY, 0.1)
    return float(np.sum(s.plasma(pk.injection(380), t)) / np.sum(s.plasma(pk.oral(50, 24, 28), t)))


def injection_peaks(s: Structure) -> tuple[float, float]:
    """Time (h) of the injection's early peak and day of its second peak."""
    t = np.arange(0.0, 10 * _DAY, 0.1)
    level = np.asarray(s.plasma(pk.injection(380), t))
    early, later = t < 12, t > 12
    return float(t[early][np.argmax(level[early])]), float(t[later][np.argmax(level[later])] / _DAY)


def day14_over_peak(s: Structure) -> float:
    """Plasma naltrexone on day 14 after 380 mg as a fraction of the second peak."""
    t = np.arange(12.0, 10 * _DAY, 0.5)
    peak = np.max(s.plasma(pk.injection(380), t))
    return float(s.plasma(pk.injection(380), [14 * _DAY])[0] / peak)


def injection_half_life_days(s: Structure) -> float:
    """Apparent half-life (days) of naltrexone between days 14 and 28 after 380 mg."""
    return half_life_h(pk.injection(380), 14 * _DAY, 28 * _DAY, structure=s) / _DAY


def days_above(dose_mg: float, level_ng_ml: float, structure: Structure | None = None) -> float:
    """Last day on which plasma naltrexone is at or above ``level_ng_ml`` after one injection."""
    s = MAIN if structure is None else structure
    t = np.arange(3 * _DAY, 80 * _DAY, 1.0)
    return _last_crossing(t, np.asarray(s.plasma(pk.injection(dose_mg), t)), level_ng_ml) / _DAY


def castillo_time_h(structure: Structure | None = None) -> float:
    """Hours after a 380 mg injection at which plasma naltrexone falls to 2 ng/mL."""
    return days_above(380, parameters.value("naltrexone_plasma_band_high_ng_ml"), structure) * _DAY


def every_other_day_48h(s: Structure) -> float:
    """mu occupancy 48 h after a dose of 50 mg every other day, at steady state."""
    return float(_occupancy(s, pk.oral(50, 48, 10), [10 * 48.0])[0])


def tablet_blockade_duration_h(s: Structure, dose_mg: float, step_h: float = 0.25) -> float:
    """Hours after one tablet during which 25 mg IV heroin stays blocked (at least the
    registry's ``blockade_duration_criterion`` of its effect removed), as
    :func:`blockade.blockade_duration` computes it: a ``step_h`` grid to 240 h."""
    level = parameters.value("blockade_duration_criterion")
    t = np.arange(0.0, 240.0 + step_h, step_h)
    return _last_crossing(t, _blocked(s, pk.oral(dose_mg), t, "heroin", 25.0, "iv"), level)


#: name -> function(structure, **arguments) giving the model's value of a reference point
COMPUTATIONS: dict[str, Callable[..., float]] = {
    "tablet_peak_level": lambda s, dose_mg, analyte: tablet_peak(s, dose_mg, analyte)[1],
    "tablet_peak_time": lambda s, dose_mg, analyte: tablet_peak(s, dose_mg, analyte)[0],
    "tablet_half_life": lambda s, dose_mg, from_h, to_h, analyte: half_life_h(
        pk.oral(dose_mg), from_h, to_h, analyte, s
    ),
    "tablet_auc": tablet_auc,
    "injection_over_tablets_exposure": exposure_ratio,
    "injection_early_peak_h": lambda s: injection_peaks(s)[0],
    "injection_second_peak_day": lambda s: injection_peaks(s)[1],
    "injection_day14_over_peak": day14_over_peak,
    "injection_half_life_days": injection_half_life_days,
    "injection_days_above": lambda s, dose_mg, level_ng_ml: days_above(dose_mg, level_ng_ml, s),
    "injection_level": lambda s, dose_mg, day: float(
        np.asarray(s.plasma(pk.injection(dose_mg), [day * _DAY]))[0]
    ),
    "early_peak_occupancy": early_peak_occupancy,
    "steady_state_occupancy": steady_state_occupancy,
    "occupancy_half_time_h": blockade_half_time_h,
    "every_other_day_occupancy_48h": every_other_day_48h,
    "tablet_blockade_duration_h": tablet_blockade_duration_h,
    "blocked_at_castillo_level": lambda s: float(
        _blocked(s, pk.injection(380), [castillo_time_h(s)], "heroin", 25.0, "iv")[0]
    ),
    "injection_effect_blocked": lambda s, dose_mg, day, opioid, opioid_mg, route: float(
        _blocked(s, pk.injection(dose_mg), [day * _DAY], opioid, opioid_mg, route)[0]
    ),
    "opioid_effect": lambda s, opioid, opioid_mg, route: float(
        _effect(s, opioid_mg * blockade.potency(opioid, route))
    ),
}

#: What kind of measurement each computation compares (the fit page groups by it).
GROUP_OF: dict[str, str] = {
    "tablet_peak_level": "plasma, tablet",
    "tablet_peak_time": "plasma, tablet",
    "tablet_half_life": "plasma, tablet",
    "tablet_auc": "plasma, tablet",
    "injection_over_tablets_exposure": "plasma, injection",
    "injection_early_peak_h": "plasma, injection",
    "injection_second_peak_day": "plasma, injection",
    "injection_day14_over_peak": "plasma, injection",
    "injection_half_life_days": "plasma, injection",
    "injection_days_above": "plasma, injection",
    "injection_level": "plasma, injection",
    "early_peak_occupancy": "PET, mu, over dose",
    "occupancy_half_time_h": "PET, mu, over time",
    "every_other_day_occupancy_48h": "PET, mu, over time",
    "tablet_blockade_duration_h": "opioid challenges",
    "blocked_at_castillo_level": "opioid challenges",
    "injection_effect_blocked": "opioid challenges",
    "opioid_effect": "opioid challenges",
}
GROUPS = (
    "plasma, tablet",
    "plasma, injection",
    "PET, mu, over dose",
    "PET, mu, over time",
    "PET, mu, daily tablets",
    "PET, delta and kappa",
    "opioid challenges",
)

_FILL = re.compile(r"\{([a-z0-9_]+)(:[^}]*)?\}")


def _fill(text: str) -> str:
    """``{parameter:.0%}`` in a text, filled in from the registry."""
    return _FILL.sub(lambda m: format(parameters.value(m.group(1)), (m.group(2) or ":g")[1:]), text)


def _argument(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def parse_arguments(text: str) -> dict[str, float | str]:
    """``"dose_mg=50; analyte=naltrexone"`` -> ``{"dose_mg": 50.0, "analyte": "naltrexone"}``."""
    out: dict[str, float | str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"argument {part!r} must be written name=value")
        out[name.strip()] = _argument(value.strip())
    return out


def _number_or_parameter(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return parameters.value(text)


def read_reference_points(text: str | None = None) -> list[ReferencePoint]:
    """The reference points of ``text`` (CSV with :data:`COLUMNS`; default: the packaged
    ``data/reference_points.csv``); ``ValueError`` naming the row for a broken one."""
    if text is None:
        text = resources.files(__package__).joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    points = []
    for number, row in enumerate(rows, 2):
        where = f"{DATA_FILE}, line {number} ({row.get('key') or '?'})"
        if tuple(row) != COLUMNS:
            raise ValueError(f"{where}: the columns must be {', '.join(COLUMNS)}")
        if row["computation"] not in COMPUTATIONS:
            raise ValueError(
                f"{where}: unknown computation {row['computation']!r}; "
                f"known: {', '.join(sorted(COMPUTATIONS))}"
            )
        try:
            point = ReferencePoint(
                key=row["key"],
                what=_fill(row["what"]),
                literature=row["literature"],
                source=row["source"],
                cite=tuple(row["cite"].split()),
                target=_number_or_parameter(row["target"]),
                sd=float(row["sd"]),
                unit=row["unit"],
                computation=row["computation"],
                arguments=parse_arguments(row["arguments"]),
                note=_fill(row["note"]),
                status=row["status"],
            )
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        if point.status not in STATUSES:
            raise ValueError(f"{where}: status must be one of {', '.join(STATUSES)}, got {point.status!r}")
        if not point.sd > 0 or not point.cite:
            raise ValueError(f"{where}: needs an SD > 0 and at least one bibtex key in 'cite'")
        points.append(point)
    keys = [p.key for p in points]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{DATA_FILE}: a key is used twice")
    return points


REFERENCE_POINTS = read_reference_points()


def fitted_points(points: list[ReferencePoint] | None = None) -> list[ReferencePoint]:
    """The points the joint fit weighs (status ``fitted``), in the order of the list."""
    return [p for p in (REFERENCE_POINTS if points is None else points) if p.fitted]


def out_of_sample_points(points: list[ReferencePoint] | None = None) -> list[ReferencePoint]:
    """The points the fit never sees (status ``out of sample``)."""
    return [p for p in (REFERENCE_POINTS if points is None else points) if not p.fitted]


def residuals(points: list[ReferencePoint] | None = None, structure: Structure | None = None) -> np.ndarray:
    """(model - literature) / SD for ``points`` (default: the fitted ones, what
    ``tools/pk_fit.py`` minimises), with the book's structure or ``structure``."""
    chosen = fitted_points() if points is None else points
    return np.array([p.residual(structure) for p in chosen])


def _fmt(value: float, unit: str) -> str:
    if unit == "fraction":
        return f"{value:.0%}"
    if unit in ("h", "days", "×"):
        return f"{value:.1f} {unit}"
    return f"{value:.3g} {unit}"


def _target_text(p: ReferencePoint) -> str:
    spread = f"{p.sd:.0%}" if p.unit == "fraction" else _fmt(p.sd, p.unit)
    return f"{_fmt(p.target, p.unit)} ± {spread}"


def reference_rows(points: list[ReferencePoint] | None = None) -> list[tuple[str, ...]]:
    """(point, literature, source, model, residual in SD, status, note) for every point."""
    rows = []
    for p in REFERENCE_POINTS if points is None else points:
        value = p.model()
        rows.append(
            (
                f"{p.key} {p.what}",
                f"{p.literature} (as compared: {_target_text(p)})",
                p.source,
                _fmt(value, p.unit),
                f"{(value - p.target) / p.sd:+.1f}",
                p.status,
                p.note,
            )
        )
    return rows


def summary(z: np.ndarray) -> str:
    """``n points; sum of squares; within 1 SD; within 2 SD; largest`` in words."""
    if not len(z):
        return "no points"
    return (
        f"{len(z)} points; sum of squared residuals {np.sum(z**2):.1f}; "
        f"{int(np.sum(np.abs(z) <= 1))} within 1 SD, {int(np.sum(np.abs(z) <= 2))} within 2 SD; "
        f"largest {np.max(np.abs(z)):.1f} SD"
    )


def markdown_table(points: list[ReferencePoint] | None = None, with_summary: bool = True) -> str:
    """The comparison as a Markdown table, with the residual of each point in SDs and
    whether the fit used it, then a summary line for the fitted and the out-of-sample points."""
    chosen = REFERENCE_POINTS if points is None else points
    lines = [
        "| Measurement | Literature (as compared) | Source | Model | Residual (SD) | Status | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in reference_rows(chosen)]
    if not with_summary:
        return "\n".join(lines)
    lines.append("")
    lines.append(f"Fitted: {summary(residuals(fitted_points(chosen)))}.")
    out = out_of_sample_points(chosen)
    if out:
        lines.append("")
        lines.append(f"Out of sample (never used by the fit): {summary(residuals(out))}.")
    return "\n".join(lines)


def _z(key: str) -> tuple[float, float]:
    p = next(p for p in REFERENCE_POINTS if p.key == key)
    value = p.model()
    return value, (value - p.target) / p.sd


def gives_up() -> list[str]:
    """Plain sentences on what the joint fit trades away, computed from the model."""
    cmax, z_cmax = _z("R1")
    early, z_early = _z("R3")
    auc, z_auc = _z("AUC")
    ratio, z_ratio = _z("R8x")
    f = parameters.value("naltrexone_oral_bioavailability")
    lines = [
        f"Tablet: a 13.3 ng/mL peak that then falls with a 4 h half-life needs about 80 ng·h/mL per tablet; "
        f"Meyer's 5% bioavailability gives 27 and the injection's 3-4× exposure about 36-48. The fit gives "
        f"a peak of {cmax:.1f} ng/mL ({z_cmax:+.1f} SD), a 2-8 h half-life of {early:.1f} h ({z_early:+.1f} "
        f"SD), an exposure of {auc:.0f} ng·h/mL (F = {f:.1%}; {z_auc:+.1f} SD from Meyer) and an injection "
        f"ratio of {ratio:.2f}× ({z_ratio:+.1f} SD).",
    ]
    pet = [p for p in REFERENCE_POINTS if p.key.startswith("R5.")]
    worst = max(pet, key=lambda p: abs(p.model() - p.target) / p.sd)
    value = worst.model()
    lines.append(
        f"PET: compared at the model's peak within 1-8 h (scan times unknown); the largest miss is "
        f"{worst.what} ({worst.literature} measured, {value:.0%} modelled, "
        f"{(value - worst.target) / worst.sd:+.1f} SD)."
    )
    effect, z_effect = _z("A")
    durations = ", ".join(
        f"{blockade.blockade_duration(pk.oral(d)).hours:.0f} h after {d} mg" for d in (50, 100, 150)
    )
    lines.append(
        "Challenges: the fit puts 25 mg IV heroin at "
        f"{effect:.0%} of the maximal effect, below the assumed 70% ({z_effect:+.1f} SD), on a dose-effect "
        f"curve of Hill slope {parameters.value('opioid_effect_hill'):.1f}; the dose ratio is about "
        f"{float(blockade.dose_ratio(pk.injection(380), castillo_time_h())):.1f} when plasma naltrexone is "
        "2 ng/mL. The label's blockade of that dose is met as a duration, blocked at its stated hour and "
        f"no longer half as long again after it: {durations} (at least "
        f"{parameters.value('blockade_duration_criterion'):.0%} of the effect removed). Larger doses "
        "overcome the blockade sooner."
    )
    fitted = fitted_points()
    z = residuals(fitted)
    big = [(p, zi) for p, zi in zip(fitted, z) if abs(zi) > 1.5]
    if big:
        lines.append(
            "Fitted points missed by more than 1.5 SD: "
            + "; ".join(f"{p.key} {p.what} ({zi:+.1f} SD)" for p, zi in big)
            + "."
        )
    else:
        lines.append("No fitted point is missed by more than 1.5 SD.")
    lines.append(
        "Unconstrained: no point measures the blockade after repeated tablets are stopped; the fitted "
        f"brain half-times (naltrexone {parameters.value('naltrexone_brain_half_time_h'):.1f} h, "
        f"6-beta-naltrexol {parameters.value('naltrexol_brain_half_time_h'):.0f} h) are hypotheses that "
        "shape how the model's blockade fades (rival explanations: the page 'How well the model fits'). "
        "The figures grey the days past the label's window (24 h per 50 mg tablet, 28 days per "
        "injection), whatever the model says, and no blockade protects against an overdose at any time."
    )
    return lines


# --- the rival explanations, on the same points ------------------------------------------
#: The rival structures of :mod:`naltrexone_course.pk_rivals`, each with the book's plasma model.
REBINDING = Structure(
    "slow receptor dissociation and rebinding",
    pk.plasma,
    pk_rivals.rebinding_receptor_load,
    pk_rivals.rebinding_opioid_link,
    pk_rivals.rebinding_metabolite_load,
)
TERMINAL = Structure(
    "a slow terminal plasma phase",
    pk_rivals.terminal_plasma,
    pk_rivals.terminal_receptor_load,
    pk_rivals.terminal_opioid_link,
    pk_rivals.terminal_metabolite_load,
)
STRUCTURES: tuple[Structure, ...] = (MAIN, REBINDING, TERMINAL)


def residual_summary(points: list[ReferencePoint], structure: Structure | None = None) -> dict[str, float]:
    """The residual table's summary over ``points`` (residuals in SD): how many (``n``), the
    largest ``|residual|`` (``worst``; 0 for no points), how many lie within 1 and 2 SD, and
    the sum of squares (``chi2``)."""
    z = np.abs(residuals(points, structure))
    return {
        "n": float(z.size),
        "worst": float(z.max()) if z.size else 0.0,
        "within_1sd": float(np.sum(z <= 1)),
        "within_2sd": float(np.sum(z <= 2)),
        "chi2": float(z @ z),
    }


def fit_statistics(structure: Structure) -> dict[str, float]:
    """How well ``structure`` meets the points: the sum of squared residuals over the fitted
    points (``chi2``), their number (``n``), the parameters fitted for the brain side and
    the opioid's effect (``k``: the plasma parameters are the book's for every structure),
    ``aic`` = chi2 + 2k (lower is better; a difference above about 10 is decisive), the
    largest fitted residual and the out-of-sample sum of squares."""
    z = residuals(fitted_points(), structure)
    out = residuals(out_of_sample_points(), structure)
    k = len(BRAIN_PARAMETERS[structure.name])
    return {
        "chi2": float(z @ z),
        "n": float(z.size),
        "k": float(k),
        "aic": float(z @ z + 2 * k),
        "worst": float(np.max(np.abs(z))),
        "within_2sd": float(np.sum(np.abs(z) <= 2)),
        "out_chi2": float(out @ out),
        "out_n": float(out.size),
        "out_within_2sd": float(np.sum(np.abs(out) <= 2)),
        "out_worst": float(np.max(np.abs(out))) if out.size else 0.0,
    }


#: The parameters each structure fits for the brain side and the opioid's effect.
BRAIN_PARAMETERS: dict[str, tuple[str, ...]] = {
    MAIN.name: (
        "naltrexone_brain_ec50_ng_ml",
        "naltrexol_brain_ec50_ng_ml",
        "naltrexone_brain_half_time_h",
        "naltrexol_brain_half_time_h",
        "opioid_effect_ed50_morphine_iv_mg",
        "opioid_effect_hill",
    ),
    REBINDING.name: (
        "rebinding_naltrexone_kd_ng_ml",
        "rebinding_naltrexone_off_half_time_h",
        "rebinding_naltrexol_ec50_ng_ml",
        "rebinding_opioid_ed50_morphine_iv_mg",
        "rebinding_opioid_hill",
    ),
    TERMINAL.name: (
        "terminal_naltrexone_half_life_h",
        "terminal_naltrexone_auc_share",
        "terminal_naltrexone_ec50_ng_ml",
        "terminal_naltrexol_ec50_ng_ml",
        "terminal_opioid_ed50_morphine_iv_mg",
        "terminal_opioid_hill",
    ),
}


def occupancy_after_stopping(structure: Structure, hours_after: ArrayLike, doses: int = 14) -> np.ndarray:
    """mu occupancy (0..1) ``hours_after`` the last of ``doses`` daily 50 mg tablets."""
    regimen = pk.oral(50, 24, doses)
    t = (doses - 1) * _DAY + np.asarray(hours_after, dtype=float)
    return _occupancy(structure, regimen, t)


def metabolite_only_occupancy(structure: Structure, hours: ArrayLike) -> np.ndarray:
    """mu occupancy (0..1) that 6-beta-naltrexol alone would give, at the plasma levels one
    50 mg tablet produces, ``hours`` after the tablet: a metabolite-only dose."""
    x = np.asarray(structure.metabolite_load(pk.oral(50), np.asarray(hours, dtype=float)), dtype=float)
    return x / (1.0 + x)


def points_in(group: str) -> list[ReferencePoint]:
    """The reference points of one kind of measurement (one of :data:`GROUPS`)."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}, got {group!r}")
    return [p for p in REFERENCE_POINTS if p.group == group]


def statistics_table() -> str:
    """The fit statistics of the book's model and its rivals as a Markdown table."""
    lines = [
        "| Structure | Fitted points | Sum of squares | Within 2 SD | Largest residual "
        "| Parameters (brain side) | AIC (χ² + 2k) | Out of sample: sum of squares "
        "| Out of sample: within 2 SD, largest |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in STRUCTURES:
        st = fit_statistics(s)
        lines.append(
            f"| {s.name} | {st['n']:.0f} | {st['chi2']:.1f} | {st['within_2sd']:.0f} | {st['worst']:.1f} SD "
            f"| {st['k']:.0f} | {st['aic']:.1f} | {st['out_chi2']:.1f} ({st['out_n']:.0f} points) "
            f"| {st['out_within_2sd']:.0f} of {st['out_n']:.0f}, {st['out_worst']:.1f} SD |"
        )
    return "\n".join(lines)
