"""list, show, due and rename, used as a service manager would, on real files."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLE, git, run_cli
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


# --- list -------------------------------------------------------------------------------


def test_list_filters_by_kind_and_fields() -> None:
    code, out = invoke("list", "incident", "-C", str(EXAMPLE), "-f", "json", "-w", "priority=P1")
    assert code == 0, out
    data = json.loads(out)
    assert data["schema"] == "itsmkit/list"
    ids = [a["id"] for a in data["artefacts"]]
    assert ids and data["count"] == len(ids)
    assert all(a["kind"] == "incident" for a in data["artefacts"])
    # Every P1 incident of the example, and nothing else: checked against the raw files.
    raw = sum(
        len(re.findall(r"^\s+priority: P1$", p.read_text(), re.M))
        for p in (EXAMPLE / "records").rglob("incidents.yaml")
    )
    assert len(ids) == raw


def test_list_dates_compare_as_dates() -> None:
    _, out = invoke(
        "list", "incident", "-C", str(EXAMPLE), "-f", "json",
        "-w", "opened>=2026-10-01", "-w", "opened<2026-11-01",
    )  # fmt: skip
    dates = [a["date"] for a in json.loads(out)["artefacts"]]
    assert dates and all("2026-10-01" <= d < "2026-11-01" for d in dates)


def test_list_csv_is_a_register_a_spreadsheet_opens_safely(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(
        {"people/bob.yaml": "kind: person\nid: P-BOB\nschema_version: 1\nname: '=HYPERLINK(1)'\n"}
    )
    code, out = invoke("list", "person", "-C", str(root), "-f", "csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["P-ALICE", "P-BOB"]
    assert rows[1]["title"] == "'=HYPERLINK(1)"  # never a formula


def test_list_unknown_kind_suggests_the_right_one() -> None:
    code, out = invoke("list", "incidnet", "-C", str(EXAMPLE))
    assert code == 2
    assert "incident" in out


def test_list_bad_condition_says_how_to_write_one() -> None:
    code, out = invoke("list", "-C", str(EXAMPLE), "-w", "priority")
    assert code == 2
    assert "FIELD=VALUE" in out


# --- show -------------------------------------------------------------------------------


def test_show_gives_position_and_references_both_ways() -> None:
    code, out = invoke("show", "SLA-VERCORS-2026", "-C", str(EXAMPLE), "-f", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["kind"] == "sla"
    line = data["line"]
    text = (EXAMPLE / data["file"]).read_text().splitlines()
    assert text[line - 1].startswith("id: SLA-VERCORS-2026")
    assert any(r["other"] == data["data"]["customer"] for r in data["references"])
    # Service reports name the SLA: each appears among what references it, at its real line.
    by = data["referenced_by"]
    assert any(r["other_kind"] == "service-report" for r in by)
    for r in by:
        assert "SLA-VERCORS-2026" in (EXAMPLE / r["file"]).read_text().splitlines()[r["line"] - 1]


def test_show_unknown_id_suggests_close_ones() -> None:
    code, out = invoke("show", "SLA-VERCOR-2026", "-C", str(EXAMPLE))
    assert code == 2
    assert "SLA-VERCORS-2026" in out


# --- due --------------------------------------------------------------------------------


def test_due_on_the_example_lists_reports_actions_and_reviews() -> None:
    code, out = invoke("due", "-C", str(EXAMPLE), "--within", "60d", "-f", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["today"] == "2026-11-25"  # the example's reference_date
    whats = {i["what"] for i in data["items"]}
    assert {"report", "action", "review", "meeting"} <= whats
    assert all(i["due"] <= data["until"] for i in data["items"])
    assert [i["due"] for i in data["items"]] == sorted(i["due"] for i in data["items"])


def _certification(issued: str, expires: str, audits: str = "[]") -> str:
    return f"""\
kind: certification
id: CERT-ISO20000
schema_version: 1
standard: iso20000-1:2018
body: {{name: Certibody}}
certificate: {{number: C-1, issued_on: {issued}, expires_on: {expires}}}
surveillance_months: 12
audits: {audits}
"""


def test_due_plans_surveillance_and_renewal_from_the_certificate(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"cert.yaml": _certification("2026-03-01", "2029-03-01")})
    code, out = invoke(
        "due", "-C", str(root), "--today", "2026-12-01", "--within", "1200d", "-f", "json"
    )
    assert code == 0, out
    items = {(i["what"], i["due"]) for i in json.loads(out)["items"]}
    assert ("surveillance-audit", "2027-03-01") in items
    assert ("renewal-audit", "2028-12-01") in items  # three months before expiry
    assert ("certificate-expiry", "2029-03-01") in items


def test_due_marks_overdue_and_takes_planned_audits(make_repo) -> None:  # type: ignore[no-untyped-def]
    planned = "[{audit_type: surveillance, planned_on: 2026-10-15}]"
    root = make_repo({"cert.yaml": _certification("2025-10-01", "2028-10-01", planned)})
    code, out = invoke("due", "-C", str(root), "--today", "2026-12-01", "-f", "json")
    assert code == 0, out
    items = json.loads(out)["items"]
    late = [i for i in items if i["what"] == "surveillance-audit"]
    assert late == [late[0]] and late[0]["overdue"] and late[0]["due"] == "2026-10-15"


def test_due_ics_is_a_calendar(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"cert.yaml": _certification("2026-03-01", "2029-03-01")})
    out_file = root / "due.ics"
    code, out = invoke(
        "due", "-C", str(root), "--today", "2026-12-01", "--within", "3y",
        "-f", "ics", "-o", str(out_file),
    )  # fmt: skip
    assert code == 0, out
    data = out_file.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"BEGIN:VEVENT") == 3
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"DTSTART;VALUE=DATE:20270301" in data


def test_due_refuses_a_span_it_cannot_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    code, out = invoke("due", "-C", str(make_repo()), "--within", "soon")
    assert code == 2
    assert "30d" in out


# --- rename -----------------------------------------------------------------------------


@pytest.fixture
def versioned_example(example_copy: Path) -> Path:
    git(example_copy, "init", "-q", "-b", "main")
    git(example_copy, "add", "-A")
    git(example_copy, "commit", "-q", "-m", "example")
    return example_copy


def test_rename_changes_only_the_ids_and_validate_stays_clean(versioned_example: Path) -> None:
    root = versioned_example
    run = run_cli("rename", "SVC-MAIL", "SVC-MESSAGERIE", "-C", str(root))
    assert run.returncode == 0, run.stderr
    assert "renamed SVC-MAIL to SVC-MESSAGERIE" in run.stdout
    diff = git(root, "diff", "-U0", "--no-color")
    removed = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert len(removed) == len(added) > 12
    for before, after in zip(removed, added, strict=True):
        assert before.replace("SVC-MAIL", "SVC-MESSAGERIE") == after
    check = run_cli("validate", str(root), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr


def test_rename_dry_run_writes_nothing(versioned_example: Path) -> None:
    run = run_cli("rename", "SVC-MAIL", "SVC-X", "-C", str(versioned_example), "--dry-run")
    assert run.returncode == 0, run.stderr
    assert "would rename SVC-MAIL to SVC-X" in run.stdout
    assert git(versioned_example, "status", "--porcelain") == ""


def test_rename_refuses_an_existing_or_invalid_id(versioned_example: Path) -> None:
    taken = run_cli("rename", "SVC-MAIL", "SVC-WEB", "-C", str(versioned_example))
    assert taken.returncode == 2 and "already exists" in taken.stderr
    bad = run_cli("rename", "SVC-MAIL", "svc mail", "-C", str(versioned_example))
    assert bad.returncode == 2 and "not a valid id" in bad.stderr
    assert git(versioned_example, "status", "--porcelain") == ""


def test_rename_keeps_quotes_comments_and_flow_style(make_repo) -> None:  # type: ignore[no-untyped-def]
    role = "kind: role\nid: ROLE-CS\nschema_version: 1\ncode: CS\nname: Service desk\n"
    person = (
        "# a comment that must stay\n"
        "kind: person\nid: P-BOB\nschema_version: 1\nname: Bob  # trailing\n"
        "roles: ['ROLE-CS']   # quoted, in flow style\n"
    )
    root = make_repo({"roles/cs.yaml": role, "people/bob.yaml": person})
    code, out = invoke("rename", "ROLE-CS", "ROLE-DESK", "-C", str(root))
    assert code == 0, out
    assert (root / "people/bob.yaml").read_text() == person.replace("'ROLE-CS'", "'ROLE-DESK'")
    assert (root / "roles/cs.yaml").read_text() == role.replace("id: ROLE-CS", "id: ROLE-DESK")


@given(st.text(alphabet="éàü abc:#'\"", max_size=30))
def test_rename_edits_land_on_the_id_whatever_comes_before(prefix: str) -> None:
    # Character offsets from libyaml's marks must hold with any text (and accents) before the id.
    from itsmkit.edit.rename import _value_node
    from itsmkit.repo.yamlread import compose

    text = f"note: {json.dumps(prefix)}\nid: SVC-A\nlist: [x, 'SVC-A']\n"
    tree = compose(text)
    for loc in (("id",), ("list", 1)):
        node = _value_node(tree, loc)
        assert node is not None
        assert "SVC-A" in text[node.start_mark.index : node.end_mark.index]


# --- new --------------------------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    code, out = invoke("init", str(root), "--org", "Acme", "--lang", "en", "--yes")
    assert code == 0, out
    return root


@pytest.mark.parametrize(
    "kind",
    ["incident", "complaint", "minutes", "service-report", "service-request", "problem",
     "change", "action", "satisfaction-survey", "management-review", "offer-review",
     "certification"],
)  # fmt: skip
def test_new_on_a_fresh_init_validates_at_once(fresh: Path, kind: str) -> None:
    code, out = invoke("new", kind, "-C", str(fresh), "--today", "2026-12-01")
    assert code == 0, out
    rel = out.split(":")[0].removeprefix("written ")
    assert (fresh / rel).is_file()
    check = runner.invoke(
        app, ["validate", str(fresh), "--format", "json", "--today", "2026-12-01"]
    )
    assert check.exit_code == 0, check.output
    issues = json.loads(check.output)["issues"]
    mine = [i for i in issues if i["file"] == rel]
    assert mine and {i["code"] for i in mine} == {"placeholder"}  # only the marked blanks


def test_new_takes_the_next_free_id_and_appends_to_the_batch(fresh: Path) -> None:
    for expected in ("INC-2026-12-0001", "INC-2026-12-0002"):
        code, out = invoke("new", "incident", "-C", str(fresh), "--today", "2026-12-01")
        assert code == 0, out
        assert expected in out
    text = (fresh / "records/2026-12/incidents.yaml").read_text()
    assert text.count("  - id: INC-2026-12-") == 2
    code, out = invoke("new", "incident", "-C", str(fresh), "--today", "2027-01-03")
    assert "written records/2027-01/incidents.yaml: INC-2027-01-0001 (a new file)" in out


def test_new_follows_the_repository_layout(example_copy: Path) -> None:
    # The example keeps incidents in monthly batch files and complaints in a yearly one.
    code, out = invoke("new", "incident", "-C", str(example_copy))  # its reference_date
    assert code == 0, out
    assert "written records/2026-11/incidents.yaml: INC-2026-11-0043 (appended to the batch)" in out
    code, out = invoke("new", "complaint", "-C", str(example_copy))
    assert "written records/relations/complaints-2026.yaml: CPL-2026-008 (appended" in out
    check = runner.invoke(app, ["validate", str(example_copy), "--format", "json"])
    assert check.exit_code == 0, check.output
    assert {i["code"] for i in json.loads(check.output)["issues"]} == {"placeholder"}


def test_new_set_and_refusals(fresh: Path) -> None:
    code, out = invoke("new", "incident", "-C", str(fresh), "--set", "priority=P1")
    assert code == 0, out
    assert "priority: P1" in (fresh / out.split(":")[0].removeprefix("written ")).read_text()
    code, out = invoke("new", "incident", "-C", str(fresh), "--set", "priority=P9")
    assert code == 2 and "would not validate" in out
    code, out = invoke("new", "incident", "-C", str(fresh), "--set", "service=SVC-NOPE")
    assert code == 2 and "SVC-NOPE" in out
    code, out = invoke("new", "policy", "-C", str(fresh))
    assert code == 2 and "no starter" in out


def test_new_dry_run_writes_nothing(fresh: Path) -> None:
    before = sorted(p.relative_to(fresh) for p in fresh.rglob("*"))
    code, out = invoke("new", "minutes", "-C", str(fresh), "--dry-run")
    assert code == 0, out
    assert "meeting_type: customer" in out
    assert sorted(p.relative_to(fresh) for p in fresh.rglob("*")) == before
