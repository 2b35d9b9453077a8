"""What a chapter or a drawing function depends on: the package's import graph (stdlib only).

jupyter-cache keys a chapter's outputs on its own code cells; a figure's frames depend on
its drawing module. Both also depend on every ``naltrexone_course`` module they import,
transitively. This module reads those imports with :mod:`ast` (never importing anything):
``import naltrexone_course.pk``, ``from naltrexone_course import pk``,
``from naltrexone_course.figures import pk as figures``, relative imports inside the
package (``from .. import binding``), and imports inside functions, and turns them into a
fingerprint (SHA-256) of everything a chapter's outputs can depend on:

* the chapter's code cells (not its text: a text edit re-executes nothing);
* the source of every package module it imports, transitively, with the packages'
  ``__init__.py`` files on the way (importing ``a.b`` runs ``a/__init__.py``);
* ``parameters.py`` for every chapter that uses the package at all (every model imports
  it; :func:`chapter_modules` makes sure even if one day a chapter's imports do not);
* package data files (anything but ``.py`` under the package) that a module in the set
  names, and every data file that no module names (a file read by a path built at run
  time cannot be traced, so it counts for every chapter);
* the pinned requirements (``requirements.txt``);
* every Python module of another package under ``src/`` (the figure engine,
  ``nxc_explorer``) that the chapter's cells or the package modules they run import: its
  HTML, frames and data files (its script and style sheet are not part of a chapter's
  outputs: the pages are written again when they change, nothing is executed).

Used by ``book/_ext/source_freshness.py`` (the Sphinx build), ``tools/parallel_execute.py``
(the same rule) and :mod:`naltrexone_course.frame_keys` (frames keyed by their module).
Loaded by file path from the extension and the tool, so it imports nothing but the stdlib.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

PACKAGE = "naltrexone_course"
#: Every chapter that uses the package depends on the literature values.
PARAMETERS = f"{PACKAGE}.parameters"
CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)


def package_modules(package_dir: Path) -> dict[str, Path]:
    """Every module of the package in ``package_dir``: dotted name -> file."""
    package_dir = Path(package_dir)
    modules: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = [PACKAGE, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _resolve(target: str, names: Iterable[str], modules: dict[str, Path]) -> set[str]:
    """The package modules that ``from target import names`` (or ``import target``) runs."""
    found: set[str] = set()
    if target != PACKAGE and not target.startswith(PACKAGE + "."):
        return found
    for parent in _parents(target):
        if parent in modules:
            found.add(parent)
    for name in names:
        if f"{target}.{name}" in modules:  # a submodule, not a name defined in __init__
            found.update(p for p in _parents(f"{target}.{name}") if p in modules)
    return found


#: :func:`imports_in`'s answers by the SHA-256 of its inputs, and the file they are kept in
#: between processes (:func:`use_memo`): each build reads every chapter's and module's
#: imports twice (``tools/parallel_execute.py``, then the Sphinx extension), and parsing
#: them all cost about 0.2 s of a one-sentence rebuild.
_memo: dict[str, list[str]] = {}
_memo_used: set[str] = set()
_memo_file: list[Path] = []


def use_memo(path: Path) -> None:
    """Keep :func:`imports_in`'s answers in ``path`` (JSON), read now, written by
    :func:`save_memo`: a file whose source is unchanged is not parsed again."""
    _memo_file[:] = [Path(path)]
    try:
        _memo.update(json.loads(Path(path).read_text()))
    except (OSError, ValueError):
        pass


def save_memo() -> None:
    """Write the answers this process used (only those: the memo never outgrows the sources)."""
    if not _memo_file:
        return
    path = _memo_file[0]
    kept = {key: _memo[key] for key in sorted(_memo_used) if key in _memo}
    try:
        if json.loads(path.read_text()) == kept:
            return
    except (OSError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(kept))
    tmp.replace(path)  # atomic: the tool and the build may both write it


def imports_in(
    source: str, module: str | None, modules: dict[str, Path], is_package: bool = False
) -> set[str]:
    """Package modules that ``source`` imports (anywhere in it, functions included).

    ``module`` is the importing module's dotted name (None for a chapter's cells), needed
    for relative imports; ``is_package`` says whether it is a package's ``__init__``."""
    key = hashlib.sha256(
        "\0".join([str(module), str(is_package), " ".join(sorted(modules)), source]).encode()
    ).hexdigest()
    if key in _memo:
        _memo_used.add(key)
        return set(_memo[key])
    found = _parse_imports(source, module, modules, is_package)  # a SyntaxError is not kept
    _memo[key] = sorted(found)
    _memo_used.add(key)
    return found


def _parse_imports(source: str, module: str | None, modules: dict[str, Path], is_package: bool) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found |= _resolve(alias.name, [], modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if module is None:
                    continue
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found |= _resolve(target, [a.name for a in node.names], modules)
    return found


class Package:
    """One reading of the package's files: modules, sources, import graph, data files."""

    def __init__(self, package_dir: Path):
        self.dir = Path(package_dir)
        self.modules = package_modules(self.dir) if self.dir.is_dir() else {}
        self.sources = {name: path.read_bytes() for name, path in self.modules.items()}
        self.graph = {
            name: frozenset(
                imports_in(self.sources[name].decode(), name, self.modules, path.name == "__init__.py")
                - {name}
            )
            for name, path in self.modules.items()
        }
        self.data = data_files(self.dir) if self.dir.is_dir() else []

    def chapter_modules(self, markdown: str) -> set[str]:
        """Every package module a chapter's code runs, transitively (plus ``parameters``)."""
        direct = cell_imports(code_cells(markdown), self.modules)
        if direct and PARAMETERS in self.modules:
            direct.add(PARAMETERS)
        return closure(direct, self.graph)

    def digest(self, names: Iterable[str]) -> str:
        """SHA-256 over the named modules' sources and the data files they depend on."""
        names = sorted(set(names))
        digest = hashlib.sha256()
        for name in names:
            digest.update(f"module {name}\n".encode())
            digest.update(self.sources[name])
        for path in self.data if names else []:
            file_name = path.name.encode()
            named_by = {n for n, text in self.sources.items() if file_name in text}
            if named_by and not named_by & set(names):
                continue  # named by modules outside this set only
            digest.update(f"data {path.relative_to(self.dir).as_posix()}\n".encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


def import_graph(package_dir: Path) -> dict[str, frozenset[str]]:
    """Module -> the package modules it imports directly."""
    return Package(package_dir).graph


def closure(start: Iterable[str], graph: dict[str, frozenset[str]]) -> set[str]:
    """``start`` and everything it imports, transitively."""
    seen: set[str] = set()
    todo = [s for s in start if s in graph]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(graph[name] - seen)
    return seen


def code_cells(markdown: str) -> list[str]:
    """The sources of a MyST notebook's ``{code-cell}`` blocks, in order."""
    return [m.group(2) for m in CODE_CELL.finditer(markdown)]


def _python(cell: str) -> str:
    """A code cell as plain Python: cell options and IPython magics blanked out."""
    lines = cell.split("\n")
    if lines and lines[0].strip() == "---":  # a YAML options block
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = [""] * (end + 1) + lines[end + 1 :]
    return "\n".join("" if re.match(r"\s*(:|%|!)", line) else line for line in lines)


def cell_imports(cells: Iterable[str], modules: dict[str, Path]) -> set[str]:
    """Package modules the cells import directly (a cell that does not parse is read line
    by line, so an import is never missed because of one odd line)."""
    found: set[str] = set()
    for cell in cells:
        source = _python(cell)
        try:
            found |= imports_in(source, None, modules)
        except SyntaxError:
            for line in source.split("\n"):
                try:
                    found |= imports_in(line.strip(), None, modules)
                except SyntaxError:
                    continue
    return found


def chapter_modules(markdown: str, package_dir: Path) -> set[str]:
    """Every package module a chapter's code runs, transitively (plus ``parameters``)."""
    return Package(package_dir).chapter_modules(markdown)


def data_files(package_dir: Path) -> list[Path]:
    """Files of the package that are not Python (tables a module reads)."""
    return sorted(
        p
        for p in Path(package_dir).rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    )


def modules_digest(names: Iterable[str], package_dir: Path) -> str:
    """SHA-256 over the named modules' sources and the data files they depend on."""
    return Package(package_dir).digest(names)


def sibling_packages(src: Path) -> list[Path]:
    """The other packages beside the course's under ``src`` (folders with ``__init__.py``)."""
    src = Path(src)
    if not src.is_dir():
        return []
    return sorted(p for p in src.iterdir() if p.name != PACKAGE and (p / "__init__.py").is_file())


def chapter_fingerprint(chapter: Path, repo: Path, package: Package | None = None) -> str:
    """SHA-256 of what a chapter's executed outputs depend on (see the module docstring)."""
    repo = Path(repo)
    package = package or Package(repo / "src" / PACKAGE)
    markdown = Path(chapter).read_text()
    digest = hashlib.sha256()
    for cell in code_cells(markdown):
        digest.update(b"cell\n")
        digest.update(cell.encode())
    modules = package.chapter_modules(markdown)
    digest.update(package.digest(modules).encode())
    for sibling in sibling_packages(repo / "src"):
        code = "\n".join([*code_cells(markdown), *(package.sources[m].decode() for m in modules)])
        if re.search(rf"\b(?:import|from)\s+{sibling.name}\b", code):
            digest.update(f"package {sibling.name}\n".encode())
            for path in sorted(p for p in sibling.rglob("*.py") if "__pycache__" not in p.parts):
                digest.update(path.relative_to(sibling).as_posix().encode() + b"\0" + path.read_bytes())
    requirements = repo / "requirements.txt"
    if requirements.exists():
        digest.update(b"requirements\n")
        digest.update(requirements.read_bytes())
    return digest.hexdigest()
