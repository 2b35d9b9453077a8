"""The theme's templates compiled once and kept for the next build (book/_ext/template_cache.py)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import template_cache  # noqa: E402


def _app(build, templates: dict) -> SimpleNamespace:
    """A Sphinx application as far as the extension sees it: a builder with templates."""
    environment = Environment(loader=DictLoader(templates))
    builder = SimpleNamespace(templates=SimpleNamespace(environment=environment))
    return SimpleNamespace(builder=builder, doctreedir=str(build / ".doctrees"))


def test_a_template_compiled_in_one_build_is_reused_in_the_next_and_an_edit_recompiles(tmp_path, monkeypatch):
    page = {"page.html": "<title>{{ title }}</title>{% for x in items %}<li>{{ x }}</li>{% endfor %}"}
    first = _app(tmp_path, page)
    template_cache._use_bytecode_cache(first)
    html = first.builder.templates.environment.get_template("page.html").render(title="Safety", items=[1, 2])
    assert html == "<title>Safety</title><li>1</li><li>2</li>"
    cached = list((tmp_path / template_cache.CACHE_NAME).iterdir())
    assert len(cached) == 1, "the compiled template is kept beside the build"

    compiled = []
    real = Environment.compile
    monkeypatch.setattr(
        Environment, "compile", lambda self, *a, **k: compiled.append(a) or real(self, *a, **k)
    )
    second = _app(tmp_path, page)  # the next build: a new process, a new environment
    template_cache._use_bytecode_cache(second)
    again = second.builder.templates.environment.get_template("page.html").render(
        title="Safety", items=[1, 2]
    )
    assert again == html
    assert compiled == [], "an unchanged template must not be compiled again"

    edited = _app(tmp_path, {"page.html": "<h1>{{ title }}</h1>"})
    template_cache._use_bytecode_cache(edited)
    assert (
        edited.builder.templates.environment.get_template("page.html").render(title="Safety")
        == "<h1>Safety</h1>"
    )
    assert len(compiled) == 1, "an edited template is compiled afresh"


def test_a_builder_without_templates_is_left_alone(tmp_path):
    app = SimpleNamespace(builder=SimpleNamespace(), doctreedir=str(tmp_path / ".doctrees"))
    template_cache._use_bytecode_cache(app)
    assert not (tmp_path / template_cache.CACHE_NAME).exists()
