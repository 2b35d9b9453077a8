"""The figures on the page as a reader meets them (issue 29), in Chromium against the built book:

* On a 360 x 740 phone every figure's controls stay in reach while its frame is in view: the
  figure with its controls fits below the header, or the controls stick under the header as
  the frame scrolls beneath them.
* The narrow frame is shown at its own width on a 360 px screen in both themes (so its 10 pt
  text lands at 10 pt; the dark theme's card once shrank it to 326 px).
* The page opens dark when the reader's system is dark (prefers-color-scheme), light when
  it is light, and keeps the theme the reader chose with the theme switch.
* With JavaScript off no control pretends to work: the controls are hidden, the default frame
  shows, and the page says once that its figures need JavaScript to change.
* A link naming a figure with a view the page cannot read leaves the figure as it was and
  still takes the reader to it.
"""

from __future__ import annotations

import pytest

from conftest import pages_with_figures

pytestmark = pytest.mark.browser

SETTLED = """() => document.fonts.ready.then(
  () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""


def _phone(pooled_tab, width: int, height: int, *, stored: str | None = None, **extra):
    """A phone tab of this size (scale 2, touch; ``extra``: more context options), offline, as a
    first visit (a reused tab: conftest.pooled_tab); ``stored``: the theme the reader chose
    with the theme switch (pydata-sphinx-theme keeps it in localStorage "mode"), written before
    the page loads."""
    profile = {"viewport": {"width": width, "height": height}, "device_scale_factor": 2}
    page = pooled_tab(**profile, is_mobile=True, has_touch=True, **extra).page
    if stored:  # the tab waits on an empty page of the book's origin: the book will read it
        page.evaluate("mode => localStorage.setItem('mode', mode)", stored)
    return page


def _ready(page):
    page.wait_for_function(
        "[...document.querySelectorAll('.nxc-explorer')].every(b => b.classList.contains('nxc-ready'))",
        timeout=30_000,
    )


#: For each figure: scrolled so its frame's top sits under the header, then so its frame's
#: bottom sits at the screen's bottom; where the controls and the frame are each time.
REACH = """() => {
  // the header that stays on screen as the page scrolls: the theme's sticky article header
  // (its page header above it scrolls away); measured after each scroll
  const headerBottom = () => Math.max(0, ...['.bd-header', '.bd-header-article'].map((s) => {
    const e = document.querySelector(s);
    return e ? e.getBoundingClientRect().bottom : 0;
  }));
  const sticky = document.querySelector('.bd-header-article');
  const stickyHeight = sticky ? sticky.getBoundingClientRect().height : 0;
  const out = [];
  for (const box of document.querySelectorAll('.nxc-explorer')) {
    const controls = box.querySelector('.nxc-controls');
    const frame = box.querySelector('.nxc-frame img');
    const fits = box.getBoundingClientRect().height + stickyHeight <= innerHeight;
    const seen = [];
    for (const where of ['top', 'bottom']) {
      const r = frame.getBoundingClientRect();
      const target = where === 'top'
        ? r.top - stickyHeight - controls.offsetHeight - 4 : r.bottom - innerHeight + 4;
      window.scrollBy(0, target);
      const c = controls.getBoundingClientRect();
      const f = frame.getBoundingClientRect();
      const under = headerBottom();
      seen.push({where, headerBottom: under, controlsTop: c.top, controlsBottom: c.bottom,
                 frameVisible: Math.min(f.bottom, innerHeight) - Math.max(f.top, c.bottom, under)});
    }
    out.push({id: box.id, fits, seen});
  }
  return out;
}"""


#: What a 360 x 740 phone shows of a page in each scheme, read once per page and scheme on a
#: worker: the reach check and the light narrow-frame check read one load of the page (the
#: conftest's pooled tab, a first visit each time), the widths before REACH scrolls the page.
_SEEN_ON_360: dict[tuple[str, str], dict] = {}


def _seen_on_a_360_px_phone(pooled_tab, server, page_path: str, scheme: str) -> dict:
    key = (page_path, scheme)
    if key not in _SEEN_ON_360:
        page = _phone(pooled_tab, 360, 740, color_scheme=scheme)
        page.goto(f"{server}/{page_path}.html", wait_until="load")
        _ready(page)
        page.evaluate(SETTLED)
        seen = {
            "widths": page.evaluate(
                "[...document.querySelectorAll('.nxc-explorer .nxc-frame img')]"
                ".map(i => [i.getBoundingClientRect().width, 0, i.getAttribute('width')])"
            ),
            "scroll": page.evaluate("document.documentElement.scrollWidth"),
        }
        if scheme == "light":  # the reach check's phone (light, the browser's own default)
            seen["reach"] = page.evaluate(REACH)
        _SEEN_ON_360[key] = seen
    return _SEEN_ON_360[key]


def _on_one_worker(page_path: str):
    """The page's checks that read :func:`_seen_on_a_360_px_phone`, in one pytest-xdist group."""
    return pytest.param(page_path, marks=pytest.mark.xdist_group(f"phone360:{page_path}"))


@pytest.mark.parametrize("page_path", [_on_one_worker(p) for p in pages_with_figures()])
def test_on_a_phone_the_controls_stay_in_reach_while_the_frame_is_in_view(pooled_tab, server, page_path):
    for figure in _seen_on_a_360_px_phone(pooled_tab, server, page_path, "light")["reach"]:
        if figure["fits"]:
            continue
        for seen in figure["seen"]:
            assert seen["frameVisible"] > 100, f"{page_path} {figure['id']}: {seen}"
            assert seen["controlsTop"] >= seen["headerBottom"] - 1 and seen["controlsBottom"] <= 740, (
                f"{page_path} {figure['id']}: with the frame's {seen['where']} in view the controls "
                f"are out of reach ({seen}); the figure is taller than the screen"
            )


@pytest.mark.parametrize("page_path", [_on_one_worker(p) for p in pages_with_figures()])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_narrow_frame_is_shown_at_its_own_width_on_a_360_px_phone(pooled_tab, server, scheme, page_path):
    seen = _seen_on_a_360_px_phone(pooled_tab, server, page_path, scheme)
    widths, scroll = seen["widths"], seen["scroll"]
    assert widths
    for shown, _natural, attr in widths:
        assert shown >= min(360, float(attr)) - 1, f"{scheme}: a narrow frame is shown {shown:.0f} px wide"
    assert scroll <= 360, f"{scheme}: the full-width frame makes the page {scroll} px wide"


@pytest.mark.parametrize(
    ("system", "stored", "expected"),
    [
        ("dark", None, "dark"),
        ("light", None, "light"),
        ("dark", "light", "light"),
        ("light", "dark", "dark"),
    ],
)
def test_the_page_follows_the_system_setting_unless_the_reader_chose(
    pooled_tab, server, system, stored, expected
):
    page = _phone(pooled_tab, 390, 844, color_scheme=system, stored=stored)
    first_paint = []
    page.on("console", lambda m: first_paint.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/{pages_with_figures()[0]}.html", wait_until="domcontentloaded")
    early = page.evaluate("document.documentElement.dataset.theme")
    page.wait_for_load_state("load")
    late = page.evaluate("document.documentElement.dataset.theme")
    assert early == expected, f"system {system}, stored {stored}: the page starts {early}"
    assert late == expected, f"system {system}, stored {stored}: the page ends {late}"
    assert not [m for m in first_paint if "theme" in m.lower()], first_paint


@pytest.mark.parametrize("page_path", pages_with_figures())
def test_without_javascript_no_control_pretends_to_work(pooled_tab, server, page_path):
    page = _phone(pooled_tab, 390, 844, java_script_enabled=False)
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    seen = page.evaluate(
        """() => ({
          figures: document.querySelectorAll('.nxc-explorer').length,
          shownControls: [...document.querySelectorAll('.nxc-explorer input, .nxc-explorer select,'
            + ' .nxc-explorer button')].filter(e => e.offsetParent !== null).length,
          notices: [...document.querySelectorAll('.nxc-noscript')].filter(e => e.offsetParent !== null)
            .map(e => e.textContent),
          frames: [...document.querySelectorAll('.nxc-explorer .nxc-frame img')]
            .filter(i => i.offsetParent !== null && i.alt).length,
        })"""
    )
    assert seen["figures"], page_path
    assert seen["shownControls"] == 0, (
        f"{page_path}: {seen['shownControls']} controls shown without JavaScript"
    )
    assert len(seen["notices"]) == 1, f"{page_path}: the page should say once why: {seen['notices']}"
    assert "JavaScript" in seen["notices"][0]
    assert seen["frames"] == seen["figures"], f"{page_path}: a figure shows no default frame"


def test_a_link_with_a_view_the_page_cannot_read_still_scrolls_to_its_figure(pooled_tab, server):
    page = _phone(pooled_tab, 390, 844)
    for page_path in pages_with_figures():  # a page with two figures: link to the second
        page.goto(f"{server}/{page_path}.html", wait_until="load")
        _ready(page)
        ids = page.evaluate("[...document.querySelectorAll('.nxc-explorer[id]')].map(b => b.id)")
        if len(ids) > 1:
            break
    target = ids[-1]
    page.goto(f"{server}/{page_path}.html#{target}?no-such-control=7", wait_until="load")
    page.reload(wait_until="load")
    _ready(page)
    page.evaluate(SETTLED)
    top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
    assert 0 <= top < 200, f"{page_path}: the figure {target} is {top:.0f} px from the top, not scrolled to"


#: For each figure: the theme of the frame it shows (by its file's place in data-nxc-frames:
#: names 0-3 light, 4-7 dark), and from its pixels the background's luminance and the best
#: contrast of any ink against it.
SHOWN_FRAMES = """async () => {
  const lum = (r, g, b) => [r, g, b].map((c) => { c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
  const out = [];
  for (const box of document.querySelectorAll('.nxc-explorer[data-nxc-frames]')) {
    const img = box.querySelector('.nxc-frame img');
    if (!img.complete || !img.naturalWidth) { await img.decode().catch(() => null); }
    const name = (img.currentSrc || img.src).split('/').pop();
    const frames = JSON.parse(box.dataset.nxcFrames).frames;
    const theme = frames.some((f) => f.slice(4).includes(name)) ? 'dark'
      : frames.some((f) => f.slice(0, 4).includes(name)) ? 'light' : 'unknown';
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Map();
    for (let i = 0; i < px.length; i += 4 * 7) {
      const key = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const [bg] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    const bgLum = lum(bg >> 16, (bg >> 8) & 255, bg & 255);
    let best = 1;
    for (const key of counts.keys()) {
      const l = lum(key >> 16, (key >> 8) & 255, key & 255);
      best = Math.max(best, (Math.max(l, bgLum) + 0.05) / (Math.min(l, bgLum) + 0.05));
    }
    out.push({id: box.id, theme, bgLum, best, hasDark: box.hasAttribute('data-nxc-dark')});
  }
  return {page: document.documentElement.dataset.theme || 'light', figures: out};
}"""


@pytest.mark.parametrize(
    ("system", "stored", "script", "expected"),
    [
        ("dark", None, True, "dark"),  # the reader's system setting, through the <picture>
        ("light", "dark", True, "dark"),  # the theme switch, through the page script
        ("dark", "light", True, "light"),  # the switch over the system setting
        ("dark", None, False, "light"),  # no script: the page stays light, and so do its frames
    ],
)
@pytest.mark.parametrize("page_path", pages_with_figures()[:3])
def test_every_frame_follows_the_page_theme(pooled_tab, server, page_path, system, stored, script, expected):
    page = _phone(pooled_tab, 390, 844, color_scheme=system, java_script_enabled=script, stored=stored)
    page.goto(f"{server}/{page_path}.html", wait_until="load")
    if script:
        _ready(page)
        page.evaluate(SETTLED)
    seen = page.evaluate(SHOWN_FRAMES)  # the test's script runs with the page's scripts off
    assert seen["page"] == expected, f"{page_path}: the page is {seen['page']}, not {expected}"
    assert seen["figures"], page_path
    for figure in seen["figures"]:
        assert figure["hasDark"], f"{page_path} {figure['id']}: the figure has no dark frames"
        assert figure["theme"] == expected, (
            f"{page_path} {figure['id']}: a {figure['theme']} frame on a {expected} page"
        )
        if expected == "dark":
            assert figure["bgLum"] < 0.02, f"{page_path} {figure['id']}: the dark frame's paper is not dark"
        else:
            assert figure["bgLum"] > 0.9, f"{page_path} {figure['id']}: the light frame's paper is not white"
        assert figure["best"] >= 7, f"{page_path} {figure['id']}: no ink reads on the {expected} frame"
