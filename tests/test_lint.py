"""The pre-commit checks, enforced in CI: ruff, ruff format, codespell, YAML, workflow schema.

``.pre-commit-config.yaml`` runs the same pinned tools (requirements-test.txt) on
the files a commit touches; these tests run them on the whole repository.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(
            f"{name} is not installed in {BIN}: run `make fast` (pip install -r requirements-test.txt)"
        )
    return str(path)


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def tracked(*patterns: str) -> list[str]:
    listed = run("git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *patterns).stdout
    return [name for name in listed.splitlines() if (ROOT / name).is_file()]


def test_ruff_check():
    result = run(tool("ruff"), "check", ".")
    assert result.returncode == 0, f"ruff check found problems (fix, or `ruff check --fix`):\n{result.stdout}"


def test_ruff_format():
    result = run(tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, f"run `ruff format` on these files:\n{result.stdout}"


def test_codespell():
    result = run(tool("codespell"))
    assert result.returncode == 0, (
        "codespell found likely typos (fix them, or add a real domain word to ignore-words-list "
        f"in pyproject.toml [tool.codespell]):\n{result.stdout}{result.stderr}"
    )


def test_every_yaml_file_parses():
    files = tracked("*.yml", "*.yaml")
    assert "_config.yml" in files and "_toc.yml" in files
    for name in files:
        try:
            yaml.safe_load((ROOT / name).read_text())
        except yaml.YAMLError as error:
            pytest.fail(f"{name} is not valid YAML: {error}")


def test_github_workflows_match_their_schema():
    workflows = tracked(".github/workflows/*.yml", ".github/workflows/*.yaml")
    assert workflows, "no workflow in .github/workflows"
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


def test_workflow_tests_pull_requests_and_publishes_main():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert "pull_request" in triggers and "main" in triggers["push"]["branches"]
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["test"]["steps"])
    assert "make fast" in steps and "make test" in steps
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
    python = workflow["jobs"]["test"]["steps"][1]["with"]["python-version"]
    assert f"python-{python}" == (ROOT / "runtime.txt").read_text().strip(), "CI and Binder use one Python"


def test_pre_commit_config_is_valid_and_local():
    result = run(tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"]), "hooks must run offline (repo: local)"
    for needed in ("ruff-check", "ruff-format", "check-yaml", "codespell"):
        assert needed in hooks, f"pre-commit hook {needed} missing"
    pinned = (ROOT / "requirements-test.txt").read_text()
    for hook in hooks.values():
        command = hook["entry"].split()[0]
        package = {"check-yaml": "pre-commit-hooks", "python": None}.get(command, command)
        if package:
            assert re.search(rf"^{re.escape(package)}==", pinned, re.MULTILINE), (
                f"hook {hook['id']} calls {command}: pin {package} in requirements-test.txt"
            )
