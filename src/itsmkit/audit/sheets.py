"""The mock audit as spreadsheet sheets: findings, the proposed action plan, readiness."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itsmkit.report.xlsx import Sheet

if TYPE_CHECKING:
    from itsmkit.audit.engine import AuditResult


def audit_sheets(result: AuditResult, custom_labels: dict[str, str] | None = None) -> list[Sheet]:
    """Findings (one row each), the proposed action plan, readiness per clause group."""
    from itsmkit.audit.printers import labels
    from itsmkit.audit.writer import DUE_DAYS

    names = labels(custom_labels)
    findings = Sheet(
        "Findings",
        (
            "#",
            "grade",
            "label",
            "clause",
            "rule",
            "found",
            "expected",
            "evidence",
            "recommendation",
        ),
    )
    plan = Sheet(
        "Action plan",
        ("finding", "grade", "clause", "action", "cause", "raised on", "due", "status"),
    )
    for n, f in enumerate(result.findings, start=1):
        findings.rows.append(
            (
                n,
                f.grade.value,
                names[f.grade],
                f.clause,
                f.rule,
                f.found,
                f.expected,
                "\n".join(f.evidence),
                f.recommendation,
            )
        )
        if f.grade in DUE_DAYS:
            plan.rows.append(
                (
                    n,
                    f.grade.value,
                    f.clause,
                    f.recommendation or f.expected,
                    f.found,
                    result.as_of,
                    result.as_of + dt.timedelta(days=DUE_DAYS[f.grade]),
                    "proposed",
                )
            )
    groups = Sheet(
        "Readiness",
        ("group", "title", "conformant", "partial", "nonconformant", "not assessed", "readiness %"),
        [
            (g.id, g.title, g.conformant, g.partial, g.nonconformant, g.not_assessed, g.readiness)
            for g in result.groups
        ],
    )
    groups.rows.append(("all", result.verdict, None, None, None, None, result.readiness))
    return [findings, plan, groups]
