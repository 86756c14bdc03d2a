"""``init --refresh-schemas``: editor files brought up to date, a person's edits kept."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.editors import SCHEMA_DIR, VSCODE_SETTINGS, modeline, schema_files, vscode_settings
from itsmkit.scaffold import make_options, scaffold


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def company(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    options = make_options(organisation="Acme", language="en", standard="iso20000-1:2018")
    scaffold(root, options, git=False)
    return root


def test_modelines_are_relative_to_each_file() -> None:
    assert modeline("itsmkit.yaml", "x.schema.json").endswith(
        "$schema=.itsmkit/schemas/x.schema.json"
    )
    assert modeline("a/b/c.yaml", "x.schema.json").endswith("=../../.itsmkit/schemas/x.schema.json")


def test_refresh_of_an_up_to_date_repository_changes_nothing(tmp_path: Path) -> None:
    root = company(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = invoke("init", str(root), "--refresh-schemas")
    assert result.exit_code == 0, result.output
    assert "0 files written" in result.stdout
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_refresh_replaces_what_an_older_itsmkit_wrote(tmp_path: Path) -> None:
    root = company(tmp_path)
    # An older release: other schema text, recorded in its index; the old published
    # address in the modelines; no local schemas for one file.
    index_path = root / SCHEMA_DIR / "index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    old = '{"title": "older"}\n'
    import hashlib

    (root / SCHEMA_DIR / "sla.schema.json").write_text(old, encoding="utf-8")
    index["files"]["sla.schema.json"] = hashlib.sha256(old.encode()).hexdigest()
    index_path.write_text(json.dumps(index), encoding="utf-8")
    (root / SCHEMA_DIR / "uc.schema.json").unlink()
    sla = root / "agreements" / "sla.yaml"
    body = sla.read_text(encoding="utf-8").split("\n", 1)[1]
    sla.write_text(
        "# yaml-language-server: $schema=https://itsmkit.dev/schemas/v1/sla.schema.json\n" + body,
        encoding="utf-8",
    )
    result = invoke("init", str(root), "--refresh-schemas")
    assert result.exit_code == 0, result.output
    expected = schema_files()
    for name in ("sla.schema.json", "uc.schema.json", "index.json"):
        rel = f"{SCHEMA_DIR}/{name}"
        assert (root / rel).read_text(encoding="utf-8") == expected[rel]
        assert f"written {rel}" in result.stdout
    assert sla.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../.itsmkit/schemas/sla.schema.json\n" + body
    )
    assert "modeline agreements/sla.yaml" in result.stdout


def test_refresh_keeps_files_a_person_edited_unless_forced(tmp_path: Path) -> None:
    root = company(tmp_path)
    mine = root / SCHEMA_DIR / "sla.schema.json"
    mine.write_text('{"title": "my own tweak"}\n', encoding="utf-8")
    settings = root / VSCODE_SETTINGS
    settings.write_text('{"editor.tabSize": 2}\n', encoding="utf-8")
    own_modeline = root / "agreements" / "uc.yaml"
    text = (
        "# yaml-language-server: $schema=./my-uc.json\n"
        + own_modeline.read_text(encoding="utf-8").split("\n", 1)[1]
    )
    own_modeline.write_text(text, encoding="utf-8")

    kept = invoke("init", str(root), "--refresh-schemas")
    assert kept.exit_code == 0, kept.output
    assert mine.read_text(encoding="utf-8") == '{"title": "my own tweak"}\n'
    assert settings.read_text(encoding="utf-8") == '{"editor.tabSize": 2}\n'
    assert f"  {SCHEMA_DIR}/sla.schema.json" in kept.stdout
    assert f"  {VSCODE_SETTINGS}" in kept.stdout

    forced = invoke("init", str(root), "--refresh-schemas", "--force")
    assert forced.exit_code == 0, forced.output
    assert mine.read_text(encoding="utf-8") == schema_files()[f"{SCHEMA_DIR}/sla.schema.json"]
    merged = json.loads(settings.read_text(encoding="utf-8"))
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"] == json.loads(vscode_settings())["yaml.schemas"]
    # A modeline naming the user's own schema is theirs, even with --force.
    assert own_modeline.read_text(encoding="utf-8") == text


def test_refresh_outside_a_company_repository_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path), "--refresh-schemas")
    assert result.exit_code == 2
    assert "not a company repository" in result.output
    assert list(tmp_path.iterdir()) == []


MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _modeline_targets(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.y*ml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = MODELINE.match(first)
        if match:
            found[path.relative_to(root).as_posix()] = path.parent / match.group(1)
    return found


def test_every_modeline_of_the_example_resolves_to_a_local_schema() -> None:
    targets = _modeline_targets(EXAMPLE)
    assert len(targets) > 100
    missing = {rel: str(t) for rel, t in targets.items() if not t.resolve().is_file()}
    assert missing == {}


def test_audit_write_points_its_modelines_at_the_local_schemas(tmp_path: Path) -> None:
    root = company(tmp_path)
    result = invoke("audit", str(root), "--write")
    assert result.exit_code in (0, 1), result.output
    written = {k: v for k, v in _modeline_targets(root).items() if k.startswith("audits/")}
    assert written, result.output
    for rel, target in written.items():
        assert target.resolve().is_file(), rel
        assert target.resolve().parent == (root / SCHEMA_DIR).resolve(), rel
