"""Reproducible installs: CI runs the README's commands with the lock file, and the scripts
that refresh the lock and test the newest releases are documented where developers look.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
SCRIPTS = REPO_ROOT / "scripts"


def _commands(script: Path) -> list[str]:
    lines = script.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_ci_runs_exactly_the_readme_commands() -> None:
    block = re.search(r"## Try it.*?```bash\n(.*?)```", README, flags=re.S)
    assert block is not None
    readme_cmds = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    ci = [c for c in _commands(REPO_ROOT / ".ci" / "run") if not c.startswith(("set ", "cd "))]
    assert ci == [c for c in readme_cmds if c]


def test_quickstart_installs_with_the_lock_and_pyproject_stays_open() -> None:
    installs = [c for c in _commands(SCRIPTS / "quickstart.sh") if "pip install" in c]
    assert installs and all("-c constraints.txt" in c for c in installs)
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.search(r"^dependencies = \[(.*?)^\]", pyproject, flags=re.S | re.M)
    assert deps is not None
    assert "==" not in deps.group(1), "the package's own ranges stay open; pins go in the lock"


def test_the_lock_pins_every_installed_distribution() -> None:
    lock = (REPO_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = [ln for ln in lock if ln and not ln.startswith("#")]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.-]+==\S+", p) for p in pins), pins
    names = {p.split("==")[0].lower().replace("_", "-") for p in pins}
    # Everything the package and its tests need is pinned, tools included.
    for needed in ("pyyaml", "pydantic", "typer", "ruff", "mypy", "pytest", "docxtpl"):
        assert needed in names
    assert "itsmkit" not in names


def test_test_latest_ignores_the_lock_and_upgrades() -> None:
    cmds = _commands(SCRIPTS / "test-latest.sh")
    installs = [c for c in cmds if "install" in c and "'.[dev]'" in c]
    assert installs, cmds
    assert all("--upgrade" in c and "-c " not in c for c in installs)
    assert any("pytest" in c for c in cmds)


@pytest.mark.parametrize("script", ["lock.sh", "test-latest.sh", "quickstart.sh"])
def test_scripts_parse_and_are_documented(script: str) -> None:
    path = SCRIPTS / script
    done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"scripts/{script}" in _section("Development")


def test_readme_documents_the_exit_codes() -> None:
    from itsmkit.errors import EXIT_INTERNAL, EXIT_USAGE

    assert f"`{EXIT_USAGE}` usage" in README
    assert f"`{EXIT_INTERNAL}` internal" in README
    assert "itsmkit/error" in README
