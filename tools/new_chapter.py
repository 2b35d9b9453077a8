"""Scaffold a new chapter from the template and give it its place in ``_toc.yml``.

Usage (from the repository root, or through ``make chapter``):

    python tools/new_chapter.py NAME "Title" [--after book/reward]

Writes ``book/NAME.md`` from ``tools/chapter_template.md`` and lists it in
``_toc.yml`` under the "How naltrexone works" caption: after the chapter given
with ``--after``, or else just before the conclusion (the last chapter). The
new file is full of ``TODO`` placeholders: ``python tools/check_chapters.py
book/NAME.md`` lists what is left to write.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_chapters import CHAPTER_CAPTION, chapter_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "tools" / "chapter_template.md"
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def add_to_toc(toc_text: str, entry: str, after: str | None) -> str:
    """``toc_text`` with ``- file: entry`` added to the chapters caption (comments kept)."""
    lines = toc_text.splitlines(keepends=True)
    caption = next(
        (
            i
            for i, line in enumerate(lines)
            if re.match(rf"\s*- caption: *{re.escape(CHAPTER_CAPTION)}\s*$", line)
        ),
        None,
    )
    if caption is None:
        raise SystemExit(f"_toc.yml has no part with caption {CHAPTER_CAPTION!r}")
    end = next(
        (i for i in range(caption + 1, len(lines)) if re.match(r"\s*- caption:", lines[i])), len(lines)
    )
    chapter_lines = [
        (i, m) for i in range(caption + 1, end) if (m := re.match(r"(\s*)- file: *(\S+)\s*$", lines[i]))
    ]
    if not chapter_lines:
        raise SystemExit(f"the {CHAPTER_CAPTION!r} part of _toc.yml lists no chapters")
    indent = min(len(m.group(1)) for _, m in chapter_lines)
    top = [(i, m.group(2)) for i, m in chapter_lines if len(m.group(1)) == indent]
    if after is not None:
        matches = [i for i, m in chapter_lines if m.group(2) == after]
        if not matches:
            raise SystemExit(f"--after {after}: no such entry under {CHAPTER_CAPTION!r} in _toc.yml")
        indent = len(lines[matches[0]]) - len(lines[matches[0]].lstrip())
        position = matches[0] + 1
        # Skip the lines nested under that entry (its sections).
        while position < end and (len(lines[position]) - len(lines[position].lstrip()) > indent):
            position += 1
    else:
        last = [i for i, file in top if file.endswith("/conclusion")]
        position = last[0] if last else end
        if not last:
            while position > caption + 1 and lines[position - 1].strip() == "":
                position -= 1
    lines.insert(position, " " * indent + f"- file: {entry}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="file name without .md: lower case words joined by hyphens")
    parser.add_argument("title", help="the chapter title, as readers see it")
    parser.add_argument("--after", help="put it after this _toc.yml entry (e.g. book/reward)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root
    if not NAME.match(args.name):
        parser.error(f"NAME {args.name!r} must be lower case words joined by hyphens, e.g. 'withdrawal'")
    if not args.title.strip():
        parser.error("TITLE must not be empty")
    target = root / "book" / f"{args.name}.md"
    entry = f"book/{args.name}"
    if target.exists():
        parser.error(f"{target.relative_to(root)} already exists")
    toc_path = root / "_toc.yml"
    new_toc = add_to_toc(toc_path.read_text(), entry, args.after)
    yaml.safe_load(new_toc)  # still valid YAML
    target.write_text(TEMPLATE.read_text().replace("__TITLE__", args.title.strip()))
    toc_path.write_text(new_toc)
    if f"{entry}.md" not in chapter_files(root):
        raise SystemExit(f"internal error: {entry} did not land under {CHAPTER_CAPTION!r} in _toc.yml")
    print(f"created {target.relative_to(root)} and listed it in _toc.yml")
    print(f"next: fill in the TODOs; `python tools/check_chapters.py {target.relative_to(root)}` lists them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
