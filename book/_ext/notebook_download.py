"""Sphinx extension: every chapter downloadable as a clean Jupyter notebook.

With launch buttons configured, sphinx-book-theme puts a ".ipynb" entry in each
notebook page's download menu, pointing at ``_sources/<page>.ipynb``, and copies
the *executed* notebook there: several hundred kilobytes of precomputed widget
frames that mean nothing outside the page. When the build finishes, this
extension overwrites each of those files with the chapter converted from its
MyST source by jupytext: the same cells, no outputs, a first cell saying how to
run it. Instructors open it in Jupyter and run it against the course's package.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

HEADER = (
    "*How Naltrexone Works*, an open course (educational use only, not medical advice).\n"
    "This notebook was generated from the chapter's MyST source `{source}`. Its code calls the\n"
    "course's Python package `naltrexone_course`: open it on Binder (the rocket button on the\n"
    "chapter's page), or install the package first with `pip install -r requirements.txt` run in\n"
    "a clone of the course repository."
)
HEADER_TAG = "nxc-download-header"


def is_notebook_page(env, docname: str) -> bool:
    """Pages with a jupytext/kernelspec header are notebooks (they get launch buttons)."""
    return "kernelspec" in env.metadata.get(docname, {})


def source_to_notebook(source: Path, relative_source: str) -> nbformat.NotebookNode:
    """The chapter as a notebook: its cells, no outputs, plus a short header cell."""
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    header = nbformat.v4.new_markdown_cell(HEADER.format(source=relative_source))
    header.metadata["tags"] = [HEADER_TAG]
    notebook.cells.insert(0, header)
    notebook.nbformat, notebook.nbformat_minor = 4, 5  # 4.5: cells carry ids
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    nbformat.validate(notebook)
    return notebook


def _is_current(target: Path, source: Path) -> bool:
    """``target`` already holds this extension's notebook of ``source`` as it is now (the
    theme copies the executed notebook over it only when it writes the page again)."""
    try:
        newest = max(source.stat().st_mtime_ns, Path(__file__).stat().st_mtime_ns)
        return target.stat().st_mtime_ns >= newest and HEADER_TAG in target.read_text()
    except OSError:
        return False


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sources_dir = Path(app.outdir) / "_sources"
    root = Path(app.srcdir)
    for docname in sorted(app.env.found_docs):
        if not is_notebook_page(app.env, docname):
            continue
        source = Path(app.env.doc2path(docname))
        target = sources_dir / f"{docname}.ipynb"
        if _is_current(target, source):  # a rebuild after a one-page edit converts one page
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        notebook = source_to_notebook(source, source.relative_to(root).as_posix())
        nbformat.write(notebook, target)


def setup(app):
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
