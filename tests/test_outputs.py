"""One overwrite policy for every ``-o`` file, and the options shared by the commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.frameworks_fixtures import SMALL
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.errors import WriteConflictError
from itsmkit.fsutil import OVERWRITTEN, UNCHANGED, WRITTEN, write_output, write_outputs

runner = CliRunner()


def test_write_outputs_refuses_all_or_nothing(tmp_path: Path) -> None:
    new, same, other = tmp_path / "new.txt", tmp_path / "same.txt", tmp_path / "other.txt"
    same.write_text("a", encoding="utf-8")
    other.write_text("mine", encoding="utf-8")
    planned: list[tuple[Path, bytes | str]] = [(new, "n"), (same, "a"), (other, b"theirs")]
    with pytest.raises(WriteConflictError) as caught:
        write_outputs(planned, force=False)
    assert caught.value.paths == [other]
    assert not new.exists()  # nothing written when one file conflicts
    assert other.read_text(encoding="utf-8") == "mine"
    assert write_outputs(planned, force=True) == [WRITTEN, UNCHANGED, OVERWRITTEN]
    assert other.read_bytes() == b"theirs"
    assert write_output(new, "n", force=False) == UNCHANGED


# Each command writing -o, with the arguments that make it produce a file.
COMMANDS = {
    "validate": ["validate", "{repo}", "-f", "json"],
    "trace": ["trace", "{repo}", "-f", "json"],
    "checklist": ["checklist", "-C", "{repo}", "-f", "json"],
    "frameworks": ["frameworks", "-f", "json"],
    "frameworks show": ["frameworks", "show", "itil:4", "-f", "json"],
    "audit": ["audit", "{repo}", "-f", "json"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_output_follows_the_policy(name: str, make_repo, tmp_path: Path) -> None:
    root = make_repo(SMALL)
    target = tmp_path / "out" / "report.json"
    args = [a.format(repo=root) for a in COMMANDS[name]] + ["-o", str(target)]
    first = runner.invoke(app, args)
    assert first.exit_code in (0, 1), first.output
    produced = target.read_bytes()
    assert produced.startswith(b"{")
    again = runner.invoke(app, args)
    assert again.exit_code == first.exit_code  # an identical file is no conflict
    assert f"unchanged {target}" in again.output
    target.write_text("kept\n", encoding="utf-8")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert "refusing to overwrite 1 existing file(s)" in refused.output
    assert "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "kept\n"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == first.exit_code, forced.output
    assert target.read_bytes().startswith(b"{")


def test_checklist_keeps_its_old_repo_spelling(make_repo) -> None:
    root = make_repo(SMALL)
    new = runner.invoke(app, ["checklist", "sla", "-C", str(root), "-f", "json"])
    old = runner.invoke(app, ["checklist", "sla", "-r", str(root), "-f", "json"])
    assert new.exit_code == old.exit_code == 0
    assert new.output == old.output
    assert "-r" not in runner.invoke(app, ["checklist", "--help"]).output.split()
