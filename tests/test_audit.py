"""``itsmkit audit``: repositories with one known defect each, exact findings asserted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.audit_fixture import AS_OF, clean_company, write_company
from tests.conftest import git
from typer.testing import CliRunner

from itsmkit.audit.engine import AuditResult, run_audit
from itsmkit.cli.app import app
from itsmkit.model.audit import Grade
from itsmkit.validator import validate

runner = CliRunner()


def company(tmp_path: Path, files: dict[str, Any] | None = None) -> Path:
    root = tmp_path / "co"
    write_company(root, files if files is not None else clean_company())
    return root


def audit(root: Path, as_of: dt.date = AS_OF, standard: str | None = None) -> AuditResult:
    return run_audit(root, as_of=as_of, standard=standard)


def serious(result: AuditResult) -> list[tuple[str, str, str]]:
    return [
        (f.grade.value, f.clause, f.rule)
        for f in result.findings
        if f.grade in (Grade.MAJOR, Grade.MINOR)
    ]


def the(result: AuditResult, rule: str):  # type: ignore[no-untyped-def]
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [(f.rule, f.found) for f in result.findings]
    return found[0]


def test_clean_company_is_ready(tmp_path: Path) -> None:
    root = company(tmp_path)
    report, _ = validate(root, today=AS_OF)
    assert report.issues == []
    result = audit(root)
    assert serious(result) == []
    assert result.verdict == "ready for the certification audit"
    assert result.readiness == 100.0
    assert result.previous is not None and result.previous.id == "IA-1"
    assert result.trend == 20.0


def test_missing_process_is_a_major_finding(tmp_path: Path) -> None:
    files = clean_company()
    procs = files["procedures/all.yaml"]["processes"]
    procs.remove("problem")
    del files["records/problem.yaml"]
    result = audit(company(tmp_path, files))
    assert serious(result) == [("major", "8.6.3", "AUD-P-PROBLEM")]
    f = the(result, "AUD-P-PROBLEM")
    assert f.found == "the problem process is not implemented: no procedure and no problem records"
    assert f.evidence == ("absent",)
    assert result.verdict == "not ready: 1 major finding"
    clause = next(c for c in result.clauses if c.id == "8.6.3")
    assert clause.status == "N"  # printed as nonconformant


def test_procedure_without_records_is_minor(tmp_path: Path) -> None:
    files = clean_company()
    del files["records/release.yaml"], files["records/release-2.yaml"]
    for change in files["records/changes-more.yaml"]["items"]:
        change.pop("release", None)  # the changes stay
    result = audit(company(tmp_path, files))
    assert serious(result) == [("minor", "8.5.3", "AUD-P-RELEASE")]
    f = the(result, "AUD-P-RELEASE")
    assert f.found == "no release records in the last 90 days"
    assert f.evidence == ("procedures/all.yaml:1",)


def test_forty_days_of_records_is_not_enough(tmp_path: Path) -> None:
    result = audit(company(tmp_path, clean_company(history_days=40)))
    f = the(result, "AUD-HISTORY")
    assert (f.grade, f.clause) == (Grade.MAJOR, "7.5")
    assert f.found == "records cover 40 days (since 2026-05-21); 90 are expected"
    assert f.evidence == ("records/ci.yaml:1",)  # the earliest record


def test_one_hundred_twenty_days_of_records_is_enough(tmp_path: Path) -> None:
    result = audit(company(tmp_path, clean_company(history_days=120)))
    assert [f for f in result.findings if f.rule == "AUD-HISTORY"] == []
    assert serious(result) == []


def test_overdue_action_points_at_its_due_date(tmp_path: Path) -> None:
    files = clean_company()
    files["records/actions.yaml"] = {
        "kind": "batch",
        "of": "action",
        "schema_version": 1,
        "items": [
            {
                "id": "ACT-1",
                "action_type": "preventive",
                "description": "Add a disk",
                "owner": "P-RGS",
                "raised_on": dt.date(2026, 5, 1),
                "due": dt.date(2026, 6, 1),
                "status": "in-progress",
            },
        ],
    }
    result = audit(company(tmp_path, files))
    assert serious(result) == [("minor", "10.1", "AUD-OVERDUE-ACTION")]
    f = the(result, "AUD-OVERDUE-ACTION")
    assert f.found == "1 action(s) overdue: ACT-1 (due 2026-06-01)"
    assert f.evidence == ("records/actions.yaml:10",)


def test_uc_weaker_than_its_sla(tmp_path: Path) -> None:
    files = clean_company()
    files["agreements/uc.yaml"]["targets"] = {
        "availability": 99.0,
        "per_priority": [{"priority": "P1", "response": "1h", "resolution": "4h"}],
    }
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-UC-TARGETS")
    assert (f.grade, f.clause) == (Grade.MINOR, "8.3.4")
    assert f.found == (
        "UC UC-DC is weaker than the SLA it supports: availability 99.0% < 99.5% of SLA-A; "
        "P1 response 1:00:00 > 0:30:00 of SLA-A"
    )
    assert f.evidence[0].startswith("agreements/uc.yaml:")


def test_breach_without_action(tmp_path: Path) -> None:
    files = clean_company()
    report = next(v for k, v in files.items() if k.startswith("records/report-"))
    report["breaches"] = [{"description": "Outage of 3 hours"}]
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-BREACH-ACTION")
    assert (f.grade, f.clause) == (Grade.MINOR, "9.4")
    assert "lists 1 breach(es) without an action" in f.found


def test_no_internal_audit_is_major(tmp_path: Path) -> None:
    files = clean_company()
    del files["records/internal-audit.yaml"]
    result = audit(company(tmp_path, files))
    assert serious(result) == [("major", "9.2", "AUD-INTERNAL-AUDIT")]
    assert result.previous is None and result.trend is None


def test_foundation_only_held_by_a_process_owner(tmp_path: Path) -> None:
    files = clean_company()
    files["people/P-AUD.yaml"]["roles"] = ["R-RCF", "R-RGS"]
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-FOUNDATION")
    assert (f.grade, f.found) == (
        Grade.OBSERVATION,
        "only process owners hold the Foundation certificate",
    )
    assert serious(result) == []


def test_incompetent_owner(tmp_path: Path) -> None:
    files = clean_company()
    files["people/P-RGS.yaml"]["competences"] = [{"area": "service-management", "level": 2}]
    result = audit(company(tmp_path, files))
    assert {f.rule for f in result.findings if f.grade is Grade.MINOR} == {"AUD-COMPETENCE"}


def test_draft_policy_is_minor_with_status_evidence(tmp_path: Path) -> None:
    files = clean_company()
    files["policies/change.yaml"].update(status="draft", approver=None, approved_on=None)
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-POL-CHANGE")
    assert (f.grade, f.found, f.evidence) == (
        Grade.MINOR,
        "the policy (policy_type: change) exists only as a draft",
        ("policies/change.yaml:6",),
    )


def test_customer_without_sla(tmp_path: Path) -> None:
    files = clean_company()
    files["parties/other.yaml"] = {
        "kind": "customer",
        "id": "CUST-B",
        "schema_version": 1,
        "name": "Beta",
    }
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-SLA-CUSTOMERS")
    assert (f.grade, f.found, f.evidence) == (
        Grade.MINOR,
        "customer CUST-B has no approved SLA in force",
        ("parties/other.yaml:1",),
    )


def test_missing_service_report(tmp_path: Path) -> None:
    files = clean_company()
    del files["records/report-2026-05.yaml"]
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-SLA-REPORTS")
    assert f.found == "SLA SLA-A has no service report for 2026-05-01..2026-05-31"


def test_2005_edition_is_also_audited(tmp_path: Path) -> None:
    result = audit(company(tmp_path), standard="iso20000-1:2005")
    assert result.standard == "iso20000-1:2005"
    assert serious(result) == []
    assert {g.id for g in result.groups} == {"3", "4", "5", "6", "7", "8", "9", "10"}


# --- git history -------------------------------------------------------------------


def _git_company(
    tmp_path: Path, files: dict[str, Any], commits: list[tuple[str, dict[str, Any]]]
) -> Path:
    root = tmp_path / "co"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for when, subset in commits:
        write_company(root, subset)
        git(root, "add", "-A")
        git(
            root,
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            f"state of {when}",
            date=f"{when}T12:00:00Z",
        )
    return root


def test_a_repository_that_entered_git_at_once_cannot_be_judged_by_its_history(
    tmp_path: Path,
) -> None:
    # A company moving its SMS into itsmkit commits months of records in one go.
    files = clean_company(history_days=120)
    yesterday = (AS_OF - dt.timedelta(days=1)).isoformat()
    root = _git_company(tmp_path, files, [(yesterday, files)])
    result = audit(root)
    f = the(result, "AUD-BACKFILL")
    assert (f.grade, f.clause) == (Grade.OBSERVATION, "7.5")
    assert f.found == (
        "the repository entered git on 2026-06-29, 1 day(s) before the audit, with records "
        "back to 2026-03-02: its history cannot show that 44 of 49 records were kept as the "
        "activities happened"
    )
    assert serious(result) == []


def test_records_all_entered_late_in_a_kept_repository_are_a_major(tmp_path: Path) -> None:
    files = clean_company(history_days=120)
    early = (AS_OF - dt.timedelta(days=110)).isoformat()
    yesterday = (AS_OF - dt.timedelta(days=1)).isoformat()
    documents = {k: v for k, v in files.items() if not k.startswith("records/")}
    root = _git_company(tmp_path, files, [(early, documents), (yesterday, files)])
    result = audit(root)
    f = the(result, "AUD-BACKFILL")
    # Most of the evidence written up for the audit: one defect, one major finding.
    assert (f.grade, f.clause) == (Grade.MAJOR, "7.5")
    assert f.found.startswith(
        "44 of 49 records entered git in the 14 days before 2026-06-30, more than 14 days "
        "after the activities they record (back to 2026-03-02): most of the evidence was "
        "written up for the audit (the evidence of 8.2.5, 8.2.6, "
    )
    assert [g for g in serious(result) if g[2] != "AUD-BACKFILL"] == []


def _backfilled(tmp_path: Path, late: set[str]) -> AuditResult:
    files = clean_company(history_days=120)
    early = (AS_OF - dt.timedelta(days=110)).isoformat()
    yesterday = (AS_OF - dt.timedelta(days=1)).isoformat()
    first = {k: v for k, v in files.items() if k not in late}
    return audit(_git_company(tmp_path, files, [(early, first), (yesterday, files)]))


def test_a_few_records_written_up_late_are_an_observation(tmp_path: Path) -> None:
    result = _backfilled(tmp_path, {"records/complaint.yaml"})
    f = the(result, "AUD-BACKFILL")
    assert (f.grade, f.clause) == (Grade.OBSERVATION, "7.5")
    assert f.found == (
        "1 of 49 records entered git in the 14 days before 2026-06-30, more than 14 days "
        "after the activities they record (back to 2026-04-06)"
    )
    assert f.evidence == ("records/complaint.yaml",)


def test_most_of_a_process_evidence_written_up_late_is_minor_at_its_clause(
    tmp_path: Path,
) -> None:
    result = _backfilled(tmp_path, {"records/capacity-0.yaml", "records/capacity-1.yaml"})
    f = the(result, "AUD-BACKFILL")
    # The same two reviews evidence demand (8.4.2) and capacity (8.4.3): one finding.
    assert (f.grade, f.clause) == (Grade.MINOR, "8.4.2")
    assert f.found.startswith("2 of the 2 records evidencing 8.4.2, 8.4.3 entered git")
    assert f.evidence == ("records/capacity-0.yaml", "records/capacity-1.yaml")


def test_records_committed_as_they_happened_are_fine(tmp_path: Path) -> None:
    files = clean_company(history_days=120)
    early = (AS_OF - dt.timedelta(days=110)).isoformat()
    late = (AS_OF - dt.timedelta(days=1)).isoformat()
    root = _git_company(
        tmp_path, files, [(early, files), (late, {"itsmkit.yaml": files["itsmkit.yaml"]})]
    )
    result = audit(root)
    assert [f for f in result.findings if f.rule == "AUD-BACKFILL"] == []
    assert result.revision is not None


def test_as_of_sees_the_repository_as_it_was(tmp_path: Path) -> None:
    files = clean_company()
    without = {k: v for k, v in files.items() if k != "records/mgmt-review.yaml"}
    root = _git_company(tmp_path, files, [("2026-06-01", without), ("2026-06-20", files)])
    before = audit(root, as_of=dt.date(2026, 6, 10))
    assert ("major", "9.3", "AUD-MGMT-REVIEW") in serious(before)
    after = audit(root, as_of=AS_OF)
    assert ("major", "9.3", "AUD-MGMT-REVIEW") not in serious(after)
    assert before.root == root


# --- the command -------------------------------------------------------------------


def test_cli_json_envelope_and_fail_on(tmp_path: Path) -> None:
    files = clean_company()
    del files["records/internal-audit.yaml"]
    root = company(tmp_path, files)
    result = runner.invoke(app, ["audit", str(root), "--as-of", "2026-06-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["schema"], data["version"]) == ("itsmkit/audit", 1)
    assert data["counts"]["major"] == 1
    assert data["verdict"] == "not ready: 1 major finding"
    assert data["findings"][0]["clause"] == "9.2"
    failing = runner.invoke(
        app, ["audit", str(root), "--as-of", "2026-06-30", "-f", "json", "--fail-on", "major"]
    )
    assert failing.exit_code == 1
    assert runner.invoke(app, ["audit", str(root), "--fail-on", "worst"]).exit_code == 2


def test_cli_markdown_names_verdict_and_formula(tmp_path: Path) -> None:
    root = company(tmp_path)
    result = runner.invoke(app, ["audit", str(root), "--as-of", "2026-06-30", "--format", "md"])
    assert result.exit_code == 0
    out = result.output
    # verdict and readiness come first, before scope, groups and findings
    assert out.index("**Ready for the certification audit.**") < out.index("## 2. Scope")
    assert "| **100%** |" in out
    assert "Score (readiness) = 100 × (C + ½P) / (C + P + N)" in out
    assert "`" not in out  # no Markdown code spans a reader would see literally


def test_labels_are_configurable(tmp_path: Path) -> None:
    files = clean_company()
    files["itsmkit.yaml"]["audit"] = {"labels": {"major": "NC majeure"}}
    del files["records/internal-audit.yaml"]
    root = company(tmp_path, files)
    out = runner.invoke(app, ["audit", str(root), "--as-of", "2026-06-30", "-f", "md"]).output
    assert "### NC majeure (1)" in out


def test_write_records_valid_artefacts_and_never_overwrites(tmp_path: Path) -> None:
    files = clean_company()
    del files["records/internal-audit.yaml"]
    files["policies/change.yaml"].update(status="draft", approver=None, approved_on=None)
    root = company(tmp_path, files)
    result = runner.invoke(
        app, ["audit", str(root), "--as-of", "2026-06-30", "-f", "json", "--write"]
    )
    assert result.exit_code == 0, result.output
    folder = root / "audits" / "2026-06-30-mock"
    assert sorted(p.name for p in folder.iterdir()) == [
        "action-plan.yaml",
        "actions.yaml",
        "audit-report.yaml",
        "findings.yaml",
    ]
    report, _ = validate(root, today=AS_OF)
    assert [i for i in report.issues if i.severity.value == "error"] == []
    kinds = report.kinds
    assert (kinds["audit-report"], kinds["finding"], kinds["action"], kinds["action-plan"]) == (
        1,
        2,
        2,
        1,
    )
    written = yaml.safe_load((folder / "audit-report.yaml").read_text(encoding="utf-8"))
    assert written["recipients"]  # the management review owners and the actions' owner
    proposed = yaml.safe_load((folder / "actions.yaml").read_text(encoding="utf-8"))["items"]
    types = {a["action_type"] for a in proposed}
    assert "corrective" in types
    # The tool's own run is a mock audit: it never stands for the internal audit of 9.2.
    again = audit(root)
    internal = the(again, "AUD-INTERNAL-AUDIT")
    assert internal.grade.value == "major"
    assert "1 mock audit(s) by itsmkit, which do not count" in internal.found
    assert internal.evidence[0].startswith("audits/2026-06-30-mock/audit-report.yaml:")
    second = runner.invoke(
        app, ["audit", str(root), "--as-of", "2026-06-30", "--write", "-f", "json"]
    )
    assert second.exit_code == 2
    assert "refusing to overwrite" in second.output


def test_write_gives_actions_to_the_owner_of_improvement(tmp_path: Path) -> None:
    # The owner comes from the roles' processes (else the SM policy owner, P-RGS here).
    files = clean_company()
    del files["records/internal-audit.yaml"]
    files["policies/change.yaml"].update(status="draft", approver=None, approved_on=None)
    files["roles/d.yaml"]["processes"] = ["improvement"]
    root = company(tmp_path, files)
    result = runner.invoke(app, ["audit", str(root), "--as-of", "2026-06-30", "--write"])
    assert result.exit_code == 0, result.output
    folder = root / "audits" / "2026-06-30-mock"
    actions = yaml.safe_load((folder / "actions.yaml").read_text(encoding="utf-8"))["items"]
    assert {a["owner"] for a in actions} == {"P-DIR"}
    plan = yaml.safe_load((folder / "action-plan.yaml").read_text(encoding="utf-8"))
    assert plan["owner"] == "P-DIR"


def test_docx_report_reopens_with_heading_styles(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    files = clean_company()
    del files["records/internal-audit.yaml"]
    root = company(tmp_path, files)
    target = tmp_path / "audit.docx"
    result = runner.invoke(
        app, ["audit", str(root), "--as-of", "2026-06-30", "-f", "docx", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    # The report's title becomes the document title; its sections are Heading 1.
    assert ("Heading 1", "4. Findings") in headings
    assert ("Heading 2", "Major nonconformity (1)") in headings
    # one block per finding: a heading, then a table of grade, clause, expected, found...
    block = next(t for t in document.tables if t.rows[1].cells[0].text == "Clause")
    assert [r.cells[0].text for r in block.rows] == [
        "Grade",
        "Clause",
        "Expected",
        "Found",
        "Evidence",
        "Recommended action",
    ]
    assert "`" not in "".join(p.text for p in document.paragraphs)
    assert len(document.tables) >= 2
    # The one -o policy: the same report again is a no-op; a file that differs needs --force.
    same = runner.invoke(
        app, ["audit", str(root), "--as-of", "2026-06-30", "-f", "docx", "-o", str(target)]
    )
    assert same.exit_code == 0, same.output
    assert f"unchanged {target}" in same.output
    target.write_bytes(b"someone else's file")
    again = runner.invoke(
        app, ["audit", str(root), "--as-of", "2026-06-30", "-f", "docx", "-o", str(target)]
    )
    assert again.exit_code == 2
    assert "refusing to overwrite 1 existing file(s)" in again.output
    assert target.read_bytes() == b"someone else's file"
    forced = runner.invoke(
        app,
        ["audit", str(root), "--as-of", "2026-06-30", "-f", "docx", "-o", str(target), "--force"],
    )
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes().startswith(b"PK")


def test_usage_errors(tmp_path: Path) -> None:
    root = company(tmp_path)
    assert runner.invoke(app, ["audit", str(root), "--as-of", "soon"]).exit_code == 2
    assert runner.invoke(app, ["audit", str(root), "--standard", "iso9001:2015"]).exit_code == 2
    assert runner.invoke(app, ["audit", str(root), "-f", "docx"]).exit_code == 2


def test_audit_rules_page_is_in_sync() -> None:
    from tests.conftest import REPO_ROOT

    from itsmkit.audit.docs import CHECKS_DOC, audit_markdown
    from itsmkit.audit.engine import CHECKS

    assert set(CHECKS_DOC) == set(CHECKS)
    page = (REPO_ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    assert page == audit_markdown(), "regenerate: python -m itsmkit.audit.docs > docs/audit.md"


@pytest.mark.parametrize("standard", ["iso20000-1:2018", "iso20000-1:2011", "iso20000-1:2005"])
def test_rule_data_is_coherent(standard: str) -> None:
    from itsmkit.audit.engine import CHECKS
    from itsmkit.audit.spec import load_spec

    spec = load_spec(standard)
    clause_ids = [c.id for c in spec.clauses] + [c.id for c in spec.not_assessed]
    assert len(clause_ids) == len(set(clause_ids))
    assert len({r.id for r in spec.rules}) == len(spec.rules)
    assert {c.group for c in spec.clauses} <= {g.id for g in spec.groups}
    for rule in spec.rules:
        assert rule.clause in {c.id for c in spec.clauses}, rule.id
        assert rule.check in CHECKS, rule.id
    assert {c.id for c in spec.clauses} == {
        r.clause for r in spec.rules
    }  # every listed clause is assessed


def test_uc_without_availability_target_is_not_compared(tmp_path: Path) -> None:
    files = clean_company()
    del files["agreements/uc.yaml"]["targets"]["availability"]
    result = audit(company(tmp_path, files))
    assert [f for f in result.findings if f.rule == "AUD-UC-TARGETS"] == []


@pytest.mark.parametrize(
    ("grade", "with_action", "expected"),
    [
        ("major", False, Grade.MINOR),
        ("major", True, Grade.MINOR),
        ("minor", True, Grade.OBSERVATION),
    ],
)
def test_open_nonconformity_of_an_earlier_audit(
    tmp_path: Path, grade: str, with_action: bool, expected: Grade
) -> None:
    files = clean_company()
    finding: dict[str, Any] = {
        "kind": "finding",
        "id": "F-OLD",
        "schema_version": 1,
        "audit": "IA-1",
        "grade": grade,
        "clause": "iso20000-1:2018/8.7.2",
        "expected": "A tested plan.",
        "found": "Untested.",
        "raised_on": dt.date(2026, 4, 1),
    }
    if with_action:
        finding["actions"] = ["ACT-OLD"]
        files["records/act-old.yaml"] = {
            "kind": "action",
            "id": "ACT-OLD",
            "schema_version": 1,
            "action_type": "corrective",
            "description": "Test it.",
            "owner": "P-RGS",
            "raised_on": dt.date(2026, 4, 1),
            "due": dt.date(2026, 9, 1),
            "status": "in-progress",
            "findings": ["F-OLD"],
        }
    files["records/f-old.yaml"] = finding
    result = audit(company(tmp_path, files))
    f = the(result, "AUD-OPEN-NC")
    assert f.grade is expected
    assert f.evidence == ("records/f-old.yaml:1",)


def test_example_company_result_is_pinned() -> None:
    from tests.conftest import EXAMPLE

    # Its reference_date, from the work tree: a past --as-of would check out itsmkit's own
    # history, where files added to the example after that day are missing.
    result = run_audit(EXAMPLE)
    assert [
        (f.grade.value, f.clause, f.rule) for f in result.findings if f.rule != "AUD-BACKFILL"
    ] == [
        ("minor", "10.1", "AUD-OPEN-NC"),
    ]
    assert result.verdict == "ready once 1 minor finding is addressed"
    # 41 clauses assessed (rules or evidence), 10.1 partial: 100 × 40.5 / 41.
    assert result.readiness == 98.8
    assert result.previous is not None and result.previous.id == "AUD-2026-09-BLANC"
    assert result.trend == 26.8
