"""Draw a frame once: a content-addressed cache of the explorer's frame files.

A frame's pixels depend only on its drawing function, the arguments it is drawn with, the
layout (and the first frame of the figure, whose axes positions every later frame reuses,
see ``explorer._FrameRenderer``), the explorer's drawing pipeline and the versions of
matplotlib, numpy and pillow. :func:`frame_key` hashes exactly those; the drawing function's
part is :func:`function_key`: by default the sources of every module of the package the
function is defined in (any change in the package draws its frames again), or the finer
key a book registers for its package with :func:`register` (for example only the modules
the drawing function imports, transitively). An unchanged frame is copied from the cache,
not drawn again: across builds (``make book`` after an edit) and across pages (a figure
that appears twice).

An entry is ``<key>.json`` (the frame's files: density, ``<sha256>.png``, CSS width and
height) beside ``png/<sha256>.png`` (the bytes). The cache lives under the build folder,
``_build/.nxc_frame_cache`` beside the frame store ``_build/.nxc_frames`` (removing the
build folder removes both); :data:`CACHE_ENV` names another folder. A frame store elsewhere
(a test's own folder) gets no cache unless :data:`CACHE_ENV` is set, so a test that counts
drawings sees every drawing.

Only functions defined in a package are cached: a function defined in a notebook, a
script or a test has no package whose sources could key it, so it is always drawn.
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

#: Environment variable naming the frame cache folder (overrides the default place).
CACHE_ENV = "NXC_FRAME_CACHE"
#: The cache's folder name, beside the build's frame store.
CACHE_NAME = ".nxc_frame_cache"
#: The frame store's folder name in a build (:mod:`nxc_explorer.nxc_frames`).
STORE_NAME = ".nxc_frames"
#: Bump to drop every entry written by an older cache format.
FORMAT = 2  # 2: a frame's data table (density 0, ``<sha256>.csv``) beside its PNG files

#: (density, "<sha256>.png", css width, css height); density 0 is the frame's data table
#: ("<sha256>.csv", :mod:`nxc_explorer.data`), kept with the frames of the first layout.
Files = list[tuple[int, str, int, int]]


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


#: A book's own key functions, by top-level package name (:func:`register`).
_KEYS: dict[str, Callable[[Callable[..., Any]], str | None]] = {}


def register(package: str, key: Callable[[Callable[..., Any]], str | None]) -> None:
    """Key the drawing functions of ``package`` (a top-level package name) with ``key``:
    a function from the drawing function to a SHA-256 hex string (None: do not cache)."""
    if not package.isidentifier():
        raise ValueError(f"package must be a top-level package name, got {package!r}")
    _KEYS[package] = key


_SOURCES: dict[tuple, str] = {}


def package_sources_digest(package_dir: Path) -> str:
    """SHA-256 over every file of a package (read again when any file changes)."""
    files = sorted(p for p in Path(package_dir).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if stamp not in _SOURCES:
        _SOURCES.clear()
        digest = hashlib.sha256()
        for path in files:
            digest.update(
                path.relative_to(package_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
            )
        _SOURCES[stamp] = digest.hexdigest()
    return _SOURCES[stamp]


def function_key(draw: Callable[..., Any]) -> str | None:
    """What a drawing function's frames depend on, as SHA-256: the key a book registered
    for its package (:func:`register`), or else the function's module and name, the bound
    arguments of a ``functools.partial`` and every file of its top-level package. None for
    a function defined outside a package (a notebook's, a script's or a test's)."""
    bound = []
    function = draw
    while isinstance(function, functools.partial):
        bound.append(repr((function.args, sorted(function.keywords.items()))))
        function = function.func
    module = getattr(function, "__module__", None) or ""
    name = getattr(function, "__qualname__", "") or ""
    top = module.split(".")[0]
    if top in _KEYS:
        return _KEYS[top](draw)
    if "." not in module or "<" in name:
        return None
    package = sys.modules.get(top)
    where = getattr(package, "__file__", None)
    if not where or Path(where).name != "__init__.py":
        return None
    digest = hashlib.sha256(f"{module}:{name}:{bound!r}\n".encode())
    digest.update(package_sources_digest(Path(where).parent).encode())
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
            if hashlib.sha256(data).hexdigest() + Path(name).suffix != name:  # damaged: draw again
                return None
            _write_atomic(target, data)
        return files

    def save(self, key: str, frames: Sequence[tuple[int, bytes, int, int]]) -> None:
        """Keep a frame's PNG files (density, bytes, CSS width, CSS height) under ``key``
        (density 0: its data table, CSV)."""
        files = []
        for density, png, width, height in frames:
            name = hashlib.sha256(png).hexdigest() + (".csv" if density == 0 else ".png")
            if not self._png(name).exists():
                _write_atomic(self._png(name), png)
            files.append((density, name, width, height))
        _write_atomic(self._entry(key), json.dumps({"files": files}).encode())
