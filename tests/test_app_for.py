"""The console script builds only the command it runs, and nobody can tell the difference.

``cli.app.app_for`` hands typer an application holding just the command named first
(building every command's parameters cost about 20 ms a run). These tests hold it to
being invisible: the same help, the same results and exit codes, the whole application
whenever the name is not a command.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit.cli.app import app, app_for

RUNNER = CliRunner()


def _names() -> list[str]:
    commands = [str(c.name or c.callback.__name__) for c in app.registered_commands]
    groups = [str(g.name) for g in app.registered_groups]
    return [n.lower().replace("_", "-") for n in commands + groups]


def test_every_command_and_group_is_found() -> None:
    names = _names()
    assert {"validate", "render", "list", "import", "cache", "frameworks"} <= set(names)
    for name in names:
        one = app_for([name, "--help"])
        assert one is not app
        held = [*one.registered_commands, *one.registered_groups]
        assert len(held) == 1, name


@pytest.mark.parametrize("name", _names())
def test_help_is_the_same_as_the_whole_application(name: str) -> None:
    whole = RUNNER.invoke(app, [name, "--help"])
    alone = RUNNER.invoke(app_for([name, "--help"]), [name, "--help"])
    assert alone.exit_code == whole.exit_code == 0
    assert alone.output == whole.output


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--version"], ["-h"], ["rendr", "sla"], ["", "x"]]
)
def test_the_whole_application_when_no_command_is_named(argv: list[str]) -> None:
    assert app_for(argv) is app


def test_completion_gets_the_whole_application(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_ITSMKIT_COMPLETE", "complete_bash")
    assert app_for(["render"]) is app


def test_an_unknown_command_is_still_suggested(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "itsmkit", "validat"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "No such command 'validat'" in proc.stderr
    assert "validate" in proc.stderr


def test_a_run_through_the_console_script_gives_the_same_result(tmp_path: Path) -> None:
    # The real entry point (main -> app_for) against the whole application, same folder.
    (tmp_path / "itsmkit.yaml").write_text("not: [valid\n", encoding="utf-8")
    args = ["validate", "--format", "json", "--no-cache"]
    whole_app = "import sys; from itsmkit.cli.app import app; app(prog_name='itsmkit')"
    runs = [
        subprocess.run(
            [sys.executable, *entry, *args], capture_output=True, text=True, cwd=tmp_path
        )
        for entry in (["-m", "itsmkit"], ["-c", whole_app])
    ]
    alone, whole = runs
    assert alone.returncode == whole.returncode == 1  # the broken itsmkit.yaml
    assert '"code"' in alone.stdout
    assert alone.stdout == whole.stdout
    assert alone.stderr == whole.stderr
