"""Accessibility: what a learner with a screen reader, a keyboard or colour blindness meets.

* Every page of the built book passes an axe-core audit (vendored in tests/vendor,
  injected offline) with no serious or critical violation, except the documented
  theme exclusions below (each names its rule and the theme element, never our content).
* Every slider can be reached with Tab and moved with the arrow keys, and announces
  its value with its unit (``aria-valuetext``).
* Figures use the Okabe-Ito colours (or neutral greys), keep text readable (contrast),
  and never tell line series apart by colour alone (line style or marker differ).
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest
from matplotlib.colors import to_rgba

from conftest import ROOT, SHARED_FRAME_CHECKS, pages_drawing_figures, pages_with_figures, toc_files

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
THEME_FIXES = "theme-a11y.js"
BLOCKING = {"serious", "critical"}

#: Serious or critical findings we accept, each in the theme (never our content):
#: rule id -> (CSS selector of the theme element, reason). Empty: book/_assets/theme-a11y.js
#: fixes the theme's own findings (search and colour-mode buttons, table-of-contents
#: toggles, bibliography roles).
EXCLUSIONS: dict[str, tuple[str, str]] = {}

#: Okabe & Ito (2008), "Color Universal Design": the eight colours.
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
}


# --------------------------------------------------------------------------- helpers
def _hex(colour) -> str:
    r, g, b, _ = to_rgba(colour)
    return "#{:02X}{:02X}{:02X}".format(*(round(255 * c) for c in (r, g, b)))


def _is_grey(colour) -> bool:
    r, g, b, _ = to_rgba(colour)
    return max(r, g, b) - min(r, g, b) < 0.02


def _allowed(colour) -> bool:
    """Okabe-Ito or a neutral grey (black, white and greys are safe for every viewer)."""
    return _is_grey(colour) or _hex(colour) in OKABE_ITO


def contrast_on_white(colour) -> float:
    """WCAG contrast of ``colour`` on the white figure, a translucent colour blended with the
    white first (as it is drawn)."""
    from naltrexone_course.figures import style

    r, g, b, alpha = to_rgba(colour)
    return style.contrast_ratio(tuple(alpha * c + (1 - alpha) for c in (r, g, b)), "white")


def _code_cells(page: str) -> list[str]:
    text = (ROOT / f"{page}.md").read_text()
    return re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)


def chapter_figures(page: str) -> list[tuple[object, object, list]]:
    """(draw, describe, controls) for every ``explore(...)`` on ``page``, found by running
    the chapter's code with ``explore`` replaced by a recorder (no frames drawn)."""
    from naltrexone_course import explorer
    from nxc_explorer import explorer as engine

    found = []
    real = explorer.explore

    def record(draw, describe, *controls, id=None, **kwargs):
        # made on the page, as explore makes it: a figure-state self-check reads its controls
        engine._FIGURES[engine.figure_id(draw, id)] = tuple(controls)
        found.append((draw, describe, list(controls)))

    explorer.explore = record
    try:
        namespace: dict = {"__name__": "__main__"}
        for source in _code_cells(page):
            lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!", ":"))]
            exec(compile("\n".join(lines), f"{page}.md", "exec"), namespace)
    finally:
        explorer.explore = real
    return found


def _corners(controls) -> list[dict]:
    """The default frame and the frames at the ends of each control's range."""
    default = {c.name: c.values[c.default_index] for c in controls}
    frames = [default]
    for c in controls:
        for value in (c.values[0], c.values[-1]):
            frames.append({**default, c.name: value})
    unique = []
    for f in frames:
        if f not in unique:
            unique.append(f)
    return unique


# --------------------------------------------------------------------------- colour (no browser)
def test_house_colours_are_okabe_ito():
    from naltrexone_course.figures import style

    for role, colour in style.COLOURS.items():
        assert _allowed(colour), f"style.COLOURS[{role!r}] = {colour} is neither Okabe-Ito nor a neutral grey"
    for colour in style.CYCLE:
        assert _allowed(colour), f"style.CYCLE holds {colour}, not an Okabe-Ito colour"
    assert [_hex(c) for c in plt.rcParams["axes.prop_cycle"].by_key()["color"]] == [
        _hex(c) for c in style.CYCLE
    ]
    for role, colour in style.TEXT_COLOURS.items():
        assert contrast_on_white(colour) >= 4.5, f"style.TEXT_COLOURS[{role!r}] is too light for text"
    # every named series has its own line style and marker, so colour is never alone
    for table in (style.LINESTYLES, style.MARKERS):
        assert len(set(table.values())) == len(table), f"{table} repeats a style"


def test_palette_png_keeps_house_colours_exact():
    """Quantising a frame to a palette PNG must not shift the house colours."""
    import io

    import numpy as np
    from PIL import Image

    from naltrexone_course.explorer import render_png
    from naltrexone_course.figures import style

    fig, (ax,) = style.new_figure(1)
    for i, colour in enumerate(style.COLOURS.values()):
        ax.plot([0, 1], [i, i], color=colour, linewidth=8)
    ax.text(0.5, 3.5, "some text in black")
    rgb = np.asarray(Image.open(io.BytesIO(render_png(fig))).convert("RGB")).reshape(-1, 3)
    present = {"#{:02X}{:02X}{:02X}".format(*p) for p in np.unique(rgb, axis=0)}
    for role, colour in style.COLOURS.items():
        assert _hex(colour) in present, f"{role} ({colour}) is not kept exactly in the palette PNG"
    assert "#FFFFFF" in present, "the white background shifted"


@pytest.mark.parametrize("page", pages_drawing_figures())
def test_figures_never_rely_on_colour_alone(page):
    try:
        figures = chapter_figures(page)
    except Exception as error:  # the chapter tests report a broken chapter
        pytest.skip(f"{page}: chapter code failed: {type(error).__name__}: {error}")
    assert figures, f"{page}: no explore(...) call ran"
    for draw, _describe, controls in figures:
        _check_figure(page, draw, controls)


#: CSS px a figure is shown at (measured in Chromium, tests/test_browser.py checks them):
#: the narrow frames on a 360 px phone and the wide ones on the narrowest screen that
#: gets them (768 px; NARROW_MEDIA in the explorer); the frame's own 1x width when smaller.
SHOWN_WIDTH_PX = {"narrow": 311, "wide": 688}
MIN_TEXT_PX = 10.0


def _layouts(draw) -> list[str]:
    from nxc_explorer.explorer import accepts_layout

    # a drawing function without a layout is shown wide on phones too
    return ["wide", "narrow"] if accepts_layout(draw) else ["wide"]


def smallest_text_px(
    fig, layout: str, narrow_available: bool = True, drawn: bool = False
) -> tuple[float, str]:
    """The smallest text in ``fig`` as shown on screen, in CSS px (font size x scale),
    and the text itself. ``drawn``: the figure has been drawn already (its tick labels exist)."""
    from naltrexone_course.explorer import BASE_DPI

    if not drawn:
        fig.canvas.draw()  # tick labels exist only once drawn
    natural = fig.get_figwidth() * BASE_DPI  # CSS px of the 1x frame
    shown = min(natural, SHOWN_WIDTH_PX["narrow" if layout == "narrow" or not narrow_available else "wide"])
    scale = shown / natural
    smallest = (float("inf"), "")
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        px = text.get_fontsize() / 72 * BASE_DPI * scale
        smallest = min(smallest, (px, text.get_text()))
    return smallest


@dataclass(frozen=True)
class DrawnFrame:
    """One corner frame of a chapter figure in one layout, drawn and laid out by Agg."""

    draw: object
    values: dict
    layout: str
    layouts: int  # how many layouts the figure has (1: shown wide on phones too)
    fig: object
    renderer: object


@functools.lru_cache(maxsize=2)
def drawn_corner_frames(page: str) -> tuple[DrawnFrame, ...]:
    """The default and end-of-range frames (:func:`_corners`) of every figure on ``page``, in
    each layout, each drawn once with its own Agg renderer. The legibility and the frame-edge
    checks (``SHARED_FRAME_CHECKS``) read the same drawings: the conftest puts both checks of a
    page in one group, next to each other, so each page's frames are drawn once per run."""
    assert SHARED_FRAME_CHECKS  # the checks that call this, grouped by page in the conftest
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    frames = []
    for draw, _describe, controls in chapter_figures(page):
        layouts = _layouts(draw)
        for values in _corners(controls):
            for layout in layouts:
                fig = draw(**values, layout=layout) if len(layouts) > 1 else draw(**values)
                plt.close(fig)  # out of pyplot's list of open figures; the drawing is kept here
                renderer = FigureCanvasAgg(fig).get_renderer()
                fig.draw(renderer)
                frames.append(DrawnFrame(draw, values, layout, len(layouts), fig, renderer))
    return tuple(frames)


@pytest.mark.parametrize("page", pages_with_figures())
def test_every_figure_text_is_legible_where_it_is_shown(page):
    """At least 10 CSS px for every text of every chapter figure, in each layout, at the
    width where a learner sees it (a figure without a narrow layout is shown wide on a phone)."""
    frames = drawn_corner_frames(page)
    assert frames, f"{page}: no explore(...) call ran"
    for f in frames:
        px, text = smallest_text_px(f.fig, f.layout, narrow_available=f.layouts > 1, drawn=True)
        assert px >= MIN_TEXT_PX, (
            f"{page}: {f.draw.__name__}({f.values}, layout={f.layout!r}): text {text!r} is "
            f"{px:.1f} CSS px tall where it is shown (needs {MIN_TEXT_PX:.0f}; on phones use "
            "style.text_size and at least style.NARROW_MIN_FONT pt)"
        )


@pytest.mark.parametrize("page", pages_with_figures())
def test_no_figure_text_is_cut_off_at_the_frame_edge(page):
    """Every title, label and annotation of every chapter figure lies inside its frame, in
    each layout (a long verdict or title centred on an axis can run off the image)."""
    for f in drawn_corner_frames(page):
        fig, renderer = f.fig, f.renderer
        ink = fig.get_tightbbox(renderer)  # inches; every artist that is drawn
        width, height = fig.get_size_inches()
        slack = 1.0 / fig.dpi
        inside = (
            ink.x0 >= -slack and ink.y0 >= -slack and ink.x1 <= width + slack and ink.y1 <= height + slack
        )
        if inside:
            continue
        outside = [
            text.get_text()
            for text in fig.findobj(matplotlib.text.Text)
            if text.get_visible()
            and text.get_text().strip()
            and (
                text.get_window_extent(renderer).x1 > fig.bbox.x1 + 1
                or text.get_window_extent(renderer).x0 < fig.bbox.x0 - 1
            )
        ]
        raise AssertionError(
            f"{page}: {f.draw.__name__}({f.values}, layout={f.layout!r}): ink reaches "
            f"{ink.bounds} (inches) beyond the {width:g} x {height:g} in frame; a text runs "
            f"off it (candidates: {outside[:5]}); wrap or shorten it"
        )


def _check_figure(page: str, draw, controls) -> None:
    name = getattr(draw, "__name__", "draw")
    for values, layout in [(v, lay) for v in _corners(controls) for lay in _layouts(draw)]:
        fig = draw(**values, layout=layout) if layout != "wide" else draw(**values)
        try:
            where = f"{page}: {name}({values}, layout={layout!r})"
            for ax in fig.axes:
                series = [
                    line
                    for line in ax.get_lines()
                    if line.get_visible() and len(line.get_xdata()) > 2 and line.get_linestyle() != "None"
                ]
                for i, a in enumerate(series):
                    for b in series[i + 1 :]:
                        if _hex(a.get_color()) == _hex(b.get_color()):
                            continue  # the same series drawn in pieces
                        same = (a.get_linestyle(), a.get_marker()) == (b.get_linestyle(), b.get_marker())
                        assert not same, (
                            f"{where}: lines {a.get_label()!r} and {b.get_label()!r} differ only by colour; "
                            "give them different line styles (style.LINESTYLES) or markers"
                        )
                for artist in [*ax.get_lines(), *ax.patches, *ax.collections]:
                    colours = []
                    if not artist.get_visible():
                        continue
                    if isinstance(artist, Line2D):
                        if artist.get_linestyle() not in ("None", "none", ""):
                            colours.append(artist.get_color())
                        if artist.get_marker() not in (None, "None", "none", ""):
                            colours.append(artist.get_markeredgecolor())
                            if MarkerStyle(artist.get_marker()).is_filled():
                                colours.append(artist.get_markerfacecolor())
                    elif isinstance(artist, Patch):
                        colours = [artist.get_facecolor()] if artist.get_fill() else []
                    else:
                        colours = list(artist.get_facecolors()) + list(artist.get_edgecolors())
                    for colour in colours:
                        if isinstance(colour, str) and colour in ("none", "auto"):
                            continue
                        if to_rgba(colour)[3] == 0:
                            continue
                        assert _allowed(colour), (
                            f"{where}: {type(artist).__name__} {artist.get_label()!r} uses {_hex(colour)}, "
                            "not an Okabe-Ito colour (use style.COLOURS)"
                        )
            for text in fig.findobj(Text):
                if not text.get_visible() or not text.get_text().strip():
                    continue
                ratio = contrast_on_white(text.get_color())
                large = text.get_fontsize() >= 18 or (
                    text.get_fontsize() >= 14 and text.get_weight() == "bold"
                )
                needed = 3.0 if large else 4.5
                assert ratio >= needed, (
                    f"{where}: text {text.get_text()!r} in {_hex(text.get_color())} has contrast "
                    f"{ratio:.1f}:1 on white (WCAG 1.4.3 needs {needed}:1); use style.TEXT_COLOURS"
                )
        finally:
            plt.close(fig)


# --------------------------------------------------------------------------- browser
def _load(offline_page, server, page_name: str):
    page = offline_page.page
    page.goto(f"{server}/{page_name}.html", wait_until="load")
    if page_name in pages_drawing_figures():
        page.wait_for_function(  # every figure's script has started
            "[...document.querySelectorAll('.nxc-explorer')].every(b => b.classList.contains('nxc-ready'))",
            timeout=30_000,
        )
    page.wait_for_timeout(300)  # scripts that run after load (theme)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("page_name", toc_files())
def test_axe_finds_no_serious_violation(audit_page, server, page_name):
    offline_page = audit_page  # axe-core is injected past the CSP; tests/test_browser.py checks the CSP
    assert AXE.exists(), f"{AXE} is missing (see tests/vendor/axe-core/README.md)"
    page = _load(offline_page, server, page_name)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    problems = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            excluded = EXCLUSIONS.get(violation["id"])
            if excluded and page.evaluate(
                "([sel, target]) => !!document.querySelector(target)?.closest(sel)",
                [excluded[0], node["target"][0]],
            ):
                continue
            problems.append(
                f"{violation['impact']} {violation['id']} ({violation['help']}): {node['target']} "
                f"{node['html'][:160]}"
            )
    hint = ""
    if problems and THEME_FIXES not in page.content():
        hint = f"\n(book/_assets/{THEME_FIXES} is not loaded on this page: register it with html_js_files)"
    assert not problems, f"{page_name}: axe-core found\n  " + "\n  ".join(problems) + hint
    assert not offline_page.blocked, f"{page_name}: requests to other origins: {offline_page.blocked}"


def _control_units(page_name: str) -> dict[str, str]:
    """Slider label -> unit, read from the ``Control(...)`` calls in the chapter source."""
    units = {}
    for source in _code_cells(page_name):
        try:
            tree = ast.parse("\n".join(line for line in source.splitlines() if not line.startswith(":")))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Control"
            ):
                args = {k: v for k, v in zip(("name", "label", "values", "unit"), node.args)}
                args.update({k.arg: k.value for k in node.keywords})
                label, unit = args.get("label"), args.get("unit")
                if isinstance(label, ast.Constant) and isinstance(unit, ast.Constant):
                    units[label.value] = unit.value
    return units


def pages_with_sliders() -> list[str]:
    """Pages with a figure control over numbers (a slider; words are buttons or a list,
    which tests/test_browser.py drives)."""
    number_values = re.compile(r"Control\([^)]*values=\[\s*-?\d", re.S)
    return [p for p in pages_with_figures() if number_values.search((ROOT / f"{p}.md").read_text())]


@pytest.mark.browser
@pytest.mark.parametrize("page_name", pages_with_sliders())
def test_every_slider_works_from_the_keyboard_and_speaks_its_unit(offline_page, server, page_name):
    page = _load(offline_page, server, page_name)
    units = _control_units(page_name)
    handles = page.locator(".nxc-explorer input[type=range]")
    count = handles.count()
    assert count, f"{page_name}: no slider found"
    page.locator("body").focus()
    reached = set()
    for _ in range(400):  # Tab through the page until every slider has had the focus
        page.keyboard.press("Tab")
        index = page.evaluate(
            "[...document.querySelectorAll('.nxc-explorer input[type=range]')]"
            ".indexOf(document.activeElement)"
        )
        if index < 0 or index in reached:
            continue
        reached.add(index)
        handle = handles.nth(index)
        name = handle.evaluate("h => (h.labels[0] || {}).textContent || ''")
        assert name.strip(), f"{page_name}: slider {index} has no accessible name"
        unit = units.get(name, "")
        readout = handle.locator(
            "xpath=ancestor::*[contains(@class,'nxc-slider')][1]//*[contains(@class,'nxc-readout')]"
        )
        seen = []
        for key in ("End", "ArrowLeft", "Home", "ArrowRight"):
            page.keyboard.press(key)
            page.wait_for_timeout(50)
            text = handle.get_attribute("aria-valuetext") or ""
            assert text.strip(), f"{page_name}: slider {name!r} has no aria-valuetext after {key}"
            assert unit in text, f"{page_name}: slider {name!r} announces {text!r}, without its unit {unit!r}"
            assert text == readout.inner_text().strip(), (
                f"{page_name}: {name!r} announces {text!r}, shows another"
            )
            seen.append(text)
        assert len(set(seen)) > 1, f"{page_name}: slider {name!r} did not move with the arrow keys: {seen}"
        if len(reached) == count:
            break
    assert len(reached) == count, f"{page_name}: Tab reached only {len(reached)} of {count} sliders"


@pytest.mark.browser
def test_theme_fixes_are_registered(site: Path):
    missing = [p for p in toc_files() if THEME_FIXES not in (site / f"{p}.html").read_text()]
    assert not missing, (
        f"book/_assets/{THEME_FIXES} is not loaded on {missing}: add it to _config.yml under "
        "sphinx: config: html_js_files"
    )


@pytest.mark.site
def test_icon_fonts_hold_every_icon_in_use(site: Path):
    """The theme's icon fonts are cut down to the icons the book uses
    (benchmarks/subset_icon_fonts.py); an icon added later must not show as a blank."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "subset_icon_fonts", ROOT / "benchmarks" / "subset_icon_fonts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    kept = {int(line, 16) for line in (module.OUT / "ICONS.txt").read_text().split()}
    missing = sorted(module.used_codepoints(site) - kept)
    assert not missing, (
        f"icons {[hex(p) for p in missing]} are used but cut from the icon fonts: "
        "re-run `python benchmarks/subset_icon_fonts.py _build/html` (needs fonttools and brotli)"
    )
