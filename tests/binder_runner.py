"""Run one chapter the way an instructor on Binder does, and check its widgets live.

Called by ``tests/test_binder_env.py`` with the Python of a fresh virtual
environment built from ``requirements.txt`` (as repo2docker builds Binder's):

    <venv>/bin/python tests/binder_runner.py book/antagonism.md

It opens the MyST chapter through jupytext (as JupyterLab's "Jupytext Notebook"
viewer does), executes it in a fresh ``python3`` kernel with nbclient (an error in
any cell fails), then runs one more cell in the same live kernel: for every figure
the chapter built with ``explore(...)``, it builds the kernel-backed variant
(``live=True``) with the same drawing functions and controls, moves each slider
and checks that the frame changed. (The page's own widget links sliders to
frames with ``jslink``, which only runs in a browser.) Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

RECORD = """\
# Test probe (not part of the chapter): remember every explore(...) call.
import sys as _sys
import naltrexone_course.explorer as _explorer

_explorer._nxc_calls = []
_explore = _explorer.explore


def _recording_explore(draw, describe, *controls, **options):
    box = _explore(draw, describe, *controls, **options)
    _explorer._nxc_calls.append((draw, describe, controls, options, box))
    return box


_explorer.explore = _recording_explore
print("KERNEL_PREFIX=" + _sys.prefix)
"""

CHECK = """\
# Test probe (not part of the chapter): the figures respond in the live kernel.
import json as _json

_report = []
for _draw, _describe, _controls, _options, _box in _explorer._nxc_calls:
    _entry = {"draw": _draw.__name__, "controls": [c.name for c in _controls]}
    if not _options.get("live"):
        _entry["frames"] = _explorer.frame_count(_box)
        _entry["expected_frames"] = len(_explorer.grid(_controls))
    _live = _explore(_draw, _describe, *_controls, live=True)
    *_sliders, _view = _live.children
    _entry["changed"] = []
    for _slider, _control in zip(_sliders, _controls):
        _before = _view.value
        if hasattr(_slider, "index"):  # a slider or a dropdown: the next value
            _slider.index = (_slider.index + 1) % len(_control.values)
        else:  # a checkbox (a toggle control): the other state
            _slider.value = not _slider.value
        _entry["changed"].append(len(_control.values) > 1 and _view.value != _before)
    _report.append(_entry)
print("WIDGETS=" + _json.dumps(_report))
"""


def run(chapter: Path, timeout: int = 600) -> dict:
    notebook = jupytext.read(chapter)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RECORD))
    notebook.cells.append(nbformat.v4.new_code_cell(CHECK))
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(chapter.parent)}},
    )
    client.execute()
    result = {"chapter": str(chapter), "cells": len(notebook.cells) - 2}
    for cell in (notebook.cells[0], notebook.cells[-1]):
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith("KERNEL_PREFIX="):
                    result["kernel_prefix"] = line.split("=", 1)[1]
                elif line.startswith("WIDGETS="):
                    result["widgets"] = json.loads(line.split("=", 1)[1])
    return result


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]).resolve())))
