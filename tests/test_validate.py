"""``itsmkit validate`` on small repositories built in the tests: exact issues asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import git, run_cli
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()

CUSTOMER = """\
kind: customer
id: CUST-BETA
schema_version: 1
name: Beta SA
legal_name: Beta SA
address: 1 rue de la Gare, 38000 Grenoble
"""

SERVICE = """\
kind: service
id: SVC-MAIL
schema_version: 1
title: Managed e-mail
version: "1.0"
status: draft
owner: P-ALICE
code: MAIL
name: Managed e-mail
service_status: live
description: Hosted mailboxes with anti-spam.
service_owner: P-ALICE
"""

SLA = """\
kind: sla
id: SLA-BETA
schema_version: 1
title: SLA Beta
version: "1.0"
status: approved
owner: P-ALICE
approver: P-ALICE
approved_on: 2025-01-10
next_review: 2099-01-10
number: SLA-2025-01
customer: CUST-BETA
services: [SVC-MAIL]
preamble:
  provider_representative: {name: Alice Martin}
  customer_representative: {name: Bob Durand}
service_description: Hosted mailboxes.
service_objectives: [Keep mail flowing.]
service_hours: {days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00"}
capacity_limits:
  - {item: Mailboxes, limit: "50"}
provider_duties: [Run the service.]
customer_duties: [Report incidents.]
validity: {start: 2025-01-01, end: 2025-12-31}
price: {amount: 120, tax: excl, per: month}
signatures:
  - {party: provider, name: Alice Martin, signed_on: 2025-01-10}
  - {party: customer, name: Bob Durand, signed_on: 2025-01-11}
"""


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("    hint:")]


def test_clean_repository_exits_zero(make_repo) -> None:
    root = make_repo()
    code, out = invoke("validate", str(root))
    assert code == 0, out
    assert out.strip().endswith("0 errors, 0 warnings, 0 notes in 1 file (1 artefact)")


def test_complete_sla_set_is_clean(make_repo) -> None:
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": SLA})
    code, out = invoke("validate", str(root))
    assert code == 0, out
    assert "0 errors, 0 warnings" in out


def test_unknown_key_points_at_line_and_suggests(make_repo) -> None:
    bad = SLA.replace("customer: CUST-BETA", "custmer: CUST-BETA")
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": bad})
    code, out = invoke("validate", str(root))
    assert code == 1
    sla = str(root / "sla.yaml")
    assert f"{_rel(sla)}:12:1: error schema-unknown-key: unknown key 'custmer' in Sla" in out
    assert "hint: Did you mean 'customer'?" in out


def _rel(path: str) -> str:
    import os

    return os.path.relpath(path)


def test_every_missing_annex_c_item_is_named(make_repo) -> None:
    bad = (
        "\n".join(
            line
            for line in SLA.splitlines()
            if not line.startswith(("capacity_limits", "  - {item", "customer_duties"))
        )
        + "\n"
    )
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": bad})
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 1
    issues = json.loads(out)["issues"]
    annex = [i for i in issues if i["code"] == "sla-annex-c"]
    assert [i["message"] for i in annex] == [
        "SLA lacks Annex C item 'Capacity limits' (Limites de capacité): add `capacity_limits:`",
        "SLA lacks Annex C item 'Customer's rights and duties' (Les droits et les devoirs du client): add `customer_duties:`",
    ]
    assert all(
        i["file"] == "sla.yaml" and i["line"] == 1 and i["severity"] == "error" for i in annex
    )


def test_reference_to_missing_and_wrong_kind(make_repo) -> None:
    bad = SLA.replace("customer: CUST-BETA", "customer: P-ALICE").replace(
        "services: [SVC-MAIL]", "services: [SVC-MAIL, SVC-NOPE]"
    )
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": bad})
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 1
    found = {(i["code"], i["line"], i["column"], i["message"]) for i in json.loads(out)["issues"]}
    assert ("ref-kind", 12, 11, "'P-ALICE' is a person, expected a customer") in found
    assert ("ref-unknown", 13, 22, "services refers to unknown service 'SVC-NOPE'") in found


def test_approved_document_needs_approver_and_date(make_repo) -> None:
    bad = SLA.replace("approver: P-ALICE\n", "").replace("approved_on: 2025-01-10\n", "")
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": bad})
    _, out = invoke("validate", str(root))
    assert "error doc-approval-missing: approved sla has no approver and no approved_on" in out


def test_review_overdue_is_a_warning_that_strict_turns_into_failure(make_repo) -> None:
    old = SLA.replace("next_review: 2099-01-10", "next_review: 2025-06-01")
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": old})
    code, out = invoke("validate", str(root), "--today", "2025-06-11")
    assert code == 0, out
    assert "warning doc-review-overdue: review was due on 2025-06-01 (10 days ago)" in out
    code, _ = invoke("validate", str(root), "--today", "2025-06-11", "--strict")
    assert code == 1


def test_approval_in_the_future_is_an_error(make_repo) -> None:
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": SLA})
    code, out = invoke("validate", str(root), "--today", "2025-01-01")
    assert code == 1
    assert "error date-future: approved_on (2025-01-10) is in the future" in out


def test_live_service_without_sla_warns(make_repo) -> None:
    root = make_repo({"s.yaml": SERVICE})
    code, out = invoke("validate", str(root))
    assert code == 0
    assert "s.yaml:10:1: warning service-no-sla: live service 'SVC-MAIL' is in no SLA" in out


BATCH = """\
kind: batch
of: incident
schema_version: 1
items:
  - id: INC-1
    summary: Mail down
    service: SVC-MAIL
    customer: CUST-BETA
    priority: P1
    status: closed
    opened: 2025-03-04T08:12:00+01:00
    acknowledged: 2025-03-04T08:20:00+01:00
    resolved: 2025-03-04T10:00:00+01:00
    closed: 2025-03-04T11:00:00+01:00
  - id: INC-2
    summary: Slow webmail
    service: SVC-MAIL
    customer: CUST-BETA
    priority: P7
    status: closed
    opened: 2025-03-05T08:12:00+01:00
    resolved: 2025-03-05T07:00:00+01:00
"""


def test_batch_items_are_validated_and_located(make_repo) -> None:
    root = make_repo(
        {"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": SLA, "inc/2025-03.yaml": BATCH}
    )
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["summary"]["kinds"]["incident"] == 1  # INC-2 fails its schema
    issue = next(i for i in data["issues"] if i["file"] == "inc/2025-03.yaml")
    assert (issue["code"], issue["line"], issue["column"], issue["artefact"]) == (
        "schema-value",
        19,
        15,
        "INC-2",
    )
    assert issue["message"] == "priority must be P1 to P5, got P7"
    assert issue["hint"] == "Write P1 to P5."


def test_dates_out_of_order_in_a_record(make_repo) -> None:
    batch = BATCH.replace("priority: P7", "priority: P3")
    root = make_repo(
        {"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": SLA, "inc/2025-03.yaml": batch}
    )
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 1
    issues = [i for i in json.loads(out)["issues"] if i["code"] == "date-order"]
    assert [(i["line"], i["message"]) for i in issues] == [
        (22, "resolved (2025-03-05 07:00:00+01:00) is before opened (2025-03-05 08:12:00+01:00)")
    ]


def test_batch_of_a_kind_that_cannot_be_batched(make_repo) -> None:
    root = make_repo({"b.yaml": "kind: batch\nof: sla\nschema_version: 1\nitems: []\n"})
    code, out = invoke("validate", str(root))
    assert code == 1
    assert (
        "b.yaml:2:1: error batch-kind: a batch must say which kind it holds: `of:` is 'sla'" in out
    )


def test_validate_from_a_subfolder_finds_the_root(make_repo, monkeypatch) -> None:
    root = make_repo({"deep/er/x.yaml": CUSTOMER})
    monkeypatch.chdir(root / "deep" / "er")
    code, out = invoke("validate")
    assert code == 0, out
    assert "in 2 files (2 artefacts)" in out


def test_exclude_globs_skip_non_artefact_yaml(make_repo) -> None:
    config = "organisation: Acme\nscope: x\nexclude: ['docker/**', 'mkdocs.yml']\n"
    root = make_repo(
        {"docker/compose.yaml": "services: {}\n", "mkdocs.yml": "site_name: x\n"}, config=config
    )
    code, out = invoke("validate", str(root))
    assert code == 0, out


def test_hidden_folders_are_skipped(make_repo) -> None:
    root = make_repo({".github/workflows/ci.yml": "on: push\n"})
    code, out = invoke("validate", str(root))
    assert code == 0, out


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    code, out = invoke("validate", str(tmp_path))
    assert code == 2
    assert "no itsmkit.yaml here or in any parent folder" in out
    code, out = invoke("validate", str(tmp_path), "--format", "xml")
    assert code == 2


def test_bad_today_option(make_repo) -> None:
    code, out = invoke("validate", str(make_repo()), "--today", "yesterday")
    assert code == 2
    assert "--today 'yesterday' is not a date" in out


def test_subprocess_on_a_git_repository(git_repo) -> None:
    root = git_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": SLA})
    done = run_cli("validate", ".", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    (root / "sla.yaml").write_text(
        SLA.replace("status: approved", "status: aproved"), encoding="utf-8"
    )
    git(root, "commit", "-qam", "break the SLA")
    done = run_cli("validate", ".", cwd=root)
    assert done.returncode == 1
    assert done.stdout.startswith(
        "sla.yaml:6:9: error schema-value: status must be draft, approved or retired, got aproved\n"
        "    hint: Did you mean 'approved'?"
    )
    assert "Traceback" not in done.stderr
    assert "service-no-sla" not in done.stdout  # no cascade from the broken SLA


def test_output_file_is_written(make_repo, tmp_path: Path) -> None:
    root = make_repo()
    target = tmp_path / "out" / "report.json"
    code, _ = invoke("validate", str(root), "-f", "json", "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["errors"] == 0


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_every_format_runs_on_a_broken_repository(make_repo, fmt: str) -> None:
    root = make_repo({"bad.yaml": "kind: incidnt\nid: X\n"})
    code, out = invoke("validate", str(root), "--format", fmt)
    assert code == 1
    assert "kind-unknown" in out


def test_no_cascade_from_a_target_that_failed_validation(make_repo) -> None:
    broken_service = SERVICE.replace("code: MAIL", "code: mail lower")
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": broken_service, "sla.yaml": SLA})
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 1
    codes = [(i["file"], i["code"]) for i in json.loads(out)["issues"]]
    assert codes == [("s.yaml", "schema-value")]


def test_closure_in_the_future_is_an_error(make_repo) -> None:
    batch = BATCH.replace("priority: P7", "priority: P3").replace(
        "resolved: 2025-03-05T07:00:00+01:00", "resolved: 2025-03-05T09:00:00+01:00"
    )
    root = make_repo({"c.yaml": CUSTOMER, "s.yaml": SERVICE, "sla.yaml": SLA, "inc.yaml": batch})
    code, out = invoke("validate", str(root), "--today", "2025-03-04", "--format", "json")
    assert code == 1
    found = {
        (i["line"], i["message"]) for i in json.loads(out)["issues"] if i["code"] == "date-future"
    }
    assert (14, "closed (2025-03-04 11:00:00+01:00) is in the future") not in found  # same day
    assert (22, "resolved (2025-03-05 09:00:00+01:00) is in the future") in found
    assert (
        11,
        "opened (2025-03-05 08:12:00+01:00) is in the future",
    ) not in found  # INC-2 opened line 20


def test_jobs_option_gives_the_same_report(make_repo) -> None:
    files = {f"c{n}.yaml": CUSTOMER.replace("CUST-BETA", f"CUST-{n}") for n in range(30)}
    files["bad.yaml"] = "kind: incidnt\nid: X\n"
    root = make_repo(files)
    one = invoke("validate", str(root), "-f", "json", "--jobs", "1")
    two = invoke("validate", str(root), "-f", "json", "--jobs", "2")
    assert one[0] == two[0] == 1
    assert json.loads(one[1])["issues"] == json.loads(two[1])["issues"]
    assert invoke("validate", str(root), "--jobs", "0")[0] == 2
