"""The course's editions: English (``make book``) and others from gettext catalogues (``make book-it``).

A translator edits ``locales/<lang>/LC_MESSAGES/book/<page>.po`` (one catalogue per page, as
Sphinx's ``gettext_compact = False`` reads them), never a chapter. Commands:

    python tools/editions.py pot            # the messages of every page, _build/gettext/**/*.pot
    python tools/editions.py update it      # merge them into locales/it (new messages empty,
                                            # changed ones fuzzy: babel's update, as sphinx-intl does)
    python tools/editions.py extras it      # the catalogues beside the prose: self-checks
                                            # (questions/*.po), text drawn in frames (figures.po),
                                            # figure controls, alt texts, captions (controls.po)
    python tools/editions.py build it       # the Italian HTML (_build/it/html), its figures'
                                            # frames drawn in Italian (tools/edition_figures.py),
                                            # then `link`
    python tools/editions.py link           # put the editions together in _build/html (below)
    python tools/editions.py check it       # is the edition complete? (twins, catalogues,
                                            # no English sentence left in a page's main text)

``build`` runs Sphinx with the English build's configuration and ``language`` set, reading the
executed notebooks from the English build's jupyter-cache and frame store (nothing is executed
again). ``link`` copies the edition into ``_build/html/<lang>/``, points its pages at the
site's one ``_frames/`` folder (frames are content-addressed: a frame without text is the same
file in both editions; an edition's own frames are added beside them), gives every page that
has a twin in the other edition a language switch that keeps the reader's place and figure view
(the address's hash goes along when it is followed), renews each changed page's
Content-Security-Policy, and writes the offline manifests again.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
#: The build folder (``NXC_BUILD_DIR`` names another: the benchmark builds into a temporary one).
BUILD = Path(os.environ.get("NXC_BUILD_DIR") or ROOT / "_build")
SITE = BUILD / "html"
LOCALES = ROOT / "locales"
#: The editions besides English, with the name of their language in that language.
EDITIONS = {"it": "Italiano"}
ENGLISH = "English"
SWITCH_MARK = "nxc-lang-switch"
#: Keeps the figure view: the switch link takes the address's hash (a figure's view) along.
SWITCH_SCRIPT = (
    '<script id="nxc-lang-keep">document.addEventListener("click",function(e){'
    'var a=e.target.closest&&e.target.closest("a.nxc-lang");'
    'if(a){a.href=a.href.split("#")[0]+location.hash}})</script>'
)


def _sphinx(builder: str, outdir: Path, doctrees: Path, overrides: dict, strict: bool) -> int:
    from jupyter_book.sphinx import build_sphinx

    config = {
        "external_toc_path": (ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nb_execution_cache_path": str(BUILD / ".jupyter_cache"),
        **overrides,
    }
    if strict:
        config["nitpicky"] = True
    os.environ.setdefault("NXC_FRAME_STORE", str(BUILD / ".nxc_frames"))
    result = build_sphinx(
        ROOT,
        outdir,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=config,
        builder=builder,
        doctreedir=doctrees,
        warningiserror=strict,
        keep_going=strict,
    )
    return 0 if result == 0 or result is None else 1


def pot() -> int:
    """The message templates of every page (Sphinx's gettext builder), every page read afresh
    (which messages a page has depends on the extensions too, not only on its source)."""
    shutil.rmtree(BUILD / ".doctrees-gettext", ignore_errors=True)
    return _sphinx(
        "gettext", BUILD / "gettext", BUILD / ".doctrees-gettext", {"gettext_compact": False}, False
    )


def update(lang: str) -> int:
    """Each page's catalogue in ``locales/<lang>`` brought up to its template (babel)."""
    from babel.messages.pofile import read_po, write_po
    from question_i18n import mark_formats

    templates = sorted((BUILD / "gettext").rglob("*.pot"))
    if not templates:
        print("no templates: run `python tools/editions.py pot` first")
        return 1
    for template_path in templates:
        name = template_path.relative_to(BUILD / "gettext").with_suffix(".po")
        target = LOCALES / lang / "LC_MESSAGES" / name
        with template_path.open("rb") as handle:
            template = read_po(handle)
        if target.exists():
            with target.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = template
            catalog.locale = lang
        mark_formats(catalog)  # prose: no format string, whatever "%" or braces it holds
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
    print(f"{len(templates)} catalogues in {LOCALES / lang}")
    return 0


STORE = BUILD / ".nxc_frames"
EDITION_CACHE = BUILD / ".nxc_editions"


def frames_map_path(lang: str, build: Path = BUILD) -> Path:
    return build / lang / "frames.json"


SITE_CATALOGUE = "site"


def site_messages(config: Path = ROOT / "_config.yml") -> list[str]:
    """The words every page carries from the book's configuration: the announcement (the
    not-medical-advice notice at the top) and the footer; and the notice of a page whose
    translation is pending (book/_ext/edition_pending.py)."""
    import edition_pending
    import yaml

    html_options = yaml.safe_load(config.read_text()).get("html", {})
    words = [html_options[k].strip() for k in ("announcement", "extra_footer") if html_options.get(k)]
    return [*words, edition_pending.NOTICE]


def localise_site_words(text: str, catalogue: dict[str, str]) -> str:
    """``text`` with the configuration's words (:func:`site_messages`) in the edition's language."""
    for english, translated in catalogue.items():
        if translated:
            text = text.replace(english, translated).replace(html.escape(english), html.escape(translated))
    return text


def extras(lang: str) -> int:
    """The catalogues that are not Sphinx prose, from the chapters and the English build."""
    import edition_figures
    import question_i18n
    from book_pages import toc_files

    if not (SITE / "index.html").exists():
        print("no English build: run `make book` first")
        return 1
    written = question_i18n.extract(ROOT, toc_files(ROOT), LOCALES, lang)
    site_po = LOCALES / lang / "LC_MESSAGES" / f"{SITE_CATALOGUE}.po"
    question_i18n.write_catalogue(site_po, [(m, "_config.yml: html") for m in site_messages()], lang)
    written.append(site_po)
    written += edition_figures.extract(SITE, STORE, EDITION_CACHE / "strings", LOCALES, lang)
    for path in written:
        print(f"{path.relative_to(ROOT)}: {edition_figures.messages_of([path])} messages")
    return 0


def build(lang: str) -> int:
    """The ``lang`` edition into ``_build/<lang>/html`` (:func:`sphinx_edition`), then its
    figures drawn in ``lang`` and :func:`link` (:func:`finish`)."""
    return sphinx_edition(lang) or finish(lang)


def sphinx_edition(lang: str) -> int:
    """Sphinx's HTML of the ``lang`` edition into ``_build/<lang>/html``: the English build's
    configuration, ``language`` set, the chapters' cached outputs (nothing executed again).
    It reads nothing of the English HTML, so ``tools/build_book.py`` runs it beside the
    English build."""
    return _sphinx(
        "html",
        BUILD / lang / "html",
        BUILD / lang / ".doctrees",
        # no offline manifest of its own: :func:`link` writes the site's one, of both editions
        {
            "language": lang,
            "locale_dirs": [str(LOCALES)],
            "gettext_compact": False,
            "nxc_offline_manifest": False,
        },
        True,
    )


def figures(lang: str) -> None:
    """The ``lang`` figures' frames and their map (which figures: those the English pages show,
    so after the English build; it reads nothing of the ``lang`` build)."""
    import edition_figures

    frames = edition_figures.render(SITE, STORE, EDITION_CACHE, LOCALES, lang)
    frames_map_path(lang).parent.mkdir(parents=True, exist_ok=True)
    frames_map_path(lang).write_text(json.dumps(frames, sort_keys=True))


def finish(lang: str) -> int:
    """:func:`figures`, then :func:`link`."""
    figures(lang)
    return link()


FRAMES = re.compile(r"(?P<lead>[\"\s,])(?P<up>(?:\.\./)*)_frames/")
#: A link to the printed handout (``make handout`` puts it in the site's one ``handout/``
#: folder, beside the English pages; there is no handout of an edition).
HANDOUT = re.compile(r'(?P<lead>href=")(?P<up>(?:\.\./)*)handout/')


#: What the edition's files are not: Sphinx's own records and the frames (the site's one
#: ``_frames`` folder holds them).
NOT_COPIED = ("_frames", ".buildinfo", "_sources", "_headers")


def _sync_files(built: Path, target: Path) -> list[Path]:
    """The built edition's files other than pages into ``target``: a file whose size or time
    differs from the built one's is copied (times kept), one no longer built is removed.
    Returns the built pages (the HTML files outside ``_static``)."""
    pages: list[Path] = []
    wanted: set[Path] = set()
    for folder, dirs, files in os.walk(built):
        dirs[:] = [d for d in dirs if d not in NOT_COPIED]
        here = Path(folder)
        for name in files:
            if name in NOT_COPIED:
                continue
            source = here / name
            relative = source.relative_to(built)
            wanted.add(relative)
            if name.endswith(".html") and "_static" not in relative.parts:
                pages.append(source)
                continue
            copy = target / relative
            a = source.stat()
            try:
                b = copy.stat()
                same = (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)
            except OSError:
                same = False
            if not same or relative.as_posix() == "_static/translations.js":
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy)
    if target.is_dir():
        for folder, _dirs, files in os.walk(target, topdown=False):
            here = Path(folder)
            for name in files:
                if (here / name).relative_to(target) not in wanted:
                    (here / name).unlink()
            if here != target and not any(here.iterdir()):
                here.rmdir()
    return pages


def _into_site_text(text: str) -> str:
    """A built edition page pointing at the site's ``_frames`` and ``handout`` folders."""
    new = FRAMES.sub(lambda m: f"{m.group('lead')}{m.group('up')}../_frames/", text)
    return HANDOUT.sub(lambda m: f"{m.group('lead')}{m.group('up')}../handout/", new)


#: Sphinx's translations.js hands its catalogue to ``Documentation.addTranslations``, which
#: compiles the plural rule with ``new Function``: string evaluation, refused by every page's
#: Content-Security-Policy (a page error in every edition page). The same catalogue is set
#: directly instead; the plural rule stays doctools' own ``n == 1 ? 0 : 1``, Italian's too.
ADD_TRANSLATIONS = "Documentation.addTranslations("
SET_TRANSLATIONS = (
    "(function(c){Object.assign(Documentation.TRANSLATIONS,c.messages);Documentation.LOCALE=c.locale})("
)


def _without_eval(script: Path) -> None:
    if script.exists():
        text = script.read_text(encoding="utf-8")
        if ADD_TRANSLATIONS in text:
            script.write_text(text.replace(ADD_TRANSLATIONS, SET_TRANSLATIONS), encoding="utf-8")


def switch(page: Path, twin: Path, lang: str, label: str) -> str:
    """The language switch of ``page``: a link to ``twin`` (its place kept by the script)."""
    href = posixpath.relpath(twin.as_posix(), page.parent.as_posix())
    return (
        f'<p class="{SWITCH_MARK}"><a class="nxc-lang" href="{html.escape(href)}" hreflang="{lang}" '
        f'lang="{lang}">{html.escape(label)}</a></p>'
    )


def add_switch(text: str, link: str) -> str:
    """``text`` with ``link`` at the top of the article and the keeping script (old ones replaced)."""
    text = re.sub(rf'<p class="{SWITCH_MARK}">.*?</p>', "", text, flags=re.S)
    text = re.sub(r'<script id="nxc-lang-keep">.*?</script>', "", text, flags=re.S)
    at = text.find('<article class="bd-article">')
    if at < 0:
        return text
    at += len('<article class="bd-article">')
    text = text[:at] + link + text[at:]
    end = text.rfind("</body>")
    return text[:end] + SWITCH_SCRIPT + text[end:]


MISSING_CONTROLS = "missing-controls.json"


def pending_path(lang: str, build: Path = BUILD) -> Path:
    """The list of the ``lang`` edition's pending messages by page (book/_ext/edition_pending.py
    writes the prose and self-checks; :func:`localise` adds the figures' words)."""
    import edition_pending

    return build / lang / edition_pending.PENDING_FILE


def read_pending(lang: str, build: Path = BUILD) -> dict[str, list[str]]:
    """Every message of the ``lang`` edition shown in English, by page: the prose and
    self-checks (``pending.json``) and the figures' words (``missing-controls.json``)."""
    pending: dict[str, list[str]] = {}
    for path in (pending_path(lang, build), build / lang / MISSING_CONTROLS):
        listed = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for doc, messages in listed.items() if isinstance(listed, dict) else []:
            pending.setdefault(doc, []).extend(messages)
    return pending


def add_notice(page_html: str, notice: str) -> str:
    """``page_html`` with the pending-translation notice under its title (once)."""
    import edition_pending

    if edition_pending.NOTICE_CLASS in page_html:
        return page_html
    block = f'<div class="admonition note {edition_pending.NOTICE_CLASS}"><p>{html.escape(notice)}</p></div>'
    article = page_html.find('<article class="bd-article">')
    end = page_html.find("</h1>", article if article >= 0 else 0)
    if end < 0:
        return page_html
    end += len("</h1>")
    return page_html[:end] + block + page_html[end:]


class _Localiser:
    """The edition's pages get their figures in ``lang`` (tools/edition_figures.py): frames
    drawn in the language, the controls' words, glued numbers. Fails on a word missing from
    ``controls.po`` (the catalogue is older than the book: run `editions.py extras`)."""

    def __init__(self, lang: str, site: Path, build: Path):
        import edition_figures
        import edition_pending

        mapped = frames_map_path(lang, build)
        self.frames = json.loads(mapped.read_text()) if mapped.exists() else {}
        self.controls = edition_figures.load(edition_figures.catalogue_path(LOCALES, lang, "controls"))
        if self.controls is None:
            raise SystemExit(
                f"no controls catalogue for {lang}: run `python tools/editions.py extras {lang}`"
            )
        for name in set(self.frames.values()):
            if not (site / "_frames" / name).exists() and (STORE / name).exists():
                shutil.copyfile(STORE / name, site / "_frames" / name)
        self.words = edition_figures.load(LOCALES / lang / "LC_MESSAGES" / f"{SITE_CATALOGUE}.po") or {}
        self.notice = self.words.get(edition_pending.NOTICE) or edition_pending.NOTICE
        self.lang = lang

    def page(self, text: str) -> tuple[str, list[str]]:
        """The page in the edition's language and the figure words it lacks (they stay English:
        the page says so with the pending notice)."""
        import edition_figures

        new, lacking = edition_figures.localise_page(
            localise_site_words(text, self.words), self.frames, self.controls, self.lang
        )
        if lacking:
            new = add_notice(new, self.notice)
        return new, sorted(lacking)

    def key(self) -> str:
        """What every page's localisation depends on besides the page."""
        return json.dumps([self.frames, self.controls, self.words, self.notice, self.lang], sort_keys=True)


def _report_missing(lang: str, missing: dict[str, list[str]], build: Path) -> None:
    missing_path = build / lang / MISSING_CONTROLS
    missing_path.parent.mkdir(parents=True, exist_ok=True)
    missing_path.write_text(json.dumps(missing, ensure_ascii=False, indent=1, sort_keys=True))
    if missing:  # the words stay English; `check` counts them (the edition is incomplete)
        print(
            f"{len(missing)} figure word(s) missing from locales/{lang}/LC_MESSAGES/controls.po "
            f"(run `python tools/editions.py extras {lang}`): " + "; ".join(sorted(missing)[:10])
        )


#: Which frames each page of the site uses, kept between builds (see :func:`_scan`).
USED_MEMO = ".nxc_site_frames.json"


def _scan(pages: list[Path], memo: Path, read) -> dict[Path, list]:
    """``sorted(read(text))`` of every page, kept in ``memo`` (JSON) for a page whose
    modification time and size are those recorded there."""
    try:
        kept = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    now: dict[str, list] = {}
    found: dict[Path, list] = {}
    for page in pages:
        stat = page.stat()
        entry = kept.get(str(page))
        if not (entry and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size):
            entry = [stat.st_mtime_ns, stat.st_size, sorted(read(page.read_text(encoding="utf-8")))]
        now[str(page)] = entry
        found[page] = entry[2]
    if now != kept:
        memo.write_text(json.dumps(now), encoding="utf-8")
    return found


def prune_frames(site: Path) -> list[str]:
    """Remove the frame and data files (PNG, CSV) no page of any edition uses any more (a
    figure changed since an earlier build): the site, and so the offline manifest, holds only
    what a reader can see."""
    from nxc_explorer import nxc_frames

    used: set[str] = set()
    pages = [page for page in site.rglob("*.html") if "_static" not in page.parts]
    for names in _scan(pages, site.parent / USED_MEMO, nxc_frames.frame_names).values():
        used.update(names)
    dropped = []
    for frame in [*(site / "_frames").glob("*.png"), *(site / "_frames").glob("*.csv")]:
        if frame.name not in used:
            frame.unlink()
            dropped.append(frame.name)
    return dropped


#: What :func:`link` did to each page at its last run (under ``<build>/<lang>/``).
LINK_MEMO = "link.json"


def _stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _link_key(lang: str, site: Path, localiser: _Localiser) -> str:
    """What every linked page depends on besides its built page: the localisation's inputs, the
    offline script (the loader names its version), and the code that links."""
    import edition_figures
    import edition_pending
    import offline

    from nxc_explorer import nxc_frames

    digest = hashlib.sha256(localiser.key().encode() + json.dumps([lang, EDITIONS, str(site)]).encode())
    for module in (sys.modules[__name__], edition_figures, edition_pending, offline, nxc_frames):
        digest.update(Path(module.__file__).read_bytes())
    script = site / "_static" / offline.SCRIPT
    digest.update(script.read_bytes() if script.exists() else b"")
    return digest.hexdigest()


def link(site: Path = SITE, build: Path = BUILD) -> int:
    """Put every built edition into ``site``, with language switches, policies and manifests.
    Every edition uses the site's one service worker and manifest (the offline script of the
    site's root ``_static``), so a reader's saved copy is of the edition they read.

    Only what changed is done again: an edition page is made again from its built page when
    that page, the page in the site or anything every page depends on (:func:`_link_key`)
    changed since the last link (``<build>/<lang>/link.json``); an English page gets its
    switch again when it changed since then."""
    import offline

    from nxc_explorer import nxc_frames

    for lang, label in EDITIONS.items():
        built = build / lang / "html"
        if not (built / "index.html").exists():
            continue
        target = site / lang
        (site / "_frames").mkdir(exist_ok=True)
        for frame in (built / "_frames").glob("*.png") if (built / "_frames").is_dir() else []:
            if not (site / "_frames" / frame.name).exists():
                shutil.copyfile(frame, site / "_frames" / frame.name)
        built_pages = _sync_files(built, target)
        _without_eval(target / "_static" / "translations.js")
        localiser = _Localiser(lang, site, build)
        key = _link_key(lang, site, localiser)
        memo_path = build / lang / LINK_MEMO
        try:
            memo = json.loads(memo_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            memo = {}
        known = memo.get("pages", {}) if memo.get("key") == key else {}
        pages: dict[str, dict] = {}
        missing: dict[str, list[str]] = {}
        for source in built_pages:
            relative = source.relative_to(built)
            page, english = target / relative, site / relative
            name = relative.as_posix()
            entry = known.get(name)
            if not (entry and entry["built"] == _stat(source) and entry["page"] == _stat(page)):
                text = _into_site_text(source.read_text(encoding="utf-8"))
                new, lacking = localiser.page(text)
                new = offline.add_loader(new, page, site)
                if english.exists():
                    new = add_switch(new, switch(page, english, "en", ENGLISH))
                new = nxc_frames.add_policy(new)
                page.parent.mkdir(parents=True, exist_ok=True)
                if not page.exists() or page.read_text(encoding="utf-8") != new:
                    page.write_text(new, encoding="utf-8")
                entry = {"built": _stat(source), "page": _stat(page), "lacking": lacking, "english": None}
            if english.exists() and entry["english"] != _stat(english):
                there = english.read_text(encoding="utf-8")
                now = nxc_frames.add_policy(add_switch(there, switch(english, page, lang, label)))
                if now != there:
                    english.write_text(now, encoding="utf-8")
                entry["english"] = _stat(english)
            if entry["lacking"]:
                missing[page.relative_to(target).with_suffix("").as_posix()] = entry["lacking"]
            pages[name] = entry
        for own in (offline.MANIFEST, offline.SIZES, offline.WORKER):
            (target / own).unlink(missing_ok=True)
        _report_missing(lang, missing, build)
        memo_path.parent.mkdir(parents=True, exist_ok=True)
        memo_path.write_text(json.dumps({"key": key, "pages": pages}), encoding="utf-8")
    prune_frames(site)
    offline.write(site)
    return 0


#: Common English words that an Italian sentence does not use: a sentence with several of them
#: is English. (Names, citations and the bibliography are left out before counting.)
ENGLISH_WORDS = frozenset(
    "the and of is are was were to with that this which from by for on at it its be been has have "
    "not or as an can may when what how who does after before than more less".split()
)
ALLOWED = (
    r'<div class="footnote[^"]*".*?</div>|<aside class="footnote.*?</aside>|<span class="citation".*?</span>'
    r"|<a class=\"reference[^\"]*\"[^>]*>\(?[^<]*\)?</a>"
)


#: An image with its alt text (group 1).
IMAGE_ALT = re.compile(r'<img\b[^>]*?\salt="([^"]*)"[^>]*>', re.S)


def _drop_pending(text: str) -> str:
    """``text`` without the elements marked as pending translation (class ``nxc-pending``)."""
    import edition_pending

    opening = re.compile(rf'<(\w+)\b[^>]*class="[^"]*\b{edition_pending.PENDING_CLASS}\b[^"]*"[^>]*>')
    return _drop_elements(text, opening)


def _drop_elements(text: str, opening: re.Pattern) -> str:
    """``text`` without every element whose opening tag ``opening`` finds (group 1, if any, is
    the tag's name; ``div`` otherwise), each to its own closing tag."""
    while (m := opening.search(text)) is not None:
        tag, depth, at = (m.group(1) if opening.groups else "div"), 1, m.end()
        for inner in re.finditer(rf"<(/?){tag}\b[^>]*>", text[at:]):
            depth += -1 if inner.group(1) else 1
            if depth == 0:
                at += inner.end()
                break
        else:
            at = len(text)
        text = text[: m.start()] + " " + text[at:]
    return text


def english_sentences(page_html: str) -> list[str]:
    """Sentences of a page's main text (its article, without code, maths, citations and the
    bibliography, with its images' alt texts) that read as English: three or more of
    :data:`ENGLISH_WORDS`. Passages marked
    as pending translation are left out only where the page says so (its notice): a pending
    passage on a page without the notice would be shown as if translated, so it counts."""
    import edition_pending

    article = re.search(r'<article class="bd-article">(.*?)</article>', page_html, re.S)
    text = article.group(1) if article else page_html
    if edition_pending.NOTICE_CLASS in text:
        text = _drop_pending(text)
    # an image's alt text is what a screen reader says (and a page shows while the image is
    # missing): each is a passage of its own, as a paragraph is; every image of the article
    # counts, those after a code cell's input too (the prose after one is cut off below)
    alts = [html.unescape(m.group(1)) for m in IMAGE_ALT.finditer(text)]
    text = _drop_elements(text, re.compile(r'<div\b[^>]*class="[^"]*\bcell_input\b[^"]*"[^>]*>'))
    text = re.sub(r"<(script|style|pre|svg|math|code)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(
        r'<(?:div|section)[^>]*(?:id="references|class="[^"]*(?:bibliography|footnote))[^>]*>.*',
        " ",
        text,
        flags=re.S,
    )
    text = re.sub(ALLOWED, " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = "\n\n".join([text, *alts])
    found = []
    for sentence in re.split(r"(?<=[.!?:;])\s+|\n{2,}", text):
        words = re.findall(r"[A-Za-z']+", sentence.lower())
        if sum(w in ENGLISH_WORDS for w in words) >= 3:
            found.append(" ".join(sentence.split())[:160])
    return found


def untranslated(lang: str, locales: Path = LOCALES) -> dict[str, int]:
    """Each page's catalogue with the number of messages not (or only fuzzily) translated."""
    from babel.messages.pofile import read_po

    missing = {}
    for po in sorted((locales / lang / "LC_MESSAGES").rglob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        count = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
        missing[po.relative_to(locales / lang / "LC_MESSAGES").with_suffix("").as_posix()] = count
    return missing


#: Catalogues whose untranslated messages reach the reader unmarked (drawn in frames, or
#: words of every page): an empty message there is a problem, never pending.
UNMARKED_CATALOGUES = ("figures", "controls", SITE_CATALOGUE)


def check(lang: str, site: Path = SITE, build: Path = BUILD, complete: bool = False) -> int:
    """Whether the ``lang`` edition is complete: every English page has its twin, no Italian
    page's main text holds an English sentence that is not marked as pending, and no catalogue
    whose words reach the reader unmarked (figures, controls, site) has an empty message.
    Messages pending translation (shown in English, marked ``lang="en"``, the page carrying a
    notice) are listed one by one, page by page, from the build's lists; with ``complete``
    they fail the check too (an edition to publish has none). Exit status 1 on any problem."""
    problems = []
    english_pages = sorted(p.relative_to(site) for p in (site / "book").glob("*.html"))
    for page in english_pages:
        twin = site / lang / page
        if not twin.exists():
            problems.append(f"{page}: no {lang} twin")
            continue
        for sentence in english_sentences(twin.read_text(encoding="utf-8"))[:3]:
            problems.append(f"{lang}/{page}: English sentence not marked as pending: {sentence!r}")
    counts = untranslated(lang)
    for name, count in counts.items():
        if count and name in UNMARKED_CATALOGUES:
            problems.append(f"locales/{lang}/LC_MESSAGES/{name}.po: {count} message(s) not translated")
    pending = read_pending(lang, build)
    listed = sum(len(messages) for messages in pending.values())
    for doc, messages in pending.items():
        print(f"PENDING {lang}/{doc}.html ({len(messages)}; shown in English with a notice):")
        for message in messages:
            print(f"    {' '.join(message.split())[:120]!r}")
    if complete and listed:
        problems.append(f"{listed} message(s) pending translation (listed above)")
    for problem in problems:
        print(problem)
    done = [name for name, count in counts.items() if not count]
    print(
        f"{lang} edition: {len(done)} of {len(counts)} catalogues fully translated; {listed} message(s) "
        f"pending on {len(pending)} page(s) (listed in {pending_path(lang, build)} "
        f"and {MISSING_CONTROLS}); {len(problems)} problem(s)"
    )
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["pot", "update", "extras", "build", "link", "check"])
    parser.add_argument("lang", nargs="?", default="it", choices=sorted(EDITIONS))
    parser.add_argument(
        "--complete", action="store_true", help="check: a message pending translation is a problem too"
    )
    args = parser.parse_args(argv)
    if args.command == "pot":
        return pot()
    if args.command == "update":
        return update(args.lang)
    if args.command == "extras":
        return extras(args.lang)
    if args.command == "build":
        return build(args.lang)
    if args.command == "check":
        return check(args.lang, complete=args.complete)
    return link()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
