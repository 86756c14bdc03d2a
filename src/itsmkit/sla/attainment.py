"""SLA attainment computed from the incident and service request records.

Every rule is documented in ``docs/sla.md``; in short, for each SLA and period:

- covered tickets: the SLA's customer, one of its services, opened in the period,
  not cancelled;
- response = opened → acknowledged (→ resolved when never acknowledged);
  resolution = opened → resolved (→ closed when never marked resolved), less the
  ticket's pauses when the SLA's ``targets.exclude_pending`` says so;
- both counted on the SLA's clock (``targets.clock``): within service hours (working
  days, window, time zone, public holidays of ``itsmkit.yaml``'s country) or 24x7;
- a ticket still open at the cut-off (the period's end, or now if sooner; for a ticket
  imported from a helpdesk, its import time if sooner: it is known open only until then) is a breach
  if it is already over target, else pending (not counted in the share);
- a target is met when every measured ticket of its priority is within it;
- availability = 100 × (1 − downtime ÷ scheduled time), downtime being the union of
  the covered ``service_state: unavailable`` incidents from opened to resolved, on the
  availability clock (``targets.availability_clock``, 24x7 unless said otherwise).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from zoneinfo import ZoneInfo

from itsmkit.config import time_zone_of
from itsmkit.gcpause import gc_paused
from itsmkit.model.agreement import Sla
from itsmkit.model.base import DocStatus
from itsmkit.model.operations import Incident, ServiceState
from itsmkit.repo.loader import Repository
from itsmkit.sla.measure import Clocks, measure, measure_availability
from itsmkit.sla.period import Period, next_period, parse_period, period_of
from itsmkit.sla.results import (
    INCIDENT,
    REQUEST,
    Breach,
    SlaAttainment,
    SlaNotFoundError,
)
from itsmkit.sla.tickets import Covered, index_tickets

__all__ = ["Attainer", "compute", "periods_of"]

WINDOWS = {"month": "month", "quarter": "quarter", "year": "year"}


def _sla_zone(sla: Sla, default: str) -> ZoneInfo:
    return ZoneInfo(sla.service_hours.time_zone if sla.service_hours else default)


def _instant(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def _cutoff(start: dt.datetime, end: dt.datetime, now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(dt.timezone.utc)
    return min(end, max(now, start))


def _down_in(entry: Covered, start: dt.datetime, cutoff: dt.datetime) -> bool:
    t = entry.ticket
    return (
        isinstance(t, Incident)
        and t.service_state is ServiceState.UNAVAILABLE
        and t.opened < cutoff
        and (t.resolved or t.closed or cutoff) > start
    )


def _attain(
    sla: Sla,
    period: Period,
    opened_in: list[Covered],
    stamps: list[float],
    outages: list[Covered],
    clocks: Clocks,
    zone: ZoneInfo,
    now: dt.datetime | None,
) -> SlaAttainment:
    start, end = _instant(period.start, zone), _instant(period.end, zone)
    cutoff = _cutoff(start, end, now)
    figures, breaches, untargeted = measure(sla, opened_in, stamps, clocks, cutoff)
    result = SlaAttainment(
        sla=sla.id,
        customer=sla.customer or "",
        period=period,
        clock=clocks.times_name,
        exclude_pending=bool(sla.targets and sla.targets.exclude_pending),
        figures=figures,
        breaches=breaches,
        untargeted=untargeted,
    )
    counts: dict[str, dict[str, int]] = {INCIDENT: {}, REQUEST: {}}
    for entry in opened_in:
        per = counts[entry.kind]
        per[entry.ticket.priority] = per.get(entry.ticket.priority, 0) + 1
    result.counts = {k: dict(sorted(v.items())) for k, v in counts.items()}
    result.incidents = sum(counts[INCIDENT].values())
    result.requests = sum(counts[REQUEST].values())
    if clocks.fallback:
        result.notes.append("the SLA has no service hours: times counted round the clock")
    avail = measure_availability(sla, start, cutoff, outages, clocks)
    result.availability = avail
    if avail.target is not None and not avail.met and avail.measured is not None:
        result.breaches.append(Breach("availability", avail.measured, avail.target, avail.outages))
    if cutoff < end:
        result.notes.append(
            f"period in progress: measured up to {cutoff.isoformat(timespec='minutes')}"
        )
    return result


def _in_scope(sla: Sla) -> bool:
    return sla.status is not DocStatus.RETIRED and sla.customer is not None


def periods_of(sla: Sla, entries: list[Covered], time_zone: str) -> list[Period]:
    """Every period of the SLA's measurement window from its first to its last covered ticket."""
    zone = _sla_zone(sla, time_zone)
    window = WINDOWS[sla.targets.measurement_window if sla.targets else "month"]
    days = [e.ticket.opened.astimezone(zone).date() for e in entries]
    if not days:
        return []
    out = [period_of(min(days), window)]
    last = max(days)
    while out[-1].end <= last:
        out.append(next_period(out[-1]))
    return out


class Attainer:
    """Measures SLAs of one repository; tickets are indexed once, clocks built once per SLA."""

    def __init__(self, repo: Repository, *, now: dt.datetime | None = None) -> None:
        self.country = repo.config.country if repo.config else "FR"
        self.zone = time_zone_of(repo.config)
        self.now = now
        self.tickets = index_tickets(repo)
        self._clocks: dict[str, Clocks] = {}
        self._by_sla: dict[str, tuple[list[Covered], list[float], list[Covered]]] = {}

    def sorted_entries(self, sla: Sla) -> list[Covered]:
        """The tickets of the SLA's customer and services (any date), by opening time."""
        return self._sorted(sla)[0]

    def _sorted(self, sla: Sla) -> tuple[list[Covered], list[float], list[Covered]]:
        cached = self._by_sla.get(sla.id)
        if cached is None:
            key = sla.customer or ""
            found = [e for svc in sla.services for e in self.tickets.get((key, svc), [])]
            pairs = sorted(((e.ticket.opened.timestamp(), n) for n, e in enumerate(found)))
            entries = [found[n] for _, n in pairs]
            stamps = [stamp for stamp, _ in pairs]
            outages = [
                e
                for e in entries
                if isinstance(e.ticket, Incident)
                and e.ticket.service_state is ServiceState.UNAVAILABLE
            ]
            cached = self._by_sla[sla.id] = (entries, stamps, outages)
        return cached

    def of(self, sla: Sla, period: Period) -> SlaAttainment:
        """Attainment of ``sla`` over ``period``."""
        clocks = self._clocks.get(sla.id)
        if clocks is None:
            clocks = self._clocks[sla.id] = Clocks(sla, self.country)
        zone = _sla_zone(sla, self.zone)
        # Only the tickets opened in the period (a slice of the sorted list), and the outages
        # that overlap it.
        everything, stamps, outages = self._sorted(sla)
        start, end = _instant(period.start, zone), _instant(period.end, zone)
        lo = bisect_left(stamps, start.timestamp())
        hi = bisect_left(stamps, end.timestamp())
        cutoff = _cutoff(start, end, self.now)
        down = [e for e in outages if _down_in(e, start, cutoff)]
        return _attain(sla, period, everything[lo:hi], stamps[lo:hi], down, clocks, zone, self.now)


def compute(
    repo: Repository,
    sla_id: str | None = None,
    period: str | Period | None = None,
    *,
    now: dt.datetime | None = None,
) -> list[SlaAttainment]:
    """Attainment of every SLA (or ``sla_id``) over ``period`` (or every period with tickets).

    SLAs that are retired or name no customer are skipped unless asked for by id.

    Raises:
        SlaNotFoundError: ``sla_id`` names no SLA of the repository.
        ValueError: ``period`` is not a period.
    """
    chosen = parse_period(period) if isinstance(period, str) else period
    slas = [i.artefact for i in repo.by_kind("sla")]
    if sla_id is not None:
        slas = [s for s in slas if s.id == sla_id]
        if not slas:
            raise SlaNotFoundError(sla_id)
    with gc_paused():
        attainer = Attainer(repo, now=now)
        out = []
        for sla in sorted(slas, key=lambda s: s.id):
            assert isinstance(sla, Sla)
            if not _in_scope(sla) and sla_id is None:
                continue
            entries = attainer.sorted_entries(sla)
            for p in [chosen] if chosen else periods_of(sla, entries, attainer.zone):
                out.append(attainer.of(sla, p))
    return out
