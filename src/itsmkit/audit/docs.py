"""Generate docs/audit.md, the catalogue of mock-audit rules, from the rule data.

Run ``python -m itsmkit.audit.docs > docs/audit.md``; a test keeps the page in sync.
"""

from __future__ import annotations

from itsmkit.audit.checks_records import process_expected
from itsmkit.audit.spec import EDITIONS, load_spec
from itsmkit.frameworks.clauses import FORMULA

CHECKS_DOC = {
    "document": "a document of the kind (and matching fields) exists, not retired, and is approved",
    "procedure": "a procedure for the process (or of the named type) exists and is approved",
    "process": "the process runs: an approved procedure, and records of the listed kinds (those "
    "matching `record_match`, naming a service in scope or none) spread over the history window: "
    "the window (thresholds.min_record_history_days, default 90) is cut into months of 30 days "
    "back from the audit date; `periods` of them (default: all) hold a record, and the first "
    "record is dated by the end of the oldest month (nothing at all: major; procedure or records "
    "missing, or records not spread: minor)",
    "scope": "itsmkit.yaml states a scope that is not a placeholder",
    "roles": "roles are defined and each is held by an active person",
    "objectives": "a plan or policy states objectives",
    "competence": "each audited process has an owning role, held by someone meeting its required competences",
    "foundation": "someone certified ISO/IEC 20000 Foundation owns no process (seed 001: objectivity)",
    "reviews": "approved documents are within their next review date; one finding per late document, "
    "at the clause of its process or kind (from the edition's rules, else its `addresses`), else "
    "at the rule's clause (documented information)",
    "history": "records reach back at least thresholds.min_record_history_days (default 90) before the audit",
    "backfill": "records were not written up long after the fact just before the audit: a record "
    "whose file first entered git in the `days` (default 14) before the audit, more than `days` "
    "after what it records ended, is backfilled (helpdesk imports, with a `source`, are left out). "
    "A `share` (default 80%) or more of all records: one finding at the rule's grade; else a minor "
    "finding at each clause half or more of whose evidence is backfilled; the rest: one "
    "observation. A repository that itself entered git within `days` (an SMS moved into "
    "itsmkit) cannot be judged by its history: one observation. Needs git",
    "recent": "a record of the kind dated within the last N days",
    "internal-audit": "an internal or mock audit report within the last N days",
    "sla-coverage": "every customer has an approved SLA in force",
    "uc-coverage": "every third-party (FT) supplier works under an approved UC",
    "uc-targets": "UC availability and per-priority response/resolution targets are at least as strict as the SLA's",
    "uc-review": "each approved UC has a contract review within N days",
    "sla-reports": "each approved SLA has a service report for each of its last complete reporting periods",
    "breach-actions": "every breach in a service report names an action",
    "sla-breach-unhandled": "every breach the records show (docs/sla.md) is in a service "
    "report breach with an action, or its incident has a problem record",
    "sla-missed-repeatedly": "no SLA target is missed `periods` periods in a row, computed "
    "from the records",
    "open-nonconformities": "open major or minor findings of earlier audits have actions",
    "overdue-actions": "actions not done are not past their due date",
    "effectiveness": "closed corrective actions carry an effectiveness check, found effective",
    "change-approval": "normal changes implemented were approved before their implementation time",
    "emergency-review": "emergency changes implemented were reviewed within N days (default 30)",
    "release-tested": "deployed (or rolled-back) releases were tested; a change's release lists it",
    "ci-verified": "active configuration items were verified within thresholds.ci_verification_days "
    "(else the rule's N days, default 365)",
    "complaints": "complaints are answered (or closed) within thresholds.complaint_response_days "
    "(else the rule's N days); unanswered past it: the rule's grade, answered late: observation",
    "survey-interval": "a satisfaction survey per customer at intervals.satisfaction_survey",
    "meeting-interval": "a coordination meeting per party by its next_meeting, else at "
    "intervals.coordination_meeting",
    "offer-review-interval": "a review of the service offer at intervals.offer_review",
    "sla-services": "every customer and every live service is covered by an approved SLA in force; "
    "an expired SLA not renewed is cited at its validity block",
    "sla-content": "approved SLAs carry every Annex C item, targets and validity, and the "
    "provider's and the customer's signatures",
    "internal-audit-held": "an internal audit, or a mock audit led by people, within N days; "
    "`audit --write` reports (no person, no organisation) never count by themselves",
    "auditor-independence": "no auditor of an internal or mock audit owns a process of its auditees "
    "(people → roles → processes)",
    "audit-programme": "an approved plan of type audit-programme whose period covers the audit date",
    "nonconformity-closure": "a closed major or minor finding has actions, all done and found effective",
    "revised-unapproved": "no history entry of an approved document is dated after approved_on with "
    "a version newer than the document's",
    "budget-period": "an approved budget's period covers the audit date",
    "validation": "issues of the validation rule codes listed (`codes:`), as one finding; placeholders "
    "count only in approved documents",
}


GRADES = {
    "process": "major (none) / minor (partly)",
    "backfill": "major (most records) / minor (most of a clause's) / observation (a few)",
}


def audit_markdown() -> str:
    """The page."""
    out = [
        "# Mock audit rules",
        "",
        "Generated by `python -m itsmkit.audit.docs`; do not edit by hand. The rules are data in",
        "`src/itsmkit/data/audit/`; rule ids are stable.",
        "",
        "## Readiness",
        "",
        FORMULA,
        "",
        "Grades: major nonconformity, minor nonconformity, observation, opportunity for improvement.",
        "Labels can be changed per certification body under `audit.labels` in `itsmkit.yaml`.",
        "`itsmkit trace` shows the same verdict per clause and the same score: both commands",
        "judge each clause once (`frameworks/clauses.py` `judge`), from the findings of the audit",
        "rules at that clause, or, for a clause no rule assesses, from its evidence requirements",
        "(`data/frameworks/evidence/`; trace lists their gaps for every clause). Every item of the",
        "edition's catalog is a clause of its own (sub-clauses too) and counts once in its",
        "top-level group; each clause says how its status was reached (`basis` in JSON).",
        "",
        "The verdict is *not ready* with any major finding, *ready once ... addressed* with minor",
        "findings only, *ready once the evidence of N clauses is complete* when clauses no rule",
        "assesses lack evidence, *ready* otherwise. `--fail-on GRADE` exits 1 when a",
        "finding of that grade or worse exists.",
        "",
        "## Language and formats",
        "",
        "`--lang fr|en` sets the report's language for every format (text, md, docx, pdf, json);",
        "the default is `language` in `itsmkit.yaml`. Clause titles come from the framework",
        "catalogs (`src/itsmkit/data/frameworks/`, as in `itsmkit trace`); expectations, finding",
        "texts and notices have their French in `src/itsmkit/data/audit/fr.yaml`; a text",
        "with no French is quoted in English, and the report and stderr say how many. The Word",
        "and PDF reports open on a cover page, then verdict and readiness, scope and method,",
        "readiness by clause group, one block per finding (grade, clause, expected, found,",
        "evidence, action) and the clause table. `--format pdf` needs LibreOffice. `--write`",
        "records scope, method, findings and actions in every language the repository states",
        "its scope in.",
        "",
        "## Checks",
        "",
        "| check | passes when |",
        "| --- | --- |",
    ]
    out += [f"| `{name}` | {text} |" for name, text in CHECKS_DOC.items()]
    for standard in EDITIONS:
        spec = load_spec(standard)
        out += [
            "",
            f"## {standard}",
            "",
            f"Source: {spec.source}.",
            "",
            "| rule | clause | check | grade when missing | expected |",
            "| --- | --- | --- | --- | --- |",
        ]
        for rule in spec.rules:
            grade = GRADES.get(rule.check, rule.missing.value)
            expected = rule.expected or process_expected(rule)
            out.append(f"| `{rule.id}` | {rule.clause} | `{rule.check}` | {grade} | {expected} |")
        out += ["", _assessment(standard, {r.clause for r in spec.rules})]
    return "\n".join(out) + "\n"


def _assessment(standard: str, ruled: set[str]) -> str:
    """Which clauses of the catalog the evidence links alone judge, and which nothing does."""
    from itsmkit.frameworks.catalog import catalog
    from itsmkit.frameworks.evidence import evidence_for

    links = evidence_for(standard)
    evidenced = {link.clause for link in links.links} if links is not None else set()
    items = catalog(standard).data.items
    by_evidence = [i.id for i in items if i.id in evidenced and i.id not in ruled]
    neither = [f"{i.id} {i.label}" for i in items if i.id not in evidenced | ruled]
    return (
        "Clauses judged by their evidence requirements alone (no rule): "
        + (", ".join(by_evidence) or "none")
        + ". Not assessed (no rule, no evidence requirement): "
        + ", ".join(neither)
        + "."
    )


if __name__ == "__main__":
    print(audit_markdown(), end="")
