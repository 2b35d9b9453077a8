"""Sphinx extension: the book offline (a service worker of its own, and a manifest to save it).

At ``build-finished``: the loader (3) after ``page_head``, which versions and minifies the
assets, and before ``nxc_frames``, which adds each page's Content-Security-Policy with the
hashes of its inline scripts; the worker and the manifest (1, 2) once every page is final.

1. **The service worker** ``book/_offline/nxc-sw.js`` is written to the site root as
   ``nxc-sw.js`` (its scope is the whole book), with the build's id in it: a rebuilt book has
   a new worker, which the browser installs on the next visit.
2. **The manifest** ``nxc-offline.json`` at the site root lists what "Save this course for
   offline" downloads: every page (address, language, SHA-256 of its bytes, size), every asset
   the pages use (the versioned ``_static/`` files, ``_images/``, the icon; the files the style
   sheet names), and every figure's frames (for each frame the four files narrow 1x/2x and
   wide 1x/2x, with the figure's phone media query and its default frame), with every file's
   size. Its ``build`` is a hash of all of it: the page script updates a saved copy when it
   changes, fetching only the pages whose hash changed and the files it lacks, and drops the
   files no longer listed. The manifest is large (every frame of both editions: about 290 kB
   gzip), so it is fetched only when a reader saves the course, or when a saved copy is out of
   date: the panel's size before saving, and the check for a rebuild, read the small
   ``nxc-offline-size.json`` (:func:`screen_sizes`: the build id and, per edition and screen,
   the bytes a save downloads).
3. **The loader.** Each page gets, at the end of its body, one inline script that waits for
   the page's ``load`` event and only then adds ``_static/nxc-offline.js`` (which registers
   the worker and shows the "Save this course for offline" panel): nothing is requested
   before the page, and its first figure, are ready. Without JavaScript or service workers
   nothing of it shows.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import posixpath
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "_offline" / "nxc-sw.js"
WORKER = "nxc-sw.js"
MANIFEST = "nxc-offline.json"
#: The build id and what a save downloads for each screen (:func:`screen_sizes`), read at load.
SIZES = "nxc-offline-size.json"
#: More distinct phone media queries than this and the sizes are left to the page script, which
#: then reads the manifest (one size per combination of queries a screen matches: 2**n).
MAX_SIZED_QUERIES = 4
SCRIPT = "nxc-offline.js"
FRAMES_DIR = "_frames"
REFERENCE = re.compile(r'\s(?:src|href)="([^"#]+)')
#: A figure's data file (issue 28: one CSV per frame and one per figure, beside the frames).
DATA_NAME = re.compile(r"[0-9a-f]{64}\.csv")
SRCSET = re.compile(r'\ssrcset="([^"]+)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
FIGURE = re.compile(r"<div\s[^>]*class=\"nxc-explorer[^\"]*\"[^>]*>")
ATTR = re.compile(r'\s(data-nxc-[a-z-]+)="([^"]*)"')
FRAME_FILE = re.compile(r"_frames/([0-9a-f]{64}\.png)")
LANG = re.compile(r'<html[^>]*\slang="([^"]+)"')
LOADER_MARK = "nxc-offline-loader"
NOT_ASSETS = ("_frames/", "_sources/", "_downloads/")


def _pages(outdir: Path) -> list[Path]:
    return sorted(
        p
        for p in outdir.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(outdir).parts)
    )


def _site_path(outdir: Path, page: Path, ref: str, files: dict[str, bool] | None = None) -> str | None:
    """``ref`` (as written in ``page``) as a path from the site root, or None when it is not
    one of the book's files (another page, a link elsewhere, a fragment). ``files``: whether
    each path is a file, kept by the caller (the pages name the same assets)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", ref) or ref.startswith(("//", "/", "#")):
        return None
    path, _, query = ref.partition("?")
    joined = posixpath.normpath(posixpath.join(page.parent.relative_to(outdir).as_posix(), path))
    if joined.startswith(".."):
        return None
    if files is None:
        files = {}
    if joined not in files:
        files[joined] = (outdir / joined).is_file()
    if not files[joined]:
        return None
    return joined + (f"?{query}" if query else "")


def _is_asset(path: str) -> bool:
    """A file a page needs to show: not another page, not a frame (listed by figure), not a
    download or a source a reader asks for."""
    bare = path.split("?", 1)[0]
    # a PDF (the handouts, published beside the site by `make handout` after the build) is a
    # document the reader downloads, not something a page needs to show
    return not bare.endswith((".html", ".pdf")) and not bare.startswith(NOT_ASSETS)


def _figures(text: str) -> list[dict]:
    figures = []
    for tag in FIGURE.finditer(text):
        attrs = {name: html.unescape(value) for name, value in ATTR.findall(tag.group(0))}
        if "data-nxc-frames" not in attrs:
            continue
        try:
            spec = json.loads(attrs["data-nxc-frames"])
        except ValueError:
            continue
        frames = spec.get("frames", [])
        shown = FRAME_FILE.search(text, tag.end())  # the default frame, in the page's <picture>
        default = next((i for i, names in enumerate(frames) if shown and shown.group(1) in names), 0)
        figures.append(
            {
                "base": attrs.get("data-nxc-base", ""),
                "narrow": attrs.get("data-nxc-narrow", "(max-width: 0px)"),
                "frames": frames,
                "default": default,
            }
        )
    return figures


#: What :func:`manifest` read from each page, by page (beside the site: ``<outdir>/../``),
#: kept for a page whose modification time and size are unchanged.
PAGE_MEMO = ".nxc_offline_pages.json"


def _read_page(page: Path) -> dict:
    """What the manifest takes from one page: its language, hash and size, the addresses it
    names (unresolved: whether each is a file of the site is decided at every build), its
    data files, figures and loader."""
    data = page.read_bytes()
    text = data.decode("utf-8", errors="replace")
    lang = LANG.search(text)
    refs = REFERENCE.findall(text)
    for srcset in SRCSET.findall(text):
        refs += [part.strip().split(" ")[0] for part in srcset.split(",")]
    loader_src = (
        re.search(r'\.src="([^"]+)"', text[text.find(LOADER_MARK) :]) if LOADER_MARK in text else None
    )
    return {
        "lang": (lang.group(1) if lang else "en").split("-")[0],
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "refs": sorted(set(refs)),
        "data": sorted(set(DATA_NAME.findall(text))),
        "figures": _figures(text),
        "loader": loader_src.group(1) if loader_src else None,
    }


def _read_pages(outdir: Path, pages: list[Path]) -> dict[Path, dict]:
    """:func:`_read_page` of every page, from the memo where a page's mtime and size match."""
    memo = outdir.parent / PAGE_MEMO
    try:
        kept = json.loads(memo.read_text(encoding="utf-8"))
        if kept.get("outdir") != str(outdir.resolve()):
            kept = {}
    except (OSError, ValueError):
        kept = {}
    known = kept.get("pages", {})
    now: dict[str, list] = {}
    read: dict[Path, dict] = {}
    for page in pages:
        key = page.relative_to(outdir).as_posix()
        stat = page.stat()
        entry = known.get(key)
        if not (entry and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size):
            entry = [stat.st_mtime_ns, stat.st_size, _read_page(page)]
        now[key] = entry
        read[page] = entry[2]
    if now != known:
        try:
            memo.write_text(json.dumps({"outdir": str(outdir.resolve()), "pages": now}), encoding="utf-8")
        except OSError:
            pass
    return read


def manifest(outdir: str | Path) -> dict:
    """What "Save this course for offline" downloads from the site in ``outdir`` (see above)."""
    outdir = Path(outdir)
    pages, assets, figures = [], set(), []
    files: dict[str, bool] = {}
    for page, found in _read_pages(outdir, _pages(outdir)).items():
        url = page.relative_to(outdir).as_posix()
        pages.append({"url": url, "lang": found["lang"], "sha256": found["sha256"], "bytes": found["bytes"]})
        refs = found["refs"]
        for ref in refs:
            path = _site_path(outdir, page, html.unescape(ref), files)
            # a frame is listed by its figure; a figure's data (issue 28's CSV files, beside the
            # frames) is an asset: the page's table and download read it
            if path and _is_asset(path) and not (path.startswith(FRAMES_DIR + "/") and path.endswith(".png")):
                assets.add(path)
        # a figure's data files (CSV, by name in its frames list and its links): the page's
        # table and downloads read them
        assets.update(f"{FRAMES_DIR}/{name}" for name in found["data"])
        for figure in found["figures"]:
            base = _site_path(outdir, page, figure["base"] + "x") if figure["base"] else None
            prefix = (base or FRAMES_DIR + "/x")[:-1]
            figures.append(
                {
                    "page": url,
                    "narrow": figure["narrow"],
                    "default": figure["default"],
                    "frames": [
                        [prefix + name if name else "" for name in names] for names in figure["frames"]
                    ],
                }
            )
        if found["loader"]:  # the offline script itself, added by the loader
            assets.add(_site_path(outdir, page, found["loader"]) or "")
    assets.discard("")
    for css in [a for a in assets if a.split("?", 1)[0].endswith(".css")]:
        sheet = outdir / css.split("?", 1)[0]
        for _, ref in CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            path = _site_path(outdir, sheet, ref)
            if path and _is_asset(path):
                assets.add(path)
    # a browser that takes woff2 never asks for the TrueType copy beside it
    assets = {
        a
        for a in assets
        if not (a.endswith(".ttf") or ".ttf?" in a)
        or not (outdir / a.split("?", 1)[0]).with_suffix(".woff2").exists()
    }
    sizes: dict[str, int] = {}
    for path in sorted(assets) + sorted({n for f in figures for names in f["frames"] for n in names if n}):
        sizes[path] = (outdir / path.split("?", 1)[0]).stat().st_size
    body = {"pages": pages, "assets": sorted(assets), "figures": figures, "sizes": sizes}
    build = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    return {"build": build, **body}


def _plan_bytes(found: dict, lang: str, matches: dict[str, bool], dense: bool) -> int:
    """Bytes "Save this course" downloads for ``lang`` on a screen whose phone media queries
    match as ``matches`` says, at 2x or more when ``dense``: the rules of ``plan`` in
    ``book/_assets/nxc-offline.js`` (every page of the edition, every asset, each figure's frames
    for this screen plus its default frame in the other layout)."""
    pages = [p for p in found["pages"] if p["lang"] == lang]
    on_pages = {p["url"] for p in pages}
    files = set(found["assets"])
    for figure in found["figures"]:
        if figure["page"] not in on_pages:
            continue
        narrow = matches[figure["narrow"]]
        for i, names in enumerate(figure["frames"]):
            first, second = (1 if dense else 0, 0) if narrow and names[0] else (3 if dense else 2, 2)
            picked = [names[first] or names[second]]
            if i == figure["default"]:
                picked.append(
                    (names[3 if dense else 2] or names[2])
                    if narrow
                    else (names[1 if dense else 0] or names[0])
                )
            files.update(name for name in picked if name)
    return sum(p["bytes"] for p in pages) + sum(found["sizes"].get(f, 0) for f in files)


def screen_sizes(found: dict) -> dict:
    """The small file the page reads at load (:data:`SIZES`): the manifest's ``build`` and, for
    each edition, each combination of the figures' phone media queries a screen matches (a key
    of ``0`` and ``1``, one per query in ``queries``' order) and each density (1x, 2x), the bytes
    a save downloads. Without ``bytes`` (too many distinct queries) the page reads the manifest."""
    queries = sorted({figure["narrow"] for figure in found["figures"]})
    sizes: dict = {"build": found["build"], "queries": queries}
    if len(queries) > MAX_SIZED_QUERIES:
        return sizes
    sizes["bytes"] = {
        lang: {
            "".join("1" if bit else "0" for bit in bits): [
                _plan_bytes(found, lang, dict(zip(queries, bits)), dense) for dense in (False, True)
            ]
            for bits in itertools.product((False, True), repeat=len(queries))
        }
        for lang in sorted({p["lang"] for p in found["pages"]})
    }
    return sizes


def write(outdir: str | Path) -> dict:
    """Write the manifest of the site in ``outdir``, its sizes file and the service worker
    (which carries the build id); returns the manifest."""
    outdir = Path(outdir)
    found = manifest(outdir)
    (outdir / MANIFEST).write_text(json.dumps(found, separators=(",", ":")), encoding="utf-8")
    (outdir / SIZES).write_text(json.dumps(screen_sizes(found), separators=(",", ":")), encoding="utf-8")
    worker = SOURCE.read_text(encoding="utf-8").replace("__NXC_BUILD__", found["build"])
    (outdir / WORKER).write_text(worker, encoding="utf-8")
    return found


def loader(page: Path, outdir: Path) -> str:
    """The inline script that adds the offline script once ``page`` has loaded."""
    script = outdir / "_static" / SCRIPT
    version = hashlib.sha256(script.read_bytes()).hexdigest()[:12]
    src = posixpath.relpath((outdir / "_static" / SCRIPT).as_posix(), page.parent.as_posix())
    return (
        f'<script id="{LOADER_MARK}">addEventListener("load",function(){{'
        'if(!("serviceWorker"in navigator)||!window.caches)return;'
        f'var s=document.createElement("script");s.src="{src}?v={version}";'
        "document.head.appendChild(s)})</script>"
    )


def add_loader(text: str, page: Path, outdir: Path) -> str:
    """``text`` with the loader before ``</body>``; an older one is replaced where it stands (a
    page the build did not rewrite keeps what follows it, such as an edition's language switch,
    so it stays the page a clean build writes, and unchanged)."""
    script = loader(page, outdir)
    old = re.search(rf'<script id="{LOADER_MARK}">.*?</script>', text, flags=re.S)
    if old is not None:
        return text[: old.start()] + script + text[old.end() :]
    at = text.rfind("</body>")
    if at < 0 or 'http-equiv="refresh"' in text:
        return text
    return text[:at] + script + "\n" + text[at:]


def _add_loaders(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not (outdir / "_static" / SCRIPT).is_file():
        return
    from nxc_explorer.nxc_frames import in_nested_site

    for page in _pages(outdir):
        if in_nested_site(outdir, page):  # an edition's pages: editions.link adds theirs
            continue
        text = page.read_text(encoding="utf-8")
        new = add_loader(text, page, outdir)
        if new != text:
            page.write_text(new, encoding="utf-8")


def _write_manifest(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.nxc_offline_manifest:
        return
    write(app.outdir)


def setup(app):
    # after page_head (400: minified, versioned assets), before nxc_frames (500: the CSP hashes
    # the inline loader added here); the manifest after every page is final
    # False for an edition's own build: tools/editions.py's link writes the site's one manifest
    # (both editions) and removes the edition's own
    app.add_config_value("nxc_offline_manifest", True, "")
    app.connect("build-finished", _add_loaders, priority=450)
    app.connect("build-finished", _write_manifest, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
