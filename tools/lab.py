"""Open the chapters as notebooks in JupyterLab, from its own environment (``make lab``: .venv/lab).

    python tools/lab.py [--port 8888] [extra JupyterLab options, e.g. --no-browser]

JupyterLab listens on 127.0.0.1 only and starts in ``book/``. jupytext (pinned in
requirements.txt) serves each MyST chapter (``.md``) as a notebook; this script sets
"Jupytext Notebook" as their default viewer in the virtual environment's own settings
(``.venv/lab/etc/jupyter/labconfig``), never in the user's home. Nothing is installed or
downloaded. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings_file(prefix: Path = Path(sys.prefix)) -> Path:
    return prefix / "etc" / "jupyter" / "labconfig" / "default_setting_overrides.json"


def command(port: int, extra: list[str]) -> list[str]:
    return [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT}",
        "--ServerApp.default_url=/lab/tree/book",
        # Offline: no extension manager asking PyPI, no update or news check.
        "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
        # CI containers run as root; Jupyter refuses that unless told.
        *(["--ServerApp.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        *extra,
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("LAB_PORT", 8888)))
    args, extra = parser.parse_known_args(argv)
    target = settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(Path(sys.executable).with_name("jupytext-config")),
            "--settings-file",
            str(target),
            "set-default-viewer",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cmd = command(args.port, extra)
    print(f"JupyterLab on http://127.0.0.1:{args.port}/lab/tree/book (Ctrl-C stops it)", flush=True)
    os.execv(cmd[0], cmd)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
