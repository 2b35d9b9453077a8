"""The format of a self-check question, read from the YAML body of a ``{question}`` directive.

Pure Python (PyYAML only), shared by the Sphinx extension ``questions.py`` that renders the
questions and by ``tools/check_chapters.py`` that validates them without a build.

A question, in a chapter's MyST source::

    :::{question}
    kind: single            # single | multiple | number
    figure: true            # a question about the chapter's figure ("set the slider to ...")
    see: Two receptors, one slider   # the title of the section that teaches it (or a label)
    prompt: Set the slider to 0.1 nM. Which receptor is about half occupied?
    options:
      - text: Mu
        correct: true
        explain: Right, mu has the highest affinity ($K_i \\approx 0.11$ nM) ...
      - text: Delta
        explain: Delta needs about 100 times more naltrexone ...
    :::

A numeric question has ``answer``, ``tolerance`` (same unit; the answer counts as right
within ``answer +/- tolerance``), an optional ``unit``, and three explanations instead of
options: ``explain`` (shown when right), ``too_low`` and ``too_high``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import yaml

KINDS = ("single", "multiple", "number")
KEYS = {"kind", "figure", "see", "prompt", "options", "answer", "tolerance", "unit", "explain",
        "too_low", "too_high", "id"}  # fmt: skip
OPTION_KEYS = {"text", "correct", "explain"}


@dataclass
class Option:
    text: str
    correct: bool
    explain: str


@dataclass
class Question:
    kind: str
    prompt: str
    see: str
    figure: bool = False
    options: list[Option] = field(default_factory=list)
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    explain: str = ""
    too_low: str = ""
    too_high: str = ""
    id: str = ""


class QuestionError(ValueError):
    """A question whose YAML body breaks the format; the message says what to fix."""


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise QuestionError(f"{where}: '{key}' is missing or empty (write it as text)")
    return value.strip()


def parse(body: str) -> Question:
    """The question in ``body`` (the directive's YAML), or :class:`QuestionError`."""
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        raise QuestionError(f"the question is not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise QuestionError("the question body must be YAML keys (kind, prompt, see, options ...)")
    unknown = set(data) - KEYS
    if unknown:
        raise QuestionError(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(KEYS)}")
    kind = data.get("kind", "single")
    if kind not in KINDS:
        raise QuestionError(f"kind is {kind!r}; use one of {', '.join(KINDS)}")
    prompt = _text(data, "prompt", "question")
    see = _text(data, "see", f"question '{prompt[:40]}'")
    figure = data.get("figure", False)
    if not isinstance(figure, bool):
        raise QuestionError(f"question '{prompt[:40]}': figure must be true or false")
    question = Question(kind=kind, prompt=prompt, see=see, figure=figure, id=str(data.get("id", "")))
    where = f"question '{prompt[:40]}'"
    if kind == "number":
        if "options" in data:
            raise QuestionError(f"{where}: a number question has answer/tolerance, not options")
        answer, tolerance = data.get("answer"), data.get("tolerance", 0)
        for key, value in (("answer", answer), ("tolerance", tolerance)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise QuestionError(f"{where}: '{key}' must be a number (it is {value!r})")
        if tolerance < 0:
            raise QuestionError(f"{where}: tolerance must be >= 0 (it is {tolerance})")
        question.answer, question.tolerance = float(answer), float(tolerance)
        question.unit = str(data.get("unit", ""))
        question.explain = _text(data, "explain", where)
        question.too_low = _text(data, "too_low", where)
        question.too_high = _text(data, "too_high", where)
        return question
    options = data.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise QuestionError(f"{where}: a {kind} question needs a list of at least 2 options")
    for number, item in enumerate(options, 1):
        if not isinstance(item, dict):
            raise QuestionError(f"{where}: option {number} must have text, correct and explain")
        unknown = set(item) - OPTION_KEYS
        if unknown:
            raise QuestionError(f"{where}: option {number} has unknown key(s) {sorted(unknown)}")
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            raise QuestionError(f"{where}: option {number}: correct must be true or false")
        question.options.append(
            Option(
                text=_text(item, "text", f"{where}, option {number}"),
                correct=correct,
                explain=_text(item, "explain", f"{where}, option {number} (every option explains itself)"),
            )
        )
    right = sum(option.correct for option in question.options)
    if right == 0:
        raise QuestionError(f"{where}: no option has 'correct: true'")
    if kind == "single" and right != 1:
        raise QuestionError(
            f"{where}: a single-choice question has exactly one right option ({right} marked)"
        )
    return question
