"""``--format xlsx``: reopen the workbooks with openpyxl and read them as a user would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import EXAMPLE
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def header(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[1]]


def assert_laid_out(ws) -> None:  # type: ignore[no-untyped-def]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["A"].width > 2


def test_audit_xlsx_one_row_per_finding(tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    code, text = invoke("audit", str(EXAMPLE), "-f", "xlsx", "-o", str(out))
    assert code == 0, text
    code, raw = invoke("audit", str(EXAMPLE), "-f", "json")
    findings = json.loads(raw)["findings"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Findings", "Action plan", "Readiness"]
    ws = wb["Findings"]
    assert_laid_out(ws)
    assert header(ws)[:5] == ["#", "grade", "label", "clause", "rule"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(findings) >= 2
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (f["grade"], f["clause"], f["rule"]) for f in findings
    ]
    plan = wb["Action plan"]
    assert_laid_out(plan)
    # A corrective action per nonconformity, a preventive one per observation.
    planned = [f for f in findings if f["grade"] in ("major", "minor", "observation")]
    assert plan.max_row - 1 == len(planned)
    due = plan.cell(2, header(plan).index("due") + 1)
    assert due.is_date and due.value.date() == dt.date(2027, 1, 24)  # 2026-11-25 + 60 days
    assert (
        wb["Readiness"].cell(wb["Readiness"].max_row, 7).value
        == json.loads(raw)["readiness"]
        == 98.8
    )


def test_audit_xlsx_needs_an_output_file() -> None:
    code, text = invoke("audit", str(EXAMPLE), "-f", "xlsx")
    assert code == 2
    assert "--format xlsx needs --output FILE.xlsx" in text


def test_list_xlsx_dates_are_dates_and_formulas_stay_text(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    names = {
        "P-EQ": '=cmd|" /C calc"!A0',
        "P-PLUS": "+1+2",
        "P-MINUS": "-2+3",
        "P-AT": "@SUM(A1)",
    }
    files = {
        f"people/{pid.lower()}.yaml": f"kind: person\nid: {pid}\nschema_version: 1\nname: '{name}'\n"
        for pid, name in names.items()
    }
    root = make_repo(files)
    out = tmp_path / "people.xlsx"
    code, text = invoke("list", "person", "-C", str(root), "-f", "xlsx", "-o", str(out))
    assert code == 0, text
    ws = openpyxl.load_workbook(out).active
    assert_laid_out(ws)
    assert header(ws) == ["id", "kind", "family", "title", "status", "date", "file"]
    titles = {ws.cell(r, 1).value: ws.cell(r, 4) for r in range(2, ws.max_row + 1)}
    for pid, name in names.items():
        cell = titles[pid]
        assert cell.value == name
        assert cell.data_type == "s" and cell.quotePrefix, pid


def test_list_xlsx_of_the_example_has_real_dates(tmp_path: Path) -> None:
    out = tmp_path / "incidents.xlsx"
    code, text = invoke("list", "incident", "-C", str(EXAMPLE), "-f", "xlsx", "-o", str(out))
    assert code == 0, text
    ws = openpyxl.load_workbook(out).active
    date = ws.cell(2, 6)
    assert date.is_date and date.value.year == 2026 and date.number_format == "yyyy-mm-dd"
    code, raw = invoke("list", "incident", "-C", str(EXAMPLE), "-f", "json")
    assert ws.max_row - 1 == json.loads(raw)["count"]


@pytest.mark.parametrize(
    ("args", "first_sheet", "columns"),
    [
        (["trace", str(EXAMPLE), "--lang", "en"], "By clause group", ["group", "title", "C"]),
        (["trace", str(EXAMPLE)], "Par chapitre de la norme", ["chapitre", "intitulé", "C"]),
        (["checklist", "-r", str(EXAMPLE)], None, ["table", "item", "status", "proof", "hint"]),
        (["trace", "--matrix", "dp"], None, ["activity", "title", "coverage"]),
    ],
)
def test_trace_and_checklist_xlsx(
    tmp_path: Path, args: list[str], first_sheet: str | None, columns: list[str]
) -> None:
    out = tmp_path / "out.xlsx"
    code, text = invoke(*args, "-f", "xlsx", "-o", str(out))
    assert code in (0, 1), text
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    if first_sheet:
        assert ws.title == first_sheet
    assert header(ws)[: len(columns)] == columns
    assert ws.max_row > 2
    for sheet in wb.worksheets:
        assert_laid_out(sheet)


def test_trace_xlsx_counts_are_numbers(tmp_path: Path) -> None:
    out = tmp_path / "trace.xlsx"
    assert invoke("trace", str(EXAMPLE), "--lang", "en", "-f", "xlsx", "-o", str(out))[0] == 0
    ws = openpyxl.load_workbook(out)["By clause group"]
    assert all(isinstance(ws.cell(r, 3).value, int) for r in range(2, ws.max_row + 1))
    clauses = openpyxl.load_workbook(out)["Clauses"]
    assert isinstance(clauses.cell(2, 1).value, str)  # clause ids stay text ("4.3", not 4.3)


def test_missing_extras_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    code, text = invoke("audit", str(EXAMPLE), "-f", "xlsx", "-o", str(tmp_path / "a.xlsx"))
    assert code == 2
    assert "needs openpyxl" in text and "itsmkit[xlsx]" in text
    monkeypatch.setitem(sys.modules, "pygal", None)
    code, text = invoke("site", "-C", str(EXAMPLE), "-o", str(tmp_path / "site"))
    assert code == 2
    assert "pygal" in text and "itsmkit[site]" in text
    assert not (tmp_path / "site").exists()
