"""Every chapter has the parts of the chapter template (fast: no build, no kernel).

The checker is ``tools/check_chapters.py`` (run it alone while writing a chapter).
These tests are strict on purpose: a chapter that is still a stub fails with the
list of what it lacks, file and section.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import check_chapters  # noqa: E402
import new_chapter  # noqa: E402

EXEMPLAR = ROOT / "book" / "antagonism.md"


@pytest.mark.parametrize("chapter", check_chapters.chapter_files())
def test_chapter_has_every_part_of_the_template(chapter):
    problems = check_chapters.check_file(ROOT / chapter)
    assert not problems, f"{chapter} is missing parts of {check_chapters.TEMPLATE}:\n" + "\n".join(
        str(p) for p in problems
    )


def test_the_chapter_list_comes_from_the_toc():
    chapters = check_chapters.chapter_files()
    assert "book/antagonism.md" in chapters
    assert "book/pill-to-receptor.md" in chapters, "sections nested under a chapter are chapters too"
    assert not {"book/parameters.md", "book/glossary.md", "book/references.md"} & set(chapters)


def test_the_exemplar_passes():
    assert check_chapters.check_file(EXEMPLAR) == []


def _broken(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "broken.md"
    path.write_text(text)
    return [str(p) for p in check_chapters.check_file(path, keys=check_chapters.bib_keys())]


def _without_section(text: str, title: str) -> str:
    return re.sub(rf"^## {re.escape(title)}\n.*?(?=^## )", "", text, flags=re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Self-check", "## Self-check: section missing"),
        ("Key takeaways", "## Key takeaways: section missing"),
        (
            "The claim, and what the evidence says",
            "## The claim, and what the evidence says: section missing",
        ),
    ],
)
def test_checker_reports_a_missing_section(tmp_path, title, expected):
    problems = _broken(tmp_path, _without_section(EXEMPLAR.read_text(), title))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(tmp_path / "broken.md")) for p in problems), "each message names the file"


def test_checker_reports_every_broken_part(tmp_path):
    text = EXEMPLAR.read_text()
    text = text.replace("Evidence: established in humans", "Evidence: probably")
    text = text.replace("Learning objectives", "Goals")
    text = text.replace("figures.describe_receptor_occupancy", "None").replace(
        "figures.describe_competitive_antagonism", "None"
    )
    text = text.replace("{footbibliography}", "{bibliography}")
    text = text.replace("{footcite:p}`gibson2007overdose`", "{footcite:p}`nobody1999made_up`")
    text = text.replace("## Key takeaways\n", "## Key takeaways\n\nSee the note[^1].\n\n[^1]: a note\n")
    problems = "\n".join(_broken(tmp_path, text))
    assert "evidence label 'Evidence: probably' does not start with one of" in problems
    assert "missing the learning objectives" in problems
    assert "the second argument of explore(...) is 'None'" in problems
    assert "## References: missing the '```{footbibliography}' block" in problems
    assert "citation key 'nobody1999made_up' is not in book/references.bib" in problems
    assert "section 'Key takeaways': line" in problems and "hand-written footnote [^1]" in problems


def test_checker_reports_a_stub(tmp_path):
    problems = "\n".join(_broken(tmp_path, "# A stub\n\nNothing yet.\n"))
    for part in ("jupytext header", "learning objectives", "kernel-free figure", "Self-check", "References"):
        assert part in problems, f"{part!r} not reported for a stub:\n{problems}"


def test_checker_ignores_headings_inside_code(tmp_path):
    text = EXEMPLAR.read_text().replace(
        "## Self-check", "```{code-cell} ipython3\n# ## Self-check\nx = 1\n```\n\n## Self-check", 1
    )
    assert _broken(tmp_path, text) == []


def test_template_only_lacks_its_placeholders():
    problems = check_chapters.check_file(ROOT / check_chapters.TEMPLATE)
    assert problems, "the template must flag its TODO placeholders"
    assert all("TODO" in p.message for p in problems), [str(p) for p in problems if "TODO" not in p.message]


def test_checker_command_line_exit_status(tmp_path):
    good = subprocess.run([sys.executable, "tools/check_chapters.py", str(EXEMPLAR)], cwd=ROOT)
    assert good.returncode == 0
    (tmp_path / "stub.md").write_text("# Stub\n")
    bad = subprocess.run(
        [sys.executable, "tools/check_chapters.py", str(tmp_path / "stub.md")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "stub.md: ## Self-check: section missing" in bad.stdout


def _scratch_repo(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "tools").mkdir()
    (tmp_path / "_toc.yml").write_text((ROOT / "_toc.yml").read_text())
    (tmp_path / "tools" / "chapter_template.md").write_text((ROOT / check_chapters.TEMPLATE).read_text())
    return tmp_path


def test_new_chapter_goes_before_the_conclusion(tmp_path):
    root = _scratch_repo(tmp_path)
    new_chapter.main(["withdrawal", "Withdrawal and overdose", "--root", str(root)])
    text = (root / "book" / "withdrawal.md").read_text()
    assert "# Withdrawal and overdose" in text and "__TITLE__" not in text
    chapters = check_chapters.chapter_files(root)
    assert "book/withdrawal.md" in chapters
    if "book/conclusion.md" in chapters:
        assert chapters.index("book/withdrawal.md") == chapters.index("book/conclusion.md") - 1
    toc = (root / "_toc.yml").read_text()
    assert toc.replace("      - file: book/withdrawal\n", "") == (ROOT / "_toc.yml").read_text(), (
        "only one line is added to _toc.yml; comments and the rest stay as they were"
    )
    yaml.safe_load(toc)


def test_new_chapter_after_a_chapter_with_sections(tmp_path):
    root = _scratch_repo(tmp_path)
    new_chapter.main(["tolerance", "Tolerance", "--after", "book/antagonism", "--root", str(root)])
    part = next(
        p
        for p in yaml.safe_load((root / "_toc.yml").read_text())["parts"]
        if p["caption"] == "How naltrexone works"
    )
    files = [entry["file"] for entry in part["chapters"]]
    assert files.index("book/tolerance") == files.index("book/antagonism") + 1, (
        "the new chapter follows antagonism (and its sections), at the same level"
    )


def test_new_chapter_refuses_bad_names_and_existing_files(tmp_path):
    root = _scratch_repo(tmp_path)
    with pytest.raises(SystemExit):
        new_chapter.main(["Bad Name", "Title", "--root", str(root)])
    (root / "book" / "taken.md").write_text("x")
    with pytest.raises(SystemExit):
        new_chapter.main(["taken", "Title", "--root", str(root)])
    assert (root / "_toc.yml").read_text() == (ROOT / "_toc.yml").read_text()


def test_checker_only_chapters_skips_other_pages(tmp_path):
    (tmp_path / "stub.md").write_text("# Stub\n")
    result = subprocess.run(
        [
            sys.executable,
            "tools/check_chapters.py",
            "--only-chapters",
            str(tmp_path / "stub.md"),
            "book/glossary.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "0 chapter(s) checked" in result.stdout, result.stdout


def test_an_evidence_label_may_carry_a_qualifier(tmp_path):
    text = EXEMPLAR.read_text()
    qualified = text.replace(
        "Evidence: established in humans", "Evidence: established in humans (PET); a model"
    )
    assert _broken(tmp_path, qualified) == []
    run_on = text.replace("Evidence: established in humans", "Evidence: established in humansish")
    assert any("does not start with one of" in p for p in _broken(tmp_path, run_on))


def test_a_chapter_that_talks_about_doses_must_link_to_the_safety_page(tmp_path):
    text = EXEMPLAR.read_text()
    assert check_chapters.SAFETY_LINK.search(text), "the exemplar links to the safety page"
    unlinked = check_chapters.SAFETY_LINK.sub("](elsewhere.md)", text)
    problems = _broken(tmp_path, unlinked)
    assert any(": safety: line " in p and "does not link to the safety page" in p for p in problems), problems
    assert _broken(tmp_path, unlinked + "\nSee {ref}`safety`.\n") == [], "a {ref} link counts too"


def test_dose_talk_is_detected_in_prose_but_not_in_code():
    for words in ("a 50 mg tablet", "0.25 mg/kg in rats", "the monthly injection", "daily dosing"):
        assert check_chapters.DOSE_TALK.search(words), words
    assert not check_chapters.DOSE_TALK.search("occupancy of mu receptors at 1 nM")
    in_code = "# T\n\n```{code-cell} ipython3\ndose_mg = 50  # one tablet\n```\n"
    assert check_chapters._safety_problems(in_code, "x.md") == []
    in_prose = "# T\n\nOne 50 mg tablet a day.\n"
    assert check_chapters._safety_problems(in_prose, "x.md")[0].section == "safety"


def test_the_safety_page_is_an_explicit_exemption_with_its_own_rules(tmp_path):
    assert set(check_chapters.NOT_TEMPLATE) == {check_chapters.SAFETY_PAGE}
    chapters = check_chapters.chapter_files()
    assert check_chapters.SAFETY_PAGE in chapters, "the safety page sits under the first part"
    assert chapters.index(check_chapters.SAFETY_PAGE) == 0, "near the start: the first page of the part"
    safety = ROOT / check_chapters.SAFETY_PAGE
    assert check_chapters.check_file(safety) == []
    text = safety.read_text()
    assert check_chapters.check_text(text, "safety.md", check_chapters.bib_keys()), (
        "as a template chapter it would fail: the exemption is what lets it pass"
    )
    broken = text.replace("{footbibliography}", "{bibliography}").replace(
        "{footcite:p}`gibson2007overdose`", "{footcite:p}`nobody1999made_up`"
    )
    problems = [
        str(p) for p in check_chapters.check_reference_page(broken, "safety.md", check_chapters.bib_keys())
    ]
    assert any("footbibliography" in p for p in problems), problems
    assert any("nobody1999made_up" in p for p in problems), problems


# --- forbidden readings (issue 17): promises of protection, advice to drink, corrected errors ---


@pytest.mark.parametrize("page", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "book").glob("*.md")))
def test_no_page_carries_a_forbidden_reading(page):
    problems = check_chapters.forbidden_problems((ROOT / page).read_text(), page)
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("rule", check_chapters.FORBIDDEN, ids=lambda rule: rule.example[:40])
def test_each_corrected_sentence_is_refused_in_a_broken_chapter(tmp_path, rule):
    assert rule.reason and rule.instead, "every forbidden reading says why, and what to write instead"
    # Put the old sentence back into the exemplar, broken across two lines as prose wraps.
    words = rule.example.split()
    half = len(words) // 2
    sentence = " ".join(words[:half]) + "\n" + " ".join(words[half:])
    broken = EXEMPLAR.read_text().replace("## Key takeaways\n", f"## Key takeaways\n\n{sentence}\n\n", 1)
    problems = [p for p in _broken(tmp_path, broken) if ": forbidden reading: " in p]
    assert problems, f"{rule.example!r} is no longer refused"
    assert all(rule.reason in p and rule.instead in p for p in problems), problems
    line = broken[: broken.index(sentence)].count("\n") + 1
    assert all(f"line {line}: " in p or f"line {line + 1}: " in p for p in problems), (
        "the message gives the line of the sentence"
    )


def test_the_forbidden_readings_are_refused_on_the_safety_page_and_reference_pages(tmp_path):
    safety = (ROOT / check_chapters.SAFETY_PAGE).read_text()
    old = "against an overdose, count on no blockade beyond what the label establishes"
    broken = safety.replace("## References", f"{old}.\n\n## References", 1)
    problems = check_chapters.check_reference_page(broken, "safety.md", check_chapters.bib_keys())
    assert any(p.section == "forbidden reading" for p in problems), [str(p) for p in problems]
    # Reference pages are not template chapters, but the whole-book run checks them too.
    root = _scratch_repo(tmp_path)
    (root / "book" / "teaching.md").write_text(
        "# Teaching\n\nWhy naltrexone acts only when a person drinks on it.\n"
    )
    problems = check_chapters.other_page_problems(root)
    assert [p.file for p in problems] == ["book/teaching.md"], [str(p) for p in problems]


def test_forbidden_readings_are_not_looked_for_in_code_or_in_the_corrected_wording():
    in_code = "# T\n\n```{code-cell} ipython3\n# the label promises nothing; see the docs\nx = 1\n```\n"
    assert check_chapters.forbidden_problems(in_code, "x.md") == []
    corrected = (
        "# T\n\nThe label only reports that 50 mg blocked 25 mg of IV heroin for up to 24 hours; "
        "no blockade protects against an overdose at any time. Oral naltrexone did not do "
        "significantly better than placebo. The differences were not statistically significant, "
        "with few events.\n"
    )
    assert check_chapters.forbidden_problems(corrected, "x.md") == []


@pytest.mark.parametrize(
    ("warning", "pattern"),
    [
        ("a negative urine test or naloxone challenge is not proof", r"Neither test is proof"),
        ("suicidality, as the injection's label states it", r"suicidal thinking"),
        ("hypersensitivity: angioedema and anaphylaxis", r"angioedema[^.]*anaphylaxis"),
        (
            "eosinophilic pneumonia and what to do",
            r"Eosinophilic pneumonia[\s\S]{0,200}seek medical attention",
        ),
        (
            "pregnancy: an agonist is the recommended treatment",
            r"recommended\s+treatment is an opioid agonist",
        ),
        ("low-dose naltrexone still blocks mu receptors (from the model)", r"\{glue:text\}`ldn_mu_peak"),
        ("implant deaths: occupancy is not protection", r"naltrexone implant in\s+place"),
    ],
)
def test_the_safety_page_carries_every_warning_of_the_labels(warning, pattern):
    text = (ROOT / check_chapters.SAFETY_PAGE).read_text()
    match = re.search(pattern, text)
    assert match, f"the safety page lost: {warning}"
    paragraph = text[match.start() :].split("\n\n", 1)[0]
    assert check_chapters.CITE_ROLE.search(paragraph), f"{warning}: cite the label or the study"


# --- issue 27: case pages and the clinic page (the part captioned "Practice") ---

CASES = ROOT / "book" / "cases.md"
CLINIC = ROOT / "book" / "clinic.md"


def test_the_practice_part_holds_a_case_page_and_a_cited_summary():
    assert check_chapters.practice_files() == ["book/cases.md", "book/clinic.md"]
    assert check_chapters.is_case_page(CASES.read_text())
    assert not check_chapters.is_case_page(CLINIC.read_text())
    for page in (CASES, CLINIC):
        assert check_chapters.check_practice_file(page) == []


def test_the_case_page_has_five_cases_each_ending_in_one_decision():
    text = CASES.read_text()
    cases = [t for t in check_chapters.sections(text) if t.startswith("Case")]
    assert len(cases) == 5
    assert len(check_chapters.deep_links(text)) == 5


def _case_problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "book" / "cases.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    for chapter in ("blockade-over-time", "antagonism", "oud", "craving"):  # the linked figures
        (tmp_path / "book" / f"{chapter}.md").write_text((ROOT / "book" / f"{chapter}.md").read_text())
    path.write_text(text)
    return [
        str(p)
        for p in check_chapters.check_practice_file(path, root=tmp_path, keys=check_chapters.bib_keys())
    ]


def test_a_case_without_its_decision_is_refused(tmp_path):
    text = CASES.read_text()
    start = text.index("## Case 1")
    decision = re.search(r"^:::\{question\}\n.*?^:::\s*$", text[start:], re.MULTILINE | re.DOTALL)
    broken = text[:start] + text[start:].replace(decision.group(0), "", 1)
    problems = _case_problems(tmp_path, broken)
    assert any("Case 1" in p and "0 decisions" in p for p in problems), problems


def test_a_case_page_without_references_is_refused(tmp_path):
    text = CASES.read_text()
    broken = text[: text.index("## References")]
    problems = _case_problems(tmp_path, broken)
    assert any("## References" in p for p in problems), problems


def test_a_case_whose_label_section_cites_nothing_is_refused(tmp_path):
    text = CASES.read_text()
    start = text.index("## Case 3")
    say = text.index("### What the label and guidelines say", start)
    end = text.index("## Case 4")
    broken = text[:say] + "### What the label and guidelines say\n\nAsk a colleague.\n\n" + text[end:]
    problems = _case_problems(tmp_path, broken)
    assert any("Case 3" in p and "cites nothing" in p for p in problems), problems


def test_a_case_linking_to_a_missing_figure_or_control_is_refused(tmp_path):
    text = CASES.read_text()
    broken = text.replace("#fig-overcome?regimen=monthly-injection&missed=7", "#fig-overcame?regimen=x", 1)
    broken = broken.replace(
        "#fig-icon-array?outcome=heavy-drinking", "#fig-icon-array?result=heavy-drinking", 1
    )
    problems = _case_problems(tmp_path, broken)
    assert any("fig-overcame" in p for p in problems), problems
    assert any("['result']" in p for p in problems), problems


def test_a_case_without_its_story_or_figure_is_refused(tmp_path):
    text = CASES.read_text()
    start = text.index("## Case 5")
    fig = text.index("### The figure", start)
    decision = text.index("### The decision", start)
    broken = text[:start] + text[start:fig].replace("### The story", "### Background") + text[decision:]
    problems = _case_problems(tmp_path, broken)
    assert any("Case 5" in p and "'### The story'" in p for p in problems), problems
    assert any("Case 5" in p and "no figure" in p for p in problems), problems


def test_a_clinic_statement_without_a_label_or_guideline_is_refused(tmp_path):
    text = CLINIC.read_text().replace(
        "## Duration\n", "## Duration\n\n* Most people stay on it for a year.\n", 1
    )
    path = tmp_path / "clinic.md"
    path.write_text(text)
    problems = [str(p) for p in check_chapters.check_practice_file(path, keys=check_chapters.bib_keys())]
    assert any("Most people stay on it" in p and "cites no label" in p for p in problems), problems


# --- numbers typed by hand in a self-check (issue 30) --------------------------------------------
TYPED_QUESTION = """
:::{question}
kind: single
see: "Two receptors, one slider"
prompt: PROMPT
options:
  - text: OPTION
    correct: true
    explain: Right.
  - text: Something else.
    explain: No.
:::
"""


def _with_question(prompt: str, option: str) -> str:
    text = EXEMPLAR.read_text()
    extra = TYPED_QUESTION.replace("PROMPT", prompt).replace("OPTION", option)
    return text.replace("## Key takeaways\n", extra + "\n## Key takeaways\n", 1)


def test_a_self_check_number_no_cell_computes_is_refused(tmp_path):
    """The broken sample: a model output typed into an option ("38% to 23%") and into a prompt
    ("about 63%") is refused, naming the number; the same question reading glued values passes."""
    broken = _with_question(
        "The toy removes about 63% of its drive. Which is right?", "The risk falls from 38% to 23%."
    )
    problems = "\n".join(_broken(tmp_path, broken))
    for number in ("63%", "38%", "23%"):
        assert f"{number} is typed by hand" in problems, problems
    glued = _with_question(
        "The toy removes about {glue:text}`q_x:.0%` of its drive. Which is right?",
        "The risk falls from {glue:text}`q_y:.0%` to {glue:text}`q_z:.0%`.",
    )
    assert "typed by hand" not in "\n".join(_broken(tmp_path, glued))


def test_a_cited_number_or_a_bound_in_a_self_check_is_not_refused(tmp_path):
    """0% and 100%, and literature values stated with a citation in the book's prose (PET found
    92-98% occupied), pass; a number the prompt gives is reported once, in the prompt."""
    cited = _with_question("Set the slider from 0% to 100%.", "PET found 98% occupied.")
    assert "typed by hand" not in "\n".join(_broken(tmp_path, cited))
    repeated = _with_question(
        "Two pathways remove 41% of the drive.", "41% of the drive, as the prompt says."
    )
    problems = [p for p in _broken(tmp_path, repeated) if "typed by hand" in p]
    assert len(problems) == 1 and "(prompt): 41%" in problems[0], problems


def test_a_case_pages_decision_with_a_typed_number_is_refused(tmp_path):
    """A case's decision is a self-check too: a percentage no cell computes is refused there,
    as in a chapter (issue 30: everywhere)."""
    text = CASES.read_text(encoding="utf-8")
    marker = "    explain: Waiting lengthens the dangerous time."
    assert marker in text
    broken = text.replace(marker, "    explain: Waiting lengthens the dangerous time by 37%.", 1)
    (tmp_path / "book").mkdir()
    path = tmp_path / "book" / "cases.md"
    path.write_text(broken)
    keys = check_chapters.bib_keys()
    clean = [str(p) for p in check_chapters.check_practice_file(CASES, keys=keys)]
    assert not any("typed by hand" in p for p in clean), clean
    problems = [str(p) for p in check_chapters.check_practice_file(path, ROOT, keys=keys)]
    assert any("typed by hand" in p and "37%" in p for p in problems), problems


def test_a_cited_number_licenses_only_the_same_kind_of_number(tmp_path):
    """ "63 days" in a cited paragraph is no licence for "63%" in a self-check; "63%" is, and a
    range "40-63%" licenses both ends."""
    question = TYPED_QUESTION.replace("PROMPT", "Which is right?").replace("OPTION", "About 63% of them.")
    for prose, refused in (
        ("The trial lasted 63 days {footcite:p}`x`.", True),
        ("The trial kept 63% of them {footcite:p}`x`.", False),
        ("Trials kept 40-63% of them {footcite:p}`x`.", False),
        ("The trial kept 63 of 100 people {footcite:p}`x`.", True),
    ):
        root = tmp_path / str(abs(hash(prose)))
        (root / "book").mkdir(parents=True)
        (root / "book" / "source.md").write_text(prose + "\n")
        problems = check_chapters.typed_number_problems(question, "q.md", root)
        assert bool(problems) == refused, (prose, problems)
