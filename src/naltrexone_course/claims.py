"""The one registry of the source article's claims and their evidence labels.

Every chapter's evidence box, the conclusion's evidence ladder (text and figure) and the
pathway weights of :mod:`.mechanisms` read their labels from :data:`CLAIMS`, and
``tests/test_claims.py`` checks each chapter's box against it, so two chapters cannot
give the same claim two labels. Pure Python; no plotting.
"""

from __future__ import annotations

import re
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
        "blockade lasts, then fades",
        "established in humans",
        "pill-to-receptor.md",
        "blockade outlasts plasma levels by days, and fades after stopping",
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


def claims_of(chapter: str) -> tuple[Claim, ...]:
    """The claims checked in ``chapter`` (a file name such as ``"craving.md"``)."""
    return tuple(c for c in CLAIMS if c.chapter == chapter)


def label_of(chapter: str) -> str:
    """The one evidence label of the claims ``chapter`` checks; ValueError if the chapter
    checks none, or if its claims carry different labels."""
    labels = {c.evidence for c in claims_of(chapter)}
    if not labels:
        known = sorted({c.chapter for c in CLAIMS})
        raise ValueError(f"chapter must be one that checks a claim ({', '.join(known)}), got {chapter!r}")
    if len(labels) > 1:
        raise ValueError(f"chapter {chapter!r} checks claims with different labels: {sorted(labels)}")
    return labels.pop()


_BOX = re.compile(r"^:::\{admonition\} *Evidence: *([^\n]*)\n(.*?)^:::\s*$", re.MULTILINE | re.DOTALL)


def evidence_boxes(text: str) -> list[tuple[str, str]]:
    """Every ``:::{admonition} Evidence: <label>`` box of a chapter's source, as
    (label, body); the label is cut to the level it starts with."""
    boxes = []
    for match in _BOX.finditer(text):
        raw = match.group(1).strip()
        level = next((lv for lv in EVIDENCE_LEVELS if raw.startswith(lv)), raw)
        boxes.append((level, match.group(2)))
    return boxes


def box_problems(chapter: str, text: str) -> list[str]:
    """What is wrong with the evidence box(es) of ``chapter`` (source ``text``) against the
    registry: the first box must carry the label of the chapter's claims."""
    boxes = evidence_boxes(text)
    if not boxes:
        return [f"{chapter}: no ':::{{admonition}} Evidence: ...' box"]
    expected = label_of(chapter)
    if boxes[0][0] != expected:
        names = ", ".join(repr(c.name) for c in claims_of(chapter))
        return [
            f"{chapter}: its evidence box says {boxes[0][0]!r}, but the claims registry "
            f"(naltrexone_course.claims) labels {names} as {expected!r}"
        ]
    return []


def ladder_problems(text: str) -> list[str]:
    """The conclusion's evidence boxes against the registry: every claim's chapter is linked
    in the box of its own label, and in no box of another label."""
    problems = []
    boxes = evidence_boxes(text)
    linked = {level: set(re.findall(r"\]\(([\w-]+\.md)\)", body)) for level, body in boxes}
    for c in CLAIMS:
        if c.chapter not in linked.get(c.evidence, set()):
            problems.append(
                f"conclusion: the claim {c.name!r} ({c.evidence}) has no link to {c.chapter} "
                f"in the 'Evidence: {c.evidence}' box"
            )
        for level, chapters in linked.items():
            if level != c.evidence and c.chapter in chapters and label_of(c.chapter) != level:
                problems.append(
                    f"conclusion: {c.chapter} is linked in the 'Evidence: {level}' box, "
                    f"but its claims are {c.evidence}"
                )
    return problems
