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
