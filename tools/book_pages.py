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


def part_files(caption: str, repo: Path = ROOT) -> list[str]:
    """The pages of the ``_toc.yml`` part titled ``caption`` (sections included), in order."""
    toc = yaml.safe_load((Path(repo) / "_toc.yml").read_text())
    files: list[str] = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        if part.get("caption") == caption:
            walk(part.get("chapters"))
    return files
