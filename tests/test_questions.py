"""The self-check question format and its chapter check (fast: no build, no browser).

The format is read by ``book/_ext/question_format.py`` (the Sphinx extension renders it)
and validated by ``tools/check_chapters.py``. A contributor who breaks a question must get
a message that names the chapter, the line and what to fix.
"""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import check_chapters  # noqa: E402
from question_format import QuestionError, parse, resolve  # noqa: E402
from self_check_values import MODEL_VALUES  # noqa: E402

EXEMPLAR = ROOT / "book" / "antagonism.md"
GOOD = """kind: single
see: Somewhere
prompt: Which one?
options:
  - text: A
    correct: true
    explain: Because.
  - text: B
    explain: Not because.
"""


def test_a_good_question_parses():
    question = parse(GOOD)
    assert question.kind == "single" and [o.correct for o in question.options] == [True, False]
    assert question.options[1].explain == "Not because."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("    correct: true\n", ""), "no option has 'correct: true'"),
        (lambda t: t.replace("    explain: Not because.\n", ""), "'explain' is missing"),
        (lambda t: t.replace("see: Somewhere\n", ""), "'see' is missing"),
        (lambda t: t.replace("kind: single", "kind: essay"), "use one of single, multiple, number"),
        (
            lambda t: t.replace("    explain: Not because.", "    explain: No.\n    correct: true"),
            "exactly one",
        ),
        (lambda t: t + "colour: red\n", "unknown key"),
        (lambda t: t.replace("prompt: Which one?", "prompt: [unclosed"), "not valid YAML"),
    ],
)
def test_a_broken_question_says_what_to_fix(change, message):
    with pytest.raises(QuestionError, match=re.escape(message)):
        parse(change(GOOD))


def test_a_number_question_needs_its_answer_and_three_explanations():
    good = (
        "kind: number\nsee: S\nprompt: How many?\nanswer: 274\ntolerance: 15\n"
        "explain: R\ntoo_low: L\ntoo_high: H\n"
    )
    question = parse(good)
    assert (question.answer, question.tolerance) == (274.0, 15.0)
    with pytest.raises(QuestionError, match="too_high"):
        parse(good.replace("too_high: H\n", ""))
    with pytest.raises(QuestionError, match="'answer' must be a number"):
        parse(good.replace("answer: 274", "answer: lots"))
    with pytest.raises(QuestionError, match="tolerance must be >= 0"):
        parse(good.replace("tolerance: 15", "tolerance: -1"))


def test_a_number_question_can_take_its_answer_and_tolerance_from_a_glued_value():
    glued = (
        "kind: number\nsee: S\nprompt: How many?\nanswer: glue:dose_ratio\ntolerance: glue:dose_tol\n"
        "explain: 'Right, about {glue:text}`dose_ratio:.0f`.'\ntoo_low: L\ntoo_high: H\n"
    )
    question = parse(glued)
    assert (question.answer_glue, question.tolerance_glue) == ("dose_ratio", "dose_tol")
    assert question.glue_keys() == {"dose_ratio", "dose_tol"}
    resolve(question, {"dose_ratio": 273.7, "dose_tol": 15.0}.__getitem__)
    assert (question.answer, question.tolerance) == (273.7, 15.0)
    with pytest.raises(QuestionError, match="glue:dose_ratio' has no glued number"):
        resolve(parse(glued), {}.__getitem__)
    with pytest.raises(QuestionError, match="must be a number or glue:KEY"):
        parse(glued.replace("answer: glue:dose_ratio", "answer: glue-dose-ratio"))


# --------------------------------------------------------------------------- chapter check
def _problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "broken.md"
    path.write_text(text)
    return [str(p) for p in check_chapters.check_file(path, keys=check_chapters.bib_keys())]


def _questions(text: str) -> list[re.Match]:
    return list(check_chapters.QUESTION.finditer(text))


def test_the_converted_exemplar_passes(tmp_path):
    assert _problems(tmp_path, EXEMPLAR.read_text()) == []


def test_a_question_without_a_right_answer_is_reported_with_its_line(tmp_path):
    text = EXEMPLAR.read_text()
    first = _questions(text)[0]
    broken = (
        text[: first.start()] + first.group(0).replace("    correct: true\n", "", 1) + text[first.end() :]
    )
    problems = _problems(tmp_path, broken)
    assert len(problems) >= 1
    line = text.count("\n", 0, first.start()) + 1
    assert any(
        f"line {line}: question 1: " in p and "no option has 'correct: true'" in p for p in problems
    ), problems


def test_an_option_without_explanation_is_reported(tmp_path):
    text = EXEMPLAR.read_text()
    broken = re.sub(r"\n    explain: This reverses the affinities[^\n]*", "", text, count=1)
    assert broken != text
    assert any("every option explains itself" in p for p in _problems(tmp_path, broken))


def test_too_few_questions_is_reported(tmp_path):
    text = EXEMPLAR.read_text()
    found = _questions(text)
    broken = text[: found[1].start()] + text[found[-1].end() :]  # keep only the first question
    assert any(
        "1 {question} directive(s); a chapter needs at least 3" in p for p in _problems(tmp_path, broken)
    )


def test_too_few_figure_questions_is_reported(tmp_path):
    text = EXEMPLAR.read_text()
    # every option question about the figure but one made not about it (the figure-state
    # question is about its figure by its kind): one left
    broken = text.replace("figure: true\n", "figure: false\n")
    assert any("1 question(s) about the figure" in p for p in _problems(tmp_path, broken))


def test_a_figure_question_must_point_at_the_figure_section(tmp_path):
    text = EXEMPLAR.read_text()
    broken = text.replace('see: "Figure: surmountable blockade"', 'see: "The idea: occupancy"', 1)
    assert broken != text
    problems = _problems(tmp_path, broken)
    assert any("is not the title of a section that holds a figure" in p for p in problems), problems


def test_a_see_link_to_nowhere_is_reported(tmp_path):
    text = EXEMPLAR.read_text()
    broken = text.replace('see: "The idea: competitive antagonism"', "see: No such section", 1)
    assert broken != text
    assert any("'see: No such section' is neither a heading" in p for p in _problems(tmp_path, broken))


OLD_STYLE = """## Self-check

1. A question.

```{admonition} Answers
:class: dropdown
1. An answer.
```

"""


def test_old_style_self_check_is_refused(tmp_path):
    text = EXEMPLAR.read_text()
    start, end = text.index("## Self-check"), text.index("## Key takeaways")
    old = text[:start] + OLD_STYLE + text[end:]
    assert not _questions(old)
    assert any("0 {question} directive(s)" in p for p in _problems(tmp_path, old))


@pytest.mark.parametrize(
    "chapter", [c for c in check_chapters.chapter_files() if c not in check_chapters.NOT_TEMPLATE]
)
def test_every_chapter_has_questions_with_explanations(chapter):
    text = (ROOT / chapter).read_text()
    found = _questions(text)
    questions = [parse(m.group(2)) for m in found]
    assert len(questions) >= check_chapters.MIN_QUESTIONS
    assert sum(q.figure for q in questions) >= check_chapters.MIN_FIGURE_QUESTIONS
    for question in questions:
        texts = [o.explain for o in question.options] or (
            [question.explain, question.wrong]
            if question.kind == "state"
            else [question.explain, question.too_low, question.too_high]
        )
        assert len(set(texts)) == len(texts), f"{chapter}: '{question.prompt[:40]}' repeats an explanation"


# ---------------------------------------------------------------- numbers come from the models
def test_a_hand_typed_model_number_in_an_answer_is_refused(tmp_path):
    text = EXEMPLAR.read_text()
    assert "answer: glue:q_dr30" in text
    broken = text.replace("answer: glue:q_dr30", "answer: 274", 1)
    problems = _problems(tmp_path, broken)
    assert any("the answer 274 is typed by hand" in p and "glue:KEY" in p for p in problems), problems


def test_a_question_reading_a_value_no_cell_glues_is_refused(tmp_path):
    text = EXEMPLAR.read_text()
    broken = text.replace("answer: glue:q_dr30", "answer: glue:q_never_glued", 1)
    problems = _problems(tmp_path, broken)
    assert any("'q_never_glued', but no code cell of the chapter glues it" in p for p in problems), problems
    broken = text.replace("{glue:text}`q_occ_mu:.0%`", "{glue:text}`q_nowhere:.0%`", 1)
    assert any("'q_nowhere'" in p for p in _problems(tmp_path, broken))


def _glued_by_cells(text: str, monkeypatch) -> dict[str, float]:
    """Run the chapter's self-check cells (marked 'numbers the self-check reads') and
    return what they glue."""
    import myst_nb

    glued: dict[str, float] = {}
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display=True: glued.__setitem__(key, value))
    for cell in check_chapters.CODE_CELL.findall(text):
        if "numbers the self-check reads" in cell:
            exec(
                compile(
                    "\n".join(line for line in cell.splitlines() if not line.startswith(":tags:")),
                    "cell",
                    "exec",
                ),
                {},
            )
    return glued


@pytest.mark.parametrize(
    "chapter", [c for c in check_chapters.chapter_files() if c not in check_chapters.NOT_TEMPLATE]
)
def test_every_numeric_self_check_answer_equals_the_models_value(chapter, monkeypatch):
    text = (ROOT / chapter).read_text()
    name = chapter.removeprefix("book/").removesuffix(".md")
    numbers = [q for q in (parse(m.group(2)) for m in _questions(text)) if q.kind == "number"]
    expected = MODEL_VALUES.get(name, {})
    keys = {k for q in numbers for k in (q.answer_glue, q.tolerance_glue) if k}
    assert all(q.answer_glue for q in numbers), f"{chapter}: a numeric answer is typed by hand"
    assert keys == set(expected), f"{chapter}: glued answers {sorted(keys)}, recomputed {sorted(expected)}"
    if not keys:
        return
    glued = _glued_by_cells(text, monkeypatch)
    for key in keys:
        assert float(glued[key]) == pytest.approx(expected[key](), rel=1e-12), f"{chapter}: {key}"
