"""How far a process's records reach: the months of the history window that hold one.

An auditor samples records over the months before the audit (seed 001: more than three
months of history). One old record somewhere does not show that a process runs; records
in each month up to the audit do. The window is ``thresholds.min_record_history_days``
cut into months of 30 days counted back from the audit date (the oldest month takes what
is left over), so that 90 days are three months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from itsmkit.audit.context import AuditContext
from itsmkit.model.base import DocStatus
from itsmkit.model.fields import matches_fields
from itsmkit.model.service import Service, ServiceStatus
from itsmkit.repo.loader import Loaded

MONTH_DAYS = 30


@dataclass(frozen=True, slots=True)
class Month:
    """One slice of the history window, both ends included."""

    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"


def months(as_of: dt.date, days: int) -> list[Month]:
    """The window's months, oldest first; at least one."""
    count = max(1, round(days / MONTH_DAYS))
    out = []
    for k in range(count):
        end = as_of - dt.timedelta(days=MONTH_DAYS * k)
        start = (
            as_of - dt.timedelta(days=days)
            if k == count - 1
            else end - dt.timedelta(days=MONTH_DAYS - 1)
        )
        out.append(Month(start, end))
    return out[::-1]


def scope_services(ctx: AuditContext) -> set[str] | None:
    """Ids of the services the SMS covers (not retired); None when the repository has none."""
    found = [
        art
        for _, art in ctx.typed("service", Service)
        if art.status is not DocStatus.RETIRED and art.service_status is not ServiceStatus.RETIRED
    ]
    return {s.id for s in found} if found else None


@cache
def _service_names(model: type) -> tuple[str, ...]:
    """Which of ``service``/``services`` a model has.

    Asking an instance for a missing attribute goes through pydantic's slow
    ``__getattr__`` (~3 µs a record, 100k times in an audit of 50k records).
    """
    fields = getattr(model, "model_fields", {})
    return tuple(n for n in ("service", "services") if n in fields or hasattr(model, n))


def named_services(item: Loaded) -> list[str]:
    """The services a record names (``service`` or ``services``), if any."""
    art = item.artefact
    names = _service_names(type(art))
    if not names:
        return []
    one = getattr(art, "service", None) if "service" in names else None
    many = getattr(art, "services", None) if "services" in names else None
    out = [one] if isinstance(one, str) else []
    if isinstance(many, list):
        out += [s for s in many if isinstance(s, str)]
    return out


def in_scope(item: Loaded, services: set[str] | None) -> bool:
    """A record that names services counts when one of them is in scope."""
    named = named_services(item)
    return services is None or not named or any(s in services for s in named)


def evidence(
    ctx: AuditContext, kinds: Iterable[str], match: dict[str, dict[str, Any]]
) -> list[Loaded]:
    """Dated records of ``kinds`` (each filtered by its ``match`` fields) for scoped services."""
    services = scope_services(ctx)
    out = []
    for kind in kinds:
        wanted = match.get(kind, {})
        for item in ctx.of_kind(kind):
            if item.artefact.evidence_dates() is None or not in_scope(item, services):
                continue
            if matches_fields(item.artefact, wanted):
                out.append(item)
    return out


def activity(item: Loaded) -> tuple[dt.date, dt.date]:
    """The days a record shows the process at work: what it records, up to when it was issued.

    A monthly report covers its month but is written the next one: both months saw the
    reporting process run.
    """
    dates = item.artefact.evidence_dates()
    start, end = dates if dates is not None else (dt.date.max, dt.date.min)
    issued = getattr(item.artefact, "issued_on", None)
    if isinstance(issued, dt.date) and issued > end:
        end = issued
    return start, end


def uncovered(items: list[Loaded], slices: list[Month]) -> list[Month]:
    """The months no record's activity overlaps."""
    spans = [activity(i) for i in items]
    return [m for m in slices if not any(a <= m.end and b >= m.start for a, b in spans)]
