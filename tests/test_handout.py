"""`make handout`: the built book printed to PDF by Debian's Chromium.

The handout holds the whole course and each chapter, in a learner version (no answers) and
an instructor version (answers and explanations). Each chapter's PDF carries its title and
exactly one image per figure (the default frame; the sliders are not printed).
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import check_chapters  # noqa: E402
import handout  # noqa: E402
from question_format import parse  # noqa: E402
from questions import shown_answer  # noqa: E402  (how the instructor's key rounds a glued answer)
from self_check_values import MODEL_VALUES  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdfs(site, tmp_path_factory):
    # In its own process, as `make handout` runs it: Playwright's sync API cannot start a
    # second time inside the session's browser fixture.
    import subprocess

    out = tmp_path_factory.mktemp("handout")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "handout.py"), str(site), str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, f"tools/handout.py failed:\n{run.stdout}\n{run.stderr}"
    assert list(out.glob("*.pdf")), "make handout wrote nothing"
    return out


#: The inline-image operator of a content stream (the text is hex strings, never matched).
INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s")


def _xobject_images(resources) -> int:
    """Image XObjects in a resource dictionary, those of its form XObjects included."""
    if not resources or "/XObject" not in resources:
        return 0
    count = 0
    for ref in resources["/XObject"].get_object().values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            count += 1
        elif obj.get("/Subtype") == "/Form":
            count += _xobject_images(obj.get("/Resources"))
    return count


def image_count(page) -> int:
    """A PDF page's images as pypdf's ``len(page.images)`` counts them (its image XObjects and
    its inline images) without parsing every drawing operator of the page (the maths are
    thousands of paths): test_image_count_is_pypdfs checks the two agree."""
    contents = page.get_contents()
    inline = len(INLINE_IMAGE.findall(contents.get_data())) if contents is not None else 0
    return _xobject_images(page.get("/Resources")) + inline


@functools.cache
def _read(path: str) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    # NFKC undoes the ligatures the PDF's fonts use ("ﬁgure" -> "figure").
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() or "" for page in reader.pages))
    images = sum(image_count(page) for page in reader.pages)
    return " ".join(text.split()), images


def read(path) -> tuple[str, int]:
    """A PDF's text (whitespace collapsed) and its number of images. Read once per session:
    the PDFs are written once (module fixture) and several checks read the same file."""
    return _read(str(path))


def title_of(page: str) -> str:
    return re.search(r"^# +(.+)$", (ROOT / f"{page}.md").read_text(), re.MULTILINE).group(1).strip()


def figures_in(page: str) -> int:
    calls, _ = check_chapters._explore_calls((ROOT / f"{page}.md").read_text())
    return len([c for c in calls if not any(k.arg == "live" for k in c.keywords)])


def questions_of(page: str):
    text = (ROOT / f"{page}.md").read_text()
    return [parse(m.group(2)) for m in check_chapters.QUESTION.finditer(text)]


def right_explanations(page: str) -> list[str]:
    result = []
    for question in questions_of(page):
        if question.kind != "number":
            result.extend(o.explain for o in question.options if o.correct)
    return result


def words(text: str) -> str:
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"\{glue(?::text)?\}`[^`]*`", " ", text)  # a glued number, filled in at build time
    return " ".join(re.findall(r"[A-Za-z]{5,}", text)[:6])


@pytest.mark.parametrize("page", handout.handout_pages())
def test_each_chapter_pdf_has_its_title_and_one_image_per_figure(pdfs, page):
    for version in handout.VERSIONS:
        path = pdfs / f"{page.split('/')[-1]}-{version}.pdf"
        assert path.exists(), f"{path.name} was not written"
        text, images = read(path)
        assert title_of(page) in text, f"{path.name}: the title {title_of(page)!r} is not in the text"
        assert images == figures_in(page), f"{path.name}: {images} images for {figures_in(page)} figures"
        assert "not medical advice" in text.lower(), f"{path.name}: the disclaimer is missing"


@pytest.mark.parametrize("page", [p for p in handout.handout_pages() if right_explanations(p)])
def test_answers_only_in_the_instructor_version(pdfs, page):
    name = page.split("/")[-1]
    learner, _ = read(pdfs / f"{name}-learner.pdf")
    instructor, _ = read(pdfs / f"{name}-instructor.pdf")
    explanation = words(right_explanations(page)[0])
    assert explanation in " ".join(re.findall(r"[A-Za-z]{5,}", instructor)), (
        f"{name}: the instructor handout lacks the answer '{explanation}'"
    )
    assert explanation not in " ".join(re.findall(r"[A-Za-z]{5,}", learner)), (
        f"{name}: the learner handout gives the answer away"
    )
    assert "right answer" in instructor and "right answer" not in learner
    assert "Choose one answer." not in learner, "the check buttons and their hints are not printed"
    numbers = [q for q in questions_of(page) if q.kind == "number"]
    for question in numbers:
        values = MODEL_VALUES.get(name, {})
        answer = values[question.answer_glue]() if question.answer_glue else question.answer
        tolerance = values[question.tolerance_glue]() if question.tolerance_glue else question.tolerance
        key = f"Answer: {shown_answer(answer, tolerance)[0]}"
        assert key in instructor and key not in learner, f"{name}: the numeric answer {key!r}"


def parts_of(path) -> tuple[list[tuple[str, str]], int, int]:
    """The course PDF's parts: (outline entry, text of the part's first page) in order, its
    number of images and of pages. Only each part's first page is read as text (the chapters'
    own PDFs are read in full above); the images are counted on every page."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    parts = []
    for entry in reader.outline:
        first = reader.pages[reader.get_destination_page_number(entry)]
        text = unicodedata.normalize("NFKC", first.extract_text() or "")
        parts.append((entry.title, " ".join(text.split())))
    return parts, sum(image_count(page) for page in reader.pages), len(reader.pages)


def test_image_count_is_pypdfs(pdfs):
    """The quick image count gives pypdf's count on every page of the chapter with most figures."""
    from pypdf import PdfReader

    page = max(handout.handout_pages(), key=figures_in)
    for version in handout.VERSIONS:
        reader = PdfReader(str(pdfs / f"{page.split('/')[-1]}-{version}.pdf"))
        counts = [image_count(p) for p in reader.pages]
        assert counts == [len(p.images) for p in reader.pages], f"{page} ({version}): {counts}"
        assert sum(counts) == figures_in(page) > 0


def test_the_whole_course_pdf_holds_every_chapter(pdfs):
    """Every chapter, in reading order, each part opening with its title; every figure, and
    every page of the chapters' own PDFs."""
    from pypdf import PdfReader

    pages = handout.handout_pages()
    for version in handout.VERSIONS:
        name = f"course-{version}.pdf"
        parts, images, length = parts_of(pdfs / name)
        assert [title for title, _ in parts] == [title_of(p) for p in pages], f"{name}: its outline"
        for page, (_, first_page) in zip(pages, parts):
            assert title_of(page) in first_page, f"{name}: the part of {page} does not open with its title"
        assert images == sum(figures_in(p) for p in pages), f"{name}: {images} images"
        chapters = sum(len(PdfReader(str(pdfs / f"{p.split('/')[-1]}-{version}.pdf")).pages) for p in pages)
        assert length == chapters, f"{name}: {length} pages, the chapters' PDFs have {chapters}"


def test_the_teaching_page_links_the_handout(site):
    page = (site / "book" / "teaching.html").read_text()
    for name in ("course-learner.pdf", "course-instructor.pdf"):
        assert f'href="../handout/{name}"' in page


def curves(path) -> int:
    """Bezier segments drawn in a PDF: the maths are SVG paths (figures are images, text is text)."""
    return _curves(str(path))


@functools.cache
def _curves(path: str) -> int:
    from pypdf import PdfReader

    return sum(
        len(re.findall(r"\sc\s", page.get_contents().get_data().decode("latin-1")))
        for page in PdfReader(str(path)).pages
        if page.get_contents() is not None
    )


@pytest.mark.parametrize("page", handout.handout_pages())
def test_the_handout_prints_the_maths_as_the_page_shows_them(pdfs, page):
    """The formulas are drawn (SVG paths from the build), not left as TeX for a script."""
    from test_math import formulas

    name = page.split("/")[-1]
    text, _ = read(pdfs / f"{name}-learner.pdf")
    assert not re.search(r"\\\(|\\\[|\\frac|\\begin\{|\$\$", text), f"{name}: TeX printed as text"
    _, display = formulas((ROOT / f"{page}.md").read_text())
    if display:
        drawn, plain = curves(pdfs / f"{name}-learner.pdf"), curves(pdfs / "safety-learner.pdf")
        assert drawn >= plain + 100 * display, (
            f"{name}: {drawn} curve segments for {display} display formulas (safety page, no maths: {plain})"
        )
