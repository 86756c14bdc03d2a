"""``itsmkit audit --write``: record the mock audit as artefacts of the repository.

The audit report (with its recipients), its findings (one batch file), one proposed
corrective action per nonconformity and one preventive action per observation (one batch
file) and a draft action plan are written under ``audits/<date>-mock/``. Nothing is overwritten: existing files or ids stop the write.
The report is a mock audit by the tool: it never stands for the internal audit of
clause 9.2 by itself (see the AUD-INTERNAL-AUDIT rule).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from itsmkit.audit.engine import AuditResult
from itsmkit.editors import modeline
from itsmkit.errors import UsageError, WriteConflictError
from itsmkit.model.audit import Grade
from itsmkit.model.governance import Policy, PolicyType, Process
from itsmkit.model.organisation import Person, Role, process_owners
from itsmkit.repo.loader import Repository, find_root, load_repository
from itsmkit.transaction import recover, write_all

DUE_DAYS = {Grade.MAJOR: 30, Grade.MINOR: 60, Grade.OBSERVATION: 90}
# Nonconformities get a corrective action; an observation (a weakness that could become
# one) gets a preventive action.
ACTION_TYPE = {
    Grade.MAJOR: "corrective",
    Grade.MINOR: "corrective",
    Grade.OBSERVATION: "preventive",
}


def _recipients(repo: Repository, owner: str | None) -> list[str]:
    """Who receives the report: the holders of the roles owning management review, and the owner."""
    roles = [i.artefact for i in repo.by_kind("role") if isinstance(i.artefact, Role)]
    people = [i.artefact for i in repo.by_kind("person") if isinstance(i.artefact, Person)]
    out = [
        p.id
        for _, holders in process_owners(roles, people).get(Process.MANAGEMENT_REVIEW.value, [])
        for p in holders
    ]
    if owner is not None:
        out.append(owner)
    return list(dict.fromkeys(out))


def _dump(kind: str, data: dict[str, Any], today: dt.date, folder: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return (
        # The schemas `init` put in the repository, relative to the file's folder.
        f"{modeline(folder + '/file.yaml', f'{kind}.schema.json')}\n"
        f"# Recorded by `itsmkit audit --write` on {today}.\n" + buffer.getvalue()
    )


def _owner(repo: Repository) -> str | None:
    """Who owns the actions, from the data (never from a role's code).

    Whoever holds a role owning the improvement process (``Role.processes``), else the
    service management policy's owner.

    None when the data names nobody; then no action is proposed (the audit's competence
    and roles checks already say why).
    """
    roles = [i.artefact for i in repo.by_kind("role") if isinstance(i.artefact, Role)]
    people = [i.artefact for i in repo.by_kind("person") if isinstance(i.artefact, Person)]
    for _, holders in process_owners(roles, people).get(Process.IMPROVEMENT.value, []):
        if holders:
            return holders[0].id
    for item in repo.by_kind("policy"):
        pol = item.artefact
        if isinstance(pol, Policy) and pol.policy_type is PolicyType.SERVICE_MANAGEMENT:
            return str(pol.owner)
    return None


def plan(result: AuditResult, repo: Repository) -> dict[str, str]:
    """Relative path → YAML text of every file the write would create."""
    day = result.as_of
    stamp = day.strftime("%Y%m%d")
    report_id = f"AUD-MOCK-{stamp}"
    folder = f"audits/{day.isoformat()}-mock"
    owner = _owner(repo)
    findings: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for n, f in enumerate(result.findings, start=1):
        fid = f"F-{stamp}-{n:02d}"
        entry: dict[str, Any] = {
            "id": fid,
            "audit": report_id,
            "grade": f.grade.value,
            "clause": f"{result.standard}/{f.clause}",
            "expected": f.expected,
            "found": f.found,
            "evidence": list(f.evidence),
            "raised_on": day,
            "status": "open",
        }
        if f.grade in DUE_DAYS and owner is not None:
            aid = f"ACT-{stamp}-{len(actions) + 1:02d}"
            entry["actions"] = [aid]
            actions.append(
                {
                    "id": aid,
                    "action_type": ACTION_TYPE[f.grade],
                    "description": f.recommendation or f.expected,
                    "cause": f.found,
                    "findings": [fid],
                    "owner": owner,
                    "raised_on": day,
                    "due": day + dt.timedelta(days=DUE_DAYS[f.grade]),
                    "status": "proposed",
                }
            )
        findings.append(entry)
    strengths = [
        f"{g.id} {g.title}: every assessed clause conformant"
        for g in result.groups
        if g.score == 100.0
    ]
    report: dict[str, Any] = {
        "kind": "audit-report",
        "id": report_id,
        "schema_version": 1,
        "title": f"Mock audit {day.isoformat()}",
        "audit_type": "mock",
        "standard": result.standard,
        "scope": result.scope or result.organisation,
        "objectives": [
            "Position the SMS against the standard before a certification audit (seed 001)."
        ],
        "method": "Automated review of documents and records by `itsmkit audit`; rules: "
        + result.source,
        "start": day,
        "end": day,
        "auditors": [{"name": "itsmkit mock audit"}],
        "strengths": strengths,
        "findings": [f["id"] for f in findings],
        "recipients": _recipients(repo, owner),
        "readiness": result.readiness,
        "conclusion": result.verdict,
    }
    files = {f"{folder}/audit-report.yaml": _dump("audit-report", report, day, folder)}
    if findings:
        files[f"{folder}/findings.yaml"] = _dump(
            "batch",
            {"kind": "batch", "of": "finding", "schema_version": 1, "items": findings},
            day,
            folder,
        )
    if actions:
        files[f"{folder}/actions.yaml"] = _dump(
            "batch",
            {"kind": "batch", "of": "action", "schema_version": 1, "items": actions},
            day,
            folder,
        )
        files[f"{folder}/action-plan.yaml"] = _dump(
            "action-plan",
            {
                "kind": "action-plan",
                "id": f"AP-{stamp}",
                "schema_version": 1,
                "title": f"Action plan after the mock audit of {day.isoformat()}",
                "version": "0.1",
                "status": "draft",
                "owner": owner,
                "audit": report_id,
                "actions": [a["id"] for a in actions],
                "objectives": [
                    "Close every nonconformity before requesting the certification audit."
                ],
            },
            day,
            folder,
        )
    return files


def finish_interrupted(path: Path) -> list[str]:
    """Finish a write that a crash interrupted in the repository at ``path``.

    Returns:
        The files moved into place now, relative to the repository (empty: nothing pending).
    """
    return recover(find_root(path))


def record_audit(result: AuditResult) -> list[str]:
    """Write the audit's artefacts; return the relative paths created."""
    recover(Path(result.root))  # finish an interrupted earlier write before judging conflicts
    repo = load_repository(result.root)
    files = plan(result, repo)
    conflicts = [result.root / rel for rel in files if (result.root / rel).exists()]
    if conflicts:
        raise WriteConflictError(paths=conflicts)
    taken = {i.artefact.id for i in repo.artefacts} | set(repo.failed)
    stamp = result.as_of.strftime("%Y%m%d")
    if f"AUD-MOCK-{stamp}" in taken:
        raise UsageError(
            f"a mock audit of {result.as_of} is already recorded (AUD-MOCK-{stamp})",
            hint="Remove or rename it first; itsmkit never overwrites artefacts.",
        )
    root = Path(result.root)
    write_all(
        root,
        {root / rel: text.encode("utf-8") for rel, text in files.items()},
        command="audit --write",
    )
    return list(files)
