"""``itsmkit trace`` on repositories built in the tests (exact coverage) and on the example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, run_cli
from tests.frameworks_fixtures import SMALL
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.frameworks.coverage import TraceResult, build, evidence_clauses
from itsmkit.repo.loader import Repository, load_repository

runner = CliRunner()


def trace(repo: Repository, framework: str, via: str | None = None) -> TraceResult:
    """Coverage by evidence alone (the frameworks layer; `itsmkit trace` adds the audit's findings)."""
    return build(framework, str(repo.root), evidence_clauses(repo, framework), via=via)


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_empty_repository_is_all_n(make_repo) -> None:
    result = trace(load_repository(make_repo()), "iso20000-1:2018")
    # Alice is a person but there is no role: 5.3 is partial, every other assessed clause is N.
    assert result.counts == {"C": 0, "P": 1, "N": 34, "-": 45}
    assert result.score == round(100 * 0.5 / 35, 1)


def test_small_repository_has_exact_coverage(make_repo) -> None:
    result = trace(load_repository(make_repo(SMALL)), "iso20000-1:2018")
    status = {c.id: c.status for c in result.assessed}
    assert {k for k, v in status.items() if v == "C"} == {"5.2", "8.7.3.3"}
    assert {k for k, v in status.items() if v == "P"} == {"5.3", "8.2.4", "8.3.3", "8.6.1"}
    assert result.counts == {"C": 2, "P": 4, "N": 29, "-": 45}
    assert result.score == round(100 * (2 + 4 / 2) / 35, 1)
    sla = next(c for c in result.clauses if c.id == "8.3.3")
    assert [r.met for r in sla.requirements] == [True, False]
    assert sla.gaps == ["service offer review"]
    assert [(e.id, e.file) for e in sla.evidence] == [("SLA-BETA", "sla.yaml")]
    group8 = next(g for g in result.groups if g.id == "8")
    assert (group8.counts["C"], group8.counts["P"], group8.counts["N"]) == (1, 3, 15)
    assert next(c for c in result.clauses if c.id == "8").status == "-"


def test_addresses_show_as_evidence_without_changing_status(make_repo) -> None:
    policy = SMALL["pol.yaml"] + "addresses: [iso20000-1:2018/8.1, iso20000-1:2018/5.2]\n"
    result = trace(load_repository(make_repo({**SMALL, "pol.yaml": policy})), "iso20000-1:2018")
    c81 = next(c for c in result.clauses if c.id == "8.1")
    assert c81.status == "-" and [e.id for e in c81.addressed_by] == ["POL-SMS"]


def test_older_edition_is_traced_with_its_own_evidence_links(make_repo) -> None:
    result = trace(load_repository(make_repo(SMALL)), "iso20000-1:2005")
    status = {c.id: c.status for c in result.assessed}
    assert status["6.1"] == "P"  # service sheet and approved SLA, no approved catalogue
    assert status["8.2"] == "P"  # incidents without an approved procedure
    assert status["3.1"] == "P"  # policy without a management review
    assert result.counts["C"] == 0


def test_via_itil4_rolls_clauses_up_to_practices(make_repo) -> None:
    result = trace(load_repository(make_repo(SMALL)), "iso20000-1:2018", via="itil:4")
    assert result.via is not None
    rows = {r.id: (r.status, result.via.sources[r.id]) for r in result.via.rows}
    assert rows["ITIL4-SVC-15"] == ("P", ["8.3.3"])
    assert rows["ITIL4-GEN-03"] == ("-", ["8.7.3"])  # 8.7.3 itself has no requirement
    assert rows["ITIL4-SVC-05"] == ("P", ["8.6.1"])
    assert "ITIL4-GEN-01" in result.via.unmapped
    assert "ITIL4-SVC-14" in result.via.unmapped  # only a 'related' row reaches the service desk


def test_cli_json_envelope_and_fail_under(make_repo) -> None:
    root = make_repo(SMALL)
    code, out = invoke("trace", str(root), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["schema"], data["version"]) == ("itsmkit/trace", 1)
    assert data["framework"] == "iso20000-1:2018"
    status = {c["id"]: c["status"] for c in data["clauses"]}
    # 4.3 and 10.1 lack their evidence but the audit rules there find nothing: C.
    assert {k for k, v in status.items() if v == "C"} == {"4.3", "5.2", "8.7.3.3", "10.1"}
    clause = next(c for c in data["clauses"] if c["id"] == "8.3.3")
    assert clause["gaps"] == ["service offer review"]
    assert (clause["coverage"], clause["status"]) == ("P", "N")
    assert {"rule": "AUD-P-SLM", "grade": "major"} in clause["findings"]
    assert clause["basis"][0] == (
        "evidence P: 1 of 2 requirement(s) met (missing: service offer review)"
    )
    code, out = invoke("trace", str(root), "--fail-under", "50")
    assert code == 1
    code, _ = invoke("trace", str(root), "--fail-under", "5")
    assert code == 0


def test_cli_markdown_and_csv(make_repo) -> None:
    root = make_repo(SMALL)
    code, md = invoke("trace", str(root), "--format", "md")
    assert code == 0
    assert md.startswith("# Coverage of iso20000-1:2018")
    # Evidence alone makes 8.3.3 partial; the audit's major finding at it makes it N.
    assert (
        "| 8.3.3 | Service level management | N | SLA-BETA (sla.yaml) | service offer review "
        "| AUD-P-SLM (major)<br>AUD-SLA-CUSTOMERS (minor) | S~ |" in md
    )
    code, csv_text = invoke("trace", str(root), "--format", "csv", "--via", "itil:4")
    assert code == 0
    assert csv_text.splitlines()[0] == "item,title,status,from clauses"
    assert "ITIL4-SVC-15,Service level management,N,8.3.3" in csv_text
    assert 'ITIL4-GEN-02,Continual improvement,P,"10.1, 10.2"' in csv_text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--framework", "itil:9"), "unknown framework 'itil:9'"),
        (("--framework", "itil:4"), "no evidence links ship for itil:4"),
        (("--via", "cmmi-svc:1.3"), "no mapping ships between iso20000-1:2018 and cmmi-svc:1.3"),
        (("--format", "pdf"), "unknown format 'pdf'"),
        (("--matrix", "cmmi"), "unknown matrix 'cmmi'"),
    ],
)
def test_bad_input_is_a_clear_usage_error(make_repo, args: tuple[str, ...], message: str) -> None:
    root = make_repo(SMALL)
    code, out = invoke("trace", str(root), *args)
    assert code == 2
    assert message in out and "Traceback" not in out


def test_matrix_dp_prints_every_matrix_and_the_disagreements() -> None:
    code, out = invoke("trace", "--matrix", "dp", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "itsmkit/annex-d"
    assert [len(m["rows"]) for p in data["packages"] for m in p["matrices"]] == [
        6,
        6,
        6,
        7,
        3,
        3,
        3,
    ]
    code, text = invoke("trace", "--matrix", "dp")
    assert "ITSM-REL.2.1" in text and "liaison client" in text
    assert "Where the seed disagrees" in text
    code, csv_text = invoke("trace", "--matrix", "dp", "--format", "csv")
    assert len(csv_text.splitlines()) == 1 + 34


def test_subprocess_trace_on_a_repository(make_repo) -> None:
    done = run_cli("trace", str(make_repo(SMALL)), "--via", "etom")
    assert done.returncode == 0, done.stderr
    assert "Seen as etom" in done.stdout


def test_example_trace_2018_shows_evidence_and_gaps() -> None:
    result = trace(load_repository(EXAMPLE), "iso20000-1:2018")
    assert len(result.assessed) == 35
    assert result.counts["C"] > 0
    sla = next(c for c in result.clauses if c.id == "8.3.3")
    assert any(e.kind == "sla" for e in sla.evidence)
    code, out = invoke("trace", str(EXAMPLE), "--framework", "iso20000-1:2018", "--format", "md")
    assert code == 0 and "| 8.3.3 |" in out


def test_trace_does_not_write_files(make_repo) -> None:
    root = make_repo(SMALL)
    before = sorted(p.relative_to(root) for p in Path(root).rglob("*"))
    invoke("trace", str(root), "--format", "md")
    assert sorted(p.relative_to(root) for p in Path(root).rglob("*")) == before
