"""A toy book for the engine's own tests (no word of the course): its root, a page folder and
a build's frame store, and readers of what a figure puts in the page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets as widgets

from nxc_explorer import explorer, frame_cache
from nxc_explorer import native_controls as native


def toy_book(tmp_path: Path, monkeypatch, keep_dark: bool = False) -> list[str]:
    """Make ``tmp_path`` a book (``_config.yml``, the page folder ``pages/`` as the working
    folder, the frame store ``store/``, no frame cache) and return the list each figure's page
    HTML is shown into. Unless ``keep_dark``, the engine draws no dark frames (a book that asks
    for none: the course's request is process-wide once imported)."""
    (tmp_path / "_config.yml").write_text("title: toy\n")
    (tmp_path / "pages").mkdir()
    monkeypatch.chdir(tmp_path / "pages")
    monkeypatch.setenv(explorer.FRAME_STORE_ENV, str(tmp_path / "store"))
    monkeypatch.delenv(frame_cache.CACHE_ENV, raising=False)
    shown: list[str] = []
    monkeypatch.setattr(explorer, "_display_html", shown.append)
    if not keep_dark:
        monkeypatch.setattr(explorer, "DARK", explorer._DarkVariant())
    return shown


def spec_of(static: str) -> dict:
    """The frame spec a figure's static HTML carries (``data-nxc-frames``)."""
    return json.loads(html.unescape(re.search(r'data-nxc-frames="([^"]+)"', static).group(1)))


def native_page(box, static: str) -> tuple[str, str]:
    """The page HTML and figure id the native controls extension makes of a figure's widget
    ``box`` and its ``static`` HTML."""
    state = widgets.Widget.get_manager_state()["state"]
    view = native.VIEW + json.dumps({"model_id": box.model_id}) + "</script>"
    return native.native_figure(static, view, state)
