"""The words around a figure keep WCAG contrast (4.5:1) in the light and the dark theme, in
Debian's Chromium against the built English book: the "Download data (CSV)" links and their
line, the "Numbers behind this view" summary, the compare labels and readout after pinning a
view, the readout beside each control, and a figure-state question's feedback. Each is
measured against its real background: the first opaque colour behind it (the element and its
ancestors, lighter layers blended in). Commit e956e79 removed a dark-theme rule that gave these
the light card's ink (#1a1a1a, links #0a5c8a) after the cards had become dark: dark grey on
near-black. One page per figure family."""

from __future__ import annotations

import pytest
from test_browser import wait_ready, wait_until

pytestmark = pytest.mark.browser

#: The page of each figure family whose figure has a figure-state question -> what its figures
#: show (the model-fit page's controls are buttons: no readout beside them).
PAGES = {
    "book/antagonism": "all",
    "book/blockade-over-time": "all",
    "book/model-fit": "no readout",
}
#: What is measured: a name -> a CSS selector (every match with text of its own, and every
#: descendant of a match with text of its own).
MEASURED = {
    "data line": ".nxc-explorer .nxc-data",
    "CSV links": ".nxc-explorer .nxc-data a",
    "table summary": ".nxc-explorer .nxc-table > summary",
    "compare labels": ".nxc-explorer .nxc-view-label",
    "compare readout": ".nxc-explorer .nxc-readout-compare",
    "control readout": ".nxc-explorer .nxc-readout",
    "figure-state feedback": ".nxq[data-kind=state] .nxq-feedback",
}

#: For each selector: [text, contrast ratio, colour, background] of every element with text of
#: its own (visible), the background found by walking up to the first opaque ancestor.
CONTRASTS = """(measured) => {
  const rgba = (css) => {
    const m = css.match(/^rgba?\\(([^)]*)\\)$/);
    if (!m) throw new Error('unread colour ' + css);
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = [255, 255, 255];  // the canvas under a page with no opaque background
    if (layers.length && layers[layers.length - 1][3] >= 1) colour = layers.pop().slice(0, 3);
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const [r, g, b] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ownText = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const out = {};
  for (const [name, selector] of Object.entries(measured)) {
    const found = new Set();
    for (const match of document.querySelectorAll(selector)) {
      for (const e of [match, ...match.querySelectorAll('*')]) {
        const shown = e.getClientRects().length && getComputedStyle(e).visibility === 'visible';
        if (ownText(e) && shown) found.add(e);
      }
    }
    out[name] = [...found].map((e) => {
      const under = background(e);
      const ink = over(rgba(getComputedStyle(e).color), under);
      const [a, b] = [luminance(ink), luminance(under)].sort((x, y) => y - x);
      const text = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' ');
      return [text.trim().slice(0, 40), (a + 0.05) / (b + 0.05), getComputedStyle(e).color,
              'rgb(' + under.map(Math.round).join(', ') + ')'];
    });
  }
  return out;
}"""


def _open_everything(page, figure: str) -> None:
    """The table opened, a view pinned and the figure moved on (compare labels and readout),
    and the figure-state question checked at the opening view (its feedback shown)."""
    box = page.locator(f"#{figure}")
    box.scroll_into_view_if_needed()
    box.locator(".nxc-table > summary").click()
    wait_until(page, "b => b.querySelector('.nxc-data-table') !== null", box.element_handle())
    box.get_by_role("button", name="Pin this view").click()
    wait_until(page, "b => b.querySelector('.nxc-pinned img') !== null", box.element_handle())
    control = box.locator("[data-nxc-axis]").first
    target = control.locator("input:checked") if control.evaluate("c => c.tagName") == "FIELDSET" else control
    target.focus()
    page.keyboard.press("ArrowRight")
    wait_until(
        page,
        "b => b.querySelectorAll('.nxc-view-label').length === 2 && "
        "(b.querySelector('.nxc-readout-compare') || {}).textContent",
        box.element_handle(),
    )
    question = page.locator(f".nxq[data-kind=state][data-figure={figure}]")
    question.get_by_role("button", name="Check answer").click()
    wait_until(
        page, "q => q.querySelector('.nxq-feedback').textContent.trim() !== ''", question.element_handle()
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_the_words_around_a_figure_keep_their_contrast(browser, server, page_path, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    try:
        page.goto(f"{server}/{page_path}.html", wait_until="load")
        wait_ready(page)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        figure = page.locator(".nxq[data-kind=state]").first.get_attribute("data-figure")
        _open_everything(page, figure)
        found = page.evaluate(CONTRASTS, MEASURED)
    finally:
        context.close()
    low = []
    for name, elements in found.items():
        if name == "control readout" and PAGES[page_path] == "no readout":
            continue
        assert elements, f"{page_path} ({scheme}): no {name} with text on the page"
        low += [
            f"{name}: {text!r} {colour} on {under}: {ratio:.2f}:1"
            for text, ratio, colour, under in elements
            if ratio < 4.5
        ]
    assert not low, f"{page_path} ({scheme}), below 4.5:1:\n" + "\n".join(low)
