"""Issue 14, messages: what ``validate`` shows first, and how it words what is wrong."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.report.console import print_report
from itsmkit.validator import validate as run_validate

runner = CliRunner()


def _customer(n: int, *, placeholders: int = 0, error: bool = False) -> str:
    lines = [f"kind: customer\nid: CUST-{n:02d}\nschema_version: 1\nname: Customer {n}\n"]
    lines += [f"# [[to fill {k}]]\n" for k in range(placeholders)]
    if error:
        lines.append("nmae: typo\n")
    return "".join(lines)


def _busy_repo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    """4 errors (one per file) and 70 placeholders (10 in each of 7 other files)."""
    files: dict[str, str | bytes] = {}
    for n in range(7):
        files[f"customers/c{n}.yaml"] = _customer(n, placeholders=10)
    for n in range(7, 11):
        files[f"customers/c{n}.yaml"] = _customer(n, error=True)
    root: Path = make_repo(files)
    return root


def _screen_lines(text: str, width: int = 120) -> int:
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines())


def test_four_errors_come_first_within_one_screen(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert _screen_lines(result.output) <= 40, result.output
    errors = [n for n, line in enumerate(lines) if " error " in line]
    assert len(errors) == 4
    first_warning = min(n for n, line in enumerate(lines) if " warning " in line)
    assert max(errors) < first_warning
    placeholder_lines = [line for line in lines if "warning placeholder" in line]
    assert len(placeholder_lines) == 7
    assert all("10 placeholders left in this file" in line for line in placeholder_lines)
    assert lines[-1] == "4 errors, 70 warnings, 0 notes in 12 files (8 artefacts)"


def test_terminal_printer_also_fits_one_screen(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    report, _ = run_validate(root)
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=False, color_system=None)
    print_report(report, console, cwd=root)
    text = out.getvalue()
    assert len(text.splitlines()) <= 40, text
    lines = text.splitlines()
    first_warning = min(n for n, line in enumerate(lines) if "warning" in line)
    assert [n for n, line in enumerate(lines) if "error " in line][-1] < first_warning


def test_verbose_lists_every_placeholder(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root), "--verbose"])
    assert (
        sum("warning placeholder: placeholder left: [[" in ln for ln in result.output.splitlines())
        == 70
    )


def test_machine_formats_stay_complete(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert sum(i["code"] == "placeholder" for i in json.loads(result.output)["issues"]) == 70


def test_severity_error_hides_warnings_but_counts_them(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root), "--severity", "error"])
    assert result.exit_code == 1
    assert "placeholder" not in result.output
    assert result.output.count(" error ") == 4
    assert "70 less serious issues not shown (--severity)" in result.output
    data = runner.invoke(app, ["validate", str(root), "--severity", "error", "-f", "json"])
    assert {i["severity"] for i in json.loads(data.output)["issues"]} == {"error"}


def test_severity_is_checked(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root), "--severity", "fatal"])
    assert result.exit_code == 2
    assert "Use one of: error, warning, note." in result.output


def test_strict_says_which_warnings_fail(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"customers/c.yaml": _customer(1, placeholders=3)})
    lenient = runner.invoke(app, ["validate", str(root)])
    assert lenient.exit_code == 0
    assert "--strict" not in lenient.output
    strict = runner.invoke(app, ["validate", str(root), "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "--strict: failed on 3 warnings (3 placeholder)"
    # Warnings hidden by --severity still fail --strict, and the reason says so.
    hidden = runner.invoke(app, ["validate", str(root), "--strict", "--severity", "error"])
    assert hidden.exit_code == 1
    assert "--strict: failed on 3 warnings (3 placeholder)" in hidden.output


# Wording ---------------------------------------------------------------------------------

INCIDENT_OK = """\
kind: incident
id: INC-1
schema_version: 1
"""


def _issues(root: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    issues: list[dict[str, object]] = json.loads(result.output)["issues"]
    return issues


def test_enum_value_gets_did_you_mean_and_the_column_of_the_value(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "kind: person\nid: P-B\nschema_version: 1\nname: B\nactive: maybe\n"
    root = make_repo({"b.yaml": text})
    (issue,) = _issues(root)
    assert issue["message"] == "active: expected true or false, got maybe"
    assert (issue["line"], issue["column"]) == (5, 9)


def test_unknown_reference_suggests_an_id_of_the_right_kind(make_repo) -> None:  # type: ignore[no-untyped-def]
    person = "kind: person\nid: P-BOB\nschema_version: 1\nname: Bob\nroles: [R-OWNR]\n"
    role = "kind: role\nid: R-OWNER\nschema_version: 1\ncode: OWN\nname: Owner\n"
    root = make_repo({"b.yaml": person, "r.yaml": role})
    (issue,) = _issues(root)
    assert issue["code"] == "ref-unknown"
    assert issue["hint"] == "Did you mean 'R-OWNER'?"
    assert (issue["line"], issue["column"]) == (5, 9)  # the value, not the key


def test_a_reference_to_an_artefact_that_failed_its_schema_is_no_second_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    broken_role = "kind: role\nid: R-OWNER\nschema_version: 1\nname: Owner\ncolour: red\n"
    person = "kind: person\nid: P-BOB\nschema_version: 1\nname: Bob\nroles: [R-OWNER]\n"
    root = make_repo({"b.yaml": person, "r.yaml": broken_role})
    codes = [(i["file"], i["code"]) for i in _issues(root)]
    # Both errors of the broken role, and nothing about the person referring to it.
    assert sorted(codes) == [("r.yaml", "schema-missing-key"), ("r.yaml", "schema-unknown-key")]


def test_a_date_in_another_form_is_told_plainly(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "kind: training-record\nid: TR-1\nschema_version: 1\ncompleted_on: 20/11/2026\n"
    root = make_repo({"t.yaml": text})
    values = [i for i in _issues(root) if i["code"] == "schema-value"]
    assert values, _issues(root)
    assert values[0]["message"] == "completed_on: expected a date YYYY-MM-DD, got 20/11/2026"
    assert "Input should" not in json.dumps(_issues(root))


def test_a_future_record_date_gets_a_hint_for_records(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = (
        "kind: training-record\nid: TR-1\nschema_version: 1\nperson: P-ALICE\n"
        "course: ITIL\ncompleted_on: 2030-01-01\n"
    )
    root = make_repo({"t.yaml": text})
    result = runner.invoke(app, ["validate", str(root), "--today", "2026-12-01", "-f", "json"])
    future = [i for i in json.loads(result.output)["issues"] if i["code"] == "date-future"]
    assert len(future) == 1, result.output
    assert "draft" not in str(future[0]["hint"])
    assert "`completed_on:`" in str(future[0]["hint"])
    assert (future[0]["line"], future[0]["column"]) == (6, 15)


# One way to name the repository ----------------------------------------------------------


def test_validate_and_audit_take_dash_c(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    by_option = runner.invoke(app, ["validate", "-C", str(root), "-f", "json"])
    by_argument = runner.invoke(app, ["validate", str(root), "-f", "json"])
    assert by_option.exit_code == by_argument.exit_code == 1
    assert json.loads(by_option.output)["issues"] == json.loads(by_argument.output)["issues"]
    other = tmp_path / "other"
    other.mkdir()
    both = runner.invoke(app, ["validate", str(other), "-C", str(root)])
    assert both.exit_code == 2
    assert "two repositories given" in both.output
    audit = runner.invoke(app, ["audit", "-C", str(root), "-f", "json"])
    assert audit.exit_code in (0, 1), audit.output
    assert json.loads(audit.output)


# Progress --------------------------------------------------------------------------------


def test_no_progress_output_when_not_a_terminal(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ITSMKIT_PROGRESS", raising=False)
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    assert result.stderr == ""
    assert json.loads(result.stdout)["summary"]["errors"] == 4


def test_a_forced_terminal_shows_the_bar_on_stderr_only(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ITSMKIT_PROGRESS", "always")
    root = _busy_repo(make_repo)
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    assert "reading files" in result.stderr
    assert "12/12" in result.stderr
    assert json.loads(result.stdout)["summary"]["errors"] == 4  # stdout untouched


def test_audit_shows_the_bar_when_forced_and_nothing_otherwise(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = _busy_repo(make_repo)
    monkeypatch.delenv("ITSMKIT_PROGRESS", raising=False)
    quiet = runner.invoke(app, ["audit", str(root), "-f", "json"])
    assert quiet.stderr == ""
    monkeypatch.setenv("ITSMKIT_PROGRESS", "always")
    loud = runner.invoke(app, ["audit", str(root), "-f", "json"])
    assert "reading files" in loud.stderr
    assert json.loads(loud.stdout) == json.loads(quiet.stdout)  # stdout untouched
