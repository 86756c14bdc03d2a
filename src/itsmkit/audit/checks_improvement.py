"""Stage 2 checks: improvement (nonconformities closed, actions on time and effective)."""

from __future__ import annotations

from itsmkit.audit.checks_documents import Check, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.audit import (
    Action,
    ActionStatus,
    ActionType,
    Finding,
    FindingStatus,
    Grade,
)


def check_open_nonconformities(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Nonconformities of earlier audits are closed.

    An open one without an action is the rule's grade. With actions under way, an open
    major is still a minor finding (a certification body wants it closed and verified
    first) and an open minor is an observation.
    """
    out = []
    for item in ctx.of_kind("finding"):
        f = item.artefact
        if not isinstance(f, Finding) or f.status is not FindingStatus.OPEN:
            continue
        if f.grade not in (Grade.MAJOR, Grade.MINOR):
            continue
        if not f.actions:
            grade, what, action = (
                rule.missing,
                "is open with no action",
                "Plan a corrective action for it.",
            )
        elif f.grade is Grade.MAJOR:
            grade, what = Grade.MINOR, "is still open (actions under way)"
            action = "Complete the actions and verify their effect before the certification audit."
        else:
            grade, what = Grade.OBSERVATION, "is still open (actions under way)"
            action = "Complete the actions and close the finding."
        out.append(
            finding(
                rule,
                grade,
                f"{f.grade.value} nonconformity {f.id} ({f.clause}) {what}",
                [ctx.where(item)],
                action,
            )
        )
    return out


def check_overdue_actions(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Actions not done are not past their due date."""
    late = [
        i
        for i in ctx.of_kind("action")
        if isinstance(i.artefact, Action)
        and i.artefact.status not in (ActionStatus.DONE, ActionStatus.CANCELLED)
        and i.artefact.due < ctx.as_of
    ]
    if not late:
        return []
    names = ", ".join(f"{i.artefact.id} (due {i.artefact.due})" for i in late[:10])  # type: ignore[attr-defined]
    return [
        finding(
            rule,
            rule.missing,
            f"{len(late)} action(s) overdue: {names}",
            [ctx.where(i, "due") for i in late[:20]],
            "Complete the actions or re-plan them with D's approval.",
        )
    ]


def check_effectiveness(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Closed corrective actions were checked for effectiveness, and found effective."""
    unchecked, failed = [], []
    for item in ctx.of_kind("action"):
        act = item.artefact
        if (
            not isinstance(act, Action)
            or act.action_type is not ActionType.CORRECTIVE
            or act.status is not ActionStatus.DONE
        ):
            continue
        if act.effectiveness is None:
            unchecked.append(item)
        elif not act.effectiveness.effective:
            failed.append(item)
    out = []
    if unchecked:
        out.append(
            finding(
                rule,
                rule.missing,
                f"{len(unchecked)} corrective action(s) closed without an effectiveness check",
                [ctx.where(i) for i in unchecked[:20]],
                "Check each action's effect and record it.",
            )
        )
    if failed:
        out.append(
            finding(
                rule,
                Grade.MINOR,
                f"{len(failed)} corrective action(s) found not effective",
                [ctx.where(i, "effectiveness") for i in failed[:20]],
                "Raise a new corrective action.",
            )
        )
    return out


CHECKS: dict[str, Check] = {
    "open-nonconformities": check_open_nonconformities,
    "overdue-actions": check_overdue_actions,
    "effectiveness": check_effectiveness,
}
