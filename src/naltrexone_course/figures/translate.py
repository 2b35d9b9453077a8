"""The one translation function of the drawing layer: every text of a finished figure in another
language, numbers written as that language writes them.

A drawing function draws in English; :func:`translate_figure` then rewrites every matplotlib
``Text`` artist of the finished figure (titles, axis labels, legend entries, annotations, and
tick labels, whose formatters are wrapped so that labels made at draw time are translated too)
through a gettext catalogue, just before the frame is rendered. No figure module changes.

A string is looked up with its numbers taken out: ``"92% occupied at 50 mg"`` is the message
``"{0}% occupied at {1} mg"`` (msgid) and its translation (msgstr) puts the numbers back
where the translator placed them, written in the language's own way (Italian: decimal comma,
``1.5`` -> ``1,5``; thousands with a point, ``12,500`` -> ``12.500``). A text made only of
numbers and symbols (a tick label) needs no message. A string missing from the catalogue
raises :class:`MissingTranslation`, naming every missing message of the figure, so a build
fails rather than ship a frame half in English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported where a figure is translated: an edition's pages
    from matplotlib.figure import Figure  # (translate_text) are localised without it

#: A number as an English figure writes it: optional sign, thousands with commas, decimals
#: with a point. Not inside a word ("H2O", "TLR4", "A118G" keep their digits); a factor's "x"
#: may follow it ("107x" is the message "{0}x", not one message per value).
_END = r"(?:(?=x(?!\w))|(?!\w))"
NUMBER = re.compile(
    rf"(?<![\w.,])[-\u2212+]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?{_END}|(?<![\w.,])[-\u2212+]?\d+(?:\.\d+)?{_END}"
)
MATH = re.compile(r"\$[^$]*\$")
LETTERS = re.compile(r"[^\W\d_]")


class MissingTranslation(KeyError):
    """Figure strings the catalogue does not hold (the message ids, as a translator adds them)."""

    def __init__(self, messages: Iterable[str], language: str):
        self.messages = sorted(set(messages))
        self.language = language
        super().__init__(
            f"{len(self.messages)} figure string(s) missing from the {language!r} catalogue: "
            + "; ".join(repr(m) for m in self.messages)
        )

    def __str__(self) -> str:  # KeyError would print the repr of its argument
        return self.args[0]

    def __reduce__(self):  # raised in a worker process: it crosses back whole, message included
        return (type(self), (self.messages, self.language))


def message_id(text: str) -> tuple[str, list[str]]:
    """``text`` with its numbers replaced by ``{0}``, ``{1}``, ... (braces doubled), and the
    numbers in order. Maths (``$...$``) is kept whole."""
    numbers: list[str] = []
    out, at = [], 0
    spans = [m.span() for m in MATH.finditer(text)]

    def in_math(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    for match in NUMBER.finditer(text):
        if in_math(match.start()):
            continue
        out.append(text[at : match.start()].replace("{", "{{").replace("}", "}}"))
        out.append("{" + str(len(numbers)) + "}")
        numbers.append(match.group(0))
        at = match.end()
    out.append(text[at:].replace("{", "{{").replace("}", "}}"))
    return "".join(out), numbers


def italian_number(number: str) -> str:
    """An English figure's number as Italian writes it: ``1.5`` -> ``1,5``, ``12,500`` -> ``12.500``."""
    return number.replace(",", "\0").replace(".", ",").replace("\0", ".")


#: How each language writes a number (the English form in, the language's out).
NUMBER_STYLE: dict[str, Callable[[str], str]] = {"it": italian_number, "en": lambda n: n}


def needs_message(text: str) -> bool:
    """Whether ``text`` holds words (outside maths) that a catalogue must translate."""
    return LETTERS.search(MATH.sub("", message_id(text)[0])) is not None


def translate_text(
    text: str, catalogue: Mapping[str, str], language: str, missing: set[str] | None = None
) -> str:
    """``text`` in ``language`` (see the module's docstring). A missing message is added to
    ``missing`` and the text is returned as it is; without ``missing`` it raises."""
    if not text:
        return text
    style = NUMBER_STYLE[language]
    key, numbers = message_id(text)
    if not needs_message(text):
        template = key
    else:
        template = catalogue.get(key) or ""
        if not template:
            if missing is None:
                raise MissingTranslation([key], language)
            missing.add(key)
            return text
    try:
        return template.format(*(style(n) for n in numbers))
    except (IndexError, KeyError, ValueError) as error:
        raise ValueError(
            f"the {language!r} translation of {key!r} does not fit its numbers: {template!r}"
        ) from error


@functools.cache
def _translated_ticks() -> type:
    """The tick formatter class (made on first use, so that importing this module does not
    import matplotlib)."""
    from matplotlib.ticker import Formatter

    class TranslatedTicks(Formatter):
        """A tick formatter whose labels pass through :func:`translate_text` (labels are made at
        draw time, after the figure is finished)."""

        def __init__(self, inner: Formatter, translate: Callable[[str], str]):
            self.inner, self.translate = inner, translate

        def set_axis(self, axis) -> None:
            super().set_axis(axis)
            self.inner.set_axis(axis)

        def set_locs(self, locs) -> None:
            self.inner.set_locs(locs)

        def __call__(self, x, pos=None) -> str:
            return self.translate(self.inner(x, pos))

        def format_ticks(self, values) -> list[str]:
            return [self.translate(label) for label in self.inner.format_ticks(values)]

        def get_offset(self) -> str:
            return self.translate(self.inner.get_offset())

    return TranslatedTicks


def _shown_label(label: object) -> bool:
    """A label that names a series (matplotlib's own start with "_": "_child0", "_nolegend_")."""
    return isinstance(label, str) and bool(label.strip()) and not label.startswith("_")


def translate_figure(fig: Figure, catalogue: Mapping[str, str], language: str) -> Figure:
    """Every text of ``fig`` in ``language``, through ``catalogue`` (msgid -> msgstr), in place.
    Raises :class:`MissingTranslation` naming every string the catalogue lacks."""
    if language == "en":
        return fig
    missing: set[str] = set()

    def translate(text: str) -> str:
        return translate_text(text, catalogue, language, missing)

    from matplotlib.text import Text

    ticks = _translated_ticks()
    for artist in fig.findobj(Text):
        artist.set_text(translate(artist.get_text()))
    # the names of the series (a line's, a band's, a bar group's label): the legend shows them
    # as text (above), and the figure's data table names its series by them
    labelled = [a for a in fig.findobj(lambda a: not isinstance(a, Text)) if _shown_label(a.get_label())]
    labelled += [c for ax in fig.axes for c in ax.containers if _shown_label(c.get_label())]
    for artist in labelled:
        artist.set_label(translate(artist.get_label()))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for which in ("major", "minor"):
                get = getattr(axis, f"get_{which}_formatter")
                formatter = get()
                if not isinstance(formatter, ticks):
                    getattr(axis, f"set_{which}_formatter")(ticks(formatter, translate))
    fig.canvas.draw()  # makes the tick labels now, so a missing one is found here
    if missing:
        raise MissingTranslation(missing, language)
    return fig


def load_catalogue(path: str | Path) -> dict[str, str]:
    """msgid -> msgstr of a gettext ``.po`` file (fuzzy and empty translations left out)."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return {
        message.id: message.string
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }
