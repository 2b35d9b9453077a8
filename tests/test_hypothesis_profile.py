"""CI draws the same property-test examples on every run; a developer's ``make test`` searches
at random (issue 30). ``.ci/run`` selects the profile "ci" of ``tests/conftest.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import hypothesis

from conftest import ROOT

DRAW = """
import json, sys
sys.path.insert(0, {tests!r})
import conftest  # loads the profile named by NXC_HYPOTHESIS_PROFILE
from hypothesis import given, strategies as st
seen = []
@given(st.floats(0, 1))
def probe(x):
    seen.append(x)
probe()
print(json.dumps(seen))
"""


def _draws(profile: str | None, ci_machine: bool = False) -> list[float]:
    env = {k: v for k, v in os.environ.items() if k not in ("NXC_HYPOTHESIS_PROFILE", "CI")}
    if ci_machine:  # what a CI runner sets; Hypothesis then loads its own derandomized profile
        env["CI"] = "true"
    if profile:
        env["NXC_HYPOTHESIS_PROFILE"] = profile
    out = subprocess.run(
        [sys.executable, "-c", DRAW.format(tests=str(ROOT / "tests"))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_ci_profile_is_deterministic_and_keeps_no_database():
    ci = hypothesis.settings.get_profile("ci")
    assert ci.derandomize and ci.database is None and ci.deadline is None


def test_ci_runs_draw_the_same_examples_and_developer_runs_do_not():
    assert _draws("ci") == _draws("ci")
    assert _draws(None) != _draws(None), "a developer's make test must still search at random"


def test_a_machine_that_sets_CI_does_not_change_the_developer_profile():
    """Hypothesis derandomizes every profile under CI=true unless the profile says otherwise
    (CI failed once on exactly this): the course's profile choice must come from
    NXC_HYPOTHESIS_PROFILE alone."""
    assert _draws(None, ci_machine=True) != _draws(None, ci_machine=True)
    assert _draws("ci", ci_machine=True) == _draws("ci")


def test_ci_selects_the_profile_and_make_test_does_not():
    run = (ROOT / ".ci" / "run").read_text()
    assert "export NXC_HYPOTHESIS_PROFILE=ci" in run
    assert run.index("export NXC_HYPOTHESIS_PROFILE=ci") < run.index("\nmake test")
    assert "NXC_HYPOTHESIS_PROFILE" not in (ROOT / "Makefile").read_text()


def test_the_ci_script_is_valid_bash_and_ends_with_the_readme_test_command():
    """A stray backtick once left `.ci/run` unparsable while its text still held the profile."""
    import subprocess

    script = ROOT / ".ci" / "run"
    checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, f".ci/run does not parse: {checked.stderr}"
    commands = [
        line.split("#")[0].strip() for line in script.read_text().splitlines() if line.split("#")[0].strip()
    ]
    assert commands[-1] == "make test", (
        f".ci/run must end with the README's test command, not {commands[-1]!r}"
    )
