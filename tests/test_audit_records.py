"""Three months of records per process, reviews at their clauses, `--write`'s actions.

Each test alters the clean company of tests/audit_fixture.py (audited as of 2026-06-30,
history window 2026-04-01..2026-06-30, months of 30 days counted back from the audit).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from tests.audit_fixture import AS_OF, clean_company, write_company
from typer.testing import CliRunner

from itsmkit.audit.engine import AuditResult, run_audit
from itsmkit.audit.french import Translator
from itsmkit.audit.spread import months
from itsmkit.cli.app import app
from itsmkit.model.audit import Grade

runner = CliRunner()


def _audit(tmp_path: Path, files: dict[str, Any]) -> AuditResult:
    root = tmp_path / "co"
    write_company(root, files)
    return run_audit(root, as_of=AS_OF)


def _of(result: AuditResult, rule: str) -> list[Any]:
    return [f for f in result.findings if f.rule == rule]


def test_the_window_is_three_months_of_thirty_days_back_from_the_audit() -> None:
    got = [(m.start, m.end) for m in months(AS_OF, 90)]
    assert got == [
        (dt.date(2026, 4, 1), dt.date(2026, 5, 1)),
        (dt.date(2026, 5, 2), dt.date(2026, 5, 31)),
        (dt.date(2026, 6, 1), dt.date(2026, 6, 30)),
    ]


def test_incidents_of_the_last_month_only_are_not_three_months_of_records(
    tmp_path: Path,
) -> None:
    files = clean_company()
    batch = files["records/incidents.yaml"]
    batch["items"] = [i for i in batch["items"] if i["opened"] >= "2026-06-01"]
    (f,) = _of(_audit(tmp_path, files), "AUD-P-INCIDENT")
    assert (f.grade, f.clause) == (Grade.MINOR, "8.6.1")
    assert f.found == (
        "incident records cover 1 of the 3 months before 2026-06-30 (3 expected): the first "
        "is dated 2026-06-05; none in 2026-04-01..2026-05-01, 2026-05-02..2026-05-31"
    )
    assert f.evidence == ("procedures/all.yaml:1", "records/incidents.yaml")
    assert "in each of the 3 months before the audit" in f.expected


def test_a_process_that_runs_every_other_month_passes_where_two_months_are_asked(
    tmp_path: Path,
) -> None:
    # Capacity asks for 2 of the 3 months: readings in April and June are enough.
    result = _audit(tmp_path, clean_company())
    assert _of(result, "AUD-P-CAPACITY") == []


def test_records_of_a_retired_service_do_not_count(tmp_path: Path) -> None:
    files = clean_company()
    files["services/old.yaml"] = {
        **files["services/web.yaml"],
        "id": "SVC-OLD",
        "code": "OLD",
        "service_status": "retired",
    }
    for n in (0, 1):
        files[f"records/security-{n}.yaml"]["services"] = ["SVC-OLD"]
    (f,) = _of(_audit(tmp_path, files), "AUD-P-INFOSEC")
    assert f.found == "no security-review / incident records in the last 90 days"


def test_security_incidents_count_for_information_security(tmp_path: Path) -> None:
    files = clean_company()
    for n in (0, 1):
        del files[f"records/security-{n}.yaml"]
    for item in files["records/incidents.yaml"]["items"][-10:]:
        item["security"] = True
    assert _of(_audit(tmp_path, files), "AUD-P-INFOSEC") == []


def test_a_late_review_is_filed_at_its_document_clause(tmp_path: Path) -> None:
    files = clean_company()
    files["policies/change.yaml"]["next_review"] = dt.date(2026, 6, 1)
    files["plans/continuity.yaml"]["next_review"] = dt.date(2026, 5, 1)
    result = _audit(tmp_path, files)
    found = sorted((f.clause, f.found) for f in _of(result, "AUD-REVIEWS"))
    assert found == [
        (
            "8.5.1",
            "policy POL-CHANGE is past its review date: next_review 2026-06-01, 29 day(s) ago "
            "(documented information, 7.5)",
        ),
        (
            "8.7.2",
            "plan PLAN-CONTINUITY is past its review date: next_review 2026-05-01, 60 day(s) "
            "ago (documented information, 7.5)",
        ),
    ]


def test_a_late_procedure_goes_to_its_type_or_process_else_its_addresses(tmp_path: Path) -> None:
    files = clean_company()
    files["procedures/complaint.yaml"]["next_review"] = dt.date(2026, 6, 1)
    files["procedures/internal-audit.yaml"]["next_review"] = dt.date(2026, 6, 1)
    files["procedures/internal-audit.yaml"]["addresses"] = ["iso20000-1:2018/9.2"]
    files["plans/budget.yaml"]["next_review"] = dt.date(2026, 6, 1)
    result = _audit(tmp_path, files)
    got = sorted((f.clause, f.found.split(" is past")[0]) for f in _of(result, "AUD-REVIEWS"))
    assert got == [
        ("8.3.2", "procedure PROC-COMPLAINT"),  # its procedure_type's rule
        ("8.4.1", "budget BUD"),  # its kind's rule
        ("9.2", "procedure PROC-AUDIT"),  # no rule for internal-audit: its addresses
    ]


def test_the_new_finding_texts_have_french(tmp_path: Path) -> None:
    files = clean_company()
    files["policies/change.yaml"]["next_review"] = dt.date(2026, 6, 1)
    batch = files["records/incidents.yaml"]
    batch["items"] = [i for i in batch["items"] if i["opened"] >= "2026-06-01"]
    result = _audit(tmp_path, files)
    tr = Translator("fr", "iso20000-1:2018")
    for f in _of(result, "AUD-REVIEWS") + _of(result, "AUD-P-INCIDENT"):
        tr.expected(f.rule, f.expected)
        for text in (f.found, f.recommendation):
            tr.text(text)
    assert tr.untranslated == set()
    assert tr.text(_of(result, "AUD-REVIEWS")[0].found) == (
        "politique POL-CHANGE a dépassé sa date de revue : prochaine revue prévue le "
        "1er juin 2026, il y a 29 jours (informations documentées, 7.5)"
    )


def test_write_proposes_preventive_actions_for_observations(tmp_path: Path) -> None:
    files = clean_company()
    files["people/P-AUD.yaml"]["certificates"] = []  # AUD-FOUNDATION: an observation
    files["policies/change.yaml"]["next_review"] = dt.date(2026, 6, 1)  # a minor
    root = tmp_path / "co"
    write_company(root, files)
    result = runner.invoke(app, ["audit", str(root), "--as-of", "2026-06-30", "--write"])
    assert result.exit_code == 0, result.output
    folder = root / "audits" / "2026-06-30-mock"
    actions = yaml.safe_load((folder / "actions.yaml").read_text(encoding="utf-8"))["items"]
    assert {a["action_type"] for a in actions} == {"corrective", "preventive"}
    report = yaml.safe_load((folder / "audit-report.yaml").read_text(encoding="utf-8"))
    assert report["recipients"]
