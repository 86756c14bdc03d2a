"""``itsmkit due``: what falls due in the SMS, and what is already late.

Each source of due dates is a small function over the loaded repository: document
reviews, service reports per SLA period, actions, recurring meetings, surveys and
reviews at the intervals the company set (``intervals:`` in itsmkit.yaml), people's
certificates, and the certification cycle (surveillance every 6-12 months, renewal
before the three-year certificate expires, seed 001).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from itsmkit.config import Config
from itsmkit.model.agreement import Frequency, Sla
from itsmkit.model.audit import Action, ActionStatus, AuditReport, AuditType
from itsmkit.model.base import Artefact, DocStatus, Document
from itsmkit.model.certification import Certification
from itsmkit.model.governance import ManagementReview
from itsmkit.model.organisation import Person
from itsmkit.model.recurrence import FREQUENCY_MONTHS, add_months, advance
from itsmkit.model.relationship import Minutes, OfferReview, SatisfactionSurvey
from itsmkit.model.reporting import ServiceReport
from itsmkit.model.types import LocalisedText
from itsmkit.query.index import Index
from itsmkit.repo.loader import Loaded

T = TypeVar("T", bound=Artefact)

RENEWAL_NOTICE_MONTHS = 3  # plan the renewal audit this long before the certificate expires


@dataclass(frozen=True, slots=True)
class Due:
    """One thing that falls due: what, about which artefact, by when."""

    due: dt.date
    what: str  # a stable category: review, report, action, meeting, survey, ...
    subject: str  # the artefact id it concerns
    message: str
    file: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class DueList:
    """Everything due by ``until`` (overdue items included), soonest first."""

    today: dt.date
    until: dt.date
    items: list[Due]


def periods(
    start: dt.date, until: dt.date, frequency: Frequency
) -> Iterator[tuple[dt.date, dt.date]]:
    """Reporting periods (first day, last day) from ``start`` that end by ``until``."""
    if frequency is Frequency.WEEKLY:
        begin = start - dt.timedelta(days=start.weekday())
    else:
        months = FREQUENCY_MONTHS[frequency]
        begin = dt.date(start.year, (start.month - 1) // months * months + 1, 1)
    while True:
        nxt = advance(begin, frequency)
        end = nxt - dt.timedelta(days=1)
        if end > until:
            return
        yield begin, end
        begin = nxt


Found = Iterator[tuple[dt.date, str, Loaded, str]]
Source = Callable[[Index, Config, dt.date], Found]


def _of(index: Index, model: type[T]) -> Iterator[tuple[Loaded, T]]:
    """The artefacts of one model class, typed."""
    for item in index.repo.artefacts:
        if isinstance(item.artefact, model):
            yield item, item.artefact


def _reviews(index: Index, config: Config, until: dt.date) -> Found:
    for item, a in _of(index, Document):
        if a.status is DocStatus.APPROVED and a.next_review:
            yield a.next_review, "review", item, f"review of {a.kind} {a.id} (version {a.version})"


def _reports(index: Index, config: Config, until: dt.date) -> Found:
    covered: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for _, r in _of(index, ServiceReport):
        covered.setdefault(r.sla, []).append((r.period_start, r.period_end))
    for item, sla in _of(index, Sla):
        if sla.status is not DocStatus.APPROVED or sla.validity is None:
            continue
        last = min(until, sla.validity.end) if sla.validity.end else until
        # Periods before the first report are history a company that adopted the tool
        # mid-contract cannot act on; from the first report on, every gap is due.
        first = min((s for s, _ in covered.get(sla.id, [])), default=sla.validity.start)
        start = max(sla.validity.start, first)
        for begin, end in periods(start, last, sla.reporting_frequency):
            if not any(s <= end and e >= begin for s, e in covered.get(sla.id, [])):
                due = end + dt.timedelta(days=1)
                yield due, "report", item, f"service report of {sla.id} for {begin}..{end}"


def _text(value: object, lang: str) -> str:
    if isinstance(value, LocalisedText):
        value = getattr(value, lang, None) or value.fr or value.en
    words = " ".join(str(value).split())
    return words if len(words) <= 80 else words[:79] + "…"


def _actions(index: Index, config: Config, until: dt.date) -> Found:
    for item, a in _of(index, Action):
        if a.status not in (ActionStatus.DONE, ActionStatus.CANCELLED):
            text = _text(a.description, config.language)
            yield a.due, "action", item, f"action {a.id} ({a.status.value}): {text}"


def _meetings(index: Index, config: Config, until: dt.date) -> Found:
    last: dict[str, tuple[Loaded, Minutes]] = {}
    for item, m in _of(index, Minutes):
        if m.party and (m.party not in last or m.held_on > last[m.party][1].held_on):
            last[m.party] = (item, m)
    for party, (item, m) in sorted(last.items()):
        due = m.next_meeting or advance(m.held_on, config.intervals.coordination_meeting)
        yield due, "meeting", item, f"coordination meeting with {party} (last {m.held_on})"


def _surveys(index: Index, config: Config, until: dt.date) -> Found:
    last: dict[str, tuple[Loaded, SatisfactionSurvey]] = {}
    for item, s in _of(index, SatisfactionSurvey):
        key = s.customer or ""
        if key not in last or s.sent_on > last[key][1].sent_on:
            last[key] = (item, s)
    for customer, (item, s) in sorted(last.items()):
        whom = f" of {customer}" if customer else ""
        due = advance(s.sent_on, config.intervals.satisfaction_survey)
        yield due, "survey", item, f"customer satisfaction survey{whom} (last sent {s.sent_on})"


def _reviews_held(index: Index, config: Config, until: dt.date) -> Found:
    iv = config.intervals
    held: list[tuple[str, Frequency, str, list[tuple[dt.date, Loaded]]]] = [
        (
            "offer-review",
            iv.offer_review,
            "service offer review",
            [(a.held_on, i) for i, a in _of(index, OfferReview)],
        ),
        (
            "management-review",
            iv.management_review,
            "management review",
            [(a.held_on, i) for i, a in _of(index, ManagementReview)],
        ),
        (
            "internal-audit",
            iv.internal_audit,
            "internal audit",
            [(a.end, i) for i, a in _of(index, AuditReport) if a.audit_type is AuditType.INTERNAL],
        ),
    ]
    for what, frequency, label, dates in held:
        if dates:
            day, item = max(dates, key=lambda d: d[0])
            yield advance(day, frequency), what, item, f"{label} (last {day})"


def _certificates(index: Index, config: Config, until: dt.date) -> Found:
    for item, p in _of(index, Person):
        for cert in p.certificates:
            if cert.expires_on:
                yield (
                    cert.expires_on,
                    "certificate",
                    item,
                    f"{cert.name} certificate of {p.id} expires",
                )


def _certification(index: Index, config: Config, until: dt.date) -> Found:
    for item, c in _of(index, Certification):
        planned = [a for a in c.audits if a.held_on is None]
        for a in planned:
            kind = a.audit_type.value
            yield a.planned_on, f"{kind}-audit", item, f"{kind} audit of {c.id} by {c.body.name}"
        cert = c.certificate
        if cert is None:
            continue
        yield cert.expires_on, "certificate-expiry", item, f"certificate {cert.number} expires"
        kinds = {a.audit_type for a in planned}
        renewal_by = add_months(cert.expires_on, -RENEWAL_NOTICE_MONTHS)
        if not kinds & {AuditType.SURVEILLANCE, AuditType.RENEWAL}:
            held = [a.held_on for a in c.audits if a.held_on and a.held_on >= cert.issued_on]
            nxt = add_months(max([cert.issued_on, *held]), c.surveillance_months)
            if nxt < renewal_by:
                yield (
                    nxt,
                    "surveillance-audit",
                    item,
                    (
                        f"surveillance audit of {c.id} to plan with {c.body.name} "
                        f"(every {c.surveillance_months} months)"
                    ),
                )
        if AuditType.RENEWAL not in kinds:
            yield (
                renewal_by,
                "renewal-audit",
                item,
                (f"renewal audit of {c.id} to plan before {cert.expires_on} (new contract)"),
            )


SOURCES: tuple[Source, ...] = (
    _reviews,
    _reports,
    _actions,
    _meetings,
    _surveys,
    _reviews_held,
    _certificates,
    _certification,
)


def due_items(index: Index, *, today: dt.date, within: int) -> DueList:
    """Everything due within ``within`` days of ``today``, and everything overdue."""
    config = index.repo.config
    if config is None:
        from itsmkit.errors import UsageError

        raise UsageError("itsmkit.yaml is invalid", hint="Run `itsmkit validate` first.")
    until = today + dt.timedelta(days=within)
    items = [
        Due(day, what, item.artefact.id, message, item.file, day < today)
        for source in SOURCES
        for day, what, item, message in source(index, config, until)
        if day <= until
    ]
    items.sort(key=lambda d: (d.due, d.what, d.subject, d.message))
    return DueList(today, until, items)


def parse_within(text: str) -> int:
    """Days in ``30d``, ``8w``, ``3m`` (30 days a month), ``1y`` or a bare number of days."""
    import re

    from itsmkit.errors import UsageError

    m = re.fullmatch(r"\s*(\d{1,5})\s*([dwmy]?)\s*", text)
    if m is None:
        raise UsageError(
            f"--within {text!r} is not a span of time", hint="Write e.g. 30d, 8w, 3m or 1y."
        )
    return int(m[1]) * {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}[m[2]]
