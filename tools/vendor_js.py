"""The vendored JavaScript (and its fonts and licences): one manifest, one way to renew it.

``book/_vendor/MANIFEST.json`` lists every vendored file: the npm package and version
it comes from, the file inside the package, where it lives in this repository, and its
SHA-256. ``tests/test_site.py`` checks the files on disk against it (and that nothing
under the vendored folders is unlisted).

    python tools/vendor_js.py --check              # verify the files against the manifest
    python tools/vendor_js.py                      # re-vendor every package at its version
    python tools/vendor_js.py --set mathjax@3.2.3  # move one package to another version

Re-vendoring runs ``npm view`` (the version must exist) and ``npm pack`` through npm's own
configured registry (no address is written here), unpacks each package in a temporary
folder, copies the listed files and rewrites the manifest with their new hashes.

Entries with ``built_from`` are not copied from a package but built: the folder named
(``tools/<name>``, with a ``package.json``, ``package-lock.json`` and ``build.mjs``) is
installed from its lock file (``npm ci``) in a temporary copy and built with its
``build.mjs``. ``--set <package>@X`` moves its ``package.json`` to X and renews the lock
file (without registry addresses). (The widget bundle that was built this way is gone:
the book's figures render native controls, nxc_explorer.native_controls.) Review the diff,
rebuild and run ``make test`` before committing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "book" / "_vendor" / "MANIFEST.json"
#: Folders whose every file must be listed in the manifest.
VENDORED = [ROOT / "book" / "_vendor", ROOT / "tests" / "vendor"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load() -> list[dict]:
    return json.loads(MANIFEST.read_text())["files"]


def problems(entries: list[dict] | None = None) -> list[str]:
    """What differs between the manifest and the files on disk (empty: all good)."""
    entries = load() if entries is None else entries
    found = []
    listed = set()
    for entry in entries:
        path = ROOT / entry["path"]
        listed.add(path)
        if not path.exists():
            found.append(f"{entry['path']}: listed but missing")
        elif sha256(path) != entry["sha256"]:
            found.append(f"{entry['path']}: sha256 differs from the manifest")
    for folder in VENDORED:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path != MANIFEST and path not in listed:
                found.append(f"{path.relative_to(ROOT)}: vendored but not in the manifest")
    return found


def _npm(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def build_bundle(source: Path, entries: list[dict], moves: dict[str, str]) -> None:
    """Install ``source``'s pinned packages in a temporary copy, build, copy the outputs over
    the manifest entries built from it and record their hashes."""
    built = [e for e in entries if e.get("built_from") == str(source.relative_to(ROOT))]
    with tempfile.TemporaryDirectory(prefix="bundle-") as tmp:
        work = Path(tmp) / "src"
        shutil.copytree(source, work, ignore=shutil.ignore_patterns("node_modules"))
        package = json.loads((work / "package.json").read_text())
        moved = {n: v for n, v in moves.items() if n in package.get("dependencies", {})}
        if moved:
            package["dependencies"].update(moved)
            (work / "package.json").write_text(json.dumps(package, indent=2) + "\n")
            _npm("install", "--silent", "--omit-lockfile-registry-resolved", cwd=work)
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(work / name, source / name)
        else:
            _npm("ci", "--silent", cwd=work)
        subprocess.run(["node", "build.mjs", str(Path(tmp) / "out")], cwd=work, check=True)
        for entry in built:
            destination = ROOT / entry["path"]
            shutil.copyfile(Path(tmp) / "out" / destination.name, destination)
            entry["sha256"] = sha256(destination)
            entry["version"] = package["dependencies"].get(entry["package"], entry["version"])


def revendor(moves: dict[str, str]) -> list[dict]:
    entries = load()
    for entry in entries:
        if entry["package"] in moves:
            entry["version"] = moves[entry["package"]]
    for source in sorted({e["built_from"] for e in entries if e.get("built_from")}):
        build_bundle(ROOT / source, entries, moves)
    copied = [e for e in entries if e["package"] and not e.get("built_from")]
    packages = sorted({(e["package"], e["version"]) for e in copied})
    with tempfile.TemporaryDirectory(prefix="vendor-") as tmp:
        unpacked = {}
        for name, version in packages:
            spec = f"{name}@{version}"
            if _npm("view", spec, "version") != version:
                sys.exit(f"npm has no {spec}")
            tarball = _npm("pack", spec, "--pack-destination", tmp, "--silent").splitlines()[-1]
            target = Path(tmp) / spec.replace("/", "+")
            with tarfile.open(Path(tmp) / tarball) as archive:
                archive.extractall(target, filter="data")
            unpacked[(name, version)] = target / "package"
        for entry in entries:
            if not entry["package"] or entry.get("built_from"):
                continue  # a file of our own (a licence text the package does not ship) or built above
            source = unpacked[(entry["package"], entry["version"])] / entry["file"]
            if not source.exists():
                sys.exit(f"{entry['package']}@{entry['version']} has no {entry['file']}")
            destination = ROOT / entry["path"]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            entry["sha256"] = sha256(destination)
    return entries


def write(entries: list[dict]) -> None:
    data = json.loads(MANIFEST.read_text())
    data["files"] = entries
    MANIFEST.write_text(json.dumps(data, indent=1) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the files against the manifest")
    parser.add_argument("--set", action="append", default=[], metavar="PACKAGE@VERSION")
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or f"{len(load())} vendored files match {MANIFEST.relative_to(ROOT)}")
        return 1 if found else 0
    moves = dict(spec.rsplit("@", 1) for spec in args.set)
    entries = revendor(moves)
    write(entries)
    found = problems(entries)
    print("\n".join(found) or f"re-vendored {len(entries)} files; review `git diff` and run make test")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
