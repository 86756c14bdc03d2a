"""Backfilled evidence, graded by how much of the evidence it concerns.

A record is backfilled when the file holding it first entered git in the ``days`` before
the audit although what it records ended more than ``days`` before that commit: it was
written up long after the fact, just before the audit. Records imported from a helpdesk
(``source``) are left out: their evidence is the helpdesk's own dated ticket, and a
monthly import is how such records reach git.

Grading, as an auditor weighs doubt against what else shows the process ran: when most
of the repository's records (the rule's ``share``, default 80 %) are backfilled, one
finding at documented information with the rule's grade (major in the shipped data);
otherwise a minor finding at each clause where half or more of the evidence is
backfilled; the rest, a few records among many, one observation.

A repository that itself entered git within the window (a company moving its SMS into
itsmkit commits years of records in one go) cannot be judged by its git history: one
observation says so, and the original records (helpdesk, mail, paper) are what an
auditor will ask for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from itsmkit.audit.checks_documents import finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding, dotted_key
from itsmkit.audit.spec import EDITIONS, RuleSpec, load_spec
from itsmkit.audit.spread import activity
from itsmkit.model.audit import Grade
from itsmkit.model.base import Family
from itsmkit.repo.loader import Loaded

BACKFILL_DAYS = 14  # defaults when the rule data gives no `days` / `share`
BACKFILL_SHARE = 0.8
MOST = 0.5  # share of a clause's evidence from which backfill is a minor finding there


def kind_clauses(ctx: AuditContext) -> dict[str, list[str]]:
    """Record kind → the clauses whose rules take it as evidence, in rule order."""
    out: dict[str, list[str]] = defaultdict(list)
    if ctx.standard not in EDITIONS:
        return out
    for rule in load_spec(ctx.standard).rules:
        for kind in [*rule.records, *([rule.kind] if rule.kind else [])]:
            if rule.clause not in out[kind]:
                out[kind].append(rule.clause)
    return out


def _evidence(ctx: AuditContext) -> list[Loaded]:
    out = []
    for item in ctx.repo.artefacts:
        art = item.artefact
        if art.family is not Family.RECORD or getattr(art, "source", None) is not None:
            continue
        dates = art.evidence_dates()
        if dates is not None and dates[0] <= ctx.as_of:
            out.append(item)
    return out


def backfilled(ctx: AuditContext, items: list[Loaded], days: int) -> list[Loaded]:
    """The records entered in the ``days`` before the audit, more than ``days`` after their end."""
    cutoff = ctx.as_of - dt.timedelta(days=days)
    out = []
    for item in items:
        first = ctx.history.first_committed(item.file)
        entered = first.date() if first is not None else ctx.as_of
        if entered >= cutoff and activity(item)[1] < entered - dt.timedelta(days=days):
            out.append(item)
    return out


def check_backfill(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Records were entered as the activities happened, not written up just before the audit."""
    if not ctx.history.available:
        return []
    days = rule.days or BACKFILL_DAYS
    share = rule.share or BACKFILL_SHARE
    items = _evidence(ctx)
    late = backfilled(ctx, items, days)
    if not late:
        return []
    oldest = min(activity(i)[0] for i in late)
    before = f"in the {days} days before {ctx.as_of}"
    began = min((d.first for d in ctx.history.files.values()), default=None)
    if began is None or began.date() >= ctx.as_of - dt.timedelta(days=days):
        start = began.date() if began is not None else ctx.as_of
        return [
            finding(
                rule,
                Grade.OBSERVATION,
                f"the repository entered git on {start}, {(ctx.as_of - start).days} day(s) "
                f"before the audit, with records back to {oldest}: its history cannot show "
                f"that {len(late)} of {len(items)} records were kept as the activities happened",
                _files(late),
                "Keep the original records (helpdesk tickets, mails, signed documents) at hand "
                "for the auditor, and commit new records as the activities happen.",
            )
        ]
    clauses = kind_clauses(ctx)
    late_ids = {id(i) for i in late}
    per_clause: dict[str, list[Loaded]] = defaultdict(list)
    for item in items:
        for clause in clauses.get(item.artefact.kind, []):
            per_clause[clause].append(item)
    if len(late) / len(items) >= share:
        touched = sorted(
            {c for i in late for c in clauses.get(i.artefact.kind, [])}, key=dotted_key
        )
        return [
            finding(
                rule,
                rule.missing,
                f"{len(late)} of {len(items)} records entered git {before}, more than {days} days "
                f"after the activities they record (back to {oldest}): most of the evidence "
                "was written up for the audit"
                + (f" (the evidence of {', '.join(touched)})" if touched else ""),
                _files(late),
                "Keep records as the activities happen; an auditor cannot rely on evidence "
                "written up for the audit and may ask for the original traces (tickets, mails).",
            )
        ]
    # Clauses whose evidence is mostly backfilled; clauses sharing the same late records
    # (capacity reviews evidence capacity and demand) are one defect, one finding.
    groups: dict[frozenset[int], list[str]] = {}
    for clause in sorted(per_clause, key=dotted_key):
        mine = [i for i in per_clause[clause] if id(i) in late_ids]
        if mine and len(mine) / len(per_clause[clause]) >= MOST:
            groups.setdefault(frozenset(id(i) for i in mine), []).append(clause)
    out = []
    reported: set[int] = set()
    for ids, named in groups.items():
        mine = [i for i in late if id(i) in ids]
        reported |= ids
        total = len({id(i) for c in named for i in per_clause[c]})
        out.append(
            finding(
                rule,
                Grade.MINOR,
                f"{len(mine)} of the {total} records evidencing {', '.join(named)} entered "
                f"git {before}, more than {days} days after the activities they record "
                f"(back to {min(activity(i)[0] for i in mine)})",
                _files(mine),
                "Keep these records as the activities happen; until months of them were "
                "entered on time, the process's evidence is in doubt.",
                clause=named[0],
            )
        )
    rest = [i for i in late if id(i) not in reported]
    if rest:
        out.append(
            finding(
                rule,
                Grade.OBSERVATION,
                f"{len(rest)} of {len(items)} records entered git {before}, more than {days} "
                f"days after the activities they record (back to {min(activity(i)[0] for i in rest)})",
                _files(rest),
                "Commit records as the activities happen; an auditor may doubt evidence "
                "written up later.",
            )
        )
    return out


def _files(items: list[Loaded]) -> list[str]:
    return sorted({i.file for i in items})[:10]
