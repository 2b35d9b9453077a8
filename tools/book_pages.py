"""The book's pages in reading order, read from ``_toc.yml``.

One walker for everyone who needs the page list: the tests, the benchmark and
``parallel_execute.py``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(repo: Path = ROOT) -> list[str]:
    """Every page in ``repo/_toc.yml`` (paths like ``book/antagonism``), in reading order."""
    toc = yaml.safe_load((Path(repo) / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return files
