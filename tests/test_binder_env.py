"""Binder works, proven without Binder.

repo2docker builds a Binder image from ``runtime.txt`` (the Python version),
``requirements.txt`` (the pinned environment, ending with ``-e .`` for the model
package) and ``postBuild`` (jupytext as JupyterLab's default viewer for .md).
These tests do the same in a temporary copy of the repository: a fresh virtual
environment, ``pip install -r requirements.txt`` from the copy, ``postBuild``
with a private home folder. Then every chapter is opened through jupytext and
executed in a fresh kernel of that environment, and its figures are moved in the
live kernel (``tests/binder_runner.py``). pip's cache keeps the install to about
two minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, toc_files

pytestmark = pytest.mark.notebooks

#: Pages an instructor can run (a jupytext header): the chapters, the parameters
#: page and the "use the models yourself" page.
EXTRA_NOTEBOOKS = ["book/models"]


def notebook_pages() -> list[str]:
    pages = [*toc_files(), *(p for p in EXTRA_NOTEBOOKS if (ROOT / f"{p}.md").exists())]
    seen: list[str] = []
    for page in pages:
        text = (ROOT / f"{page}.md").read_text()
        if page not in seen and text.startswith("---") and "kernelspec:" in text.split("\n---", 2)[0]:
            seen.append(page)
    return seen


def repository_files() -> list[str]:
    """What Binder sees: the files git tracks or would track (nothing .gitignore'd)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def binder(tmp_path_factory) -> dict:
    """A copy of the repository, its fresh environment and a home folder after postBuild."""
    base = tmp_path_factory.mktemp("binder")
    repo, venv, home = base / "repo", base / "venv", base / "home"
    for name in repository_files():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIRTUAL_ENV", "PYTHON", "JUPYTER", "PIP_REQUIRE"))
    }
    env.update(
        HOME=str(home),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        MPLBACKEND="Agg",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        # --no-compile: bytecode is written on first import instead (only what the kernels use).
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-compile",
            "-r",
            "requirements.txt",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, f"pip install -r requirements.txt failed:\n{install.stderr[-3000:]}"
    post = subprocess.run(["bash", "postBuild"], cwd=repo, env=env, capture_output=True, text=True)
    assert post.returncode == 0, f"postBuild failed:\n{post.stdout}\n{post.stderr}"
    return {"repo": repo, "venv": venv, "home": home, "env": env}


def test_runtime_matches_the_tested_python():
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", (
        f"runtime.txt says {runtime!r} but the book is built and tested with Python "
        f"{sys.version_info.major}.{sys.version_info.minor}: keep them the same"
    )


def test_requirements_install_the_model_package_and_jupytext(binder):
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines, "requirements.txt must install the model package (-e .)"
    assert any(line.startswith("jupytext==") for line in lines), "requirements.txt must pin jupytext"
    python = binder["venv"] / "bin" / "python"
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import naltrexone_course, jupytext, nbclient; print(naltrexone_course.__file__)",
        ],
        env=binder["env"],
        cwd=binder["home"],
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()).is_relative_to(binder["repo"]), (
        "the environment must use the repository's own package (editable install), "
        f"not {probe.stdout.strip()}"
    )


def pins(name: str) -> dict[str, str]:
    """Package -> pinned version in one requirements file."""
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            package, version = line.strip().split("==", 1)
            found[package.lower().replace("_", "-")] = version
    return found


def test_the_build_environment_leaves_jupyterlab_to_the_lab_requirements():
    """requirements.txt builds the book; JupyterLab and its server (whose jsonschema format
    extras compile a grammar on every start) are in requirements-lab.txt, pinned once."""
    build, lab = pins("requirements.txt"), pins("requirements-lab.txt")
    for package in ("jupyterlab", "jupyter-server", "rfc3987-syntax", "lark", "jupyter-events"):
        assert package not in build, f"{package} is back in the build environment (requirements.txt)"
    assert "jupyterlab" in lab and "jupyter-server" in lab
    assert not build.keys() & lab.keys(), f"pinned twice: {sorted(build.keys() & lab.keys())}"
    for package in ("jupyter-book", "jupytext", "ipykernel", "ipywidgets", "matplotlib", "numpy"):
        assert package in build, f"the build needs {package}"
    assert "requirements-lab.txt" in (ROOT / "postBuild").read_text(), "Binder must install JupyterLab"


def test_binder_has_jupyterlab_from_postbuild(binder):
    python = binder["venv"] / "bin" / "python"
    probe = subprocess.run(
        [str(python), "-c", "import jupyterlab, jupyter_server; print(jupyterlab.__version__)"],
        env=binder["env"],
        cwd=binder["home"],
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, f"JupyterLab is missing in the Binder environment: {probe.stderr}"
    assert probe.stdout.strip() == pins("requirements-lab.txt")["jupyterlab"]


def test_postbuild_makes_jupytext_the_default_viewer(binder):
    settings = binder["home"] / ".jupyter" / "labconfig" / "default_setting_overrides.json"
    assert settings.exists(), f"postBuild did not write {settings}"
    viewers = json.loads(settings.read_text())["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    for doctype in ("markdown", "myst"):
        assert viewers.get(doctype) == "Jupytext Notebook", (
            f"JupyterLab would open {doctype} files as text, not notebooks: {viewers}"
        )


#: Chapters run at once in the Binder environment, each in its own process and fresh kernel:
#: a kernel waits on its messages part of the time, so two keep both cores of the machine busy.
LIVE_RUNS_AT_ONCE = 2


@pytest.fixture(scope="module")
def live_runs(binder, request) -> Iterator[dict]:
    """page -> the run of ``tests/binder_runner.py`` on that chapter (a future): every chapter
    whose test is selected is queued at once and run ``LIVE_RUNS_AT_ONCE`` at a time, in the
    order of the tests."""
    from concurrent.futures import ThreadPoolExecutor

    selected = [
        item.callspec.params["page"]
        for item in request.session.items
        if getattr(item, "originalname", "") == test_chapter_runs_live_in_the_binder_environment.__name__
    ]
    runner = binder["repo"] / "tests" / "binder_runner.py"

    def run(page: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(binder["venv"] / "bin" / "python"), str(runner), str(binder["repo"] / f"{page}.md")],
            env=binder["env"],
            cwd=binder["repo"],
            capture_output=True,
            text=True,
            timeout=900,
        )

    pool = ThreadPoolExecutor(max_workers=LIVE_RUNS_AT_ONCE)
    try:
        yield {page: pool.submit(run, page) for page in dict.fromkeys(selected)}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("page", notebook_pages())
def test_chapter_runs_live_in_the_binder_environment(binder, live_runs, page):
    chapter = binder["repo"] / f"{page}.md"
    run = live_runs[page].result()
    assert run.returncode == 0, (
        f"{page}.md failed in a fresh kernel:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(result["kernel_prefix"]) == binder["venv"], (
        f"the kernel ran in {result['kernel_prefix']}, not in the Binder environment {binder['venv']}"
    )
    widgets = result.get("widgets", [])
    if "explore(" in chapter.read_text():
        assert widgets, f"{page}.md calls explore( but built no figure in the kernel"
    for figure in widgets:
        if "frames" in figure:
            assert figure["frames"] == figure["expected_frames"], figure
        assert all(figure["changed"]), (
            f"{page}.md: moving a slider of {figure['draw']} {figure['controls']} did not change "
            f"the frame in the live kernel: {figure['changed']}"
        )
