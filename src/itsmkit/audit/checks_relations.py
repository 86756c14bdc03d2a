"""Stage 2 checks of customer relations and agreements: complaints, recurring reviews, SLAs."""

from __future__ import annotations

import datetime as dt

from itsmkit.audit.checks_documents import Check, approved, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.agreement import Frequency, Sla
from itsmkit.model.audit import Grade
from itsmkit.model.recurrence import advance
from itsmkit.model.relationship import Complaint, Minutes, OfferReview, SatisfactionSurvey
from itsmkit.model.service import Service, ServiceStatus
from itsmkit.repo.loader import Loaded


def check_complaints(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Complaints are answered within the committed time; none is left unanswered past it."""
    days = ctx.config.thresholds.complaint_response_days or rule.days or 10
    late, open_ = [], []
    for item in ctx.of_kind("complaint"):
        cpl = item.artefact
        if not isinstance(cpl, Complaint) or cpl.received.date() > ctx.as_of:
            continue
        deadline = cpl.received.date() + dt.timedelta(days=days)
        answered = cpl.answered or cpl.closed  # a closing reply is an answer
        if answered is None:
            if deadline < ctx.as_of:
                open_.append((item, (ctx.as_of - cpl.received.date()).days))
        elif answered.date() > deadline:
            late.append((item, (answered.date() - cpl.received.date()).days))
    out = []
    if open_:
        out.append(
            finding(
                rule,
                rule.missing,
                f"{len(open_)} complaint(s) unanswered past the {days} days committed: "
                + ", ".join(f"{i.artefact.id} ({n} days)" for i, n in open_),
                [ctx.where(i, "received") for i, _ in open_],
                "Answer the customer now and record the answer; find why it was left.",
            )
        )
    if late:
        out.append(
            finding(
                rule,
                Grade.OBSERVATION if rule.missing is Grade.MINOR else rule.missing,
                f"{len(late)} complaint(s) answered after the {days} days committed: "
                + ", ".join(f"{i.artefact.id} ({n} days)" for i, n in late),
                [ctx.where(i, "received") for i, _ in late],
                "Answer complaints within the committed time.",
            )
        )
    return out


def _overdue(
    ctx: AuditContext,
    rule: RuleSpec,
    groups: dict[str, list[tuple[dt.date, dt.date | None, Loaded]]],
    frequency: Frequency,
    label: str,
    field: str,
) -> list[AuditFinding]:
    """One finding per group (party, customer) whose last occurrence is past its interval."""
    out = []
    for key, held in sorted(groups.items()):
        day, planned, item = max(held, key=lambda h: h[0])
        due = planned or advance(day, frequency)
        if due < ctx.as_of:
            whom = f" with {key}" if key else ""
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"the last {label}{whom} was on {day}; the next was due by {due} "
                    f"({frequency.value} interval)",
                    [ctx.where(item, "next_meeting" if planned else field)],
                    f"Hold the {label} and record it; keep the interval set in itsmkit.yaml.",
                )
            )
    return out


def check_survey_interval(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Customer satisfaction is measured at the agreed interval (``intervals.satisfaction_survey``)."""
    groups: dict[str, list[tuple[dt.date, dt.date | None, Loaded]]] = {}
    for item in ctx.of_kind("satisfaction-survey"):
        s = item.artefact
        if isinstance(s, SatisfactionSurvey) and s.sent_on <= ctx.as_of:
            groups.setdefault(s.customer or "", []).append((s.sent_on, None, item))
    if not groups:
        return [finding(rule, rule.missing, "no customer satisfaction survey recorded")]
    return _overdue(
        ctx,
        rule,
        groups,
        ctx.config.intervals.satisfaction_survey,
        "satisfaction survey",
        "sent_on",
    )


def check_meeting_interval(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Coordination meetings with each party are held at their interval (or the date planned)."""
    groups: dict[str, list[tuple[dt.date, dt.date | None, Loaded]]] = {}
    for item in ctx.of_kind("minutes"):
        m = item.artefact
        if isinstance(m, Minutes) and m.party and m.held_on <= ctx.as_of:
            groups.setdefault(m.party, []).append((m.held_on, m.next_meeting, item))
    return _overdue(
        ctx,
        rule,
        groups,
        ctx.config.intervals.coordination_meeting,
        "coordination meeting",
        "held_on",
    )


def check_offer_review_interval(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """The service offer is reviewed at its interval (``intervals.offer_review``)."""
    held: list[tuple[dt.date, dt.date | None, Loaded]] = [
        (i.artefact.held_on, None, i)
        for i in ctx.of_kind("offer-review")
        if isinstance(i.artefact, OfferReview) and i.artefact.held_on <= ctx.as_of
    ]
    if not held:
        return [finding(rule, rule.missing, "no review of the service offer recorded")]
    return _overdue(
        ctx, rule, {"": held}, ctx.config.intervals.offer_review, "service offer review", "held_on"
    )


def _in_force(sla: Sla, day: dt.date) -> bool:
    v = sla.validity
    return v is None or (v.start <= day and (v.end is None or v.end >= day))


def check_sla_services(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Every customer and every live service is covered by an approved SLA in force.

    An SLA that has expired is cited at its ``validity`` block, not at the customer.
    """
    slas: list[tuple[Loaded, Sla]] = [
        (i, i.artefact) for i in ctx.of_kind("sla") if isinstance(i.artefact, Sla)
    ]
    live = [(i, a) for i, a in slas if approved(i) and _in_force(a, ctx.as_of)]
    out = []
    expired: set[str] = set()
    for item, sla in slas:
        v = sla.validity
        renewed = any(o.customer == sla.customer for _, o in live)
        ended = v is not None and v.end is not None and v.end < ctx.as_of
        if approved(item) and ended and not renewed and v is not None:
            expired.add(sla.customer or "")
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"SLA {sla.id} expired on {v.end} and was not renewed",
                    [ctx.where(item, "validity")],
                    "Renew the SLA with the customer (new validity, signatures).",
                )
            )
    covered_customers = {a.customer for _, a in live}
    for item in ctx.of_kind("customer"):
        if item.artefact.id not in covered_customers and item.artefact.id not in expired:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"customer {item.artefact.id} has no approved SLA in force",
                    [ctx.where(item)],
                    "Negotiate, sign and record an SLA with the customer.",
                )
            )
    covered_services = {s for _, a in live for s in a.services}
    expired_services = {s for _, a in slas if (a.customer or "") in expired for s in a.services}
    for item in ctx.of_kind("service"):
        svc = item.artefact
        if (
            isinstance(svc, Service)
            and svc.service_status is ServiceStatus.LIVE
            and svc.id not in covered_services
            and svc.id not in expired_services
        ):
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"live service {svc.id} is covered by no approved SLA in force",
                    [ctx.where(item, "service_status")],
                    "Agree an SLA covering the service, or retire it from the catalogue.",
                )
            )
    return out


def check_sla_content(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Approved SLAs carry every Annex C item and the signatures of both parties.

    Read from the same checklist data as validate's ``sla-annex-c`` and ``sla-unsigned``
    rules, so the two commands agree.
    """
    from itsmkit.frameworks.checklist import coded_failures

    out = []
    for item, sla in ctx.typed("sla", Sla):
        if not approved(item):
            continue
        lacking, unsigned = [], []
        for entry, missing in coded_failures("sla", sla):
            if entry.code == "sla-unsigned":
                unsigned = list(missing)
            elif entry.code == "sla-annex-c":
                lacking.append(entry.en or entry.check.field)
        if lacking:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"SLA {sla.id} lacks Annex C items: " + ", ".join(lacking),
                    [ctx.where(item)],
                    "Complete the SLA with the missing items and have it signed again.",
                )
            )
        if unsigned:
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"SLA {sla.id} lacks the " + " and ".join(unsigned) + " signature",
                    [ctx.where(item, "signatures") if sla.signatures else ctx.where(item)],
                    "Have both parties sign the SLA and record the signatures.",
                )
            )
    return out


CHECKS: dict[str, Check] = {
    "complaints": check_complaints,
    "survey-interval": check_survey_interval,
    "meeting-interval": check_meeting_interval,
    "offer-review-interval": check_offer_review_interval,
    "sla-services": check_sla_services,
    "sla-content": check_sla_content,
}
