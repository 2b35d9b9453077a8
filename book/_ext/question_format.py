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

A figure-state question (``kind: state``) is answered with a figure: the learner sets the
controls of the figure named by ``target`` (its id on the page, ``fig-...``) and presses
Check. Its ``answer`` is always ``glue:KEY``: the right views, computed by the models when
the book is built with ``right_views`` (:mod:`nxc_explorer.explorer`), never typed; it has
``explain`` (shown when right) and ``wrong`` (shown with what the chosen view shows instead).

A numeric question has ``answer``, ``tolerance`` (same unit; the answer counts as right
within ``answer +/- tolerance``), an optional ``unit``, and three explanations instead of
options: ``explain`` (shown when right), ``too_low`` and ``too_high``.

Numbers a model computes come from the model at build time, never from the keyboard:
``answer`` (and ``tolerance``, if it scales with the answer) is written ``glue:KEY``, the
name of a value that a code cell of the same chapter glued with
``glue("KEY", value, display=False)``; the extension reads the glued value when it renders
the page (:func:`resolve`). In ``prompt``, option texts and explanations, a model number is
the MyST role ``{glue:text}`KEY:.0f```, as in the chapter's prose. The chapter check refuses
a number question whose answer is typed by hand (:data:`HAND_TYPED_ANSWER`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

KINDS = ("single", "multiple", "number", "state")
KEYS = {"kind", "figure", "see", "prompt", "options", "answer", "tolerance", "unit", "explain",
        "too_low", "too_high", "id", "target", "wrong"}  # fmt: skip
#: A figure's id on its page (``explore(..., id=...)`` or from the drawing function's name).
FIGURE_ID = re.compile(r"^fig-[a-z0-9-]+$")
OPTION_KEYS = {"text", "correct", "explain"}
#: ``glue:KEY``: the value a code cell of the chapter glued under KEY
GLUE_VALUE = re.compile(r"^glue:([A-Za-z_][A-Za-z0-9_]*)$")
#: a ``{glue:text}`` (or ``{glue}``) role inside a text, with its key
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([A-Za-z_][A-Za-z0-9_]*)")
HAND_TYPED_STATES = (
    "the right views {answer!r} are typed by hand: a figure-state question's answer set comes "
    "from the models at build time. Glue it in a code cell "
    '(glue("KEY", right_views(figure_id, predicate, *controls), display=False)) and write '
    "'answer: glue:KEY' (CONTRIBUTING.md, 'Write self-check questions')"
)
HAND_TYPED_ANSWER = (
    "the answer {answer:g} is typed by hand: a number question's answer comes from the model "
    'at build time. Glue it in a code cell (glue("KEY", value, display=False)) and write '
    "'answer: glue:KEY' (CONTRIBUTING.md, 'Write self-check questions')"
)


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
    target: str = ""  # a figure-state question's figure id
    wrong: str = ""  # a figure-state question's explanation when the view is not right
    id: str = ""
    answer_glue: str = ""  # the glue key of the answer, when it comes from the model
    tolerance_glue: str = ""

    def glue_keys(self) -> set[str]:
        """Every glued value this question reads: its answer, tolerance and text roles."""
        texts = [self.prompt, self.explain, self.too_low, self.too_high, self.wrong]
        texts += [t for o in self.options for t in (o.text, o.explain)]
        keys = {k for k in (self.answer_glue, self.tolerance_glue) if k}
        return keys | {k for text in texts for k in GLUE_ROLE.findall(text)}


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
    if kind == "state":
        if "options" in data:
            raise QuestionError(f"{where}: a figure-state question is answered with its figure, not options")
        target = data.get("target")
        if not isinstance(target, str) or not FIGURE_ID.match(target):
            raise QuestionError(
                f"{where}: 'target' must be the id of a figure on the page (fig-...), got {target!r}"
            )
        glued = GLUE_VALUE.match(data["answer"]) if isinstance(data.get("answer"), str) else None
        if not glued:
            raise QuestionError(f"{where}: " + HAND_TYPED_STATES.format(answer=data.get("answer")))
        question.target, question.answer_glue = target, glued.group(1)
        question.figure = True
        question.explain = _text(data, "explain", where)
        question.wrong = _text(data, "wrong", where)
        return question
    if kind == "number":
        if "options" in data:
            raise QuestionError(f"{where}: a number question has answer/tolerance, not options")
        answer, tolerance = data.get("answer"), data.get("tolerance", 0)
        for key, value in (("answer", answer), ("tolerance", tolerance)):
            glued = GLUE_VALUE.match(value) if isinstance(value, str) else None
            if glued:
                setattr(question, f"{key}_glue", glued.group(1))
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise QuestionError(
                    f"{where}: '{key}' must be a number or glue:KEY (a value the chapter glued); "
                    f"it is {value!r}"
                )
            if key == "tolerance" and value < 0:
                raise QuestionError(f"{where}: tolerance must be >= 0 (it is {tolerance})")
        question.answer = None if question.answer_glue else float(answer)
        question.tolerance = 0.0 if question.tolerance_glue else float(tolerance)
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


def resolve(question: Question, lookup: Callable[[str], float]) -> Question:
    """``question`` with its glued answer and tolerance read through ``lookup(key)`` (the
    value a code cell glued); :class:`QuestionError` if a value is missing or not a number."""
    where = f"question '{question.prompt[:40]}'"
    if question.kind == "state":
        return question  # its glued answer is a set of views, read by the extension
    for key in ("answer", "tolerance"):
        name = getattr(question, f"{key}_glue")
        if not name:
            continue
        try:
            value = float(lookup(name))
        except (KeyError, LookupError, TypeError, ValueError) as error:
            raise QuestionError(f"{where}: '{key}: glue:{name}' has no glued number ({error})") from None
        if not math.isfinite(value) or (key == "tolerance" and value < 0):
            raise QuestionError(f"{where}: the glued {key} {name!r} is {value!r}")
        setattr(question, key, value)
    return question
