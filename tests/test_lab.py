"""`make lab`: JupyterLab from the book's environment, on 127.0.0.1, chapters as notebooks.

Starts ``tools/lab.py`` headless on a free port, asks the Jupyter contents API for a chapter
as a notebook (jupytext turns the MyST source into cells), then stops the server.
"""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT

pytestmark = pytest.mark.notebooks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


#: JupyterLab's environment (``make lab-env``; ``make test`` makes it): requirements.txt plus
#: requirements-lab.txt, which the book's build environment leaves out.
LAB_BIN = ROOT / ".venv" / "lab" / "bin"


def test_make_lab_serves_a_chapter_as_a_notebook_on_localhost(tmp_path):
    if not (LAB_BIN / "python").exists():
        pytest.fail(f"{LAB_BIN} is missing: make JupyterLab's environment with `make lab-env`", pytrace=False)
    port, token = free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [
            str(LAB_BIN / "python"),
            "tools/lab.py",
            "--port",
            str(port),
            "--no-browser",
            f"--IdentityProvider.token={token}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={
            "PATH": str(LAB_BIN) + ":/usr/bin:/bin",
            "HOME": str(tmp_path),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        },
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            try:
                status = get(f"{base}/api/status", token)
                break
            except OSError:
                assert server.poll() is None, f"JupyterLab stopped: {server.stdout.read()}"
                time.sleep(0.5)
        assert status is not None, "JupyterLab did not answer on 127.0.0.1 within 90 s"
        model = get(f"{base}/api/contents/book/antagonism.md?type=notebook&content=1", token)
        assert model["type"] == "notebook", model["type"]
        cells = model["content"]["cells"]
        assert any(c["cell_type"] == "code" and "naltrexone_course" in c["source"] for c in cells)
        assert any(c["cell_type"] == "markdown" and "# Blocking the receptor" in c["source"] for c in cells)
        with socket.create_connection(("127.0.0.1", port)):
            pass
        listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
        assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    assert server.returncode is not None
