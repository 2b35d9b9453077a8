"""book/_ext/keep_numfig.py: the HTML build numbers figures only if _config.yml asks."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import yaml

from conftest import ROOT

spec = importlib.util.spec_from_file_location("keep_numfig", ROOT / "book" / "_ext" / "keep_numfig.py")
keep_numfig = importlib.util.module_from_spec(spec)
spec.loader.exec_module(keep_numfig)


def _config(book_value):
    overrides = {} if book_value is None else {"numfig": book_value}
    # as sphinx_jupyterbook_latex leaves it: on, whatever the book said
    return SimpleNamespace(overrides=overrides, _raw_config={}, numfig=True)


def test_the_books_numfig_comes_back_after_the_latex_helper_turns_it_on():
    for book_value in (False, True):
        config = _config(book_value)
        keep_numfig._restore(None, config)  # noqa: SLF001
        assert config.numfig is book_value
    config = _config(None)  # the book says nothing: the value is left alone
    keep_numfig._restore(None, config)  # noqa: SLF001
    assert config.numfig is True


def test_the_book_turns_numfig_off_and_loads_the_extension():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]
    assert config["config"]["numfig"] is False
    assert "keep_numfig" in config["local_extensions"]
    assert "keep_numfig" in config["config"]["extensions"]
