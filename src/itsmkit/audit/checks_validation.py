"""validate and audit agree: validation rules that matter to conformity, as findings.

A rule of the audit data names validation codes (``codes:``); each issue of those codes
becomes evidence of one finding at the rule's clause. Codes already judged by an audit
check of their own (sla-annex-c and sla-unsigned by AUD-SLA-CONTENT, service-no-sla by
AUD-SLA-CUSTOMERS, the scope placeholder by AUD-SCOPE, a change's approval after its
implementation by AUD-CHANGE-APPROVAL) are not repeated: one defect,
one finding.
"""

from __future__ import annotations

from itsmkit.audit.checks_documents import Check, approved, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.issues import Issue


def _issues(ctx: AuditContext, codes: set[str]) -> list[Issue]:
    from itsmkit.repo.positions import resolve

    found = [i for i in [*ctx.repo.issues, *ctx.rule_issues] if i.code in codes]
    return resolve(ctx.root, found)


def check_validation(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Issues of the rule's validation ``codes``; placeholders count only in approved documents."""
    issues = _issues(ctx, set(rule.codes))
    if "placeholder" in rule.codes:
        issues = [
            i
            for i in issues
            if i.code != "placeholder"
            or (
                i.artefact is not None
                and i.artefact in ctx.by_id
                and approved(ctx.by_id[i.artefact])
            )
        ]
    # A change implemented before its approval is AUD-CHANGE-APPROVAL's finding (8.5.1).
    issues = [
        i
        for i in issues
        if not (
            i.code == "date-order"
            and "approved" in i.message
            and i.artefact in ctx.by_id
            and ctx.by_id[i.artefact].artefact.kind == "change"
        )
    ]
    if not issues:
        return []
    where = [f"{i.file}:{i.line or 1}" for i in issues]
    shown = "; ".join(f"{i.artefact or i.file}: {i.message}" for i in issues[:5])
    return [
        finding(
            rule,
            rule.missing,
            f"{len(issues)} validation issue(s) ({', '.join(sorted({i.code for i in issues}))}): "
            + shown,
            list(dict.fromkeys(where))[:20],
            "Run `itsmkit validate` and correct each issue shown.",
        )
    ]


CHECKS: dict[str, Check] = {"validation": check_validation}
