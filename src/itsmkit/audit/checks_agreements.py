"""Stage 2 checks: agreements (SLA, UC) and the service reports they call for."""

from __future__ import annotations

import datetime as dt

from itsmkit.audit.checks_documents import Check, approved, finding
from itsmkit.audit.context import AuditContext, in_window
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.agreement import Frequency, Sla, Uc
from itsmkit.model.organisation import Supplier, SupplierType
from itsmkit.model.recurrence import FREQUENCY_MONTHS, add_months
from itsmkit.model.relationship import ContractReview
from itsmkit.model.reporting import ServiceReport
from itsmkit.repo.loader import Loaded


def _sla_in_force(sla: Sla, day: dt.date) -> bool:
    if sla.validity is None:
        return True
    return sla.validity.start <= day and (sla.validity.end is None or sla.validity.end >= day)


def _approved_slas(ctx: AuditContext) -> list[tuple[Loaded, Sla]]:
    return [
        (item, sla)
        for item, sla in ctx.typed("sla", Sla)
        if approved(item) and _sla_in_force(sla, ctx.as_of)
    ]


def check_sla_coverage(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Every customer has an approved SLA in force."""
    covered = {sla.customer for _, sla in _approved_slas(ctx)}
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
    covered = {uc.supplier for item, uc in ctx.typed("uc", Uc) if approved(item)}
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
        if isinstance(i.artefact, ContractReview) and in_window(i, start, ctx.as_of)
    }
    out = []
    for item in ctx.of_kind("uc"):
        if approved(item) and item.artefact.id not in reviewed:
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


def _month_start(day: dt.date, back: int) -> dt.date:
    return add_months(day.replace(day=1), -back)


def check_sla_reports(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A service report for each of the last complete reporting periods of each SLA."""
    periods = rule.periods or 3
    reports: dict[str, list[ServiceReport]] = {}
    for _, rep in ctx.typed("service-report", ServiceReport):
        reports.setdefault(rep.sla, []).append(rep)
    out = []
    for item, sla in _approved_slas(ctx):
        step = FREQUENCY_MONTHS.get(sla.reporting_frequency, 1)  # weekly: see below
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
    for item, rep in ctx.typed("service-report", ServiceReport):
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


CHECKS: dict[str, Check] = {
    "sla-coverage": check_sla_coverage,
    "uc-coverage": check_uc_coverage,
    "uc-targets": check_uc_targets,
    "uc-review": check_uc_review,
    "sla-reports": check_sla_reports,
    "breach-actions": check_breach_actions,
}
