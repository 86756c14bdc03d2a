"""Issue 14's "Done when", end to end on a fresh `init`, in both languages.

`new incident|complaint|minutes|service-report` each give a file that validates; `rename`
of a service id used in a dozen places leaves validate clean and the git diff holding only
the renamed id; `due` lists what is due on the example; four errors among the scaffold's
placeholders come first and fit on one 80x24 screen.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest
from rich.console import Console
from tests.conftest import EXAMPLE, git, run_cli
from typer.testing import CliRunner

from itsmkit.issues import Severity
from itsmkit.report.console import print_report
from itsmkit.validator import validate

runner = CliRunner()


@pytest.fixture(params=["fr", "en"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / f"acme-{request.param}"
    done = run_cli("init", str(root), "--org", "Acme", "--lang", request.param, "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    return root


def _errors(root: Path) -> list[dict[str, object]]:
    done = run_cli("validate", str(root), "-f", "json")
    return [i for i in json.loads(done.stdout)["issues"] if i["severity"] == "error"]


def test_new_records_each_validate(fresh: Path) -> None:
    for kind in ("incident", "complaint", "minutes", "service-report"):
        made = run_cli("new", kind, "-C", str(fresh))
        assert made.returncode == 0, made.stdout + made.stderr
        rel = made.stdout.split(":")[0].removeprefix("written ")
        assert (fresh / rel).is_file(), made.stdout
        issues = json.loads(run_cli("validate", str(fresh), "-f", "json").stdout)["issues"]
        mine = [i for i in issues if i["file"] == rel]
        assert mine, f"{rel}: a starter marks what to fill in"
        assert {i["code"] for i in mine} == {"placeholder"}, mine
    assert _errors(fresh) == []


def test_rename_of_a_service_used_a_dozen_times(fresh: Path) -> None:
    for kind in ("incident",) * 6 + ("service-request", "problem", "change", "complaint"):
        assert run_cli("new", kind, "-C", str(fresh)).returncode == 0
    git(fresh, "add", "-A")
    git(fresh, "commit", "-qm", "records")
    done = run_cli("rename", "SVC-001", "SVC-MAIL", "-C", str(fresh))
    assert done.returncode == 0, done.stdout + done.stderr
    edits = int(done.stdout.split(": ")[-1].split(" edit")[0])
    assert edits >= 12, done.stdout
    assert _errors(fresh) == []
    diff = git(fresh, "diff", "-U0")
    removed = [
        ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")
    ]
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert len(removed) == len(added) == edits
    assert [ln.replace("SVC-001", "SVC-MAIL") for ln in removed] == added


def test_due_lists_what_is_due_on_the_example() -> None:
    done = run_cli("due", "-C", str(EXAMPLE), "-f", "json")
    assert done.returncode == 0, done.stderr
    entries = json.loads(done.stdout)["items"]
    assert {e["what"] for e in entries} >= {"report", "meeting", "action"}
    text = run_cli("due", "-C", str(EXAMPLE)).stdout
    assert "service report of SLA-CIMES-2026" in text
    assert "item(s) due by 2026-12-25" in text


def _four_errors(root: Path) -> None:
    assert run_cli("new", "incident", "-C", str(root)).returncode == 0
    batch = next((root / "records").rglob("incidents.yaml"))
    batch.write_text(batch.read_text(encoding="utf-8").replace("priority: P3", "priority: P9"))
    for rel in ("services/service.yaml", "agreements/sla.yaml"):
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: drafft"))
    person = next((root / "organisation" / "people").glob("*.yaml"))
    person.write_text(person.read_text(encoding="utf-8") + "nmae: typo\n", encoding="utf-8")


def _screen_lines(text: str, width: int) -> int:
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines())


def test_four_errors_among_the_scaffold_placeholders_fit_on_one_screen(fresh: Path) -> None:
    _four_errors(fresh)
    report, _ = validate(fresh, cache=False)
    assert report.count(Severity.ERROR) == 4
    placeholders = sum(1 for i in report.issues if i.code == "placeholder")
    assert placeholders >= 70
    done = run_cli("validate", str(fresh), cwd=fresh)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert _screen_lines(done.stdout, 80) <= 24, done.stdout
    errors = [n for n, line in enumerate(lines) if ": error " in line]
    assert len(errors) == 4
    assert max(errors) < min(n for n, line in enumerate(lines) if ": warning " in line)
    (summary,) = [line for line in lines if "warning placeholder" in line]
    assert f"{placeholders} placeholders left in" in summary
    # The terminal printer too, at 80 columns.
    out = io.StringIO()
    print_report(report, Console(file=out, width=80, color_system=None), cwd=fresh)
    assert len(out.getvalue().splitlines()) <= 24, out.getvalue()
    # --verbose still lists every one.
    verbose = run_cli("validate", str(fresh), "--verbose", cwd=fresh)
    assert verbose.stdout.count("warning placeholder: placeholder left:") == placeholders
