"""The translation catalogues pass gettext's own check (``msgfmt -c --check-format``): a message
is flagged as a format string only when it is one. babel guesses ``python-format`` from any "%"
("50% of people": "% o" reads as a directive) and ``python-brace-format`` from any braces
(maths such as ``\\text{effect}``); the check then refuses the correct Italian of those
sentences. The writers (tools/editions.py ``update``, question_i18n.write_catalogue) keep only
the one real format: the figures' words, ``str.format`` templates with their numbers as ``{0}``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import question_i18n  # noqa: E402

CATALOGUES = sorted((ROOT / "locales" / "it" / "LC_MESSAGES").rglob("*.po"))


def _flagged(po_text: str) -> list[tuple[set[str], str, str]]:
    """(flags, msgid, msgstr) of every message of a .po file as written (babel's reader would
    guess the flags again from the text, so they are read from the file itself)."""
    found = []
    for entry in po_text.split("\n\n"):
        flags: set[str] = set()
        fields = {"msgid": [], "msgstr": []}
        field = None
        for line in entry.splitlines():
            if line.startswith("#, "):
                flags |= {f.strip() for f in line[3:].split(",")}
            elif line.startswith(("msgid ", "msgstr ")):
                field, _, rest = line.partition(" ")
                fields[field].append(rest)
            elif line.startswith('"') and field:
                fields[field].append(line)
        text = {k: "".join(s[1:-1] for s in v).encode().decode("unicode_escape") for k, v in fields.items()}
        found.append((flags, text["msgid"], text["msgstr"]))
    return found


def _babel_problems(po) -> list[str]:
    """What ``msgfmt -c --check-format`` would refuse, checked with babel's own checker
    (``python-format``) and the placeholders of ``str.format`` (``python-brace-format``)."""
    from babel.messages.catalog import Message, TranslationError
    from babel.messages.checkers import python_format

    problems = []
    for flags, msgid, msgstr in _flagged(po.read_text(encoding="utf-8")):
        if not msgid or not msgstr:
            continue
        if "python-format" in flags:
            try:
                python_format(None, Message(msgid, msgstr, flags=flags))
            except TranslationError as error:
                problems.append(f"{po.name}: {msgid[:60]!r}: {error}")
        if "python-brace-format" in flags:
            fields = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}")
            if set(fields.findall(msgid)) != set(fields.findall(msgstr)):
                problems.append(f"{po.name}: {msgid[:60]!r}: placeholders differ")
    return problems


def test_every_italian_catalogue_passes_gettexts_format_check():
    assert CATALOGUES
    problems = []
    msgfmt = shutil.which("msgfmt")  # Debian's gettext; babel's checker where it is missing
    for po in CATALOGUES:
        if msgfmt:
            run = subprocess.run(
                [msgfmt, "-c", "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True
            )
            errors = [line for line in run.stderr.splitlines() if "warning: header field" not in line]
            if run.returncode or errors:
                problems += errors or [f"{po}: msgfmt exit {run.returncode}"]
        else:
            problems += _babel_problems(po)
    assert not problems, "\n".join(problems[:20])


def test_a_percent_or_braces_in_prose_are_no_format_flag(tmp_path):
    """The catalogue writer flags a message as a format only when the catalogue is formatted
    (the figures' words: ``brace``), and then only with the brace format it has."""
    prose = tmp_path / "prose.po"
    messages = [("About 50% of people.", ""), ("$\\text{effect} = 1$", "")]
    question_i18n.write_catalogue(prose, messages, "it")
    assert "python-format" not in prose.read_text() and "python-brace-format" not in prose.read_text()
    figures = tmp_path / "figures.po"
    words = [("{0}% occupied at {1} mg", ""), ("50% of people", "")]
    question_i18n.write_catalogue(figures, words, "it")
    assert "format" not in figures.read_text(), "a catalogue not marked as formatted has no format flag"
    question_i18n.write_catalogue(figures, words, "it", brace=True)
    flagged = {msgid: flags for flags, msgid, _ in _flagged(figures.read_text()) if msgid}
    assert flagged == {"{0}% occupied at {1} mg": {"python-brace-format"}, "50% of people": set()}


def test_the_babel_check_refuses_what_msgfmt_refuses(tmp_path):
    """The fallback of the first test (no msgfmt on the machine) finds the problem msgfmt found
    in the old catalogues: a '%' sentence flagged python-format, its translation not a format."""
    po = tmp_path / "old.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "About 50% of people."\nmsgstr "Circa il 50% delle persone."\n\n'
        '#, python-brace-format\nmsgid "\\\\text{effect} = 1"\nmsgstr "\\\\text{effetto} = 1"\n',
        encoding="utf-8",
    )
    problems = _babel_problems(po)
    assert len(problems) == 2, problems
