"""Packaging: licence, honest dependencies and classifiers, optional extras, completion.

The wheel and sdist contents are checked by building them in tests/test_wheel.py.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from tests.conftest import REPO_ROOT
from typer.testing import CliRunner

from itsmkit.cli.app import app

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
SRC = REPO_ROOT / "src" / "itsmkit"
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "render" / "company"


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_top_levels() -> set[str]:
    """Top-level modules src imports anywhere (in functions too), standard library excluded."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "itsmkit"}


def _distributions(modules: set[str]) -> dict[str, str]:
    """Installed distribution (normalised name) providing each top-level module."""
    # packages_distributions() misses distributions without top_level.txt on Python 3.10
    # (Jinja2, for one): read each distribution's file list instead.
    table: dict[str, list[str]] = {}
    for dist in importlib.metadata.distributions():
        for file in dist.files or ():
            top = file.parts[0].removesuffix(".py") if file.parts else ""
            if top and not top.endswith((".dist-info", ".data", ".pth")) and top != "..":
                table.setdefault(top, []).append(dist.metadata["Name"])
    out = {}
    for module in modules:
        dists = table.get(module)
        assert dists, f"src imports {module!r}, which no installed distribution provides"
        out[module] = dists[0].lower().replace("_", "-")
    return out


def test_the_licence_is_mit_and_named_in_the_metadata() -> None:
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 itsmkit developers" in text
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert "LICENSE" in PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def test_every_runtime_dependency_is_imported_and_every_import_declared() -> None:
    core = {_name(r) for r in PROJECT["dependencies"]}
    extras = {
        extra: {_name(r) for r in reqs}
        for extra, reqs in PROJECT["optional-dependencies"].items()
        if extra != "dev"
    }
    used = set(_distributions(_imported_top_levels()).values())
    never_imported = core - used
    assert never_imported == set(), f"runtime dependencies never imported: {never_imported}"
    optional = set().union(*extras.values())
    undeclared = used - core - optional
    assert undeclared == set(), f"imported but not declared: {undeclared}"
    # Optional features stay optional: not also in the runtime list.
    assert core.isdisjoint(optional)
    assert "jsonschema" not in core  # used by the tests only


def test_dev_installs_every_extra_for_the_tests() -> None:
    dev = {_name(r) for r in PROJECT["optional-dependencies"]["dev"]}
    for extra in PROJECT["optional-dependencies"]:
        if extra != "dev":
            assert f"itsmkit[{extra}]" in {
                r.lower() for r in PROJECT["optional-dependencies"]["dev"]
            }
    assert {"pytest", "ruff", "mypy", "jsonschema"} <= dev


def test_python_classifiers_name_exactly_the_tested_versions() -> None:
    versions = sorted(
        c.rsplit("::", 1)[1].strip()
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    )
    # CI runs 3.11 (.ci/run); scripts/test-latest.sh is run on the 3.10 floor.
    assert versions == ["3.10", "3.11"]
    assert PROJECT["requires-python"] == ">=3.10"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == "3.10"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py310"


def test_a_docx_template_without_the_extra_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    company = tmp_path / "company"
    shutil.copytree(FIXTURE, company)
    (company / "templates").mkdir()
    template = docx.Document()
    template.add_paragraph("{{ doc.number }}")
    template.save(str(company / "templates" / "sla.fr.docx"))
    monkeypatch.setitem(sys.modules, "docxtpl", None)  # as if not installed
    result = CliRunner().invoke(
        app,
        ["render", "sla", "SLA-ACME", "-C", str(company), "--format", "docx", "-o", str(tmp_path)],
    )
    assert result.exit_code == 2, result.output
    assert "needs the optional 'docxtpl' dependencies" in result.stderr
    assert "pip install 'itsmkit[docxtpl]'" in result.stderr
    assert "Traceback" not in result.output


def _complete(words: str, cword: int) -> subprocess.CompletedProcess[str]:
    env: dict[str, Any] = {
        **os.environ,
        "_ITSMKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    return subprocess.run(
        [sys.executable, "-m", "itsmkit"], env=env, capture_output=True, text=True, timeout=60
    )


def test_shell_completion_completes_commands_and_options() -> None:
    commands = _complete("itsmkit val", 1)
    assert commands.returncode == 0, commands.stderr
    assert commands.stdout.split() == ["validate"]
    options = _complete("itsmkit validate --str", 2)
    assert options.stdout.split() == ["--strict"]


def test_completion_can_be_shown_and_installed() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    shown = subprocess.run(
        [sys.executable, "-m", "itsmkit", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "_ITSMKIT_COMPLETE=complete_bash" in shown.stdout
