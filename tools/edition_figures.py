"""The figures of an edition in another language: the text drawn in every frame, the controls,
alt texts and captions, and the glued numbers, through gettext catalogues.

Catalogues (``locales/<lang>/LC_MESSAGES/``), written by :func:`extract` (existing translations
kept) and read by the edition's build:

- ``figures.po``: every string drawn in any frame of any figure (titles, axis labels, tick
  labels with words, legends, annotations), numbers taken out (``"{0}% occupied at {1} mg"``,
  see ``naltrexone_course.figures.translate``). Found by drawing every frame of every figure the
  English build recorded (``nxc_explorer.explorer.record_figure``).
- ``controls.po``: the words around the frames in the English pages: control labels and options,
  every frame's alt text, captions, the figure's buttons (numbers taken out the same way); and
  the alt text and caption of any image a code cell shows itself (:func:`figure_regions`).

:func:`render` draws every recorded figure's frames again through the drawing layer's one
translation function (``translate_figure``) into the frame store, with the engine's own
pipeline (``render_edition``); a frame whose pixels do not change (no text) keeps its content
address, so the editions share it. A string *missing* from ``figures.po`` fails the build
(``MissingTranslation``); a message present but not yet translated is drawn in English and
counted by ``tools/editions.py check``. Drawn maps are kept per figure under
``_build/.nxc_editions/<lang>/``, keyed by the figure's record, the catalogue and the
translation function, so an unchanged figure is not drawn again.

:func:`localise_page` gives an edition's page its figures: frame names replaced by the
edition's, the words of :data:`controls.po` translated, glued numbers written the language's
way (Italian: decimal comma).
"""

from __future__ import annotations

import hashlib
import html
import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
FIGURES_CATALOGUE = "figures"
CONTROLS_CATALOGUE = "controls"
EXPLORER_OPEN = re.compile(r'<div class="nxc-explorer"')
#: A code cell's output (myst-nb), and in it what a picture says: an image and a caption.
CELL_OUTPUT_OPEN = re.compile(r'<div class="cell_output\b')
OUTPUT_WORDS = re.compile(r"<img\b[^>]*>|<figcaption\b.*?</figcaption>", re.S)
#: The alt text myst-nb gives a plain image output: its file's name, no words to translate.
FILE_ALT = re.compile(r'\salt="[^"\s]*\.(?:png|jpe?g|gif|svg|webp)"', re.I)
#: Attributes of a figure's markup whose value a reader sees or hears.
SPOKEN_ATTRS = ("alt", "aria-label", "aria-valuetext", "title", "placeholder")
#: Attributes holding a JSON list of such texts (every frame's alt text, a slider's readouts).
LIST_ATTRS = ("data-nxc-alts", "data-nxc-labels")
PASTED = re.compile(r'(<span class="pasted-text">)([^<]*)(</span>)')
#: A frame's file, or a data table's (the edition's tables name series as its frames do).
FRAME_NAME = re.compile(r"[0-9a-f]{64}\.(?:png|csv)")


# ----------------------------------------------------------------------------- records
#: The frame store's folder of figure records (``nxc_explorer.explorer.FIGURES_DIR``, named
#: here so that reading the records does not import the engine and matplotlib).
FIGURES_DIR = "figures"
#: Which frames each English page uses, by page: (mtime_ns, size, names), kept between builds.
USED_MEMO = "used-frames.json"


def used_frames(site: Path, memo: Path | None = None) -> set[str]:
    """Every frame name the site's pages hold. With ``memo`` (a JSON file), a page whose
    modification time and size are those recorded there is not read again."""
    kept: dict = {}
    if memo is not None:
        try:
            kept = json.loads(memo.read_text())
        except (OSError, ValueError):
            kept = {}
    now: dict[str, list] = {}
    used: set[str] = set()
    for page in site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        stat = page.stat()
        key = page.relative_to(site).as_posix()
        entry = kept.get(key)
        if not (entry and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size):
            entry = [
                stat.st_mtime_ns,
                stat.st_size,
                sorted(set(FRAME_NAME.findall(page.read_text(encoding="utf-8")))),
            ]
        now[key] = entry
        used.update(entry[2])
    if memo is not None and now != kept:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(json.dumps(now))
    return used


def records(store: Path, site: Path | None = None, memo: Path | None = None) -> list[dict]:
    """The figures the English build recorded, those whose frames the site uses (a figure no
    page shows any more is left out), in a stable order. ``memo``: see :func:`used_frames`."""
    used = used_frames(site, memo) if site is not None else None
    found = []
    for path in sorted((Path(store) / FIGURES_DIR).glob("*.json")):
        record = json.loads(path.read_text())
        if used is not None and not any(n in used for names in record["frames"] for n in names if n):
            continue
        record["key"] = path.stem
        found.append(record)
    return found


def drawing(record: dict) -> Callable:
    """The recorded drawing function, imported by its name."""
    module, _, name = record["draw"].partition(":")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


# ----------------------------------------------------------------------------- figures.po
def figure_strings(record: dict) -> dict[str, str]:
    """Every message drawn in the figure's frames (all layouts) -> a comment saying where."""
    import matplotlib.pyplot as plt

    from naltrexone_course.figures.translate import MissingTranslation, translate_figure

    draw = drawing(record)
    found: dict[str, str] = {}
    for layout in record["layouts"] or [None]:
        for kwargs in record["combos"]:
            fig = draw(**kwargs) if layout is None else draw(**kwargs, layout=layout)
            try:
                translate_figure(fig, {}, "it")
            except MissingTranslation as missing:
                for message in missing.messages:
                    found.setdefault(message, record["draw"])
            finally:
                plt.close(fig)
    return found


def _strings_cached(args: tuple[dict, str]) -> dict[str, str]:
    record, cache = args
    path = Path(cache) / f"strings-{record['key']}-{_translate_source()[:16]}.json"
    if path.exists():
        return json.loads(path.read_text())
    found = figure_strings(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(found, sort_keys=True))
    return found


def _translate_source() -> str:
    from naltrexone_course.figures import translate

    return hashlib.sha256(Path(translate.__file__).read_bytes()).hexdigest()


def _pool(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=max(1, min(count, os.cpu_count() or 1)))


def all_figure_strings(store: Path, site: Path, cache: Path) -> dict[str, str]:
    """Every message of every recorded figure (message -> the figure it is first drawn in)."""
    found: dict[str, str] = {}
    todo = records(store, site)
    with _pool(len(todo)) as pool:
        for strings in pool.map(_strings_cached, [(r, str(cache)) for r in todo]):
            for message, where in strings.items():
                found.setdefault(message, where)
    return found


# ----------------------------------------------------------------------------- controls.po
def explorer_regions(page: str) -> list[tuple[int, int]]:
    """(start, end) of every figure's markup (``<div class="nxc-explorer" ...>`` to its close)."""
    return _div_regions(page, EXPLORER_OPEN)


def figure_regions(page: str) -> list[tuple[int, int]]:
    """(start, end) of everything a page's figures say, in order: every figure's markup
    (:func:`explorer_regions`) and, in a code cell's output outside them, each image (its alt
    text) and figure caption: a picture a notebook draws itself (the figure-style page's
    palette sheet) speaks to the reader as a figure does, and its words come from the English
    build's output, which no edition executes again."""
    explorers = explorer_regions(page)
    found = list(explorers)
    for start, end in _div_regions(page, CELL_OUTPUT_OPEN):
        for match in OUTPUT_WORDS.finditer(page, start, end):
            if FILE_ALT.search(match.group(0)):
                continue
            if not any(s <= match.start() < e for s, e in explorers):
                found.append((match.start(), match.end()))
    return sorted(found)


def _div_regions(page: str, opening: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of every ``<div>`` that ``opening`` finds, to its close (outermost only)."""
    regions = []
    for match in opening.finditer(page):
        if regions and match.start() < regions[-1][1]:
            continue
        depth, at = 0, match.start()
        for tag in re.finditer(r"<div\b|</div>", page[at:]):
            depth += 1 if tag.group(0) == "<div" else -1
            if depth == 0:
                regions.append((at, at + tag.end()))
                break
    return regions


def _map_texts(region: str, change: Callable[[str], str]) -> str:
    """``region`` with every text a reader sees or hears passed through ``change`` (text nodes,
    the attributes of :data:`SPOKEN_ATTRS`, the lists of :data:`LIST_ATTRS`)."""

    def attr(match: re.Match) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name in LIST_ATTRS:
            items = json.loads(value)
            new = json.dumps([change(item) if isinstance(item, str) else item for item in items])
        else:
            new = change(value)
        return f'{name}="{html.escape(new, quote=True)}"'

    names = "|".join(re.escape(a) for a in (*SPOKEN_ATTRS, *LIST_ATTRS))
    region = re.sub(rf'(?<=\s)({names})="([^"]*)"', attr, region)

    def text(match: re.Match) -> str:
        raw = match.group(1)
        stripped = raw.strip()
        if not stripped:
            return match.group(0)
        lead, trail = raw[: len(raw) - len(raw.lstrip())], raw[len(raw.rstrip()) :]
        return ">" + lead + html.escape(change(html.unescape(stripped)), quote=False) + trail + "<"

    parts = re.split(r"(<(?:script|style)\b.*?</(?:script|style)>)", region, flags=re.S)
    return "".join(p if p.startswith(("<script", "<style")) else re.sub(r">([^<]+)<", text, p) for p in parts)


def control_strings(page: str) -> list[str]:
    """The messages of a page's figures' words (numbers taken out, as in figures.po)."""
    from naltrexone_course.figures.translate import message_id, needs_message

    found: dict[str, None] = {}

    def collect(text: str) -> str:
        if needs_message(text):
            found.setdefault(message_id(text)[0], None)
        return text

    for start, end in figure_regions(page):
        _map_texts(page[start:end], collect)
    return list(found)


# ----------------------------------------------------------------------------- catalogues
def catalogue_path(locales: Path, lang: str, name: str) -> Path:
    return Path(locales) / lang / "LC_MESSAGES" / f"{name}.po"


def load(path: Path) -> dict[str, str] | None:
    """msgid -> msgstr of a catalogue ('' while untranslated or fuzzy), None if absent."""
    import question_i18n

    return question_i18n.load(path)


def usable(catalogue: dict[str, str]) -> dict[str, str]:
    """A catalogue as the translation function reads it: an untranslated message stays in
    English (its numbers still written the language's way); a message absent stays absent."""
    return {k: v or k for k, v in catalogue.items()}


def extract(site: Path, store: Path, cache: Path, locales: Path, lang: str) -> list[Path]:
    """Write ``figures.po`` and ``controls.po`` for ``lang`` from the English build."""
    import question_i18n

    figures = all_figure_strings(store, site, cache)
    controls: dict[str, str] = {}
    for page in sorted(site.glob("book/*.html")):
        for message in control_strings(page.read_text(encoding="utf-8")):
            controls.setdefault(message, page.stem)
    written = []
    for name, messages in ((FIGURES_CATALOGUE, figures), (CONTROLS_CATALOGUE, controls)):
        path = catalogue_path(locales, lang, name)
        comments = [
            (m, f"drawn in {w}" if name == FIGURES_CATALOGUE else f"page {w}") for m, w in messages.items()
        ]
        # both catalogues are read by translate_text, which formats with str.format
        question_i18n.write_catalogue(path, sorted(comments), lang, brace=True)
        written.append(path)
    return written


# ----------------------------------------------------------------------------- drawing
def _render_one(args: tuple[dict, dict[str, str], str, str, str]) -> dict[str, str]:
    record, catalogue, lang, store, cache = args
    # the book's explorer sets the engine up as the book is built with it: the course's exact
    # colours, and a dark variant of every frame (style.dark), so the dark frames are drawn
    # in the edition's language too, not kept from the English build
    import naltrexone_course.explorer  # noqa: F401
    from naltrexone_course.figures.translate import translate_figure
    from nxc_explorer.explorer import DARK, render_edition

    # the figure's own messages when `extras` found them (a translation elsewhere draws nothing
    # again), else the whole catalogue
    strings = Path(cache).parent / "strings" / f"strings-{record['key']}-{_translate_source()[:16]}.json"
    used = catalogue
    if strings.exists():
        own = json.loads(strings.read_text())
        if all(m in catalogue for m in own):
            used = {m: catalogue[m] for m in own}
    key = hashlib.sha256(
        json.dumps(
            [record, sorted(used.items()), _translate_source(), DARK.source, lang], sort_keys=True
        ).encode()
    ).hexdigest()
    path = Path(cache) / f"frames-{record['key']}.json"
    if path.exists():
        kept = json.loads(path.read_text())
        if kept.get("key") == key and all((Path(store) / n).exists() for n in kept["map"].values()):
            return kept["map"]
    mapping = render_edition(
        record, drawing(record), lambda fig: translate_figure(fig, catalogue, lang), Path(store)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"key": key, "map": mapping}))
    return mapping


def render(site: Path, store: Path, cache: Path, locales: Path, lang: str) -> dict[str, str]:
    """Every recorded figure's frames in ``lang`` (in the frame store): English frame name ->
    the edition's. Raises ``MissingTranslation`` for a string not in ``figures.po``."""
    path = catalogue_path(locales, lang, FIGURES_CATALOGUE)
    catalogue = load(path)
    if catalogue is None:
        raise FileNotFoundError(f"no figure catalogue {path}: run `python tools/editions.py extras {lang}`")
    todo = records(store, site, cache / USED_MEMO)
    memo = cache / lang / RENDER_MEMO
    key = _render_key(todo, usable(catalogue), lang)
    try:
        kept = json.loads(memo.read_text())
    except (OSError, ValueError):
        kept = {}
    if kept.get("key") == key and all((Path(store) / n).exists() for n in kept["map"].values()):
        return kept["map"]  # the same figures, catalogue and drawing code: nothing to draw
    mapping: dict[str, str] = {}
    with _pool(len(todo)) as pool:
        for found in pool.map(
            _render_one, [(r, usable(catalogue), lang, str(store), str(cache / lang)) for r in todo]
        ):
            mapping.update(found)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps({"key": key, "map": mapping}))
    return mapping


#: The last :func:`render`'s figures and result, under ``<cache>/<lang>/``.
RENDER_MEMO = "render.json"
#: The packages whose code draws an edition's frames (the figures, the engine, the dark variant).
DRAWING_PACKAGES = ("naltrexone_course", "nxc_explorer")


def _render_key(todo: list[dict], catalogue: dict[str, str], lang: str) -> str:
    """What every figure's frames in ``lang`` depend on: the records, the catalogue and every
    source file of :data:`DRAWING_PACKAGES` (more than each figure's own key holds, so that an
    unchanged key means every figure's own cache is valid, without starting a worker)."""
    import importlib.util

    digest = hashlib.sha256(json.dumps([todo, sorted(catalogue.items()), lang], sort_keys=True).encode())
    for package in DRAWING_PACKAGES:
        spec = importlib.util.find_spec(package)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        for path in sorted(folder.rglob("*.py")) if folder else []:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# ----------------------------------------------------------------------------- pages
class MissingControlText(KeyError):
    def __str__(self) -> str:
        return self.args[0]


def localise_page(
    page: str, frames: dict[str, str], controls: dict[str, str], lang: str
) -> tuple[str, set[str]]:
    """An edition's page with its figures in ``lang``: frame files, the figures' words (through
    ``controls``: msgid -> msgstr) and glued numbers. Returns the page and the messages that
    the catalogue lacks (the words stay English)."""
    from naltrexone_course.figures.translate import NUMBER, NUMBER_STYLE, translate_text

    missing: set[str] = set()
    usable_controls = usable(controls)

    def change(text: str) -> str:
        return translate_text(text, usable_controls, lang, missing)

    out, at = [], 0
    for start, end in figure_regions(page):
        out.append(page[at:start])
        out.append(_map_texts(page[start:end], change))
        at = end
    out.append(page[at:])
    page = "".join(out)
    if frames:
        page = FRAME_NAME.sub(lambda m: frames.get(m.group(0), m.group(0)), page)
    style = NUMBER_STYLE[lang]
    page = PASTED.sub(
        lambda m: m.group(1) + NUMBER.sub(lambda n: style(n.group(0)), m.group(2)) + m.group(3), page
    )
    return page, missing


def messages_of(paths: Iterable[Path]) -> int:
    total = 0
    for path in paths:
        total += len(load(path) or {})
    return total
