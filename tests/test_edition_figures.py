"""The figures of the Italian edition (tools/edition_figures.py and the engine's edition hooks):
a recorded figure is drawn again through the translation function with the engine's own
pipeline (an identity translation gives back the very same frame files, so frames without text
are shared between editions); a string missing from the figure catalogue fails; the words
around a figure (alt texts, control labels and options, captions) and glued numbers of a page
come out in Italian, and a word missing from the controls catalogue is reported."""

from __future__ import annotations

import html
import json
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import edition_figures  # noqa: E402

from naltrexone_course.figures import antagonism  # noqa: E402
from naltrexone_course.figures.translate import NUMBER, MissingTranslation, translate_text  # noqa: E402
from nxc_explorer import explorer  # noqa: E402

pytestmark = pytest.mark.figures

PAGE = (
    '<p>Before <span class="pasted-text">0.11</span> and <span class="pasted-text">12,500</span></p>'
    '<div class="nxc-explorer" id="fig-x" data-nxc-alts="'
    + html.escape(json.dumps(["At 0.1 nM, 48% of mu is occupied.", "At 1 nM, 90% of mu is occupied."]))
    + '" data-nxc-frames="{}"><div class="nxc-control"><label class="nxc-label">Free naltrexone</label>'
    '<span class="nxc-readout">0.1 nM</span><input type="range" aria-valuetext="0.1 nM" data-nxc-labels="'
    + html.escape(json.dumps(["0.1 nM", "1 nM"]))
    + '"></div><picture><img src="../_frames/'
    + "a" * 64
    + '.png" alt="At 0.1 nM, 48% of mu is occupied."></picture>'
    '<figcaption class="nxc-caption">Move the slider.</figcaption></div>'
    "<p>After the figure: Move the slider.</p>"
)
CONTROLS = {
    "At {0} nM, {1}% of mu is occupied.": "A {0} nM, il {1}% dei mu è occupato.",
    "{0} nM": "{0} nM",
    "Free naltrexone": "Naltrexone libero",
    "Move the slider.": "Muovi il cursore.",
}


def test_a_page_gets_its_figures_words_frames_and_numbers_in_italian():
    assert sorted(edition_figures.control_strings(PAGE)) == sorted(CONTROLS)
    page, missing = edition_figures.localise_page(
        PAGE, {"a" * 64 + ".png": "b" * 64 + ".png"}, CONTROLS, "it"
    )
    assert not missing
    assert 'alt="A 0,1 nM, il 48% dei mu è occupato."' in page
    alts = json.loads(html.unescape(page.split('data-nxc-alts="')[1].split('"')[0]))
    assert alts == ["A 0,1 nM, il 48% dei mu è occupato.", "A 1 nM, il 90% dei mu è occupato."]
    assert ">Naltrexone libero<" in page and 'aria-valuetext="0,1 nM"' in page
    assert '<figcaption class="nxc-caption">Muovi il cursore.</figcaption>' in page
    assert "b" * 64 + ".png" in page and "a" * 64 not in page
    assert (
        '<span class="pasted-text">0,11</span>' in page and '<span class="pasted-text">12.500</span>' in page
    )
    assert "<p>After the figure: Move the slider.</p>" in page, "prose outside figures is Sphinx's business"


def test_a_word_missing_from_the_controls_catalogue_is_reported_and_an_empty_one_stays_english():
    controls = dict(CONTROLS)
    del controls["Free naltrexone"]
    controls["Move the slider."] = ""
    page, missing = edition_figures.localise_page(PAGE, {}, controls, "it")
    assert missing == {"Free naltrexone"}
    assert "Move the slider.</figcaption>" in page


#: A picture a code cell shows itself (the figure-style page's palette sheet), and an image of
#: the page's own prose (its alt text is Sphinx's gettext business, not the figures').
OUTPUT_IMAGE_PAGE = (
    '<div class="cell tag_remove-input docutils container"><div class="cell_output docutils container">'
    '<div class="output text_html"><img src="data:image/png;base64,AAAA" width="440" '
    'alt="The house style: the mu receptor as a solid blue line."></div></div></div>'
    '<div class="cell_output docutils container"><img alt="../_images/plain-output.png" '
    'src="../_images/plain-output.png"></div>'
    '<p><img src="logo.png" alt="The logo of the book, drawn by hand."></p>'
)


def test_an_image_a_code_cell_shows_gets_its_alt_text_from_the_controls_catalogue():
    """The edition does not execute the notebook again: a code cell's own image keeps the
    English build's alt text unless the edition translates it as it does a figure's."""
    english = "The house style: the mu receptor as a solid blue line."
    assert edition_figures.control_strings(OUTPUT_IMAGE_PAGE) == [english]
    italian = "Lo stile del corso: il recettore mu come linea blu continua."
    page, missing = edition_figures.localise_page(OUTPUT_IMAGE_PAGE, {}, {english: italian}, "it")
    assert not missing
    assert f'alt="{italian}"' in page and english not in page
    assert 'alt="The logo of the book, drawn by hand."' in page, "prose images are Sphinx's"
    _, missing = edition_figures.localise_page(OUTPUT_IMAGE_PAGE, {}, {}, "it")
    assert missing == {english}, "a missing alt text is reported (the page gets the notice)"


def _recorded(tmp_path):
    """A real course figure, recorded as the built book records it (two frames, both layouts)."""
    store = tmp_path / "store"
    store.mkdir()
    combos = [{"free_naltrexone_nM": 0.1}, {"free_naltrexone_nM": 10}]
    files = explorer._render_files(antagonism.draw_receptor_occupancy, combos, ["wide", "narrow"], store)
    path = explorer.record_figure(
        store, antagonism.draw_receptor_occupancy, combos, ["wide", "narrow"], files
    )
    return store, dict(json.loads(path.read_text()), key=path.stem)


def test_an_identity_translation_draws_the_very_same_frames(tmp_path):
    store, record = _recorded(tmp_path)
    assert record["draw"] == "naltrexone_course.figures.antagonism:draw_receptor_occupancy"
    same = explorer.render_edition(record, edition_figures.drawing(record), lambda fig: fig, store)
    assert same and all(before == after for before, after in same.items())


def test_every_string_drawn_is_a_message_and_the_italian_frames_differ(tmp_path):
    store, record = _recorded(tmp_path)
    strings = edition_figures.figure_strings(record)
    assert strings, "no text found in a figure with titles and axes"
    assert not any(NUMBER.search(re.sub(r"\{\d+\}", "", s)) for s in strings), "a message holds a number"
    catalogue = {s: "IT " + s for s in strings}
    from naltrexone_course.figures.translate import translate_figure

    italian = explorer.render_edition(
        record, edition_figures.drawing(record), lambda fig: translate_figure(fig, catalogue, "it"), store
    )
    assert set(italian) == {n for names in record["frames"] for n in names if n}
    assert all(before != after for before, after in italian.items()), "a frame with text was not redrawn"
    assert all((store / name).exists() for name in italian.values())
    del catalogue[sorted(strings)[0]]
    with pytest.raises(MissingTranslation):
        explorer.render_edition(
            record, edition_figures.drawing(record), lambda fig: translate_figure(fig, catalogue, "it"), store
        )


def test_records_leave_out_figures_no_page_shows(tmp_path):
    store, record = _recorded(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<img src='_frames/" + "c" * 64 + ".png'>")
    assert edition_figures.records(store, site) == []
    (site / "page.html").write_text(f"<img src='_frames/{record['frames'][0][2]}'>")
    assert [r["key"] for r in edition_figures.records(store, site)] == [record["key"]]


def test_an_edition_lays_out_and_draws_its_frames_at_2x_only(tmp_path, monkeypatch):
    """The Italian collision check above looks at the 2x layout only: this holds it to what
    the engine does (a 1x file laid out at its own dpi would need its own check)."""
    store, record = _recorded(tmp_path)
    drawn_at = []
    real = explorer._rgb

    def spy(fig, dpi):
        drawn_at.append(dpi)
        return real(fig, dpi)

    monkeypatch.setattr(explorer, "_rgb", spy)
    catalogue = {s: "IT " + s for s in edition_figures.figure_strings(record)}
    from naltrexone_course.figures.translate import translate_figure

    mapping = explorer.render_edition(
        record, edition_figures.drawing(record), lambda fig: translate_figure(fig, catalogue, "it"), store
    )
    assert len(mapping) >= 8, "2 frames x 2 layouts x 1x and 2x files (and dark ones if drawn)"
    assert drawn_at and set(drawn_at) == {2 * explorer.BASE_DPI}, sorted(set(drawn_at))


def test_an_edition_gets_data_tables_in_its_language_named_as_its_frames_are(tmp_path):
    """A figure recorded with its data tables (as the build records it): the edition's tables
    are the translated figure's (series, panels, axes in its words), each frame's and the
    whole figure's, mapped from the English names; the numbers are the same."""
    import csv
    import io

    from naltrexone_course.figures.translate import translate_figure

    store = tmp_path / "store"
    store.mkdir()
    combos = [{"free_naltrexone_nM": 0.1}, {"free_naltrexone_nM": 10}]
    files = explorer._render_files(antagonism.draw_receptor_occupancy, combos, ["wide", "narrow"], store)
    whole = explorer._whole_table(files, store, explorer.site_prefix())
    path = explorer.record_figure(
        store, antagonism.draw_receptor_occupancy, combos, ["wide", "narrow"], files, whole
    )
    record = dict(json.loads(path.read_text()), key=path.stem)
    assert record["data"] == [f.data for f in files] and record["all"] == whole
    catalogue = {s: "IT " + s for s in edition_figures.figure_strings(record)}
    mapping = explorer.render_edition(
        record, edition_figures.drawing(record), lambda fig: translate_figure(fig, catalogue, "it"), store
    )
    for english in [*record["data"], whole]:
        italian = mapping[english]
        assert italian != english and (store / italian).exists()
        before = list(csv.DictReader(io.StringIO((store / english).read_text())))
        after = list(csv.DictReader(io.StringIO((store / italian).read_text())))
        assert len(before) == len(after) and before
        for row_en, row_it in zip(before, after):
            for column, value in row_en.items():
                if column in ("series", "panel", "x_label", "y_label") and value:
                    assert row_it[column] == translate_text(value, catalogue, "it"), (column, value)
                else:
                    assert row_it[column] == value, (column, value, row_it[column])


@pytest.mark.site
@pytest.mark.parametrize("page", ["book/reward", "book/antagonism"])
def test_the_italian_pages_data_tables_name_their_series_in_italian(site, page):
    """The built Italian page's figures link their own data tables (the table a screen reader
    opens, the CSV downloads), in the catalogue's words; the English page keeps its own."""
    import csv
    import io

    catalogue = edition_figures.usable(
        edition_figures.load(edition_figures.catalogue_path(ROOT / "locales", "it", "figures"))
    )

    def specs(path):
        text = path.read_text(encoding="utf-8")
        return [json.loads(html.unescape(s)) for s in re.findall(r'data-nxc-frames="([^"]*)"', text)]

    for english, italian in zip(specs(site / f"{page}.html"), specs(site / "it" / f"{page}.html")):
        assert english.get("data") and italian.get("data"), "a figure without data tables"
        for name_en, name_it in [*zip(english["data"], italian["data"]), (english["all"], italian["all"])]:
            assert name_en != name_it, f"it/{page} links the English table {name_en}"
            rows_en = list(csv.DictReader(io.StringIO((site / "_frames" / name_en).read_text())))
            rows_it = list(csv.DictReader(io.StringIO((site / "_frames" / name_it).read_text())))
            assert len(rows_en) == len(rows_it)
            for row_en, row_it in zip(rows_en[:50], rows_it[:50]):
                for column in ("series", "panel", "x_label", "y_label"):
                    if row_en.get(column):
                        assert row_it[column] == translate_text(row_en[column], catalogue, "it"), column


def _italian(draw, catalogue, raster: bool = True):
    """``draw`` with its finished figure sent through the figure catalogue, as the edition's
    frames are drawn (tools/edition_figures.py: translate_figure after drawing, then the
    engine lays the frame out). ``raster=False``: translate_figure's own draw of the figure
    (which lays it out and makes its tick labels) lays out and measures without rasterising
    (``test_figure_collisions.canvas_draws_layout_only``): the same layout, a third of the
    check's time; a test below holds the two to the same frames on a chapter."""
    import functools

    from test_figure_collisions import canvas_draws_layout_only

    from naltrexone_course.figures.translate import translate_figure

    @functools.wraps(draw)
    def italian(**kwargs):
        fig = draw(**kwargs)
        if raster:
            return translate_figure(fig, catalogue, "it")
        with canvas_draws_layout_only(fig):
            return translate_figure(fig, catalogue, "it")

    return italian


def _catalogue() -> dict[str, str]:
    return edition_figures.usable(
        edition_figures.load(edition_figures.catalogue_path(ROOT / "locales", "it", "figures"))
    )


@pytest.mark.parametrize("page", __import__("conftest").pages_drawing_figures())
def test_no_italian_frame_draws_anything_over_anything_else(page):
    """The collision check of tests/test_figure_collisions.py over every frame of the Italian
    edition, in both layouts: an Italian string longer than its English (a title, a legend, an
    annotation) must still fit its frame and clear everything else."""
    from test_accessibility import chapter_figures
    from test_figure_collisions import frame_collisions

    catalogue = _catalogue()
    problems = []
    for draw, _describe, controls in chapter_figures(page):
        # at 2x only: the edition's frames are laid out and drawn at 2x, and each 1x file is that
        # drawing averaged down (test below). English frames are also drawn at 1x, in a kernel
        # (Binder), so tests/test_figure_collisions.py checks them at both densities.
        problems += frame_collisions(_italian(draw, catalogue, raster=False), controls, densities=(2,))
    assert not problems, f"it/{page}: {len(problems)} collisions:\n" + "\n".join(problems[:40])


def _write_figures_po(locales, catalogue: dict[str, str]) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = edition_figures.catalogue_path(locales, "it", edition_figures.FIGURES_CATALOGUE)
    path.parent.mkdir(parents=True, exist_ok=True)
    po = Catalog(locale="it")
    for message, translated in catalogue.items():
        po.add(message, translated)
    with path.open("wb") as handle:
        write_po(handle, po)


def test_a_second_render_draws_nothing_and_a_changed_translation_draws_again(tmp_path, monkeypatch):
    """render() keeps its last result while the figures, the catalogue and the drawing code
    are the same (no worker started); a changed translation draws the frames again."""
    store, record = _recorded(tmp_path)
    site, cache, locales = tmp_path / "site", tmp_path / "cache", tmp_path / "locales"
    site.mkdir()
    (site / "page.html").write_text(f"<img src='_frames/{record['frames'][0][2]}'>")
    catalogue = {s: "IT " + s for s in edition_figures.figure_strings(record)}
    _write_figures_po(locales, catalogue)
    first = edition_figures.render(site, store, cache, locales, "it")
    assert first and all(english != italian for english, italian in first.items())

    def no_pool(count):
        raise AssertionError("an unchanged edition started its drawing workers")

    with monkeypatch.context() as patch:
        patch.setattr(edition_figures, "_pool", no_pool)
        assert edition_figures.render(site, store, cache, locales, "it") == first
    changed = sorted(catalogue)[0]
    catalogue[changed] = "ALTRO " + changed
    _write_figures_po(locales, catalogue)
    again = edition_figures.render(site, store, cache, locales, "it")
    assert set(again) == set(first) and again != first, "a changed translation did not draw the frames again"
    assert all((store / name).exists() for name in again.values())


def test_the_records_folder_is_the_engines(tmp_path):
    """edition_figures names the engine's records folder itself (no matplotlib import to read it)."""
    assert edition_figures.FIGURES_DIR == explorer.FIGURES_DIR


@pytest.mark.parametrize("page", ["book/oud", "book/craving"])
def test_the_translated_layout_without_pixels_is_the_rasterised_one(page):
    """The Italian check above lets translate_figure lay a frame out without rasterising it:
    every frame of a chapter, both ways, gets the same axes, the same text boxes and the same
    findings (as ``test_the_layout_only_step_matches_the_raster_step_on_a_chapter`` holds the
    engine's layout step)."""
    from test_accessibility import _layouts, chapter_figures
    from test_figure_collisions import frame_fingerprints

    catalogue = _catalogue()
    for draw, _describe, controls in chapter_figures(page):
        for layout in _layouts(draw):
            cheap = frame_fingerprints(_italian(draw, catalogue, raster=False), controls, layout, density=2)
            real = frame_fingerprints(_italian(draw, catalogue, raster=True), controls, layout, density=2)
            assert cheap == real, f"it/{page}: {draw.__name__} {layout}: the layout without pixels differs"


@pytest.mark.site
def test_the_italian_figure_style_page_draws_its_palette_sheet_in_italian(site, tmp_path):
    """The figure-style page's palette sheet is a figure of the engine (a still one), so the
    Italian edition draws it again from figures.po as it does every figure (issue 31): the
    Italian page's frames are the English ones' edition frames, and they are exactly the sheet
    drawn through the catalogue, every word of it translated (once the English build's picture,
    English words on the Italian page)."""
    from naltrexone_course import explorer as course  # noqa: F401  (the course's colours, dark frames)
    from naltrexone_course.figures.style import palette_sheet
    from naltrexone_course.figures.translate import translate_figure

    def frames(path):
        text = path.read_text(encoding="utf-8")
        opening = re.search(r'<div class="nxc-explorer"[^>]*\bid="fig-palette-sheet"[^>]*>', text)
        assert opening, f"{path.relative_to(site)}: the palette sheet is not a figure of the engine"
        assert "data:image" not in text, f"{path.relative_to(site)}: a picture the English build drew"
        (names,) = json.loads(
            html.unescape(re.search(r'data-nxc-frames="([^"]*)"', opening.group(0)).group(1))
        )["frames"]
        return names

    english = frames(site / "book" / "figure-style.html")
    italian = frames(site / "it" / "book" / "figure-style.html")
    edition = json.loads((site.parent / "it" / "frames.json").read_text())
    assert [n for n in english if n], "no frame files"
    for before, after in zip(english, italian):
        if before:
            assert after == edition[before] != before, f"{before}: the Italian page shows {after}"
            assert (site / "_frames" / after).exists()
    record = {"draw": "naltrexone_course.figures.style:palette_sheet", "combos": [{}], "layouts": None}
    catalogue = _catalogue()
    for message in edition_figures.figure_strings(record):
        assert catalogue.get(message, message) != message, f"{message!r} is drawn in English"

    def sheet_in_italian():
        return translate_figure(palette_sheet(), catalogue, "it")

    (drawn,) = explorer._render_files(sheet_in_italian, [{}], None, tmp_path, with_tables=False)
    assert drawn.names() == italian, "the Italian frames are not the sheet drawn from figures.po"
