"""Start-up stays light: the CLI imports no heavy library until a command needs it.

A structural test, not a timing one: it fails when a module-level import in the CLI
drags in pydantic, YAML, Jinja, rich... (see benchmarks/bench_startup.py for timings).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Top-level packages (and itsmkit modules) that `itsmkit --help` must not import.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "jinja2",
    "ruamel",
    "jsonschema",
    "referencing",
    "docx",
    "rich",
    "markdown_it",
    "itsmkit.model",
    "itsmkit.validator",
    "itsmkit.repo",
    "itsmkit.rules",
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "alpes-hebergement"

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(body: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_probe_sees_heavy_imports() -> None:
    # The probe itself must be able to fail: importing the loader pulls in pydantic (the
    # validator no longer does: a warm incremental validate builds no artefact model).
    assert "pydantic" in _heavy(_modules_after("import itsmkit.repo.loader"))


def test_importing_the_app_imports_nothing_heavy() -> None:
    modules = _modules_after("import itsmkit.cli.app")
    assert "itsmkit.cli.app" in modules
    assert _heavy(modules) == []


def _run_app(argv: list[str]) -> str:
    return (
        "from itsmkit.cli.app import app\n"
        f"sys.argv = ['itsmkit', *{argv!r}]\n"
        "try:\n"
        "    app(prog_name='itsmkit')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_root_help_imports_nothing_heavy(argv: list[str]) -> None:
    assert _heavy(_modules_after(_run_app(argv))) == []


def test_command_help_imports_only_what_typer_needs() -> None:
    # typer 0.29 coerces parameter values with pydantic TypeAdapters as soon as a group
    # hands over to a sub-command, so pydantic is typer's cost there, not ours.
    modules = _modules_after(_run_app(["validate", "--help"]))
    ours = [m for m in _heavy(modules) if not m.startswith("pydantic")]
    assert ours == []


def test_rendering_word_does_not_import_python_docx(tmp_path: Path) -> None:
    # The built-in Word writer writes WordprocessingML itself (issue 18): python-docx is
    # for company docxtpl templates only. The probe must be able to fail: a docxtpl path
    # or a stray import would show up here.
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    out = tmp_path / "out"
    argv = ["render", "sla", "SLA-CIMES-2026", "-f", "docx", "-C", str(repo), "-o", str(out)]
    modules = _modules_after(_run_app(argv))
    assert (out / "SLA-CIMES-2026.fr.docx").is_file()
    assert "itsmkit.render.docx_writer" in modules
    assert not [m for m in modules if m == "docx" or m.startswith(("docx.", "xml.sax", "lxml"))]
