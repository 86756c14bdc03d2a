"""Issue 14 item 7: every command names the repository the same way; one word for written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from tests.conftest import run_cli
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()

# Commands that read no company repository: they describe itsmkit itself or create one.
NO_REPOSITORY = {"init", "schema", "kinds", "rules", "frameworks list", "frameworks show"}


def _commands() -> dict[str, Any]:
    root = typer.main.get_command(app)
    found: dict[str, Any] = {}

    def walk(group: Any, prefix: str) -> None:
        ctx = group.make_context("itsmkit", [], resilient_parsing=True)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if hasattr(command, "list_commands"):
                walk(command, f"{prefix}{name} ")
            else:
                found[f"{prefix}{name}"] = command

    walk(root, "")
    return found


def test_every_command_that_reads_a_repository_takes_dash_c() -> None:
    commands = _commands()
    assert {"trace", "import", "validate", "audit", "render", "cache clear"} <= set(commands)
    for name, command in commands.items():
        options = {opt for p in command.params for opt in getattr(p, "opts", [])}
        if name in NO_REPOSITORY:
            assert "--repo" not in options, name
            continue
        assert {"-C", "--repo"} <= options, f"{name} lacks -C/--repo"
        help_text = runner.invoke(app, [*name.split(), "--help"]).output
        assert "-C, --repo" in help_text, name


def test_trace_takes_dash_c_and_still_its_positional_path(example_copy: Path) -> None:
    by_option = runner.invoke(app, ["trace", "-C", str(example_copy), "-f", "json"])
    by_path = runner.invoke(app, ["trace", str(example_copy), "-f", "json"])
    assert by_option.exit_code == by_path.exit_code == 0, by_option.output
    assert by_option.stdout == by_path.stdout
    assert '"clauses"' in by_option.stdout or '"score"' in by_option.stdout
    both = run_cli("trace", str(example_copy), "-C", str(example_copy.parent))
    assert both.returncode == 2
    assert "two repositories given" in both.stderr
    assert "Traceback" not in both.stderr


def test_import_takes_dash_c_and_the_long_spelling(example_copy: Path) -> None:
    export = example_copy / "exports" / "glpi-tickets.csv"
    outputs = []
    for spelling in ("-C", "--repo"):
        result = runner.invoke(
            app, ["import", "glpi", str(export), spelling, str(example_copy), "--dry-run"]
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert "dry run:" in outputs[0]


def test_a_file_written_is_said_written_overwritten_or_unchanged(example_copy: Path) -> None:
    out = example_copy / "report.json"
    args = ["validate", str(example_copy), "-f", "json", "-o", str(out)]
    first = runner.invoke(app, args)
    assert f"written {out}" in first.stderr
    again = runner.invoke(app, args)
    assert f"unchanged {out}" in again.stderr
    out.write_text("{}", encoding="utf-8")
    forced = runner.invoke(app, [*args, "--force"])
    assert f"overwritten {out}" in forced.stderr
    listing = runner.invoke(
        app, ["list", "incident", "-C", str(example_copy), "-f", "xlsx", "-o", str(out) + ".xlsx"]
    )
    assert f"written {out}.xlsx" in listing.stderr
    made = runner.invoke(app, ["new", "incident", "-C", str(example_copy)])
    assert made.stdout.startswith("written records/2026-11/incidents.yaml: INC-2026-11-"), (
        made.output
    )
    for result in (first, again, forced, listing, made):
        assert "wrote" not in result.output.lower() and "created" not in result.output.lower()


def test_init_and_render_use_the_same_word(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    done = runner.invoke(app, ["init", str(root), "--lang", "en", "--yes", "--no-git"])
    assert done.exit_code == 0, done.output
    assert "Written: " in done.stdout and "Wrote" not in done.stdout
    rendered = runner.invoke(app, ["render", "all", "-f", "md", "-C", str(root)])
    assert rendered.exit_code == 0, rendered.output
    statuses = {line.split()[0] for line in rendered.stdout.splitlines() if line.strip()}
    assert statuses == {"written"}
