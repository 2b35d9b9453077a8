"""Make the theme's Font Awesome web fonts hold only the icons the book uses.

pydata-sphinx-theme ships the full Font Awesome 6 Free fonts (fa-solid-900.woff2,
156 kB; fa-brands-400.woff2, 118 kB) and every page downloads them for about twenty
icons. This script keeps just the glyphs the built book can show:

* icons named by a ``fa-*`` class in any built page or theme script, and
* icons the theme's stylesheets draw themselves (``--pst-icon-*`` and other
  ``content:`` rules: admonition titles, external links, ...),

and writes the subsets to ``book/_assets/vendor/fontawesome/webfonts/``; Sphinx copies
``html_static_path`` over the theme's static files, so the small fonts take the full
ones' place. Glyph shapes are unchanged (Font Awesome Free fonts: SIL OFL 1.1, see
LICENSE.txt next to them). Re-run after a theme upgrade or when a page uses a new icon:

    python benchmarks/subset_icon_fonts.py _build/html

Needs ``fonttools`` and ``brotli`` (for WOFF2), e.g. in a throwaway virtual env.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "_assets" / "vendor" / "fontawesome" / "webfonts"
FONTS = ("fa-solid-900.woff2", "fa-brands-400.woff2")
PUA = re.compile(r"[\ue000-\uf8ff]")


def theme_fonts() -> Path:
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    return theme / "static" / "vendor" / "fontawesome" / "webfonts"


def class_codepoints(css: str) -> dict[str, set[int]]:
    """``fa-name`` -> code points, from rules like ``.fa-a:before,.fa-b:before{content:"\\f09b"}``."""
    table: dict[str, set[int]] = {}
    for selectors, content in re.findall(r"((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:\"([^\"]*)\"", css):
        points = {int(h, 16) for h in re.findall(r"\\([0-9a-f]{4,5})", content)}
        points |= {ord(c) for c in PUA.findall(content)}
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            table.setdefault(name, set()).update(points)
    return table


def used_codepoints(site: Path) -> set[int]:
    static = site / "_static"
    css = "\n".join(p.read_text(errors="ignore") for p in static.rglob("*.css"))
    table = class_codepoints(css)
    texts = [p.read_text(errors="ignore") for p in site.rglob("*.html")]
    texts += [p.read_text(errors="ignore") for p in (static / "scripts").glob("*.js")]
    names = set()
    for text in texts:
        names.update(re.findall(r"\bfa-[a-z0-9-]+", text))
    points = set()
    for name in names:
        points |= table.get(name, set())
    # icons the stylesheets draw on their own (not through a fa-* class)
    for rule in re.findall(r"--pst-icon-[a-z0-9-]+:\s*\"([^\"]*)\"", css):
        points |= {ord(c) for c in PUA.findall(rule)}
    for sheet in static.rglob("*.css"):
        text = sheet.read_text(errors="ignore")
        for selector, content in re.findall(r"([^{}]+)\{[^{}]*?content:\s*\"([^\"]*)\"", text):
            if ".fa-" in selector and ":before" in selector:
                continue  # the class table: only the classes in use count
            points |= {ord(c) for c in PUA.findall(content)}
            points |= {int(h, 16) for h in re.findall(r"\\(f[0-9a-f]{3}|e[0-9a-f]{3})", content)}
    return points


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html")
    points = used_codepoints(site)
    print(f"{len(points)} icons in use")
    OUT.mkdir(parents=True, exist_ok=True)
    # the list the site test checks every icon in use against
    (OUT / "ICONS.txt").write_text("".join(f"{p:04x}\n" for p in sorted(points)))
    for name in FONTS:
        source = theme_fonts() / name
        font = TTFont(source)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points))
        subsetter.subset(font)
        target = OUT / name
        font.flavor = "woff2"
        font.save(target)
        kept = len(font.getBestCmap() or {})
        print(f"{name}: {source.stat().st_size:,} -> {target.stat().st_size:,} bytes ({kept} code points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
