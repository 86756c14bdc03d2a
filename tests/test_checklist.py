"""``itsmkit checklist`` on repositories built in the tests and on the example."""

from __future__ import annotations

import json

import pytest
from tests.conftest import EXAMPLE
from tests.frameworks_fixtures import SLA_DRAFT, SMALL
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.frameworks.checklist import evaluate
from itsmkit.repo.loader import load_repository

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_sla_checklist_judges_every_item_with_proof(make_repo) -> None:
    root = make_repo({**SMALL, "sla2.yaml": SLA_DRAFT})
    result = evaluate(load_repository(root), "sla")
    assert [r.artefact for r in result.results] == ["SLA-BETA", "SLA-DRAFT"]
    beta, draft = result.results
    assert {i.id: i.status for i in beta.items} == {
        "number": "pass",
        "customer": "pass",
        "preamble": "pass",
        "service-description": "pass",
        "service-objectives": "pass",
        "service-hours": "pass",
        "capacity-limits": "pass",
        "provider-duties": "pass",
        "customer-duties": "pass",
        "signatures": "pass",
    }
    assert beta.items[0].proof == "sla.yaml:11: number"
    statuses = {i.id: i.status for i in draft.items}
    assert [k for k, v in statuses.items() if v == "fail"] == ["preamble", "service-objectives"]
    assert statuses["signatures"] == "n/a"
    failed = next(i for i in draft.items if i.id == "preamble")
    assert failed.proof == "sla2.yaml:1: preamble needs a value"
    na = next(i for i in draft.items if i.id == "signatures")
    assert na.proof == "sla2.yaml: status is 'draft'"
    assert result.counts == {"pass": 17, "fail": 2, "n/a": 1}


def test_checklist_by_artefact_id_and_cli_exit_codes(make_repo) -> None:
    root = make_repo({**SMALL, "sla2.yaml": SLA_DRAFT})
    code, out = invoke("checklist", "SLA-BETA", "--repo", str(root), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "itsmkit/checklist"
    assert [r["artefact"] for r in data["results"]] == ["SLA-BETA"]
    assert data["counts"] == {"pass": 10, "fail": 0, "n/a": 0}
    code, out = invoke("checklist", "sla", "--repo", str(root), "--format", "md")
    assert code == 1
    assert (
        "| Preamble naming both parties' representatives | fail "
        "| sla2.yaml:1: preamble needs a value |" in out
    )
    code, csv_text = invoke("checklist", "--repo", str(root), "--format", "csv")
    assert code == 1
    assert csv_text.splitlines()[0] == "checklist,artefact,item,status,proof,clause"
    assert (
        "service,SVC-MAIL,costs,fail,s.yaml:1: costs needs a value,iso20000-1:2018/8.4.1"
        in csv_text
    )


def test_all_checklists_report_kinds_with_nothing_to_check(make_repo) -> None:
    result = evaluate(load_repository(make_repo(SMALL)))
    assert sorted({r.checklist for r in result.results}) == ["service", "sla"]
    assert result.empty == [
        "uc",
        "capacity-plan",
        "service-report",
        "service-plan",
        "audit-report",
        "action",
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("slaa", "'slaa' is neither a checklist"),
        ("P-ALICE", "no checklist applies to person 'P-ALICE'"),
    ],
)
def test_bad_target_is_a_usage_error(make_repo, target: str, message: str) -> None:
    code, out = invoke("checklist", target, "--repo", str(make_repo(SMALL)))
    assert code == 2 and message in out and "Traceback" not in out


def test_list_of_checklists() -> None:
    code, out = invoke("checklist", "--list", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "id,applies to,items,title,source"
    assert out.count("\n") == 1 + 8


def test_example_every_sla_is_checked_against_annex_c() -> None:
    repo = load_repository(EXAMPLE)
    slas = sorted(a.artefact.id for a in repo.by_kind("sla"))
    result = evaluate(repo, "sla")
    assert [r.artefact for r in result.results] == slas and slas
    for res in result.results:
        assert len(res.items) == 10
        assert all(i.proof.startswith(res.file) for i in res.items)


def test_validate_and_checklist_agree_on_the_signatures(make_repo) -> None:
    # Two signatures are not enough: Annex C's data asks for the provider AND the customer.
    twice = SMALL["sla.yaml"].replace(
        "  - {party: customer, name: Bob Durand, signed_on: 2025-01-11}",
        "  - {party: provider, name: Carl Martin, signed_on: 2025-01-11}",
    )
    assert twice != SMALL["sla.yaml"]
    root = make_repo({**SMALL, "sla.yaml": twice})
    [beta] = evaluate(load_repository(root), "sla").results
    signed = next(i for i in beta.items if i.id == "signatures")
    assert signed.status == "fail"
    assert signed.proof == "sla.yaml:1: signatures needs an entry with party customer"
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 0  # a warning; --strict would fail
    unsigned = [i for i in json.loads(out)["issues"] if i["code"] == "sla-unsigned"]
    assert [i["message"] for i in unsigned] == ["approved SLA lacks the customer signature"]
