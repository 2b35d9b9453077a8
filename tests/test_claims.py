"""One registry of the article's claims: every evidence box agrees with it."""

from __future__ import annotations

import re
import sys

import pytest

from naltrexone_course import claims, mechanisms

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import check_chapters  # noqa: E402

TEMPLATE_CHAPTERS = [
    c
    for c in check_chapters.chapter_files()
    if c not in check_chapters.NOT_TEMPLATE and c != "book/conclusion.md"
]


@pytest.mark.parametrize("chapter", TEMPLATE_CHAPTERS)
def test_every_chapter_checks_a_registered_claim(chapter):
    name = chapter.removeprefix("book/")
    assert claims.claims_of(name), f"{chapter} checks no claim of naltrexone_course.claims.CLAIMS"


@pytest.mark.parametrize("chapter", TEMPLATE_CHAPTERS)
def test_every_evidence_box_matches_the_registry(chapter):
    name = chapter.removeprefix("book/")
    assert check_chapters.box_problems(name, (ROOT / chapter).read_text()) == []


def test_every_claim_points_to_a_chapter_of_the_book():
    chapters = {c.removeprefix("book/") for c in check_chapters.chapter_files()}
    assert {c.chapter for c in claims.CLAIMS} <= chapters


def test_the_conclusion_ladder_reads_the_registry():
    assert check_chapters.ladder_problems((ROOT / "book" / "conclusion.md").read_text()) == []
    assert "mechanisms.CLAIMS" in (ROOT / "book" / "conclusion.md").read_text(), (
        "the ladder figure's claims come from the registry"
    )


def test_the_pathway_weights_use_the_registry_labels():
    for pathway, label in mechanisms.EVIDENCE.items():
        assert label == claims.label_of(f"{pathway}.md")
    assert mechanisms.CLAIMS is claims.CLAIMS


def test_one_claim_has_one_label_everywhere():
    """The "less pleasurable" disagreement: the human laboratory claim and the animal
    learning claim are two claims, each checked in one chapter, each with one label."""
    assert claims.claim("makes drinking less pleasurable").evidence == "established in humans"
    assert claims.claim("reduces reinforcement by learning").evidence == "shown in animals"
    names = [c.name for c in claims.CLAIMS]
    assert len(names) == len(set(names))


def test_a_box_that_disagrees_is_reported():
    text = (ROOT / "book" / "reward.md").read_text()
    broken = text.replace("Evidence: shown in animals", "Evidence: established in humans", 1)
    problems = check_chapters.box_problems("reward.md", broken)
    assert problems and "'established in humans'" in problems[0] and "'shown in animals'" in problems[0]
    assert check_chapters.box_problems("reward.md", "# No box\n") == [
        "reward.md: no ':::{admonition} Evidence: ...' box"
    ]


def test_a_ladder_that_moves_a_claim_is_reported():
    text = (ROOT / "book" / "conclusion.md").read_text()
    broken = text.replace("([Dopamine](dopamine.md))", "", 1)
    assert any("'decreases dopamine release'" in p for p in check_chapters.ladder_problems(broken))


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="chapter"):
        claims.label_of("intro.md")
    with pytest.raises(ValueError, match="chapter"):
        claims.claims_of("intro.md")
    with pytest.raises(ValueError, match="name"):
        claims.claim("cures everything")
    with pytest.raises(ValueError, match="evidence"):
        claims.Claim("x", "probably", "reward.md", "")


def test_the_introduction_table_agrees_with_the_registry():
    text = (ROOT / "book" / "intro.md").read_text()
    rows = re.findall(r"^\|[^|\n]*\| \[[^\]]*\]\(([\w-]+\.md)\) \| ([^|\n]*) \|$", text, re.MULTILINE)
    assert {chapter for chapter, _ in rows} == {c.chapter for c in claims.CLAIMS}
    for chapter, label in rows:
        assert label.strip().startswith(claims.label_of(chapter)), (chapter, label)
