"""Figure-state self-checks (``kind: state``): the answer is a view of a figure.

The learner sets the figure's controls and presses Check; the right views are computed by
the models when the book is built (``right_views``), never typed: the format refuses a
typed answer set and the chapter check refuses one glued from anything but ``right_views``.
The built page carries the right views; the browser tests (tests/test_compare_browser.py)
press Check."""

from __future__ import annotations

import html
import json
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import check_chapters  # noqa: E402
from question_format import QuestionError, parse  # noqa: E402

EXEMPLAR = ROOT / "book" / "antagonism.md"
STATE = """kind: state
target: fig-receptor-occupancy
see: Somewhere
prompt: Set the figure so that mu is nearly full.
answer: glue:q_state
explain: Right because.
wrong: Look again.
"""


def test_a_state_question_parses_with_its_figure_and_glued_views():
    question = parse(STATE)
    assert question.kind == "state" and question.target == "fig-receptor-occupancy"
    assert question.answer_glue == "q_state" and question.figure
    assert question.glue_keys() == {"q_state"}


@pytest.mark.parametrize(
    "change, message",
    [
        (("answer: glue:q_state", "answer: [4, 5]"), "typed by hand"),
        (("answer: glue:q_state", "answer: 4"), "typed by hand"),
        (("target: fig-receptor-occupancy", "target: the first figure"), "'target' must be the id"),
        (("wrong: Look again.\n", ""), "'wrong' is missing"),
        (("explain: Right because.\n", "options: []\n"), "not options"),
    ],
)
def test_a_broken_state_question_says_what_to_fix(change, message):
    with pytest.raises(QuestionError, match=re.escape(message)):
        parse(STATE.replace(*change))


def _problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "broken.md"
    path.write_text(text)
    return [str(p) for p in check_chapters.check_file(path, keys=check_chapters.bib_keys())]


def test_the_chapter_check_refuses_a_hand_typed_answer_set(tmp_path):
    text = EXEMPLAR.read_text()
    assert "answer: glue:q_state_mu95" in text
    assert _problems(tmp_path, text) == []
    typed = text.replace("answer: glue:q_state_mu95", "answer: [4, 5]", 1)
    assert any("typed by hand" in p and "right_views" in p for p in _problems(tmp_path, typed))
    glued_by_hand = re.sub(
        r'glue\(\n    "q_state_mu95",\n    right_views\(.*?\n    \),\n',
        'glue(\n    "q_state_mu95",\n    "[4, 5]",\n',
        text,
        count=1,
        flags=re.S,
    )
    assert glued_by_hand != text
    problems = _problems(tmp_path, glued_by_hand)
    assert any("must be glued from the models" in p for p in problems), problems


def _state_questions(page: str) -> list[dict]:
    text = (ROOT / "_build" / "html" / f"{page}.html").read_text()
    found = []
    for match in re.finditer(r'<div class="nxq" id="([^"]+)" data-kind="state" ([^>]*)>', text):
        attrs = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', match.group(2)))
        found.append(
            {
                "id": match.group(1),
                "figure": attrs["data-figure"],
                "answers": json.loads(html.unescape(attrs["data-answers"])),
            }
        )
    return found


@pytest.mark.site
def test_the_built_right_views_are_the_models_answers(site):
    from naltrexone_course import binding, pk

    (occupancy,) = _state_questions("book/antagonism")
    free = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100]  # the figure's slider
    want = [
        i
        for i, c in enumerate(free)
        if binding.naltrexone_occupancy(c, "mu") >= 0.95 and binding.naltrexone_occupancy(c, "delta") < 0.5
    ]
    assert occupancy["figure"] == "fig-receptor-occupancy" and occupancy["answers"] == want
    (tablet,) = _state_questions("book/pill-to-receptor")
    doses = [2, 5, 15, 50, 100]
    right = [i for i, d in enumerate(doses) if pk.occupancy(pk.oral(d), [72.0])[0] >= 0.6]
    # each dose's frames: the measurements hidden, then shown (a toggle); right either way
    per_dose = len(_figure_specs("book/pill-to-receptor")["fig-single-tablet"]["frames"]) // len(doses)
    assert per_dose == 2
    assert tablet["answers"] == [i * per_dose + shown for i in right for shown in range(per_dose)]
    text = (site / "book" / "antagonism.html").read_text()
    assert 'id="fig-receptor-occupancy"' in text, "the question's figure is on its page"


def _views(spec: dict) -> list[dict[str, str]]:
    """Each frame's control keys, in frame order (the grid: the last control varies fastest)."""
    views: list[dict[str, str]] = [{}]
    for control in spec["controls"]:
        views = [{**view, control["name"]: key} for view in views for key in control["keys"]]
    return views


@pytest.mark.site
def test_the_overcome_figures_right_view_is_the_fewest_missed_tablets_with_a_crossing(site):
    """blockade-over-time: daily tablets, at the fewest missed tablets whose frame marks the
    typical person's crossing; recomputed here from the model, every day count from 0."""
    from naltrexone_course.figures import blockade as overcome

    (question,) = [q for q in _state_questions("book/blockade-over-time") if q["figure"] == "fig-overcome"]
    spec = _figure_specs("book/blockade-over-time")["fig-overcome"]
    fewest = next(m for m in range(50) if overcome.crossing("daily tablets", m).day is not None)
    assert overcome.crossing("daily tablets", fewest - 1).day is None
    want = [
        i
        for i, view in enumerate(_views(spec))
        if view["regimen"] == "daily-tablets" and int(view["missed"]) == fewest
    ]
    assert len(want) == 1 and question["answers"] == want, (question["answers"], want, fewest)
    text = (site / "book" / "blockade-over-time.html").read_text()
    key = re.search(rf'id="{question["id"]}".*?<p class="nxq-key" hidden>Answer: ([^<]*)</p>', text, re.S)
    assert key and f"{fewest} days" in key.group(1) and "daily tablets" in key.group(1)


@pytest.mark.site
def test_the_residual_figures_right_views_are_the_models_that_miss_a_fitted_point(site):
    """model-fit: the models whose fit leaves a fitted measurement beyond 2 SD (the rivals),
    recomputed here from the fits; the book's model, the figure's default, is not one."""
    from naltrexone_course import pk_checks

    (question,) = _state_questions("book/model-fit")
    assert question["figure"] == "fig-residuals"
    spec = _figure_specs("book/model-fit")["fig-residuals"]
    structures = {"book-s-model": pk_checks.MAIN, "rebinding": pk_checks.REBINDING}
    structures["terminal-phase"] = pk_checks.TERMINAL
    want = [
        i
        for i, view in enumerate(_views(spec))
        if any(abs(z) > 2 for z in pk_checks.residuals(pk_checks.fitted_points(), structures[view["model"]]))
    ]
    assert want == [1, 2] and question["answers"] == want


def _figure_specs(page: str) -> dict[str, dict]:
    text = (ROOT / "_build" / "html" / f"{page}.html").read_text()
    specs = {}
    for match in re.finditer(r'<div class="nxc-explorer"([^>]*)>', text):
        fid = re.search(r'\bid="([^"]+)"', match.group(1))
        spec = json.loads(html.unescape(re.search(r'data-nxc-frames="([^"]+)"', match.group(1)).group(1)))
        specs[fid.group(1) if fid else spec["id"]] = spec
    return specs


def _family_of(figure_id: str) -> str:
    """The module of naltrexone_course.figures whose drawing function makes ``figure_id``."""
    import importlib
    import pkgutil

    import naltrexone_course.figures as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name in dir(module):
            if name.startswith("draw_") and "fig-" + name[5:].replace("_", "-") == figure_id:
                return info.name
    raise AssertionError(f"no drawing function makes {figure_id}")


#: Figure families without a figure-state question (none: every module whose drawing function a
#: chapter shows as a figure must have one; helpers such as style, measured or translate draw
#: no figure of their own and are not families).
WITHOUT_STATE_QUESTIONS: set[str] = set()


@pytest.mark.site
def test_every_state_question_asks_something_of_a_figure_on_its_page(site):
    import naltrexone_course.figures as package

    from conftest import pages_with_figures

    families = set()
    for page in pages_with_figures():
        specs = _figure_specs(page)
        for question in _state_questions(page):
            spec = specs.get(question["figure"])
            assert spec is not None, f"{page}: {question['id']} names {question['figure']}, not on the page"
            frames = len(spec["frames"])
            answers = question["answers"]
            assert answers and len(answers) < frames, f"{page}: {question['id']}: {answers} of {frames} views"
            assert all(0 <= a < frames for a in answers) and answers == sorted(set(answers))
            families.add(_family_of(question["figure"]))
    from test_accessibility import chapter_figures

    every = {
        draw.__module__.removeprefix(package.__name__ + ".")
        for page in pages_with_figures()
        for draw, _describe, _controls in chapter_figures(page)
    }
    assert every, "no chapter figure found"
    assert every - WITHOUT_STATE_QUESTIONS <= families, f"no figure-state question: {every - families}"
