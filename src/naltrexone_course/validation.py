"""Argument checks shared by every public model function.

Each check returns the argument as a float numpy array (or the chosen name) and
raises ``ValueError`` naming the argument and the allowed range, so bad input
never fails silently.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_array(name: str, x: ArrayLike, scalar: bool = False):
    """``x`` as a float array; ``ValueError`` if empty, non-numeric or NaN/inf.

    With ``scalar=True`` the argument must be a single number and a ``float`` is returned.
    """
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity), got {x!r}")
    if scalar:
        if arr.size != 1:
            raise ValueError(f"{name} must be a single number, got {x!r}")
        return float(arr.reshape(()))
    return arr


def nonnegative(name: str, x: ArrayLike, scalar: bool = False):
    """``x`` checked to lie in [0, inf)."""
    arr = as_array(name, x)
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 (allowed range [0, inf)), got {x!r}")
    return as_array(name, arr, scalar) if scalar else arr


#: The smallest positive number a width, rate, time scale or potency may take: below it
#: (the subnormal floats, e.g. 2.2e-311) ``1 / x`` overflows and ``x * y`` loses its
#: digits, so ``t / width`` becomes infinite and ``inf * exp(-inf)`` NaN.
SMALLEST_POSITIVE = float(np.finfo(float).tiny)


def positive(name: str, x: ArrayLike, scalar: bool = False):
    """``x`` checked to lie in (0, inf), and to be at least :data:`SMALLEST_POSITIVE`
    (about 2.2e-308): a smaller scale underflows the arithmetic it divides."""
    arr = as_array(name, x)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0 (allowed range (0, inf)), got {x!r}")
    if np.any(arr < SMALLEST_POSITIVE):
        raise ValueError(
            f"{name} must be at least {SMALLEST_POSITIVE:.3g} (a smaller number underflows), got {x!r}"
        )
    return as_array(name, arr, scalar) if scalar else arr


def saturating(u: ArrayLike) -> NDArray[np.float64]:
    """``u / (1 + u)`` for ``u >= 0``, also for ``u`` so large (or infinite) that the
    plain formula gives ``inf / inf = NaN``: an Emax, Hill or occupancy curve."""
    arr = np.asarray(u, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        out = np.where(arr > 1.0, 1.0 / (1.0 + 1.0 / np.where(arr > 1.0, arr, 1.0)), arr / (1.0 + arr))
    return out


def finite_result(arr: ArrayLike, *names: str) -> NDArray[np.float64]:
    """``arr`` unchanged if every value is finite; otherwise ``ValueError`` naming the
    arguments (``names``) whose size made the arithmetic overflow."""
    out = np.asarray(arr, dtype=float)
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"{' or '.join(names)} too large or too small: the result overflows (not a finite number)"
        )
    return out


def in_range(name: str, x: ArrayLike, low: float, high: float, scalar: bool = False):
    """``x`` checked to lie in the closed interval [low, high]."""
    arr = as_array(name, x)
    if np.any((arr < low) | (arr > high)):
        raise ValueError(f"{name} must lie in [{low}, {high}], got {x!r}")
    return as_array(name, arr, scalar) if scalar else arr


def fraction(name: str, x: ArrayLike, scalar: bool = False):
    """``x`` checked to be a fraction in [0, 1]."""
    return in_range(name, x, 0.0, 1.0, scalar)


def choice(name: str, x: str, allowed: Iterable[str]) -> str:
    """``x`` checked to be one of ``allowed``."""
    options = tuple(allowed)
    if x not in options:
        raise ValueError(f"{name} must be one of {options}, got {x!r}")
    return x


def scalar_or_array(arr: NDArray[np.float64]) -> float | NDArray[np.float64]:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(arr) if arr.ndim == 0 else arr
