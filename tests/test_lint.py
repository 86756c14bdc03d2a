"""The code stays linted, formatted and type-checked: run as part of the one test command."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

TREES = ["src", "tests", "benchmarks", "scripts", "examples/tools"]
LOCK = REPO_ROOT / "constraints.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


@pytest.mark.skipif(
    os.environ.get("ITSMKIT_UNPINNED") == "1",
    reason="scripts/test-latest.sh runs the newest tools on purpose",
)
@pytest.mark.parametrize("tool", ["ruff", "mypy", "types-PyYAML", "pydantic"])
def test_lint_tools_are_the_pinned_versions(tool: str) -> None:
    # Lint results change with the tools' versions: the tests run the ones constraints.txt
    # pins, so that a new ruff or mypy release cannot turn a clean tree red overnight.
    pinned = _pins().get(tool.lower())
    assert pinned, f"{tool} is not pinned in constraints.txt: run scripts/lock.sh"
    installed = importlib.metadata.version(tool)
    assert installed == pinned, (
        f"{tool} {installed} is installed but constraints.txt pins {pinned}: "
        "run `bash scripts/quickstart.sh` (it installs with -c constraints.txt)"
    )


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return found


def test_ruff_check() -> None:
    done = subprocess.run(
        [_tool("ruff"), "check", *TREES], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = subprocess.run(
        [_tool("ruff"), "format", "--check", *TREES], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict() -> None:
    done = subprocess.run([_tool("mypy")], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
