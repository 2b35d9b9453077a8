"""Draw a frame once: a content-addressed cache of the explorer's frame files.

A frame's pixels depend only on its drawing function, the arguments it is drawn with, the
layout (and the first frame of the figure, whose axes positions every later frame reuses,
see ``explorer._FrameRenderer``), the explorer's drawing pipeline and the versions of
matplotlib, numpy and pillow. :func:`frame_key` hashes exactly those, with the drawing
function's module *and every package module it imports, transitively*
(:mod:`naltrexone_course.source_graph`): a change in ``glutamate.py`` invalidates the
frames of the figures that use the glutamate model and no others. An unchanged frame is
copied from the cache, not drawn again: across builds (``make book`` after an edit) and
across chapters (the occupancy figure appears twice).

An entry is ``<key>.json`` (the frame's files: density, ``<sha256>.png``, CSS width and
height) beside ``png/<sha256>.png`` (the bytes). The cache lives under the build folder,
``_build/.nxc_frame_cache`` beside the frame store ``_build/.nxc_frames`` (``make clean``
removes both); :data:`CACHE_ENV` names another folder. A frame store elsewhere (a test's
own folder) gets no cache unless :data:`CACHE_ENV` is set, so a test that counts drawings
sees every drawing.

Only functions defined in the package are cached: a function defined in a notebook or a
test has no module file whose source could key it, so it is always drawn.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from . import source_graph

#: Environment variable naming the frame cache folder (overrides the default place).
CACHE_ENV = "NXC_FRAME_CACHE"
#: The cache's folder name, beside the build's frame store.
CACHE_NAME = ".nxc_frame_cache"
#: The frame store's folder name in a build (``book/_ext/nxc_frames.py``).
STORE_NAME = ".nxc_frames"
PACKAGE_DIR = Path(__file__).resolve().parent
#: Bump to drop every entry written by an older cache format.
FORMAT = 1

Files = list[tuple[int, str, int, int]]  # (density, "<sha256>.png", css width, css height)


def cache_for(store: Path | None) -> FrameCache | None:
    """The cache that goes with a frame store (None: do not cache)."""
    where = os.environ.get(CACHE_ENV)
    if where:
        return FrameCache(Path(where))
    if store is not None and Path(store).name == STORE_NAME:
        return FrameCache(Path(store).parent / CACHE_NAME)
    return None


@functools.lru_cache(maxsize=1)
def versions() -> tuple[tuple[str, str], ...]:
    """The versions of what turns a figure into pixels and pixels into PNG bytes."""
    found = [("python", "{}.{}".format(*sys.version_info[:2]))]
    for name in ("matplotlib", "numpy", "pillow", "zlib-ng"):
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "?"))
    return tuple(found)


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


def frame_key(
    function: str, pipeline: str, layout: str | None, reference: dict[str, Any], arguments: dict[str, Any]
) -> str:
    """The key of one frame (every density of it): the drawing function's key, the explorer's
    drawing pipeline, the layout, the figure's first frame (its axes positions are reused)
    and the frame's own arguments, and the package versions."""
    text = json.dumps(
        {
            "format": FORMAT,
            "function": function,
            "pipeline": pipeline,
            "layout": layout,
            "reference": sorted((k, repr(v)) for k, v in reference.items()),
            "arguments": sorted((k, repr(v)) for k, v in arguments.items()),
            "versions": versions(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # chapters run in parallel processes


class FrameCache:
    """Frame files by :func:`frame_key`, in one folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def _png(self, name: str) -> Path:
        return self.folder / "png" / name

    def load(self, key: str, store: Path) -> Files | None:
        """The frame's files, copied into ``store`` if missing there; None if not cached."""
        try:
            files = [tuple(f) for f in json.loads(self._entry(key).read_text())["files"]]
        except (OSError, ValueError, KeyError):
            return None
        for _, name, _, _ in files:
            target = Path(store) / name
            if target.exists():
                continue
            try:
                data = self._png(name).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() + ".png" != name:  # a damaged copy: draw again
                return None
            _write_atomic(target, data)
        return files

    def save(self, key: str, frames: Sequence[tuple[int, bytes, int, int]]) -> None:
        """Keep a frame's PNG files (density, bytes, CSS width, CSS height) under ``key``."""
        files = []
        for density, png, width, height in frames:
            name = hashlib.sha256(png).hexdigest() + ".png"
            if not self._png(name).exists():
                _write_atomic(self._png(name), png)
            files.append((density, name, width, height))
        _write_atomic(self._entry(key), json.dumps({"files": files}).encode())
