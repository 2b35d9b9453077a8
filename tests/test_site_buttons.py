"""The built site's buttons: launch on Binder (JupyterLab), edit, open an issue, download .ipynb.

Reads ``_build/html`` (``make book``). Instructors start a chapter on Binder from the
rocket button; contributors use the edit and issue buttons; every chapter can be
downloaded as a notebook generated from its MyST source (book/_ext/notebook_download.py).
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, toc_files

pytestmark = pytest.mark.site

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPOSITORY = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
BINDER = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")


def is_notebook(page: str) -> bool:
    text = (ROOT / f"{page}.md").read_text()
    return text.startswith("---") and "kernelspec:" in text.split("\n---", 2)[0]


NOTEBOOK_PAGES = [page for page in toc_files() if is_notebook(page)]


def links(site: Path, page: str) -> list[str]:
    soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)]


def test_the_chapters_are_notebooks():
    chapters = [p for p in toc_files() if p not in {"book/intro", "book/glossary", "book/references"}]
    assert set(chapters) <= set(NOTEBOOK_PAGES), (
        "every chapter needs the jupytext header so it gets launch and download buttons: "
        f"{sorted(set(chapters) - set(NOTEBOOK_PAGES))}"
    )


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_launch_button_opens_the_chapter_on_binder_in_jupyterlab(site, page):
    org_repo = REPOSITORY.removeprefix("https://github.com/")
    expected = f"{BINDER}/v2/gh/{org_repo}/{BRANCH}?urlpath=lab/tree/{page}.md"
    assert expected in links(site, page), f"{page}.html has no Binder launch button to {expected}"


@pytest.mark.parametrize("page", toc_files())
def test_edit_and_issue_buttons(site, page):
    hrefs = links(site, page)
    edit = f"{REPOSITORY}/edit/{BRANCH}/{page}.md"
    assert edit in hrefs, f"{page}.html has no edit button to {edit}"
    assert any(h.startswith(f"{REPOSITORY}/issues/new") for h in hrefs), f"{page}.html has no issue button"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_chapter_downloads_as_a_notebook_made_from_its_source(site, page):
    depth = page.count("/")
    download = "../" * depth + f"_sources/{page}.ipynb"
    assert download in links(site, page), f"{page}.html has no .ipynb download link ({download})"
    notebook = nbformat.read(site / "_sources" / f"{page}.ipynb", as_version=4)
    nbformat.validate(notebook)
    source = jupytext.read(ROOT / f"{page}.md")
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert code == [c.source for c in source.cells if c.cell_type == "code"], (
        f"the downloaded {page}.ipynb does not hold the same code cells as {page}.md"
    )
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), (
        "the download is the source notebook, without the build's outputs"
    )
    assert "naltrexone_course" in notebook.cells[0].source, "first cell says how to run it"
