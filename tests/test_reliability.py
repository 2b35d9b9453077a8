"""Reliability: the public API never fails silently, and the build fails loudly.

Property tests (hypothesis) over every public model function:

* random valid input gives finite numbers (no NaN), concentrations >= 0 and
  occupancies, probabilities and fractions within 0..1;
* random invalid input (NaN, infinity, negative, out of range, unknown names, empty
  arrays) gives a ``ValueError`` that names the offending argument, never another
  exception and never a quiet wrong answer.

``binding`` and ``explorer.Control`` are tested by hand; the other model modules
(pk, reward, dopamine, glutamate, clinical, immune, mechanisms, ...) are found by
inspection, so a function added later is covered without editing this file.

Build faults (marker ``site``): a tiny temporary book with the course's settings and
one chapter that raises in a cell, cites a missing key, or builds a figure with an
empty control grid must fail the build with a non-zero exit, naming the chapter and
the cell or key.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import math
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import naltrexone_course
from naltrexone_course import binding
from naltrexone_course.explorer import Control

from conftest import ROOT

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
finite = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)
bad_numbers = st.sampled_from([float("nan"), float("inf"), -float("inf"), -1.0, -1e-9])


def names_argument(error: ValueError, *names: str) -> bool:
    return any(name in str(error) for name in names)


# --------------------------------------------------------------------------- binding (by hand)
@SETTINGS
@given(c=finite, kd=positive, hill=st.floats(min_value=0.1, max_value=10))
def test_occupancy_is_a_fraction(c, kd, hill):
    f = binding.occupancy(c, kd, hill)
    assert math.isfinite(f) and 0.0 <= f <= 1.0


@SETTINGS
@given(c=st.lists(finite, min_size=1, max_size=20), kd=positive)
def test_occupancy_of_arrays_is_a_fraction_and_monotone(c, kd):
    conc = np.sort(np.array(c))
    f = binding.occupancy(conc, kd)
    assert np.all(np.isfinite(f)) and np.all((f >= 0) & (f <= 1))
    assert np.all(np.diff(f) >= -1e-12), "occupancy must not fall as concentration rises"


@SETTINGS
@given(a=finite, ka=positive, b=finite, kb=positive)
def test_gaddum_is_a_fraction_below_plain_binding(a, ka, b, kb):
    blocked = binding.gaddum(a, ka, b, kb)
    assert math.isfinite(blocked) and 0.0 <= blocked <= 1.0
    assert blocked <= binding.occupancy(a, ka) + 1e-12
    ratio = binding.dose_ratio(b, kb)
    assert math.isfinite(ratio) and ratio >= 1.0


@SETTINGS
@given(c=finite, receptor=st.sampled_from(binding.RECEPTORS))
def test_naltrexone_occupancy_is_a_fraction(c, receptor):
    f = binding.naltrexone_occupancy(c, receptor)
    assert math.isfinite(f) and 0.0 <= f <= 1.0
    assert binding.naltrexone_ki_nM(receptor) > 0


@SETTINGS
@given(ng=finite, mw=st.floats(min_value=1, max_value=5000))
def test_mass_to_molar_conversion_is_nonnegative(ng, mw):
    n = binding.ng_per_ml_to_nM(ng, mw)
    assert math.isfinite(n) and n >= 0


BINDING_CALLS = {
    "occupancy": (binding.occupancy, {"concentration_nM": 1.0, "kd_nM": 1.0, "hill": 1.0}),
    "gaddum": (
        binding.gaddum,
        {"agonist_nM": 1.0, "agonist_kd_nM": 1.0, "antagonist_nM": 1.0, "antagonist_kd_nM": 1.0},
    ),
    "dose_ratio": (binding.dose_ratio, {"antagonist_nM": 1.0, "antagonist_kd_nM": 1.0}),
    "ng_per_ml_to_nM": (binding.ng_per_ml_to_nM, {"concentration_ng_ml": 1.0, "molar_mass_g_mol": 341.4}),
    "naltrexone_occupancy": (binding.naltrexone_occupancy, {"free_naltrexone_nM": 1.0}),
}


@SETTINGS
@given(
    call=st.sampled_from(sorted(BINDING_CALLS)),
    data=st.data(),
    bad=st.one_of(bad_numbers, st.just([]), st.just("ten"), st.just([1.0, float("nan")])),
)
def test_binding_rejects_bad_numbers_naming_the_argument(call, data, bad):
    function, good = BINDING_CALLS[call]
    argument = data.draw(st.sampled_from(sorted(good)))
    with pytest.raises(ValueError) as error:
        function(**{**good, argument: bad})
    assert names_argument(error.value, argument), f"{call}({argument}={bad!r}) -> {error.value}"


@pytest.mark.parametrize("hill", [0.0, 0.05, 11.0])
def test_hill_out_of_range_is_named(hill):
    with pytest.raises(ValueError, match="hill"):
        binding.occupancy(1.0, 1.0, hill)


@SETTINGS
@given(receptor=st.text(max_size=8).filter(lambda r: r not in binding.RECEPTORS))
def test_unknown_receptor_is_named(receptor):
    with pytest.raises(ValueError, match="receptor"):
        binding.naltrexone_ki_nM(receptor)


# --------------------------------------------------------------------------- explorer.Control
values_lists = st.lists(
    st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=32), st.integers(-1000, 1000)),
    min_size=1,
    max_size=12,
    unique_by=repr,
)


@SETTINGS
@given(values=values_lists, unit=st.sampled_from(["", "nM", "mg", "%"]), data=st.data())
def test_control_accepts_valid_values(values, unit, data):
    default = data.draw(st.sampled_from(values))
    control = Control("dose", "Dose", values, unit=unit, default=default)
    assert values[control.default_index] == default or repr(values[control.default_index]) == repr(default)
    for v in values:
        text = control.readout(v)
        assert text.strip() and text.endswith(unit)
    assert len(control.widget().options) == len(values)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"name": "dose", "label": "Dose", "values": []}, "values"),
        ({"name": "dose", "label": "Dose", "values": [1, 1]}, "values"),
        ({"name": "dose", "label": "Dose", "values": [1, 2], "default": 3}, "default"),
        ({"name": "not a name", "label": "Dose", "values": [1, 2]}, "name"),
        ({"name": "1dose", "label": "Dose", "values": [1, 2]}, "name"),
    ],
)
def test_control_rejects_invalid_input_naming_the_argument(kwargs, named):
    with pytest.raises(ValueError, match=named):
        Control(**kwargs)


@SETTINGS
@given(name=st.text(max_size=10).filter(lambda n: not n.isidentifier()))
def test_control_rejects_any_non_identifier_name(name):
    with pytest.raises(ValueError, match="name"):
        Control(name, "Label", [1, 2])


# --------------------------------------------------------------------------- every other model module
# Not models: checked by their own tests (frame_cache and source_graph: the build's caches,
# tests/test_frame_cache.py and tests/test_source_freshness.py).
SKIP_MODULES = {
    "binding",
    "explorer",
    "parameters",
    "sources",
    "validation",
    "figures",
    "frame_keys",
    "source_graph",
}
#: values for parameters that are not plain numbers, strings or booleans
FACTORIES = {
    "regimen": lambda: importlib.import_module("naltrexone_course.pk").oral(),
    "drinking": lambda: [True, False, True, True, False],
    "mechanisms": lambda: ["reward", "dopamine"],
    "effects": lambda: {"reward": [0.2, 0.5], "dopamine": 0.3},
    "weights": lambda: {"reward": 0.5, "dopamine": 1.0},
}
#: a working call for functions whose arguments carry a constraint the probe below cannot guess
#: (a dose ratio is >= 1; three grids share one shape; a regimen or a ratio is needed)
BASELINES = {
    "crossing": {"regimen": FACTORIES["regimen"]},
    "crossing_day": {
        "days": lambda: [0.0, 10.0, 20.0, 30.0],
        "ratio": lambda: [40.0, 20.0, 5.0, 2.0],
        "lost": lambda: [1.0, 2.0, 4.0, 8.0],
    },
    "usual_dose_strength": {"ratio": lambda: 4.0, "lost": lambda: 2.0},
    "usual_dose_effect": {"ratio": lambda: 4.0, "lost": lambda: 2.0},
}
#: words in a function's or a result field's name that promise a range
FRACTION_WORDS = ("occupancy", "probability", "fraction")
NONNEGATIVE_WORDS = ("plasma", "concentration", "_nm", "ng_ml")


def model_functions() -> list[tuple[str, object]]:
    found = []
    for module_info in pkgutil.iter_modules(naltrexone_course.__path__):
        name = module_info.name
        if name in SKIP_MODULES or name.startswith("_") or name.endswith("_checks"):
            continue
        try:
            module = importlib.import_module(f"naltrexone_course.{name}")
        except Exception as error:  # a module being written right now
            found.append((f"{name} (import failed: {error})", None))
            continue
        for fname, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not fname.startswith("_"):
                found.append((f"{name}.{fname}", function))
    return found


def _kind(parameter: inspect.Parameter) -> str:
    annotation = str(parameter.annotation)
    default = parameter.default
    if parameter.name in FACTORIES:
        return "factory"
    if "bool" in annotation or isinstance(default, bool):
        return "bool"
    if "Iterable" in annotation or "dict" in annotation:
        return "other"
    if "str" in annotation or isinstance(default, str):
        return "choice"
    if "int" in annotation and "float" not in annotation and "ArrayLike" not in annotation:
        return "int"
    if any(k in annotation for k in ("float", "ArrayLike", "int")) or isinstance(default, (int, float)):
        return "number"
    return "other"


def _choices(function, arguments: dict, name: str) -> list[str] | None:
    """The allowed names of a string argument, read from the ValueError it raises."""
    try:
        function(**{**arguments, name: "no-such-choice"})
    except ValueError as error:
        match = re.search(r"\((['\"].*?)\)", str(error))
        if match:
            try:
                return list(ast.literal_eval("(" + match.group(1) + ",)"))
            except (ValueError, SyntaxError):
                return None
    except Exception:
        return None
    return None


def _leaves(result, prefix: str = ""):
    """(name, value) for every number in a result: arrays, tuples, dicts, dataclasses."""
    if dataclasses.is_dataclass(result):
        for f in dataclasses.fields(result):
            yield from _leaves(getattr(result, f.name), f.name)
    elif isinstance(result, dict):
        for key, value in result.items():
            yield from _leaves(value, str(key))
    elif hasattr(result, "_asdict"):
        yield from _leaves(result._asdict(), prefix)
    elif isinstance(result, (list, tuple)):
        for value in result:
            yield from _leaves(value, prefix)
    elif isinstance(result, (bool, str)) or result is None:
        return
    else:
        try:
            array = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            return
        yield prefix, array


def check_result(where: str, function_name: str, result) -> None:
    for field, array in _leaves(result, function_name):
        assert not np.any(np.isnan(array)), f"{where}: {field} holds NaN"
        # The quantity is what the name says before "_at_"/"_for_": dose_ratio_at_occupancy
        # returns a dose ratio (>= 1), not an occupancy.
        name = re.split(r"_(?:at|for)_", field.lower())[0]
        if any(word in name for word in FRACTION_WORDS) and "reduction" not in name:
            assert np.all((array >= -1e-12) & (array <= 1 + 1e-12)), f"{where}: {field} outside 0..1: {array}"
        if any(word in name for word in NONNEGATIVE_WORDS):
            assert np.all(array >= -1e-12), f"{where}: {field} is negative: {array}"


def _baseline(function) -> tuple[dict, dict, str | None]:
    """A call that works, the kind of every parameter, or the reason there is none."""
    signature = inspect.signature(function)
    arguments, kinds = {}, {}
    given = BASELINES.get(function.__name__, {})
    for name, parameter in signature.parameters.items():
        kind = kinds[name] = _kind(parameter)
        if name in given:
            arguments[name] = given[name]()
        elif parameter.default is not inspect.Parameter.empty:
            arguments[name] = parameter.default
        elif kind == "factory":
            arguments[name] = FACTORIES[name]()
        elif kind == "number":
            arguments[name] = 0.5
        elif kind == "int":
            arguments[name] = 2
        elif kind == "bool":
            arguments[name] = True
        elif kind == "choice":
            arguments[name] = "?"
        else:
            return {}, kinds, f"no generator for argument {name!r}"
    for name, kind in kinds.items():
        if kind == "choice" and arguments[name] == "?":
            options = _choices(function, arguments, name)
            if not options:
                return {}, kinds, f"cannot tell the allowed values of {name!r}"
            arguments[name] = options[0]
    try:
        function(**arguments)
    except Exception as error:
        return {}, kinds, f"no working call found ({type(error).__name__}: {error})"
    return arguments, kinds, None


FUNCTIONS = model_functions()


def _function_params():
    return [pytest.param(function, id=name) for name, function in FUNCTIONS]


@pytest.mark.parametrize("function", _function_params())
def test_random_input_gives_sound_numbers_or_a_named_value_error(function):
    assert function is not None, "a model module failed to import (see the test's id)"
    arguments, kinds, reason = _baseline(function)
    assert not reason, f"{function.__module__}.{function.__name__}: {reason} (add it to BASELINES)"
    where = f"{function.__module__}.{function.__name__}"
    numeric = [n for n, k in kinds.items() if k in ("number", "int") and arguments.get(n) is not None]
    choices = {
        n: _choices(function, arguments, n) or [arguments[n]] for n, k in kinds.items() if k == "choice"
    }

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def run(data):
        call = dict(arguments)
        length = data.draw(st.integers(1, 5), label="length of array arguments")
        for name in numeric:
            if kinds[name] == "int":
                call[name] = data.draw(st.integers(-2, 60), label=name)
            else:
                call[name] = data.draw(
                    st.one_of(
                        st.floats(0, 1),
                        st.floats(0, 1e4),
                        st.lists(st.floats(0, 1), min_size=length, max_size=length),
                        st.floats(-10, 1e6),
                        st.sampled_from([float("nan"), float("inf"), -1.0]),
                    ),
                    label=name,
                )
        for name, options in choices.items():
            call[name] = data.draw(st.sampled_from(options), label=name)
        try:
            result = function(**call)
        except ValueError as error:
            assert names_argument(error, *call), (
                f"{where}({call}) raised a ValueError naming no argument: {error}"
            )
            return
        except Exception as error:
            pytest.fail(
                f"{where}({call}) raised {type(error).__name__}, not a ValueError naming the argument: "
                f"{error}"
            )
        check_result(f"{where}({call})", function.__name__, result)

    run()


@pytest.mark.parametrize("function", _function_params())
def test_invalid_input_gives_a_value_error_naming_the_argument(function):
    assert function is not None, "a model module failed to import (see the test's id)"
    arguments, kinds, reason = _baseline(function)
    assert not reason, f"{function.__module__}.{function.__name__}: {reason} (add it to BASELINES)"
    where = f"{function.__module__}.{function.__name__}"
    for name, kind in kinds.items():
        bad_values = {
            "number": [float("nan"), float("inf"), [], "ten"],
            "int": [-5, 1.5],
            "choice": ["no-such-choice", ""],
        }.get(kind, [])
        for bad in bad_values:
            if kind == "number" and arguments.get(name) is None and bad == []:
                continue
            try:
                function(**{**arguments, name: bad})
            except ValueError as error:
                assert names_argument(error, name), (
                    f"{where}({name}={bad!r}): ValueError does not name it: {error}"
                )
            except Exception as error:
                pytest.fail(f"{where}({name}={bad!r}) raised {type(error).__name__}, not ValueError: {error}")
            else:
                if kind == "int" and bad == -5 and name in ("doses", "episodes", "total"):
                    pytest.fail(f"{where}({name}={bad!r}) accepted a negative count")
                if kind != "int":
                    pytest.fail(f"{where}({name}={bad!r}) accepted invalid input")


# --------------------------------------------------------------------------- build faults
CHAPTER_HEAD = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Fault chapter

Some text {footcite:p}`rabiner2011pharmacological`.

"""

FAULTS = {
    "cell raises": (
        """```{code-cell} ipython3
x = 1
```

```{code-cell} ipython3
raise RuntimeError("this cell is broken on purpose")
```
""",
        ["book/fault", "raise RuntimeError(", "this cell is broken on purpose"],
    ),
    "missing citation key": (
        """Another claim {footcite:p}`no_such_key_2099`.

```{code-cell} ipython3
x = 1
```
""",
        ["book/fault", "no_such_key_2099"],
    ),
    "empty frame grid": (
        """```{code-cell} ipython3
from naltrexone_course.explorer import Control, explore
from naltrexone_course.figures import antagonism as figures

explore(
    figures.draw_receptor_occupancy,
    figures.describe_receptor_occupancy,
    Control("free_naltrexone_nM", "Free naltrexone", values=[], unit="nM"),
)
```
""",
        ["book/fault", "free_naltrexone_nM", "must not be empty"],
    ),
}


def _tiny_book(tmp_path: Path, body: str) -> Path:
    """The course's _config.yml and bibliography, one chapter holding ``body``."""
    book = tmp_path / "book"
    (book / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copy(ROOT / "book" / "references.bib", book / "book" / "references.bib")
    for folder in ("_ext", "_assets", "_vendor"):
        if (ROOT / "book" / folder).exists():
            (book / "book" / folder).symlink_to(ROOT / "book" / folder)
    (book / "src").symlink_to(ROOT / "src")
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/fault\n")
    (book / "book" / "intro.md").write_text("# Tiny book\n\nOne chapter with a fault.\n")
    (book / "book" / "fault.md").write_text(
        CHAPTER_HEAD + body + "\n## References\n\n```{footbibliography}\n```\n"
    )
    return book


@pytest.mark.site
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_build_fails_loudly_naming_the_chapter(tmp_path, fault):
    body, expected = FAULTS[fault]
    book = _tiny_book(tmp_path, body)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [
            str(jupyter_book),
            "build",
            str(book),
            "--path-output",
            str(tmp_path / "out"),
            "-W",
            "-n",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        timeout=110,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"{fault}: the build passed\n{output[-1500:]}"
    for text in expected:
        assert text in output, f"{fault}: the build output does not name {text!r}\n{output[-2500:]}"
