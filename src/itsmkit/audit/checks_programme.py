"""Stage 2 checks of the SMS's own control: internal audits, nonconformities, documents, budgets."""

from __future__ import annotations

import datetime as dt

from itsmkit.audit.checks_documents import Check, approved, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding, dotted_key
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.audit import (
    Action,
    ActionStatus,
    AuditReport,
    AuditType,
    Finding,
    FindingStatus,
    Grade,
)
from itsmkit.model.base import Document
from itsmkit.model.finance import Budget
from itsmkit.model.governance import Plan, PlanType
from itsmkit.model.organisation import Person, Role
from itsmkit.repo.loader import Loaded


def _by_people(report: AuditReport) -> bool:
    """Whether people led the audit: the tool's own run names no person and no organisation."""
    return any(a.person or a.organisation for a in report.auditors)


def check_internal_audit_held(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """An internal audit (or a mock audit led by people) within ``days`` days.

    The reports `itsmkit audit --write` records are mock audits by the tool: they show the
    SMS was checked but are never, by themselves, the internal audit of clause 9.2.
    """
    start = ctx.as_of - dt.timedelta(days=rule.days or 365)
    audits, tool_runs = [], []
    for item in ctx.of_kind("audit-report"):
        rep = item.artefact
        if not isinstance(rep, AuditReport) or rep.start > ctx.as_of:
            continue
        if rep.audit_type is AuditType.INTERNAL or (
            rep.audit_type is AuditType.MOCK and _by_people(rep)
        ):
            audits.append(item)
        elif rep.audit_type is AuditType.MOCK:
            tool_runs.append(item)
    if any(i.artefact.end >= start for i in audits):  # type: ignore[attr-defined]
        return []
    if audits:
        return [
            finding(
                rule,
                rule.missing,
                f"the last internal audit is older than {rule.days} days",
                [ctx.where(i, "end") for i in audits[-3:]],
                "Run an internal audit led by someone independent of the processes audited.",
            )
        ]
    found = "no internal audit report"
    if tool_runs:
        found += f" ({len(tool_runs)} mock audit(s) by itsmkit, which do not count as one)"
    return [
        finding(
            rule,
            rule.missing,
            found,
            [ctx.where(i, "auditors") for i in tool_runs[-3:]] or None,
            "Have an internal audit led by a person independent of the processes audited.",
        )
    ]


def _processes_of(ctx: AuditContext, person: str) -> set[str]:
    who = ctx.get(person)
    if not isinstance(who, Person):
        return set()
    out: set[str] = set()
    for ref in who.roles:
        role = ctx.get(ref)
        if isinstance(role, Role):
            out |= {p.value for p in role.processes}
    return out


def check_auditor_independence(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """No auditor of an internal audit owns a process the audit examined (its auditees' processes)."""
    out = []
    for item in ctx.of_kind("audit-report"):
        rep = item.artefact
        if not isinstance(rep, AuditReport) or rep.audit_type not in (
            AuditType.INTERNAL,
            AuditType.MOCK,
        ):
            continue
        audited: set[str] = set()
        for who in rep.auditees:
            audited |= _processes_of(ctx, who)
        for n, auditor in enumerate(rep.auditors):
            if not auditor.person:
                continue
            own = sorted(_processes_of(ctx, auditor.person) & audited)
            if own:
                out.append(
                    finding(
                        rule,
                        rule.missing,
                        f"{auditor.person} audited processes they own in {rep.id}: "
                        + ", ".join(own),
                        [ctx.where(item, "auditors", n)],
                        "Have each process audited by someone who does not run it.",
                    )
                )
    return out


def check_audit_programme(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """An approved internal audit programme covering the audit date."""
    plans = [
        i
        for i in ctx.live_documents("plan")
        if isinstance(i.artefact, Plan) and i.artefact.plan_type is PlanType.AUDIT_PROGRAMME
    ]
    if not plans:
        return [
            finding(
                rule,
                rule.missing,
                "no internal audit programme",
                recommendation="Plan the internal audits (plan_type: audit-programme).",
            )
        ]
    if not any(approved(i) for i in plans):
        return [
            finding(
                rule,
                rule.unapproved,
                "the internal audit programme is not approved",
                [ctx.where(i, "status") for i in plans],
                "Have the audit programme approved.",
            )
        ]
    current = [
        i
        for i in plans
        if approved(i)
        and (
            i.artefact.period is None  # type: ignore[attr-defined]
            or i.artefact.period.start <= ctx.as_of <= i.artefact.period.end  # type: ignore[attr-defined]
        )
    ]
    if not current:
        return [
            finding(
                rule,
                rule.unapproved,
                "the internal audit programme does not cover the current period",
                [ctx.where(i, "period") for i in plans],
                "Extend the audit programme to the coming period.",
            )
        ]
    return []


def check_nonconformity_closure(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A nonconformity is closed only when its corrective actions are done and found effective."""
    out = []
    for item in ctx.of_kind("finding"):
        f = item.artefact
        if not isinstance(f, Finding) or f.status is FindingStatus.OPEN:
            continue
        if f.grade not in (Grade.MAJOR, Grade.MINOR):
            continue
        problems = []
        if not f.actions:
            problems.append("no action")
        for ref in f.actions:
            act = ctx.get(ref)
            if not isinstance(act, Action):
                continue
            if act.status is not ActionStatus.DONE:
                problems.append(f"{act.id} is {act.status.value}")
            elif act.effectiveness is None:
                problems.append(f"{act.id} has no effectiveness check")
            elif not act.effectiveness.effective:
                problems.append(f"{act.id} was found not effective")
        if problems:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"nonconformity {f.id} ({f.clause}) is {f.status.value} though "
                    + "; ".join(problems),
                    [ctx.where(item, "status")],
                    "Reopen it until its actions are done and their effectiveness verified.",
                )
            )
    return out


def check_revised_unapproved(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """No history entry of an approved document is dated after its approval with a newer version."""
    out = []
    for item in ctx.repo.artefacts:
        doc = item.artefact
        if not isinstance(doc, Document) or not approved(item) or doc.approved_on is None:
            continue
        for n, rev in enumerate(doc.history):
            if (
                rev.date > doc.approved_on
                and rev.date <= ctx.as_of
                and dotted_key(rev.version) > dotted_key(doc.version)
            ):
                out.append(
                    finding(
                        rule,
                        rule.missing,
                        f"{doc.kind} {doc.id} was revised on {rev.date} (version {rev.version}) "
                        f"after its approval of {doc.approved_on} (version {doc.version}) "
                        "without a new approval",
                        [ctx.where(item, "history", n)],
                        "Have the revised version approved (version, approver, approved_on).",
                    )
                )
                break
            if rev.date > doc.approved_on and dotted_key(rev.version) == dotted_key(doc.version):
                # The approved version's own entry is later than its approval: the version was
                # edited after it was approved, or the approval date is wrong.
                out.append(
                    finding(
                        rule,
                        rule.missing,
                        f"{doc.kind} {doc.id} version {doc.version} is approved on "
                        f"{doc.approved_on}, before its own history entry of {rev.date}",
                        [ctx.where(item, "approved_on"), ctx.where(item, "history", n)],
                        "Record the approval of this version on the day it was given "
                        "(approved_on), after the revision it approves.",
                    )
                )
                break
    return out


def check_budget_period(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """An approved budget covers the audit date."""
    budgets: list[tuple[Loaded, Budget]] = [
        (i, i.artefact) for i in ctx.live_documents("budget") if isinstance(i.artefact, Budget)
    ]
    if not budgets:
        return []  # AUD-BUDGET reports the missing budget
    if any(approved(i) and b.period.start <= ctx.as_of <= b.period.end for i, b in budgets):
        return []
    return [
        finding(
            rule,
            rule.missing,
            f"no approved budget covers {ctx.as_of}: "
            + ", ".join(f"{b.id} {b.period.start}..{b.period.end}" for _, b in budgets),
            [ctx.where(i, "period") for i, _ in budgets],
            "Budget the current period and have it approved.",
        )
    ]


CHECKS: dict[str, Check] = {
    "internal-audit-held": check_internal_audit_held,
    "auditor-independence": check_auditor_independence,
    "audit-programme": check_audit_programme,
    "nonconformity-closure": check_nonconformity_closure,
    "revised-unapproved": check_revised_unapproved,
    "budget-period": check_budget_period,
}
