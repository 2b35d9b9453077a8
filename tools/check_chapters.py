"""Check that every chapter has the parts of the chapter template.

Usage (from the repository root):

    python tools/check_chapters.py                  # every chapter in _toc.yml
    python tools/check_chapters.py book/reward.md   # just these files
    python tools/check_chapters.py --only-chapters book/*.md   # those of them in _toc.yml's chapters

A chapter is a page listed in ``_toc.yml`` under the caption "How naltrexone
works". Each must have what ``tools/chapter_template.md`` has: the jupytext
header, learning objectives, an evidence label, at least one kernel-free figure
(``explore(draw, describe, ...)``), a self-check with answers, key takeaways and a
references section with ``{footbibliography}``. Every cited key must be in
``book/references.bib`` and there must be no hand-written footnotes ``[^...]``
(the build hides myst's footnote warnings, so this check catches them instead).
Template placeholders (``TODO``) must all be replaced.

Safety rule: a chapter that talks about doses (see :data:`DOSE_TALK`: a dose with its
unit such as "50 mg" or "0.25 mg/kg", or the words dose, dosing, tablet, injection or
implant in its text, code cells not counted) must link to the safety page
``book/safety.md`` (``[...](safety.md)`` or ``{ref}`safety```).

Pages listed in :data:`NOT_TEMPLATE` sit under the chapters caption but are not
teaching chapters (the safety page). They are checked with the reference-page rules
instead: a title, citations whose keys exist, a ``{footbibliography}``, no
hand-written footnotes and no TODO.

Forbidden readings (:data:`FORBIDDEN`; in Italian :data:`FORBIDDEN_IT`, checked in the
translations under ``locales/it``): a short list of phrasings that a reader could take
as a promise of protection, as advice to drink, or as a pharmacology or evidence error that
was corrected once. Each has its reason and the safer wording; the check refuses them in
every page of ``book/`` (prose and self-checks; code cells not counted), so they cannot
come back.

Self-checks are ``{question}`` directives (format: ``book/_ext/question_format.py``): each
question parses, has a right answer and an explanation for every option; a chapter has at
least ``MIN_QUESTIONS`` of them, ``MIN_FIGURE_QUESTIONS`` marked ``figure: true`` whose
``see`` names a section that holds a figure. The old format (numbered questions and an
Answers dropdown) is refused.

Exit status 0 when every file passes; otherwise each problem is printed as
``file: section: what is missing and how to fix it``.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import part_files  # noqa: E402  (the one walker of _toc.yml)
from question_format import HAND_TYPED_ANSWER, QuestionError, parse  # noqa: E402  (the one question format)

MIN_QUESTIONS = 3
MIN_FIGURE_QUESTIONS = 2
QUESTION = re.compile(r"^(:{3,})\{question\}[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
LABEL = re.compile(r"^\(([^)\s]+)\)=\s*$", re.MULTILINE)
CHAPTER_CAPTION = "How naltrexone works"
TEMPLATE = "tools/chapter_template.md"
EVIDENCE_LABELS = ("established in humans", "shown in animals", "hypothesis")

CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]*)`")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
BIB_KEY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)

#: Pages under the chapters caption that are not template chapters, with the reason.
NOT_TEMPLATE = {
    "book/safety.md": "the safety page: the facts every reader must meet, not a teaching chapter",
}
SAFETY_PAGE = "book/safety.md"
#: How a chapter "talks about doses": a dose with a unit, or a word about dosing.
DOSE_TALK = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:mg|µg|g/kg)\b|\b(?:dose|doses|dosing|dosed|tablets?|injections?|implants?)\b",
    re.IGNORECASE,
)
#: A link to the safety page: a Markdown link to safety.md or a {ref}/{doc} role to it.
SAFETY_LINK = re.compile(
    r"\]\((?:\./)?safety\.md(?:#[^)\s]*)?\)|\{(?:ref|doc)\}`(?:[^`]*<)?/?(?:book/)?safety>?`"
)


@dataclass(frozen=True)
class Forbidden:
    """A phrasing no page may use: the pattern (spaces match any run of whitespace, so a
    phrase broken across lines is still found; case is ignored), why it misleads, and what
    to write instead."""

    pattern: str
    reason: str
    instead: str
    example: str  # the sentence that was corrected: the tests check that it is refused

    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern.replace(" ", r"\s+"), re.IGNORECASE)


#: Readings that were corrected once and must not come back (issue 17). Keep it small and
#: precise: every entry must match none of the current pages.
FORBIDDEN = (
    Forbidden(
        r"\blabels? (?:\w+ ){0,3}(?:promises?|guarantees?)\b",
        "a label promises nothing: it reports that 50 mg blocked one test dose (25 mg of IV "
        "heroin) for up to 24 hours",
        "'the label only reports that 50 mg blocked 25 mg of IV heroin for up to 24 hours'",
        "the label promises about a day per 50 mg tablet",
    ),
    Forbidden(
        r"\bcount on no blockade beyond\b",
        "read the other way round it promises a blockade inside the window; no blockade "
        "protects against an overdose at any time",
        "'no blockade protects against an overdose at any time; the label only reports ...'",
        "against an overdose, count on no blockade beyond what the label establishes",
    ),
    Forbidden(
        r"\blabels? (?:\w+ ){0,2}establish(?:es)? (?:a blockade for |it for )?(?:only )?about\b",
        "'the label establishes about a day' reads as a day of blockade anyone can rely on",
        "'the label reports a blockade of a test dose (25 mg IV heroin) for up to 24 hours'",
        "the labels establish about a day per 50 mg tablet",
    ),
    Forbidden(
        r"\bhelps most when (?:the person|a person|people|someone) drinks?\b"
        r"|\bacts only when (?:a|the) person drinks\b|\bwhile it is on board\b",
        "reads as advice to drink; the extinction account is shown in rats, the injection is "
        "for people who can abstain at the start, and in its trial the benefit was "
        "concentrated in those abstinent for 7 days before it (Garbutt 2005)",
        "'in the toy model / in the extinction account (shown in animals), ...'",
        "it helps most when the person drinks while it is on board",
    ),
    Forbidden(
        r"\bunlike ordinary withdrawal\b",
        "ordinary withdrawal can need hospital care too",
        "'precipitated withdrawal comes on abruptly and can be severe enough to need hospital'",
        "Unlike ordinary withdrawal, this can be severe enough to need hospital",
    ),
    Forbidden(
        r"\bPET (?:imaging )?shows almost complete occupancy\b[^.]*\bdays\b"
        r"|\blasting days rather than hours\b",
        "the slow decline was measured with a dual-detector system, not PET (Lee 1988), and "
        "occupancy is not protection: the blockade is surmountable",
        "'PET: 92-98% within 8 h; a dual-detector study: half-time 72-108 h; surmountable'",
        "PET imaging shows almost complete occupancy after a 50 mg tablet, lasting days rather than hours.",
    ),
    Forbidden(
        r"\boral naltrexone barely beat placebo\b",
        "it did not beat placebo significantly (15.7% against 10.8%, P = .07; Krupitsky 2012)",
        "'oral naltrexone did not do significantly better than placebo'",
        "oral naltrexone barely beat placebo because few people kept taking it",
    ),
    Forbidden(
        r"\bno difference between the arms in fatal or non-fatal overdoses\b",
        "the differences were not statistically significant, with few events; absence of "
        "evidence is not evidence of no difference",
        "'not statistically significant, with few events'",
        "The trial found no difference between the arms in fatal or non-fatal overdoses.",
    ),
    Forbidden(
        r"\b(?:spare receptors|receptor reserve)\b[^.]{0,60}\befficacy\b[^.]{0,40}\bcome between\b",
        "for a competitive antagonist at equilibrium the dose ratio does not depend on "
        "efficacy or receptor reserve (Arunlakshana and Schild 1959)",
        "'free brain concentration, non-equilibrium, falling levels and a behavioural endpoint come between'",
        "Brain concentrations, spare receptors and the agonist's efficacy all come between the "
        "equation and the animal",
    ),
    Forbidden(
        r"\b1-2 ng/mL (?:band )?(?:that )?Castillo\b[^.]{0,40}\bfound to block\b",
        "Castillo 2024 found that levels above 2 ng/mL blocked nearly all liking; 1-2 ng/mL is "
        "what practice calls therapeutic",
        "'above 2 ng/mL blocked nearly all liking (Castillo 2024); 1-2 ng/mL is called therapeutic'",
        "far below the 1-2 ng/mL band that Castillo and colleagues found to block the liking",
    ),
)


#: Issue 27: readings of a fading blockade as if some cover were left. Set against the
#: tolerance a person has lost, a falling dose ratio leaves no margin (the crossing).
FORBIDDEN = FORBIDDEN + (
    Forbidden(
        r"\bblockade (?:has )?faded\b",
        "a 'blockade faded' zone reads as if the days above it were covered; against the tolerance "
        "lost, the usual dose acts as strongly as before treatment at the crossing, above any such line",
        "'the dose ratio falls to the tolerance lost: from the crossing the old usual dose acts as "
        "strongly as before'",
        "in the shaded strip below 2 the model says the blockade has faded",
    ),
    Forbidden(
        r"\bmargin (?:of (?:cover|safety) )?(?:above|over|beyond) (?:the |a |their )?usual dose\b"
        r"|\bfad(?:ed|ing) blockade\b[^.]{0,40}\b(?:margin|cover)\b",
        "a fading blockade leaves no margin: tolerance falls at the same time, and an old usual dose "
        "can act more strongly than before treatment",
        "'no margin: the tolerance lost catches up with the dose ratio (the crossing)'",
        "a fading blockade still leaves a margin above the usual dose",
    ),
)


#: Issue 27b (the pharmacologist's review): a crossing not found, or not yet reached, read as
#: cover; a dose read as safe for a person without tolerance.
FORBIDDEN = FORBIDDEN + (
    Forbidden(
        r"\b(?:stays?|remains?|is still) weaker than (?:it (?:was|did) )?before treatment\b",
        "before the crossing the old usual dose is only less strong than before treatment: a larger "
        "dose overcomes the blockade at any time, the crossing is a toy's hypothesis (probably earlier "
        "for breathing), and past the label's window nothing is established",
        "'the model finds no crossing by then, which is not protection'",
        "so the old usual dose stays weaker than before treatment",
    ),
    Forbidden(
        r"\b(?:typical person|the person|they|he|she)(?: shows| has| reaches)? no crossing\b"
        r"|\bno crossing\b[^.]{0,30}\b(?:safe|covered|protected)\b",
        "'no crossing' reads as cover: the model's grid ends, a faster loss of tolerance or a more "
        "tolerant person crosses earlier, and a larger dose overcomes the blockade at any time",
        "'the model finds no crossing for the typical person by day 49, which is not protection'",
        "On schedule, the typical person shows no crossing",
    ),
    Forbidden(
        r"\bpresum(?:ed|es|e) (?:to be )?safe\b",
        "no opioid dose is safe for a person without tolerance; a guideline gives a usual starting "
        "dose, not a safe one",
        "'a usual starting dose'",
        "the first dose guidelines presume safe without tolerance",
    ),
)


@dataclass(frozen=True)
class Problem:
    file: str
    section: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.section}: {self.message}"


def chapter_files(root: Path = ROOT) -> list[str]:
    """Source files (``book/x.md``) of the pages under the chapters caption, in order."""
    return [f"{page}.md" for page in part_files(CHAPTER_CAPTION, root)]


def bib_keys(root: Path = ROOT) -> set[str]:
    return set(BIB_KEY.findall((root / "book" / "references.bib").read_text()))


def sections(text: str) -> dict[str, str]:
    """Level-2 sections (``## Title``) of a page, title -> body; code fences ignored."""
    masked = FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    heads = [
        (m.start(), m.end(), m.group(1).strip()) for m in re.finditer(r"^## +(.+)$", masked, re.MULTILINE)
    ]
    result: dict[str, str] = {}
    for index, (_start, end, title) in enumerate(heads):
        stop = heads[index + 1][0] if index + 1 < len(heads) else len(text)
        result[title] = text[end:stop]
    return result


def _section_of(text: str, position: int) -> str:
    titles = [m for m in re.finditer(r"^#{1,3} +(.+)$", text[:position], re.MULTILINE)]
    return f"section '{titles[-1].group(1).strip()}'" if titles else "top of file"


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _explore_calls(text: str) -> tuple[list[ast.Call], list[str]]:
    calls, errors = [], []
    for match in CODE_CELL.finditer(text):
        # Cell options (":tags: ...") become blank lines, so line numbers stay right.
        body = "\n".join("" if line.startswith(":") else line for line in match.group(1).splitlines())
        if "explore(" not in body:
            continue
        try:
            tree = ast.parse(body)
        except SyntaxError as error:
            errors.append(f"line {_line(text, match.start(1)) + (error.lineno or 1) - 1}: {error.msg}")
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "explore":
                    calls.append(node)
    return calls, errors


def _titles(text: str) -> set[str]:
    masked = FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return {m.group(1).strip().lower() for m in re.finditer(r"^#{1,6} +(.+)$", masked, re.MULTILINE)}


def book_labels(root: Path = ROOT) -> set[str]:
    return {label for page in (root / "book").glob("*.md") for label in LABEL.findall(page.read_text())}


GLUE_CALL = re.compile(r"""\bglue\(\s*(f?)(["'])(.+?)\2""")


def glued_keys(text: str) -> list[re.Pattern]:
    """The keys the chapter's code cells glue, as patterns (an f-string key such as
    ``f"faded_{day}"`` matches ``faded_28``)."""
    patterns = []
    for cell in CODE_CELL.findall(text):
        for is_f, _, key in GLUE_CALL.findall(cell):
            if is_f:
                parts = re.split(r"\{[^}]*\}", key)
                patterns.append(re.compile(r"[A-Za-z0-9_.-]+".join(re.escape(p) for p in parts)))
            else:
                patterns.append(re.compile(re.escape(key)))
    return patterns


def check_questions(text: str, check: str, name: str) -> list[Problem]:
    """The self-check's {question} directives: valid, enough, and enough about the figure."""
    problems: list[Problem] = []
    section = "## Self-check"
    figure_sections = {title.lower() for title, body in sections(text).items() if "explore(" in body}
    titles = _titles(text)
    labels: set[str] | None = None
    found = list(QUESTION.finditer(check))
    about_figure = 0
    offset = text.find(check)
    for number, match in enumerate(found, 1):
        where = f"line {_line(text, offset + match.start())}: question {number}"
        try:
            question = parse(match.group(2))
        except QuestionError as error:
            problems.append(Problem(name, section, f"{where}: {error}"))
            continue
        if question.kind == "state" and not re.search(
            r"""\bglue\(\s*["']"""
            + re.escape(question.answer_glue)
            + r"""["']\s*,\s*(?:\w+\.)*right_views\(""",
            text,
        ):
            problems.append(
                Problem(
                    name,
                    section,
                    f"{where}: the right views {question.answer_glue!r} must be glued from the models: "
                    f'glue("{question.answer_glue}", right_views(figure_id, predicate, *controls), '
                    "display=False), not a typed list",
                )
            )
        if question.kind == "number" and not question.answer_glue:
            problems.append(
                Problem(name, section, f"{where}: " + HAND_TYPED_ANSWER.format(answer=question.answer))
            )
        glued = glued_keys(text) if question.glue_keys() else set()
        for key in sorted(question.glue_keys()):
            if not any(pattern.fullmatch(key) for pattern in glued):
                problems.append(
                    Problem(
                        name,
                        section,
                        f"{where} reads the glued value {key!r}, but no code cell of the chapter "
                        f'glues it (glue("{key}", value, display=False))',
                    )
                )
        see = question.see.strip()
        if question.figure:
            if see.lower() in figure_sections:
                about_figure += 1
            else:
                problems.append(
                    Problem(
                        name,
                        section,
                        f"{where} is marked 'figure: true' but 'see: {see}' is not the title of a section "
                        "that holds a figure (a '## ...' section with an explore(...) cell)",
                    )
                )
        elif see.lower() not in titles:
            labels = book_labels() if labels is None else labels
            if see not in labels:
                problems.append(
                    Problem(
                        name,
                        section,
                        f"{where}: 'see: {see}' is neither a heading of this chapter nor a (label)= in book/",
                    )
                )
    if len(found) < MIN_QUESTIONS:
        problems.append(
            Problem(
                name,
                section,
                f"{len(found)} {{question}} directive(s); a chapter needs at least {MIN_QUESTIONS} "
                "(format in CONTRIBUTING.md, 'Write self-check questions')",
            )
        )
    if about_figure < MIN_FIGURE_QUESTIONS and found:
        problems.append(
            Problem(
                name,
                section,
                f"{about_figure} question(s) about the figure; at least {MIN_FIGURE_QUESTIONS} need "
                "'figure: true' and 'see: <the figure section's title>' "
                '("set the slider to ..., what do you see?")',
            )
        )
    return problems


def check_text(text: str, name: str, keys: set[str]) -> list[Problem]:
    """Every template part that ``text`` (a chapter's source) lacks, as problems."""
    problems: list[Problem] = []

    def need(condition: bool, section: str, message: str) -> None:
        if not condition:
            problems.append(Problem(name, section, message))

    header = text.split("\n---", 1)[0] if text.startswith("---") else ""
    need(
        "kernelspec:" in header and "jupytext:" in header,
        "header",
        "missing the jupytext header (---, jupytext: ..., kernelspec: ..., ---) at the top: "
        f"copy it from {TEMPLATE}",
    )
    need(
        re.search(r"^# +\S", text, re.MULTILINE) is not None,
        "title",
        "missing the chapter title (a line '# Title' after the header)",
    )
    need(
        re.search(r"\{admonition\} *Learning objectives", text) is not None,
        "title",
        "missing the learning objectives: a '```{admonition} Learning objectives' block "
        "with ':class: tip' and a numbered list, right after the title",
    )
    parts = sections(text)
    claim = parts.get("The claim, and what the evidence says")
    need(
        claim is not None,
        "## The claim, and what the evidence says",
        "section missing: add it after the learning objectives (what the source article claims)",
    )
    labels = re.findall(r"\{admonition\} *Evidence: *([^\n]*)", text)
    need(
        bool(labels),
        "## The claim, and what the evidence says",
        "missing the evidence label: an ':::{admonition} Evidence: <label>' block, where <label> is one of "
        + ", ".join(repr(label) for label in EVIDENCE_LABELS),
    )
    for label in labels:
        # A qualifier may follow the label: "Evidence: established in humans (PET); ...".
        need(
            re.match(rf"(?:{'|'.join(EVIDENCE_LABELS)})(?:$|[ ;,(:])", label.strip()) is not None,
            "## The claim, and what the evidence says",
            f"evidence label 'Evidence: {label.strip()}' does not start with one of "
            + ", ".join(repr(label) for label in EVIDENCE_LABELS),
        )

    calls, syntax_errors = _explore_calls(text)
    for error in syntax_errors:
        problems.append(Problem(name, "figure", f"a code cell calling explore( does not parse ({error})"))
    static = [c for c in calls if not any(k.arg == "live" for k in c.keywords)]
    need(
        bool(static),
        "figure",
        "missing a kernel-free figure: a code cell (tagged remove-input) calling "
        "explore(draw_x, describe_x, Control(...)) from naltrexone_course.explorer",
    )
    for call in static:
        need(
            len(call.args) >= 3,
            "figure",
            f"explore(...) on line {call.lineno} of its cell needs a drawing function, a describe "
            "function (the alt text for each frame) and at least one Control(...)",
        )
        if len(call.args) >= 2:
            describe = ast.unparse(call.args[1])
            need(
                "describe" in describe or "alt" in describe,
                "figure",
                f"the second argument of explore(...) is {describe!r}: pass the describe_x function "
                "that writes each frame's alt text (its name should start with describe_)",
            )
    need(
        re.search(r"\*\*Try this\.\*\*", text) is not None,
        "figure",
        "missing the figure caption: a paragraph starting '**Try this.**' with a '**Notice**' "
        "under each figure",
    )

    check = parts.get("Self-check")
    need(
        check is not None, "## Self-check", "section missing: add {question} directives (see CONTRIBUTING.md)"
    )
    if check is not None:
        problems.extend(check_questions(text, check, name))
    takeaways = parts.get("Key takeaways")
    need(takeaways is not None, "## Key takeaways", "section missing: add a short bullet list")
    if takeaways is not None:
        need(
            re.search(r"^[*-] ", takeaways, re.MULTILINE) is not None,
            "## Key takeaways",
            "no bullet points (lines starting '* ')",
        )
    references = parts.get("References")
    need(references is not None, "## References", "section missing: end the chapter with '## References'")
    need(
        references is not None and "{footbibliography}" in references,
        "## References",
        "missing the '```{footbibliography}' block that lists this chapter's citations",
    )

    problems.extend(_safety_problems(text, name))
    problems.extend(forbidden_problems(text, name))
    problems.extend(_citation_problems(text, name, keys))
    need(
        bool(CITE_ROLE.search(text)),
        "## The claim, and what the evidence says",
        "no citation: support the claims with {footcite:p}`key` (keys from book/references.bib)",
    )
    return problems


def _safety_problems(text: str, name: str) -> list[Problem]:
    """The safety rule: a chapter that talks about doses links to the safety page."""
    prose = CODE_CELL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    talk = DOSE_TALK.search(prose)
    if talk is None or SAFETY_LINK.search(text):
        return []
    return [
        Problem(
            name,
            "safety",
            f"line {_line(text, talk.start())}: talks about doses ({talk.group(0)!r}) but does not link to "
            "the safety page: add a link such as [Safety: what every reader must know](safety.md)",
        )
    ]


def forbidden_problems(text: str, name: str) -> list[Problem]:
    """Every :data:`FORBIDDEN` reading in a page's prose and self-checks (code cells not
    counted), with its line, its reason and the safer wording."""
    prose = CODE_CELL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    problems = []
    for rule in FORBIDDEN:
        for match in rule.regex().finditer(prose):
            phrase = " ".join(match.group(0).split())
            problems.append(
                Problem(
                    name,
                    "forbidden reading",
                    f"line {_line(text, match.start())}: {phrase!r}: {rule.reason}; write instead "
                    f"{rule.instead}",
                )
            )
    return problems


def _citation_problems(text: str, name: str, keys: set[str]) -> list[Problem]:
    """Unknown citation keys, hand-written footnotes and TODO placeholders."""
    problems: list[Problem] = []

    def need(condition: bool, section: str, message: str) -> None:
        if not condition:
            problems.append(Problem(name, section, message))

    for match in CITE_ROLE.finditer(text):
        for key in (k.strip() for k in match.group(1).split(",")):
            need(
                key in keys,
                _section_of(text, match.start()),
                f"line {_line(text, match.start())}: citation key {key!r} is not in book/references.bib "
                "(add the entry there, or fix the key)",
            )
    for match in FOOTNOTE.finditer(text):
        problems.append(
            Problem(
                name,
                _section_of(text, match.start()),
                f"line {_line(text, match.start())}: hand-written footnote {match.group(0)}: cite "
                "with {footcite:p}`key` instead (the build does not warn about broken footnotes)",
            )
        )
    for match in re.finditer(r"\bTODO\b", text):
        problems.append(
            Problem(
                name,
                _section_of(text, match.start()),
                f"line {_line(text, match.start())}: template placeholder TODO left in: replace it",
            )
        )
    return problems


def check_reference_page(text: str, name: str, keys: set[str]) -> list[Problem]:
    """The rules for a page in :data:`NOT_TEMPLATE`: a title, citations with existing keys,
    a ``{footbibliography}``, no hand-written footnotes, no TODO."""
    problems: list[Problem] = []
    if re.search(r"^# +\S", text, re.MULTILINE) is None:
        problems.append(Problem(name, "title", "missing the page title (a line '# Title')"))
    if not CITE_ROLE.search(text):
        problems.append(Problem(name, "citations", "no citation: cite every fact with {footcite:p}`key`"))
    if "{footbibliography}" not in text:
        problems.append(
            Problem(
                name, "## References", "missing the '```{footbibliography}' block that lists its citations"
            )
        )
    return problems + forbidden_problems(text, name) + _citation_problems(text, name, keys)


# --- the claims registry: evidence boxes against naltrexone_course.claims (issue 11) ---

EVIDENCE_BOX = re.compile(r"^:::\{admonition\} *Evidence: *([^\n]*)\n(.*?)^:::\s*$", re.MULTILINE | re.DOTALL)


def evidence_boxes(text: str) -> list[tuple[str, str]]:
    """Every ``:::{admonition} Evidence: <label>`` box of a chapter's source, as
    (label, body); the label is cut to the level it starts with."""
    boxes = []
    for match in EVIDENCE_BOX.finditer(text):
        raw = match.group(1).strip()
        level = next((lv for lv in EVIDENCE_LABELS if raw.startswith(lv)), raw)
        boxes.append((level, match.group(2)))
    return boxes


def _claims():
    """The claims registry (imported here so the other checks run without the package)."""
    from naltrexone_course import claims

    return claims


def box_problems(chapter: str, text: str) -> list[str]:
    """What is wrong with the evidence box(es) of ``chapter`` (source ``text``) against the
    claims registry (``naltrexone_course.claims``): the first box must carry the label of
    the chapter's claims."""
    claims = _claims()
    boxes = evidence_boxes(text)
    if not boxes:
        return [f"{chapter}: no ':::{{admonition}} Evidence: ...' box"]
    expected = claims.label_of(chapter)
    if boxes[0][0] != expected:
        names = ", ".join(repr(c.name) for c in claims.claims_of(chapter))
        return [
            f"{chapter}: its evidence box says {boxes[0][0]!r}, but the claims registry "
            f"(naltrexone_course.claims) labels {names} as {expected!r}"
        ]
    return []


def ladder_problems(text: str) -> list[str]:
    """The conclusion's evidence boxes against the registry: every claim's chapter is linked
    in the box of its own label, and in no box of another label."""
    claims = _claims()
    problems = []
    boxes = evidence_boxes(text)
    linked = {level: set(re.findall(r"\]\(([\w-]+\.md)\)", body)) for level, body in boxes}
    for c in claims.CLAIMS:
        if c.chapter not in linked.get(c.evidence, set()):
            problems.append(
                f"conclusion: the claim {c.name!r} ({c.evidence}) has no link to {c.chapter} "
                f"in the 'Evidence: {c.evidence}' box"
            )
        for level, chapters in linked.items():
            if level != c.evidence and c.chapter in chapters and claims.label_of(c.chapter) != level:
                problems.append(
                    f"conclusion: {c.chapter} is linked in the 'Evidence: {level}' box, "
                    f"but its claims are {c.evidence}"
                )
    return problems


def check_file(path: Path, root: Path = ROOT, keys: set[str] | None = None) -> list[Problem]:
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.exists():
        return [Problem(name, "file", "listed in _toc.yml but the file does not exist")]
    keys = bib_keys(root) if keys is None else keys
    if name in NOT_TEMPLATE:
        return check_reference_page(path.read_text(), name, keys)
    text = path.read_text()
    return check_text(text, name, keys) + typed_number_problems(text, name, root)


def other_page_problems(root: Path = ROOT) -> list[Problem]:
    """The forbidden readings in the pages of ``book/`` that are not chapters (teaching notes,
    glossary, introduction, ...): a promise of protection is no safer on a reference page."""
    chapters = {(root / f).resolve() for f in chapter_files(root)}
    return [
        problem
        for page in sorted((root / "book").glob("*.md"))
        if page.resolve() not in chapters
        for problem in forbidden_problems(page.read_text(), page.relative_to(root).as_posix())
    ]


# --------------------------------------------------------------------------- the Italian edition
# The same readings in Italian (issue 31): a translator edits the gettext catalogues under
# ``locales/it/LC_MESSAGES`` (.po files), and every translation (msgstr) is checked against
# these. Each entry names the English reading it carries over (``of``: that rule's example);
# the extra ones have ``of=""``.
LOCALES = "locales"
LABEL_IT = (
    r"(?:etichett[ae]|scheda tecnica|schede tecniche|RCP|riassunt[oi] delle caratteristiche del "
    r"prodotto|fogli[oi] illustrativ[oi]|bugiardino)"
)


@dataclass(frozen=True)
class ItalianForbidden(Forbidden):
    of: str = ""


FORBIDDEN_IT = (
    ItalianForbidden(
        rf"\b{LABEL_IT} (?:\w+ ){{0,3}}(?:promett\w*|promess\w*|garantisc\w*|assicur\w*)\b",
        FORBIDDEN[0].reason,
        "'la scheda tecnica riporta soltanto che 50 mg hanno bloccato 25 mg di eroina per via "
        "endovenosa fino a 24 ore'",
        "la scheda tecnica promette circa un giorno per compressa da 50 mg",
        of=FORBIDDEN[0].example,
    ),
    ItalianForbidden(
        r"\bnon contare su (?:alcun|nessun) blocco oltre\b",
        FORBIDDEN[1].reason,
        "'nessun blocco protegge da un sovradosaggio, in nessun momento; la scheda tecnica "
        "riporta soltanto ...'",
        "contro un sovradosaggio, non contare su alcun blocco oltre quello che la scheda tecnica stabilisce",
        of=FORBIDDEN[1].example,
    ),
    ItalianForbidden(
        rf"\b{LABEL_IT} (?:\w+ ){{0,2}}stabilisc\w* (?:un blocco di |per )?(?:solo |soltanto )?circa\b",
        FORBIDDEN[2].reason,
        "'la scheda tecnica riporta il blocco di una dose di prova (25 mg di eroina e.v.) fino a 24 ore'",
        "le schede tecniche stabiliscono circa un giorno per compressa da 50 mg",
        of=FORBIDDEN[2].example,
    ),
    ItalianForbidden(
        r"\baiuta (?:soprattutto|di più|più) quando (?:la persona|una persona|le persone|qualcuno) bev\w*\b"
        r"|\bagisce solo quando (?:una|la) persona beve\b"
        r"|\bmentre (?:il farmaco |il naltrexone )?è in circolo\b",
        FORBIDDEN[3].reason,
        "'nel modello giocattolo / nell'ipotesi dell'estinzione (dimostrata negli animali), ...'",
        "aiuta soprattutto quando la persona beve mentre il farmaco è in circolo",
        of=FORBIDDEN[3].example,
    ),
    ItalianForbidden(
        r"\ba differenza dell['’]astinenza (?:ordinaria|comune|abituale|spontanea)\b",
        FORBIDDEN[4].reason,
        "'l'astinenza precipitata insorge bruscamente e può essere così grave da richiedere il ricovero'",
        "A differenza dell'astinenza ordinaria, questa può essere così grave da richiedere il ricovero",
        of=FORBIDDEN[4].example,
    ),
    ItalianForbidden(
        r"\bPET (?:\w+ ){0,2}mostra un['’]occupazione quasi completa\b[^.]*\bgiorni\b"
        r"|\bche dura giorni (?:anziché|invece che|piuttosto che) ore\b",
        FORBIDDEN[5].reason,
        "'PET: 92-98% entro 8 h; uno studio a doppio rivelatore: emivita 72-108 h; blocco sormontabile'",
        "La PET mostra un'occupazione quasi completa dopo una compressa da 50 mg, "
        "che dura giorni anziché ore.",
        of=FORBIDDEN[5].example,
    ),
    ItalianForbidden(
        r"\bnaltrexone (?:orale |per via orale )?ha (?:superato|battuto) di poco il placebo\b",
        FORBIDDEN[6].reason,
        "'il naltrexone orale non ha fatto significativamente meglio del placebo'",
        "il naltrexone orale ha superato di poco il placebo perché pochi hanno continuato ad assumerlo",
        of=FORBIDDEN[6].example,
    ),
    ItalianForbidden(
        r"\b(?:nessuna|alcuna) differenza tra i (?:bracci|gruppi)\b[^.]{0,40}\b(?:sovradosaggi|overdose)\b",
        FORBIDDEN[7].reason,
        "'differenze non statisticamente significative, con pochi eventi'",
        "Lo studio non ha trovato alcuna differenza tra i bracci nelle overdose fatali o non fatali.",
        of=FORBIDDEN[7].example,
    ),
    ItalianForbidden(
        r"\b(?:recettori di riserva|riserva recettoriale)\b[^.]{0,60}\befficacia\b[^.]{0,40}"
        r"\bsi (?:frappongono|interpongono)\b",
        FORBIDDEN[8].reason,
        "'tra l'equazione e l'animale si frappongono la concentrazione cerebrale libera, il non "
        "equilibrio, i livelli in calo e un esito comportamentale'",
        "Concentrazioni cerebrali, recettori di riserva ed efficacia dell'agonista si frappongono "
        "tutti tra l'equazione e l'animale",
        of=FORBIDDEN[8].example,
    ),
    ItalianForbidden(
        r"\b1-2 ng/mL\b[^.]{0,40}\bCastillo\b[^.]{0,60}\bblocc\w*",
        FORBIDDEN[9].reason,
        "'sopra 2 ng/mL il gradimento era quasi del tutto bloccato (Castillo 2024); 1-2 ng/mL è "
        "l'intervallo che la pratica chiama terapeutico'",
        "molto al di sotto dell'intervallo di 1-2 ng/mL che Castillo e colleghi hanno trovato "
        "bloccare il gradimento",
        of=FORBIDDEN[9].example,
    ),
    # Occupancy is not protection, in the words an Italian sentence would use for it.
    ItalianForbidden(
        r"\bl['’]occupazione (?:dei recettori )?(?:è|equivale a|significa) (?:una )?protezione\b"
        r"|(?<!nessun\x20)(?<!alcun\x20)\bblocco (?:\w+ ){0,2}protegg\w* (?:\w+ ){0,3}"
        r"(?:sovradosaggio|overdose)\b",
        "occupancy is not protection: the blockade is surmountable, fades, and is judged against "
        "the person's sensitivity today, which rises as tolerance is lost",
        "'l'occupazione non è protezione: il blocco è sormontabile e svanisce; nessun blocco "
        "protegge da un sovradosaggio'",
        "con le iniezioni mensili il blocco protegge dal sovradosaggio per circa un mese",
    ),
)


def _english_rule(example: str) -> Forbidden:
    """The English reading whose example is ``example`` (for an Italian rule's ``of``)."""
    return next(rule for rule in FORBIDDEN if rule.example == example)


#: Issue 27's readings of a fading blockade as cover left, in Italian (negations pass).
_NOT_NEGATED = r"(?:(?!\bnon\b|\bnessun|\balcun)[^.]){0,40}"
FORBIDDEN_IT = FORBIDDEN_IT + (
    ItalianForbidden(
        r"\bblocco (?:è |si è )?(?:svanit[oa]|esaurit[oa]|dissolt[oa])\b",
        _english_rule("in the shaded strip below 2 the model says the blockade has faded").reason,
        "'il rapporto di dose scende fino alla tolleranza persa: dall'incrocio la vecchia dose "
        "abituale agisce con la stessa forza di prima'",
        "nella fascia ombreggiata sotto 2 il modello dice che il blocco è svanito",
        of="in the shaded strip below 2 the model says the blockade has faded",
    ),
    ItalianForbidden(
        r"\bmargine (?:di (?:copertura|sicurezza) )?(?:sopra|oltre|al di sopra del(?:la)?) "
        r"(?:la |una |alla )?(?:sua |loro )?dose (?:abituale|solita)\b"
        rf"|\bblocco (?:che svanisce|in calo|che si attenua)\b{_NOT_NEGATED}\b(?:margine|copertura)\b",
        _english_rule("a fading blockade still leaves a margin above the usual dose").reason,
        "'nessun margine: la tolleranza persa raggiunge il rapporto di dose (l'incrocio)'",
        "un blocco che svanisce lascia ancora un margine sopra la dose abituale",
        of="a fading blockade still leaves a margin above the usual dose",
    ),
)

#: Issue 27b's readings (the outside review), in Italian.
FORBIDDEN_IT = FORBIDDEN_IT + (
    ItalianForbidden(
        r"\b(?:in orario|secondo lo schema|senza dosi saltate)\b[^.]{0,60}"
        r"\bnon mostra (?:alcun |nessun )?incrocio\b",
        _english_rule("On schedule, the typical person shows no crossing").reason,
        "'la persona tipica, in questo modello, non arriva all'incrocio; una persona più sensibile sì'",
        "Secondo lo schema, la persona tipica non mostra alcun incrocio",
        of="On schedule, the typical person shows no crossing",
    ),
    ItalianForbidden(
        r"\bdose abituale (?:\w+ ){0,2}(?:resta|rimane) più debole (?:di prima|che prima)\b",
        _english_rule("so the old usual dose stays weaker than before treatment").reason,
        "'dall'incrocio la vecchia dose abituale agisce con la stessa forza di prima, o più'",
        "quindi la vecchia dose abituale resta più debole di prima del trattamento",
        of="so the old usual dose stays weaker than before treatment",
    ),
    ItalianForbidden(
        r"\bprima dose\b[^.]{0,60}\b(?:presum\w+|consider\w+|ritengono) sicur\w*"
        r"[^.]{0,30}\bsenza tolleranza\b",
        _english_rule("the first dose guidelines presume safe without tolerance").reason,
        "'nessuna dose di oppioide è sicura per chi ha perso la tolleranza'",
        "la prima dose che le linee guida presumono sicura senza tolleranza",
        of="the first dose guidelines presume safe without tolerance",
    ),
)

PO_STRING = re.compile(r'^(msgid|msgstr)\s+"(.*)"\s*$|^"(.*)"\s*$')


def po_messages(text: str) -> list[tuple[int, str, str]]:
    """The messages of a gettext ``.po`` file: (line of the msgstr, msgid, msgstr), in order."""
    messages: list[tuple[int, str, str]] = []
    field, line, parts = None, 0, {"msgid": [], "msgstr": []}

    def close() -> None:
        if parts["msgid"] or parts["msgstr"]:
            messages.append((line, "".join(parts["msgid"]), "".join(parts["msgstr"])))

    for number, raw in enumerate(text.splitlines(), 1):
        match = PO_STRING.match(raw.strip())
        if match is None:
            continue
        if match.group(1):
            if match.group(1) == "msgid":
                close()
                parts = {"msgid": [], "msgstr": []}
            else:
                line = number
            field = match.group(1)
            parts[field].append(match.group(2))
        elif field:
            parts[field].append(match.group(3))
    close()
    unescape = lambda s: s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")  # noqa: E731
    return [(n, unescape(i), unescape(s)) for n, i, s in messages if i]


def italian_problems(root: Path = ROOT) -> list[Problem]:
    """Every :data:`FORBIDDEN_IT` (and :data:`FORBIDDEN`: a sentence left in English) reading in
    the translations of ``locales/it``, with its line, its reason and the safer wording."""
    problems = []
    for po in sorted((root / LOCALES / "it").rglob("*.po")):
        name = po.relative_to(root).as_posix()
        for line, _, translated in po_messages(po.read_text(encoding="utf-8")):
            for rule in (*FORBIDDEN_IT, *FORBIDDEN):
                for match in rule.regex().finditer(translated):
                    phrase = " ".join(match.group(0).split())
                    problems.append(
                        Problem(
                            name,
                            "forbidden reading",
                            f"line {line}: {phrase!r}: {rule.reason}; write instead {rule.instead}",
                        )
                    )
    return problems


#: The glossary's table of English terms that get one Italian term (locales/it/GLOSSARY.md):
#: | English | Italian | Never | Note |, the refused forms quoted in the third column.
ONE_TERM_HEADING = "## One Italian term for one English term"


def one_term_rules(root: Path = ROOT) -> list[tuple[str, str, list[str]]]:
    """(English, the Italian term, the refused Italian forms) of each row of the glossary's
    :data:`ONE_TERM_HEADING` table (none when the glossary is absent)."""
    glossary = root / LOCALES / "it" / "GLOSSARY.md"
    if not glossary.exists():
        return []
    text = glossary.read_text(encoding="utf-8")
    at = text.find(ONE_TERM_HEADING)
    if at < 0:
        return []
    section = text[at:].split("\n## ", 1)[0]
    rules = []
    for row in re.findall(r"^\|(.+)\|\s*$", section, re.M):
        cells = [c.strip() for c in row.split("|")]
        refused = re.findall(r'"([^"]+)"', cells[2]) if len(cells) >= 3 else []
        if refused:
            rules.append((cells[0], cells[1], refused))
    return rules


def glossary_problems(root: Path = ROOT) -> list[Problem]:
    """Every refused form of :func:`one_term_rules` in a translation of ``locales/it`` (any case,
    wrapped across lines or not), with its line and the glossary's term."""
    rules = [
        (english, italian, re.compile(r"\b" + r"\s+".join(map(re.escape, form.split())) + r"\b", re.I))
        for english, italian, forms in one_term_rules(root)
        for form in forms
    ]
    problems = []
    for po in sorted((root / LOCALES / "it").rglob("*.po")) if rules else []:
        name = po.relative_to(root).as_posix()
        for line, _, translated in po_messages(po.read_text(encoding="utf-8")):
            for english, italian, refused in rules:
                for match in refused.finditer(translated):
                    problems.append(
                        Problem(
                            name,
                            "glossary term",
                            f"line {line}: {' '.join(match.group(0).split())!r} for {english!r}: the "
                            f"glossary's one term is {italian}",
                        )
                    )
    return problems


# --- issue 27: case pages and the clinic page (the part captioned PRACTICE_CAPTION) ---

PRACTICE_CAPTION = "Practice"
CASE_HEADING = re.compile(r"^## +(Case\b[^\n]*)$", re.MULTILINE)
#: What every case of a case page has: its level-3 sections, in any order.
CASE_PARTS = ("The story", "The figure", "The decision", "What the label and guidelines say")
#: A link to a figure in a chosen view: ``page.html#fig-id?name=key&...`` (raw HTML or Markdown).
#: A link to a figure in a view: MyST's ``[words](figure:PAGE#FIG?query)`` (the ``figure:``
#: scheme of _config.yml's myst_url_schemes, which gettext carries into the editions) or HTML.
DEEP_LINK = re.compile(
    r"""(?:href="|\]\(figure:|\]\()(?P<page>[\w-]+)(?:\.(?:html|md))?#(?P<fig>fig-[\w-]+)\?(?P<query>[^"\s)]*)"""
)


def practice_files(root: Path = ROOT) -> list[str]:
    """Source files of the pages under the caption :data:`PRACTICE_CAPTION`, in order."""
    return [f"{page}.md" for page in part_files(PRACTICE_CAPTION, root)]


def is_case_page(text: str) -> bool:
    """A case page is a page with ``## Case ...`` sections."""
    return bool(CASE_HEADING.search(text))


def _figures_of(page: Path) -> dict[str, set[str]]:
    """The figures a chapter draws (id -> its control names), from its explore(...) calls."""
    figures: dict[str, set[str]] = {}
    calls, _ = _explore_calls(page.read_text()) if page.exists() else ([], [])
    for call in calls:
        given = next((k.value for k in call.keywords if k.arg == "id"), None)
        if isinstance(given, ast.Constant):
            name = str(given.value)
        elif call.args:
            name = ast.unparse(call.args[0]).rsplit(".", 1)[-1]
        else:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^draw_", "", name).lower()).strip("-")
        fid = slug if slug.startswith("fig-") else f"fig-{slug}"
        controls = {
            arg.args[0].value
            for arg in call.args[2:]
            if isinstance(arg, ast.Call) and arg.args and isinstance(arg.args[0], ast.Constant)
        }
        figures[fid] = controls
    return figures


def deep_links(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """Every link to a figure's view in ``text``: (page, figure id, {control: value})."""
    links = []
    for m in DEEP_LINK.finditer(text):
        query = m.group("query").replace("&amp;", "&")
        pairs = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
        links.append((m.group("page"), m.group("fig"), pairs))
    return links


def check_case_page(text: str, name: str, keys: set[str], root: Path = ROOT) -> list[Problem]:
    """A case page: a title, at least one ``## Case`` section, and in every case its story, a
    figure (a link to a chapter's figure in a view, whose figure and controls exist, or a
    figure of its own), one decision (a valid {question} with every option explained) and
    what the label and guidelines say (with a citation); references; the forbidden readings."""
    problems: list[Problem] = []
    if re.search(r"^# +\S", text, re.MULTILINE) is None:
        problems.append(Problem(name, "title", "missing the page title (a line '# Title')"))
    cases = {title: body for title, body in sections(text).items() if title.startswith("Case")}
    if not cases:
        problems.append(Problem(name, "cases", "no '## Case ...' section"))
    titles = _titles(text)
    for title, body in cases.items():
        where = f"## {title}"
        parts = {m.group(1).strip(): m.start() for m in re.finditer(r"^### +(.+)$", body, re.MULTILINE)}
        for part in CASE_PARTS:
            if part not in parts:
                problems.append(Problem(name, where, f"missing '### {part}'"))
        links = deep_links(body)
        if not links and "explore(" not in body:
            problems.append(
                Problem(
                    name,
                    where,
                    "no figure: link to a chapter's figure in the case's state "
                    "(page.html#fig-x?name=value) or draw one with explore(...)",
                )
            )
        for page, fid, pairs in links:
            figures = _figures_of(root / "book" / f"{page}.md")
            if fid not in figures:
                problems.append(
                    Problem(name, where, f"the link names {fid} on {page}, which has no such figure")
                )
            elif set(pairs) - figures[fid]:
                problems.append(
                    Problem(
                        name,
                        where,
                        f"the link to {fid} sets {sorted(set(pairs) - figures[fid])}, "
                        f"not controls of that figure ({sorted(figures[fid])})",
                    )
                )
        found = list(QUESTION.finditer(body))
        if len(found) != 1:
            problems.append(Problem(name, where, f"{len(found)} decisions: a case ends in one {{question}}"))
        for match in found:
            try:
                question = parse(match.group(2))
            except QuestionError as error:
                problems.append(Problem(name, where, f"its decision does not parse: {error}"))
                continue
            if question.see.strip().lower() not in titles:
                problems.append(Problem(name, where, f"'see: {question.see}' is not a heading of the page"))
        say = re.search(
            r"^### +What the label and guidelines say\n(.*?)(?=^### |\Z)", body, re.MULTILINE | re.DOTALL
        )
        if say is not None and not CITE_ROLE.search(say.group(1)):
            problems.append(Problem(name, where, "what the label and guidelines say cites nothing"))
    references = sections(text).get("References")
    if references is None or "{footbibliography}" not in references:
        problems.append(
            Problem(name, "## References", "missing '## References' with its '```{footbibliography}'")
        )
    return (
        problems
        + _safety_problems(text, name)
        + forbidden_problems(text, name)
        + _citation_problems(text, name, keys)
    )


LIST_ITEM = re.compile(r"^\* (.*?)(?=^\* |^\s*$|^#|\Z)", re.MULTILINE | re.DOTALL)


def check_clinic_page(text: str, name: str, keys: set[str]) -> list[Problem]:
    """A summary page of the practice part: the reference-page rules, and every statement (each
    bullet) cited to a label or guideline."""
    problems = check_reference_page(text, name, keys)
    for match in LIST_ITEM.finditer(text):
        if not CITE_ROLE.search(match.group(1)):
            first = " ".join(match.group(1).split())[:60]
            problems.append(
                Problem(
                    name,
                    _section_of(text, match.start()),
                    f"line {_line(text, match.start())}: '{first}...' cites no label or guideline",
                )
            )
    return problems + _safety_problems(text, name)


def check_practice_file(path: Path, root: Path = ROOT, keys: set[str] | None = None) -> list[Problem]:
    """The rules for a page of the practice part: a case page, or a cited summary page."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.exists():
        return [Problem(name, "file", "listed in _toc.yml but the file does not exist")]
    keys = bib_keys(root) if keys is None else keys
    text = path.read_text()
    if is_case_page(text):  # its decisions are self-checks: no number typed by hand either
        return check_case_page(text, name, keys, root) + typed_number_problems(text, name, root)
    return check_clinic_page(text, name, keys)


# --------------------------------------------------------------------------- typed numbers (issue 30)
#: A number a reader is asked about or told in a self-check: a percentage, a fold or a ratio.
QUESTION_NUMBER = re.compile(r"(?<![\w.`$])(\d+(?:\.\d+)?)\s?(%|-fold|×| times\b)")
_LITERAL = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")
_MATH_OR_GLUE = re.compile(r"\{glue(?::text)?\}`[^`]*`|\$[^$\n]*\$")
TYPED_NUMBER = (
    "{number} is typed by hand: no code cell of the chapter holds it, the question's prompt does "
    "not give it and no cited paragraph of the book states it. A number the model computes comes "
    'from the model at build time: glue it in a code cell (glue("KEY", value, display=False)) and '
    "write {{glue:text}}`KEY:.0%`; a literature value is stated, with its citation, in the chapter's prose"
)


def _numbers(text: str, percent_of_fractions: bool = False) -> set[float]:
    out = set()
    for m in _LITERAL.finditer(text):
        value = float(m.group(1))
        out.add(round(value, 6))
        if percent_of_fractions:
            out.add(round(value * 100, 6))
    return out


#: A quantity stated in prose with its kind: "41%", "92-98%" (both ends), "3-fold", "2 times".
_STATED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s?(?:-|–|to)\s?(\d+(?:\.\d+)?))?\s?(%|-fold|×| times\b)")


def _kind(unit: str) -> str:
    """A percentage or a fold (-fold, ×, times): a number counts only as the same kind."""
    return "%" if unit == "%" else "fold"


@functools.cache
def cited_numbers(root: Path = ROOT) -> frozenset[tuple[float, str]]:
    """Every percentage or fold stated in a paragraph of ``book/`` that carries a citation,
    with its kind: the literature values the course quotes (code cells and self-checks not
    counted). "41 against 12 days" is no 41%."""
    found: set[tuple[float, str]] = set()
    for page in sorted((root / "book").glob("*.md")):
        prose = QUESTION.sub("", FENCE.sub("", page.read_text()))
        for paragraph in re.split(r"\n\s*\n", prose):
            if CITE_ROLE.search(paragraph):
                for m in _STATED.finditer(paragraph):
                    for number in (m.group(1), m.group(2)):
                        if number is not None:
                            found.add((round(float(number), 6), _kind(m.group(3))))
    return frozenset(found)


def typed_number_problems(text: str, name: str, root: Path = ROOT) -> list[Problem]:
    """Self-check numbers (percentages, folds, ratios) that no cell computes: in a question's
    prompt, options or explanations, a number must be glued from the model, or be a literal
    of one of the chapter's code cells (a control value; a fraction counts as its percentage),
    or, in an answer, be given by the prompt, or be a literature value stated with a
    citation somewhere in the book. 0% and 100% are always allowed."""
    known = _numbers("\n".join(CODE_CELL.findall(text)), percent_of_fractions=True)
    cited = cited_numbers(root)
    problems = []
    for number, match in enumerate(QUESTION.finditer(text), 1):
        try:
            question = parse(match.group(2))
        except QuestionError:
            continue  # reported by check_questions
        given = _numbers(_MATH_OR_GLUE.sub("", question.prompt))
        fields = [("prompt", question.prompt, set())]
        answers = [question.explain, question.too_low, question.too_high]
        answers += [t for o in question.options for t in (o.text, o.explain)]
        fields += [("answer", t, given) for t in answers]
        where = f"line {_line(text, match.start())}: question {number}"
        for kind, field_text, allowed in fields:
            for m in QUESTION_NUMBER.finditer(_MATH_OR_GLUE.sub("", field_text)):
                value = round(float(m.group(1)), 6)
                if value in (0.0, 100.0) or value in known or value in allowed:
                    continue
                if (value, _kind(m.group(2))) in cited:
                    continue
                problems.append(
                    Problem(
                        name, "## Self-check", f"{where} ({kind}): " + TYPED_NUMBER.format(number=m.group(0))
                    )
                )
    return problems


def main(argv: list[str]) -> int:
    only_chapters = "--only-chapters" in argv  # pre-commit: skip other pages it passes
    args = [arg for arg in argv if arg != "--only-chapters"]
    files = [Path(arg).resolve() for arg in args] or [ROOT / f for f in chapter_files()]
    if only_chapters:
        chapters = {(ROOT / f).resolve() for f in chapter_files()}
        files = [f for f in files if f in chapters]
    keys = bib_keys()
    problems = [p for path in files for p in check_file(path, keys=keys)]
    if not args:  # the whole book: the forbidden readings apply to the reference pages too
        problems += other_page_problems()
        practice = [ROOT / f for f in practice_files()]
        problems += [p for path in practice for p in check_practice_file(path, keys=keys)]
        files += practice
        problems += italian_problems()  # and to the Italian translations
        problems += glossary_problems()  # one Italian term for one English term
    problems = list(dict.fromkeys(problems))  # a practice page is also one of the other pages
    for problem in problems:
        print(problem)
    print(f"{len(files)} chapter(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
