"""The figure engine (src/nxc_explorer) is a package of its own: no science in it.

Another Jupyter Book can use it, so it never imports the course's package, never names the
medicine, and the course reaches it only through its thin binding
(``naltrexone_course.explorer``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "src" / "nxc_explorer"
COURSE = "naltrexone_course"


def engine_files() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def test_the_engine_has_its_script_style_sheet_extensions_and_readme():
    names = {p.relative_to(ENGINE).as_posix() for p in engine_files()}
    for name in (
        "__init__.py",
        "explorer.py",
        "frame_cache.py",
        "collisions.py",
        "native_controls.py",
        "nxc_frames.py",
        "static/nxc-explorer.js",
        "static/nxc-explorer.css",
    ):
        assert name in names, f"src/nxc_explorer/{name} is missing"


def test_no_file_of_the_engine_names_the_course_or_its_medicine():
    found = []
    for path in engine_files():
        text = path.read_text(encoding="utf-8", errors="ignore").lower()
        for number, line in enumerate(text.splitlines(), 1):
            if "naltrexone" in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "the engine must hold no word of the course:\n" + "\n".join(found)


def test_no_module_of_the_engine_imports_the_course_package():
    found = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == COURSE]
    assert not found, "the engine imports the course: " + "; ".join(found)


def test_importing_every_engine_module_loads_nothing_of_the_course():
    """In a fresh interpreter: every engine module imported, and a toy figure made."""
    code = f"""
import pkgutil, importlib, sys
import nxc_explorer
for info in pkgutil.walk_packages(nxc_explorer.__path__, "nxc_explorer."):
    importlib.import_module(info.name)
from nxc_explorer import Control, explore
import matplotlib.pyplot as plt
def draw(k):
    fig, ax = plt.subplots(figsize=(2, 1)); ax.plot([0, 1], [0, k]); return fig
explore(draw, lambda k: f"slope {{k}}", Control("k", "Slope", [1, 2]))
loaded = sorted(m for m in sys.modules if m.split(".")[0] == {COURSE!r})
print(loaded)
assert not loaded, loaded
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr + result.stdout
