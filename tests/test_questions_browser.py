"""Self-check questions and progress in Debian's Chromium, against the built book offline.

Every question on every page is answered wrong and then right; the feedback (inside the
question, in an aria-live region) must say which, and carry the explanation written in the
chapter's source for the chosen option. Progress survives a reload, the forget button clears
it, and a browser that refuses storage gets the same page with no error.
"""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT, toc_files

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from question_format import parse, resolve  # noqa: E402
from self_check_values import MODEL_VALUES  # noqa: E402

pytestmark = pytest.mark.browser
AXE_PATH = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"

QUESTION = re.compile(r"^(:{3,})\{question\}[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
# Reading storage throws, as in a browser set to refuse site data; the message names the
# line that tried ("at http://.../page.html:16:61"), so the test can tell who failed.
REFUSE_STORAGE = """
for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, {
    configurable: true,
    get() {
      const caller = (new Error().stack.split("\\n")[2] || "").trim();
      throw new DOMException("storage refused, read " + caller, "SecurityError");
    },
  });
}
"""
#: The theme's inline script at the top of <head> reads localStorage before any file can
#: step in; Content-Security-Policy work moves it to a file (then storage-guard.js runs
#: first). Errors from inline code of the page itself are the only ones tolerated here.
INLINE = re.compile(r"storage refused, read at \S+\.html(\?\S*)?:\d+:\d+$")


def source_questions(page: str):
    """The page's questions, a glued answer or tolerance filled in with the model's value."""
    values = MODEL_VALUES.get(page.split("/")[-1], {})
    return [
        resolve(parse(m.group(2)), lambda key: values[key]())
        for m in QUESTION.finditer((ROOT / f"{page}.md").read_text())
    ]


def pages_with_questions() -> list[str]:
    return [page for page in toc_files() if source_questions(page)]


def chapters() -> list[str]:
    sys.path.insert(0, str(ROOT / "tools"))
    import check_chapters

    return [c.removesuffix(".md") for c in check_chapters.chapter_files()]


def words(text: str) -> str:
    """Plain words of a MyST snippet, to compare with rendered text (maths and marks dropped)."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"\{glue(?::text)?\}`[^`]*`", " ", text)  # a glued number, filled in at build time
    text = re.sub(r"[*_`]", "", text)
    return " ".join(re.findall(r"[A-Za-z]{4,}", text))


def open_page(offline_page, server, page: str, query: str = ""):
    page_obj = offline_page.page
    page_obj.goto(f"{server}/{page}.html{query}", wait_until="load")
    page_obj.wait_for_selector("html.nxq-ready", timeout=10_000)
    return page_obj


# A figure-state question is answered with its figure: set it to one of the right views
# (the first) or to the first view that is not, through its own controls and their events.
SET_VIEW = """([q, right]) => {
  const box = document.getElementById(q.dataset.figure);
  const answers = JSON.parse(q.dataset.answers);
  const spec = JSON.parse(box.dataset.nxcFrames);
  const controls = [...box.querySelectorAll('[data-nxc-axis]')];
  const shape = [];
  controls.forEach((c, k) => { shape[Number(c.dataset.nxcAxis)] = spec.shape[k]; });
  let frame = right ? answers[0] : [...spec.frames.keys()].find((i) => !answers.includes(i));
  const at = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    at[a] = frame % shape[a];
    frame = Math.floor(frame / shape[a]);
  }
  controls.forEach((c) => {
    const i = at[Number(c.dataset.nxcAxis)];
    if (c.tagName === 'FIELDSET') { c.querySelector('input[value="' + i + '"]').checked = true; }
    else { c.value = String(i); }
    c.dispatchEvent(new Event('input', {bubbles: true}));
    c.dispatchEvent(new Event('change', {bubbles: true}));
  });
}"""


def answer(question_el, question, right: bool, low: bool = True) -> None:
    if question.kind == "state":
        question_el.page.wait_for_selector(f"#{question.target}.nxc-ready", timeout=30_000)
        question_el.evaluate(f"(q) => ({SET_VIEW})([q, {'true' if right else 'false'}])")
    elif question.kind == "number":
        value = question.answer
        if not right:
            step = 10 * question.tolerance + abs(question.answer) + 1
            value = question.answer - step if low else question.answer + step
        question_el.locator("input[type=number]").fill(f"{value:g}")
    else:
        inputs = question_el.locator(".nxq-option input")
        wanted = [o.correct for o in question.options]
        if not right:
            first_wrong = wanted.index(False)
            wanted = [i == first_wrong for i in range(len(wanted))]
        for index, on in enumerate(wanted):
            box = inputs.nth(index)
            if question.kind == "single":
                if on:
                    box.check()
            else:
                box.set_checked(on)
    question_el.locator(".nxq-check").click()


def feedback_of(question_el) -> str:
    region = question_el.locator(".nxq-feedback")
    assert region.get_attribute("aria-live") == "polite", "the feedback must be an aria-live region"
    assert region.evaluate("(el, q) => q.contains(el)", question_el.element_handle())
    return " ".join(region.inner_text().split())


def expected_explanation(question, right: bool, low: bool = True) -> str:
    if question.kind == "state":
        return question.explain if right else question.wrong
    if question.kind == "number":
        return question.explain if right else (question.too_low if low else question.too_high)
    options = question.options
    if right:
        return next(o.explain for o in options if o.correct)
    return next(o.explain for o in options if not o.correct)


@pytest.mark.parametrize("page", pages_with_questions())
def test_every_question_answers_wrong_and_right_with_its_explanation(offline_page, server, page):
    page_obj = open_page(offline_page, server, page)
    questions = source_questions(page)
    elements = page_obj.locator(".nxq")
    assert elements.count() == len(questions), (
        f"{page}: {elements.count()} questions in the page, {len(questions)} in the source"
    )
    for number, question in enumerate(questions):
        element = elements.nth(number)
        assert element.locator("fieldset legend").count() == 1, f"{page}: question {number + 1} has no legend"
        if question.kind == "state":  # its figure always shows a view: that is its answer
            assert element.locator(".nxq-check").is_enabled(), "a figure-state check is ready at once"
        else:
            assert element.locator(".nxq-check").is_disabled(), "nothing chosen yet: the check button waits"
        for right, low in ((False, True), (False, False), (True, True)):
            if question.kind != "number" and not right and not low:
                continue
            answer(element, question, right, low)
            text = feedback_of(element)
            where = f"{page}, question {number + 1}, answered {'right' if right else 'wrong'}"
            if question.kind == "state":
                start = "Right: " if right else "Not this view. At "
                assert text.startswith(start), f"{where}: feedback {text!r}"
            elif right:
                assert text.startswith("Right."), f"{where}: feedback {text!r}"
            else:
                assert text.startswith("Not quite"), f"{where}: feedback {text!r}"
            expected = words(expected_explanation(question, right, low))
            assert expected and expected in words(text), (
                f"{where}: the explanation is missing:\n{expected}\n{text}"
            )
        link = element.locator(".nxq-see a")
        target = link.get_attribute("href")
        assert target.startswith("#") and page_obj.locator(f"[id='{target[1:]}']").count() == 1, (
            f"{page}, question {number + 1}: the link back to '{question.see}' goes nowhere ({target})"
        )
    assert not offline_page.errors, f"{page}: {offline_page.errors}"
    assert not offline_page.blocked, f"{page} asked another origin for {offline_page.blocked}"


def progress_text(page_obj) -> str:
    return " ".join(page_obj.locator(".nxq-progress-text").inner_text().split())


def sidebar_done(page_obj, chapter_title: str) -> bool:
    link = page_obj.locator(".bd-sidebar-primary nav a.reference.internal", has_text=chapter_title).first
    return link.locator(".nxq-badge-done").count() == 1


def answer_all_right(page_obj, page: str) -> None:
    elements = page_obj.locator(".nxq")
    for number, question in enumerate(source_questions(page)):
        answer(elements.nth(number), question, right=True)


def test_progress_survives_a_reload_and_the_forget_button_clears_it(offline_page, server):
    page = "book/antagonism"
    total = len(chapters())
    index = open_page(offline_page, server, "book/intro")
    assert progress_text(index) == f"0 of {total} chapters done."
    page_obj = open_page(offline_page, server, page)
    assert not sidebar_done(page_obj, "Blocking the receptor")
    first_question = source_questions(page)[0]
    answer(page_obj.locator(".nxq").first, first_question, right=True)
    link = page_obj.locator(
        ".bd-sidebar-primary nav a.reference.internal", has_text="Blocking the receptor"
    ).first
    count = len(source_questions(page))
    assert f"(1 of {count} questions right)" in link.text_content(), "the sidebar shows partial progress"
    answer_all_right(page_obj, page)
    assert sidebar_done(page_obj, "Blocking the receptor"), "the chapter is done: the sidebar must say so"
    page_obj.reload(wait_until="load")
    page_obj.wait_for_selector("html.nxq-ready")
    first = page_obj.locator(".nxq").first
    assert feedback_of(first).startswith("Right."), "after a reload the answers and their feedback are back"
    assert sidebar_done(page_obj, "Blocking the receptor")
    index = open_page(offline_page, server, "book/intro")
    assert progress_text(index) == f"1 of {total} chapters done."
    assert sidebar_done(index, "Blocking the receptor")
    index.locator(".nxq-forget").click()
    assert progress_text(index).startswith(f"0 of {total} chapters done.")
    assert not sidebar_done(index, "Blocking the receptor")
    stored = index.evaluate("window.localStorage.getItem('nxc-progress-v1')")
    assert stored is None, "forgetting must remove what was stored"
    page_obj = open_page(offline_page, server, page)
    assert page_obj.locator(".nxq-feedback").first.inner_text() == "", "forgotten answers must not come back"
    assert not offline_page.errors, offline_page.errors


def test_a_chapter_without_questions_is_done_once_visited(offline_page, server):
    unconverted = [c for c in chapters() if not source_questions(c)]
    if not unconverted:
        # every chapter has questions: a visit alone must not count
        unconverted = chapters()[:1]
    page_obj = open_page(offline_page, server, unconverted[0])
    title = page_obj.locator("article h1").first.inner_text().strip().rstrip("#").strip()
    expected = not source_questions(unconverted[0])
    assert sidebar_done(page_obj, title) is expected


def test_storage_refused_changes_nothing_but_memory(own_offline_page, server):
    own_offline_page.page.context.add_init_script(REFUSE_STORAGE)
    page = "book/antagonism"
    page_obj = open_page(own_offline_page, server, page)
    assert page_obj.evaluate("window.nxqStorageRefused === true"), "storage-guard.js must notice the refusal"
    question = source_questions(page)[0]
    element = page_obj.locator(".nxq").first
    answer(element, question, right=False)
    assert feedback_of(element).startswith("Not quite")
    answer(element, question, right=True)
    assert feedback_of(element).startswith("Right.")
    index = open_page(own_offline_page, server, "book/intro")
    assert progress_text(index) == f"0 of {len(chapters())} chapters done."
    assert "for this visit only" in index.locator(".nxq-progress-note").inner_text()
    index.locator(".nxq-forget").click()
    assert index.evaluate("window.nxqStorageRefused === true")
    errors = [e for e in own_offline_page.errors if not INLINE.search(e) and "invalid theme mode" not in e]
    assert not errors, f"storage refused: {errors}"


@pytest.mark.parametrize("page", pages_with_questions())
def test_axe_finds_no_serious_violation_in_answered_questions(audit_page, server, page):
    # audit_page lets the test inject axe-core past the page's CSP (tests/test_browser.py checks the CSP)
    page_obj = open_page(audit_page, server, page)
    elements = page_obj.locator(".nxq")
    for number, question in enumerate(source_questions(page)):
        answer(elements.nth(number), question, right=number % 2 == 0)
    page_obj.add_script_tag(path=str(AXE_PATH))
    result = page_obj.evaluate("axe.run('.nxq, .nxq-progress', {resultTypes: ['violations']})")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not problems, f"{page}: axe-core found\n  " + "\n  ".join(problems)


def test_instructor_view_shows_every_explanation(offline_page, server):
    page = "book/antagonism"
    page_obj = open_page(offline_page, server, page, "?answers=show")
    explanations = page_obj.locator(".nxq-explain")
    assert explanations.count() > 0
    assert all(explanations.nth(i).is_visible() for i in range(explanations.count()))
    marked = page_obj.locator(".nxq-option[data-correct='true'] .nxq-label").first
    assert "right answer" in marked.evaluate("el => getComputedStyle(el, '::after').content")
    learner = open_page(offline_page, server, page)
    assert not learner.locator(".nxq-explain").first.is_visible(), "the learner's page hides the answers"
