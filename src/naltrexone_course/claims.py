"""The one registry of the source article's claims and their evidence labels.

Every chapter's evidence box, the conclusion's evidence ladder (text and figure) and the
pathway weights of :mod:`.mechanisms` read their labels from :data:`CLAIMS`, and
``tests/test_claims.py`` (with the text checks in ``tools/check_chapters.py``) checks each
chapter's box against it, so two chapters cannot give the same claim two labels. Pure
Python; no plotting.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import validation

EVIDENCE_LEVELS = ("established in humans", "shown in animals", "hypothesis")


@dataclass(frozen=True)
class Claim:
    """One claim of the source article, its evidence label and the chapter that checks it."""

    name: str
    evidence: str
    chapter: str
    verdict: str

    def __post_init__(self) -> None:
        validation.choice("evidence", self.evidence, EVIDENCE_LEVELS)


#: The source article's claims in its order, with the course's verdicts.
CLAIMS = (
    Claim(
        "blocks opioid receptors",
        "established in humans",
        "antagonism.md",
        "PET imaging: a 50 mg tablet occupies 92-98% of brain mu receptors",
    ),
    Claim(
        "reaches the receptor",
        "established in humans",
        "pill-to-receptor.md",
        "plasma levels and PET occupancy measured in people",
    ),
    Claim(
        "blockade lasts, then fades",
        "established in humans",
        "blockade-over-time.md",
        "surmountable, fades, never protection",
    ),
    Claim(
        "helps in opioid addiction",
        "established in humans",
        "oud.md",
        "trials: works once started (X:BOT, Krupitsky 2011); starting it is the hurdle",
    ),
    Claim(
        "reduces reinforcement by learning",
        "shown in animals",
        "reward.md",
        "extinction when paired with drinking, shown in animals; not measured in people",
    ),
    Claim(
        "decreases dopamine release",
        "shown in animals",
        "dopamine.md",
        "blunts the alcohol-evoked dopamine rise in rats; not a general dopamine blocker",
    ),
    Claim(
        "affects glutamate",
        "hypothesis",
        "glutamate.md",
        "no direct study of naltrexone; the human glutamate data are for acamprosate",
    ),
    Claim(
        "makes drinking less pleasurable",
        "established in humans",
        "craving.md",
        "laboratory alcohol challenges: less stimulation and 'high' in people; modest, variable",
    ),
    Claim(
        "reduces alcohol craving and drinking",
        "established in humans",
        "craving.md",
        "fewer returns to heavy drinking, a modest effect (NNT about 12)",
    ),
    Claim(
        "restores immune function",
        "hypothesis",
        "immune.md",
        "no trial measured it; the TLR4 effects need concentrations hundreds of times higher",
    ),
    Claim(
        "works through several mechanisms",
        "hypothesis",
        "mechanisms.md",
        "plausible, but no study has measured how the pathways add up",
    ),
)


def claim(name: str) -> Claim:
    """The record of the article's claim ``name`` (see :data:`CLAIMS`)."""
    validation.choice("name", name, [c.name for c in CLAIMS])
    return next(c for c in CLAIMS if c.name == name)


def chapters() -> tuple[str, ...]:
    """The chapters (file names such as ``"craving.md"``) that check a claim, in order."""
    return tuple(dict.fromkeys(c.chapter for c in CLAIMS))


def claims_of(chapter: str) -> tuple[Claim, ...]:
    """The claims checked in ``chapter`` (a file name such as ``"craving.md"``)."""
    validation.choice("chapter", chapter, chapters())
    return tuple(c for c in CLAIMS if c.chapter == chapter)


def label_of(chapter: str) -> str:
    """The one evidence label of the claims ``chapter`` checks; ValueError if the chapter
    checks none, or if its claims carry different labels."""
    labels = {c.evidence for c in claims_of(chapter)}
    if len(labels) > 1:
        raise ValueError(f"chapter {chapter!r} checks claims with different labels: {sorted(labels)}")
    return labels.pop()
