"""The references' work done once (book/_ext/bibtex_cache.py): pybtex plugins are looked up
once per build, and a formatted reference is reused until its entry, label or style changes."""

from __future__ import annotations

import sys

import pybtex.plugin
import pytest
from pybtex.database import Entry, Person

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import bibtex_cache  # noqa: E402


class _App:
    def __init__(self):
        self.handlers = {}

    def connect(self, event, handler, priority=500):
        self.handlers[event] = handler


class _Env:
    pass


@pytest.fixture()
def store():
    """The extension set up as Sphinx sets it up, with a fresh environment's store."""
    app = _App()
    bibtex_cache.setup(app)
    env = _Env()
    app.handlers["env-before-read-docs"](app, env, [])
    return getattr(env, bibtex_cache.ENV_ATTRIBUTE)


def _article(title: str = "Naltrexone occupancy of mu receptors") -> Entry:
    entry = Entry("article", fields={"title": title, "journal": "J Test", "year": "2001"})
    entry.key = "lee2001"
    entry.persons["author"] = [Person("Lee, Ann"), Person("Park, Bo")]
    return entry


def _style():
    return pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")()


def test_the_installed_plugins_are_scanned_once(monkeypatch, store):
    bibtex_cache.installed_entry_points.cache_clear()
    bibtex_cache._all_entry_points.cache_clear()  # noqa: SLF001
    scans = []
    real = bibtex_cache.entry_points
    monkeypatch.setattr(bibtex_cache, "entry_points", lambda **kw: scans.append(kw) or real(**kw))
    for _ in range(40):  # a page with forty citations builds forty styles
        _style()
    # one style finds four plugins (itself, names, labels, sorting): one scan for all of them
    assert scans == [{}], scans
    assert isinstance(_style(), pybtex.plugin.find_plugin("pybtex.style.formatting", "plain"))


def test_a_formatted_reference_is_reused_and_equals_a_fresh_one(store):
    style, entry = _style(), _article()
    first = style.format_entry("1", entry)
    assert len(store) == 1
    again = _style().format_entry("1", _article())  # a new style, an equal entry (next build)
    assert again is first
    store.clear()
    fresh = style.format_entry("1", _article())
    assert fresh is not first
    assert fresh.text.render_as("text") == first.text.render_as("text")
    assert "Naltrexone occupancy" in fresh.text.render_as("text")


@pytest.mark.parametrize(
    "change",
    ["title", "author", "label", "type"],
)
def test_an_edited_reference_is_formatted_afresh(store, change):
    style = _style()
    before = style.format_entry("1", _article())
    entry, label = _article(), "1"
    if change == "title":
        entry = _article("Naltrexone and kappa receptors")
    elif change == "author":
        entry.persons["author"] = [Person("Kim, Cy")]
    elif change == "label":
        label = "2"
    else:
        entry.type = "book"
        entry.fields["publisher"] = "Press"
    after = style.format_entry(label, entry)
    assert after is not before
    text = after.text.render_as("text")
    assert (after.label, text) != (before.label, before.text.render_as("text"))
    if change == "title":
        assert "kappa" in text
    if change == "author":
        assert "Kim" in text and "Lee" not in text


def test_the_store_lives_in_the_environment_between_builds(store):
    _style().format_entry("1", _article())
    app, env = _App(), _Env()
    bibtex_cache.setup(app)
    setattr(env, bibtex_cache.ENV_ATTRIBUTE, store)  # the pickled environment, loaded again
    app.handlers["env-before-read-docs"](app, env, [])
    assert getattr(env, bibtex_cache.ENV_ATTRIBUTE) is store
    assert _style().format_entry("1", _article()) is next(iter(store.values()))
