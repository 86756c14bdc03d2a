"""Rules that look across the whole repository: ids, references, dates, documents, SLAs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from itsmkit.catalogue import make
from itsmkit.issues import Issue
from itsmkit.model.agreement import Sla
from itsmkit.model.base import Artefact, DocStatus, Document, Family
from itsmkit.model.fields import field_value
from itsmkit.model.service import Service, ServiceStatus
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.rules.crossfile import id_issues, reference_issues
from itsmkit.rules.walk import references

# Pairs of fields that must be in order (earlier, later), per kind; dotted paths descend.
DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "incident": (
        ("opened", "acknowledged"),
        ("opened", "resolved"),
        ("acknowledged", "resolved"),
        ("resolved", "closed"),
        ("opened", "closed"),
    ),
    "service-request": (
        ("opened", "acknowledged"),
        ("opened", "resolved"),
        ("acknowledged", "resolved"),
        ("resolved", "closed"),
        ("opened", "closed"),
    ),
    "complaint": (("received", "answered"), ("received", "closed"), ("answered", "closed")),
    "problem": (("opened", "closed"),),
    "change": (
        ("requested", "approved"),
        ("approved", "implemented"),
        ("requested", "implemented"),
        ("implemented", "reviewed"),
    ),
    "release": (("planned", "deployed"),),
    "service-report": (("period_start", "period_end"), ("period_start", "issued_on")),
    "audit-report": (("start", "end"),),
    "finding": (("raised_on", "closed_on"),),
    "action": (
        ("raised_on", "due"),
        ("raised_on", "done_on"),
        ("done_on", "effectiveness.checked_on"),
    ),
    "satisfaction-survey": (("sent_on", "closed_on"),),
    "dispute": (("raised_on", "resolved_on"),),
    "configuration-item": (("recorded_on", "last_verified"),),
    "sla": (("validity.start", "validity.end"),),
    "uc": (("validity.start", "validity.end"),),
    "capacity-plan": (("period.start", "period.end"),),
    "budget": (("period.start", "period.end"),),
    "cost-report": (("period_start", "period_end"), ("period_start", "issued_on")),
    "plan": (("period.start", "period.end"),),
}

# Record dates that cannot lie in the future (what they record has happened).
PAST_DATES: dict[str, tuple[str, ...]] = {
    "incident": ("opened", "acknowledged", "resolved", "closed"),
    "service-request": ("opened", "acknowledged", "resolved", "closed"),
    "complaint": ("received", "answered", "closed"),
    "problem": ("opened", "closed"),
    "change": ("requested", "approved", "implemented", "reviewed"),
    "release": ("deployed",),
    "management-review": ("held_on",),
    "minutes": ("held_on",),
    "offer-review": ("held_on",),
    "contract-review": ("held_on",),
    "continuity-test": ("held_on",),
    "capacity-review": ("held_on",),
    "security-review": ("held_on",),
    "cost-report": ("issued_on",),
    "training-record": ("completed_on",),
    "service-report": ("issued_on",),
    "audit-report": ("end",),
    "finding": ("raised_on", "closed_on"),
    "action": ("raised_on", "done_on", "effectiveness.checked_on"),
    "satisfaction-survey": ("sent_on",),
    "dispute": ("raised_on", "resolved_on"),
    "configuration-item": ("recorded_on", "last_verified"),
    "customer-requirements": ("received_on",),
}


def _comparable(value: Any) -> Any:
    # Compare a date with a timestamp by the timestamp's date.
    return value.date() if isinstance(value, dt.datetime) else value


def _before(later: Any, earlier: Any) -> bool:
    """Whether ``later`` comes before ``earlier``: exactly for two timestamps, else by day."""
    if isinstance(later, dt.datetime) and isinstance(earlier, dt.datetime):
        return bool(later < earlier)
    return bool(_comparable(later) < _comparable(earlier))


def check_ids(repo: Repository) -> Iterator[Issue]:
    """Ids are unique across the repository."""
    return id_issues(
        (item.artefact.id, item.artefact.kind, item.file, item.prefix) for item in repo.artefacts
    )


def check_references(repo: Repository, index: dict[str, Artefact]) -> Iterator[Issue]:
    """Every reference resolves to an artefact of an allowed kind."""
    return reference_issues(
        (
            (item.file, item.artefact.id, loc, target, kinds)
            for item in repo.artefacts
            for loc, target, kinds in references(item.artefact, item.prefix)
        ),
        {ident: art.kind for ident, art in index.items()},
        repo.failed,
    )


def check_dates(repo: Repository, today: dt.date) -> Iterator[Issue]:
    """Dates follow each other and what is recorded as done is not in the future."""
    for item in repo.artefacts:
        art = item.artefact
        for earlier, later in DATE_ORDER.get(art.kind, ()):
            a, b = field_value(art, earlier), field_value(art, later)
            if a is None or b is None:
                continue
            if _before(b, a):
                yield make(
                    "date-order",
                    f"{later} ({b}) is before {earlier} ({a})",
                    item.file,
                    loc=(*item.prefix, *later.split(".")),
                    artefact=art.id,
                )
        for name in PAST_DATES.get(art.kind, ()):
            value = field_value(art, name)
            if value is not None and _comparable(value) > today:
                yield make(
                    "date-future",
                    f"{name} ({value}) is in the future",
                    item.file,
                    loc=(*item.prefix, *name.split(".")),
                    artefact=art.id,
                    hint=f"Record `{name}:` once it has happened, with the day it did"
                    f" (judged as of {today}; --today changes that).",
                )


def check_documents(repo: Repository, today: dt.date) -> Iterator[Issue]:
    """Document control: approval complete, not in the future, review not overdue."""
    for item in repo.artefacts:
        doc = item.artefact
        if not isinstance(doc, Document):
            continue
        p = item.prefix
        if doc.status is DocStatus.APPROVED:
            missing = [k for k in ("approver", "approved_on") if getattr(doc, k) is None]
            if missing:
                yield make(
                    "doc-approval-missing",
                    f"approved {doc.kind} has no {' and no '.join(missing)}",
                    item.file,
                    loc=(*p, "status"),
                    artefact=doc.id,
                )
            if doc.next_review is None:
                yield make(
                    "doc-review-missing",
                    f"approved {doc.kind} has no next_review date",
                    item.file,
                    loc=(*p, "status"),
                    artefact=doc.id,
                )
            elif doc.next_review < today:
                yield make(
                    "doc-review-overdue",
                    f"review was due on {doc.next_review} ({(today - doc.next_review).days} days ago)",
                    item.file,
                    loc=(*p, "next_review"),
                    artefact=doc.id,
                )
        if doc.approved_on is not None:
            if doc.approved_on > today:
                yield make(
                    "date-future",
                    f"approved_on ({doc.approved_on}) is in the future",
                    item.file,
                    loc=(*p, "approved_on"),
                    artefact=doc.id,
                    hint="Give the day it was approved; a document not yet approved stays"
                    " `status: draft` with no `approved_on:`.",
                )
            if doc.next_review is not None and doc.next_review < doc.approved_on:
                yield make(
                    "date-order",
                    f"next_review ({doc.next_review}) is before approved_on ({doc.approved_on})",
                    item.file,
                    loc=(*p, "next_review"),
                    artefact=doc.id,
                )


def _annex_c_issues(item: Loaded, sla: Sla) -> Iterator[Issue]:
    """The seed's Annex C, read from its checklist data: one issue per failing item."""
    from itsmkit.frameworks.checklist import coded_failures

    # The codes the data may name are tested (tests/test_frameworks_catalogs.py).
    for entry, missing in coded_failures("sla", sla):
        fld = entry.check.field
        if entry.code == "sla-unsigned":
            yield make(
                "sla-unsigned",
                f"approved SLA lacks the {' and '.join(missing)} signature",
                item.file,
                loc=(*item.prefix, fld) if sla.signatures else item.prefix,
                artefact=sla.id,
            )
        elif entry.code == "sla-annex-c":
            yield make(
                "sla-annex-c",
                f"SLA lacks Annex C item '{entry.en}' ({entry.fr}): add `{fld}:`",
                item.file,
                loc=item.prefix,
                artefact=sla.id,
                hint=f"Add `{fld}:` to the SLA.",
            )


def check_slas(repo: Repository) -> Iterator[Issue]:
    """SLAs hold every Annex C item and are signed; live services are covered."""
    covered: set[str] = set()
    for item in repo.artefacts:
        sla = item.artefact
        if not isinstance(sla, Sla):
            continue
        if sla.status is not DocStatus.RETIRED:
            covered.update(sla.services)
        yield from _annex_c_issues(item, sla)
    if "sla" in repo.failed.values():
        return  # an SLA that failed validation may cover the services: no cascade
    for item in repo.artefacts:
        svc = item.artefact
        if (
            isinstance(svc, Service)
            and svc.service_status is ServiceStatus.LIVE
            and svc.id not in covered
        ):
            yield make(
                "service-no-sla",
                f"live service '{svc.id}' is in no SLA",
                item.file,
                loc=(*item.prefix, "service_status"),
                artefact=svc.id,
            )


DAY_DEPENDENT = frozenset({"date-future", "doc-review-overdue"})
"""Codes whose text names the day judged against (their issues hold for that day only)."""


def day_dates(art: Artefact) -> Iterator[dt.date]:
    """The dates of ``art`` that the date and document rules compare with the day.

    Keep in step with :func:`check_dates` and :func:`check_documents` (a superset is
    fine). The incremental validator reuses an artefact's issues of another day when the day is
    on the same side of each of these dates and no issue is in ``DAY_DEPENDENT``.
    """
    for name in PAST_DATES.get(art.kind, ()):
        value = field_value(art, name)
        if value is not None:
            yield _comparable(value)
    if isinstance(art, Document):
        for value in (art.next_review, art.approved_on):
            if value is not None:
                yield _comparable(value)


def run_all(repo: Repository, today: dt.date) -> list[Issue]:
    """Run every repository-wide rule."""
    index = {item.artefact.id: item.artefact for item in repo.artefacts}
    issues: list[Issue] = []
    issues.extend(check_ids(repo))
    issues.extend(check_references(repo, index))
    issues.extend(check_dates(repo, today))
    issues.extend(check_documents(repo, today))
    issues.extend(check_slas(repo))
    from itsmkit.rules.contracts import check_contracts

    issues.extend(check_contracts(repo))

    from itsmkit.rules.sla_figures import check_report_figures  # attainment only when used

    issues.extend(check_report_figures(repo, today))
    from itsmkit.frameworks.addresses import check_addresses  # catalogs load only when used

    issues.extend(check_addresses(repo))
    return issues


__all__ = ["DATE_ORDER", "Family", "run_all"]
