"""The figure engine on its own (src/nxc_explorer): a toy figure, no model of the course.

What another Jupyter Book author relies on: ``explore`` over a toy drawing function writes
content-addressed frames and the static default figure, the frame cache keys a package's
drawing functions by their package's files, ``keep_colours`` keeps a palette exact, and
the Sphinx extension serves the figure script and style sheet and loads the script on
figure pages instead of the widget bundle."""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from engine_toy_book import spec_of, toy_book
from PIL import Image

import nxc_explorer
from nxc_explorer import Control, explore, explorer, frame_cache

RATE = Control("rate", "Daily growth", [0.01, 0.02, 0.05], fmt="{:.0%}", default=0.02)
SHAPE = Control("shape", "Shape", ["line", "steps"])


def draw_growth(rate: float, shape: str = "line", layout: str = "wide"):
    fig, ax = plt.subplots(figsize=(4, 2) if layout == "wide" else (2.4, 2.4), layout="constrained")
    days = np.arange(31)
    amount = (1 + rate) ** days
    (ax.step if shape == "steps" else ax.plot)(days, amount, label="amount", color="#0072B2")
    ax.set_xlabel("day")
    return fig


def describe_growth(rate: float, shape: str = "line") -> str:
    return f"At {rate:.0%} a day the amount grows {(1 + rate) ** 30:.1f}-fold in 30 days ({shape})."


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A toy book: its root (``_config.yml``), a page folder, and a build's frame store."""
    return tmp_path, toy_book(tmp_path, monkeypatch)


def test_a_toy_figure_becomes_content_addressed_frames_and_a_static_default(book):
    root, shown = book
    box = explore(draw_growth, describe_growth, RATE, SHAPE, caption="Move the rate.")
    assert explorer.frame_count(box) == 6
    (static,) = shown
    spec = spec_of(static)
    assert spec["shape"] == [3, 2] and spec["id"] == "fig-growth"
    assert [c["name"] for c in spec["controls"]] == ["rate", "shape"]
    assert 'alt="At 2% a day the amount grows 1.8-fold in 30 days (line)."' in static
    for names in spec["frames"]:
        assert len([n for n in names if n]) == 4, "narrow and wide, 1x and 2x"
        for name in filter(None, names):
            data = (root / "store" / name).read_bytes()
            assert name == hashlib.sha256(data).hexdigest() + ".png"
            assert Image.open(root / "store" / name).mode == "P", "palette PNGs"
    assert len({n for names in spec["frames"] for n in names}) == 24, "every frame differs"


def test_keep_colours_keeps_a_books_palette_exact():
    rgb = np.random.default_rng(0).integers(0, 256, (40, 40, 3)).astype(np.uint8)  # many colours
    rgb[39, 39] = (0, 114, 178)  # one pixel of the book's blue, #0072B2
    saved = list(explorer.EXACT_COLOURS)
    try:
        explorer.keep_colours([])
        assert tuple(np.array(explorer._quantise(rgb, 8).convert("RGB"))[39, 39]) != (0, 114, 178)
        explorer.keep_colours(["#0072B2"])
        assert tuple(np.array(explorer._quantise(rgb, 8).convert("RGB"))[39, 39]) == (0, 114, 178)
        with pytest.raises(ValueError):
            explorer.keep_colours(["not a colour"])
    finally:
        explorer.keep_colours(saved)


def test_the_frame_key_of_a_package_function_follows_its_package_files(tmp_path, monkeypatch):
    package = tmp_path / "toybook"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "figs.py").write_text("def draw(x):\n    return x\n")
    (package / "models.py").write_text("RATE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    figs = importlib.import_module("toybook.figs")
    try:
        before = frame_cache.function_key(figs.draw)
        assert before is not None, "a function defined in a package is cached"
        (package / "models.py").write_text("RATE = 2\n")
        assert frame_cache.function_key(figs.draw) != before, "a change in its package draws again"

        def local(x):
            return x

        assert frame_cache.function_key(local) is None, "a test's or notebook's function is always drawn"
        frame_cache.register("toybook", lambda draw: "fixed")
        assert frame_cache.function_key(figs.draw) == "fixed", "a book's own key is used for its package"
    finally:
        frame_cache._KEYS.pop("toybook", None)
        for name in [m for m in sys.modules if m.split(".")[0] == "toybook"]:
            del sys.modules[name]


def test_the_sphinx_extension_serves_its_script_and_style_and_replaces_the_widget_bundle():
    config = SimpleNamespace(
        html_static_path=["_static"],
        html_css_files=[],
        nb_ipywidgets_js={"require.min.js": {}, "embed-amd.js": {}},
    )
    nxc_explorer._configure(None, config)
    assert str(nxc_explorer.STATIC_DIR) in config.html_static_path
    assert config.html_css_files == ["nxc-explorer.css"]
    assert config.nb_ipywidgets_js == {"nxc-explorer.js": {"async": "async"}}
    assert (nxc_explorer.STATIC_DIR / "nxc-explorer.js").is_file()
    assert (nxc_explorer.STATIC_DIR / "nxc-explorer.css").is_file()
    nxc_explorer._configure(None, config)  # a second call adds nothing twice
    assert config.html_css_files == ["nxc-explorer.css"]
    assert config.html_static_path.count(str(nxc_explorer.STATIC_DIR)) == 1


def test_the_readme_shows_the_config_lines_and_the_call():
    text = (Path(nxc_explorer.__file__).parent / "README.md").read_text()
    assert "extra_extensions:" in text and "- nxc_explorer" in text
    assert "from nxc_explorer import Control, explore" in text
