"""Self-checks in another language (book/_ext/question_i18n.py): every text of a question
reaches a catalogue, a translated question keeps its glued numbers, a message missing from the
catalogue fails, an untranslated one stays English, and every word the questions' script
shows has its message."""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import question_i18n  # noqa: E402
from question_format import parse  # noqa: E402

SOURCE = """
Some prose.

:::{question}
kind: single
see: "The idea"
prompt: Which receptor fills first at {glue:text}`q_low:.2f` nM?
options:
  - text: Mu.
    correct: true
    explain: Right, mu reads {glue:text}`q_mu:.0%`.
  - text: Delta.
    explain: Delta needs far more.
:::

:::{question}
kind: number
see: "The idea"
prompt: How many times more morphine?
answer: glue:q_dr
tolerance: 15
unit: times
explain: Right.
too_low: Too low, check the constant.
too_high: Too high, check the units.
:::
"""


def test_every_text_of_every_question_is_a_message():
    questions = question_i18n.page_questions(SOURCE)
    assert len(questions) == 2
    messages = [t for q in questions for t in question_i18n.texts(q)]
    for expected in (
        "Which receptor fills first at {glue:text}`q_low:.2f` nM?",
        "Mu.",
        "Right, mu reads {glue:text}`q_mu:.0%`.",
        "Delta.",
        "Delta needs far more.",
        "How many times more morphine?",
        "times",
        "Too low, check the constant.",
        "Too high, check the units.",
    ):
        assert expected in messages


def test_a_question_is_translated_and_keeps_its_glued_numbers():
    question = question_i18n.page_questions(SOURCE)[0]
    catalogue = {t: "" for t in question_i18n.texts(question)}
    catalogue["Which receptor fills first at {glue:text}`q_low:.2f` nM?"] = (
        "Quale recettore si riempie per primo a {glue:text}`q_low:.2f` nM?"
    )
    catalogue["Mu."] = "Mu."
    catalogue["Delta needs far more."] = "Al delta ne serve molto di più."
    italian = question_i18n.localise(question, catalogue, "book/x")
    assert italian.prompt == "Quale recettore si riempie per primo a {glue:text}`q_low:.2f` nM?"
    assert italian.options[1].explain == "Al delta ne serve molto di più."
    # untranslated: English until a translator fills it (the completeness check counts it)
    assert italian.options[0].explain == "Right, mu reads {glue:text}`q_mu:.0%`."
    assert [o.correct for o in italian.options] == [True, False]


def test_a_text_missing_from_the_catalogue_fails():
    question = question_i18n.page_questions(SOURCE)[0]
    catalogue = {t: "" for t in question_i18n.texts(question)}
    del catalogue["Delta."]
    with pytest.raises(question_i18n.MissingMessage, match="Delta"):
        question_i18n.localise(question, catalogue, "book/x")


def test_extract_writes_a_catalogue_per_page_and_keeps_translations(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "page.md").write_text(SOURCE)
    (book / "plain.md").write_text("No questions here.\n")
    written = question_i18n.extract(tmp_path, ["book/page", "book/plain"], tmp_path / "locales", "it")
    page = question_i18n.catalogue_path(tmp_path / "locales", "it", "page")
    assert page in written and not question_i18n.catalogue_path(tmp_path / "locales", "it", "plain").exists()
    text = page.read_text()
    text = text.replace('msgid "Delta."\nmsgstr ""', 'msgid "Delta."\nmsgstr "Delta."')
    page.write_text(text)
    question_i18n.extract(tmp_path, ["book/page"], tmp_path / "locales", "it")
    again = question_i18n.load(page)
    assert again["Delta."] == "Delta."
    assert again["Mu."] == ""
    interface = question_i18n.load(question_i18n.catalogue_path(tmp_path / "locales", "it", "interface"))
    assert set(interface) == set(question_i18n.INTERFACE_MESSAGES)


def test_every_word_the_questions_script_shows_has_a_message():
    script = (ROOT / "book" / "_assets" / "questions.js").read_text()
    shown = set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', script))
    shown = {s.encode().decode("unicode_escape") for s in shown}
    assert shown, "the script shows no word through t()"
    assert shown <= set(question_i18n.INTERFACE_MESSAGES), shown - set(question_i18n.INTERFACE_MESSAGES)
    # and none of its visible sentences bypasses t()
    bare = re.findall(r'textContent\s*=\s*"([A-Z][^"]{3,})"', script)
    assert not bare, bare


def test_every_repository_chapter_question_parses_and_has_texts():
    count = 0
    for page in sorted((ROOT / "book").glob("*.md")):
        for question in question_i18n.page_questions(page.read_text()):
            assert question_i18n.texts(question)
            count += 1
    blocks = sum(
        len(re.findall(r"^:::\{question\}", p.read_text(), re.M)) for p in (ROOT / "book").glob("*.md")
    )
    assert count == blocks, "a {question} block of a chapter is not read by the extraction"


def test_the_repository_catalogues_hold_every_question_text():
    """The Italian catalogues are as new as the chapters (`tools/editions.py extras it`)."""
    locales = ROOT / "locales"
    for page in sorted((ROOT / "book").glob("*.md")):
        questions = question_i18n.page_questions(page.read_text())
        if not questions:
            continue
        catalogue = question_i18n.load(question_i18n.catalogue_path(locales, "it", page.stem))
        assert catalogue is not None, f"no questions catalogue for {page.stem}"
        for question in questions:
            question_i18n.localise(question, catalogue, page.stem)  # raises on a missing text


def test_parse_and_texts_agree_on_options():
    question = parse(
        "kind: multiple\nsee: x\nprompt: P\noptions:\n  - text: A\n    correct: true\n    explain: EA\n"
        "  - text: B\n    explain: EB\n"
    )
    assert question_i18n.texts(question) == ["P", "A", "EA", "B", "EB"]
