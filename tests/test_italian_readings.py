"""The chapter check's forbidden readings in Italian (tools/check_chapters.py, FORBIDDEN_IT):
every English reading has its Italian counterpart, each refused in a translation catalogue
(.po) even when the sentence is wrapped across lines of the file; the corrected Italian
wording passes; the repository's own Italian catalogues pass."""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import check_chapters  # noqa: E402


def _catalogue(root, sentence: str) -> None:
    words = sentence.split()
    half = len(words) // 2
    po = root / "locales" / "it" / "LC_MESSAGES" / "book" / "chapter.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "An English sentence."\nmsgstr "Una frase italiana."\n\n'
        'msgid "The English of it."\n'
        f'msgstr ""\n"{" ".join(words[:half])} "\n"{" ".join(words[half:])}"\n',
        encoding="utf-8",
    )


def test_every_english_reading_has_an_italian_counterpart():
    carried = {rule.of for rule in check_chapters.FORBIDDEN_IT if rule.of}
    assert carried == {rule.example for rule in check_chapters.FORBIDDEN}


@pytest.mark.parametrize("rule", check_chapters.FORBIDDEN_IT, ids=lambda rule: rule.example[:40])
def test_each_italian_reading_is_refused_in_a_catalogue(tmp_path, rule):
    assert rule.reason and rule.instead
    _catalogue(tmp_path, rule.example)
    problems = check_chapters.italian_problems(tmp_path)
    assert problems, f"{rule.example!r} is not refused"
    assert all(p.section == "forbidden reading" and "line 9: " in p.message for p in problems), [
        str(p) for p in problems
    ]
    assert any(rule.reason in p.message and rule.instead in p.message for p in problems)


@pytest.mark.parametrize("rule", check_chapters.FORBIDDEN, ids=lambda rule: rule.example[:40])
def test_an_english_reading_left_untranslated_is_refused_too(tmp_path, rule):
    _catalogue(tmp_path, rule.example)
    assert check_chapters.italian_problems(tmp_path)


def test_the_corrected_italian_wording_passes(tmp_path):
    corrected = (
        "L'occupazione non è protezione: il blocco è sormontabile e svanisce; nessun blocco "
        "protegge da un sovradosaggio, in nessun momento. La scheda tecnica riporta soltanto che "
        "50 mg hanno bloccato 25 mg di eroina per via endovenosa fino a 24 ore. Il naltrexone "
        "orale non ha fatto significativamente meglio del placebo."
    )
    _catalogue(tmp_path, corrected)
    assert check_chapters.italian_problems(tmp_path) == []


def test_the_repository_italian_catalogues_carry_no_forbidden_reading():
    problems = check_chapters.italian_problems(ROOT)
    assert not problems, "\n".join(str(p) for p in problems)


def test_po_messages_joins_wrapped_strings_and_unescapes():
    text = 'msgid ""\nmsgstr "header"\n\nmsgid "a \\"b\\""\nmsgstr ""\n"c "\n"d"\n'
    assert check_chapters.po_messages(text) == [(5, 'a "b"', "c d")]


# ----------------------------------------------------------------- one Italian term per English term
def test_the_glossary_gives_risk_ratio_one_italian_term():
    """The English says "risk ratio" and "relative risk" for one quantity; the glossary's
    one-term table gives both one Italian term and refuses the other one translators used."""
    rules = {english: (italian, refused) for english, italian, refused in check_chapters.one_term_rules()}
    (row,) = [english for english in rules if "risk ratio" in english]
    assert "relative risk" in row and rules[row][0].startswith("rischio relativo")
    assert "rapporto di rischio" in rules[row][1]


def test_a_refused_glossary_form_is_found_even_wrapped(tmp_path):
    glossary = tmp_path / "locales" / "it" / "GLOSSARY.md"
    glossary.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "locales" / "it" / "GLOSSARY.md", glossary)
    _catalogue(tmp_path, "Le metanalisi riportano un Rapporto di rischio di 0,83 per il consumo eccessivo.")
    problems = check_chapters.glossary_problems(tmp_path)
    assert [p.section for p in problems] == ["glossary term"], [str(p) for p in problems]
    said = problems[0].message
    assert "line 9: 'Rapporto di rischio'" in said and "rischio relativo" in said, said
    _catalogue(tmp_path, "Le metanalisi riportano un rischio relativo di 0,83 per il consumo eccessivo.")
    assert check_chapters.glossary_problems(tmp_path) == []


def test_the_repository_italian_catalogues_use_the_glossary_terms():
    problems = check_chapters.glossary_problems(ROOT)
    assert not problems, "\n".join(str(p) for p in problems)
