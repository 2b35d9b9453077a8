"""Sphinx extension: the theme's page templates compiled once, not at every build.

Every build is a new process, and Sphinx's Jinja environment compiles each template it
renders (the theme's layout, navbar, sidebars and components: about forty) from source
again: about a tenth of a one-sentence rebuild. Jinja's own bytecode cache keeps the
compiled templates in ``_build/.nxc_templates``; it checks each template's source
checksum before using its compiled form, so an edited or upgraded template is compiled
afresh.
"""

from __future__ import annotations

from pathlib import Path

CACHE_NAME = ".nxc_templates"


def _use_bytecode_cache(app) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None:
        return
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.doctreedir).parent / CACHE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    app.connect("builder-inited", _use_bytecode_cache)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
