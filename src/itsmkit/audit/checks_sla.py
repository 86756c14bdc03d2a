"""Stage 2 checks on service levels computed from the records (``docs/sla.md``).

- ``sla-breach-unhandled``: every breach the incident and request records show, in a
  period that has begun by the audit date, is handled: listed in a breach of a service
  report that names an action, or (for an incident) linked to a problem record.
- ``sla-missed-repeatedly``: no SLA target is missed in ``periods`` consecutive
  periods (default 3) up to the last complete one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from itsmkit.audit.checks_documents import Check, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.agreement import Sla
from itsmkit.model.base import DocStatus
from itsmkit.model.operations import Incident
from itsmkit.model.reporting import ServiceReport
from itsmkit.sla.attainment import Attainer, periods_of
from itsmkit.sla.printers import hours
from itsmkit.sla.results import Evidence, SlaAttainment

MAX_EVIDENCE = 20


def _where(ctx: AuditContext, e: Evidence) -> str:
    item = ctx.by_id.get(e.id)
    return ctx.where(item) if item is not None else e.file


def _measured(ctx: AuditContext) -> list[tuple[Sla, list[SlaAttainment]]]:
    """Attainment of each live SLA, period by period, up to the audit date (cached)."""
    cached = ctx.__dict__.get("_sla_attainment")
    if cached is not None:
        return list(cached)
    now = dt.datetime.combine(ctx.as_of + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    out = _measure_all(ctx, Attainer(ctx.repo, now=now))  # evaluate pauses the collector
    ctx.__dict__["_sla_attainment"] = out
    return list(out)


def _measure_all(ctx: AuditContext, attainer: Attainer) -> list[tuple[Sla, list[SlaAttainment]]]:
    out = []
    for item in ctx.of_kind("sla"):
        sla = item.artefact
        assert isinstance(sla, Sla)
        if sla.status is DocStatus.RETIRED or sla.customer is None or sla.targets is None:
            continue
        entries = attainer.sorted_entries(sla)
        periods = [p for p in periods_of(sla, entries, attainer.zone) if p.start <= ctx.as_of]
        out.append((sla, [attainer.of(sla, p) for p in periods]))
    return out


def _handled(ctx: AuditContext) -> set[str]:
    """Ticket ids listed in a service report breach that names an action."""
    out: set[str] = set()
    for item in ctx.of_kind("service-report"):
        rep = item.artefact
        assert isinstance(rep, ServiceReport)
        for breach in rep.breaches:
            if breach.actions:
                out.update(breach.incidents)
                out.update(breach.requests)
    return out


def check_breach_unhandled(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Breaches in the records that no action (or problem record) answers."""
    handled = _handled(ctx)
    out = []
    for sla, results in _measured(ctx):
        bare: list[tuple[str, str]] = []
        for res in results:
            for breach in res.breaches:
                if breach.metric == "availability":
                    continue  # answered through the outage incidents' own breaches
                for e in breach.evidence:
                    art = ctx.get(e.id)
                    if e.id in handled or (isinstance(art, Incident) and art.problem):
                        continue
                    bare.append(
                        (
                            f"{e.id} {breach.metric} {hours(breach.measured)} > "
                            f"{hours(breach.target)} ({res.period.label})",
                            _where(ctx, e),
                        )
                    )
        if bare:
            shown = "; ".join(text for text, _ in bare[:5])
            more = f" and {len(bare) - 5} more" if len(bare) > 5 else ""
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"SLA {sla.id}: {len(bare)} breach(es) in the records with no action: "
                    f"{shown}{more}",
                    [where for _, where in bare[:MAX_EVIDENCE]],
                    "List each breach in the period's service report with the corrective "
                    "action taken (`itsmkit report` drafts the list), or link the incident "
                    "to a problem record.",
                )
            )
    return out


def check_missed_repeatedly(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """SLA targets missed in ``rule.periods`` consecutive complete periods."""
    needed = rule.periods or 3
    out = []
    for sla, results in _measured(ctx):
        complete = [r for r in results if r.period.end <= ctx.as_of]
        runs: dict[str, list[SlaAttainment]] = defaultdict(list)
        for res in complete:  # in period order
            missed = {b.metric for b in res.breaches}
            for metric in list(runs):
                if metric not in missed:
                    runs.pop(metric)
            for metric in missed:
                runs[metric].append(res)
        for metric, run in sorted(runs.items()):
            if len(run) < needed:
                continue
            evidence = [
                _where(ctx, e)
                for res in run
                for b in res.breaches
                if b.metric == metric
                for e in b.evidence
            ]
            labels = ", ".join(r.period.label for r in run)
            out.append(
                finding(
                    rule,
                    rule.missing,
                    f"SLA {sla.id}: target {metric} missed {len(run)} periods in a row ({labels})",
                    evidence[:MAX_EVIDENCE],
                    "Analyse the cause (problem management), act on it, and review the target "
                    "with the customer if it cannot be met.",
                )
            )
    return out


CHECKS: dict[str, Check] = {
    "sla-breach-unhandled": check_breach_unhandled,
    "sla-missed-repeatedly": check_missed_repeatedly,
}
