"""The built book on a phone and in the dark theme: what a learner sees around the figures.

* At 360 and 390 CSS px no page is wider than the screen (nothing pans sideways), and no
  chapter table is wider than its column (the parameters page's table scrolls in its own box).
* Every two- or three-option control is a group of buttons, never a two-stop slider.
* No caption repeats its image's alt text.
* In the dark theme a figure is no bright slab: its frame (a dark frame, or a light card for a
  figure without dark frames) is no brighter than the page right
  around it by more than in the light theme, and the controls' text keeps 4.5:1 contrast.
"""

from __future__ import annotations

import io

import pytest

from naltrexone_course.figures.style import contrast_ratio, relative_luminance

from conftest import pages_with_figures, toc_files

pytestmark = pytest.mark.browser

#: Pages whose wide table may scroll inside its own box (with a visible cue) on a phone.
SCROLLING_TABLES = {"book/parameters"}


#: Resolves once the page's fonts are in and two frames have been laid out and painted:
#: the width is read then (a condition, not a fixed wait).
SETTLED = """() => document.fonts.ready.then(
  () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""


def _phone(browser, server, width: int, **extra):
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        **extra,
    )
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    return context, page


@pytest.fixture(scope="module")
def phone_visits(browser, server):
    """``visits(width)``: every page of the book opened once on a phone of that width (CSS px),
    with what the checks below read from it: the page's scroll width, the elements that stick
    out past the screen (when it is wider) and each chapter table's width beside its column's.
    Read once per width and shared by the checks (one page load per page and width)."""
    found: dict[int, dict[str, dict]] = {}

    def visits(width: int) -> dict[str, dict]:
        if width in found:
            return found[width]
        context, page = _phone(browser, server, width)
        pages = {}
        for path in toc_files():
            page.goto(f"{server}/{path}.html", wait_until="load")
            page.evaluate(SETTLED)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            culprit = None
            if scroll > width:
                culprit = page.evaluate(
                    """(w) => { const out = [];
                    for (const e of document.querySelectorAll('article *')) {
                      const r = e.getBoundingClientRect();
                      if (r.right > w + 1 && getComputedStyle(e).position !== 'fixed')
                        out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
                    } return out.slice(-3); }""",
                    width,
                )
            tables = page.evaluate(
                """() => [...document.querySelectorAll('article table')].map(t => {
                     const column = t.closest('section, article').getBoundingClientRect().width;
                     return [Math.round(t.getBoundingClientRect().width), Math.round(column)];
                   })"""
            )
            pages[path] = {"scroll": scroll, "culprit": culprit, "tables": tables}
        context.close()
        found[width] = pages
        return pages

    return visits


@pytest.mark.parametrize("width", [360, 390])
def test_no_page_is_wider_than_a_phone(phone_visits, width):
    wide = [
        f"{path}: {seen['scroll']} px ({seen['culprit']})"
        for path, seen in phone_visits(width).items()
        if seen["scroll"] > width
    ]
    assert not wide, f"pages that pan sideways at {width} px:\n" + "\n".join(wide)


def test_no_chapter_table_is_wider_than_its_column(phone_visits):
    wide = []
    for path, seen in phone_visits(360).items():
        if path in SCROLLING_TABLES:
            continue
        wide += [f"{path}: table {w} px in a {c} px column" for w, c in seen["tables"] if w > c + 1]
    assert not wide, "\n".join(wide)


def _ready(page):
    page.wait_for_function(
        "[...document.querySelectorAll('.nxc-explorer')].every(b => b.classList.contains('nxc-ready'))",
        timeout=30_000,
    )


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_two_or_three_options_are_buttons_and_captions_are_not_alt_text(offline_page, server, page_path):
    page = offline_page.page
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    _ready(page)
    stops = page.evaluate(
        """() => [...document.querySelectorAll('.nxc-explorer input[type=range]')]
                 .map(r => Number(r.max) - Number(r.min) + 1)"""
    )
    assert all(n > 3 for n in stops), f"{page_path}: a slider with only {min(stops)} stops (use buttons)"
    selects = page.evaluate("() => [...document.querySelectorAll('.nxc-explorer select')].map(s => s.length)")
    assert all(n > 3 for n in selects), f"{page_path}: a list of only {min(selects)} options (use buttons)"
    groups = page.locator(".nxc-explorer fieldset.nxc-buttons")
    for i in range(groups.count()):
        group = groups.nth(i)
        assert group.locator("legend").inner_text().strip(), f"{page_path}: a button group has no name"
        buttons = group.locator(".nxc-option")
        radios = group.locator("input[type=radio]")
        assert 2 <= buttons.count() <= 3, f"{page_path}: a button group with {buttons.count()} buttons"
        box = buttons.first.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, f"{page_path}: buttons too small to tap"
        checked = [radios.nth(r).is_checked() for r in range(radios.count())]
        radios.nth(checked.index(True)).focus()
        page.keyboard.press("ArrowRight")  # keyboard operable: the next option becomes the chosen one
        after = [radios.nth(r).is_checked() for r in range(radios.count())]
        assert after != checked and sum(after) == 1, f"{page_path}: the arrow key did not choose an option"
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('.nxc-explorer figure')].map(f => {
              const img = f.querySelector('img'), cap = f.querySelector('figcaption');
              return [img ? img.alt : '', cap ? cap.textContent : null];
           })"""
    )
    for alt, caption in pairs:
        repeated = caption is not None and caption.strip() == alt.strip()
        assert not repeated, f"{page_path}: a caption repeats its alt text"


def _contrast(a, b) -> float:
    """Contrast of two colours given as 0-255 channels (a page's computed colours)."""
    return contrast_ratio(tuple(c / 255 for c in a[:3]), tuple(c / 255 for c in b[:3]))


#: The page around a frame: a band this many CSS px wide just outside the frame image.
BAND_PX = 6


def _frame_and_surround(page) -> tuple[float, float]:
    """Mean luminance of the first visible frame and of a band just around it (screenshot)."""
    import numpy as np
    from PIL import Image

    img = page.locator(".nxc-explorer img:visible").first
    img.scroll_into_view_if_needed()
    box = img.bounding_box()
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB")).astype(float)
    scale = shot.shape[1] / page.viewport_size["width"]
    x0, y0 = int(box["x"] * scale), int(box["y"] * scale)
    x1, y1 = int((box["x"] + box["width"]) * scale), int((box["y"] + box["height"]) * scale)
    band = int(BAND_PX * scale)
    frame = shot[y0:y1, x0:x1]
    strips = [shot[max(y0 - band, 0) : y0, x0:x1], shot[y1 : y1 + band, x0:x1]]
    strips += [shot[y0:y1, max(x0 - band, 0) : x0], shot[y0:y1, x1 : x1 + band]]
    around = np.concatenate([s.reshape(-1, 3) for s in strips if s.size])

    def mean(px):
        flat = px.reshape(-1, 3)
        return float(np.mean([relative_luminance(p / 255) for p in flat[:: max(len(flat) // 4000, 1)]]))

    return mean(frame), mean(around)


def _control_contrasts(page) -> list[tuple[str, float]]:
    found = page.evaluate(
        """() => {
          const bg = (e) => { while (e) { const c = getComputedStyle(e).backgroundColor;
              const m = c.match(/[\\d.]+/g);
              if (m && (m.length < 4 || Number(m[3]) > 0.5)) return m.slice(0, 3).map(Number);
              e = e.parentElement; } return [255, 255, 255]; };
          const out = [];
          for (const e of document.querySelectorAll(
              '.nxc-explorer .nxc-label, .nxc-explorer .nxc-readout, .nxc-explorer .nxc-option, '
              + '.nxc-explorer select, .nxc-explorer button, .nxc-explorer figcaption')) {
            if (!e.offsetParent || !e.textContent.trim()) continue;
            const fg = getComputedStyle(e).color.match(/[\\d.]+/g).slice(0, 3).map(Number);
            out.push([e.textContent.trim().slice(0, 30), fg, bg(e)]);
          }
          return out; }"""
    )
    return [(text, _contrast(fg, bg)) for text, fg, bg in found]


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_dark_theme_figures_are_no_bright_slab_and_their_controls_read(pooled_tab, server, page_path):
    results = {}
    for scheme in ("light", "dark"):
        # a reused offline tab per scheme (conftest.pooled_tab), as a first visit
        page = pooled_tab(viewport={"width": 390, "height": 844}, color_scheme=scheme).page
        # the theme's own switch (pydata-sphinx-theme keeps the choice in localStorage "mode"),
        # written on the empty page of the book's origin where the tab waits
        page.evaluate("mode => localStorage.setItem('mode', mode)", scheme)
        page.goto(f"{server}/{page_path}.html", wait_until="load")
        _ready(page)
        theme = page.evaluate("document.documentElement.dataset.theme")
        assert theme == scheme, f"{page_path}: the theme did not follow the {scheme} colour scheme ({theme})"
        results[scheme] = _frame_and_surround(page)
        low = [(t, round(c, 2)) for t, c in _control_contrasts(page) if c < 4.5]
        assert not low, f"{page_path} ({scheme}): control text below 4.5:1 contrast: {low}"
    light = results["light"][0] - results["light"][1]
    dark = results["dark"][0] - results["dark"][1]
    # a frame differs from its page by its ink: darker on the light page, lighter on the dark
    # page (a dark frame's ink is light); a light card on the dark page differs by far more
    assert dark <= abs(light) + 0.05, (
        f"{page_path}: in the dark theme the frame is {dark:.2f} brighter than the page around it "
        f"(light theme: {light:.2f}): a bright slab on a dark page"
    )
