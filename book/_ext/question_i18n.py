"""The self-checks in another language: their texts and the extension's own words from gettext
catalogues, so a translator edits ``.po`` files, never a chapter.

Catalogues (``locales/<lang>/LC_MESSAGES/``):

- ``questions/<page>.po``: every text of the page's ``{question}`` directives as written in the
  chapter (prompt, option texts, explanations, unit), MyST roles included; ``{glue:text}`KEY```
  stays in the translation, so a model's number still comes from the model.
- ``questions/interface.po``: the extension's and its script's own words ("Check answer",
  "Right.", ...).

:func:`extract` writes them (new messages empty, existing translations kept). In a build with
``language`` other than English, :func:`localise` gives the question in that language: a
message with an empty translation stays English (``tools/editions.py check`` counts it), a
message *missing* from the catalogue raises :class:`MissingMessage` (the catalogue is older than
the chapter: run ``tools/editions.py extras``), which fails the build.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from pathlib import Path

from question_format import Question, parse

DOMAIN = "questions"
INTERFACE = "interface"
#: The extension's words (questions.py) and its script's (questions.js), in English.
INTERFACE_MESSAGES = (
    "Check answer",
    "Choose one answer",
    "Choose every answer that applies",
    "Type a number",
    "Set the figure's controls, then check",
    "Where this is taught:",
    "Question",
    "about the figure",
    "Your answer",
    "Answer:",
    "Your progress",
    "Your progress through the chapters is shown here (it needs JavaScript, and stays in this browser only).",
    "Forget my progress",
    "Right.",
    "Right: {view}.",
    "Not this view. At {view}, the figure shows: {alt}",
    "The figure is still loading: try again in a moment.",
    "Answer with {link}the figure{end}: set its controls to the view you choose and press Check "
    "answer (it needs the page's script).",
    "Not quite.",
    "Not quite: too low.",
    "Not quite: too high.",
    "Not quite: {reasons}.",
    "{n} choice is wrong",
    "{n} choices are wrong",
    "{n} right choice is missing",
    "{n} right choices are missing",
    ", and ",
    "You chose \u201c{choice}\u201d:",
    "(done)",
    "({right} of {n} questions right)",
    "{done} of {total} chapters done.",
    "A chapter is done when you have answered each of its self-check questions right (a chapter "
    "with no questions: when you have opened it). This is kept in this browser only; nothing is "
    "sent anywhere.",
    "This browser does not let the page store anything, so your progress is kept for this visit only.",
)
#: A ``{question}`` directive in a chapter's MyST source (colon or backtick fence).
BLOCK = re.compile(r"^(?P<fence>:{3,}|`{3,})\{question\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)


class MissingMessage(KeyError):
    """Question texts the catalogue does not hold at all (not merely untranslated)."""

    def __str__(self) -> str:
        return self.args[0]


def texts(question: Question) -> list[str]:
    """Every translatable text of ``question``, in reading order, without repeats."""
    found = [question.prompt, question.unit, question.explain, question.too_low, question.too_high]
    found.append(getattr(question, "wrong", ""))  # a figure-state question's (issue 28)
    for option in question.options:
        found += [option.text, option.explain]
    seen: dict[str, None] = {}
    for text in found:
        if isinstance(text, str) and text.strip():
            seen.setdefault(text, None)
    return list(seen)


def page_questions(source: str) -> list[Question]:
    """The questions of a chapter's MyST source (invalid ones are the chapter check's business)."""
    questions = []
    for match in BLOCK.finditer(source):
        try:
            questions.append(parse(match.group("body")))
        except ValueError:
            continue
    return questions


def catalogue_path(locales: Path, lang: str, name: str) -> Path:
    return Path(locales) / lang / "LC_MESSAGES" / DOMAIN / f"{name}.po"


@functools.lru_cache(maxsize=64)
def _read(path: str, stamp: float) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return {m.id: ("" if m.fuzzy else m.string or "") for m in catalog if m.id and isinstance(m.id, str)}


def load(path: Path) -> dict[str, str] | None:
    """msgid -> msgstr ('' when untranslated or fuzzy) of a catalogue, or None if absent."""
    path = Path(path)
    if not path.exists():
        return None
    return _read(str(path), path.stat().st_mtime)


def translate(text: str, catalogue: dict[str, str], where: str, pending: list[str] | None = None) -> str:
    """``text`` through ``catalogue``: its translation, or itself while untranslated. A text
    missing from the catalogue raises :class:`MissingMessage`, unless ``pending`` is given: then
    it stays English and is appended there, as is a text the catalogue leaves untranslated."""
    if not text or not text.strip():
        return text
    if pending is not None and not catalogue.get(text):
        pending.append(text)
        return text
    if text not in catalogue:
        raise MissingMessage(
            f"{where}: {text[:60]!r} is not in the catalogue (run `python tools/editions.py extras`)"
        )
    return catalogue[text] or text


def localise(
    question: Question, catalogue: dict[str, str], where: str, pending: list[str] | None = None
) -> Question:
    """``question`` with every text of :func:`texts` translated through ``catalogue`` (texts
    left English are appended to ``pending`` when it is given, see :func:`translate`)."""

    def tr(text: str) -> str:
        return translate(text, catalogue, where, pending)

    options = [dataclasses.replace(o, text=tr(o.text), explain=tr(o.explain)) for o in question.options]
    return dataclasses.replace(
        question,
        prompt=tr(question.prompt),
        unit=tr(question.unit),
        explain=tr(question.explain),
        too_low=tr(question.too_low),
        too_high=tr(question.too_high),
        options=options,
        **({"wrong": tr(question.wrong)} if getattr(question, "wrong", "") else {}),
    )


#: The format flags babel guesses from a message's text: ``python-format`` for any "%" that could
#: start a directive ("50% of people": "% o" reads as one), ``python-brace-format`` for any
#: braces (maths such as ``\text{effect}``). gettext's ``msgfmt -c`` then checks the
#: translation as a format string and fails on a correct one ("il 50% dei" is not a format).
GUESSED_FORMATS = ("python-format", "python-brace-format")
#: The one format a message of the course may really be: the figures' words, whose numbers are
#: taken out as ``{0}``, ``{1}`` and put back with ``str.format``
#: (``naltrexone_course.figures.translate``). No catalogue is formatted with "%".
BRACE_FORMAT = "python-brace-format"


def mark_formats(catalog, brace: bool = False) -> None:
    """Every message of ``catalog`` (a babel ``Catalog``) flagged only with the format it is:
    ``python-brace-format`` when ``brace`` (the catalogue's messages are ``str.format``
    templates) and the message has a placeholder, else no format flag."""
    for message in catalog:
        if not message.id:
            continue
        for flag in GUESSED_FORMATS:
            message.flags.discard(flag)
        if brace and message.python_brace_format:
            message.flags.add(BRACE_FORMAT)


def write_catalogue(path: Path, messages: Iterable[tuple[str, str]], lang: str, brace: bool = False) -> int:
    """``path`` holding exactly ``messages`` (msgid, comment), translations already there kept;
    ``brace``: the messages are ``str.format`` templates (:func:`mark_formats`).
    Returns the number of messages."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    old: dict[str, tuple[str, bool]] = {}
    if path.exists():
        with path.open("rb") as handle:
            for m in read_po(handle):
                if m.id and isinstance(m.id, str):
                    old[m.id] = (m.string or "", m.fuzzy)
    catalog = Catalog(locale=lang, project="How Naltrexone Works", fuzzy=False)
    for msgid, comment in messages:
        string, fuzzy = old.get(msgid, ("", False))
        catalog.add(
            msgid, string, auto_comments=[comment] if comment else [], flags=["fuzzy"] if fuzzy else []
        )
    mark_formats(catalog, brace)
    import io

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    new = buffer.getvalue()

    def dateless(data: bytes) -> bytes:
        return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", data)

    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or dateless(path.read_bytes()) != dateless(new):  # no churn of dates
        path.write_bytes(new)
    return len(catalog)


def extract(book: Path, pages: Iterable[str], locales: Path, lang: str) -> list[Path]:
    """Write ``questions/<page>.po`` for every page with questions, and ``questions/interface.po``."""
    written = []
    for page in pages:
        source = Path(book) / f"{page}.md"
        if not source.exists():
            continue
        questions = page_questions(source.read_text(encoding="utf-8"))
        if not questions:
            continue
        messages = [(t, f"{page}: question {n}") for n, q in enumerate(questions, 1) for t in texts(q)]
        seen: dict[str, str] = {}
        for msgid, comment in messages:
            seen.setdefault(msgid, comment)
        path = catalogue_path(locales, lang, Path(page).name)
        write_catalogue(path, seen.items(), lang)
        written.append(path)
    path = catalogue_path(locales, lang, INTERFACE)
    write_catalogue(path, [(m, "the self-checks' own words") for m in INTERFACE_MESSAGES], lang)
    written.append(path)
    return written


def interface(locales: Path | None, lang: str) -> dict[str, str]:
    """English -> ``lang`` for :data:`INTERFACE_MESSAGES` (English where untranslated)."""
    words = {m: m for m in INTERFACE_MESSAGES}
    if locales is None or lang in ("", "en", None):
        return words
    catalogue = load(catalogue_path(locales, lang, INTERFACE)) or {}
    return {m: catalogue.get(m) or m for m in INTERFACE_MESSAGES}
