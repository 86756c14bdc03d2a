"""The bundled example company: clean as shipped, and every broken file is located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()
FILES = sorted(
    p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml") if p.name != "itsmkit.yaml"
)


def test_example_validates_clean_and_strict() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE), "--strict", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    assert (summary["errors"], summary["warnings"]) == (0, 0)
    assert summary["artefacts"] > 900 and summary["kinds"]["incident"] > 300


@pytest.mark.parametrize("rel", FILES[::7])
def test_breaking_any_file_names_its_file_line_and_column(example_copy: Path, rel: str) -> None:
    path = example_copy / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("kind:"))
    lines.insert(at + 1, "colour: blue\n")  # an unknown key right after `kind:`
    path.write_text("".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(example_copy), "--format", "json"])
    assert result.exit_code == 1
    issues = json.loads(result.output)["issues"]
    assert [(i["file"], i["line"], i["column"], i["code"]) for i in issues] == [
        (
            rel,
            at + 2,
            1,
            "schema-unknown-key",
        )
    ]
