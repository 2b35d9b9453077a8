"""The words the figure script writes itself (compare mode, the data table, a copied link).

They live in one place, ``nxc_explorer.explorer.SCRIPT_WORDS``, and every figure carries them in
an inert ``<template class="nxc-words">``, so a book in another language translates them with
the figure's other words (its catalogue of figure words) and the script shows the page's own.
A toy figure, with the engine alone."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt

from nxc_explorer import Control, explorer

from conftest import ROOT

STATIC = ROOT / "src" / "nxc_explorer" / "static"


def _used_keys() -> set[str]:
    scripts = "".join(p.read_text(encoding="utf-8") for p in sorted(STATIC.glob("*.js")))
    literal = set(re.findall(r'\.say\(\s*"([a-z-]+)"', scripts))
    # a choice between two words: fig.say(cond ? "a" : "b")
    for choice in re.findall(r"\.say\(\s*\w+\s*\?\s*\"([a-z-]+)\"\s*:\s*\"([a-z-]+)\"", scripts):
        literal.update(choice)
    return literal


def test_every_word_the_scripts_write_is_in_the_one_table_and_none_is_left_unused():
    used = _used_keys()
    assert used == set(explorer.SCRIPT_WORDS), (
        f"used but not in SCRIPT_WORDS: {sorted(used - set(explorer.SCRIPT_WORDS))}; "
        f"in SCRIPT_WORDS but never used: {sorted(set(explorer.SCRIPT_WORDS) - used)}"
    )
    scripts = "".join(p.read_text(encoding="utf-8") for p in sorted(STATIC.glob("*.js")))
    for text in explorer.SCRIPT_WORDS.values():
        for fragment in re.split(r"\{\w+\}", text):
            fragment = fragment.strip()
            assert len(fragment) < 12 or f'"{fragment}' not in scripts, (
                f"{fragment!r} is written out in a script instead of read from the figure's words"
            )


def test_a_static_figure_carries_its_words_in_an_inert_template(tmp_path, monkeypatch):
    monkeypatch.setenv(explorer.FRAME_STORE_ENV, str(tmp_path))

    def draw(level: int, layout: str = "wide"):
        fig, ax = plt.subplots(figsize=(3, 2), layout="constrained")
        ax.plot([0, 1], [0, level])
        return fig

    shown = []
    monkeypatch.setattr(explorer, "_display_html", shown.append)
    explorer.explore(draw, lambda level: f"A line up to {level}.", Control("level", "Level", [1, 2]))
    (page,) = shown
    template = re.search(r'<template class="nxc-words">(.*?)</template>', page, re.S)
    assert template, "the figure has no words for its script"
    words = dict(re.findall(r'<span data-nxc-word="([a-z-]+)">([^<]*)</span>', template.group(1)))
    assert words == explorer.SCRIPT_WORDS
