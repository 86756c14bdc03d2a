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


def _languages(result: AuditResult) -> list[str]:
    """The languages the repository writes in: those of its scope, else its own."""
    langs: list[str] = [lang for lang in ("fr", "en") if lang in result.scopes]
    return langs or [result.language]


def _text(values: dict[str, str], langs: list[str]) -> str | dict[str, str]:
    """One string when the repository has one language, else ``{fr: ..., en: ...}``."""
    if len(langs) == 1:
        return values[langs[0]]
    return {lang: values[lang] for lang in langs}


_METHOD = {
    "fr": "Revue automatisée des documents et des enregistrements du dépôt par itsmkit audit, "
    "selon les règles d'audit à blanc d'itsmkit pour {standard} ({rules} règles).",
    "en": "Automated review of the repository's documents and records by itsmkit audit, "
    "against itsmkit's mock-audit rules for {standard} ({rules} rules).",
}
_OBJECTIVE = {
    "fr": "Situer le SMS par rapport à la norme avant un audit de certification.",
    "en": "Position the SMS against the standard before a certification audit.",
}
_STRENGTH = {
    "fr": "{id} {title} : tous les chapitres évalués sont conformes",
    "en": "{id} {title}: every assessed clause conformant",
}


def plan(result: AuditResult, repo: Repository) -> dict[str, str]:
    """Relative path → YAML text of every file the write would create."""
    from itsmkit.audit.report_doc import localise, verdict
    from itsmkit.audit.spec import load_spec

    langs = _languages(result)
    shown = {lang: localise(result, lang)[0] for lang in langs}
    rules = len(load_spec(result.standard).rules)
    day = result.as_of
    stamp = day.strftime("%Y%m%d")
    report_id = f"AUD-MOCK-{stamp}"
    folder = f"audits/{day.isoformat()}-mock"
    owner = _owner(repo)
    findings: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for n, f in enumerate(result.findings, start=1):
        fid = f"F-{stamp}-{n:02d}"
        texts = {lang: shown[lang].findings[n - 1] for lang in langs}
        entry: dict[str, Any] = {
            "id": fid,
            "audit": report_id,
            "grade": f.grade.value,
            "clause": f"{result.standard}/{f.clause}",
            "expected": _text({k: v.expected for k, v in texts.items()}, langs),
            "found": _text({k: v.found for k, v in texts.items()}, langs),
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
                    "description": _text(
                        {k: v.recommendation or v.expected for k, v in texts.items()}, langs
                    ),
                    "cause": _text({k: v.found for k, v in texts.items()}, langs),
                    "findings": [fid],
                    "owner": owner,
                    "raised_on": day,
                    "due": day + dt.timedelta(days=DUE_DAYS[f.grade]),
                    "status": "proposed",
                }
            )
        findings.append(entry)
    strengths = [
        _text(
            {
                lang: _STRENGTH[lang].format(id=g.id, title=shown[lang].groups[k].title)
                for lang in langs
            },
            langs,
        )
        for k, g in enumerate(result.groups)
        if g.score == 100.0
    ]
    report: dict[str, Any] = {
        "kind": "audit-report",
        "id": report_id,
        "schema_version": 1,
        "title": _text(
            {"fr": f"Audit à blanc du {day.isoformat()}", "en": f"Mock audit {day.isoformat()}"},
            langs,
        ),
        "audit_type": "mock",
        "standard": result.standard,
        "scope": _text(
            {
                lang: result.scopes.get(lang) or result.scope or result.organisation
                for lang in langs
            },
            langs,
        ),
        "objectives": [_text(_OBJECTIVE, langs)],
        "method": _text(
            {lang: _METHOD[lang].format(standard=result.standard, rules=rules) for lang in langs},
            langs,
        ),
        "start": day,
        "end": day,
        "auditors": [{"name": "itsmkit mock audit"}],
        "strengths": strengths,
        "findings": [f["id"] for f in findings],
        "recipients": _recipients(repo, owner),
        "readiness": result.readiness,
        "conclusion": _text({lang: verdict(result, lang) for lang in langs}, langs),
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
