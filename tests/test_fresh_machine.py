"""What a fresh clone needs: the browser step of `make test`, and vendored JavaScript that
is exactly what its manifest says (package, version, file, sha256)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import vendor_js  # noqa: E402

ENSURE = ROOT / "tools" / "ensure-chromium.sh"


def test_every_vendored_file_matches_its_manifest_entry():
    entries = vendor_js.load()
    assert {"axe-core", "@jupyter-widgets/schema"} <= {e["package"] for e in entries}
    assert not any(e["path"].startswith("book/_vendor/widgets") for e in entries), "no widget bundle"
    assert "mathjax" not in {e["package"] for e in entries}, "maths are rendered at build time"
    for entry in entries:
        assert set(entry) >= {"package", "version", "file", "path", "sha256"}, entry
    assert vendor_js.problems() == []


def test_a_changed_vendored_file_is_caught(tmp_path):
    entries = [dict(e) for e in vendor_js.load()]
    entries[0]["sha256"] = "0" * 64
    assert any("sha256 differs" in p for p in vendor_js.problems(entries))
    assert any("not in the manifest" in p for p in vendor_js.problems(entries[1:]))


def test_make_test_stops_at_once_when_chromium_is_missing_and_cannot_be_installed(tmp_path):
    """No root or no apt-get: one line with the command, exit status 1, in well under a second
    of work (before any build or test)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("id", "bash", "env"):  # no apt-get on this PATH
        os.symlink(shutil.which(name), tools / name)
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["bash", str(ENSURE)],
        env={"PATH": str(tools), "CHROMIUM": str(tmp_path / "no-chromium")},
        capture_output=True,
        text=True,
    )
    assert time.perf_counter() - t0 < 5
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install chromium" in lines[0], proc.stderr


def test_make_test_and_ci_share_the_chromium_step():
    makefile = (ROOT / "Makefile").read_text()
    assert "test: chromium " in makefile and "tools/ensure-chromium.sh" in makefile
    assert "tools/ensure-chromium.sh" in (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in (ROOT / ".ci" / "run").read_text(), "one definition: tools/ensure-chromium.sh"


@pytest.mark.parametrize("tool", ["mathjax_render", "lighthouse"])
def test_the_build_time_node_tools_are_pinned_without_registry_addresses(tool):
    """tools/mathjax_render (make book: npm ci) and tools/lighthouse (make bench: npm ci)."""
    import json

    folder = ROOT / "tools" / tool
    lock = json.loads((folder / "package-lock.json").read_text())
    manifest = json.loads((folder / "package.json").read_text())
    for name, version in manifest["dependencies"].items():
        assert version[0].isdigit(), f"{tool}: pin an exact version of {name}, not {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    installed = {k: v for k, v in lock["packages"].items() if k}
    assert not [k for k, v in installed.items() if "resolved" in v], "the registry is npm's setting"
    assert all("integrity" in v or v.get("link") for v in installed.values()), f"{tool}: pin every hash"
    assert f"/tools/{tool}/node_modules/" in (ROOT / ".gitignore").read_text()
