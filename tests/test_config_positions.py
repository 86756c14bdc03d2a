"""A ``config-invalid`` issue points where the fix goes: the wrong value, or the wrong key.

Checked as a user sees it, on a fresh ``itsmkit init`` whose itsmkit.yaml is then broken in
several ways: ``validate`` in text and in JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()


@pytest.fixture
def company(tmp_path: Path) -> Path:
    root = tmp_path / "co"
    done = runner.invoke(app, ["init", str(root), "-y", "--no-git", "--lang", "en"])
    assert done.exit_code == 0, done.output
    return root


def _break(root: Path, edits: dict[str, str]) -> list[str]:
    path = root / "itsmkit.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text.splitlines()


def _where(lines: list[str], needle: str, part: str | None = None) -> tuple[int, int]:
    """1-based line and column of ``part`` (default: all) of the line holding ``needle``."""
    for number, line in enumerate(lines, 1):
        if needle in line and not line.lstrip().startswith("#"):
            return number, line.index(needle) + needle.index(part or needle) + 1
    raise AssertionError(needle)


def _config_issues(root: Path) -> list[dict[str, object]]:
    done = runner.invoke(app, ["validate", str(root), "-f", "json"])
    assert done.exit_code == 1, done.output
    return [i for i in json.loads(done.stdout)["issues"] if i["code"] == "config-invalid"]


def test_a_wrong_value_is_pointed_at_not_its_key(company: Path) -> None:
    lines = _break(
        company,
        {
            "language: en": "language: de",
            "min_record_history_days: 90": "min_record_history_days: lots",
            "time_zone: Europe/London": "time_zone: Mars/Olympus",
        },
    )
    found = {str(i["message"]).split(":")[0].split(" ")[0]: i for i in _config_issues(company)}
    expected = {
        "language": _where(lines, "language: de", "de"),
        "thresholds.min_record_history_days": _where(lines, "_days: lots", "lots"),
        "time_zone": _where(lines, "time_zone: Mars/Olympus", "Mars"),
    }
    assert {k: (v["line"], v["column"]) for k, v in found.items()} == expected
    text = runner.invoke(app, ["validate", str(company)]).output
    line, column = expected["language"]
    assert f"itsmkit.yaml:{line}:{column}: error config-invalid: language must be" in text
    assert column > 1  # the value's column, not the key's


def test_a_wrong_or_missing_key_is_pointed_at_by_its_key(company: Path) -> None:
    lines = _break(company, {"time_zone:": "bogus_key: 1\ntime_zone:"})
    (issue,) = _config_issues(company)
    assert str(issue["message"]).startswith("unknown key 'bogus_key'")
    assert (issue["line"], issue["column"]) == _where(lines, "bogus_key")
    lines = _break(company, {"bogus_key: 1\n": "", "thresholds:\n": "thresholds:\n  nope: 3\n"})
    (issue,) = _config_issues(company)
    assert (issue["line"], issue["column"]) == _where(lines, "nope")


def test_a_wrong_value_in_a_list_is_pointed_at(company: Path) -> None:
    lines = _break(company, {"exclude: []": "exclude: [ok.yaml, {a: b}]"})
    (issue,) = _config_issues(company)
    assert (issue["line"], issue["column"]) == _where(lines, "exclude: [ok.yaml, {a: b}]", "{a: b}")
