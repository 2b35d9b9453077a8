"""The course's key for its figures' frames: only the modules a drawing function imports.

The figure engine (:mod:`nxc_explorer.frame_cache`) keys a frame by its drawing function;
by default that is every file of the function's package. The course keys it more finely:
the drawing function's module *and every package module it imports, transitively*
(:mod:`naltrexone_course.source_graph`): a change in ``glutamate.py`` invalidates the
frames of the figures that use the glutamate model and no others.
:mod:`naltrexone_course.explorer` registers :func:`function_key` for the package.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import source_graph

PACKAGE_DIR = Path(__file__).resolve().parent

_PACKAGES: dict[tuple, source_graph.Package] = {}


def _package(package_dir: Path) -> source_graph.Package:
    """The package as read from disk, read again when any of its files changes."""
    stamp = tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(Path(package_dir).rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )
    if stamp not in _PACKAGES:
        _PACKAGES.clear()
        _PACKAGES[stamp] = source_graph.Package(Path(package_dir))
    return _PACKAGES[stamp]


def function_key(draw: Callable[..., Any], package_dir: Path | None = None) -> str | None:
    """What a drawing function's frames depend on, as SHA-256: its module's name and the
    function's name, bound arguments of a ``functools.partial``, and the sources of its
    module and every package module that imports, transitively. None for a function
    defined outside the package (a notebook's or a test's)."""
    bound = []
    function = draw
    while isinstance(function, functools.partial):
        bound.append(repr((function.args, sorted(function.keywords.items()))))
        function = function.func
    module = getattr(function, "__module__", None) or ""
    name = getattr(function, "__qualname__", "") or ""
    if not module.startswith(source_graph.PACKAGE + ".") or "<" in name:
        return None
    package = _package(package_dir or PACKAGE_DIR)
    if module not in package.modules:
        return None
    digest = hashlib.sha256(f"{module}:{name}:{bound!r}\n".encode())
    digest.update(package.digest(source_graph.closure({module}, package.graph)).encode())
    return digest.hexdigest()
