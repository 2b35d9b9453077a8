"""One joint fit of the pharmacokinetic and blockade parameters to every fitted reference point.

Run ``python tools/pk_fit.py`` (about a minute or two): weighted least squares over ALL
points of :data:`naltrexone_course.pk_checks.REFERENCE_POINTS` whose status is ``fitted``
at once (the ``out of sample`` ones are never seen: they test the model), each residual
divided by its stated uncertainty (one SD), with the pk, brain and opioid-effect
parameters in :data:`FITTED` free together. No point is met by solving one parameter
for it; the fit prints the residual table and what it gives up. ``--write`` saves the
fitted values into ``src/naltrexone_course/parameters.py`` (graded "derived", source
``pk_joint_fit``).

The optimiser is a plain Levenberg-Marquardt with forward-difference derivatives on
transformed parameters (log for positive values, logit for shares), so numpy is all
it needs.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from naltrexone_course import parameters, pk, pk_checks

#: fitted parameter -> transform ("log", or ("logit", upper bound))
FITTED: dict[str, object] = {
    "naltrexone_oral_bioavailability": ("logit", 1.0),
    "naltrexone_oral_absorption_rate_per_h": "log",
    "naltrexone_oral_fast_half_life_h": "log",
    "naltrexone_oral_fast_share": ("logit", 1.0),
    "naltrexol_oral_appearance_rate_per_h": "log",
    "naltrexol_oral_50mg_auc_ng_h_ml": "log",
    "xr_diffusion_fraction": ("logit", 0.9),
    "xr_erosion_rise_half_life_days": "log",
    "xr_apparent_half_life_days": "log",
    "naltrexone_brain_ec50_ng_ml": "log",
    "naltrexol_brain_ec50_ng_ml": "log",
    "naltrexone_brain_half_time_h": "log",
    "naltrexol_brain_half_time_h": "log",
    "opioid_effect_ed50_morphine_iv_mg": "log",
    "opioid_effect_hill": "log",
}
#: the parameters of each rival structure (naltrexone_course.pk_rivals), fitted with the
#: book's plasma model held fixed, to the same fitted points
RIVALS: dict[str, dict[str, object]] = {
    "REBINDING": {
        "rebinding_naltrexone_kd_ng_ml": "log",
        "rebinding_naltrexone_off_half_time_h": "log",
        "rebinding_naltrexol_ec50_ng_ml": "log",
        "rebinding_opioid_ed50_morphine_iv_mg": "log",
        "rebinding_opioid_hill": "log",
    },
    "TERMINAL": {
        "terminal_naltrexone_half_life_h": "log",
        "terminal_naltrexone_auc_share": ("logit", 1.0),
        "terminal_naltrexone_ec50_ng_ml": "log",
        "terminal_naltrexol_ec50_ng_ml": "log",
        "terminal_opioid_ed50_morphine_iv_mg": "log",
        "terminal_opioid_hill": "log",
    },
}
PARAMETERS_FILE = Path(__file__).resolve().parents[1] / "src" / "naltrexone_course" / "parameters.py"


def set_values(values: dict[str, float]) -> None:
    """Put ``values`` into the registry and drop the cached model curves."""
    for name, value in values.items():
        parameters.PARAMETERS[name] = replace(parameters.PARAMETERS[name], value=float(value))
    pk._oral_terms.cache_clear()
    pk._injection_terms.cache_clear()
    pk._brain_terms.cache_clear()


def _kind(name: str) -> object:
    if name in FITTED:
        return FITTED[name]
    return next(group[name] for group in RIVALS.values() if name in group)


def _to_free(name: str, value: float) -> float:
    kind = _kind(name)
    if kind == "log":
        return math.log(value)
    upper = kind[1]
    return math.log(value / (upper - value))


def _from_free(name: str, x: float) -> float:
    kind = _kind(name)
    if kind == "log":
        return math.exp(x)
    upper = kind[1]
    return upper / (1.0 + math.exp(-x))


def _residuals(x: np.ndarray, points=None, names=None, structure=None) -> np.ndarray:
    names = list(FITTED) if names is None else names
    set_values({name: _from_free(name, xi) for name, xi in zip(names, x)})
    return pk_checks.residuals(pk_checks.fitted_points(points), structure)


def levenberg_marquardt(
    x: np.ndarray, iterations: int = 40, step: float = 1e-2, points=None, names=None, structure=None
) -> np.ndarray:
    """Minimise the sum of squared residuals of the fitted ``points`` (default: the packaged
    reference points; out-of-sample ones are dropped) from ``x`` (free, transformed values of
    ``names``, default :data:`FITTED`), with the book's structure or a rival ``structure``."""

    def _residuals(x, points=points):
        return globals()["_residuals"](x, points, names, structure)

    damping = 1e-2
    r = _residuals(x, points)
    cost = float(r @ r)
    for it in range(iterations):
        jac = np.empty((r.size, x.size))
        for j in range(x.size):
            dx = np.zeros_like(x)
            dx[j] = step
            jac[:, j] = (_residuals(x + dx, points) - r) / step
        grad = jac.T @ r
        improved = False
        while damping < 1e8:
            a = jac.T @ jac
            delta = np.linalg.solve(a + damping * np.diag(np.diag(a) + 1e-9), -grad)
            trial = x + np.clip(delta, -1.0, 1.0)  # at most a factor e per step
            try:
                r_trial = _residuals(trial, points)
                c_trial = float(r_trial @ r_trial)
            except (ValueError, OverflowError, ZeroDivisionError, np.linalg.LinAlgError):
                c_trial = math.inf
            if np.isfinite(c_trial) and c_trial < cost:
                x, r, damping, improved = trial, r_trial, damping / 3.0, True
                gain, cost = cost - c_trial, c_trial
                break
            damping *= 4.0
        print(f"iteration {it + 1}: sum of squares {cost:.3f}", file=sys.stderr)
        if not improved or gain < 1e-4:
            break
    _residuals(x, points)
    return x


def fit(points=None, iterations: int = 40) -> dict[str, float]:
    """Fit :data:`FITTED` from their current values to the fitted ``points`` (default: the
    packaged reference points); the registry holds the result."""
    x0 = np.array([_to_free(n, parameters.value(n)) for n in FITTED])
    x = levenberg_marquardt(x0, iterations=iterations, points=points)
    return {name: _from_free(name, xi) for name, xi in zip(FITTED, x)}


def fit_rival(key: str, iterations: int = 40, points=None) -> dict[str, float]:
    """Fit the parameters of the rival structure ``key`` (of :data:`RIVALS`) from their
    current values, the book's plasma parameters held fixed; the registry holds the result."""
    names = list(RIVALS[key])
    structure = getattr(pk_checks, key)
    x0 = np.array([_to_free(n, parameters.value(n)) for n in names])
    x = levenberg_marquardt(x0, iterations=iterations, points=points, names=names, structure=structure)
    return {name: _from_free(name, xi) for name, xi in zip(names, x)}


def _significant(value: float) -> str:
    return f"{float(f'{value:.4g}'):g}"


def write(values: dict[str, float], path: Path = PARAMETERS_FILE) -> None:
    """Replace the ``value=`` of each fitted parameter in ``parameters.py``."""
    text = path.read_text()
    for name, value in values.items():
        pattern = re.compile(rf'(name="{name}",\s*value=)[^,]+,')
        text, count = pattern.subn(rf"\g<1>{_significant(value)},", text)
        if count == 0:  # a rival's parameter: _rival("name", value, ...)
            pattern = re.compile(rf'(_rival\(\s*"{name}",\s*)[^,]+,')
            text, count = pattern.subn(rf"\g<1>{_significant(value)},", text)
        if count != 1:
            raise SystemExit(f"could not find {name} in {path}")
    path.write_text(text)


if __name__ == "__main__" and "--rivals" in sys.argv:
    values = {}
    for key in RIVALS:
        values.update(fit_rival(key))
    for name, value in values.items():
        print(f"{name} = {_significant(value)}")
    if "--write" in sys.argv:
        write(values)
        print(f"\nwrote {len(values)} values into {PARAMETERS_FILE}")
elif __name__ == "__main__":
    values = fit()
    for name, value in values.items():
        print(f"{name} = {_significant(value)}")
    print()
    print(pk_checks.markdown_table())
    print()
    for line in pk_checks.gives_up():
        print("- " + line)
    if "--write" in sys.argv:
        write(values)
        print(f"\nwrote {len(values)} values into {PARAMETERS_FILE}")
