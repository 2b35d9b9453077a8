"""The page "How well the model fits" (issue 30): every human measurement against the model,
fitted or out of sample, generated from the data file.

* each row has a status; delta and kappa occupancy are out of sample;
* no out-of-sample point is used by the fit: changing one leaves the fitted parameters where
  they were (and changing a fitted one moves them, so the check can fail);
* the residuals printed on the built page equal a recomputation of every model value that
  does not go through ``pk_checks`` (the models' own functions on dense grids).
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pk_fit
import pytest

from naltrexone_course import blockade, parameters, pk, pk_checks

from conftest import ROOT

DAY = 24.0
POINTS = {p.key: p for p in pk_checks.REFERENCE_POINTS}


def test_every_measurement_has_a_status_and_delta_and_kappa_are_out_of_sample():
    assert {p.status for p in POINTS.values()} == set(pk_checks.STATUSES)
    for key in ("W08d", "dL21k"):
        assert POINTS[key].status == "out of sample"
        assert POINTS[key].arguments["receptor"] in ("delta", "kappa")
    assert {p.group for p in POINTS.values()} == set(pk_checks.GROUPS)
    assert len(pk_checks.fitted_points()) + len(pk_checks.out_of_sample_points()) == len(POINTS)


def test_a_row_with_an_unknown_status_is_refused():
    text = (
        pk_checks.resources.files("naltrexone_course")
        .joinpath("data", pk_checks.DATA_FILE)
        .read_text(encoding="utf-8")
    )
    with pytest.raises(ValueError, match="status must be one of"):
        pk_checks.read_reference_points(text.replace(",out of sample\n", ",validation\n", 1))


def _one_step(points) -> np.ndarray:
    base = {n: parameters.value(n) for n in pk_fit.FITTED}
    try:
        x0 = np.array([pk_fit._to_free(n, v) for n, v in base.items()])
        return pk_fit.levenberg_marquardt(x0, iterations=1, points=points)
    finally:
        pk_fit.set_values(base)


def _with_target(key: str, target: float) -> list:
    from dataclasses import replace

    return [replace(p, target=target) if p.key == key else p for p in pk_checks.REFERENCE_POINTS]


def test_changing_an_out_of_sample_value_does_not_move_the_fitted_parameters():
    reference = _one_step(_with_target("R7", 150.0))
    moved_out = _with_target("R7", 150.0)
    from dataclasses import replace

    moved_out = [
        replace(p, target=p.target * 3 + 1) if not p.fitted else p for p in moved_out
    ]  # every out-of-sample value changed
    assert np.array_equal(_one_step(moved_out), reference)
    # the control: the same step with a fitted value changed does move them
    assert not np.allclose(_one_step(_with_target("R7", 60.0)), reference)


# --- the built page, recomputed independently -----------------------------------------------------
def _bisect(f, lo: float, hi: float) -> float:
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) > 0 else (lo, mid)
    return (lo + hi) / 2


def _last_day_above(dose_mg: float, level: float) -> float:
    t = np.arange(3 * DAY, 80 * DAY, 0.05)
    above = np.nonzero(pk.plasma(pk.injection(dose_mg), t) >= level)[0]
    end = t[above[-1]]
    return _bisect(lambda h: pk.plasma(pk.injection(dose_mg), h) - level, end, end + 0.05) / DAY


def independent(point) -> float:
    """The model's value of ``point`` from the models' own public functions, without pk_checks."""
    a = point.arguments
    c = point.computation
    if c in ("tablet_peak_level", "tablet_peak_time"):
        t = np.linspace(0.0, 24.0, 240_001)
        level = pk.plasma(pk.oral(a["dose_mg"]), t, a["analyte"])
        return float(level.max() if c == "tablet_peak_level" else t[np.argmax(level)])
    if c == "tablet_half_life":
        c1, c2 = pk.plasma(pk.oral(a["dose_mg"]), [a["from_h"], a["to_h"]], a["analyte"])
        return (a["to_h"] - a["from_h"]) * math.log(2) / math.log(c1 / c2)
    if c == "tablet_auc":
        t = np.linspace(0.0, 200.0, 400_001)
        return float(np.trapezoid(pk.plasma(pk.oral(50), t), t))
    if c == "injection_over_tablets_exposure":
        t = np.linspace(0.0, 90 * DAY, 200_001)
        return float(
            np.trapezoid(pk.plasma(pk.injection(380), t), t)
            / np.trapezoid(pk.plasma(pk.oral(50, 24, 28), t), t)
        )
    if c in ("injection_early_peak_h", "injection_second_peak_day", "injection_day14_over_peak"):
        t = np.linspace(0.0, 10 * DAY, 240_001)
        level = pk.plasma(pk.injection(380), t)
        early, later = t < 12, t > 12
        if c == "injection_early_peak_h":
            return float(t[early][np.argmax(level[early])])
        if c == "injection_second_peak_day":
            return float(t[later][np.argmax(level[later])] / DAY)
        return float(pk.plasma(pk.injection(380), 14 * DAY) / level[later].max())
    if c == "injection_half_life_days":
        c1, c2 = pk.plasma(pk.injection(380), [14 * DAY, 28 * DAY])
        return 14 * math.log(2) / math.log(c1 / c2)
    if c == "injection_days_above":
        return _last_day_above(a["dose_mg"], a["level_ng_ml"])
    if c == "early_peak_occupancy":
        return float(pk.occupancy(pk.oral(a["dose_mg"]), np.linspace(1.0, 8.0, 7001)).max())
    if c == "steady_state_occupancy":
        n = int(a["days"])
        t = np.linspace((n - 1) * DAY, n * DAY, 2401)
        occ = pk.occupancy(pk.oral(a["dose_mg"], 24, n), t, a["receptor"])
        return float(np.trapezoid(occ, t) / DAY)
    if c == "occupancy_half_time_h":
        t = np.linspace(0.0, 600.0, 120_001)
        occ = pk.occupancy(pk.oral(a["dose_mg"]), t)
        i = int(np.argmax(occ))
        return float(t[i:][np.nonzero(occ[i:] >= occ[i] / 2)[0][-1]])
    if c == "every_other_day_occupancy_48h":
        return float(pk.occupancy(pk.oral(50, 48, 10), 480.0))
    if c == "tablet_blockade_duration_h":
        return blockade.blockade_duration_h(pk.oral(a["dose_mg"]), step_h=0.05)
    if c == "blocked_at_castillo_level":
        level = parameters.value("naltrexone_plasma_band_high_ng_ml")
        end = _last_day_above(380, level) * DAY
        return float(blockade.effect_blocked(pk.injection(380), end, "heroin", 25.0, "iv"))
    if c == "injection_effect_blocked":
        regimen = pk.injection(a["dose_mg"])
        return float(
            blockade.effect_blocked(regimen, a["day"] * DAY, a["opioid"], a["opioid_mg"], a["route"])
        )
    if c == "opioid_effect":
        return float(blockade.opioid_effect(a["opioid"], a["opioid_mg"], a["route"]))
    raise AssertionError(f"no independent computation for {c!r}: add one")


def page_residuals(page: str) -> dict[str, float]:
    """key -> residual (SD) of every row of the tables of a built page."""
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if len(cells) == 7 and cells[0].split(" ", 1)[0] in POINTS:
            out[cells[0].split(" ", 1)[0]] = float(cells[4].replace("−", "-"))
    return out


@pytest.mark.site
def test_every_residual_on_the_page_equals_an_independent_recomputation(site):
    page = (site / "book" / "model-fit.html").read_text(encoding="utf-8")
    printed = page_residuals(page)
    assert set(printed) == set(POINTS), f"rows missing from the page: {sorted(set(POINTS) - set(printed))}"
    wrong = []
    for key, shown in printed.items():
        point = POINTS[key]
        z = (independent(point) - point.target) / point.sd
        if abs(shown - z) > 0.051 + 0.02:  # printed to 0.1 SD; grids differ a little
            wrong.append(f"{key}: page {shown:+.1f} SD, recomputed {z:+.2f} SD")
    assert not wrong, "; ".join(wrong)


def test_the_page_is_generated_from_the_data_not_typed():
    text = (ROOT / "book" / "model-fit.md").read_text(encoding="utf-8")
    prose = re.sub(r"^```\{code-cell\}.*?^```", "", text, flags=re.S | re.M)
    assert "|---" not in prose, "the residual tables must come from pk_checks, not be typed"
    assert "pk_checks.markdown_table(" in text and "pk_checks.statistics_table()" in text
    assert "](safety.md)" in text
