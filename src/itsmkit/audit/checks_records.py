"""Stage 2 checks: processes at work, record history, reporting, agreements, improvement."""

from __future__ import annotations

import datetime as dt

from itsmkit.audit.checks_documents import Check, _approved, _procedures, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.agreement import Frequency, Sla, Uc
from itsmkit.model.audit import (
    Action,
    ActionStatus,
    ActionType,
    AuditReport,
    AuditType,
    Finding,
    FindingStatus,
    Grade,
)
from itsmkit.model.base import Family
from itsmkit.model.organisation import Supplier, SupplierType
from itsmkit.model.relationship import ContractReview
from itsmkit.model.reporting import ServiceReport
from itsmkit.repo.loader import Loaded


def _in_window(item: Loaded, start: dt.date, end: dt.date) -> bool:
    dates = item.artefact.evidence_dates()
    return dates is not None and dates[0] <= end and dates[1] >= start


def check_process(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A process is implemented: an approved procedure and, where it makes some, records."""
    name = rule.process or "?"
    if not rule.expected:
        kinds = " and its records (" + ", ".join(rule.records) + ")" if rule.records else ""
        rule = rule.model_copy(
            update={"expected": f"The {name} process runs: an approved procedure{kinds}."}
        )
    procs = _procedures(ctx, rule)
    days = ctx.config.thresholds.min_record_history_days
    start = ctx.as_of - dt.timedelta(days=days)
    records = [
        i for kind in rule.records for i in ctx.of_kind(kind) if _in_window(i, start, ctx.as_of)
    ]
    if not procs and (not rule.records or not records):
        return [
            finding(
                rule,
                Grade.MAJOR,
                f"the {name} process is not implemented: no procedure"
                + (f" and no {' / '.join(rule.records)} records" if rule.records else ""),
                recommendation=f"Implement the {name} process: a procedure, then keep its records "
                "(a partial SMS cannot be certified).",
            )
        ]
    out = []
    if not procs:
        out.append(
            finding(
                rule,
                Grade.MINOR,
                f"{name} records exist but no procedure describes the process",
                [ctx.where(records[0])],
                f"Write the {name} procedure.",
            )
        )
    elif not any(_approved(p) for p in procs):
        out.append(
            finding(
                rule,
                Grade.MINOR,
                f"the {name} procedure is not approved",
                [ctx.where(p, "status") for p in procs],
                "Have the procedure approved.",
            )
        )
    if rule.records and not records:
        out.append(
            finding(
                rule,
                Grade.MINOR,
                f"no {' / '.join(rule.records)} records in the last {days} days",
                [ctx.where(p) for p in procs],
                f"Record the {name} activity as it happens.",
            )
        )
    return out


def _records(ctx: AuditContext) -> list[Loaded]:
    return [i for i in ctx.repo.artefacts if i.artefact.family is Family.RECORD]


def check_history(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Records reach back at least ``min_record_history_days`` before the audit date."""
    needed = ctx.config.thresholds.min_record_history_days
    starts = []
    for item in _records(ctx):
        dates = item.artefact.evidence_dates()
        if dates is not None and dates[0] <= ctx.as_of:
            starts.append((dates[0], item))
    if not starts:
        return [
            finding(
                rule,
                rule.missing,
                "the repository holds no dated record",
                recommendation="Keep records of the processes for at least "
                f"{needed} days before requesting an audit.",
            )
        ]
    earliest, item = min(starts, key=lambda pair: pair[0])
    span = (ctx.as_of - earliest).days
    if span < needed:
        return [
            finding(
                rule,
                rule.missing,
                f"records cover {span} days (since {earliest}); {needed} are expected",
                [ctx.where(item)],
                f"Keep operating and recording until {earliest + dt.timedelta(days=needed)}.",
            )
        ]
    return []


BACKFILL_DAYS = 14  # defaults when the rule data gives no `days` / `share`
BACKFILL_SHARE = 0.8


def check_backfill(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Record files were not all committed in the last two weeks while claiming months."""
    if not ctx.history.available:
        return []
    window = rule.days or BACKFILL_DAYS
    share = rule.share or BACKFILL_SHARE
    files: dict[str, dt.date] = {}
    for item in _records(ctx):
        dates = item.artefact.evidence_dates()
        if dates is not None:
            files[item.file] = min(dates[0], files.get(item.file, dates[0]))
    if not files:
        return []
    cutoff = ctx.as_of - dt.timedelta(days=window)
    recent = []
    for rel in files:
        first = ctx.history.first_committed(rel)
        if first is None or first.date() >= cutoff:
            recent.append(rel)
    oldest_claimed = min(files.values())
    if len(recent) / len(files) >= share and oldest_claimed < cutoff - dt.timedelta(days=window):
        return [
            finding(
                rule,
                rule.missing,
                f"{len(recent)} of {len(files)} record files entered git in the {window} days "
                f"before {ctx.as_of}, though their records date back to {oldest_claimed}",
                sorted(recent)[:10],
                "Commit records as the activities happen; an auditor may doubt backfilled evidence.",
            )
        ]
    return []


def check_recent(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A record of ``kind`` dated within the last ``days`` days."""
    assert rule.kind and rule.days
    start = ctx.as_of - dt.timedelta(days=rule.days)
    items = ctx.of_kind(rule.kind)
    if any(_in_window(i, start, ctx.as_of) for i in items):
        return []
    if items:
        return [
            finding(
                rule,
                rule.missing,
                f"the last {rule.kind} is older than {rule.days} days",
                [ctx.where(i) for i in items[-3:]],
                f"Hold a new {rule.kind}.",
            )
        ]
    return [
        finding(
            rule,
            rule.missing,
            f"no {rule.kind} record",
            recommendation=f"Hold and record a {rule.kind}.",
        )
    ]


def check_internal_audit(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """An internal or mock audit within ``days`` days."""
    start = ctx.as_of - dt.timedelta(days=rule.days or 365)
    audits = [
        i
        for i in ctx.of_kind("audit-report")
        if isinstance(i.artefact, AuditReport)
        and i.artefact.audit_type in (AuditType.INTERNAL, AuditType.MOCK)
    ]
    if any(_in_window(i, start, ctx.as_of) for i in audits):
        return []
    if audits:
        return [
            finding(
                rule,
                rule.missing,
                f"the last internal audit is older than {rule.days} days",
                [ctx.where(i) for i in audits[-3:]],
                "Run an internal audit (itsmkit audit --write records one).",
            )
        ]
    return [
        finding(
            rule,
            rule.missing,
            "no internal audit report",
            recommendation="Run an internal audit; `itsmkit audit --write` records this mock audit as one.",
        )
    ]


def _sla_in_force(sla: Sla, day: dt.date) -> bool:
    if sla.validity is None:
        return True
    return sla.validity.start <= day and (sla.validity.end is None or sla.validity.end >= day)


def _approved_slas(ctx: AuditContext) -> list[Loaded]:
    return [
        i
        for i in ctx.of_kind("sla")
        if _approved(i) and isinstance(i.artefact, Sla) and _sla_in_force(i.artefact, ctx.as_of)
    ]


def check_sla_coverage(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Every customer has an approved SLA in force."""
    covered = {i.artefact.customer for i in _approved_slas(ctx)}  # type: ignore[attr-defined]
    out = []
    for item in ctx.of_kind("customer"):
        if item.artefact.id not in covered:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"customer {item.artefact.id} has no approved SLA in force",
                    [ctx.where(item)],
                    "Negotiate, sign and record an SLA with the customer.",
                )
            )
    return out


def check_uc_coverage(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Every third-party supplier works under an approved UC."""
    covered = {i.artefact.supplier for i in ctx.of_kind("uc") if _approved(i)}  # type: ignore[attr-defined]
    out = []
    for item in ctx.of_kind("supplier"):
        sup = item.artefact
        if (
            isinstance(sup, Supplier)
            and sup.supplier_type is SupplierType.THIRD_PARTY
            and sup.id not in covered
        ):
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"third-party supplier {sup.id} has no approved UC",
                    [ctx.where(item)],
                    "Sign an underpinning contract carrying the SLA targets.",
                )
            )
    return out


def check_uc_targets(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """UC targets are at least as strict as those of every SLA they support."""
    out = []
    for item in ctx.of_kind("uc"):
        uc = item.artefact
        if not isinstance(uc, Uc):
            continue
        gaps = []
        for sla_id in uc.slas:
            sla = ctx.get(sla_id)
            if not isinstance(sla, Sla) or sla.targets is None:
                continue
            # A UC without an availability target (e.g. hardware maintenance) is not compared.
            if (
                sla.targets.availability is not None
                and uc.targets.availability is not None
                and uc.targets.availability < sla.targets.availability
            ):
                gaps.append(
                    f"availability {uc.targets.availability}% < {sla.targets.availability}% of {sla_id}"
                )
            theirs = {t.priority: t for t in uc.targets.per_priority}
            for target in sla.targets.per_priority:
                mine = theirs.get(target.priority)
                if mine is None:
                    continue
                if mine.response > target.response:
                    gaps.append(
                        f"{target.priority} response {mine.response} > {target.response} of {sla_id}"
                    )
                if mine.resolution > target.resolution:
                    gaps.append(
                        f"{target.priority} resolution {mine.resolution} > {target.resolution} of {sla_id}"
                    )
        if gaps:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"UC {uc.id} is weaker than the SLA it supports: " + "; ".join(gaps),
                    [ctx.where(item, "targets")],
                    "Renegotiate the UC targets, or lower the SLA commitment.",
                )
            )
    return out


def check_uc_review(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Each approved UC was reviewed within ``days`` days."""
    start = ctx.as_of - dt.timedelta(days=rule.days or 400)
    reviewed = {
        i.artefact.uc
        for i in ctx.of_kind("contract-review")
        if isinstance(i.artefact, ContractReview) and _in_window(i, start, ctx.as_of)
    }
    out = []
    for item in ctx.of_kind("uc"):
        if _approved(item) and item.artefact.id not in reviewed:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"UC {item.artefact.id} has no review in the last {rule.days} days",
                    [ctx.where(item)],
                    "Review the contract with the supplier and record it.",
                )
            )
    return out


_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
    Frequency.WEEKLY: 1,
}


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def check_sla_reports(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A service report for each of the last complete reporting periods of each SLA."""
    periods = rule.periods or 3
    reports: dict[str, list[ServiceReport]] = {}
    for item in ctx.of_kind("service-report"):
        rep = item.artefact
        assert isinstance(rep, ServiceReport)
        reports.setdefault(rep.sla, []).append(rep)
    out = []
    for item in _approved_slas(ctx):
        sla = item.artefact
        assert isinstance(sla, Sla)
        step = _MONTHS[sla.reporting_frequency]
        since = sla.validity.start if sla.validity else (sla.approved_on or dt.date.min)
        missing = []
        for n in range(1, periods + 1):
            if sla.reporting_frequency is Frequency.WEEKLY:  # ISO weeks, Monday to Sunday
                monday = ctx.as_of - dt.timedelta(days=ctx.as_of.weekday())
                begin = monday - dt.timedelta(weeks=n)
                end = begin + dt.timedelta(days=6)
            else:
                begin = _month_start(ctx.as_of, ((ctx.as_of.month - 1) % step) + step * n)
                end = _month_start(begin, -step) - dt.timedelta(days=1)
            if begin < since:
                continue
            if not any(
                r.period_start <= end and r.period_end >= begin for r in reports.get(sla.id, [])
            ):
                missing.append(f"{begin}..{end}")
        if missing:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"SLA {sla.id} has no service report for " + ", ".join(sorted(missing)),
                    [ctx.where(item, "reporting_frequency")],
                    "Issue the missing service reports.",
                )
            )
    return out


def check_breach_actions(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Every breach listed in a service report leads to an action."""
    out = []
    for item in ctx.of_kind("service-report"):
        rep = item.artefact
        assert isinstance(rep, ServiceReport)
        bare = [n for n, breach in enumerate(rep.breaches) if not breach.actions]
        if bare:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"service report {rep.id} lists {len(bare)} breach(es) without an action",
                    [ctx.where(item, "breaches", n) for n in bare],
                    "Raise a corrective or preventive action for each breach.",
                )
            )
    return out


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
    "process": check_process,
    "history": check_history,
    "backfill": check_backfill,
    "recent": check_recent,
    "internal-audit": check_internal_audit,
    "sla-coverage": check_sla_coverage,
    "uc-coverage": check_uc_coverage,
    "uc-targets": check_uc_targets,
    "uc-review": check_uc_review,
    "sla-reports": check_sla_reports,
    "breach-actions": check_breach_actions,
    "open-nonconformities": check_open_nonconformities,
    "overdue-actions": check_overdue_actions,
    "effectiveness": check_effectiveness,
}
