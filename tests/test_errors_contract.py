"""Errors are data: exit codes per error class, and the JSON error envelope's contract.

A consumer that asks for ``--format json`` always gets JSON on standard output, even when
the command cannot run; the keys are pinned here, as the report envelopes' keys are.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_cli
from typer.testing import CliRunner

import itsmkit
from itsmkit.cli.app import app, wants_json
from itsmkit.errors import EXIT_INTERNAL, EXIT_USAGE, ItsmkitError

ENVELOPE_KEYS = ["schema", "version", "tool", "command", "error"]
ERROR_KEYS = ["code", "message", "hint", "exit_code", "details"]

runner = CliRunner()


def _all_error_classes() -> list[type[ItsmkitError]]:
    for module in pkgutil.walk_packages(itsmkit.__path__, "itsmkit."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    found: list[type[ItsmkitError]] = []
    todo: list[type[ItsmkitError]] = [ItsmkitError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _envelope(stdout: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(stdout)
    assert list(data) == ENVELOPE_KEYS
    assert data["schema"] == "itsmkit/error" and data["version"] == 1
    assert data["tool"] == {"name": "itsmkit", "version": itsmkit.__version__}
    assert list(data["error"]) == ERROR_KEYS
    return data


def test_every_error_class_carries_a_stable_code_and_exit_code() -> None:
    classes = _all_error_classes()
    assert len(classes) >= 7  # the root, errors.py's four, templates, framework data
    codes: dict[str, str] = {}
    for cls in classes:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", cls.code), cls
        assert cls.exit_code in (EXIT_USAGE, EXIT_INTERNAL), cls
        if cls is not ItsmkitError:
            assert cls.code != ItsmkitError.code, f"{cls.__name__} inherits the root's code"
            assert cls.code not in codes, f"{cls.__name__} reuses {codes.get(cls.code)}'s code"
            codes[cls.code] = cls.__name__


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{missing}", "--format", "json"],
        ["audit", "{missing}", "-f", "json"],
        ["trace", "--framework", "iso20000-1:2018", "{missing}", "--format=json"],
        ["checklist", "sla", "-r", "{missing}", "-fJSON"],
    ],
)
def test_a_bad_path_with_json_gives_the_error_envelope(tmp_path: Path, argv: list[str]) -> None:
    missing = str(tmp_path / "nowhere")
    result = runner.invoke(app, [a.format(missing=missing) for a in argv])
    assert result.exit_code == EXIT_USAGE, result.output
    data = _envelope(result.stdout)
    assert data["command"] == argv[0]
    assert data["error"]["code"] == "repository-not-found"
    assert data["error"]["exit_code"] == EXIT_USAGE
    assert data["error"]["details"] == {"path": missing, "reason": "no such folder"}
    assert "itsmkit: error:" in result.stderr  # people reading the CI log still see it


def test_a_bad_path_without_json_stays_plain_text(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert "no such folder" in result.stderr and "hint:" in result.stderr


def test_a_bad_config_with_json_gives_config_invalid(make_repo: Any) -> None:
    root = make_repo(config="organisation: Acme\nlanguage: xx\n")
    result = runner.invoke(app, ["audit", str(root), "--format", "json"])
    assert result.exit_code == EXIT_USAGE, result.output
    error = _envelope(result.stdout)["error"]
    assert error["code"] == "config-invalid"
    assert error["details"]["path"] == str(root / "itsmkit.yaml")
    assert any("must be fr or en, got xx" in p for p in error["details"]["problems"])


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["validate", ".", "--bogus", "--format", "json"], "No such option: --bogus"),
        (["validate", ".", "-f", "json", "--today", "someday"], "--today 'someday' is not a date"),
        (["validate", ".", "-f", "json", "--jobs", "0"], "--jobs"),
        (["no-such-command", "--format", "json"], "No such command"),
        (["frameworks", "show", "no-such", "-f", "json"], "unknown framework 'no-such'"),
        (["kinds", "--format", "json", "--bogus"], "No such option: --bogus"),
    ],
)
def test_usage_errors_with_json_give_the_envelope(argv: list[str], needle: str) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == EXIT_USAGE, result.output
    error = _envelope(result.stdout)["error"]
    assert error["code"] == "usage"
    assert needle in error["message"]
    assert error["hint"]


def test_usage_error_without_json_is_clicks_own_text() -> None:
    result = runner.invoke(app, ["validate", "--bogus"])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert "No such option: --bogus" in result.stderr


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_an_internal_error_has_its_own_exit_code_and_asks_for_a_report(
    make_repo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ITSMKIT_DEBUG", raising=False)
    monkeypatch.setattr("itsmkit.validator.report", _explode)  # what validate runs
    root = make_repo()
    plain = runner.invoke(app, ["validate", str(root)])
    assert plain.exit_code == EXIT_INTERNAL == 3
    assert "internal error: RuntimeError: boom" in plain.stderr
    assert "bug in itsmkit" in plain.stderr and "report" in plain.stderr
    assert "Traceback" not in plain.output
    as_json = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert as_json.exit_code == EXIT_INTERNAL
    error = _envelope(as_json.stdout)["error"]
    assert (error["code"], error["exit_code"]) == ("internal-error", EXIT_INTERNAL)
    assert "report" in error["hint"]


def test_debug_lets_the_traceback_through(make_repo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITSMKIT_DEBUG", "1")
    monkeypatch.setattr("itsmkit.validator.report", _explode)  # what validate runs
    result = runner.invoke(app, ["validate", str(make_repo())])
    assert isinstance(result.exception, RuntimeError)


def test_a_new_error_class_slots_into_the_funnel(
    make_repo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another module's error class (e.g. a file-system fault) needs no change to the funnel.
    class DiskFullError(ItsmkitError):
        code = "disk-full"
        exit_code = 2

        def details(self) -> dict[str, object]:
            return {"device": "/dev/sda1"}

    def full(*args: object, **kwargs: object) -> None:
        raise DiskFullError("no space left")

    monkeypatch.setattr("itsmkit.validator.report", full)
    result = runner.invoke(app, ["validate", str(make_repo()), "-f", "json"])
    assert result.exit_code == 2
    error = _envelope(result.stdout)["error"]
    assert error == {
        "code": "disk-full",
        "message": "no space left",
        "hint": None,
        "exit_code": 2,
        "details": {"device": "/dev/sda1"},
    }


def test_json_error_from_a_real_process(tmp_path: Path) -> None:
    done = run_cli("validate", str(tmp_path / "nowhere"), "--format", "json")
    assert done.returncode == EXIT_USAGE, done.stderr
    assert _envelope(done.stdout)["error"]["code"] == "repository-not-found"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--format", "json"], True),
        (["-f", "JSON"], True),
        (["--format=json"], True),
        (["-fjson"], True),
        (["-f", "json", "--format", "text"], False),
        (["--format", "sarif"], False),
        (["json"], False),
        (["--", "--format", "json"], False),
        (["--format"], False),
    ],
)
def test_wants_json_reads_every_spelling(args: list[str], expected: bool) -> None:
    assert wants_json(args, ("--format", "-f")) is expected
