"""Sphinx extension: the references' work done once, not again on every rebuild.

Two costs of sphinxcontrib-bibtex dominated a one-sentence rebuild (about 1.5 s of 4.7 s):

* **Plugin lookups.** sphinxcontrib-bibtex builds a new pybtex style for every
  ``{footcite}`` role, and pybtex finds each of the style's plugins (names, labels,
  sorting) by scanning every installed distribution's entry points. A chapter with forty
  citations scanned them about 160 times. The installed distributions do not change while
  a build runs, so each (group, name) lookup is answered once. Plugins registered at run
  time (``pybtex.plugin.register_plugin``) are still found first: pybtex checks its own
  runtime table before it asks for entry points.
* **Formatting every reference after every build.** Once all pages are read, the
  bibliography formats each of its entries again (and again for the tooltips), though
  only the page just edited changed. A formatted entry depends only on the style, the
  label and the entry's type, fields and people, so it is kept in Sphinx's environment
  (pickled between builds) under exactly that key, with pybtex's and sphinxcontrib-bibtex's
  versions: an edited entry, a new label or a new style formats afresh, a clean build
  starts empty.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points, version

#: Where the formatted entries live in the Sphinx environment.
ENV_ATTRIBUTE = "nxc_formatted_references"


@functools.cache
def _all_entry_points():
    """Every installed entry point: one scan of the installed distributions (each scan reads
    every package's metadata; one per plugin group cost about 0.2 s of each build)."""
    return entry_points()


@functools.cache
def installed_entry_points(group: str, name: str) -> tuple:
    """The installed entry points of ``group`` called ``name`` (looked up once)."""
    return tuple(_all_entry_points().select(group=group, name=name))


@functools.cache
def _versions() -> tuple[str, str]:
    return version("pybtex"), version("sphinxcontrib-bibtex")


def entry_key(style, label: str, entry) -> tuple:
    """Everything a formatted entry depends on (with ``bib_data`` not given)."""
    return (
        _versions(),
        f"{type(style).__module__}.{type(style).__qualname__}",
        type(style.name_style).__qualname__,
        type(style.label_style).__qualname__,
        style.abbreviate_names,
        label,
        entry.key,
        entry.type,
        tuple(entry.fields.items()),
        tuple((role, tuple(str(person) for person in people)) for role, people in entry.persons.items()),
    )


_STORE: dict = {}  # the current build's formatted entries (the environment's copy)


def _remembering(format_entry):
    @functools.wraps(format_entry)
    def formatted(self, label, entry, bib_data=None):
        if bib_data is not None:  # crossrefs resolved against other entries: not cached
            return format_entry(self, label, entry, bib_data=bib_data)
        key = entry_key(self, label, entry)
        found = _STORE.get(key)
        if found is None:
            found = _STORE[key] = format_entry(self, label, entry)
        return found

    formatted.nxc_remembering = True
    return formatted


def _attach(app, env, docnames) -> None:
    """Before the pages are read: this build uses (and extends) the environment's store."""
    global _STORE
    store = getattr(env, ENV_ATTRIBUTE, None)
    if not isinstance(store, dict):
        store = {}
        setattr(env, ENV_ATTRIBUTE, store)
    _STORE = store


def setup(app):
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from pybtex.style.formatting import BaseStyle

    pybtex.plugin.entry_points = installed_entry_points  # called as entry_points(group=..., name=...)
    sphinxcontrib.bibtex.plugin._entry_points = installed_entry_points  # noqa: SLF001
    if not getattr(BaseStyle.format_entry, "nxc_remembering", False):
        BaseStyle.format_entry = _remembering(BaseStyle.format_entry)
    app.connect("env-before-read-docs", _attach)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
