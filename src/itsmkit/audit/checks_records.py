"""Stage 2 checks: processes at work and the history of their records."""

from __future__ import annotations

import datetime as dt
from functools import cache

from itsmkit.audit.backfill import check_backfill
from itsmkit.audit.checks_documents import Check, approved, finding, procedures
from itsmkit.audit.context import AuditContext, in_window
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.audit.spread import activity, evidence, months, uncovered
from itsmkit.model.audit import (
    AuditReport,
    AuditType,
    Grade,
)
from itsmkit.model.base import Family
from itsmkit.repo.loader import Loaded


def process_expected(rule: RuleSpec, days: int = 90) -> str:
    """What a process rule expects, in words (the report's and docs/audit.md's)."""
    name = rule.process or "?"
    if not rule.records:
        return f"The {name} process runs: an approved procedure."
    total = len(months(dt.date(2000, 1, 1), days))
    wanted = min(rule.periods or total, total)
    spread = (
        f"in each of the {total} months before the audit"
        if wanted == total
        else f"in {wanted} of the {total} months before the audit, reaching back to the oldest"
    )
    kinds = ", ".join(
        k + (" (" + ", ".join(f"{f}: {_word(v)}" for f, v in rule.record_match[k].items()) + ")")
        if k in rule.record_match
        else k
        for k in rule.records
    )
    return f"The {name} process runs: an approved procedure, and its records ({kinds}) {spread}."


@cache
def _starter_kinds() -> frozenset[str]:
    """Kinds `itsmkit new` has a starter for (data/starters.yaml)."""
    from itsmkit.edit.new import starters

    return frozenset(starters())


def _starter_hint(kinds: list[str]) -> str:
    """`` (itsmkit new KIND)`` for the first kind with a starter, so the finding says how."""
    for kind in kinds:
        if kind in _starter_kinds():
            return f" (itsmkit new {kind})"
    return ""


def _word(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def check_process(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A process is implemented: an approved procedure and records spread over the window.

    Records count when they are of a kind the rule lists (matching ``record_match``) and
    name a service in scope, or none. They must show activity in every month of the
    history window (in ``periods`` of them when the rule says so), the first by the end of
    the oldest month: the process ran three months ago and still runs.
    """
    name = rule.process or "?"
    days = ctx.config.thresholds.min_record_history_days
    if not rule.expected:
        rule = rule.model_copy(update={"expected": process_expected(rule, days)})
    procs = procedures(ctx, rule)
    start = ctx.as_of - dt.timedelta(days=days)
    dated = evidence(ctx, rule.records, rule.record_match)
    records = [i for i in dated if _active(i, start, ctx.as_of)]
    what = " / ".join(rule.records)
    if not procs and (not rule.records or not records):
        return [
            finding(
                rule,
                Grade.MAJOR,
                f"the {name} process is not implemented: no procedure"
                + (f" and no {what} records" if rule.records else ""),
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
    elif not any(approved(p) for p in procs):
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
                f"no {what} records in the last {days} days",
                [ctx.where(p) for p in procs],
                f"Record the {name} activity as it happens{_starter_hint(rule.records)}.",
            )
        )
    elif rule.records:
        out += _spread(ctx, rule, dated, records, procs, days)
    return out


def _spread(
    ctx: AuditContext,
    rule: RuleSpec,
    dated: list[Loaded],
    records: list[Loaded],
    procs: list[Loaded],
    days: int,
) -> list[AuditFinding]:
    """The finding when the records leave months of the window empty, or start too late.

    ``periods`` months of the window must hold a record (all of them unless the rule says
    fewer, for processes that do not run every month), and the records must start by the
    end of the window's oldest month: the process ran three months ago and still runs.
    """
    slices = months(ctx.as_of, days)
    gaps = uncovered(records, slices)
    needed = min(rule.periods or len(slices), len(slices))
    held = len(slices) - len(gaps)
    first = min(_start(i) for i in dated)
    if held >= needed and first <= slices[0].end:
        return []
    name = rule.process or "?"
    shown = sorted(records, key=_start)
    evidence = [ctx.where(p) for p in procs[:1]] + sorted({i.file for i in shown[-5:]})
    late = f"the first is dated {first}" if first > slices[0].end else ""
    empty = "none in " + ", ".join(str(m) for m in gaps) if held < needed else ""
    return [
        finding(
            rule,
            Grade.MINOR,
            f"{name} records cover {held} of the {len(slices)} months before {ctx.as_of} "
            f"({needed} expected): " + "; ".join(t for t in (late, empty) if t),
            evidence,
            f"Keep {name} records as the activity happens, every month; an auditor samples "
            f"at least {len(slices)} months of them.",
        )
    ]


def _start(item: Loaded) -> dt.date:
    return activity(item)[0]


def _active(item: Loaded, start: dt.date, end: dt.date) -> bool:
    first, last = activity(item)
    return first <= end and last >= start


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


def check_recent(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A record of ``kind`` dated within the last ``days`` days."""
    kind, days = rule.need_kind(), rule.need_days()
    start = ctx.as_of - dt.timedelta(days=days)
    items = ctx.of_kind(kind)
    if any(in_window(i, start, ctx.as_of) for i in items):
        return []
    if items:
        return [
            finding(
                rule,
                rule.missing,
                f"the last {kind} is older than {days} days",
                [ctx.where(i) for i in items[-3:]],
                f"Hold a new {kind}.",
            )
        ]
    return [
        finding(
            rule,
            rule.missing,
            f"no {kind} record",
            recommendation=f"Hold and record a {kind}.",
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
    if any(in_window(i, start, ctx.as_of) for i in audits):
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


CHECKS: dict[str, Check] = {
    "process": check_process,
    "history": check_history,
    "backfill": check_backfill,  # in audit/backfill.py: it grades by share
    "recent": check_recent,
    "internal-audit": check_internal_audit,
}
