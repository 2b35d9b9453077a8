"""Maths rendered when the book is built (book/_ext/prerender_math.py): every formula of the
sources is in its page as SVG with hidden MathML, and no page loads a maths script."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, toc_files

pytestmark = pytest.mark.site

INLINE = re.compile(r'<span class="math nxc-math"')
BLOCK = re.compile(r'<div class="math nxc-math nxc-math-block"')
FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})\s*(\S*)")
AMSMATH = re.compile(r"^\s*\\begin\{(equation|align|gather|multline|eqnarray|alignat|flalign)\*?\}", re.M)


def prose(source: str) -> str:
    """A chapter's MyST text without code (code cells, code blocks, inline code): where the
    dollar signs are maths. Directive fences (admonitions, questions) keep their text."""
    kept, stack = [], []  # stack of (marker, drop)
    for line in source.splitlines():
        match = FENCE.match(line)
        if match:
            marker, info = match.groups()
            if stack and marker == stack[-1][0] and not info:
                stack.pop()
                continue
            if not info.startswith("{") or info.startswith("{code-cell"):
                stack.append((marker, True))
                continue
            if not any(drop for _, drop in stack):
                stack.append((marker, False))
                continue
        if not any(drop for _, drop in stack):
            kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"`[^`\n]+`", "", text)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)  # the jupytext header
    return text.replace(r"\$", "")


def formulas(source: str) -> tuple[int, int]:
    """(inline, display) formulas in a MyST source, by the rules of myst's dollarmath and
    amsmath extensions: ``$...$`` with no space inside the dollars, ``$$...$$``, and
    amsmath environments at the start of a line."""
    text = prose(source)
    display = len(AMSMATH.findall(text))
    text = re.sub(r"^\s*\\begin\{(\w+\*?)\}.*?\\end\{\1\}", "", text, flags=re.S | re.M)
    display += len(re.findall(r"\$\$.+?\$\$", text, re.S))
    text = re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)
    inline = len(re.findall(r"\$(?=\S)(?:[^$\n]|\n(?!\s*\n))*?(?<=\S)\$(?!\d)", text))
    return inline, display


def test_the_source_counter_counts_what_myst_calls_maths():
    source = (
        "---\njupytext: x\n---\nCost $5 and $6. A $K_d$ and $$x^2$$ and\n\\begin{align}a&=b\\end{align}\n"
        "```{code-cell} ipython3\nprint('$a$')\n```\n:::{question}\nprompt: $R = 1 - s f$\n:::\n"
        "Over a line $V \\leftarrow\nV$. Code `$x$`."
    )
    assert formulas(source) == (3, 2)


@pytest.mark.parametrize("page", toc_files())
def test_every_formula_of_the_source_is_rendered_in_its_page(site, page):
    html = (site / f"{page}.html").read_text()
    inline, display = formulas((ROOT / f"{page}.md").read_text())
    rendered = len(INLINE.findall(html)), len(BLOCK.findall(html))
    assert rendered == (inline, display), (
        f"{page}: the source has {inline} inline and {display} display formulas, the page renders {rendered}"
    )
    for formula in re.findall(
        r'<(?:span|div) class="math nxc-math[^"]*"[^>]*>(.*?)</mjx-container>', html, re.S
    ):
        assert '<svg style="vertical-align' in formula or "<svg " in formula, (
            f"{page}: a formula without its SVG"
        )
        assert 'aria-hidden="true"' in formula, (
            f"{page}: the SVG of a formula is not hidden from screen readers"
        )
        assert "<mjx-assistive-mml" in formula and "<math " in formula, f"{page}: a formula without MathML"
    text = re.sub(r"<script.*?</script>|<pre.*?</pre>|<code.*?</code>", "", html, flags=re.S)
    assert not re.search(r"\\\(|\\\[|\\begin\{", text), f"{page}: TeX left for the browser to typeset"


def test_the_book_has_maths_to_render():
    counts = [formulas((ROOT / f"{page}.md").read_text()) for page in toc_files()]
    assert sum(i for i, _ in counts) > 100 and sum(d for _, d in counts) > 10


@pytest.mark.parametrize("page", toc_files())
def test_no_page_loads_a_maths_script(site, page):
    html = (site / f"{page}.html").read_text()
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    assert not [s for s in sources if re.search(r"mathjax|katex|tex-(chtml|svg|mml)", s, re.I)], page
    inline = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", html, re.S)
    assert not [s for s in inline if "MathJax" in s], f"{page}: an inline script configures MathJax"
    assert not (site / "_static" / "mathjax").exists(), "MathJax is no longer shipped with the site"


def test_the_maths_style_rules_reach_every_page_with_maths(site):
    """MathJax's rules for its SVG output are written to _static/nxc-math.css, which
    book/_ext/page_head.py folds into the one style sheet every page links."""
    css = (site / "_static" / "nxc-math.css").read_text()
    assert "mjx-assistive-mml" in css and "clip" in css, "the hidden MathML must stay hidden"
    bundle = (site / "_static" / "nxc-site.css").read_text()
    assert "mjx-assistive-mml" in bundle and "nxc-math-block" in bundle
    for page in toc_files():
        html = (site / f"{page}.html").read_text()
        if INLINE.search(html) or BLOCK.search(html):
            assert "_static/nxc-site.css?v=" in html, page


@pytest.mark.parametrize("page", toc_files())
def test_each_glyph_outline_is_written_once_per_page_and_every_formula_finds_its_glyphs(site, page):
    """A page keeps one copy of each glyph its formulas share (book/_ext/prerender_math.py):
    every <use> in a formula names an outline defined on that page, and no outline is
    written twice, in a formula or in the shared definitions."""
    html = (site / f"{page}.html").read_text()
    formulas = re.findall(r"<mjx-container\b.*?</mjx-container>", html, re.S)
    if not formulas:
        return
    defined = re.findall(r'<path id="(nxm-[0-9a-f]+)" d="([^"]+)"', html)
    ids = [i for i, _ in defined]
    assert len(ids) == len(set(ids)), f"{page}: a glyph is defined twice"
    outlines = [d for _, d in defined] + [
        d for f in formulas for d in re.findall(r'<path data-c="[^"]+" d="([^"]+)"', f)
    ]
    assert len(outlines) == len(set(outlines)), f"{page}: a glyph outline is written more than once"
    used = {ref for f in formulas for ref in re.findall(r'<use data-c="[^"]+" href="#([^"]+)"', f)}
    assert used, f"{page}: formulas without shared glyphs"
    assert used <= set(ids), (
        f"{page}: formulas draw glyphs the page does not define: {sorted(used - set(ids))[:3]}"
    )


def test_sharing_glyphs_keeps_each_glyph_where_it_was_drawn():
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from prerender_math import share_glyphs

    a = '<path data-c="41" d="M1 2Z"></path>'
    b = '<path data-c="42" d="M3 4Z" transform="translate(750,0)"></path>'
    formula = f'<mjx-container jax="SVG"><svg><g>{a}{b}</g></svg></mjx-container>'
    body = f"<p>{formula} and again {formula}</p><pre>{a}</pre>"
    shared = share_glyphs(body)
    assert shared.count('d="M1 2Z"') == 2, "once in the definitions, and left alone outside a formula"
    assert shared.count('d="M3 4Z"') == 1
    assert shared.count('transform="translate(750,0)"></use>') == 2, "a glyph's placement is kept"
    assert shared.startswith('<svg class="nxc-math-glyphs" aria-hidden="true"')
    assert share_glyphs("<p>no maths</p>") == "<p>no maths</p>"
